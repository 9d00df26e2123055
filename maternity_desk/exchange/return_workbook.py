"""Writing the monthly return as a workbook: the cover, a sheet per section (tables and
charts) and the Data sheet, laid out by :mod:`maternity_desk.exchange.return_sheet`. No
openpyxl at import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from maternity_desk.core import returns as core
from maternity_desk.core.periods import month_label
from maternity_desk.exchange import collector
from maternity_desk.exchange.atomic import save_workbook
from maternity_desk.exchange.return_sheet import (
    CHART_HEIGHT_CM,
    CHART_ROWS,
    CHART_WIDTH_CM,
    FMT_MONTH,
    FONT,
    RATE_FORMATS,
    _alignment,
    _header_width,
    _month_long,
    _Sheet,
    column_points,
)

Progress = Callable[[str], None]


def _cover(sheet: _Sheet, content: core.ReturnContent) -> None:
    ws = sheet.ws
    sheet.font(sheet.put(1, 1, "Monthly maternity return", measure=False), name=FONT, bold=True, size=16,
               color="1F4E79")
    sheet.heights[1] = 24
    sheet.font(sheet.put(2, 1, f"{content.unit_name}: {_month_long(content.month)}", measure=False),
               name=FONT, italic=True)
    facts = [
        ("Unit", content.unit_name), ("Trust", content.trust), ("ODS code", content.ods_code),
        ("Local maternity system", content.lms), ("Region", content.region),
        ("Month", core.Month(content.month)), ("Produced", content.produced),
        ("Produced by", content.version),
        ("Small-number suppression", "Applied" if content.suppressed else "Not applied"),
    ]
    r = 4
    for label, value in facts:
        sheet.font(sheet.put(r, 1, label), name=FONT, bold=True)
        cell = sheet.put(r, 2, value)
        if isinstance(value, core.Month):
            cell.number_format = "mmmm yyyy"
        sheet.styles.set(cell, "alignment", _alignment(None, None, "left"))
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
    with collector.paused():  # thousands of cells, no cycles (see the module)
        return _write_workbook(content, path, progress)


def _write_workbook(content: core.ReturnContent, path: Path | str, progress: Progress | None) -> Path:
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
            s.font(ws.cell(row=3, column=1), name=FONT, bold=True, color="9C0006")
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
