"""The one import pipeline every file kind goes through.

1. ``read_table`` reads the file (or refuses it: empty, wrong type...).
2. ``map_columns`` finds the columns (or refuses: a required column is missing); a cell
   holding an NHS number refuses the file (``exchange/identifiers.py``).
3. The kind's ``plan`` function validates **every** row without writing anything and either
   raises :class:`ValidationFailed` listing every problem (file, row, column, reason), or
   returns an :class:`ImportPlan` whose summary the user previews.
4. ``commit`` takes a backup, then runs the plan's ``apply`` inside one transaction together
   with an audit row: the file goes in whole, or not at all.

Each area module defines its kinds as :class:`Importer` values; :data:`IMPORTERS` lists them.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from maternity_desk.core.errors import MaternityDeskError
from maternity_desk.exchange import (
    dashboard,
    fund,
    governance,
    improvement,
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
    returns.IMPORTER,
)


def importers() -> dict[str, Importer]:
    return {imp.kind: imp for imp in IMPORTERS}


def get(kind: str) -> Importer:
    found = importers()
    if kind not in found:
        raise MaternityDeskError(f"'{kind}' is not a kind of file Maternity Desk imports ({', '.join(sorted(found))}).")
    return found[kind]


def load(importer: Importer, path: Path | str, overrides: dict[str, str] | None = None) -> MappedRows | Table:
    path = Path(path)
    table = importer.read(path) if importer.read else read_table(path, sheet=importer.sheet)
    if importer.raw:
        return table
    return map_columns(table, importer.columns, overrides)


def plan_file(store, kind: str, path: Path | str, *, overrides: dict[str, str] | None = None, **extra) -> ImportPlan:
    """Read and validate ``path`` as ``kind``; nothing is written."""
    importer = get(kind)
    rows = load(importer, path, overrides)
    return plan_without_identifiers(lambda checked: importer.plan(store, checked, **extra), rows)


def commit(store, plan: ImportPlan, *, now: datetime | None = None, backup: bool = True) -> None:
    """Write a validated plan in one transaction, after a backup."""
    if backup:
        backups.auto_backup(store, "pre-import", now=now)
    with store.transaction():
        plan.apply(store)
        store.audit("import", plan.kind, plan.file, None, {"file": plan.file, "rows": plan.rows, "summary": plan.summary})


def import_file(store, kind: str, path: Path | str, *, now: datetime | None = None, **extra) -> ImportPlan:
    plan = plan_file(store, kind, path, **extra)
    commit(store, plan, now=now)
    return plan
