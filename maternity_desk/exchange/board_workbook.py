"""The board report as an Excel workbook: a sheet per section of
:mod:`maternity_desk.exchange.board_report`, printed A4 landscape, one page wide, each
table's heading row repeated, the unit, month and page in the footer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from maternity_desk.exchange import board_report as br
from maternity_desk.exchange.atomic import save_workbook
from maternity_desk.exchange.xlsx import FMT_DATE, header_row, new_workbook, print_setup, put

CELL_FORMATS = {"count": "#,##0", "date": FMT_DATE}


def _cell(value, kind: str):
    if kind == "variation":
        return br.variation_text(value)
    if kind == "rag":
        text, rag = value if isinstance(value, tuple) else (value, None)
        return text
    if isinstance(value, date):
        return value
    return value


def write_workbook(report: br.BoardReport, path: Path | str) -> Path:
    from openpyxl.styles import Alignment, Font

    wb = new_workbook(report.heading, "Perinatal quality report to the board")
    bold = Font(bold=True, size=12, color="1F4E79")
    first = True
    for section in report.sections:
        ws = wb.active if first else wb.create_sheet()
        ws.title = section.sheet[:31]
        row = 1
        put(ws, row, 1, section.title).font = Font(bold=True, size=14, color="1F4E79")
        row += 1
        if first:
            for label, value in (("Unit", report.unit_name), ("Trust", report.trust), ("Region", report.region),
                                 ("Month", report.month_text),
                                 ("Produced", f"{report.produced:%d/%m/%Y %H:%M} by {report.produced_by} "
                                              f"with {report.version}")):
                put(ws, row, 1, label).font = Font(bold=True)
                put(ws, row, 2, value)
                row += 1
        first = False
        header_rows = []  # each table's heading row: one table's repeats on every printed page
        for block in section.blocks:
            row += 1
            if isinstance(block, br.Para):
                put(ws, row, 1, block.text).alignment = Alignment(wrap_text=False)
            elif isinstance(block, br.Bullets):
                if block.title:
                    put(ws, row, 1, block.title).font = bold
                    row += 1
                for item in block.items or [block.empty]:
                    put(ws, row, 1, ("• " + item) if block.items else item)
                    row += 1
            elif isinstance(block, br.Grid):
                if block.title:
                    put(ws, row, 1, block.title).font = bold
                    row += 1
                header_row(ws, row, block.headers)
                header_rows.append(row)
                if not block.rows:
                    put(ws, row + 1, 1, block.empty)
                    row += 1
                for values in block.rows:
                    row += 1
                    for c, (v, kind) in enumerate(zip(values, block.kinds), start=1):
                        put(ws, row, c, _cell(v, kind), CELL_FORMATS.get(kind))
            elif isinstance(block, br.Chart):
                put(ws, row, 1, block.title).font = bold
                row += 1
                if block.caption:
                    put(ws, row, 1, block.caption)
                    row += 1
                view = block.view
                header_row(ws, row, ["Point", "Value", "Mean", "Upper limit", "Signal"])
                header_rows.append(row)
                for r in view.rows:
                    row += 1
                    for c, v in enumerate((r.label, r.value, r.mean, r.upper,
                                           (r.rule or "").replace("_", " ").capitalize()), start=1):
                        put(ws, row, c, v, "0.00" if isinstance(v, float) else None)
            row += 1
        _widths(ws)
        one = header_rows[0] if len(header_rows) == 1 else None
        print_setup(ws, report.heading, unit=report.unit_name, period=report.month_text,
                    title_rows=(one, one) if one else None)
    _data_sheets(wb, report)
    return save_workbook(wb, path)


def _data_sheets(wb, report: br.BoardReport) -> None:
    """The 12 months' figures in the import's own form, so the workbook imports back
    (``import staffing`` and ``import incidents`` read these sheets)."""
    from maternity_desk.exchange.board import FIGURES_SHEET, INCIDENTS_SHEET

    for title, headers, rows in (
            (FIGURES_SHEET, ["month", "measure", "value"], report.figures),
            (INCIDENTS_SHEET, ["month", "category", "harm", "count"], report.incident_counts)):
        ws = wb.create_sheet(title)
        header_row(ws, 1, headers)
        for r, values in enumerate(rows, start=2):
            for c, v in enumerate(values, start=1):
                put(ws, r, c, v)
        ws.freeze_panes = "A2"
        _widths(ws)
        print_setup(ws, f"{report.heading}: {title.lower()}", unit=report.unit_name, period=report.month_text,
                    title_rows=(1, 1))


def _widths(ws) -> None:
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}
    for r in ws.iter_rows(min_row=2):
        for cell in r:
            if cell.value is None or (cell.column == 1 and isinstance(cell.value, str) and len(cell.value) > 60):
                continue
            text = f"{cell.value:%d/%m/%Y}" if isinstance(cell.value, date) else str(cell.value)
            widths[cell.column] = max(widths.get(cell.column, 0), len(text))
    for col, w in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = max(9, min(60, w + 2))
