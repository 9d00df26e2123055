"""The one import pipeline every file kind goes through.

1. ``read_table`` reads the file (or refuses it: empty, wrong type...).
2. ``map_columns`` finds the columns (or refuses: a required column is missing).
3. The kind's ``plan`` function validates **every** row without writing anything and either
   raises :class:`ValidationFailed` listing every problem (file, row, column, reason), or
   returns an :class:`ImportPlan` whose summary the user previews.
4. ``commit`` takes a backup, then, inside one write transaction (``BEGIN IMMEDIATE``: no
   other desk can write until it ends), checks the same rows again against the database as
   it is *now* and writes what that check planned, with an audit row: the file goes in
   whole, or not at all, and a colleague's change made between preview and commit is seen,
   never overwritten with what the preview read.

Area modules register their kinds with :func:`register`; :data:`IMPORTER_MODULES` lists them.
"""

from __future__ import annotations

import importlib
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from maternity_desk.core.errors import MaternityDeskError, Problem
from maternity_desk.exchange.tabular import Column, MappedRows, Table, map_columns, read_table

# Modules whose import registers file kinds (one per area).
IMPORTER_MODULES: list[str] = [
    "maternity_desk.exchange.improvement",
    "maternity_desk.exchange.dashboard",
    "maternity_desk.exchange.training",
    "maternity_desk.exchange.fund",
    "maternity_desk.exchange.national",
    "maternity_desk.exchange.governance",
    "maternity_desk.exchange.returns",
]


@dataclass
class ImportPlan:
    kind: str
    file: str
    rows: int
    apply: Callable[[Any], None]  # called with the Store, inside an open transaction
    summary: list[str] = field(default_factory=list)  # e.g. "12 new staff", "3 updated"
    warnings: list[Problem] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)  # what re-importing overwrites
    # Plans the same checked rows again against the database as it is at commit (set by
    # plan_file); None for a plan made by hand, which is then written as it is.
    replan: Callable[[Any], ImportPlan] | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Importer:
    kind: str
    title: str
    columns: Sequence[Column]
    plan: Callable[..., ImportPlan]  # plan(store, rows: MappedRows, **extra) -> ImportPlan
    extra_args: tuple[str, ...] = ()  # positional arguments before FILE on the command line
    description: str = ""
    sheet: str | None = None  # read this sheet of an XLSX instead of the first
    read: Callable[[Path], Table] | None = None  # custom reader (e.g. a return's Data sheet)
    raw: bool = False  # plan receives the Table itself (files whose layout is recognised from the header)


_REGISTRY: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    _REGISTRY[importer.kind] = importer
    return importer


def importers() -> dict[str, Importer]:
    for name in IMPORTER_MODULES:
        importlib.import_module(name)
    return dict(_REGISTRY)


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
    plan = importer.plan(store, rows, **extra)
    plan.replan = lambda current: importer.plan(current, rows, **extra)
    return plan


def commit(store, plan: ImportPlan, *, now: datetime | None = None, backup: bool = True) -> ImportPlan:
    """Write a validated plan in one transaction, after a backup.

    Inside the write transaction the file's rows are checked and planned again against the
    database as it is now (the preview may be minutes old, and another desk may have written
    since): rows already there are found, not added twice; a value a colleague changed is
    the "before" the audit records; rows that no longer pass are refused and nothing is
    written. Returns the plan that was written (its summary says what really happened)."""
    from maternity_desk.store import backup as backups

    if backup:
        backups.auto_backup(store, "pre-import", now=now)
    try:
        with store.transaction():
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
