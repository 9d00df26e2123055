"""The schema this program expects, and what a database's schema has that differs from it.

The expected schema is not written out by hand (it would drift from the migrations): it is
what the migrations build in an empty in-memory database, read back the same way as the file
being compared. Compared: tables and their columns (name, declared type, NOT NULL, primary
key), indexes (table, columns, unique), and triggers and views, of which the program creates
none that the migrations do not: any other is foreign (a trigger can empty the audit log on an
ordinary write) and is reported by name.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Schema:
    tables: dict[str, tuple[tuple[str, str, int, int], ...]] = field(default_factory=dict)
    indexes: dict[str, tuple[str, tuple[str, ...], int]] = field(default_factory=dict)
    triggers: dict[str, str] = field(default_factory=dict)  # name -> table
    views: frozenset[str] = frozenset()


def _internal(name: str) -> bool:
    return name.startswith("sqlite_") and not name.startswith("sqlite_autoindex_")


def read_schema(conn: sqlite3.Connection) -> Schema:
    """The schema of an open connection (nothing is written)."""
    rows = conn.execute("SELECT type, name, tbl_name FROM sqlite_master").fetchall()
    tables: dict[str, tuple] = {}
    indexes: dict[str, tuple] = {}
    triggers: dict[str, str] = {}
    views: set[str] = set()
    for kind, name, table in rows:
        if _internal(name):
            continue
        if kind == "table":
            cols = conn.execute(f'PRAGMA table_info("{name}")').fetchall()
            tables[name] = tuple((c[1], (c[2] or "").upper(), int(c[3]), int(c[5])) for c in cols)
        elif kind == "view":
            views.add(name)
        elif kind == "trigger":
            triggers[name] = table
    for table in tables:
        for idx in conn.execute(f'PRAGMA index_list("{table}")').fetchall():
            name, unique = idx[1], int(idx[2])
            cols = tuple(str(c[2]) for c in conn.execute(f'PRAGMA index_info("{name}")').fetchall())
            key = name if not name.startswith("sqlite_autoindex_") else f"(automatic) {table}({', '.join(cols)})"
            indexes[key] = (table, cols, unique)
    return Schema(tables, indexes, triggers, frozenset(views))


@lru_cache(maxsize=4)
def expected_schema(version: int | None = None) -> Schema:
    """What the migrations up to ``version`` (default: the latest) build."""
    from maternity_desk.store import migrations
    from maternity_desk.store.db import Store
    from maternity_desk.store.guard import GuardedConnection

    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False, factory=GuardedConnection)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    store = Store(Path(":memory:"), conn, network=False)
    try:
        migrations.migrate(store, target=version)
        return read_schema(conn)
    finally:
        conn.close()


def extra_tables(actual: Schema, expected: Schema) -> list[str]:
    """Tables the program did not create (and does not read): someone's own additions."""
    return sorted(actual.tables.keys() - expected.tables.keys())


def differences(actual: Schema, expected: Schema, *, extra_tables_too: bool = True) -> list[str]:
    """One sentence per difference, naming the table, column, index, trigger or view.
    Without ``extra_tables_too``, tables the program does not know (and their indexes) are
    left out: they do not change what the program reads or writes."""
    out: list[str] = []
    extra = set(extra_tables(actual, expected))
    for name in sorted(expected.tables.keys() - actual.tables.keys()):
        out.append(f"table {name} is missing")
    if extra_tables_too:
        out += [f"table {name} is not one of this program's" for name in sorted(extra)]
    for name in sorted(actual.tables.keys() & expected.tables.keys()):
        have = {c[0]: c for c in actual.tables[name]}
        want = {c[0]: c for c in expected.tables[name]}
        for col in want:
            if col not in have:
                out.append(f"table {name} lacks column {col}")
            elif have[col] != want[col]:
                out.append(f"column {name}.{col} is declared differently")
        for col in have.keys() - want.keys():
            out.append(f"table {name} has column {col}, which is not one of this program's")
    for name in sorted(expected.indexes.keys() - actual.indexes.keys()):
        if expected.indexes[name][0] in actual.tables:
            out.append(f"index {name} is missing")
    for name in sorted(actual.indexes.keys() - expected.indexes.keys()):
        if actual.indexes[name][0] in extra and not extra_tables_too:
            continue
        out.append(f"index {name} on table {actual.indexes[name][0]} is not one of this program's")
    for name in sorted(actual.indexes.keys() & expected.indexes.keys()):
        if actual.indexes[name] != expected.indexes[name]:
            out.append(f"index {name} is defined differently")
    for name in sorted(actual.triggers.keys() - expected.triggers.keys()):
        out.append(f"trigger {name} on table {actual.triggers[name]} is not one of this program's")
    for name in sorted(expected.triggers.keys() - actual.triggers.keys()):
        out.append(f"trigger {name} is missing")
    for name in sorted(actual.views - expected.views):
        out.append(f"view {name} is not one of this program's")
    for name in sorted(expected.views - actual.views):
        out.append(f"view {name} is missing")
    return out


def schema_problems(conn: sqlite3.Connection, version: int, *, extra_tables_too: bool = True) -> list[str]:
    """How the schema of ``conn`` differs from what this program builds at ``version``."""
    return differences(read_schema(conn), expected_schema(version), extra_tables_too=extra_tables_too)
