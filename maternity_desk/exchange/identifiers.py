"""Files carrying NHS numbers are refused before anything is written.

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
                self.clean.clear()  # the same set: the loops hold it
            self.clean.add(value)
        return reason


class _TableRows:
    """Checks the rows of a file read whole (cells by position), one row at a time."""

    def __init__(self, table: Table):
        self.file = table.file
        self.headers = [redact(str(h)) for h in table.headers]
        self.staff = [is_staff_number_column(h) for h in table.headers]
        self.cells = _Cells()
        self.problems: list[Problem] = [
            Problem(table.file, 1, self.headers[i], reason)
            for i, h in enumerate(table.headers) if (reason := nhs_number_reason(h))]

    def check(self, row_no: int, row) -> None:
        clean, staff = self.cells.clean, self.staff
        for i, value in enumerate(row):
            if value.__class__ is str and (len(value) < 10 or value in clean):
                continue  # the common case, decided here without a call
            reason = self.cells.reason(value, i < len(staff) and staff[i])
            if reason:
                column = self.headers[i] if i < len(self.headers) and self.headers[i] else f"column {i + 1}"
                self.problems.append(Problem(self.file, row_no, column, reason))


def identifier_problems(rows: MappedRows | Table) -> list[Problem]:
    """One problem per cell holding an NHS number."""
    if isinstance(rows, Table):
        checker = _TableRows(rows)
        for row_no, row in rows.rows:
            checker.check(row_no, row)
        return checker.problems
    problems: list[Problem] = []
    cells = _Cells()
    clean = cells.clean
    staff = {name: is_staff_number_column(name) for name in rows.columns}
    for row_no, values in rows:
        for name, value in values.items():
            if value.__class__ is str and (len(value) < 10 or value in clean):
                continue  # the common case, decided here without a call
            reason = cells.reason(value, staff.get(name, False))
            if reason:
                problems.append(Problem(rows.file, row_no, redact(str(rows.header(name))), reason))
    return problems


class _CheckedAsRead:
    """The rows of a file read afresh on every pass (a large national file), checked while
    the plan reads them rather than in a pass of their own. The first pass that reaches the
    end leaves the problems in :attr:`problems`."""

    def __init__(self, table: Table):
        self.table, self.inner = table, table.rows
        self.problems: list[Problem] | None = None

    def __iter__(self):
        if self.problems is not None:
            yield from self.inner
            return
        checker = _TableRows(self.table)
        for row_no, row in self.inner:
            checker.check(row_no, row)
            yield row_no, row
        self.problems = checker.problems

    def __len__(self) -> int:
        return len(self.inner)

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def complete(self) -> list[Problem]:
        """The problems of a pass the plan read to the end, or of a pass made now."""
        if self.problems is None:
            for _item in self:
                pass
        return self.problems or []


def plan_without_identifiers(plan: Callable[[MappedRows | Table], T], rows: MappedRows | Table) -> T:
    """``plan(rows)``, refused if any cell holds an NHS number. The refusal lists those cells
    (file, row, column, reason) together with every other problem the plan finds, in row
    order, each reason with any NHS number masked (a reason quoting a cell never echoes it)."""
    if isinstance(rows, Table) and not isinstance(rows.rows, list):
        checked = _CheckedAsRead(rows)
        rows = Table(rows.file, rows.headers, checked)  # type: ignore[arg-type]
        found = checked.complete
    else:
        problems = identifier_problems(rows)
        found = lambda: problems  # noqa: E731
    try:
        result = plan(rows)
    except ValidationFailed as exc:
        cells = found()
        if not cells:
            raise
        taken = {(p.row, p.column) for p in cells}
        others = [Problem(p.file, p.row, p.column, redact(p.reason), redact(p.who) if p.who else None) for p in exc.problems
                  if (p.row, p.column) not in taken]
        merged = sorted(cells + others, key=lambda p: -1 if p.row is None else p.row)
        raise ValidationFailed(merged) from None
    except MaternityDeskError:
        cells = found()
        if cells:  # the cells holding numbers first; another refusal might quote one
            raise ValidationFailed(cells) from None
        raise
    cells = found()
    if cells:
        raise ValidationFailed(cells)
    return result
