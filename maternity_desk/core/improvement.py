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

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from maternity_desk.core import spc
from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.identifiers import refuse_patient_identifiers
from maternity_desk.core.periods import month_of, parse_date, parse_month

STATUSES = ("planned", "active", "sustaining", "closed", "abandoned")
STATUS_LABELS = {s: s.capitalize() for s in STATUSES}
MEASURE_TYPES = ("outcome", "process", "balancing")
BETTER = ("higher", "lower")
CHARTS = ("p", "xmr", "run")
CHART_LABELS = {"p": "p-chart (proportion)", "xmr": "XmR (individuals)", "run": "Run chart"}
ROLES = ("obstetrician_lead", "midwife_lead", "senior_manager_lead", "improvement_coach", "other")
ROLE_LABELS = {
    "obstetrician_lead": "Obstetrician lead",
    "midwife_lead": "Midwife lead",
    "senior_manager_lead": "Senior manager lead",
    "improvement_coach": "Improvement coach",
    "other": "Team member",
}
REQUIRED_LEADS = ("obstetrician_lead", "midwife_lead", "senior_manager_lead")
PDSA_ACTS = ("adopt", "adapt", "abandon")
DRIVER_KINDS = ("primary", "secondary", "change_idea")
DRIVER_LABELS = {"primary": "Primary driver", "secondary": "Secondary driver", "change_idea": "Change idea"}
#: the kind a driver's children have (change ideas have none)
CHILD_KIND = {None: "primary", "primary": "secondary", "secondary": "change_idea"}
EVENT_KINDS = (
    "learning_event",
    "wave_learning_session",
    "community_of_practice",
    "trust_visit",
    "coach_training",
    "safety_culture_survey",
)
EVENT_LABELS = {
    "learning_event": "National learning event",
    "wave_learning_session": "Wave learning session",
    "community_of_practice": "Community of practice",
    "trust_visit": "Trust visit",
    "coach_training": "Improvement-coach training",
    "safety_culture_survey": "Safety-culture survey round",
}
ACTION_STATUSES = ("open", "in_progress", "done", "cancelled")
ACTION_LABELS = {"open": "Open", "in_progress": "In progress", "done": "Done", "cancelled": "Cancelled"}
SIGNALS = ("improving", "no change", "concern")
SCALES = (1, 100, 1000)

_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,19}$")


# --- small validators -------------------------------------------------------------------

def _text(value: Any, what: str, *, required: bool = False, limit: int = 4000) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise InvalidValue(f"{what} is required")
    if len(text) > limit:
        raise InvalidValue(f"{what} is too long ({len(text)} characters; at most {limit})")
    refuse_patient_identifiers(text, what)
    return text


def validate_code(value: Any) -> str:
    code = str(value or "").strip().upper()
    if not _CODE.match(code):
        raise InvalidValue(
            f"'{value}' is not a project code: use up to 20 letters, digits, '-' or '_' (e.g. SFP)"
        )
    return code


def _choice(value: Any, allowed: Sequence[str], what: str, *, optional: bool = False) -> str | None:
    if optional and (value is None or value == ""):
        return None
    text = str(value or "").strip().lower().replace(" ", "_")
    if text not in allowed:
        raise InvalidValue(f"'{value}' is not a {what} (use {', '.join(allowed)})")
    return text


def _opt_date(value: Any, what: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value

    try:
        return parse_date(value)
    except InvalidValue as exc:
        raise InvalidValue(f"{what}: {exc}") from None


# --- measures ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Measure:
    """A measure of a pick-list project (``project_id`` None) or of an adopted project.

    ``scale`` turns a proportion into what is shown: 100 for a percentage or "per 100",
    1000 for "per 1,000"; 1 for a plain count or score (a measure with no denominator)."""

    type: str
    name: str
    numerator: str = ""
    denominator: str = ""
    better: str | None = None
    chart: str = "p"
    scale: int = 100
    unit: str = "%"
    id: int | None = None
    project_id: int | None = None
    is_primary: bool = False
    baseline_points: int | None = None
    sort_order: int = 0
    rebase_months: tuple[str, ...] = ()  # YYYY-MM: a new segment starts at each

    @property
    def needs_denominator(self) -> bool:
        return self.chart == "p" or bool(self.denominator)


def validate_measure(m: Measure) -> Measure:
    type_ = _choice(m.type, MEASURE_TYPES, "measure type")
    name = _text(m.name, "the measure's name", required=True, limit=120)
    better = _choice(m.better, BETTER, "better direction", optional=True)
    chart = _choice(m.chart, CHARTS, "chart type")
    try:
        scale = int(m.scale)
    except (TypeError, ValueError):
        raise InvalidValue(f"'{m.scale}' is not a scale (use 1, 100 or 1000)") from None
    if scale not in SCALES:
        raise InvalidValue(f"'{m.scale}' is not a scale (use 1, 100 or 1000)")
    denominator = _text(m.denominator, "the denominator definition", limit=500)
    if chart == "p" and not denominator:
        raise InvalidValue(f"'{name}' is charted as a proportion, so it needs a denominator definition")
    baseline = m.baseline_points
    if baseline is not None and baseline != "":
        try:
            baseline = int(baseline)
        except (TypeError, ValueError):
            raise InvalidValue(f"'{m.baseline_points}' is not a number of baseline months") from None
        if baseline < 2:
            raise InvalidValue("a baseline needs at least 2 months (12 or more for firm limits)")
    else:
        baseline = None
    return replace(
        m, type=type_, name=name, better=better, chart=chart, scale=scale, denominator=denominator,
        numerator=_text(m.numerator, "the numerator definition", required=True, limit=500),
        unit=_text(m.unit, "the unit", limit=40) or ("%" if scale == 100 else ""),
        baseline_points=baseline, rebase_months=parse_rebase_months(m.rebase_months),
    )


def parse_rebase_months(value: Any) -> tuple[str, ...]:
    """Rebase months as stored: ``YYYY-MM``, each once, in order. Accepts a sequence of months
    or one text with months separated by commas, semicolons or new lines (each written as
    2025-07, Jul-25, July 2025 or a date in the month)."""
    if value is None or value == "":
        return ()
    items = re.split(r"[,;\n]+", value) if isinstance(value, str) else list(value)
    out: set[str] = set()
    for item in items:
        if item is None or (isinstance(item, str) and not item.strip()):
            continue
        try:
            out.add(parse_month(item.strip() if isinstance(item, str) else item))
        except InvalidValue as exc:
            raise InvalidValue(f"rebase month: {exc}") from None
    if len(out) > 24:
        raise InvalidValue("at most 24 rebase months on one measure")
    return tuple(sorted(out))


def rebase_points(months: Sequence[str], rebase_months: Iterable[str]) -> list[int]:
    """The point numbers (0-based, into ``months`` sorted ascending) at which a new segment
    starts: for each rebase month, the first month with data on or after it. A rebase at or
    before the first month with data, or after the last, starts nothing."""
    out: set[int] = set()
    for r in rebase_months:
        i = next((i for i, mo in enumerate(months) if mo >= r), None)
        if i:  # None (after the last) and 0 (at the start) start no new segment
            out.add(i)
    return sorted(out)


@dataclass(frozen=True)
class MeasureValue:
    month: str  # YYYY-MM
    numerator: int
    denominator: int | None = None


class BadMeasureValue(InvalidValue):
    """A month's value refused; ``column`` says which part ("month", "numerator", "denominator")."""

    def __init__(self, message: str, column: str):
        super().__init__(message)
        self.column = column


def validate_value(m: Measure, month: Any, numerator: Any, denominator: Any) -> MeasureValue:
    """One month of a measure; raises :class:`BadMeasureValue` naming the part that is wrong."""
    try:
        mon = parse_month(month)
    except InvalidValue as exc:
        raise BadMeasureValue(str(exc), "month") from None
    for what, v in (("numerator", numerator), ("denominator", denominator)):
        if v is not None and (isinstance(v, bool) or not isinstance(v, int) or v < 0):
            raise BadMeasureValue(f"the {what} must be a whole number of 0 or more", what)
    if numerator is None:
        raise BadMeasureValue("the numerator is required", "numerator")
    if m.needs_denominator:
        if denominator is None:
            raise BadMeasureValue(f"'{m.name}' needs a denominator ({m.denominator or 'the total'})",
                                  "denominator")
        if denominator == 0:
            raise BadMeasureValue(
                "the denominator is 0: leave the month out if there was nothing to count", "denominator")
        if m.chart == "p" and numerator > denominator:
            raise BadMeasureValue(
                f"the numerator ({numerator}) is larger than the denominator ({denominator})", "numerator")
    elif denominator is not None:
        raise BadMeasureValue(f"'{m.name}' is a count with no denominator; leave the denominator blank",
                              "denominator")
    return MeasureValue(mon, numerator, denominator)


def point_value(m: Measure, numerator: int, denominator: int | None) -> float:
    """The figure shown for one month: numerator / denominator x scale, or the numerator
    itself for a measure with no denominator."""
    if denominator is None:
        return float(numerator)
    if denominator == 0:
        raise InvalidValue("the denominator is 0")
    return numerator / denominator * m.scale


@dataclass(frozen=True)
class ChartPoint:
    month: str
    value: float | None
    mean: float | None
    lower: float | None
    upper: float | None
    special_cause: bool = False
    rule: str | None = None
    variation: str = "common"
    segment: int = 0  # 0, then 1 from the first rebase, ...


@dataclass(frozen=True)
class MeasureChart:
    """A measure's SPC chart in the measure's display scale (e.g. % rather than 0..1)."""

    measure: Measure
    points: tuple[ChartPoint, ...]
    target: float | None = None
    assurance: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def latest(self) -> ChartPoint | None:
        return self.points[-1] if self.points else None


def _num(v: Any) -> float | None:
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if f != f else f  # NaN -> None


def measure_chart(m: Measure, values: Iterable[MeasureValue], *, target: float | None = None) -> MeasureChart:
    """The SPC chart of a measure's months (sorted by month; months without data are left out,
    so the chart runs over the months that have data). ``target`` is in display scale
    (usually the aim's "to" value); it is given to the SPC for its assurance."""
    rows = sorted(values, key=lambda v: v.month)
    if not rows:
        return MeasureChart(m, (), target, None, ())
    baseline = m.baseline_points if m.baseline_points and m.baseline_points < len(rows) else None
    rebase_at = rebase_points([r.month for r in rows], m.rebase_months)
    scale = 1.0
    if m.chart == "p":
        scale = float(m.scale)
        result = spc.p_chart(
            [r.numerator for r in rows], [r.denominator for r in rows], baseline=baseline,
            rebase_at=rebase_at, better=m.better, target=None if target is None else target / scale,
        )
    elif m.chart == "xmr":
        result = spc.xmr(
            [point_value(m, r.numerator, r.denominator) for r in rows], baseline=baseline,
            rebase_at=rebase_at, better=m.better, target=target,
        )
    else:
        result = spc.run_chart([point_value(m, r.numerator, r.denominator) for r in rows],
                               baseline=baseline, rebase_at=rebase_at, better=m.better)
    points = []
    for r, p in zip(rows, result.points):
        def scaled(v: float | None) -> float | None:
            v = _num(v)
            return None if v is None else v * scale

        points.append(ChartPoint(
            month=r.month, value=scaled(p.value), mean=scaled(p.mean),  # the median on a run chart
            lower=scaled(p.lower), upper=scaled(p.upper), special_cause=p.special_cause,
            rule=p.rule, variation=p.variation or "common", segment=p.segment,
        ))
    notes = tuple(str(w) for w in result.warnings)
    return MeasureChart(m, tuple(points), target, result.assurance, notes)


def signal_of(chart: MeasureChart | None) -> str | None:
    """The board's signal: the variation of the latest point (see the module docstring)."""
    if chart is None or chart.latest is None:
        return None
    variation = chart.latest.variation
    if variation == "improvement":
        return "improving"
    if variation == "concern":
        return "concern"
    return "no change"


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
                    sort_order=j)
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
