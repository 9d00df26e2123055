"""The one NHS-number guard in the store: every way of writing through a connection is
checked, every connection the program opens is guarded, and every write statement SQLite runs
in a whole working session (demo unit, every import kind, edits, migrations, restore) was
seen by the guard first."""

from __future__ import annotations

import ast
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

import maternity_desk
from maternity_desk.core.identifiers import NhsNumberRefused
from maternity_desk.store import guard, open_store
from maternity_desk.store.db import connect

PACKAGE = Path(maternity_desk.__file__).parent
NUMBER = "943 476 5919"


@pytest.fixture(scope="module")
def _template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "unit.sqlite"
    s = open_store(path, backups=False)
    s.conn.execute("PRAGMA journal_mode = DELETE")
    s.close()
    return path


@pytest.fixture
def store(_template, db_path):
    """This module's own empty unit database: a copy of a migrated template (many tests)."""
    shutil.copyfile(_template, db_path)
    s = open_store(db_path, backups=False)
    yield s
    s.close()


def _fund_categories(store) -> list[str]:
    return [r[0] for r in store.query("SELECT name FROM fund_category")]


def _write_routes(store):
    """Every way code can write a row through the store's connection."""
    conn = store.conn
    sql = "INSERT INTO fund_category (name, sort_order) VALUES (?, ?)"
    return {
        "Store.insert": lambda v: store.insert("fund_category", {"name": v, "sort_order": 90}, key_col="name"),
        "Store.update": lambda v: store.update("fund_category", "name", "Venue A", {"name": v}),
        "Store.set_setting": lambda v: store.set_setting("unit.trust", v),
        "Store.execute": lambda v: _in_tx(store, lambda: store.execute(sql, (v, 91))),
        "Store.executemany": lambda v: _in_tx(store, lambda: store.executemany(sql, [("ok", 92), (v, 93)])),
        "conn.execute": lambda v: conn.execute(sql, (v, 94)),
        "conn.execute named": lambda v: conn.execute(
            "INSERT INTO fund_category (name, sort_order) VALUES (:name, :n)", {"name": v, "n": 95}),
        "conn.executemany generator": lambda v: conn.executemany(sql, ((x, 96) for x in ("fine", v))),
        "conn.executescript": lambda v: conn.executescript(
            f"BEGIN; INSERT INTO fund_category (name, sort_order) VALUES ('{v}', 97); COMMIT;"),
        "SQL literal": lambda v: conn.execute(f"INSERT INTO fund_category (name, sort_order) VALUES ('{v}', 98)"),
        "upsert": lambda v: conn.execute(
            sql + " ON CONFLICT(name) DO UPDATE SET sort_order = excluded.sort_order", (v, 99)),
        "replace": lambda v: conn.execute("REPLACE INTO fund_category (name, sort_order) VALUES (?, ?)", (v, 100)),
        "update statement": lambda v: conn.execute("UPDATE fund_category SET name = ? WHERE name = ?", (v, "Venue A")),
        "with ... insert": lambda v: conn.execute(
            "WITH x(n) AS (SELECT ?) INSERT INTO fund_category (name, sort_order) SELECT n, 101 FROM x", (v,)),
        "cursor.execute": lambda v: conn.cursor().execute(sql, (v, 102)),
        "cursor.executemany": lambda v: conn.cursor().executemany(sql, [(v, 103)]),
        "cursor.executescript": lambda v: conn.cursor().executescript(
            f"INSERT INTO fund_category (name, sort_order) VALUES ('{v}', 104);"),
        "sqlite-utils insert": lambda v: store.db["fund_category"].insert({"name": v, "sort_order": 105}),
        "sqlite-utils insert_all": lambda v: store.db["fund_category"].insert_all(
            [{"name": "fine too", "sort_order": 106}, {"name": v, "sort_order": 107}]),
        "sqlite-utils upsert": lambda v: store.db["fund_category"].upsert(
            {"name": v, "sort_order": 108}, pk="name"),
        "sqlite-utils update": lambda v: store.db["fund_category"].update("Venue A", {"name": v}),
        "create table as select": lambda v: conn.execute("CREATE TABLE copied AS SELECT ? AS note", (v,)),
        "lower case, comment first": lambda v: conn.execute(
            "/* note */ insert into fund_category (name, sort_order) values (?, 109)", (v,)),
        "integer value": lambda v: conn.execute("UPDATE settings SET value = ? WHERE key = 'unit.trust'",
                                                (int("".join(c for c in v if c.isdigit())),)),
    }


def _in_tx(store, fn):
    with store.transaction():
        fn()


ROUTES = [
    "Store.insert", "Store.update", "Store.set_setting", "Store.execute", "Store.executemany", "conn.execute",
    "conn.execute named", "conn.executemany generator", "conn.executescript", "SQL literal", "upsert", "replace",
    "update statement", "with ... insert", "cursor.execute", "cursor.executemany", "cursor.executescript",
    "sqlite-utils insert", "sqlite-utils insert_all", "sqlite-utils upsert", "sqlite-utils update",
    "create table as select", "lower case, comment first", "integer value",
]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("text", [NUMBER, "Room 9434765919", "９４３４７６５９１９", "943.476.5919 seen"])
def test_every_write_route_is_guarded(store, route, text):
    store.insert("fund_category", {"name": "Venue A", "sort_order": 1}, key_col="name")
    store.set_setting("unit.trust", "A Trust")
    routes = _write_routes(store)
    assert set(routes) == set(ROUTES)
    categories, audits = _fund_categories(store), store.scalar("SELECT count(*) FROM audit_log")
    with pytest.raises(NhsNumberRefused) as info:
        routes[route](text)
    message = str(info.value)
    assert "943 *** ****" in message and "4765919" not in message and "476 5919" not in message
    if store.conn.in_transaction:  # a bare statement refused inside no transaction of ours
        store.conn.execute("ROLLBACK")
    assert _fund_categories(store) == categories
    assert store.get_setting("unit.trust") == "A Trust"
    assert store.scalar("SELECT count(*) FROM audit_log") == audits


def test_the_refusal_names_table_column_and_row_of_the_change(store):
    with pytest.raises(NhsNumberRefused) as info, store.transaction():
        store.executemany("INSERT INTO fund_category (name, sort_order) VALUES (?, ?)",
                          [("Room A", 1), ("Room B", 2), (f"Baby {NUMBER}", 3)])
    refused = info.value
    assert (refused.table, refused.column, refused.row, refused.masked) == ("fund_category", "name", 3, "943 *** ****")
    assert str(refused).startswith("Name looks like it contains an NHS number (943 *** ****) "
                                   "(table fund_category, column name, row 3 of this change)")
    with pytest.raises(NhsNumberRefused, match="Trust looks like it contains an NHS number"):
        store.set_setting("unit.trust", NUMBER)


def test_an_update_with_a_subquery_has_every_value_checked(store):
    store.insert("fund_category", {"name": "Venue A", "sort_order": 1}, key_col="name")
    before = _fund_categories(store)
    with pytest.raises(NhsNumberRefused):
        store.conn.execute(
            "UPDATE fund_category SET sort_order = (SELECT count(*) FROM fund WHERE code = ?), name = ? "
            "WHERE name = ?", ("MSTF", NUMBER, "Venue A"))
    assert _fund_categories(store) == before


def test_reads_are_not_refused(store):
    """Looking a number up is not storing it (a search box, a duplicate check)."""
    assert store.query("SELECT name FROM fund_category WHERE name = ?", (NUMBER,)) == []
    assert store.conn.execute("SELECT replace(?, ' ', '')", (NUMBER,)).fetchone()[0] == "9434765919"


def test_no_false_alarm_on_ordinary_values(store):
    store.insert("fund_category", {"name": "PO 12345678 dated 2024-03-12, £1,234.56", "sort_order": 12345678},
                 key_col="name")
    store.set_setting("unit.phone", "0161 496 0000")  # a phone number failing the check digit


def test_an_old_row_holding_a_number_can_be_cleaned_without_copying_it_to_the_audit_log(store, db_path):
    """A row written by an older version: editing it out is allowed, and the audit log's
    'before' shows the number masked."""
    raw = sqlite3.connect(db_path)  # an older version's write, which no guard checked
    raw.execute("INSERT INTO fund_category (name, sort_order) VALUES (?, 5)", (f"Baby {NUMBER}",))
    raw.commit()
    raw.close()
    store.update("fund_category", "name", f"Baby {NUMBER}", {"name": "Baby R24-001"})
    before = store.scalar("SELECT before_json FROM audit_log WHERE table_name = 'fund_category' ORDER BY id DESC")
    assert "943 *** ****" in before and "4765919" not in before
    assert guard.scan(store.conn) == []


# --- every connection is guarded ---------------------------------------------------------------

def _calls(tree: ast.AST, dotted: str):
    head, _, attr = dotted.rpartition(".")
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == attr
                and isinstance(node.func.value, ast.Name) and node.func.value.id == head):
            yield node


def test_every_connection_the_program_opens_is_guarded():
    """The only way to a database is sqlite3.connect; each call in the package passes one of
    the guard's connection classes as its factory, and nothing builds a Connection itself."""
    guarded = {"GuardedConnection", "CopyTarget"}
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in _calls(tree, "sqlite3.connect"):
            factory = next((k.value for k in call.keywords if k.arg == "factory"), None)
            name = getattr(factory, "id", None) or getattr(factory, "attr", None)
            found.append((path.relative_to(PACKAGE).as_posix(), call.lineno, name))
        for node in ast.walk(tree):  # sqlite3.Connection(...), sqlite3.Connection.execute(conn, ...)
            if isinstance(node, ast.Call) and path.name != "guard.py":
                text = ast.unparse(node.func)
                assert not text.startswith(("sqlite3.Connection", "sqlite3.Cursor")), \
                    f"{path}:{node.lineno} calls {text} directly, around the guard"
    assert found, "no sqlite3.connect found: the test no longer sees how connections are made"
    unguarded = [f for f in found if f[2] not in guarded]
    assert unguarded == [], f"connections opened without the NHS-number guard: {unguarded}"

def test_connections_from_connect_are_guarded_read_write_and_read_only(tmp_path):
    path = tmp_path / "x.sqlite"
    for read_only in (False, True):
        conn, _ = connect(path, read_only=read_only, network=False)
        assert isinstance(conn, guard.GuardedConnection)
        assert isinstance(conn.cursor(), guard.GuardedCursor)
        conn.close()


_EXECUTES = {"execute", "executemany", "executescript", "backup"}
#: calls that hand back a guarded connection or store
_GUARDED_SOURCES = {"connect", "_open_uri", "open_store", "cursor", "transaction", "Store"}


def _own_nodes(fn: ast.AST):
    """The nodes of ``fn``'s own body, not of the functions defined inside it."""
    stack = list(ast.iter_child_nodes(fn))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(node))


def _root(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _writing_functions() -> dict[str, list[str]]:
    """Every function in store/ and exchange/ that runs SQL (execute, executemany,
    executescript, a page copy), with the root of each connection it runs it on."""
    out: dict[str, list[str]] = {}
    for folder in ("store", "exchange"):
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for fn in ast.walk(tree):
                if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                calls = [n for n in _own_nodes(fn) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                         and n.func.attr in _EXECUTES]
                if calls:
                    key = f"{path.relative_to(PACKAGE).as_posix()}:{fn.name}:{fn.lineno}"
                    out[key] = [_root(c.func.value) for c in calls]
    return out


def _locals_from_guarded_sources(fn: ast.FunctionDef) -> set[str]:
    names = set()
    for node in _own_nodes(fn):
        value, targets = None, []
        if isinstance(node, ast.Assign):
            value, targets = node.value, node.targets
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            value, targets = node.context_expr, [node.optional_vars]
        if isinstance(value, ast.Call):
            func = value.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in _GUARDED_SOURCES:
                for t in targets:
                    names |= {n.id for n in ast.walk(t) if isinstance(n, ast.Name)}
    return names


def test_every_writing_function_in_the_store_runs_its_sql_on_a_guarded_connection():
    """The enumeration. Each function in store/ and exchange/ that runs SQL runs it on a
    connection it was given (a Store or its ``conn``, as a parameter or ``self``) or one it got
    from ``connect``/``open_store``/a cursor/a transaction: all guarded (the test above, and
    Store refuses an unguarded connection). A function running SQL on anything else (a
    module-level connection, one opened by hand) is listed here."""
    functions = _writing_functions()
    assert len(functions) > 25, sorted(functions)  # the enumeration sees the real code
    for expected in ("store/db.py:insert", "store/db.py:update", "store/db.py:set_setting", "store/db.py:audit",
                     "store/training_imports.py:import_staff", "store/national.py:write_values", "store/migrations/__init__.py:migrate",
                     "store/backup.py:restore"):
        assert any(f.startswith(expected + ":") for f in functions), expected
    offenders = []
    for folder in ("store", "exchange"):
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for fn in ast.walk(tree):
                key = f"{path.relative_to(PACKAGE).as_posix()}:{getattr(fn, 'name', '')}:{getattr(fn, 'lineno', 0)}"
                if key not in functions:
                    continue
                allowed = {a.arg for a in fn.args.args + fn.args.kwonlyargs + fn.args.posonlyargs}
                allowed |= _locals_from_guarded_sources(fn)
                if path.name == "guard.py":
                    allowed.add("super")  # the guard's own methods, after checking
                offenders += [f"{key} runs SQL on {root}" for root in functions[key] if root not in allowed]
    assert offenders == []


def test_a_store_refuses_an_unguarded_connection(tmp_path):
    from maternity_desk.store.db import Store

    raw = sqlite3.connect(tmp_path / "x.sqlite")
    try:
        with pytest.raises(TypeError, match="guard"):
            Store(tmp_path / "x.sqlite", raw, network=False)
    finally:
        raw.close()


# --- a whole session: every write statement SQLite ran was seen by the guard -----------------

def test_every_write_sqlite_runs_in_a_working_session_passed_the_guard(tmp_path, monkeypatch):
    from maternity_desk.demo import build_demo
    from maternity_desk.exchange import importing
    from maternity_desk.store import backup
    from tests.exchange.nhs_cases import KINDS, prepare, write_file

    checked: list[str] = []
    real_check = guard.check

    def recording_check(sql, params=(), *, row=None):
        checked.append(sql)
        return real_check(sql, params, row=row)

    monkeypatch.setattr(guard, "check", recording_check)
    traced: list[str] = []
    real_connect = sqlite3.connect

    def tracing_connect(*args, **kwargs):  # every connection anyone opens, guarded or not
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(traced.append)
        return conn

    monkeypatch.setattr(sqlite3, "connect", tracing_connect)

    store = build_demo(tmp_path / "demo.sqlite", seed=7, today=date(2026, 10, 15))
    try:
        for kind in KINDS:
            if kind in ("attendance", "absences"):
                continue  # the demo register has its own staff numbers; staff is imported below
            if kind == "measure" and not store.scalar("SELECT 1 FROM qi_project WHERE code = 'ATAIN'"):
                prepare(store, kind)
            try:
                importing.import_file(store, kind, write_file(tmp_path / "in", kind), **KINDS[kind].extra)
            except Exception as exc:  # a demo-specific conflict is fine: the statements still ran
                assert "NHS" not in str(exc)
        backup.restore(store, backup.auto_backup(store, "test"))
    finally:
        store.close()

    def is_write(sql: str) -> bool:
        return guard._shape(sql).write

    seen = {" ".join(s.split()) for s in checked}
    # The trace shows each statement as SQLite ran it, values in place of '?': compare its start
    unseen = []
    for sql in traced:
        if sql.startswith("--") or not is_write(sql):
            continue  # a trigger's inner statements are shown as comments
        flat = " ".join(sql.split())
        head = flat.split("VALUES")[0].split(" SET ")[0].split(" WHERE ")[0]
        if not any(s.startswith(head) or head.startswith(s.split("VALUES")[0].split(" SET ")[0]) for s in seen):
            unseen.append(flat[:120])
    assert sum(is_write(s) for s in traced) > 100
    assert unseen == []


def test_a_staff_number_that_is_an_nhs_number_is_refused_saying_why(store):
    from maternity_desk.core.training import StaffMember
    from maternity_desk.store import training as st

    with pytest.raises(NhsNumberRefused) as info:
        st.save_staff(store, StaffMember("9434765919", "Ann Other", "midwife", date(2020, 1, 1)), new=True)
    message = str(info.value)
    assert message.startswith("The staff number 943 *** **** is 10 digits and passes the NHS number check digit")
    assert "8 digits" in message and "table staff, column staff_number" in message
    st.save_staff(store, StaffMember("12345678", "Ann Other", "midwife", date(2020, 1, 1)), new=True)


def test_whole_database_copies_in_are_looked_through_first(store, tmp_path):
    """A page copy (restore) or bytes loaded whole (deserialize) holding a number are refused;
    blob I/O, which no statement sees, is read-only."""
    other = sqlite3.connect(":memory:")
    other.execute("CREATE TABLE t (note TEXT)")
    other.execute("INSERT INTO t VALUES ('seen 943 476 5919')")
    other.commit()
    data = other.serialize()
    scratch, _ = connect(tmp_path / "scratch.sqlite", network=False)
    try:
        with pytest.raises(NhsNumberRefused, match=r"943 \*\*\* \*\*\*\*\) in table t, row 1, column note"):
            scratch.deserialize(data)
        assert scratch.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
        clean = sqlite3.connect(":memory:")
        clean.execute("CREATE TABLE t (note TEXT)")
        clean.execute("INSERT INTO t VALUES ('seen R24-001')")
        scratch.deserialize(clean.serialize())  # a clean one loads
        assert scratch.execute("SELECT note FROM t").fetchone()[0] == "seen R24-001"
        clean.close()
        source = sqlite3.connect(":memory:", factory=guard.GuardedConnection)
        source.execute("CREATE TABLE t (note TEXT)")
        sqlite3.Connection.execute(source, "INSERT INTO t VALUES ('seen 943 476 5919')")  # as an old file has it
        with pytest.raises(NhsNumberRefused):
            source.backup(store.conn)
        source.close()
        scratch.execute("CREATE TABLE b (data BLOB)")
        scratch.execute("INSERT INTO b VALUES (zeroblob(10))")
        with pytest.raises(NhsNumberRefused, match="read-only"):
            scratch.blobopen("b", "data", 1)
        with scratch.blobopen("b", "data", 1, readonly=True) as blob:
            assert blob.read() == b"\x00" * 10
    finally:
        scratch.close()
        other.close()
    assert store.table_exists("fund") and not store.table_exists("t")


def test_a_statements_names_and_comments_are_not_taken_for_what_it_stores(store):
    """The text of a statement is read for what it stores (strings and numbers), not for its
    names or comments: sqlite-utils probes upserts with a table named t<32 random hex digits>,
    which passed for an NHS number in 3 probes in 1,000 and failed a write at random."""
    conn = store.conn
    for sql in ("CREATE TABLE t9434765919 (a TEXT)", "INSERT INTO t9434765919 (a) VALUES ('fine')",
                "/* 943 476 5919 */ INSERT INTO t9434765919 (a) VALUES ('fine') -- 943 476 5919",
                'INSERT INTO t9434765919 ("a") VALUES (?1)', "DROP TABLE t9434765919"):
        conn.execute(sql, ("fine",) if "?1" in sql else ())
    for sql in ("INSERT INTO fund_category (name, sort_order) VALUES ('it''s 943 476 5919', 1)",
                'INSERT INTO fund_category (name, sort_order) VALUES ("943 476 5919", 1)',
                "INSERT INTO fund_category (name, sort_order) VALUES ('x', 9_434_765_919)",
                "INSERT INTO fund_category (name, sort_order) VALUES ('x', 9434765919)"):
        with pytest.raises(NhsNumberRefused, match=r"943 \*\*\* \*\*\*\*"):
            conn.execute(sql)


def test_sqlite_utils_upsert_probe_is_never_refused():
    """Its probe table's random name is never read as an NHS number, whatever the name."""
    import secrets

    from maternity_desk.store import guard

    for _ in range(2000):
        sql = f"insert into t{secrets.token_hex(16)} (id, name) values (1, 'one')"
        assert guard._text_refusal(sql) is None
