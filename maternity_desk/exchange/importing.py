"""The one import pipeline every file kind goes through.

1. ``read_table`` reads the file (or refuses it: empty, wrong type...).
2. ``map_columns`` finds the columns (or refuses: a required column is missing); a cell
   holding an NHS number refuses the file (``exchange/identifiers.py``).
3. The kind's ``plan`` function validates **every** row without writing anything and either
   raises :class:`ValidationFailed` listing every problem (file, row, column, reason), or
   returns an :class:`ImportPlan` whose summary the user previews.
4. ``commit`` takes a backup, then, inside one write transaction (``BEGIN IMMEDIATE``: no
   other desk can write until it ends), checks the same rows again against the database as
   it is *now* and writes what that check planned, with an audit row: the file goes in
   whole, or not at all, and a colleague's change made between preview and commit is seen,
   never overwritten with what the preview read.

Each area module defines its kinds as :class:`Importer` values; :data:`IMPORTERS` lists them.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from maternity_desk.core.errors import MaternityDeskError
from maternity_desk.exchange import (
    board,
    cases,
    collector,
    dashboard,
    fund,
    governance,
    improvement,
    mis,
    national,
    returns,
    training,
)
from maternity_desk.exchange.identifiers import plan_without_identifiers
from maternity_desk.exchange.importer import Importer, ImportPlan
from maternity_desk.exchange.tabular import MappedRows, Table, map_columns, read_table
from maternity_desk.store import backup as backups

__all__ = ["IMPORTERS", "ImportPlan", "Importer", "commit", "get", "import_file", "importers", "load", "plan_file"]

#: Every kind of file the program imports, one area after another.
IMPORTERS: tuple[Importer, ...] = (
    improvement.IMPORTER,
    dashboard.IMPORTER,
    training.STAFF,
    training.ATTENDANCE,
    training.ABSENCES,
    fund.LEDGER,
    national.IMPORTER,
    governance.REVIEWS,
    governance.SUBMISSIONS,
    cases.IMPORTER,
    returns.IMPORTER,
    mis.IMPORTER,
    board.STAFFING,
    board.INCIDENTS,
)


def importers() -> dict[str, Importer]:
    return {imp.kind: imp for imp in IMPORTERS}


def get(kind: str) -> Importer:
    found = importers()
    if kind not in found:
        raise MaternityDeskError(f"'{kind}' is not a kind of file Maternity Desk imports ({', '.join(sorted(found))}).")
    return found[kind]


def correct(table: Table, corrections: dict[tuple[int, str], str] | None) -> Table:
    """The table with cells replaced: ``{(row as in Excel, header): new text}`` (the wizard's
    corrections of refused cells; the file itself is not changed)."""
    if not corrections:
        return table
    index = {h: i for i, h in enumerate(table.headers)}
    rows = []
    for row_no, cells in table.rows:
        fixes = {index[h]: text for (r, h), text in corrections.items() if r == row_no and h in index}
        if fixes:
            cells = list(cells) + [None] * (max(fixes) + 1 - len(cells))
            for i, text in fixes.items():
                cells[i] = text
        rows.append((row_no, cells))
    return Table(table.file, table.headers, rows)


def load(importer: Importer, path: Path | str, overrides: dict[str, str] | None = None,
         corrections: dict[tuple[int, str], str] | None = None) -> MappedRows | Table:
    path = Path(path)
    table = importer.read(path) if importer.read else read_table(path, sheet=importer.sheet)
    table = correct(table, corrections)
    if importer.raw:
        return table
    return map_columns(table, importer.columns, overrides)


def plan_file(store, kind: str, path: Path | str, *, overrides: dict[str, str] | None = None,
              corrections: dict[tuple[int, str], str] | None = None, **extra) -> ImportPlan:
    """Read and validate ``path`` as ``kind`` (with the user's ``corrections`` of cells);
    nothing is written."""
    importer = get(kind)
    with collector.paused():  # every row of a large file, no cycles (see the module)
        rows = load(importer, path, overrides, corrections)
        plan = plan_without_identifiers(lambda checked: importer.plan(store, checked, **extra), rows)
    if not (isinstance(rows, Table) and not isinstance(rows.rows, list)):  # a stream is read once
        plan.replan = lambda current: importer.plan(current, rows, **extra)
    return plan


def commit(store, plan: ImportPlan, *, now: datetime | None = None, backup: bool = True) -> ImportPlan:
    """Write a validated plan in one transaction, after a backup.

    Inside the write transaction the file's rows are checked and planned again against the
    database as it is now (the preview may be minutes old, and another desk may have written
    since): rows already there are found, not added twice; a value a colleague changed is
    the "before" the audit records; rows that no longer pass are refused and nothing is
    written. Returns the plan that was written (its summary says what really happened)."""
    if backup:
        backups.auto_backup(store, "pre-import", now=now)
    try:
        with collector.paused(), store.transaction():
            current = plan.replan(store) if plan.replan is not None else plan
            if current is not plan:  # the preview's rows are not written: let their memory go
                plan.apply = _planned_again
            current.apply(store)
            store.audit("import", current.kind, current.file, None,
                        {"file": current.file, "rows": current.rows, "summary": current.summary})
    except sqlite3.Error as exc:  # a full disk, a read-only file...: one sentence, nothing written
        from maternity_desk.store.db import explain_sqlite_error

        raise explain_sqlite_error(exc, store.path) from exc
    return current


def _planned_again(store) -> None:
    raise RuntimeError("a previewed plan is written by planning its rows again (plan.replan)")


def import_file(store, kind: str, path: Path | str, *, now: datetime | None = None, **extra) -> ImportPlan:
    plan = plan_file(store, kind, path, **extra)
    return commit(store, plan, now=now)
