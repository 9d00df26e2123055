"""The Training page's overdue and due-soon lists as a workbook, as the page shows them
(filtered by course and staff group, in the page's order): names, not codes; dates as dates;
printed A4 landscape, one page wide, the heading row on every page, the unit, the list's date
and the page in the footer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from maternity_desk.exchange.atomic import save_workbook

HEADERS = ("Course", "Course name", "Name", "Staff number", "Staff group", "Expiry", "Last attended")


@dataclass(frozen=True)
class ListLine:
    """One person on one course; ``expiry`` None: never attended."""

    course: str
    course_name: str
    name: str
    staff_number: str
    staff_group: str  # the group's name
    expiry: date | None
    last_attended: date | None


def write_list(lines: Sequence[ListLine], path: Path | str, *, unit: str, title: str, as_at: date,
               shown: str, expiry_header: str = "Expiry") -> Path:
    """``title`` ("Overdue training"), ``shown`` says what the list holds ("PROMPT,
    midwives")."""
    from maternity_desk.core.words import plural
    from maternity_desk.exchange.xlsx import (
        FMT_DATE,
        fit_columns,
        new_workbook,
        print_setup,
        put,
        write_table,
    )

    wb = new_workbook(f"{unit}: {title.lower()}", title)
    ws = wb.active
    ws.title = title[:31]
    put(ws, 1, 1, f"{unit}: {title.lower()}").font = _bold()
    put(ws, 2, 1, f"As at {as_at:%d/%m/%Y}: {shown}; {plural(len(lines), 'line')}.")
    headers = [expiry_header if h == "Expiry" else h for h in HEADERS]
    rows = [(x.course, x.course_name, x.name, x.staff_number, x.staff_group,
             x.expiry if x.expiry is not None else "Never attended",
             x.last_attended if x.last_attended is not None else "Never") for x in lines]
    last = write_table(ws, 4, headers, rows, [None, None, None, None, None, FMT_DATE, FMT_DATE])
    ws.auto_filter.ref = f"A4:G{max(last, 5)}"
    fit_columns(ws, maximum=45, from_row=4)
    print_setup(ws, f"{unit}: {title.lower()}", unit=unit, period=f"As at {as_at:%d/%m/%Y}", title_rows=(4, 4))
    return save_workbook(wb, Path(path))


def _bold():
    from openpyxl.styles import Font

    return Font(bold=True, size=13)
