"""The monthly perinatal quality report to the trust board: its content, gathered from the unit
database, as sections of plain blocks that the PDF (``ui/board/pack.py``) and the workbook
(``exchange/board_workbook.py``) both draw.

Each section is one function ``(ctx) -> Section`` listed in :data:`SECTIONS`, in the order the
pack prints them: adding a section is one function and one entry there. Reads only; nothing is
written to the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from maternity_desk import APP_NAME, __version__
from maternity_desk.core import board as b
from maternity_desk.core.periods import (
    month_end,
    month_label,
    month_range,
    month_start,
    shift_month,
)
from maternity_desk.core.unit import REGIONS
from maternity_desk.core.words import plural
from maternity_desk.exchange import board_scheme as bs
from maternity_desk.exchange.board_blocks import Bullets, Chart, Grid, Para, Section  # noqa: F401 (read as br.Grid...)
from maternity_desk.store import board as sb


@dataclass
class BoardReport:
    month: str
    unit_name: str
    trust: str
    region: str
    produced: datetime
    produced_by: str
    version: str
    sections: list[Section]
    #: the figures of the 12 months to the report's month in import form: (month, measure
    #: code, value) and (month, category, harm code, count)
    figures: list[tuple] = field(default_factory=list)
    incident_counts: list[tuple] = field(default_factory=list)

    @property
    def month_text(self) -> str:
        return f"{month_start(self.month):%B %Y}"

    @property
    def heading(self) -> str:
        return f"{self.unit_name}: perinatal quality report to the board, {self.month_text}"


VARIATION_WORDS = {"common": "Common cause", "improvement": "Special cause: improvement",
                   "concern": "Special cause: concern", "neutral": "Special cause: neither better nor worse",
                   None: "Not enough data"}
ASSURANCE_WORDS = {"pass": "Consistently passing", "fail": "Consistently failing",
                   "hit_and_miss": "Hit and miss", None: "No target"}


def variation_text(cell) -> str:
    variation, side = cell if isinstance(cell, tuple) else (cell, None)
    text = VARIATION_WORDS.get(variation, str(variation))
    if variation in ("improvement", "concern", "neutral") and side:
        text += " (high)" if side == "high" else " (low)"
    return text


# --- context --------------------------------------------------------------------------------------


class Context:
    """What the sections read, each part read once."""

    def __init__(self, store, month: str, today: date):
        self.store, self.month, self.today = store, month, today
        self.last_month = shift_month(month, -1)
        self.as_at = min(month_end(month), today)

    @cached_property
    def catalogue(self) -> list[b.Measure]:
        return sb.measures(self.store, recorded_only=True)

    @cached_property
    def year_values(self) -> dict[tuple[str, str], float | int]:
        return sb.values(self.store, first=shift_month(self.month, -11), last=self.month)

    @cached_property
    def year_incidents(self) -> dict[tuple[str, str, str], int]:
        return sb.incidents(self.store, first=shift_month(self.month, -11), last=self.month)

    def figures(self, month: str) -> b.MonthFigures:
        return b.MonthFigures(month, {c: v for (m, c), v in self.year_values.items() if m == month},
                              {(c, h): n for (m, c, h), n in self.year_incidents.items() if m == month})

    @cached_property
    def this(self) -> b.MonthFigures:
        return self.figures(self.month)

    @cached_property
    def last(self) -> b.MonthFigures:
        return self.figures(self.last_month)  # within the 12 months read

    @cached_property
    def externals(self) -> list[b.External]:
        return [e for e in sb.externals(self.store) if e.received <= self.as_at]

    @cached_property
    def notes(self) -> list[tuple[int, str, str, str]]:
        return sb.notes(self.store, self.month)

    @cached_property
    def scheme(self):
        """The incentive scheme's tracker for the scheme year holding the month, as at the
        month's end (None when the unit holds no such year)."""
        return bs.tracker_for(self.store, bs.scheme_label(self.month), self.as_at)

    @cached_property
    def indicator_values(self) -> dict[str, list[tuple[str, int, int]]]:
        """Each dashboard indicator's (month, numerator, denominator) up to the month."""
        from maternity_desk.store import dashboard as dash

        return dash.values_by_indicator(self.store, last=self.month)

    @cached_property
    def signals(self) -> list[tuple]:
        """(indicator or measure, value text, (variation, side), assurance, the page that holds
        it) for each dashboard
        indicator with a figure in the month and each board measure with a year of figures,
        special causes first."""
        from maternity_desk.core.dashboard import build_series, spc_view
        from maternity_desk.core.indicators import format_value
        from maternity_desk.store import dashboard as dash

        settings = dash.spc_settings(self.store)
        out = []
        for ind in dash.indicators(self.store):
            vals = self.indicator_values.get(ind.code)
            if not vals or vals[-1][0] != self.month:
                continue
            view = spc_view(build_series(ind, vals), settings.get(ind.code))
            row = next((r for r in reversed(view.rows) if r.month == self.month), None)
            if row is None or row.value is None:
                continue
            out.append((ind.name, format_value(row.value, ind.scale), (row.variation, row.side),
                        ASSURANCE_WORDS.get(view.assurance, view.assurance), "Dashboard"))
        months = month_range(shift_month(self.month, -(b.SIGNAL_MONTHS - 1)), self.month)
        held = sb.values(self.store, first=months[0], last=self.month)
        out.extend((name, value, variation, ASSURANCE_WORDS.get(assurance, assurance), "Board report")
                   for name, value, variation, assurance in b.measure_signals(self.catalogue, held, months))
        order = {"concern": 0, "improvement": 1, "neutral": 2}
        out.sort(key=lambda r: order.get(r[2][0], 3))
        return out


def _avg(xs: list[float]) -> float | None:
    return sum(xs) / len(xs) if xs else None


# --- sections -------------------------------------------------------------------------------------


def summary_section(ctx: Context) -> Section:
    """The first page: read in a minute."""
    s = Section("summary", "This month at a glance", "Summary")
    s.blocks.append(Bullets(b.changes(ctx.this, ctx.last, ctx.catalogue),
                            f"No figures to compare with {month_label(ctx.last_month)}.",
                            f"What has changed since {month_label(ctx.last_month)}"))
    own = [t for _i, _m, k, t in ctx.notes if k == "decision"]
    s.blocks.append(Bullets(b.decisions(ctx.this, ctx.catalogue, ctx.externals, own, ctx.as_at)
                            + bs.scheme_decisions(ctx.scheme),
                            "Nothing this month.", "For the board's decision or attention"))
    special = [(name, value, var, a) for name, value, var, a, _page in ctx.signals if var[0] not in ("common", None)]
    s.blocks.append(Grid("Signals: special-cause variation this month (Making Data Count)",
                         ["Indicator", f"{month_label(ctx.month)}", "Variation", "Assurance"],
                         special, ["text", "number", "variation", "text"],
                         "No indicator shows special-cause variation this month.", [4, 1.2, 3, 1.6]))
    common = len(ctx.signals) - len(special)
    if common:
        s.blocks.append(Para(f"{plural(common, 'other indicator or measure', 'other indicators and measures')} "
                             f"{'shows' if common == 1 else 'show'} common-cause variation this month (the monthly return's Dashboard sheet has "
                             "the indicators' charts).", "note"))
    return s


def staffing_section(ctx: Context) -> Section:
    s = Section("staffing", "Staffing", "Staffing")
    rows = []
    months = month_range(shift_month(ctx.month, -11), ctx.month)
    for m in ctx.catalogue:
        if m.section != "staffing":
            continue
        year = [ctx.year_values[(mo, m.code)] for mo in months if (mo, m.code) in ctx.year_values]
        rows.append((m.name, b.format_value(ctx.this.values.get(m.code), m),
                     b.format_value(ctx.last.values.get(m.code), m), b.format_value(_avg(year), m),
                     f"{m.standard:g}%" if m.standard is not None else ""))
        if m.planned and m.kind == "hours":
            now = b.fill_rate(ctx.this.values.get(m.code), ctx.this.values.get(m.planned))
            before = b.fill_rate(ctx.last.values.get(m.code), ctx.last.values.get(m.planned))
            rates = [b.fill_rate(ctx.year_values.get((mo, m.code)), ctx.year_values.get((mo, m.planned)))
                     for mo in months]
            rate = b.Measure("fill", "", "staffing", "percent")
            rows.append(("Midwifery fill rate (actual / planned hours)", b.format_value(now, rate),
                         b.format_value(before, rate), b.format_value(_avg([r for r in rates if r is not None]), rate), ""))
    s.blocks.append(Grid("", ["Measure", month_label(ctx.month), month_label(ctx.last_month),
                              "12-month average", "Standard"], rows,
                         ["text", "number", "number", "number", "number"], "The unit records no staffing figures.",
                         [5, 1.3, 1.3, 1.3, 1]))
    s.blocks.append(Para("Definitions and standards are the unit's own, shipped as a starting point: "
                         + b.NOT_VERIFIED, "note"))
    return s


def incidents_section(ctx: Context) -> Section:
    s = Section("incidents", "Incidents", "Incidents")
    months = month_range(shift_month(ctx.month, -11), ctx.month)
    this, last = b.harm_totals(ctx.this.incidents), b.harm_totals(ctx.last.incidents)
    year: dict[str, int] = {h: 0 for h, _l in b.HARMS}
    for (_m, _c, h), n in ctx.year_incidents.items():
        year[h] += n
    rows = [(label, this[h], last[h], year[h]) for h, label in b.HARMS]
    rows.append(("All incidents", sum(this.values()), sum(last.values()), sum(year.values())))
    s.blocks.append(Grid("By harm level", ["Harm", month_label(ctx.month), month_label(ctx.last_month),
                                           f"12 months to {month_label(ctx.month)}"],
                         rows, ["text", "count", "count", "count"], widths=[3, 1, 1, 1.4]))
    cats = sb.categories(ctx.store)
    held = {c for (c, _h) in ctx.this.incidents}
    crows = []
    for cat in cats + sorted(held - set(cats)):
        counts = [ctx.this.incidents.get((cat, h), 0) for h, _l in b.HARMS]
        if sum(counts):
            crows.append((cat, *counts, sum(counts)))
    s.blocks.append(Grid(f"By category, {month_label(ctx.month)}", ["Category", *[lbl for _h, lbl in b.HARMS], "All"],
                         crows, ["text"] + ["count"] * 6, f"No incidents recorded for {month_label(ctx.month)}.",
                         [4, 1, 1, 1, 1, 1, 1]))
    inv = [m for m in ctx.catalogue if m.section == "incidents"]
    if inv:
        s.blocks.append(Grid("Investigations", ["", month_label(ctx.month), month_label(ctx.last_month),
                                                f"12 months to {month_label(ctx.month)}"],
                             [(m.name, ctx.this.values.get(m.code), ctx.last.values.get(m.code),
                               sum(ctx.year_values.get((mo, m.code), 0) for mo in months)) for m in inv],
                             ["text", "count", "count", "count"], widths=[3, 1, 1, 1.4]))
    return s


def investigations_section(ctx: Context) -> Section:
    s = Section("investigations", "Investigations and external attention", "External")
    inv = [m for m in ctx.catalogue if m.section == "investigations"]
    if inv:
        months = month_range(shift_month(ctx.month, -11), ctx.month)
        s.blocks.append(Grid("", ["", month_label(ctx.month), month_label(ctx.last_month),
                                  f"12 months to {month_label(ctx.month)}"],
                             [(m.name, ctx.this.values.get(m.code), ctx.last.values.get(m.code),
                               sum(ctx.year_values.get((mo, m.code), 0) for mo in months)) for m in inv],
                             ["text", "count", "count", "count"], widths=[3, 1, 1, 1.4]))
    first = month_start(ctx.month)
    shown = [e for e in ctx.externals if e.received >= first or e.status(ctx.as_at) != "Responded"]
    rows = [(e.received, e.kind_label, e.source, e.summary, e.response_due, e.responded, e.owner,
             e.status(ctx.as_at)) for e in sorted(shown, key=lambda e: (e.received, e.id or 0))]
    s.blocks.append(Grid("Reports and concerns received, and the unit's responses",
                         ["Received", "Kind", "From", "About", "Response due", "Responded", "Owner", "Status"],
                         rows, ["date", "text", "text", "text", "date", "date", "text", "text"],
                         "Nothing received this month and nothing awaiting a response.",
                         [1.1, 2, 1.5, 4, 1.1, 1.1, 1.4, 1.1]))
    return s


def mortality_section(ctx: Context) -> Section:
    from maternity_desk.core import governance as g
    from maternity_desk.store import governance as sg

    s = Section("pmrt", "Perinatal mortality reviews and learning", "Reviews")
    since = month_start(shift_month(ctx.month, -11))
    rows = []
    for c in sorted(sg.reviews(ctx.store), key=lambda c: (c.date_of_death, c.reference)):
        if not since <= c.date_of_death <= ctx.as_at and not (
                c.date_of_death < since and g.case_status(c, ctx.as_at) != "Report published"):
            continue
        rows.append((c.reference, g.CATEGORY_LABELS.get(c.category, c.category), c.gestation,
                     month_label(c.date_of_death.strftime("%Y-%m")), g.case_status(c, ctx.as_at), c.themes))
    s.blocks.append(Grid("Deaths in the last 12 months and open reviews",
                         ["Reference", "Category", "Gestation", "Month of death", "Review status", "Learning (themes)"],
                         rows, ["text"] * 6, "No perinatal deaths in the last 12 months.",
                         [1.3, 1.6, 1, 1.2, 1.6, 5]))
    s.blocks.append(Para("Cases carry the unit's local reference only; no patient identifiers.", "note"))
    return s


def training_section(ctx: Context) -> Section:
    from maternity_desk.store import training as st

    s = Section("training", "Training compliance", "Training")
    rows = st.compliance_as_at(ctx.store, ctx.as_at)
    courses = {c.code: c.name for c in st.courses(ctx.store)}
    groups = [g for g in st.staff_groups(ctx.store) if any(r.staff_group == g.code for r in rows)]
    cells = {(r.course, r.staff_group): r for r in rows}
    out = []
    for code in dict.fromkeys(r.course for r in rows):
        line = [courses.get(code, code)]
        for grp in groups:
            r = cells.get((code, grp.code))
            line.append(("" if r is None or r.percent is None else f"{r.percent:.0f}%", r.rag if r else None))
        out.append(tuple(line))
    s.blocks.append(Grid(f"Staff in date at {ctx.as_at:%d/%m/%Y}, by course and staff group",
                         ["Course", *[g.name for g in groups]], out, ["text"] + ["rag"] * len(groups),
                         "No compliance figures: no course with staff groups that must take it.",
                         [3] + [1] * len(groups)))
    return s


def rare_events_section(ctx: Context) -> Section:
    from maternity_desk.core.rare_view import default_chart
    from maternity_desk.store import dashboard as dash
    from maternity_desk.store import rare_events as sre

    s = Section("rare", "Rare events: deaths and injuries", "Rare events")
    quiet: list[str] = []
    settings = dash.spc_settings(ctx.store)
    held = ctx.indicator_values.keys()
    for ind in dash.indicators(ctx.store):
        if ind.code not in held or default_chart(ind, settings.get(ind.code)) not in ("g", "cusum"):
            continue
        view = sre.view(ctx.store, ind.code, default_chart(ind, settings.get(ind.code)), last=ctx.month)
        if view.rows:
            s.blocks.append(Chart(ind.name, view, view.thresholds_text))
        else:
            quiet.append(f"{ind.name}: {view.warnings[0] if view.warnings else 'no events to chart yet'}")
    if quiet:
        s.blocks.append(Bullets(quiet, title="Not charted"))
    if not s.blocks:
        s.blocks.append(Para("No rare-event indicator has figures yet.", "note"))
    return s


def feedback_section(ctx: Context) -> Section:
    from maternity_desk.store import governance as sg

    s = Section("feedback", "Feedback: women, families and staff", "Feedback")
    voices = [m for m in ctx.catalogue if m.section == "voices"]
    if voices:
        s.blocks.append(Grid("Service users", ["", month_label(ctx.month), month_label(ctx.last_month)],
                             [(m.name, b.format_value(ctx.this.values.get(m.code), m),
                               b.format_value(ctx.last.values.get(m.code), m)) for m in voices],
                             ["text", "number", "number"], widths=[4, 1, 1]))
    s.blocks.append(Bullets([t for _i, _m, k, t in ctx.notes if k == "mnvp_theme"],
                            "No MNVP themes recorded for the month.",
                            "Maternity and Neonatal Voices Partnership: themes"))
    first = month_start(shift_month(ctx.month, -2))
    meetings = [m for m in sg.meetings(ctx.store) if first <= m.date <= ctx.as_at]
    actions: dict[int | None, list[str]] = {}
    for a in sg.follow_ups(ctx.store, "gov_champion_actions"):
        actions.setdefault(a.parent_id, []).append(a.action + (f" ({a.owner})" if a.owner else ""))
    items = [f"{m.date:%d/%m/%Y}: {m.issues or m.notes or 'no issues recorded'}"
             + (f". Actions: {'; '.join(actions[m.id])}" if actions.get(m.id) else "") for m in meetings]
    s.blocks.append(Bullets(items, "No safety champions' meeting or walkabout in the last 3 months.",
                            "Staff feedback: safety champions' walkabouts and meetings (last 3 months)"))
    return s


def actions_section(ctx: Context) -> Section:
    from maternity_desk.store import governance as sg

    s = Section("actions", "Actions with owners and dates", "Actions")
    rows = []
    for table, label in (("gov_champion_actions", "Safety champions"), ("gov_review_actions", "Mortality review")):
        for a in sg.follow_ups(ctx.store, table):
            if a.status == "open":
                late = a.days_overdue(ctx.as_at)
                rows.append((label, a.action, a.owner, a.due_date, "Overdue" if late else "Open"))
    for a in sg.plan_actions(ctx.store):
        if a.status not in ("complete", "dropped"):
            late = a.days_overdue(ctx.as_at)
            rows.append(("Safety improvement plan", a.action, a.owner, a.due_date, "Overdue" if late else "Open"))
    for e in ctx.externals:
        if e.response_due and e.status(ctx.as_at) in ("Open", "Overdue"):
            rows.append(("External response", f"Respond: {e.kind_label.lower()}, {e.summary}", e.owner,
                         e.response_due, e.status(ctx.as_at)))
    rows.sort(key=lambda r: (r[4] != "Overdue", r[3] or date.max, r[0]))
    s.blocks.append(Grid(f"Open actions at {ctx.as_at:%d/%m/%Y} ({plural(len(rows), 'action')})",
                         ["From", "Action", "Owner", "Due", "Status"], rows,
                         ["text", "text", "text", "date", "text"], "No open actions.", [1.6, 6, 1.6, 1, 1]))
    return s


#: The pack's sections, in order: ``(ctx) -> Section`` each.
SECTIONS: tuple[Callable[[Context], Section], ...] = (
    summary_section,
    staffing_section,
    incidents_section,
    investigations_section,
    bs.cases_section,
    mortality_section,
    training_section,
    bs.scheme_section,
    rare_events_section,
    feedback_section,
    actions_section,
)


def build_report(store, month: str, *, today: date | None = None, produced: datetime | None = None,
                 progress: Callable[[str], None] | None = None) -> BoardReport:
    from maternity_desk.store.db import os_user

    today = today or date.today()
    ctx = Context(store, month, today)
    settings = store.unit_settings()
    sections = []
    for fn in SECTIONS:
        sections.append(fn(ctx))
        if progress:
            progress(sections[-1].title)
    return BoardReport(month, settings.unit_name or "(unnamed unit)", settings.trust or "",
                       REGIONS.get(settings.region, settings.region or ""),
                       produced or datetime.now().replace(microsecond=0), os_user(),
                       f"{APP_NAME} {__version__}", sections,
                       sorted((m, c, v) for (m, c), v in ctx.year_values.items()),
                       sorted((m, c, h, n) for (m, c, h), n in ctx.year_incidents.items()))


def default_file_name(unit_name: str, month: str, suffix: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in " -_" else "" for ch in unit_name).strip() or "unit"
    return f"{safe} board report {month}{suffix}"
