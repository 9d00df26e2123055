"""The one import pipeline every file kind goes through.

1. ``read_table`` reads the file (or refuses it: empty, wrong type...).
2. ``map_columns`` finds the columns (or refuses: a required column is missing); a cell
   holding an NHS number refuses the file (``exchange/identifiers.py``).
3. The kind's ``plan`` function validates **every** row without writing anything and either
   raises :class:`ValidationFailed` listing every problem (file, row, column, reason), or
   returns an :class:`ImportPlan` whose summary the user previews.
4. ``commit`` takes a backup, then runs the plan's ``apply`` inside one transaction together
   with an audit row: the file goes in whole, or not at all.

Area modules register their kinds with :func:`register`; :data:`IMPORTER_MODULES` lists them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from maternity_desk.core.errors import MaternityDeskError, Problem
from maternity_desk.exchange.identifiers import plan_without_identifiers
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
    return plan_without_identifiers(lambda checked: importer.plan(store, checked, **extra), rows)


def commit(store, plan: ImportPlan, *, now: datetime | None = None, backup: bool = True) -> None:
    """Write a validated plan in one transaction, after a backup."""
    from maternity_desk.store import backup as backups

    if backup:
        backups.auto_backup(store, "pre-import", now=now)
    with store.transaction():
        plan.apply(store)
        store.audit("import", plan.kind, plan.file, None, {"file": plan.file, "rows": plan.rows, "summary": plan.summary})


def import_file(store, kind: str, path: Path | str, *, now: datetime | None = None, **extra) -> ImportPlan:
    plan = plan_file(store, kind, path, **extra)
    commit(store, plan, now=now)
    return plan
