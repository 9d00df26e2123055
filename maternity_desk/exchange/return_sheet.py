"""The monthly return's sheets as laid out on paper: number formats, cell values, column
widths, wrapping, row heights and the print geometry (:class:`_Sheet`). Used by
:mod:`maternity_desk.exchange.return_workbook`; no openpyxl at import."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from maternity_desk.core import returns as core
from maternity_desk.core.periods import month_label, month_start
from maternity_desk.exchange.xlsx import (  # no openpyxl at import
    FMT_DATE,
    FMT_GBP,
    FMT_INT,
    RAG_WORDS,
    RISKY_PREFIXES,
    footer,
    put,
)

RATE_FORMATS = {
    "percent": "0.0%",
    "per_1000": '0.00" per 1,000"',
    "per_100": '0.00" per 100"',
    "per_100000": '0.0" per 100,000"',
    "ratio": "0.0",
}
FMT_MONTH = "mmm yyyy"
FMT_NUMBER = "0.00##"
FMT_WTE = "#,##0.00"  # whole-time equivalents (counts that are not whole), to 2 places
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
TEXT_LIMIT = 32767  # the longest text a cell holds (openpyxl cuts longer text short)
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
    if kind == "count" and isinstance(value, float):
        return value, FMT_WTE
    if kind == "number" and isinstance(value, float):
        return value, FMT_NUMBER
    return value, None


_PLAIN_FORMATS = {(int, "count"): FMT_INT, (float, "count"): FMT_WTE, (float, "number"): FMT_NUMBER}
"""(class, column kind) -> number format of a value :func:`_cell_value` stores as it is: text
(but a RAG status), a whole number, a figure or a blank, of exactly those classes."""


def _text_width(value, fmt: str | None) -> int:
    if value is None:
        return 0
    cls = value.__class__
    if cls is str and value.isprintable():  # one line (every line break is unprintable)
        return len(value)
    if cls is int:
        return len(str(value))
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
        self.values: dict[tuple[int, int], object] = {}  # (row, col) -> every value written
        self.styles = _Styles.of(wb)

    def put(self, row: int, col: int, value, kind: str = "text", *, measure: bool = True):
        if isinstance(value, core.Link):
            from openpyxl.worksheet.hyperlink import Hyperlink

            cell = put(self.ws, row, col, value.text)
            self.values[row, col] = value.text
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{value.sheet}'!A1",
                                       display=value.text)
            cell.style = "Hyperlink"
            fmt = None
        else:
            v, fmt = _cell_value(value, kind)
            cell = put(self.ws, row, col, v)
            if fmt:
                self.styles.number_format(cell, fmt)
            self.values[row, col] = v
            if v == core.SUPPRESSED:
                self.styles.set(cell, "alignment", _right())
            elif measure and isinstance(v, str) and len(v) > WRAP_FLOOR:
                self.texts.append((row, col, v, False))
        if measure:
            w = _text_width(cell.value if not isinstance(value, core.Link) else value, fmt)
            if w > self.widths.get(col, 0):
                self.widths[col] = w
        return cell

    def _row(self, r: int, col: int, row: Sequence, kinds: list[str]) -> None:
        """One table row, each value as :meth:`put` writes it. Text, whole numbers, figures
        and blanks (nearly every cell) are made here: a new cell with its number format's
        style record from the start, and the value stored as openpyxl's setter would store it
        (text it would check is checked the same way first, and anything unusual goes through
        the setter itself); anything else (a link, a date, formula-looking text, a suppressed
        figure, a cell already written) by :meth:`put`."""
        from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell

        illegal = ILLEGAL_CHARACTERS_RE.search
        ws = self.ws
        cells, values, widths, texts = ws._cells, self.values, self.widths, self.texts
        with_format, plain_format = self.styles.format_array, _PLAIN_FORMATS.get
        for i, value in enumerate(row):
            c, kind, cls = col + i, kinds[i], value.__class__
            if (cls is str and kind != "rag") or cls is int or cls is float or value is None:
                v, fmt = value, plain_format((cls, kind))  # as _cell_value gives it
            else:
                v, fmt = _cell_value(value, kind)
                cls = v.__class__
            if ((cls is str and (v.startswith(RISKY_PREFIXES) or v == core.SUPPRESSED))
                    or not (cls is str or cls is int or cls is float or v is None) or (r, c) in cells):
                self.put(r, c, value, kind)
                continue
            cell = cells[r, c] = Cell(ws, r, c, None, with_format(fmt) if fmt else None)
            values[r, c] = v
            if cls is str:
                if len(v) <= TEXT_LIMIT and v not in ERROR_CODES and not illegal(v):
                    cell._value, cell.data_type = v, "s"  # what openpyxl's setter makes of it
                else:
                    cell.value = v  # openpyxl cuts it short, marks an error code or refuses it
                if len(v) > WRAP_FLOOR:
                    texts.append((r, c, v, False))
                shown = cell._value
                w = len(shown) if shown.isprintable() else _text_width(shown, fmt)
            elif v is None:
                continue
            else:
                cell._value = v  # data type "n", as a new cell has
                w = len(str(v)) if cls is int else _text_width(v, fmt)
            if w > widths.get(c, 0):
                widths[c] = w
        if row and r > ws._current_row:  # as openpyxl keeps it for the cells it makes
            ws._current_row = r

    def font(self, cell, **style) -> None:
        """Set a font (made once for the program) on ``cell``."""
        self.styles.set(cell, "font", _font(**style))

    def title(self, section: core.Section, width: int) -> None:
        c = self.content
        self.font(self.put(TITLE_ROW, 1, section.title, measure=False), name=FONT, bold=True, size=14, color="1F4E79")
        self.heights[TITLE_ROW] = 21
        self.font(self.put(UNIT_ROW, 1, f"{c.unit_name}: {_month_long(c.month)}", measure=False), name=FONT, italic=True)
        self.row = 3
        for note in section.notes:
            self.note(note, width)
        if c.suppressed and section.sheet not in ("Cover",):
            self.note("Small-number suppression applied (see the Cover sheet).", width)
        self.row += 1

    def note(self, text: str, width: int, col: int = 1) -> None:
        """A paragraph across ``width`` columns from ``col`` (its height is set when widths
        are known)."""
        cell = self.put(self.row, col, text, measure=False)
        self.styles.set(cell, "alignment", _alignment(True, "top", None))
        span = max(width, 6)
        self.ws.merge_cells(start_row=self.row, start_column=col, end_row=self.row,
                            end_column=col + span - 1)
        self.notes.append((self.row, text, col, span))
        self.row += 1

    def side_title(self, title: str, notes: list[str], col: int, width: int) -> None:
        """The heading and notes of a second printed part, beside the sheet's own."""
        c = self.content
        self.font(self.put(TITLE_ROW, col, title, measure=False), name=FONT, bold=True, size=14, color="1F4E79")
        self.font(self.put(UNIT_ROW, col, f"{c.unit_name}: {_month_long(c.month)}", measure=False),
                  name=FONT, italic=True)
        below, self.row = self.row, 3
        for text in notes:
            self.note(text, width, col)
        self.row = max(below, self.row + 1)

    def table(self, t: core.Table, *, col: int = 1, rag: bool = True) -> tuple[int, int]:
        """Header and rows from ``self.row``; returns (header row, last row)."""
        from maternity_desk.exchange.xlsx import header_row, rag_conditional_format

        first = self.row
        if t.title:
            self.font(self.put(self.row, col, t.title, measure=False), name=FONT, bold=True, size=12)
            self.heights[self.row] = 18
            self.row += 1
        top = self.row
        header_row(self.ws, top, t.headers, col=col)
        font = _font(name=FONT, bold=True, color="FFFFFF")
        right = _alignment(True, "center", "right")
        for i, c in enumerate(t.columns):
            cell = self.ws.cell(row=top, column=col + i)
            self.styles.set(cell, "font", font)
            if c.kind in NUMERIC_KINDS:  # over the figures, which stand right
                self.styles.set(cell, "alignment", right)
        for i, h in enumerate(t.headers):
            self.values[top, col + i] = h
            self.widths[col + i] = max(self.widths.get(col + i, 0), _header_width(h))
            self.texts.append((top, col + i, h, True))
        kinds = [c.kind for c in t.columns]
        r = top
        cols = [col + i for i in range(len(kinds))]
        for r, values in enumerate(t.rows, start=top + 1):
            self._row(r, col, values, kinds)
            self.filled[r] = cols
        if not t.rows:
            r = top + 1
            self.font(self.put(r, col, t.empty, measure=False), name=FONT, italic=True)
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
        from openpyxl.worksheet.dimensions import RowDimension
        from openpyxl.worksheet.pagebreak import Break

        ws, styles = self.ws, self.styles
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
                    styles.set(cell, "alignment", _alignment(True, "center" if bold else "top",
                                                             styles.alignment(cell).horizontal))
                    heights[r] = max(heights.get(r, ROW_PT), ROW_PT * lines)
                    if not bold:
                        tall.add(r)
            for r in tall:  # the rest of a tall row's cells line up with its first line
                for c in self.filled.get(r, ()):
                    cell = ws.cell(row=r, column=c)
                    now = styles.alignment(cell)
                    if not now.wrap_text:
                        styles.set(cell, "alignment", _alignment(False, "top", now.horizontal))
        for r, text, first, span in self.notes:
            room = sum(widths.get(c, 8.43) for c in range(first, first + span)) * TEXT_FACTOR
            heights[r] = max(heights.get(r, ROW_PT), ROW_PT * wrapped_lines(text, room))

        last_row = ws.max_row
        if wrap:  # every row a known height (Excel's), so pages break where worked out here
            for r in range(1, last_row + 1):
                heights.setdefault(r, ROW_PT)
        rows = ws.row_dimensions
        for r, h in heights.items():
            if r in rows:
                rows[r].height = h
            else:  # made with its height, rather than made empty by the holder and then set
                rows[r] = RowDimension(ws, index=r, ht=h)

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
        self._set_text_apart()
        if keep_together:
            self._page_breaks(heights, scale, title_rows)
        return scale

    def _set_text_apart(self) -> None:
        """:func:`xlsx.set_text_apart` (a text cell right of a figure is indented) from the
        values this sheet wrote, rather than a pass over every cell of the sheet."""
        values, styles = self.values, self.styles
        found = []
        for (r, c), value in values.items():
            if not (isinstance(value, str) and value != "" and not value.startswith("=")):
                continue
            left = values.get((r, c - 1))
            if ((isinstance(left, (int, float)) and not isinstance(left, bool))
                    or (isinstance(left, str) and left.startswith("="))):
                found.append((r, c))
        for r, c in sorted(found):  # row by row, left to right, as the pass over the sheet went
            cell = self.ws.cell(row=r, column=c)
            a = styles.alignment(cell)
            if not a.indent:
                styles.set(cell, "alignment", _alignment(a.wrap_text, a.vertical, a.horizontal
                                                         if a.horizontal not in (None, "general") else "left", 1))

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


def _alignment(wrap: bool | None, vertical: str | None, horizontal: str | None, indent: int = 0):
    """One Alignment object for each combination (made once, as openpyxl shares them)."""
    key = (wrap, vertical, horizontal, indent)
    found = _ALIGNMENTS.get(key)
    if found is None:
        from openpyxl.styles import Alignment

        found = _ALIGNMENTS[key] = Alignment(wrap_text=wrap, vertical=vertical, horizontal=horizontal,
                                             indent=indent)
    return found


_FONTS: dict[tuple, object] = {}


def _font(**style):
    """One Font object for each combination."""
    key = tuple(sorted(style.items()))
    found = _FONTS.get(key)
    if found is None:
        from openpyxl.styles import Font

        found = _FONTS[key] = Font(**style)
    return found


class _Styles:
    """The style records of one workbook, each looked up once. Setting a style the usual way
    (``cell.font = ...``) makes openpyxl hash the style field by field and compare it with the
    workbook's records on every cell; the return sets a handful of styles on thousands."""

    _RECORDS = {"font": ("_fonts", "fontId"), "fill": ("_fills", "fillId"),
                "alignment": ("_alignments", "alignmentId")}

    def __init__(self, wb):
        self.wb = wb
        self.found: dict[tuple[str, int], tuple[object, int]] = {}  # the style kept: its id stays its own
        self.formats: dict[str, int] = {}  # number format -> its id
        self.arrays: dict[str, object] = {}  # number format -> the style record of format_array

    @classmethod
    def of(cls, wb) -> _Styles:
        styles = wb.__dict__.get("_return_styles")
        if styles is None:
            styles = wb._return_styles = cls(wb)
        return styles

    def set(self, cell, kind: str, style) -> None:
        """``cell.<kind> = style``."""
        records, field = self._RECORDS[kind]
        found = self.found.get((kind, id(style)))
        if found is None:
            found = self.found[kind, id(style)] = (style, getattr(self.wb, records).add(style))
        if not cell._style:  # a cell not styled yet (as openpyxl's own setter does)
            from openpyxl.styles.cell_style import StyleArray

            cell._style = StyleArray()
        setattr(cell._style, field, found[1])

    def format_array(self, fmt: str):
        """The style record of a cell with nothing but the number format ``fmt`` (each new
        cell takes a copy)."""
        found = self.arrays.get(fmt)
        if found is None:
            from openpyxl.styles.cell_style import StyleArray

            found = self.arrays[fmt] = StyleArray()
            found.numFmtId = self._format_id(fmt)
        return found

    def number_format(self, cell, fmt: str) -> None:
        """``cell.number_format = fmt``."""
        found = self._format_id(fmt)
        if not cell._style:
            from openpyxl.styles.cell_style import StyleArray

            cell._style = StyleArray()
        cell._style.numFmtId = found

    def _format_id(self, fmt: str) -> int:
        found = self.formats.get(fmt)
        if found is None:
            from openpyxl.styles.numbers import BUILTIN_FORMATS_MAX_SIZE, BUILTIN_FORMATS_REVERSE

            found = BUILTIN_FORMATS_REVERSE.get(fmt)
            if found is None:
                found = self.wb._number_formats.add(fmt) + BUILTIN_FORMATS_MAX_SIZE
            self.formats[fmt] = found
        return found

    def alignment(self, cell):
        """``cell.alignment`` (the workbook's record itself, not a copy)."""
        return self.wb._alignments[cell._style.alignmentId if cell._style else 0]


def _month_long(month: str) -> str:
    return f"{month_start(month):%B %Y}"
