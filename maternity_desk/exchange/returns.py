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
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

from maternity_desk import APP_NAME, __version__
from maternity_desk.core import returns as core
from maternity_desk.core.dashboard import denominator_places, parse_count_text
from maternity_desk.core.errors import InvalidValue, Problem, ValidationFailed
from maternity_desk.core.periods import (
    add_months,
    fy_of,
    month_end,
    month_label,
    month_range,
    month_start,
    parse_month,
    shift_month,
)
from maternity_desk.core.words import plural
from maternity_desk.exchange.atomic import save_workbook
from maternity_desk.exchange.importer import Importer, ImportPlan
from maternity_desk.exchange.tabular import Column, MappedRows, parse_count
from maternity_desk.exchange.xlsx import (  # no openpyxl at import
    FMT_DATE,
    FMT_GBP,
    FMT_INT,
    RAG_WORDS,
    footer,
    put,
    set_text_apart,
)

Progress = Callable[[str], None]


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


# --- writing -------------------------------------------------------------------------------------

RATE_FORMATS = {
    "percent": "0.0%",
    "per_1000": '0.00" per 1,000"',
    "per_100": '0.00" per 100"',
    "per_100000": '0.0" per 100,000"',
    "ratio": "0.0",
}
FMT_MONTH = "mmm yyyy"
FMT_NUMBER = "0.00##"
TITLE_ROW, UNIT_ROW = 1, 2
FONT = "Calibri"  # named on every styled cell: a font with no name prints in a serif face

# Print geometry: A4 landscape with narrow margins (inches). Sheets print at a scale worked out
# from their column widths (not "fit to width", which shrinks a wide sheet until it cannot be
# read, and makes spreadsheet programs ignore manual page breaks).
PAPER_IN = (11.69, 8.27)
MARGIN_SIDE_IN, MARGIN_TOP_IN, MARGIN_HEADER_IN = 0.4, 0.6, 0.25
PRINT_WIDTH_PT = (PAPER_IN[0] - 2 * MARGIN_SIDE_IN) * 72
PRINT_HEIGHT_PT = (PAPER_IN[1] - 2 * MARGIN_TOP_IN) * 72
TARGET_SCALE = 85  # text columns wrap until a printed part fits the page at this scale
MIN_SCALE = 75  # no sheet but the Data sheet prints smaller than this (11 pt at 8.25 pt)
ROW_PT = 15.0  # the height of one line of 11 pt text
TEXT_MAX = 40  # the widest a text column is made; longer text wraps
WRAP_FLOOR = 16  # text columns are not narrowed below this (or their longest word)
TEXT_FACTOR = 1.2  # letters of running text are narrower than the digits widths count in
CHART_WIDTH_CM, CHART_HEIGHT_CM = 15.0, 9.0
CHART_ROWS = 19  # rows the chart covers (9 cm at 15 pt a row), and a gap


def column_points(width: float) -> float:
    """The printed width (points at 100%) of a column ``width`` characters wide: a character
    is 7 pixels in Excel's Calibri (and in Carlito, which LibreOffice puts in its place), with
    a little room to spare."""
    return (7.5 * width + 5) * 0.75


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped at word boundaries in a column ``width``
    characters wide (long words are broken)."""
    room = max(1, int(width) - 1)
    lines = 0
    for para in str(text).splitlines() or [""]:
        n, used = 1, 0
        for word in para.split():
            size = len(word)
            if used and used + 1 + size <= room:
                used += 1 + size
                continue
            if used:
                n += 1
            n += (size - 1) // room  # a word longer than the column breaks
            used = size % room or room
        lines += n
    return lines


def excel_rate(value, scale: str):
    """A rate as the workbook stores it: a percentage as a fraction (so Excel's % format
    shows it), other scales as they are; ``*`` and None unchanged."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and scale == "percent":
        return value / 100
    return value


def _cell_value(value, kind: str):
    """(value, number format) for one cell of the return."""
    if isinstance(value, core.Rate):
        return excel_rate(value.value, value.scale), RATE_FORMATS.get(value.scale)
    if isinstance(value, core.Money):
        return (None if value.pence is None else value.pence / 100), FMT_GBP
    if isinstance(value, core.Month):
        return month_start(value.month), FMT_MONTH
    if isinstance(value, datetime):
        return value, "dd/mm/yyyy hh:mm"
    if isinstance(value, date):
        return value, FMT_DATE
    if kind == "rag" and isinstance(value, str):
        return RAG_WORDS.get(value, value), None
    if kind == "count" and isinstance(value, int):
        return value, FMT_INT
    if kind == "count" and isinstance(value, float):  # whole-time equivalents, to 2 places
        return value, "#,##0.00"
    if kind == "number" and isinstance(value, float):
        return value, FMT_NUMBER
    return value, None


def _text_width(value, fmt: str | None) -> int:
    if value is None:
        return 0
    if isinstance(value, (datetime, date)):
        return 11 if fmt != "dd/mm/yyyy hh:mm" else 16
    if isinstance(value, float):
        text = f"{value:,.2f}"
        if fmt and "per" in fmt:
            text += fmt.split('"')[1]
        elif fmt == "0.0%":
            text = f"{value * 100:.1f}%"
        elif fmt and "£" in fmt:
            text = "£" + text
        return len(text)
    if isinstance(value, core.Link):
        return len(value.text)
    return max((len(line) for line in str(value).splitlines()), default=0)


class _Sheet:
    """Writes one section onto a worksheet, tracking what the layout needs as it goes (column
    widths, text that may wrap, row heights, tables to keep on one printed page), then
    :meth:`finish` sets widths, wraps, row heights and the print setup in one pass."""

    def __init__(self, wb, ws, content: core.ReturnContent):
        self.wb, self.ws, self.content = wb, ws, content
        self.widths: dict[int, int] = {}
        self.row = 1
        self.heights: dict[int, float] = {}  # rows of a fixed height (titles)
        self.texts: list[tuple[int, int, str, bool]] = []  # (row, col, text, bold) that may wrap
        self.notes: list[tuple[int, str, int, int]] = []  # (row, text, first column, columns)
        self.blocks: list[tuple[int, int]] = []  # (first, last) rows to keep on one page
        self.chart_points = 0.0  # the printed width a chart adds right of the tables
        self.floors: dict[int, int] = {}  # narrowest widths of text columns, beyond the default
        self.filled: dict[int, list[int]] = {}  # the columns of each table row

    def put(self, row: int, col: int, value, kind: str = "text", *, measure: bool = True):
        if isinstance(value, core.Link):
            from openpyxl.worksheet.hyperlink import Hyperlink

            cell = put(self.ws, row, col, value.text)
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{value.sheet}'!A1",
                                       display=value.text)
            cell.style = "Hyperlink"
            fmt = None
        else:
            v, fmt = _cell_value(value, kind)
            cell = put(self.ws, row, col, v, fmt)
            if v == core.SUPPRESSED:
                cell.alignment = _right()
            elif measure and isinstance(v, str) and len(v) > WRAP_FLOOR:
                self.texts.append((row, col, v, False))
        if measure:
            w = _text_width(cell.value if not isinstance(value, core.Link) else value, fmt)
            if w > self.widths.get(col, 0):
                self.widths[col] = w
        return cell

    def title(self, section: core.Section, width: int) -> None:
        from openpyxl.styles import Font

        c = self.content
        self.put(TITLE_ROW, 1, section.title, measure=False).font = Font(name=FONT, bold=True, size=14, color="1F4E79")
        self.heights[TITLE_ROW] = 21
        self.put(UNIT_ROW, 1, f"{c.unit_name}: {_month_long(c.month)}", measure=False).font = Font(name=FONT, italic=True)
        self.row = 3
        for note in section.notes:
            self.note(note, width)
        if c.suppressed and section.sheet not in ("Cover",):
            self.note("Small-number suppression applied (see the Cover sheet).", width)
        self.row += 1

    def note(self, text: str, width: int, col: int = 1) -> None:
        """A paragraph across ``width`` columns from ``col`` (its height is set when widths
        are known)."""
        from openpyxl.styles import Alignment

        cell = self.put(self.row, col, text, measure=False)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        span = max(width, 6)
        self.ws.merge_cells(start_row=self.row, start_column=col, end_row=self.row,
                            end_column=col + span - 1)
        self.notes.append((self.row, text, col, span))
        self.row += 1

    def side_title(self, title: str, notes: list[str], col: int, width: int) -> None:
        """The heading and notes of a second printed part, beside the sheet's own."""
        from openpyxl.styles import Font

        c = self.content
        self.put(TITLE_ROW, col, title, measure=False).font = Font(name=FONT, bold=True, size=14, color="1F4E79")
        self.put(UNIT_ROW, col, f"{c.unit_name}: {_month_long(c.month)}", measure=False).font = \
            Font(name=FONT, italic=True)
        below, self.row = self.row, 3
        for text in notes:
            self.note(text, width, col)
        self.row = max(below, self.row + 1)

    def table(self, t: core.Table, *, col: int = 1, rag: bool = True) -> tuple[int, int]:
        """Header and rows from ``self.row``; returns (header row, last row)."""
        from openpyxl.styles import Alignment, Font

        from maternity_desk.exchange.xlsx import header_row, rag_conditional_format

        first = self.row
        if t.title:
            self.put(self.row, col, t.title, measure=False).font = Font(name=FONT, bold=True, size=12)
            self.heights[self.row] = 18
            self.row += 1
        top = self.row
        header_row(self.ws, top, t.headers, col=col)
        font = Font(name=FONT, bold=True, color="FFFFFF")
        right = Alignment(wrap_text=True, vertical="center", horizontal="right")
        for i, c in enumerate(t.columns):
            cell = self.ws.cell(row=top, column=col + i)
            cell.font = font
            if c.kind in NUMERIC_KINDS:  # over the figures, which stand right
                cell.alignment = right
        for i, h in enumerate(t.headers):
            self.widths[col + i] = max(self.widths.get(col + i, 0), _header_width(h))
            self.texts.append((top, col + i, h, True))
        kinds = [c.kind for c in t.columns]
        r = top
        cols = [col + i for i in range(len(kinds))]
        for r, values in enumerate(t.rows, start=top + 1):
            for i, v in enumerate(values):
                self.put(r, col + i, v, kinds[i])
            self.filled[r] = cols
        if not t.rows:
            r = top + 1
            self.put(r, col, t.empty, measure=False).font = Font(name=FONT, italic=True)
        if rag and t.rows:
            from openpyxl.utils import get_column_letter

            for i, k in enumerate(kinds):
                if k == "rag":
                    letter = get_column_letter(col + i)
                    rag_conditional_format(self.ws, f"{letter}{top + 1}:{letter}{r}")
        self.blocks.append((first, r))
        self.row = r + 2
        return top, r

    # --- layout ---------------------------------------------------------------------------------

    def _final_widths(self, minimum: int, maximum: int) -> dict[int, float]:
        widths = {c: max(minimum, min(maximum, w + 2)) for c, w in self.widths.items()}
        for c, w in self._text_columns().items():  # long text wraps rather than widening
            widths[c] = min(widths[c], max(w, TEXT_MAX))
        return widths

    def _text_columns(self) -> dict[int, int]:
        """Columns holding text that can wrap, with the narrowest each can be made."""
        floors: dict[int, int] = dict(self.floors)
        for _r, c, text, bold in self.texts:
            if bold:
                continue
            longest = max((len(w) for w in text.split()), default=0)
            floors[c] = max(floors.get(c, WRAP_FLOOR), longest + 1)
        return floors

    def _narrow(self, widths: dict[int, float], part: list[int], budget: float) -> None:
        """Narrow the widest text columns of ``part`` until it fits ``budget`` points."""
        floors = {c: f for c, f in self._text_columns().items() if c in part and c in widths}
        while sum(column_points(widths.get(c, 8.43)) for c in part) + self.chart_points > budget:
            can = [c for c in floors if widths[c] > floors[c]]
            if not can:
                return
            widest = max(can, key=lambda c: widths[c])
            widths[widest] -= 1

    def finish(self, header: str, *, parts: list[list[int]] | None = None,
               title_rows: tuple[int, int] | None = None, title_cols: str | None = None,
               minimum: int = 8, maximum: int = 50, min_scale: int = MIN_SCALE,
               wrap: bool = True, keep_together: bool = False) -> int:
        """Column widths, wrapped text, row heights and the print setup; returns the scale."""
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.pagebreak import Break

        ws = self.ws
        widths = self._final_widths(minimum, maximum) if wrap else {
            c: max(minimum, min(maximum, w + 2)) for c, w in self.widths.items()}
        columns = sorted(widths)
        parts = parts or [columns]
        if wrap:
            for part in parts:
                self._narrow(widths, part, PRINT_WIDTH_PT * 100 / TARGET_SCALE)
        printed = max(sum(column_points(widths.get(c, 8.43)) for c in part) + self.chart_points
                      for part in parts)
        # a sheet with nothing but a note (an area this database lacks) has no columns to fit
        scale = max(min_scale, min(100, int(PRINT_WIDTH_PT * 100 / printed))) if printed > 0 else 100
        for c, w in widths.items():
            ws.column_dimensions[get_column_letter(c)].width = w

        heights = dict(self.heights)
        tall: set[int] = set()
        if wrap:
            for r, c, text, bold in self.texts:
                w = widths.get(c, 8.43)
                if len(text) < w - 1:
                    continue
                lines = wrapped_lines(text, w if bold else w * TEXT_FACTOR)
                if lines > 1 or not bold:
                    cell = ws.cell(row=r, column=c)
                    cell.alignment = _alignment(True, "center" if bold else "top",
                                                cell.alignment.horizontal)
                    heights[r] = max(heights.get(r, ROW_PT), ROW_PT * lines)
                    if not bold:
                        tall.add(r)
            for r in tall:  # the rest of a tall row's cells line up with its first line
                for c in self.filled.get(r, ()):
                    cell = ws.cell(row=r, column=c)
                    if not cell.alignment.wrap_text:
                        cell.alignment = _alignment(False, "top", cell.alignment.horizontal)
        for r, text, first, span in self.notes:
            room = sum(widths.get(c, 8.43) for c in range(first, first + span)) * TEXT_FACTOR
            heights[r] = max(heights.get(r, ROW_PT), ROW_PT * wrapped_lines(text, room))

        last_row = ws.max_row
        if wrap:  # every row a known height (Excel's), so pages break where worked out here
            for r in range(1, last_row + 1):
                heights.setdefault(r, ROW_PT)
        for r, h in heights.items():
            ws.row_dimensions[r].height = h

        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.scale = scale
        ws.page_setup.fitToWidth = 0
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        ws.page_setup.pageOrder = "downThenOver"
        m = ws.page_margins
        m.left = m.right = MARGIN_SIDE_IN
        m.top = m.bottom = MARGIN_TOP_IN
        m.header = m.footer = MARGIN_HEADER_IN
        ws.print_options.horizontalCentered = False
        ws.oddHeader.center.text = header.replace("&", "&&")
        ws.oddHeader.center.size = 9
        footer(ws, self.content.unit_name, f"{month_label(self.content.month)}", size=10)
        ws.oddFooter.center.text += " · &A"  # and the sheet's name
        if title_rows:
            ws.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"
        if title_cols:
            ws.print_title_cols = title_cols
        for part in parts[1:]:
            ws.col_breaks.append(Break(id=min(part) - 1))
        set_text_apart(ws)
        if keep_together:
            self._page_breaks(heights, scale, title_rows)
        return scale

    def _page_breaks(self, heights: dict[int, float], scale: int,
                     title_rows: tuple[int, int] | None) -> None:
        """Row breaks so that a table (with its chart) that fits on a page is not split."""
        from openpyxl.worksheet.pagebreak import Break

        repeated = sum(heights.get(r, ROW_PT) for r in range(title_rows[0], title_rows[1] + 1)) \
            if title_rows else 0.0
        page = PRINT_HEIGHT_PT * 100 / scale - repeated
        starts = {first: last for first, last in self.blocks}
        used = 0.0
        for r in range(1, self.ws.max_row + 1):
            if r in starts and used:
                block = sum(heights.get(x, ROW_PT) for x in range(r, starts[r] + 1))
                if block <= page < used + block:
                    self.ws.row_breaks.append(Break(id=r - 1))
                    used = 0.0
            h = heights.get(r, ROW_PT)
            if used + h > page:  # the spreadsheet program's own break
                used = 0.0
            used += h


HEADER_WRAP = 9
NUMERIC_KINDS = frozenset({"count", "rate", "money", "number", "date", "month"})


def _header_width(header: str) -> int:
    """Room for a heading wrapped onto at most two lines."""
    if len(header) <= HEADER_WRAP:
        return len(header)
    words = header.split()
    return max(max(len(w) for w in words), -(-len(header) // 2))


def _right():
    return _alignment(False, None, "right")


_ALIGNMENTS: dict[tuple, object] = {}


def _alignment(wrap: bool, vertical: str | None, horizontal: str | None):
    """One Alignment object for each combination (made once, as openpyxl shares them)."""
    key = (wrap, vertical, horizontal)
    found = _ALIGNMENTS.get(key)
    if found is None:
        from openpyxl.styles import Alignment

        found = _ALIGNMENTS[key] = Alignment(wrap_text=wrap, vertical=vertical, horizontal=horizontal)
    return found


def _month_long(month: str) -> str:
    return f"{month_start(month):%B %Y}"


def _cover(sheet: _Sheet, content: core.ReturnContent) -> None:
    from openpyxl.styles import Alignment, Font

    ws = sheet.ws
    sheet.put(1, 1, "Monthly maternity return", measure=False).font = Font(name=FONT, bold=True, size=16, color="1F4E79")
    sheet.heights[1] = 24
    sheet.put(2, 1, f"{content.unit_name}: {_month_long(content.month)}", measure=False).font = Font(name=FONT, italic=True)
    facts = [
        ("Unit", content.unit_name), ("Trust", content.trust), ("ODS code", content.ods_code),
        ("Local maternity system", content.lms), ("Region", content.region),
        ("Month", core.Month(content.month)), ("Produced", content.produced),
        ("Produced by", content.version),
        ("Small-number suppression", "Applied" if content.suppressed else "Not applied"),
    ]
    r = 4
    for label, value in facts:
        sheet.put(r, 1, label).font = Font(name=FONT, bold=True)
        cell = sheet.put(r, 2, value)
        if isinstance(value, core.Month):
            cell.number_format = "mmmm yyyy"
        cell.alignment = Alignment(horizontal="left")
        r += 1
    sheet.row = r
    sheet.widths[2] = max(sheet.widths.get(2, 0), 24)
    sheet.note(content.suppression_text, 4)
    sheet.note("No patient identifiers: figures are counts and rates; perinatal reviews carry the "
               "unit's local reference and the month of death only.", 4)
    sheet.row += 1
    rows = []
    for name, title, n, available in content.contents():
        rows.append((core.Link(name, name), title, n,
                     "" if available else "Not available: see the sheet"))
    contents = core.Table((core.Column("Sheet", "link"), core.Column("Contents"),
                           core.Column("Rows", "count"), core.Column("Note")), rows, title="Contents")
    sheet.table(contents)
    ws.sheet_view.showGridLines = False


def _add_chart(ws, t: core.Table, top: int, last: int, anchor: str) -> None:
    from openpyxl.chart import LineChart, Reference

    scale = next((v.scale for row in t.rows for v in row if isinstance(v, core.Rate)), "ratio")
    chart = LineChart()
    chart.title = t.chart
    chart.height, chart.width = CHART_HEIGHT_CM, CHART_WIDTH_CM
    chart.y_axis.title = None
    chart.y_axis.number_format = RATE_FORMATS.get(scale, "General").replace('" per 1,000"', "")
    chart.x_axis.number_format = FMT_MONTH
    chart.x_axis.majorTimeUnit = "months"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"
    data = Reference(ws, min_col=2, max_col=6, min_row=top, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=last))
    styles = [("1F4E79", None, 22000), ("7F7F7F", "dash", 12700), ("C00000", "sysDot", 12700),
              ("C00000", "sysDot", 12700), ("00B050", "lgDash", 12700)]
    for s, (colour, dash, w) in zip(chart.series, styles):
        s.graphicalProperties.line.solidFill = colour
        s.graphicalProperties.line.width = w
        if dash:
            s.graphicalProperties.line.dashStyle = dash
        s.smooth = False
    ws.add_chart(chart, anchor)


def write_workbook(content: core.ReturnContent, path: Path | str, *,
                   progress: Progress | None = None) -> Path:
    """The return as an .xlsx workbook (no macros, formula-looking text kept as text), laid
    out to print readably on A4 landscape."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from maternity_desk.exchange.xlsx import new_workbook

    path = Path(path)
    say = progress or (lambda _text: None)
    label = month_label(content.month)
    wb = new_workbook(f"{content.unit_name}: monthly return {label}",
                      f"Monthly maternity return for {_month_long(content.month)}")
    wb.properties.category = "Monthly return"
    wb.properties.description = content.suppression_text
    wb.properties.identifier = f"{content.ods_code or content.unit_name}:{content.month}"
    header = f"{content.unit_name}: monthly return, {_month_long(content.month)}"

    cover = wb.active
    cover.title = "Cover"
    s = _Sheet(wb, cover, content)
    _cover(s, content)
    s.finish(header, maximum=60)

    for section in content.sections:
        say(f"Writing {section.sheet}")
        ws = wb.create_sheet(section.sheet)
        s = _Sheet(wb, ws, content)
        if section.sheet == "Data":
            t = section.tables[0]
            top, last = s.table(t)
            ws.freeze_panes = "A2"
            if t.rows:
                ws.auto_filter.ref = f"A1:{get_column_letter(len(t.columns))}{last}"
            s.finish(header, title_rows=(1, 1), wrap=False, min_scale=50)
            continue
        width = max((len(t.columns) for t in section.tables), default=6)
        if section.sheet == "Dashboard":  # notes as wide as the first printed part
            width = core.DASHBOARD_PRINT_SPLIT
        # widths first, so notes wrap to the table's width
        for t in section.tables:
            for i, h in enumerate(t.headers, start=1):
                s.widths[i] = max(s.widths.get(i, 0), _header_width(h))
        s.title(section, width)
        if section.side_notes:
            n = len(section.tables[0].columns)
            s.side_title(core.DASHBOARD_REFERENCE_TITLE, section.side_notes, width + 1, n - width)
        if not section.available:
            ws.cell(row=3, column=1).font = Font(name=FONT, bold=True, color="9C0006")
        if len(section.tables) == 1:
            top, _last = s.table(section.tables[0])
            parts = None
            if section.sheet == "Dashboard":  # two printed parts, each with the indicator
                ws.freeze_panes = ws.cell(row=top + 1, column=2)
                n, split = len(section.tables[0].columns), core.DASHBOARD_PRINT_SPLIT
                # the indicator's name on one line where it can be: a name wrapped by an
                # estimate that print does not need leaves a tall row with a blank half
                longest = max((len(str(row[0])) for row in section.tables[0].rows), default=0)
                s.floors[1] = s.floors[split + 1] = max(26, min(36, longest + 1))
                s.floors[split + 2] = 21  # its group, on one line
                parts = [list(range(1, split + 1)), list(range(split + 1, n + 1))]
            else:
                ws.freeze_panes = ws.cell(row=top + 1, column=1)
            s.finish(header, parts=parts, title_rows=(top, top))
        else:
            ws.freeze_panes = ws.cell(row=3, column=1)
            charted = any(t.chart and t.rows for t in section.tables)
            if charted:  # the chart sits right of the table, past a narrow gap column
                s.chart_points = CHART_WIDTH_CM / 2.54 * 72 + column_points(2)
                ws.column_dimensions[get_column_letter(width + 1)].width = 2
            for t in section.tables:
                top, last = s.table(t)
                if t.chart and t.rows:
                    _add_chart(ws, t, top, last, f"{get_column_letter(width + 2)}{top - 1}")
                    s.blocks[-1] = (s.blocks[-1][0], max(last, top - 1 + CHART_ROWS))
                    s.row = max(s.row, top + CHART_ROWS + 1)
            s.finish(header, keep_together=True)
    say("Saving")
    return save_workbook(wb, path)


def export_return(store, month: str, path: Path | str, *, suppress: bool = False,
                  produced: datetime | None = None, progress: Progress | None = None) -> Path:
    return write_workbook(build_return(store, month, suppress=suppress, produced=produced,
                                       progress=progress), path, progress=progress)


# --- reading a return back (import kind "return") ---------------------------------------------------

COLUMNS = [
    Column("unit", aliases=("unit name", "organisation", "provider")),
    Column("ods_code", required=False, aliases=("ods", "ods code", "org code")),
    Column("month", aliases=("period", "reporting month")),
    Column("indicator", aliases=("indicator code", "code")),
    Column("indicator_name", required=False, aliases=("indicator name", "name")),
    Column("numerator", aliases=("num",)),
    Column("denominator", aliases=("den", "denom")),
    Column("value", required=False),
    Column("suppressed", required=False),
]


def plan_return(store, rows: MappedRows, **_extra) -> ImportPlan:
    """A return's Data sheet: the unit's own rows (the same name as this unit) are its own
    figures; any other unit's rows are peer figures for benchmarking. Suppressed counts
    (``*``) cannot be read back and are skipped with a warning; a suppressed return of the
    unit itself is refused (its rounded figures would overwrite the real ones)."""
    from maternity_desk.store import dashboard as dash
    from maternity_desk.store import data_items

    own = dash.own_unit_name(store)
    own_key = own.strip().lower()
    catalogue = dash.indicators(store)
    by_key = {i.code.lower(): i for i in catalogue}
    by_name = {i.name.strip().lower(): i for i in catalogue}
    peers = {p["name"].lower(): p for p in dash.peer_units(store)}
    problems: list[Problem] = []
    warnings: list[Problem] = []
    seen: dict[tuple[str, str, str], int] = {}
    own_rows: list[tuple[str, str, int, int]] = []
    peer_rows: dict[str, list[tuple[str, str, int, int]]] = {}
    new_peers: dict[str, tuple[str, str]] = {}
    skipped = 0
    own_suppressed: list[int] = []
    for row_no, r in rows:
        unit = "" if r.get("unit") is None else str(r.get("unit")).strip()
        ok = True
        if not unit:
            problems.append(rows.problem(row_no, "unit", "the unit is required"))
            ok = False
        try:
            month = parse_month(r.get("month"))
        except InvalidValue as exc:
            problems.append(rows.problem(row_no, "month", str(exc)))
            ok, month = False, ""
        code = "" if r.get("indicator") is None else str(r.get("indicator")).strip().lower()
        ind = by_key.get(code)
        if ind is None and r.get("indicator_name"):
            ind = by_name.get(str(r.get("indicator_name")).strip().lower())
        if ind is None:
            problems.append(rows.problem(row_no, "indicator", (
                "an indicator is required" if not code else
                f"'{r.get('indicator')}' is not an indicator in this unit's catalogue")))
            ok = False
        is_own = unit.lower() == own_key
        flagged = str(r.get("suppressed") or "").strip().lower() in ("yes", "y", "true", "1")
        if is_own and flagged:  # said once, at the first such row, with how many there are
            own_suppressed.append(row_no)
            ok = False
        counts: dict[str, int] = {}
        starred = False
        for col in ("numerator", "denominator"):
            raw = r.get(col)
            if isinstance(raw, str) and raw.strip() == core.SUPPRESSED:
                starred = True
                continue
            try:
                if col == "denominator" and ind is not None and denominator_places(ind):
                    counts[col] = parse_count_text(raw, places=denominator_places(ind))
                    if counts[col] is None:
                        raise InvalidValue("a number is required")
                else:
                    counts[col] = parse_count(raw)
            except InvalidValue as exc:
                problems.append(rows.problem(row_no, col, str(exc)))
                ok = False
        if not ok:
            continue
        if starred:
            skipped += 1
            continue
        if ind.is_proportion and counts["numerator"] > counts["denominator"]:
            problems.append(rows.problem(row_no, "numerator", (
                f"the numerator ({counts['numerator']}) is more than the denominator "
                f"({counts['denominator']}) for {ind.name}")))
            continue
        key = (unit.lower(), month, ind.code)
        if key in seen:
            problems.append(rows.problem(row_no, "month", (
                f"{ind.code} for {month_label(month)} at {unit} is already on row {seen[key]}")))
            continue
        seen[key] = row_no
        value = (month, ind.code, counts["numerator"], counts["denominator"])
        if is_own:
            own_rows.append(value)
        else:
            peer = peers.get(unit.lower())
            name = peer["name"] if peer else new_peers.setdefault(
                unit.lower(), (unit, str(r.get("ods_code") or "").strip()))[0]
            peer_rows.setdefault(name, []).append(value)
    if own_suppressed:
        n = len(own_suppressed)
        problems.insert(0, rows.problem(own_suppressed[0], "suppressed", (
            f"this is {own}'s own return with small-number suppression ({plural(n, 'row')} from this "
            "one): its rounded figures would overwrite the real ones, so it is not imported")))
    if problems:
        raise ValidationFailed(problems)
    if skipped:
        warnings.append(Problem(rows.file, None, None, (
            f"{plural(skipped, 'row')} with counts suppressed as '*' (small numbers) are not imported")))
    if not own_rows and not peer_rows:
        raise ValidationFailed([Problem(rows.file, None, None,
                                        "the return has no figures that can be imported")])

    replaces: list[str] = []
    held_own = set(dash.all_values(store))
    n_own = sum(1 for m, c, _n, _d in own_rows if (m, c) in held_own)
    if n_own:
        replaces.append(f"{own}: {plural(n_own, 'value')} already held will be replaced")
    for unit in sorted(peer_rows):
        held = dash.peer_keys(store, unit)
        n = sum(1 for m, c, _n, _d in peer_rows[unit] if (m, c) in held)
        if n:
            replaces.append(f"{unit}: {plural(n, 'value')} already held will be replaced")
    summary = []
    if own_rows:
        months = sorted({v[0] for v in own_rows})
        summary.append(f"{plural(len(own_rows), 'value')} for {own} (this unit), "
                       f"{month_label(months[0])} to {month_label(months[-1])}")
    for unit in sorted(peer_rows):
        months = sorted({v[0] for v in peer_rows[unit]})
        summary.append(f"{plural(len(peer_rows[unit]), 'value')} for peer unit {unit}, "
                       f"{month_label(months[0])} to {month_label(months[-1])}")
    created = sorted(new_peers.values())
    if created:
        summary.append(f"{plural(len(created), 'new peer unit')}: {', '.join(n for n, _o in created)}")
    total = len(own_rows) + sum(len(v) for v in peer_rows.values())

    def apply(s) -> None:
        for name, ods in created:
            dash.add_peer_unit(s, name, _valid_ods(ods))
        if own_rows:
            dash.set_values(s, own_rows, action="import")
            data_items.absorb_indicator_figures(s, own_rows)  # the data items they imply, once
        for unit, values in peer_rows.items():
            dash.set_values(s, values, action="import", unit=unit)

    return ImportPlan("return", rows.file, total, apply, summary=summary, warnings=warnings,
                      replaces=replaces)


def _valid_ods(text: str) -> str:
    from maternity_desk.core.unit import validate_ods_code

    try:
        return validate_ods_code(text) if text else ""
    except InvalidValue:
        return ""


IMPORTER = Importer(
    kind="return",
    title="Another unit's monthly return (its Data sheet) as peer data",
    columns=COLUMNS,
    plan=plan_return,
    sheet="Data",
    description=(
        "Reads the Data sheet of a Maternity Desk monthly return (one row per unit, month and "
        "indicator). Another unit's figures become peer data for benchmarking; this unit's own "
        "return restores its own figures. Counts suppressed as '*' are skipped."
    ),
)


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
