"""Restore validates the candidate as a copy; check compares the schema with the program's;
another program's SQLite file is read without being changed."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from maternity_desk.store import backup, migrations, open_store
from maternity_desk.store.db import APPLICATION_ID, DatabaseError, Store
from maternity_desk.store.guard import GuardedConnection
from maternity_desk.store.schema import expected_schema, read_schema


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _copy_of(store, dest: Path) -> Path:
    return backup.backup_to(store, dest)


def _live_rows(store) -> list:
    return [tuple(r) for r in store.query("SELECT key, value FROM settings WHERE key LIKE 'unit.%' ORDER BY key")]


def _refused(store, candidate: Path, words: str) -> None:
    before_rows = _live_rows(store)
    version = store.schema_version
    tables = store.scalar("SELECT count(*) FROM sqlite_master")
    with pytest.raises(DatabaseError) as info:
        backup.restore(store, candidate)
    assert words in str(info.value)
    assert "live database was not changed" in str(info.value)
    assert _live_rows(store) == before_rows
    assert store.schema_version == version
    assert store.scalar("SELECT count(*) FROM sqlite_master") == tables
    assert not any(p.name.startswith(".restore-candidate") for p in backup.backup_dir(store).iterdir())


def test_a_file_with_our_id_and_version_but_no_tables_is_refused(demo_store, tmp_path):
    empty = tmp_path / "empty.sqlite"
    conn = sqlite3.connect(empty)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {migrations.LATEST}")
    conn.close()
    _refused(demo_store, empty, "table audit_log is missing")


def test_a_file_carrying_a_foreign_trigger_or_view_is_refused(demo_store, tmp_path):
    hostile = _copy_of(demo_store, tmp_path / "hostile.sqlite")
    conn = sqlite3.connect(hostile)
    conn.execute("CREATE TRIGGER wipe AFTER INSERT ON settings BEGIN DELETE FROM audit_log; END")
    conn.execute("CREATE VIEW peek AS SELECT * FROM staff")
    conn.commit()
    conn.close()
    _refused(demo_store, hostile, "trigger wipe on table settings is not one of this program's")
    with pytest.raises(DatabaseError, match="view peek is not one of this program's"):
        backup.restore(demo_store, hostile)


def test_a_version_1_file_whose_upgrade_fails_leaves_the_live_database_untouched(demo_store, tmp_path):
    old = tmp_path / "v1.sqlite"
    conn = sqlite3.connect(old, isolation_level=None, factory=GuardedConnection)
    conn.row_factory = sqlite3.Row
    migrations.migrate(Store(old, conn, network=False), target=1)
    conn.execute("CREATE TABLE staff (x)")  # what v002 creates: its upgrade fails
    conn.close()
    live = demo_store.scalar("SELECT count(*) FROM staff")
    _refused(demo_store, old, "could not be upgraded to schema")
    assert demo_store.scalar("SELECT count(*) FROM staff") == live


def test_a_good_backup_is_restored_upgraded_and_audited(demo_store, tmp_path):
    good = _copy_of(demo_store, tmp_path / "good.sqlite")
    demo_store.set_setting("unit.name", "Changed after the backup")
    kept = backup.restore(demo_store, good)
    assert kept.exists()
    assert demo_store.get_setting("unit.name") != "Changed after the backup"
    row = demo_store.query_one("SELECT action, row_key, before_json FROM audit_log ORDER BY id DESC")
    assert (row[0], row[1]) == ("restore", "good.sqlite")
    assert kept.name in row[2]

    old = tmp_path / "v1.sqlite"
    conn = sqlite3.connect(old, isolation_level=None, factory=GuardedConnection)
    conn.row_factory = sqlite3.Row
    migrations.migrate(Store(old, conn, network=False), target=1)
    conn.close()
    backup.restore(demo_store, old)
    assert demo_store.schema_version == migrations.LATEST
    assert read_schema(demo_store.conn) == expected_schema()


def test_check_names_a_renamed_table_a_foreign_trigger_and_a_view(demo_path, cli):
    conn = sqlite3.connect(demo_path)
    conn.execute("ALTER TABLE gov_submissions RENAME TO gov_submissions_old")
    conn.execute("CREATE TRIGGER wipe AFTER INSERT ON settings BEGIN DELETE FROM audit_log; END")
    conn.execute("CREATE VIEW peek AS SELECT * FROM staff")
    conn.commit()
    conn.close()
    code, out, err = cli("check", "--db", demo_path)
    assert code == 1
    assert "result: FAILED" in out
    for words in ("table gov_submissions is missing", "table(s) this program did not create: gov_submissions_old",
                  "trigger wipe on table settings is not one of this program's",
                  "view peek is not one of this program's"):
        assert words in out


def test_check_passes_a_database_the_program_built(demo_path, cli):
    code, out, _err = cli("check", "--db", demo_path)
    assert code == 0, out


def test_export_return_on_a_damaged_schema_gives_the_promised_message(demo_path, cli, tmp_path):
    conn = sqlite3.connect(demo_path)
    conn.execute("ALTER TABLE staff RENAME TO staff_old")
    conn.commit()
    conn.close()
    code, out, err = cli("export", "return", "--month", "2026-09", "--db", demo_path, "-o", tmp_path / "r.xlsx")
    assert code == 0, err
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "r.xlsx", read_only=True)
    text = " ".join(str(c) for row in wb["Training"].iter_rows(values_only=True) for c in row if c)
    wb.close()
    assert "records are not in this database" in text

    conn = sqlite3.connect(demo_path)
    conn.execute("ALTER TABLE indicator_value RENAME TO iv")
    conn.commit()
    conn.close()
    code, out, err = cli("export", "return", "--month", "2026-09", "--db", demo_path, "-o", tmp_path / "r2.xlsx")
    assert code == 1
    assert "unexpected" not in err
    assert "no such table: indicator_value" in err and "check" in err


def test_opening_another_programs_sqlite_file_changes_nothing(tmp_path, cli):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("INSERT INTO notes (text) VALUES ('hello')")
    conn.commit()
    conn.close()
    digest = _digest(other)
    code, out, err = cli("check", "--db", other)
    assert code == 1
    assert "another program" in out
    assert _digest(other) == digest
    assert not Path(str(other) + "-wal").exists()
    conn = sqlite3.connect(other)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    with pytest.raises(DatabaseError):
        open_store(other)
    assert _digest(other) == digest


def test_the_audit_user_is_the_os_account_not_an_environment_variable(store, monkeypatch):
    import pwd

    real = pwd.getpwuid(__import__("os").getuid()).pw_name
    for var in ("USER", "USERNAME", "LOGNAME", "LNAME"):
        monkeypatch.setenv(var, "someone-else")
    store.set_setting("unit.name", "Audited")
    row = store.query_one("SELECT os_user FROM audit_log ORDER BY id DESC")
    assert row[0] == real != "someone-else"
