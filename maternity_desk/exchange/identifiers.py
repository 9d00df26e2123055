"""Files carrying NHS numbers are refused before anything is planned or written.

Every cell an importer reads (every mapped column of every row; for files read whole, every
cell and header) is checked with :mod:`maternity_desk.core.identifiers`. A refusal names the
file, row and column and says why, showing the number masked (``943 *** ****``), alongside
the file's other problems (their reasons masked too); nothing is written. The store's guard
(``store/guard.py``) checks every write again below this.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from maternity_desk.core.errors import MaternityDeskError, Problem, ValidationFailed
from maternity_desk.core.identifiers import (
    is_staff_number_column,
    nhs_number_reason,
    redact,
)
from maternity_desk.exchange.tabular import MappedRows, Table

T = TypeVar("T")


class _Cells:
    """Reasons for cells, remembering the texts already found clean: a large file repeats the
    same dates, codes and names on every row, and each is looked at once."""

    LIMIT = 200_000

    def __init__(self):
        self.clean: set[str] = set()

    def reason(self, value, staff_number: bool) -> str | None:
        cls = value.__class__
        if cls is str:
            if len(value) < 10 or value in self.clean:
                return None
        elif cls is int or cls is float:
            if not 10**9 <= abs(value) < 10**10:
                return None
        else:
            return None  # dates, times, blanks
        reason = nhs_number_reason(value, staff_number=staff_number)
        if reason is None and cls is str:
            if len(self.clean) >= self.LIMIT:
                self.clean.clear()  # the same set: the loops below hold it
            self.clean.add(value)
        return reason


def identifier_problems(rows: MappedRows | Table) -> list[Problem]:
    """One problem per cell holding an NHS number."""
    problems: list[Problem] = []
    cells = _Cells()
    if isinstance(rows, MappedRows):
        staff = {name: is_staff_number_column(name) for name in rows.columns}
        clean = cells.clean
        for row_no, values in rows:
            for name, value in values.items():
                if value.__class__ is str and (len(value) < 10 or value in clean):
                    continue  # the common case, decided here without a call
                reason = cells.reason(value, staff.get(name, False))
                if reason:
                    problems.append(Problem(rows.file, row_no, redact(str(rows.header(name))), reason))
        return problems
    headers = [redact(str(h)) for h in rows.headers]
    staff = [is_staff_number_column(h) for h in rows.headers]
    for i, header in enumerate(rows.headers):
        reason = nhs_number_reason(header)
        if reason:
            problems.append(Problem(rows.file, 1, headers[i], reason))
    clean = cells.clean
    for row_no, row in rows.rows:
        for i, value in enumerate(row):
            if value.__class__ is str and (len(value) < 10 or value in clean):
                continue  # the common case, decided here without a call
            reason = cells.reason(value, i < len(staff) and staff[i])
            if reason:
                column = headers[i] if i < len(headers) and headers[i] else f"column {i + 1}"
                problems.append(Problem(rows.file, row_no, column, reason))
    return problems


def plan_without_identifiers(plan: Callable[[], T], rows: MappedRows | Table) -> T:
    """``plan()``, refused if any cell holds an NHS number. The refusal lists those cells
    (file, row, column, reason) together with every other problem the plan finds, in row
    order, each reason with any NHS number masked (a reason quoting a cell never echoes it)."""
    found = identifier_problems(rows)
    try:
        result = plan()
    except ValidationFailed as exc:
        if not found:
            raise
        taken = {(p.row, p.column) for p in found}
        others = [Problem(p.file, p.row, p.column, redact(p.reason)) for p in exc.problems
                  if (p.row, p.column) not in taken]
        merged = sorted(found + others, key=lambda p: -1 if p.row is None else p.row)
        raise ValidationFailed(merged) from None
    except MaternityDeskError:
        if found:  # the cells holding numbers first; another refusal might quote one
            raise ValidationFailed(found) from None
        raise
    if found:
        raise ValidationFailed(found)
    return result
