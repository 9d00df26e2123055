"""The monthly return: gathering it from the unit database, writing it as a workbook, and
reading another unit's return back as peer data (import kind ``return``).

Every figure comes from the function its area's own CLI JSON command uses:

=============  ================================================================
sheet          figures from
=============  ================================================================
Dashboard      ``store.dashboard.spc`` (rate, mean, limits, variation, assurance),
               ``store.dashboard.series`` (counts, 12-month rolling rate)
Training       ``store.training.compliance_as_at`` at the month end
Fund           ``store.fund.figures`` for the financial year, as at the month end
Improvement    ``store.improvement.board``
Governance     ``store.governance.overdue`` at the month end, and the registers
=============  ================================================================

Small-number suppression (:mod:`maternity_desk.core.returns`) is applied to what is written
only; nothing is written to the database by an export.

The workbook is written by :mod:`.return_workbook` (sheet layout and print geometry in
:mod:`.return_sheet`) and read back by :mod:`.return_import`; their names are re-exported
here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

from maternity_desk import APP_NAME, __version__
from maternity_desk.core import returns as core
from maternity_desk.core.periods import (
    add_months,
    fy_of,
    month_end,
    month_range,
    month_start,
    parse_month,
    shift_month,
)
from maternity_desk.exchange.return_import import (
    COLUMNS,
    IMPORTER,
    plan_return,
)
from maternity_desk.exchange.return_sheet import (
    CHART_HEIGHT_CM,
    CHART_ROWS,
    CHART_WIDTH_CM,
    FMT_MONTH,
    FMT_NUMBER,
    FONT,
    HEADER_WRAP,
    MARGIN_HEADER_IN,
    MARGIN_SIDE_IN,
    MARGIN_TOP_IN,
    MIN_SCALE,
    NUMERIC_KINDS,
    PAPER_IN,
    PRINT_HEIGHT_PT,
    PRINT_WIDTH_PT,
    RATE_FORMATS,
    ROW_PT,
    TARGET_SCALE,
    TEXT_FACTOR,
    TEXT_MAX,
    TITLE_ROW,
    UNIT_ROW,
    WRAP_FLOOR,
    column_points,
    excel_rate,
    wrapped_lines,
)
from maternity_desk.exchange.return_sheet import (
    _cell_value as _cell_value,  # timed by the returns benchmark
)
from maternity_desk.exchange.return_workbook import (
    Progress,
    write_workbook,
)

__all__ = [
    "build_return",
    "export_return",
    "indicator_months",
    "default_file_name",
    "latest_complete_month",
    "RATE_FORMATS",
    "FMT_MONTH",
    "FMT_NUMBER",
    "FONT",
    "PAPER_IN",
    "PRINT_WIDTH_PT",
    "PRINT_HEIGHT_PT",
    "TARGET_SCALE",
    "MIN_SCALE",
    "ROW_PT",
    "TEXT_MAX",
    "WRAP_FLOOR",
    "TEXT_FACTOR",
    "CHART_ROWS",
    "column_points",
    "wrapped_lines",
    "excel_rate",
    "HEADER_WRAP",
    "NUMERIC_KINDS",
    "Progress",
    "write_workbook",
    "COLUMNS",
    "plan_return",
    "IMPORTER",
    "TITLE_ROW",
    "UNIT_ROW",
    "MARGIN_SIDE_IN",
    "MARGIN_TOP_IN",
    "MARGIN_HEADER_IN",
    "CHART_WIDTH_CM",
    "CHART_HEIGHT_CM",
]


# --- gathering ---------------------------------------------------------------------------------

class _Rolling(Sequence):
    """The 12-month rolling rates of a series, each worked out when it is read (the return
    reads one month's of each indicator; a ten-year series has 120): position ``i`` is
    ``rolling_rates`` over the window ending at ``i``, the same figure the whole list gives."""

    def __init__(self, series, window: int = 12):
        self.series, self.window = series, window

    def __len__(self) -> int:
        return len(self.series.months)

    def __getitem__(self, i):
        from maternity_desk.core.indicators import rolling_rates

        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        if i + 1 < self.window:
            return None
        lo, s = i + 1 - self.window, self.series
        return rolling_rates(s.numerators[lo:i + 1], s.denominators[lo:i + 1],
                             s.indicator.scale, self.window)[-1]


def indicator_months(store, last: str | None = None) -> list[core.IndicatorMonth]:
    """Every catalogue indicator with its series and SPC view up to the month ``last``, as
    ``spc --to LAST`` gives them (``store.dashboard.spc`` is ``spc_view(series, setting)``:
    the series is read once here and the settings in one query). Months after ``last`` are
    left out, so a return made again later for the same month shows the same figures."""
    from maternity_desk.core.dashboard import spc_view
    from maternity_desk.store import dashboard as dash

    settings = dash.spc_settings(store)
    out = []
    for ind in dash.indicators(store):
        s = dash.series(store, ind.code, last=last)
        if not s.months:
            out.append(core.IndicatorMonth(ind, [], [], [], [], [], ind.chart, None))
            continue
        view = spc_view(s, settings.get(ind.code))
        out.append(core.IndicatorMonth(ind, s.months, s.numerators, s.denominators, _Rolling(s),
                                       view.rows, view.chart, view.assurance))
    return out


def _training(store, as_at: date, suppress: bool) -> core.Section:
    from maternity_desk.store import training as st

    rows = st.compliance_as_at(store, as_at)
    courses = {c.code: c.name for c in st.courses(store)}
    groups = {g.code: g.name for g in st.staff_groups(store)}
    section = core.training_section(rows, as_at, courses, groups, st.thresholds(store),
                                    suppress=suppress)
    if not rows:
        section.notes.append("No compliance figures: no course with staff groups that must take "
                             "it, or no staff employed at the month end.")
    return section


def _fund(store, as_at: date, suppress: bool) -> core.Section:
    from maternity_desk.store import fund as store_fund

    fy = fy_of(as_at)
    funds = store_fund.funds(store)
    figures = [store_fund.figures(store, f.code, fy, as_at=as_at) for f in funds]
    return core.fund_section(figures, {f.code: f.name for f in funds}, fy, as_at, suppress=suppress)


def _improvement(store, as_at: date) -> core.Section:
    from maternity_desk.store import improvement as qs

    board = qs.board(store, last=f"{as_at:%Y-%m}")
    latest: dict[int, str] = {}
    for r in board:
        dated = [n for n in qs.notes(store, r.project.id) if n.date <= as_at]
        if dated:
            latest[r.project.id] = dated[0].text  # newest first
    return core.improvement_section(board, latest)


def _governance(store, as_at: date) -> core.Section:
    from maternity_desk.core import governance as g
    from maternity_desk.store import governance as sg

    champs = sg.champions(store)
    rows = []
    for role in sg.champion_roles(store):
        holders = sorted((c for c in champs if c.role == role.code and c.in_role_on(as_at)),
                         key=lambda c: c.start_date)
        if holders:
            rows.extend((role.label, c.person, c.start_date) for c in holders)
        elif role.required:
            rows.append((role.label, None, None))
    met = sorted(m.date for m in sg.meetings(store) if m.date <= as_at)
    year_ago = add_months(as_at, -12)
    names = {d.code: d.name for d in sg.datasets(store)}
    first = month_start(f"{as_at:%Y-%m}")
    subs = []
    for s in sorted(sg.tracker(store, as_at), key=lambda s: (s.due_date, s.dataset, s.period)):
        done = s.submitted_date if s.submitted_date and s.submitted_date <= as_at else None
        if not (first <= s.due_date <= as_at or (done is None and s.due_date <= as_at)):
            continue
        if done is not None:
            status = "Submitted late" if done > s.due_date else "Submitted"
        else:
            status = "Overdue" if as_at > s.due_date else "Due"
        subs.append((names.get(s.dataset, s.dataset), s.period, s.due_date, done, status))
    rules, cal = sg.deadline_rules(store), sg.calendar(store)
    open_reviews = []
    for c in sorted(sg.reviews(store), key=lambda c: (c.date_of_death, c.reference)):
        if c.date_of_death > as_at:
            continue
        status = g.case_status(c, as_at)
        if status == "Report published":
            continue
        late = sum(1 for ms in g.milestone_statuses(c, rules, cal, as_at) if ms.days_overdue)
        open_reviews.append((c.reference, g.CATEGORY_LABELS.get(c.category, c.category),
                             f"{c.date_of_death:%Y-%m}", status, late))
    facts = core.GovernanceFacts(
        champions=rows, last_meeting=met[-1] if met else None,
        meetings_12_months=sum(1 for d in met if d > year_ago),
        plan_progress=g.plan_progress(sg.plan_actions(store), as_at),
        submissions=subs, open_reviews=open_reviews, overdue=sg.overdue(store, as_at))
    return core.governance_section(facts, as_at)


def _guarded(title: str, sheet: str, fn: Callable[[], core.Section]) -> core.Section:
    """An area whose tables this database lacks says so, rather than failing the return."""
    import sqlite3

    try:
        return fn()
    except sqlite3.OperationalError as exc:
        if "no such table" not in str(exc):
            raise
        return core.unavailable(sheet, title, f"The {title.lower()} records are not in this "
                                f"database ({exc}), so this sheet has no figures.")


def build_return(store, month: str, *, suppress: bool = False, produced: datetime | None = None,
                 progress: Progress | None = None) -> core.ReturnContent:
    """Everything the return for ``month`` holds; nothing is written."""
    month = parse_month(month)
    as_at = month_end(month)
    say = progress or (lambda _text: None)
    unit = store.unit_settings()
    say("Indicators")
    items = indicator_months(store, month)
    sections = [core.dashboard_section(items, month, suppress=suppress),
                core.trends_section(items, month_range(shift_month(month, -(core.TREND_MONTHS - 1)), month),
                                    suppress=suppress)]
    say("Training")
    sections.append(_guarded("Training compliance", "Training", lambda: _training(store, as_at, suppress)))
    say("Fund")
    sections.append(_guarded("Training fund", "Fund", lambda: _fund(store, as_at, suppress)))
    say("Improvement")
    sections.append(_guarded("Improvement projects", "Improvement", lambda: _improvement(store, as_at)))
    say("Governance")
    sections.append(_guarded("Governance", "Governance", lambda: _governance(store, as_at)))
    name = unit.unit_name or "This unit"
    data = core.data_rows(name, unit.ods_code, items,
                          month_range(shift_month(month, -(core.DATA_MONTHS - 1)), month),
                          suppress=suppress)
    sections.append(core.data_section(data))
    return core.ReturnContent(
        unit_name=name, trust=unit.trust, ods_code=unit.ods_code, lms=unit.lms,
        region=_region(unit.region), month=month,
        produced=(produced or datetime.now()).replace(microsecond=0),
        version=f"{APP_NAME} {__version__}", suppressed=suppress, sections=sections)


def export_return(store, month: str, path: Path | str, *, suppress: bool = False,
                  produced: datetime | None = None, progress: Progress | None = None) -> Path:
    return write_workbook(build_return(store, month, suppress=suppress, produced=produced,
                                       progress=progress), path, progress=progress)


def _region(code: str | None) -> str:
    """A region as people know it, its code beside the name: "South East (Y59)"."""
    from maternity_desk.core.unit import REGIONS

    return f"{REGIONS[code]} ({code})" if code in REGIONS else (code or "")


def default_file_name(unit_name: str, month: str, suffix: str = ".xlsx") -> str:
    safe = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in unit_name).strip() or "unit"
    return f"{safe} monthly return {month}{suffix}"


def latest_complete_month(today: date) -> str:
    """The month before ``today``'s (the default month of a return)."""
    return f"{(today.replace(day=1) - timedelta(days=1)):%Y-%m}"
