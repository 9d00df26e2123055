"""Quality improvement: the programme's pick-list, adopted projects, their team, aim, driver
diagram, measures, PDSA cycles, and the unit's programme participation log.

Pure Python: no Qt, no SQL, no files. Every rule a screen or an import applies lives here:

- adoption copies the pick-list project's aim and measures (:func:`adopt`), so later edits
  of the catalogue never change an adopted project;
- a project needs its three leads (obstetrician, midwife, senior manager): :func:`missing_leads`;
- PDSA dating rules (:func:`validate_pdsa`): end on or after start; an act (adopt, adapt,
  abandon) only once the study is recorded; the cycle inside the project's life (not before its
  start date, not after its end date when it has one);
- a measure's monthly value is computed in one place (:func:`point_value`) and charted with the
  dashboard's SPC (:func:`measure_chart`), in segments that start again at each of the
  measure's rebase months (a new centre line and limits once a change has become the new
  normal, e.g. after a PDSA cycle was adopted);
- the board's signal (:func:`signal_of`) is the SPC variation of the latest point of the
  project's primary measure: ``improvement`` -> "improving", ``concern`` -> "concern", any other
  variation (common cause, or neutral for a measure with no better direction) -> "no change";
  no data -> ``None`` ("no data" on screen, ``null`` in JSON).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.improvement_measures import (  # noqa: F401 (defined there, used as this module's names)
    _CODE,
    ACTION_LABELS,
    ACTION_STATUSES,
    BETTER,
    CHART_LABELS,
    CHARTS,
    CHILD_KIND,
    DRIVER_KINDS,
    DRIVER_LABELS,
    EVENT_KINDS,
    EVENT_LABELS,
    MEASURE_TYPES,
    PDSA_ACTS,
    REQUIRED_LEADS,
    ROLE_LABELS,
    ROLES,
    SCALES,
    SIGNALS,
    STATUS_LABELS,
    STATUSES,
    BadMeasureValue,
    ChartPoint,
    Measure,
    MeasureChart,
    MeasureValue,
    _choice,
    _num,
    _opt_date,
    _text,
    measure_chart,
    parse_rebase_months,
    point_value,
    rebase_points,
    signal_of,
    validate_code,
    validate_measure,
    validate_value,
)
from maternity_desk.core.periods import month_of

# --- the pick-list -------------------------------------------------------------------------

@dataclass(frozen=True)
class PicklistProject:
    code: str
    title: str
    area: str = ""
    rationale: str = ""
    suggested_aim: str = ""
    measures: tuple[Measure, ...] = ()
    local: bool = False
    sort_order: int = 0


def validate_picklist_project(p: PicklistProject) -> PicklistProject:
    measures = tuple(validate_measure(m) for m in p.measures)
    names = [m.name.lower() for m in measures]
    if len(set(names)) != len(names):
        raise InvalidValue(f"project {p.code} has two measures with the same name")
    return replace(
        p, code=validate_code(p.code), title=_text(p.title, "the title", required=True, limit=200),
        area=_text(p.area, "the programme area", limit=200),
        rationale=_text(p.rationale, "the rationale"),
        suggested_aim=_text(p.suggested_aim, "the suggested aim"),
        measures=measures,
    )


def parse_picklist(data: dict) -> list[PicklistProject]:
    """The shipped ``resources/picklist.json`` as validated projects."""
    out: list[PicklistProject] = []
    seen: set[str] = set()
    for i, item in enumerate(data.get("projects", [])):
        measures = tuple(
            Measure(type=md["type"], name=md["name"], numerator=md.get("numerator", ""),
                    denominator=md.get("denominator", ""), better=md.get("better"),
                    chart=md.get("chart", "p"), scale=md.get("scale", 100), unit=md.get("unit", ""),
                    sort_order=j, indicator=md.get("indicator") or None)
            for j, md in enumerate(item.get("measures", []))
        )
        p = validate_picklist_project(PicklistProject(
            code=item["code"], title=item["title"], area=item.get("area", ""),
            rationale=item.get("rationale", ""), suggested_aim=item.get("suggested_aim", ""),
            measures=measures, local=False, sort_order=i,
        ))
        if p.code in seen:
            raise InvalidValue(f"the pick-list has project code {p.code} twice")
        seen.add(p.code)
        out.append(p)
    return out


# --- projects ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Project:
    code: str
    title: str
    start_date: date | None
    status: str = "planned"
    area: str = ""
    rationale: str = ""
    picklist_code: str | None = None
    wave: str = ""
    end_date: date | None = None
    abandon_reason: str = ""
    aim_text: str = ""
    aim_measure: str = ""  # the measure's name
    aim_from: float | None = None
    aim_to: float | None = None
    aim_by: date | None = None
    id: int | None = None


def _opt_float(value: Any, what: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        f = float(str(value).strip().rstrip("%"))
    except ValueError:
        raise InvalidValue(f"'{value}' is not a number ({what})") from None
    if f != f or f in (float("inf"), float("-inf")):
        raise InvalidValue(f"'{value}' is not a number ({what})")
    return f


def validate_project(p: Project) -> Project:
    status = _choice(p.status, STATUSES, "project status")
    start = _opt_date(p.start_date, "start date")
    if start is None:
        raise InvalidValue("the project needs a start date (the planned start for a planned project)")
    end = _opt_date(p.end_date, "end date")
    if end is not None and end < start:
        raise InvalidValue(f"the end date {end:%d/%m/%Y} is before the start date {start:%d/%m/%Y}")
    reason = _text(p.abandon_reason, "the reason for abandoning", limit=1000)
    if status == "abandoned" and not reason:
        raise InvalidValue("an abandoned project needs the reason it was abandoned")
    if status != "abandoned":
        reason = ""
    aim_by = _opt_date(p.aim_by, "the aim's 'by when'")
    if aim_by is not None and aim_by < start:
        raise InvalidValue("the aim's 'by when' date is before the project started")
    return replace(
        p, code=validate_code(p.code), title=_text(p.title, "the title", required=True, limit=200),
        status=status, start_date=start, end_date=end, abandon_reason=reason,
        area=_text(p.area, "the programme area", limit=200),
        rationale=_text(p.rationale, "the rationale"),
        wave=_text(p.wave, "the wave", limit=40),
        aim_text=_text(p.aim_text, "the aim"),
        aim_measure=_text(p.aim_measure, "the aim's measure", limit=120),
        aim_from=_opt_float(p.aim_from, "the aim's 'from' value"),
        aim_to=_opt_float(p.aim_to, "the aim's 'to' value"),
        aim_by=aim_by,
    )


def adopt(
    item: PicklistProject, *, start_date: date, wave: str = "", status: str = "planned",
    code: str | None = None, abandon_reason: str = "",
) -> tuple[Project, list[Measure]]:
    """A new project copied from a pick-list project: its title, area, rationale and suggested
    aim, and every suggested measure (the first outcome measure, else the first, is primary).
    The copies belong to the project; the catalogue can change afterwards without touching it."""
    project = validate_project(Project(
        code=code or item.code, title=item.title, area=item.area, rationale=item.rationale,
        picklist_code=item.code, wave=wave, start_date=start_date, status=status,
        abandon_reason=abandon_reason, aim_text=item.suggested_aim,
    ))
    measures = [replace(m, id=None, project_id=None, sort_order=i, is_primary=False)
                for i, m in enumerate(item.measures)]
    if measures:
        primary = next((i for i, m in enumerate(measures) if m.type == "outcome"), 0)
        measures[primary] = replace(measures[primary], is_primary=True)
        project = replace(project, aim_measure=measures[primary].name)
    return project, measures


def primary_measure(measures: Sequence[Measure]) -> Measure | None:
    for m in measures:
        if m.is_primary:
            return m
    return measures[0] if measures else None


# --- team ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class TeamMember:
    name: str
    role: str
    job_title: str = ""
    id: int | None = None
    project_id: int | None = None


def validate_member(m: TeamMember) -> TeamMember:
    return replace(
        m, name=_text(m.name, "the team member's name", required=True, limit=120),
        role=_choice(m.role, ROLES, "team role"), job_title=_text(m.job_title, "the job title", limit=120),
    )


def roles_filled(team: Iterable[TeamMember]) -> list[str]:
    """The roles that have at least one person, in :data:`ROLES` order."""
    have = {m.role for m in team}
    return [r for r in ROLES if r in have]


def missing_leads(team: Iterable[TeamMember]) -> list[str]:
    have = {m.role for m in team}
    return [r for r in REQUIRED_LEADS if r not in have]


def lead_warning(team: Iterable[TeamMember]) -> str | None:
    missing = missing_leads(team)
    if not missing:
        return None
    names = ", ".join(ROLE_LABELS[r].lower() for r in missing)
    return (f"No {names} named yet: the programme asks every project for an obstetrician lead, "
            "a midwife lead and a senior manager lead.")


# --- driver diagram ------------------------------------------------------------------------

@dataclass(frozen=True)
class DriverNode:
    kind: str
    text: str
    parent_id: int | None = None
    id: int | None = None
    project_id: int | None = None
    sort_order: int = 0


def validate_driver(node: DriverNode, parent_kind: str | None) -> DriverNode:
    """A primary driver sits at the top; a secondary driver under a primary; a change idea
    under a secondary driver."""
    kind = _choice(node.kind, DRIVER_KINDS, "driver diagram item")
    expected = CHILD_KIND.get(parent_kind)
    if expected is None:
        raise InvalidValue("a change idea cannot have items under it")
    if kind != expected:
        where = "at the top of the diagram" if parent_kind is None else f"under a {DRIVER_LABELS[parent_kind].lower()}"
        raise InvalidValue(f"a {DRIVER_LABELS[kind].lower()} cannot go {where}; a {DRIVER_LABELS[expected].lower()} goes there")
    return replace(node, kind=kind, text=_text(node.text, "the item's text", required=True, limit=300))


@dataclass
class DriverTreeNode:
    node: DriverNode
    children: list[DriverTreeNode] = field(default_factory=list)


def driver_tree(nodes: Iterable[DriverNode]) -> list[DriverTreeNode]:
    """The flat rows as a tree (children ordered by sort order, then id); orphans are dropped."""
    by_parent: dict[int | None, list[DriverNode]] = {}
    for n in nodes:
        by_parent.setdefault(n.parent_id, []).append(n)

    def build(parent: int | None, depth: int) -> list[DriverTreeNode]:
        if depth > 3:
            return []
        kids = sorted(by_parent.get(parent, []), key=lambda n: (n.sort_order, n.id or 0))
        return [DriverTreeNode(k, build(k.id, depth + 1)) for k in kids]

    return build(None, 0)


def change_ideas(nodes: Iterable[DriverNode]) -> list[str]:
    return [n.text for n in nodes if n.kind == "change_idea"]


# --- PDSA cycles ---------------------------------------------------------------------------

@dataclass(frozen=True)
class PdsaCycle:
    title: str
    start_date: date | None
    change_idea: str = ""
    prediction: str = ""
    plan: str = ""
    do: str = ""
    study: str = ""
    act: str | None = None
    end_date: date | None = None
    id: int | None = None
    project_id: int | None = None


def validate_pdsa(c: PdsaCycle, project: Project) -> PdsaCycle:
    """The PDSA rules: a title and a start date; end on or after start; an act only once the
    study is recorded; the cycle within the project's life."""
    start = _opt_date(c.start_date, "the cycle's start date")
    if start is None:
        raise InvalidValue("the cycle needs a start date")
    end = _opt_date(c.end_date, "the cycle's end date")
    if end is not None and end < start:
        raise InvalidValue(f"the cycle ends ({end:%d/%m/%Y}) before it starts ({start:%d/%m/%Y})")
    if project.start_date is not None and start < project.start_date:
        raise InvalidValue(
            f"the cycle starts ({start:%d/%m/%Y}) before the project started "
            f"({project.start_date:%d/%m/%Y})"
        )
    if project.end_date is not None:
        for d, what in ((start, "starts"), (end, "ends")):
            if d is not None and d > project.end_date:
                raise InvalidValue(
                    f"the cycle {what} ({d:%d/%m/%Y}) after the project ended ({project.end_date:%d/%m/%Y})"
                )
    study = _text(c.study, "the study")
    act = _choice(c.act, PDSA_ACTS, "PDSA decision", optional=True)
    if act is not None and not study:
        raise InvalidValue("record what the study found before deciding to adopt, adapt or abandon")
    return replace(
        c, title=_text(c.title, "the cycle's title", required=True, limit=200), start_date=start,
        end_date=end, study=study, act=act,
        change_idea=_text(c.change_idea, "the change idea", limit=300),
        prediction=_text(c.prediction, "the prediction"), plan=_text(c.plan, "the plan"),
        do=_text(c.do, "the do"),
    )


def cycle_month(c: PdsaCycle) -> str | None:
    return month_of(c.start_date) if c.start_date else None


# --- notes ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProjectNote:
    date: date
    text: str
    id: int | None = None
    project_id: int | None = None


def validate_note(n: ProjectNote) -> ProjectNote:
    d = _opt_date(n.date, "the note's date")
    if d is None:
        raise InvalidValue("the note needs a date")
    return replace(n, date=d, text=_text(n.text, "the note", required=True))


# --- programme participation log -------------------------------------------------------------

@dataclass(frozen=True)
class EventAction:
    action: str
    owner: str
    due_date: date | None
    status: str = "open"
    id: int | None = None
    event_id: int | None = None


@dataclass(frozen=True)
class ProgrammeEvent:
    kind: str
    date: date | None
    title: str = ""
    attendees: str = ""
    learning: str = ""
    id: int | None = None
    actions: tuple[EventAction, ...] = ()


def validate_event(e: ProgrammeEvent) -> ProgrammeEvent:
    kind = _choice(e.kind, EVENT_KINDS, "programme event")
    d = _opt_date(e.date, "the event's date")
    if d is None:
        raise InvalidValue("the event needs a date")
    return replace(
        e, kind=kind, date=d, title=_text(e.title, "the event's title", limit=200) or EVENT_LABELS[kind],
        attendees=_text(e.attendees, "who went", limit=1000), learning=_text(e.learning, "what was learned"),
    )


def validate_action(a: EventAction) -> EventAction:
    due = _opt_date(a.due_date, "the action's due date")
    if due is None:
        raise InvalidValue("the action needs a due date")
    return replace(
        a, action=_text(a.action, "the action", required=True, limit=500),
        owner=_text(a.owner, "the action's owner", required=True, limit=120), due_date=due,
        status=_choice(a.status, ACTION_STATUSES, "action status"),
    )


def action_overdue(a: EventAction, today: date) -> bool:
    return a.status in ("open", "in_progress") and a.due_date is not None and a.due_date < today


# --- the board -----------------------------------------------------------------------------

@dataclass(frozen=True)
class BoardRow:
    project: Project
    primary_measure: str | None
    signal: str | None
    latest_month: str | None
    roles: tuple[str, ...]
    missing_leads: tuple[str, ...]


def board_row(project: Project, team: Sequence[TeamMember], chart: MeasureChart | None) -> BoardRow:
    latest = chart.latest if chart else None
    return BoardRow(
        project=project,
        primary_measure=chart.measure.name if chart else None,
        signal=signal_of(chart),
        latest_month=latest.month if latest else None,
        roles=tuple(roles_filled(team)),
        missing_leads=tuple(missing_leads(team)),
    )


def board_groups(rows: Iterable[BoardRow]) -> list[tuple[str, list[BoardRow]]]:
    """Rows grouped by status in :data:`STATUSES` order (every status listed, empty or not),
    projects by title within a group."""
    groups: dict[str, list[BoardRow]] = {s: [] for s in STATUSES}
    for r in rows:
        groups.setdefault(r.project.status, []).append(r)
    return [(s, sorted(groups[s], key=lambda r: (r.project.title.lower(), r.project.code))) for s in groups]
