"""The training forecast's must-attend list as a workbook: who must attend a session before
the forecast date for each course and staff group to reach the threshold, soonest expiry
first, with the forecast per course and group on a second sheet."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from maternity_desk.core.forecast import ForecastRow

MUST_HEADERS = ["Course", "Staff group", "Staff number", "Name", "Last attended", "Expiry"]
FORECAST_HEADERS = ["Course", "Staff group", "Eligible", "In date by the date", "Of them booked", "Percent",
                    "Threshold", "Meets", "More needed"]


def must_attend_table(rows: Sequence[ForecastRow], course_names: Mapping[str, str],
                      group_names: Mapping[str, str]) -> list[list]:
    return [[course_names.get(r.course, r.course), group_names.get(r.group, r.group), c.staff_number, c.name,
             c.last_attended, c.expiry if c.expiry else "Never trained"]
            for r in rows for c in r.must_attend]


def write_must_attend(path: Path | str, rows: Sequence[ForecastRow], *, by: date, unit_name: str,
                      course_names: Mapping[str, str], group_names: Mapping[str, str]) -> Path:
    from openpyxl.styles import Font

    from maternity_desk.exchange.atomic import save_workbook
    from maternity_desk.exchange.xlsx import (
        FMT_DATE,
        FMT_PCT,
        fit_columns,
        new_workbook,
        print_setup,
        put,
        write_table,
    )

    title = f"{unit_name}: who must attend training by {by:%d/%m/%Y}"
    wb = new_workbook(title, "Training forecast (safety action 8)")
    ws = wb.active
    ws.title = "Must attend"
    put(ws, 1, 1, title).font = Font(bold=True, size=13)
    put(ws, 2, 1, "For each course and staff group below the threshold on the date: the fewest people who must "
                  "attend a session before it, soonest expiry first (never trained first). Bookings on planned "
                  "sessions and recorded absences are taken into account.")
    table = must_attend_table(rows, course_names, group_names)
    last = write_table(ws, 4, MUST_HEADERS, table, [None, None, None, None, FMT_DATE, FMT_DATE])
    ws.auto_filter.ref = f"A4:F{max(last, 5)}"
    fit_columns(ws, maximum=45, from_row=3)
    print_setup(ws, title, unit=unit_name, period=f"By {by:%d/%m/%Y}", title_rows=(4, 4))

    ws2 = wb.create_sheet("Forecast")
    put(ws2, 1, 1, f"Training forecast for {by:%d/%m/%Y}").font = Font(bold=True, size=13)
    last = write_table(ws2, 3, FORECAST_HEADERS, [
        [course_names.get(r.course, r.course), group_names.get(r.group, r.group), r.eligible, r.in_date_by, r.booked,
         None if r.percent_by is None else r.percent_by / 100, r.threshold / 100,
         "-" if r.meets is None else ("Yes" if r.meets else "No"), r.needed] for r in rows],
        [None, None, None, None, None, FMT_PCT, FMT_PCT, None, None])
    fit_columns(ws2, maximum=45, from_row=2)
    print_setup(ws2, f"Training forecast for {by:%d/%m/%Y}", unit=unit_name, period=f"By {by:%d/%m/%Y}",
                title_rows=(3, 3))
    return save_workbook(wb, path)
