"""Writing workbooks that look like a careful analyst made them, and are safe to open.

Every text cell goes through :func:`put`: text beginning with ``= + - @``, a tab or a
carriage return is stored as a string with Excel's quote prefix, so it is shown as typed and
never evaluated. Formulas are written only through :func:`put_formula`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from copy import copy
from datetime import datetime
from typing import Any

from maternity_desk import APP_NAME, __version__

FMT_GBP = '"£"#,##0.00;[Red]-"£"#,##0.00'
FMT_PCT = "0.0%"
FMT_INT = "#,##0"
FMT_RATE = "0.00"
FMT_DATE = "dd/mm/yyyy"
RISKY_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = "1F4E79"
RAG_COLOURS = {"green": "C6EFCE", "amber": "FFEB9C", "red": "FFC7CE"}
RAG_FONTS = {"green": "006100", "amber": "9C5700", "red": "9C0006"}
RAG_WORDS = {"green": "Green", "amber": "Amber", "red": "Red"}
"""How a RAG status is written in a cell (statuses are capitalised wherever users read them)."""


def is_risky_text(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(RISKY_PREFIXES)


def put(ws, row: int, col: int, value: Any, number_format: str | None = None):
    """Write one value; risky text stays text."""
    cell = ws.cell(row=row, column=col)
    if is_risky_text(value):
        cell.value = value
        cell.data_type = "s"
        cell.quotePrefix = True
    else:
        cell.value = value
    if number_format:
        cell.number_format = number_format
    return cell


def put_formula(ws, row: int, col: int, formula: str, number_format: str | None = None):
    if not formula.startswith("="):
        raise ValueError("a formula starts with '='")
    cell = ws.cell(row=row, column=col, value=formula)
    if number_format:
        cell.number_format = number_format
    return cell


def new_workbook(title: str, subject: str = ""):
    from openpyxl import Workbook

    wb = Workbook()
    props = wb.properties
    props.title = title
    props.subject = subject
    props.creator = f"{APP_NAME} {__version__}"
    props.lastModifiedBy = f"{APP_NAME} {__version__}"
    props.created = datetime.now().replace(microsecond=0)
    props.modified = props.created
    props.keywords = "maternity; safety; NHS"
    return wb


_SHARED: dict[str, Any] = {}


def _shared(name: str, make) -> Any:
    """A style object made once for the program (openpyxl's are slow to build, and every
    workbook stores its own record of each style it uses)."""
    found = _SHARED.get(name)
    if found is None:
        found = _SHARED[name] = make()
    return found


def _header_styles():
    from openpyxl.styles import Alignment, Font, PatternFill

    return (Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor=HEADER_FILL),
            Alignment(wrap_text=True, vertical="center"))


def header_row(ws, row: int, headers: Sequence[str], *, col: int = 1) -> None:
    style = None
    for i, h in enumerate(headers):
        c = ws.cell(row=row, column=col + i)
        if style is None:  # styled once; the other header cells take a copy of its style record
            c.font, c.fill, c.alignment = _shared("header", _header_styles)
            style = copy(c._style)
        else:
            c._style = copy(style)
        put(ws, row, col + i, h)  # after the style: risky text keeps its quote prefix


def write_table(ws, top: int, headers: Sequence[str], rows: Iterable[Sequence[Any]],
                formats: Sequence[str | None] | None = None, *, freeze: bool = True) -> int:
    """Header at ``top`` and rows under it; returns the last row written."""
    header_row(ws, top, headers)
    r = top
    for r, values in enumerate(rows, start=top + 1):
        for c, v in enumerate(values, start=1):
            fmt = formats[c - 1] if formats and c - 1 < len(formats) else None
            put(ws, r, c, v, fmt)
    if freeze:
        ws.freeze_panes = ws.cell(row=top + 1, column=1)
    return r


def fit_columns(ws, *, minimum: int = 8, maximum: int = 60, from_row: int = 1) -> None:
    """Columns as wide as their widest value from ``from_row`` down (titles above it run
    across the columns and would widen the first one past use)."""
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=from_row):
        for cell in row:
            if cell.value is None:
                continue
            if isinstance(cell.value, float):
                text = f"{cell.value:,.2f}"
            elif cell.data_type == "f":  # a formula shows its result, a figure, not its text
                text = "£000,000.00"
            elif isinstance(cell.value, datetime):
                text = "00/00/0000"
            else:
                text = str(cell.value)
            longest = max((len(line) for line in text.splitlines()), default=0)
            widths[cell.column] = max(widths.get(cell.column, 0), longest)
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = max(minimum, min(maximum, width + 2))


def footer(ws, unit: str, period: str, *, size: int | None = None) -> None:
    """The footer every printed page carries: the unit on the left, the month or year in the
    middle, the page on the right."""
    parts = ((ws.oddFooter.left, unit), (ws.oddFooter.center, period), (ws.oddFooter.right, "Page &P of &N"))
    for part, text in parts:
        part.text = text.replace("&", "&&") if text and "&P" not in text else text
        if size:
            part.size = size


def print_setup(ws, header_text: str, *, unit: str = "", period: str = "",
                title_rows: tuple[int, int] | None = None) -> None:
    """A4 landscape, one page wide (as many tall as needed), the header rows ``title_rows``
    repeated on every page, and the footer of :func:`footer`. Header rows are made tall
    enough for their wrapped headings, and text beside a figure is set off from it."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddHeader.center.text = header_text.replace("&", "&&")
    footer(ws, unit, period)
    ws.print_options.gridLines = False
    if title_rows:
        ws.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"
    for row in ws.iter_rows(max_col=1):  # every table's heading row (see header_row)
        fill = row[0].fill
        if fill is not None and fill.fgColor is not None and str(fill.fgColor.rgb).endswith(HEADER_FILL):
            fit_row_height(ws, row[0].row)
    set_text_apart(ws)


def fit_row_height(ws, row: int, *, line_points: float = 15.0) -> None:
    """Make ``row`` tall enough for its wrapped text at the columns' widths (a printed
    heading clipped to half its second line is unreadable)."""
    from openpyxl.utils import get_column_letter

    lines = 1
    for cell in ws[row]:
        if not isinstance(cell.value, str) or not cell.value:
            continue
        width = ws.column_dimensions[get_column_letter(cell.column)].width or 8.43
        room = (width - 1) / (1.25 if cell.font is not None and cell.font.b else 1.0)  # bold is wider
        lines = max(lines, wrapped_lines(cell.value, max(1.0, room)))
    ws.row_dimensions[row].height = max(ws.row_dimensions[row].height or 0, line_points * lines)


def wrapped_lines(text: str, width: float) -> int:
    """Lines ``text`` takes when wrapped at word boundaries to ``width`` characters."""
    lines = 0
    for paragraph in text.splitlines() or [""]:
        lines += 1
        used = 0
        for word in paragraph.split():
            need = len(word) if used == 0 else used + 1 + len(word)
            if need > width and used:
                lines += 1
                used = len(word)
            else:
                used = need
    return lines


def set_text_apart(ws) -> None:
    """Indent a text cell that follows a right-aligned figure on its row, so the printed
    page never runs them together ("8.72 per 1,000Red")."""
    from openpyxl.styles import Alignment

    for row in ws.iter_rows():
        previous_is_figure = False
        for cell in row:
            value = cell.value
            is_text = isinstance(value, str) and value != "" and not value.startswith("=")
            if is_text and previous_is_figure and not cell.alignment.indent:
                a = cell.alignment
                cell.alignment = Alignment(horizontal=a.horizontal if a.horizontal not in (None, "general") else "left",
                                           vertical=a.vertical, wrap_text=a.wrap_text, indent=1)
            previous_is_figure = (isinstance(value, (int, float)) and not isinstance(value, bool)) or (
                isinstance(value, str) and value.startswith("="))


def rag_conditional_format(ws, cell_range: str) -> None:
    """RAG text cells coloured by conditional formatting (so the colour follows the value)."""
    from openpyxl.formatting.rule import CellIsRule

    for rag, (fill, font) in _shared("rag", _rag_styles).items():
        ws.conditional_formatting.add(
            cell_range,
            CellIsRule(operator="equal", formula=[f'"{RAG_WORDS[rag]}"'], fill=fill, font=font),
        )


def _rag_styles():
    from openpyxl.styles import Font, PatternFill

    return {rag: (PatternFill("solid", fgColor=fill, bgColor=fill), Font(color=RAG_FONTS[rag]))
            for rag, fill in RAG_COLOURS.items()}
