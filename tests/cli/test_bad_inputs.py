"""Bad input that is not a file's content: a folder as --db, two desks naming a backup in the
same second, a full disk during an import, a backup folder that cannot be written, and
``demo --force`` over a unit's database. Each gets one sentence, never "unexpected error"."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from maternity_desk.core.errors import ValidationFailed
from maternity_desk.exchange import importing
from maternity_desk.exchange.tabular import decode_text
from maternity_desk.store import backup, open_store
from maternity_desk.store.db import DatabaseError


def test_a_folder_given_as_db_is_refused_in_one_sentence(tmp_path, cli):
    for argv in (["check"], ["import", "staff", tmp_path / "x.csv"], ["export", "return", "--month", "2026-09",
                                                                     "-o", tmp_path / "r.xlsx"]):
        code, out, err = cli(*argv, "--db", tmp_path)
        assert code == 1
        assert "unexpected" not in err
        assert "is a folder, not a database file" in out + err


def _backups(db: str, n: int, now: datetime, queue) -> None:
    store = open_store(db, backups=False)
    try:
        queue.put([str(backup.auto_backup(store, "pre-import", now=now)) for _ in range(n)])
    except Exception as exc:  # reported to the test, which fails on it
        queue.put(f"{type(exc).__name__}: {exc}")
    finally:
        store.close()


def test_two_desks_taking_a_backup_in_the_same_second_each_keep_their_own(demo_path):
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    now = datetime(2026, 11, 30, 9, 15, 0)
    desks = [ctx.Process(target=_backups, args=(str(demo_path), 5, now, queue)) for _ in range(2)]
    for d in desks:
        d.start()
    results = [queue.get(timeout=120) for _ in desks]
    for d in desks:
        d.join(timeout=60)
    assert all(isinstance(r, list) for r in results), results
    names = [p for r in results for p in r]
    assert len(set(names)) == 10
    for p in names:
        conn = sqlite3.connect(p)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
    assert not list(backup.backup_dir(demo_path).glob("*.part"))


def test_a_backup_folder_that_cannot_be_written_skips_the_daily_backup(demo_path, cli):
    folder = backup.backup_dir(demo_path)
    if folder.exists():
        shutil.rmtree(folder)
    folder.write_text("not a folder")  # mkdir fails whoever runs the test (root ignores chmod)
    code, out, err = cli("check", "--db", demo_path)
    assert code == 0, out + err
    staff = Path(__file__).resolve().parent.parent / "fixtures" / "training" / "staff.csv"
    code, out, err = cli("import", "staff", staff, "--dry-run", "--db", demo_path)
    assert code == 0, err
    assert folder.read_text() == "not a folder"


def test_demo_force_keeps_a_backup_of_the_database_it_replaces(demo_path, cli):
    store = open_store(demo_path)
    store.set_setting("unit.name", "The unit's real name")
    store.close()
    code, out, err = cli("demo", "--force", "--db", demo_path)
    assert code == 0, err
    kept = [b for b in backup.list_backups(demo_path) if b.reason == "before-demo"]
    assert len(kept) == 1 and str(kept[0].path) in out
    conn = sqlite3.connect(kept[0].path)
    assert conn.execute("SELECT value FROM settings WHERE key = 'unit.name'").fetchone()[0] == "The unit's real name"
    conn.close()


def test_decode_text_never_replaces_an_undefined_byte_silently():
    assert decode_text("Zoë".encode("cp1252")) == "Zoë"
    assert decode_text(b"\xff\xfe" + "Zoë".encode("utf-16-le")) == "Zoë"
    with pytest.raises(ValidationFailed) as info:
        decode_text(b"Name,Notes\r\nAda,ok\r\nMary,caf\x9d\r\n", "staff.csv")
    (problem,) = info.value.problems
    assert (problem.file, problem.row, problem.column) == ("staff.csv", 3, "Notes")
    assert "0x9D" in problem.reason


@pytest.fixture
def small_disk(tmp_path):
    """A 12 MB tmpfs: a real full disk (CI runs as root, as tests/run.sh does)."""
    if os.geteuid() != 0:
        pytest.fail("this test mounts a small tmpfs to fill it: run it as root (as CI and tests/run.sh do)")
    mount = tmp_path / "small"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(folder: Path, leave: int) -> None:
    with open(folder / "filler", "wb") as f:
        while True:
            free = shutil.disk_usage(folder).free
            if free <= leave:
                break
            try:
                f.write(b"\0" * min(1 << 20, free - leave))
                f.flush()
            except OSError:
                break


def test_a_full_disk_during_an_import_is_one_sentence_and_writes_nothing(small_disk, _demo_template, tmp_path):
    db = small_disk / "unit.sqlite"
    shutil.copy(_demo_template, db)
    lines = ["date,fund,kind,amount,description,reference"]
    lines += [f"01/05/2026,MSTF,payment,{10 + i % 90}.00,{'Invoice ' * 20}{i},INV-{i}" for i in range(20_000)]
    f = tmp_path / "ledger.csv"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = open_store(db, backups=False)
    before = store.scalar("SELECT count(*) FROM fund_entry")
    plan = importing.plan_file(store, "ledger", f)
    _fill(small_disk, 64 * 1024)
    with pytest.raises(DatabaseError) as info:
        importing.commit(store, plan, backup=False)
    assert "is full; nothing was saved" in str(info.value)
    with pytest.raises(DatabaseError) as info:  # with the backup first: that is refused clearly too
        importing.commit(store, plan)
    assert "No space left on device" in str(info.value) or "is full" in str(info.value)
    assert store.scalar("SELECT count(*) FROM fund_entry") == before
    store.close()


@pytest.fixture
def read_only_folder(tmp_path, _demo_template):
    """A folder holding the demo unit, then made read-only by a read-only bind mount (root
    ignores file permissions, so chmod would prove nothing)."""
    if os.geteuid() != 0:
        pytest.fail("this test bind-mounts a folder read-only: run it as root (as CI and tests/run.sh do)")
    folder = tmp_path / "share"
    folder.mkdir()
    shutil.copy(_demo_template, folder / "unit.sqlite")
    conn = sqlite3.connect(folder / "unit.sqlite")
    conn.execute("PRAGMA journal_mode = WAL")  # as the app leaves it
    conn.close()
    subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True)
    subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_read_only_commands_work_in_a_read_only_folder(read_only_folder, cli, tmp_path):
    db = read_only_folder / "unit.sqlite"
    code, out, err = cli("check", "--db", db)
    assert code == 0, out + err
    assert "read-only here" in out
    code, out, err = cli("overdue-training", "--db", db)
    assert code == 0, err
    code, out, err = cli("export", "return", "--month", "2026-09", "--db", db, "-o", tmp_path / "r.xlsx")
    assert code == 0, err
    staff = Path(__file__).resolve().parent.parent / "fixtures" / "training" / "staff.csv"
    code, out, err = cli("import", "staff", staff, "--db", db)
    assert code == 1 and "unexpected" not in err and "read-only" in err and "nothing was changed" in err


def test_read_only_commands_work_on_a_full_disk(small_disk, _demo_template, cli):
    db = small_disk / "unit.sqlite"
    shutil.copy(_demo_template, db)
    _fill(small_disk, 0)
    code, out, err = cli("check", "--db", db)
    assert code == 0, out + err
    code, out, err = cli("overdue-training", "--db", db)
    assert code == 0, err
    assert "unexpected" not in err
