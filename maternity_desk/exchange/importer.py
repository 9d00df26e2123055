"""What an area module gives the import pipeline (:mod:`maternity_desk.exchange.importing`):
an :class:`Importer` for each file kind it reads, whose ``plan`` checks every row and returns an
:class:`ImportPlan`. Kept apart from the pipeline so the area modules and the pipeline's table
of them import in one direction only."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from maternity_desk.core.errors import Problem
from maternity_desk.exchange.tabular import Column, Table


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
class MappingSpec:
    """An importer whose values can be mapped from a trust's own (a saved mapping, the
    wizard's mapping step): which of its columns may be mapped (the first always is; the
    others where the file has them and the user chooses), and how targets are suggested."""

    kind: str  # the mapping's kind (core.mappings.STAFF / ATTENDANCE)
    columns: tuple[str, ...]
    target_label: str  # e.g. "Maternity Desk staff group"
    leave_out_label: str
    suggest: Callable[[dict[str, object], list[tuple[str, str]]], str | None]
    # known(store) -> a test of one value of the first column: already the app's own (no mapping needed)
    known: Callable[[Any], Callable[[object], bool]]


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
    mapping: MappingSpec | None = None  # plan takes mapping=ValueMapping (a saved mapping)
