"""The unit database: pragmas, migrations, newer-version refusal, audit atomicity, locks."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from maternity_desk.store import (
    DatabaseBusy,
    NewerDatabase,
    NotAMaternityDeskDatabase,
    migrations,
    open_store,
)
from maternity_desk.store import db as dbmod
from maternity_desk.store.backup import list_backups


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_has_pragmas_and_latest_schema(store):
    assert store.schema_version == migrations.LATEST
    assert store.scalar("PRAGMA foreign_keys") == 1
    assert store.scalar("PRAGMA busy_timeout") == dbmod.BUSY_TIMEOUT_MS
    assert store.scalar("PRAGMA journal_mode") == "wal"
    assert store.scalar("PRAGMA synchronous") == 2  # FULL
    assert store.scalar("PRAGMA application_id") == dbmod.APPLICATION_ID


def test_network_path_uses_rollback_journal(db_path, monkeypatch):
    monkeypatch.setattr(dbmod, "is_network_path", lambda p: True)
    s = open_store(db_path)
    try:
        assert s.network
        assert s.scalar("PRAGMA journal_mode") == "delete"
    finally:
        s.close()


@pytest.mark.parametrize("path", [r"\\server\share\maternity\unit.sqlite", "//server/share/unit.sqlite"])
def test_unc_paths_are_network_paths(path):
    assert dbmod.is_network_path(path)


def test_local_temp_folder_is_not_network(tmp_path):
    assert not dbmod.is_network_path(tmp_path / "unit.sqlite")


@pytest.mark.parametrize("start", range(0, migrations.LATEST))
def test_migrates_from_each_earlier_version(db_path, start):
    conn, _ = dbmod.connect(db_path)
    s = dbmod.Store(db_path, conn, network=False)
    migrations.migrate(s, target=start)
    assert s.schema_version == start
    if start:
        with s.transaction():
            s.set_setting("unit.name", "Kept across migration")
    s.close()
    s = open_store(db_path)
    try:
        assert s.schema_version == migrations.LATEST
        if start:
            assert s.get_setting("unit.name") == "Kept across migration"
            assert any(b.reason == f"pre-migration-v{start}" for b in list_backups(s))
        assert [r[0] for r in s.query("PRAGMA integrity_check")] == ["ok"]
        assert s.query("PRAGMA foreign_key_check") == []
    finally:
        s.close()


def test_failed_migration_leaves_previous_version(db_path, monkeypatch):
    conn, _ = dbmod.connect(db_path)
    s = dbmod.Store(db_path, conn, network=False)
    migrations.migrate(s, target=1)

    def broken(store):
        store.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("disk pulled out")

    module = migrations.modules()[1]
    monkeypatch.setattr(module, "migrate", broken)
    with pytest.raises(RuntimeError):
        migrations.migrate(s)
    assert s.schema_version == 1
    assert not s.table_exists("half_done")
    s.close()


def test_newer_database_refused_and_untouched(db_path):
    open_store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = sha(db_path)
    with pytest.raises(NewerDatabase, match="newer Maternity Desk"):
        open_store(db_path)
    assert sha(db_path) == before


def test_other_programs_sqlite_refused(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE something (x)")
    conn.commit()
    conn.close()
    with pytest.raises(NotAMaternityDeskDatabase):
        open_store(db_path)


def test_not_sqlite_refused(db_path):
    db_path.write_text("name,group\nA,B\n")
    with pytest.raises(NotAMaternityDeskDatabase, match="not an SQLite file"):
        open_store(db_path)


def test_audit_row_written_with_change(store):
    store.set_setting("unit.name", "Riverside")
    row = store.query_one("SELECT * FROM audit_log ORDER BY id DESC LIMIT 1")
    assert row["table_name"] == "settings" and row["row_key"] == "unit.name"
    assert '"Riverside"' in row["after_json"]
    assert row["os_user"]
    assert row["at_utc"].endswith("Z")


def test_audit_rolled_back_with_change(store):
    n = store.scalar("SELECT count(*) FROM audit_log")
    with pytest.raises(RuntimeError), store.transaction():
        store.set_setting("unit.name", "Never saved")
        assert store.scalar("SELECT count(*) FROM audit_log") == n + 1
        raise RuntimeError("validation failed after the write")
    assert store.scalar("SELECT count(*) FROM audit_log") == n
    assert store.get_setting("unit.name") is None


def test_writes_outside_a_transaction_are_refused(store):
    with pytest.raises(RuntimeError, match="transaction"):
        store.execute("INSERT INTO settings VALUES ('a', 'b')")


def test_lock_held_elsewhere_is_reported_plainly(db_path):
    holder = open_store(db_path)
    other = open_store(db_path, busy_timeout_ms=200)
    try:
        holder.conn.execute("BEGIN IMMEDIATE")
        busy = pytest.raises(DatabaseBusy, match=r"did not become free within 0.2 seconds; nothing was saved")
        with busy, other.transaction():
            other.set_setting("x", "y")
        holder.conn.execute("ROLLBACK")
        other.set_setting("x", "y")  # free again: the write goes through
        assert holder.get_setting("x") == "y"
    finally:
        holder.close()
        other.close()


def test_unit_settings_validated(store):
    from maternity_desk.core.errors import InvalidValue
    from maternity_desk.core.unit import UnitSettings

    saved = store.save_unit_settings(UnitSettings("Riverside", "A Trust", "rxq", "Some LMS", "y59"))
    assert saved.ods_code == "RXQ" and saved.region == "Y59"
    assert store.unit_settings() == saved
    with pytest.raises(InvalidValue, match="ODS code"):
        store.save_unit_settings(UnitSettings("Riverside", ods_code="R-1"))
    with pytest.raises(InvalidValue, match="region"):
        store.save_unit_settings(UnitSettings("Riverside", region="Y99"))


@pytest.mark.parametrize("text", ["943 476 5919", "Seen 9434765919 today", "943-476-5919"])
def test_every_saved_text_is_checked_for_nhs_numbers(store, text):
    from maternity_desk.core.errors import InvalidValue
    from maternity_desk.core.unit import UnitSettings

    before = store.scalar("SELECT count(*) FROM audit_log")
    with pytest.raises(InvalidValue, match="NHS number"):
        store.insert("fund_category", {"name": text, "sort_order": 99}, key_col="name")
    with pytest.raises(InvalidValue, match="NHS number"):
        store.set_setting("unit.trust", text)
    with pytest.raises(InvalidValue, match="NHS number"):
        store.save_unit_settings(UnitSettings("Unit", trust=text))
    assert store.scalar("SELECT count(*) FROM audit_log") == before
    store.insert("fund_category", {"name": "Order 9434765918", "sort_order": 99}, key_col="name")  # bad check digit


def test_update_checks_for_nhs_numbers(store):
    from maternity_desk.core.errors import InvalidValue

    store.insert("fund_category", {"name": "Venue A", "sort_order": 1}, key_col="name")
    with pytest.raises(InvalidValue, match="Name looks like it contains an NHS number"):
        store.update("fund_category", "name", "Venue A", {"name": "Room for 943 476 5919"})
    assert store.scalar("SELECT count(*) FROM fund_category WHERE name = 'Venue A'") == 1
