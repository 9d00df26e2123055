"""Backups, rotation, restore and check."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from maternity_desk.store import DatabaseError, NewerDatabase, NotAMaternityDeskDatabase, open_store
from maternity_desk.store import backup as backups
from maternity_desk.store.check import run_check


def test_first_open_each_day_takes_one_backup(db_path):
    day1 = datetime(2026, 3, 2, 9, 0)
    open_store(db_path, now=day1).close()
    s = open_store(db_path, now=day1)  # first open of 2 March: backup taken once the schema exists
    s.close()
    s = open_store(db_path, now=day1 + timedelta(hours=3))
    s.close()
    daily = [b for b in backups.list_backups(db_path) if b.reason == "daily"]
    assert len(daily) == 1
    open_store(db_path, now=day1 + timedelta(days=1)).close()
    assert len([b for b in backups.list_backups(db_path) if b.reason == "daily"]) == 2


def test_rotation_keeps_7_days_and_8_weeks():
    base = datetime(2026, 6, 30, 12)
    files = [backups.BackupFile(Path(f"b{i}.sqlite"), base - timedelta(days=i), "daily") for i in range(120)]
    keep = backups.to_keep(files)
    kept_days = sorted((base - b.taken).days for b in files if b.path in keep)
    # the 7 newest days, then one per ISO week for the 8 newest weeks
    assert kept_days[:7] == list(range(7))
    weeks = {tuple(b.taken.isocalendar())[:2] for b in files if b.path in keep}
    assert len(weeks) == 8
    assert max(kept_days) < 8 * 7
    assert len(keep) == 7 + (8 - 2)  # the first 7 days span this week and last week


def test_prune_deletes_old_files(store):
    for i in range(20):
        backups.auto_backup(store, "daily", now=datetime(2026, 1, 1) + timedelta(days=i * 3))
    left = backups.list_backups(store)
    assert len(left) <= 7 + 8
    assert datetime(2026, 1, 1) + timedelta(days=57) in {b.taken for b in left}
    assert datetime(2026, 1, 1) not in {b.taken for b in left}


def test_backup_restore_round_trip(store, tmp_path):
    store.set_setting("unit.name", "Before")
    copy = backups.backup_to(store, tmp_path / "copy.sqlite")
    store.set_setting("unit.name", "After")
    kept = backups.restore(store, copy)
    assert store.get_setting("unit.name") == "Before"
    assert kept.exists()
    old = open_store(kept, migrate=False, backups=False)
    try:
        assert old.get_setting("unit.name") == "After"
    finally:
        old.close()


def test_restore_refuses_non_database_and_leaves_current(store, tmp_path):
    store.set_setting("unit.name", "Current")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 10)
    with pytest.raises(NotAMaternityDeskDatabase):
        backups.restore(store, junk)
    assert store.get_setting("unit.name") == "Current"


def test_restore_refuses_newer_version(store, tmp_path):
    import sqlite3

    from maternity_desk.store import migrations

    copy = backups.backup_to(store, tmp_path / "newer.sqlite")
    conn = sqlite3.connect(copy)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 3}")
    conn.close()
    with pytest.raises(NewerDatabase):
        backups.restore(store, copy)


def corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    mid = len(data) // 2
    data[mid: mid + 4096] = b"\xde\xad\xbe\xef" * 1024
    path.write_bytes(bytes(data))


def test_check_passes_on_demo(demo_path, cli):
    code, out, err = cli("check", "--db", demo_path)
    assert code == 0, err
    assert "result: ok" in out


def test_check_fails_on_corrupted_copy(demo_path, tmp_path, cli):
    bad = tmp_path / "bad.sqlite"
    shutil.copy(demo_path, bad)
    corrupt(bad)
    code, out, err = cli("check", "--db", bad)
    assert code == 1
    assert "check failed" in err
    assert "Traceback" not in err
    report = run_check(bad)
    assert not report.ok and report.problems


def test_restore_refuses_corrupted_backup(demo_store, tmp_path):
    bad = tmp_path / "bad.sqlite"
    backups.backup_to(demo_store, bad)
    corrupt(bad)
    before = demo_store.scalar("SELECT count(*) FROM audit_log")
    with pytest.raises(DatabaseError):
        backups.restore(demo_store, bad)
    assert demo_store.scalar("SELECT count(*) FROM audit_log") == before
