"""The one NHS-number guard: no patient identifier reaches the unit database by any path.

Every connection the program opens is a :class:`GuardedConnection` (``db.connect`` passes
it as the connection factory). Before SQLite sees a writing statement (``INSERT``, ``UPDATE``,
``REPLACE``, an upsert, a script), the guard reads every value bound to it and the statement's
own text; one holding an NHS number (detection: :mod:`maternity_desk.core.identifiers`)
stops the statement with :class:`NhsNumberRefused` before anything is written, so the
number reaches neither the file, its WAL or journal, the audit log nor a later backup. It
sits below every area module, import, edit, migration and read-back, and below sqlite-utils
and cursors, so no caller has to remember it.

A page copy *into* a guarded database (restoring a backup or an older file with SQLite's
backup API) is scanned first and refused if the source holds an NHS number anywhere.

:func:`scan` finds NHS numbers already in a database written by an older version (for
``maternity-desk check``): table, row and column, the number masked.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, NamedTuple

from maternity_desk.core.identifiers import (
    NhsNumberRefused,
    find_all,
    is_staff_number_column,
    redact,
    staff_number_reason,
)
from maternity_desk.core.patterns import LazyPattern

_COMMENTS = LazyPattern(r"^\s*(?:(?:--[^\n]*\n|/\*.*?\*/)\s*)*", re.S)
#: statements that store nothing they are given (DELETE removes; a transaction moves nothing)
_READS = frozenset({"SELECT", "PRAGMA", "EXPLAIN", "VALUES", "DELETE", "BEGIN", "COMMIT", "END", "ROLLBACK",
                    "SAVEPOINT", "RELEASE", "ANALYZE", "REINDEX", "DETACH", "DROP"})
_WRITE_WORD = LazyPattern(r"\b(?:INSERT|UPDATE|REPLACE)\b", re.I)
_INSERT = LazyPattern(
    r"^\s*(?:INSERT|REPLACE)(?:\s+OR\s+\w+)?\s+INTO\s+(?P<table>[\"`\[]?[\w.]+[\"`\]]?)\s*"
    r"\((?P<cols>[^)]*)\)\s*VALUES", re.I | re.S)
_UPDATE = LazyPattern(
    r"^\s*UPDATE(?:\s+OR\s+\w+)?\s+(?P<table>[\"`\[]?[\w.]+[\"`\]]?)\s+SET\s+(?P<sets>.*?)(?:\s+WHERE\s|\s+FROM\s|$)",
    re.I | re.S)
_SET_ITEM = LazyPattern(r"[\"`\[]?(\w+)[\"`\]]?\s*=\s*([^,]+)")


def _unquote(name: str) -> str:
    return name.strip().strip('"`[]')


# a NamedTuple, not a frozen dataclass, as the window's start defines it (see core.errors.Problem)
class _Shape(NamedTuple):
    """What a writing statement binds: its table and, where it can be read off the SQL,
    the column each positional parameter goes to."""

    write: bool
    table: str | None = None
    columns: tuple[str | None, ...] = ()
    rows_of_values: bool = False  # INSERT ... VALUES (...), (...): the columns repeat
    written: int | None = None  # UPDATE: the first n parameters are written, the rest only find rows


@lru_cache(maxsize=512)
def _shape(sql: str) -> _Shape:
    body = sql[_COMMENTS.match(sql).end():]
    first = re.split(r"[\s(;]", body.lstrip(), maxsplit=1)[0].upper()
    if first in _READS or not first:
        return _Shape(False)
    if first == "WITH" and not _WRITE_WORD.search(body):
        return _Shape(False)
    # anything else may store what it is given: INSERT, UPDATE, REPLACE, a WITH that writes,
    # CREATE TABLE ... AS SELECT ?, and any statement not known to be a read
    m = _INSERT.match(body)
    if m:
        return _Shape(True, _unquote(m["table"]), tuple(_unquote(c) for c in m["cols"].split(",")), True)
    m = _UPDATE.match(body)
    if m:
        cols: list[str | None] = []
        for item in _SET_ITEM.finditer(m["sets"]):
            cols += [item[1]] * item[2].count("?")
        # the parameters after SET's are the WHERE clause's: they find the row (an old row
        # holding a number can be cleaned), they are not written. A SET with a subquery or a
        # function may hide where it ends: then every parameter is checked.
        simple = "(" not in m["sets"]
        return _Shape(True, _unquote(m["table"]), tuple(cols), written=m["sets"].count("?") if simple else None)
    return _Shape(True)


def _refusal(shape: _Shape, column: str | None, masked: str, row: int | None,
             label: str | None = None) -> NhsNumberRefused:
    label = label or (column.replace("_", " ").capitalize() if column else "A value")
    where = [f"table {shape.table}"] if shape.table else []
    if column:
        where.append(f"column {column}")
    if row is not None:
        where.append(f"row {row} of this change")
    at = f" ({', '.join(where)})" if where else ""
    if is_staff_number_column(column):
        return NhsNumberRefused(
            f"T{staff_number_reason(masked)[1:]}{at}. Nothing was saved.",
            masked=masked, table=shape.table, column=column, row=row)
    return NhsNumberRefused(
        f"{label} looks like it contains an NHS number ({masked}){at}; patient identifiers "
        "must never be stored. Nothing was saved: remove it or use the local case reference.",
        masked=masked, table=shape.table, column=column, row=row)


def _values(params: Any) -> Iterable[tuple[Any, Any]]:
    """(name or position, value) of each bound parameter."""
    if params is None:
        return ()
    if isinstance(params, dict):
        return params.items()
    if isinstance(params, (str, bytes)):
        return ((0, params),)
    return enumerate(params)


def _check_value(value: Any) -> str | None:
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**9):
        hits = find_all(value)
        if hits:
            return hits[0].masked
    return None


# What a statement's own text can store: its string literals ('...', and "..." which SQLite
# takes for a string where no column has that name) and its numbers (digit separators "_"
# allowed). Names and comments are not read: they come from the program's code, never from
# what a user types or imports, and sqlite-utils names the table it probes upserts with
# t<32 random hex digits>, which passed for an NHS number in 3 probes in 1,000 (measured).
_SQL_TEXT_PARTS = LazyPattern(
    r"--[^\n]*|/\*.*?(?:\*/|\Z)|'((?:[^']|'')*)'|\"((?:[^\"]|\"\")*)\"|`(?:[^`]|``)*`|\[[^\]]*\]"
    r"|(?<![\w$@:?#.])(\d[\d_]*)(?![\w.])", re.S)


@lru_cache(maxsize=512)
def _text_refusal(sql: str) -> str | None:
    """The masked NHS number a statement's text would store (see _SQL_TEXT_PARTS), or None."""
    for m in _SQL_TEXT_PARTS.finditer(sql):
        single, double, number = m.groups()
        if single is not None:
            masked = _check_value(single.replace("''", "'"))
        elif double is not None:
            masked = _check_value(double.replace('""', '"'))
        elif number is not None and len(number) >= 10:
            masked = _check_value(number.replace("_", ""))
        else:
            continue
        if masked:
            return masked
    return None


def check(sql: str, params: Any = (), *, row: int | None = None) -> None:
    """Refuse ``sql`` with ``params`` if it writes an NHS number (the guard itself)."""
    shape = _shape(sql)
    if not shape.write:
        return
    masked = _text_refusal(sql)
    if masked:
        raise _refusal(shape, None, masked, row)
    _check_params(shape, params, row)


def _check_params(shape: _Shape, params: Any, row: int | None, clean: set | None = None) -> None:
    if not params:
        return
    values = _values(params)
    for key, value in values:
        if shape.written is not None and isinstance(key, int) and key >= shape.written:
            break
        cls = value.__class__
        if cls is str:
            if len(value) < 10 or (clean is not None and value in clean):
                continue  # the common case: too short to hold ten digits, or seen clean
        elif cls is not int or abs(value) < 10**9:
            continue
        masked = _check_value(value)
        if masked is None:
            if clean is not None and cls is str:
                if len(clean) >= 100_000:
                    clean.clear()
                clean.add(value)
            continue
        if isinstance(key, str):
            column = key
        elif shape.rows_of_values and shape.columns:
            column = shape.columns[key % len(shape.columns)]
        else:
            column = shape.columns[key] if key < len(shape.columns) else None
        label = None
        if shape.table == "settings" and column == "value":  # name the setting, not "Value"
            setting = dict(zip(shape.columns, (v for _k, v in _values(params)))).get("key")
            label = str(setting).rsplit(".", 1)[-1].replace("_", " ").capitalize() if setting else None
        raise _refusal(shape, column, masked, row, label)


def check_many(sql: str, rows: Iterable[Any]) -> list[Any]:
    """Every row of an ``executemany`` checked before the first is written; returns them."""
    rows = list(rows)
    shape = _shape(sql)
    if shape.write:
        check(sql, ())  # the statement's own text, once
        clean: set[str] = set()  # a batch repeats its codes and names: each is looked at once
        for i, params in enumerate(rows, start=1):
            _check_params(shape, params, i if len(rows) > 1 else None, clean)
    return rows


def check_script(script: str) -> None:
    if _WRITE_WORD.search(script):
        masked = _text_refusal(script)
        if masked:
            raise _refusal(_Shape(True), None, masked, None)


class GuardedCursor(sqlite3.Cursor):
    def execute(self, sql, parameters=(), /):
        check(sql, parameters)
        return super().execute(sql, parameters)

    def executemany(self, sql, seq_of_parameters, /):
        return super().executemany(sql, check_many(sql, seq_of_parameters))

    def executescript(self, sql_script, /):
        check_script(sql_script)
        return super().executescript(sql_script)


class GuardedConnection(sqlite3.Connection):
    """A connection whose every write passes :func:`check` first."""

    #: page copies into this connection (restore) are scanned first
    scan_incoming_copies = True

    def cursor(self, factory=None):
        return super().cursor(factory or GuardedCursor)

    def execute(self, sql, parameters=(), /):
        check(sql, parameters)
        return super().execute(sql, parameters)

    def executemany(self, sql, seq_of_parameters, /):
        return super().executemany(sql, check_many(sql, seq_of_parameters))

    def executescript(self, sql_script, /):
        check_script(sql_script)
        return super().executescript(sql_script)

    def backup(self, target, **kwargs):
        if getattr(target, "scan_incoming_copies", False):
            _refuse_copy(self)
        return super().backup(target, **kwargs)

    def deserialize(self, data, /, **kwargs):
        """A whole database loaded from bytes: looked through in memory first."""
        probe = sqlite3.connect(":memory:", factory=CopyTarget)
        try:
            sqlite3.Connection.deserialize(probe, data)  # the plain load, into the probe only
            _refuse_copy(probe)
        finally:
            probe.close()
        return super().deserialize(data, **kwargs)

    def blobopen(self, *args, **kwargs):
        """Blob I/O writes bytes no statement sees: only reading is allowed."""
        if not kwargs.get("readonly", False):
            raise NhsNumberRefused("writing through blob I/O would pass the NHS-number guard; open it read-only",
                                   masked="")
        return super().blobopen(*args, **kwargs)


def _refuse_copy(source: sqlite3.Connection) -> None:
    found = scan(source, limit=1)
    if found:
        hit = found[0]
        raise NhsNumberRefused(
            f"The file holds what looks like an NHS number ({hit.masked}) in {hit.where}; "
            "patient identifiers must never be stored, so it was not copied in and nothing "
            "was changed. Run 'maternity-desk check' on it to list every place.",
            masked=hit.masked, table=hit.table, column=hit.column)


class CopyTarget(GuardedConnection):
    """A backup file being written from the (guarded) live database: its writes are
    guarded, and the page copy from the live file is not scanned again."""

    scan_incoming_copies = False


class Found(NamedTuple):
    """An NHS number already in a database: where, and the number masked."""

    table: str
    row: str  # the rowid, or the primary key (masked if it holds the number)
    column: str
    masked: str

    @property
    def where(self) -> str:
        return f"table {self.table}, row {self.row}, column {self.column}"

    def __str__(self) -> str:
        return f"NHS number {self.masked} in {self.where}"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def scan(conn: sqlite3.Connection, *, limit: int | None = None) -> list[Found]:
    """Every text (and 10-digit whole number) in every table of ``conn`` that holds an NHS
    number. Virtual tables (search indexes) and their shadow tables are skipped: they only
    repeat what the tables hold."""
    tables = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    virtual = [t[0] for t in tables if (t[1] or "").upper().startswith("CREATE VIRTUAL")]
    found: list[Found] = []
    for name, sql in tables:
        if name in virtual or any(name.startswith(v + "_") for v in virtual):
            continue
        info = conn.execute(f"PRAGMA table_info({_quote(name)})").fetchall()
        pk = [c[1] for c in sorted(info, key=lambda c: c[5]) if c[5]]
        rowid = "WITHOUT ROWID" not in (sql or "").upper()
        keys = ["rowid"] if rowid else [_quote(c) for c in pk] or ["NULL"]
        cols = [c[1] for c in info]
        cursor = conn.execute(f"SELECT {', '.join(keys)}, {', '.join(map(_quote, cols))} FROM {_quote(name)}")
        clean: set[str] = set()
        for r in cursor:
            for col, value in zip(cols, r[len(keys):]):
                cls = value.__class__
                if cls is str:
                    if len(value) < 10 or value in clean:
                        continue  # the common case: short, or a text seen clean in this table
                elif cls is not int or abs(value) < 10**9:
                    continue
                masked = _check_value(value)
                if masked is None and cls is str:
                    if len(clean) >= 100_000:
                        clean.clear()
                    clean.add(value)
                if masked:
                    key = ", ".join(redact(str(k)) for k in r[:len(keys)])
                    found.append(Found(name, key, col, masked))
                    if limit and len(found) >= limit:
                        return found
    return found
