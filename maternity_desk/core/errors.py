"""Domain errors: expected failures with a message a user can act on.

Only ``ui/`` turns these into dialogs and only ``cli.py`` into exit codes; everything below
raises them with a plain sentence saying what went wrong and, where it helps, what to do.
"""

from __future__ import annotations

from typing import NamedTuple

from maternity_desk.core.words import plural


class MaternityDeskError(Exception):
    """Base class for every failure we expect and can explain."""


class InvalidValue(MaternityDeskError, ValueError):
    """A single value (a date, an amount, a code) that cannot be accepted."""


# A NamedTuple, not a frozen dataclass: the window's start defines it, and a dataclass takes
# about 1 ms to define against 0.2 ms (its fields are read by name all the same).
class Problem(NamedTuple):
    """One reason an import or edit is refused. ``row`` is the 1-based line/row in the file
    as the user sees it in Excel (the header is row 1); ``None`` for file-level problems."""

    file: str
    row: int | None
    column: str | None
    reason: str
    who: str | None = None  # the person (or record) the row is about, e.g. "Ava Shore (10000001)"

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}" + (f" ({self.who})" if self.who else ""))
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.reason}"


class ValidationFailed(MaternityDeskError):
    """An import or edit refused as a whole; nothing was written."""

    def __init__(self, problems: list[Problem], *, limit: int = 20):
        self.problems = list(problems)
        shown = "\n".join(str(p) for p in self.problems[:limit])
        more = len(self.problems) - limit
        if more > 0:
            shown += f"\n... and {plural(more, 'more problem')}"
        n = len(self.problems)
        super().__init__(
            f"Nothing was imported: {n} problem{'s' if n != 1 else ''} found.\n{shown}"
        )
