"""A database that cannot be written here (a read-only file, folder or disk): reading commands
work, `check` checks it without changing it, and a change is refused in one sentence saying the
file is read-only and nothing was changed (it was "unexpected error (OperationalError: attempt
to write a readonly database)", and `check` called the file damaged).

Read-only is made with a read-only bind mount in a private mount namespace, so the test needs no
root and the permission holds even for root."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="bind mounts are Linux's")


def _read_only_run(target: Path, db: Path, commands: list[list[str]], out: Path) -> list[tuple[int, str, str]]:
    if shutil.which("unshare") is None:
        pytest.fail("these tests need 'unshare' (Debian: apt-get install util-linux)")
    out.mkdir()
    lines = [f"mount --bind '{target}' '{target}' && mount -o remount,bind,ro '{target}' || exit 90"]
    for i, args in enumerate(commands):
        command = " ".join(f"'{a}'" for a in [sys.executable, "-m", "maternity_desk", *args, "--db", str(db)])
        lines.append(f"{command} > '{out}/{i}.out' 2> '{out}/{i}.err'; echo $? > '{out}/{i}.rc'")
    done = subprocess.run(["unshare", "-rm", "bash", "-c", "\n".join(lines)], capture_output=True, text=True,
                          timeout=300)
    if done.returncode == 90:
        pytest.fail(f"could not make a read-only bind mount in a private namespace: {done.stderr.strip()}")
    return [(int((out / f"{i}.rc").read_text()), (out / f"{i}.out").read_text(), (out / f"{i}.err").read_text())
            for i in range(len(commands))]


@pytest.fixture
def folder_with_db(demo_path, tmp_path):
    folder = tmp_path / "share"
    folder.mkdir()
    db = folder / "unit.sqlite"
    shutil.copy(demo_path, db)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = WAL")  # as the app leaves it
    conn.close()
    return db


@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_database_reads_and_refuses_changes_plainly(folder_with_db, tmp_path, what):
    db = folder_with_db
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    target = db if what == "file" else db.parent
    results = _read_only_run(target, db, [
        ["check"],
        ["import", "staff", str(FIXTURES / "training" / "staff.csv")],
        ["compliance", "--as-at", "2026-10-01", "--json"],
        ["overdue", "--as-at", "2026-10-01"],
    ], tmp_path / "out")
    (check_rc, check_out, _e), (imp_rc, _o, imp_err), (comp_rc, comp_out, _e2), (over_rc, _o3, _e3) = results
    assert check_rc == 0, check_out
    assert "result: ok" in check_out and "read-only here" in check_out and "damaged" not in check_out
    assert imp_rc == 1
    assert "read-only" in imp_err and "nothing was changed" in imp_err
    assert "unexpected" not in imp_err and "Traceback" not in imp_err
    assert len(imp_err.strip().splitlines()) == 1
    assert comp_rc == 0 and '"course"' in comp_out
    assert over_rc == 0
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    left = sorted(p.name for p in db.parent.iterdir())
    if what == "folder":
        assert left == ["unit.sqlite"]
    else:  # SQLite's own shared-memory files for reading; no backup, nothing written
        assert set(left) <= {"unit.sqlite", "unit.sqlite-wal", "unit.sqlite-shm"}
        assert not (db.parent / "unit.sqlite-wal").exists() or (db.parent / "unit.sqlite-wal").stat().st_size == 0


def test_store_opened_read_only_refuses_every_write_before_starting(folder_with_db, monkeypatch):
    from maternity_desk.store import DatabaseReadOnly, open_store, opening

    monkeypatch.setattr(opening, "read_only_reason", lambda p: "the file is read-only")
    store = open_store(folder_with_db)
    try:
        assert store.read_only == "the file is read-only"
        assert store.scalar("SELECT count(*) FROM staff") > 0
        with pytest.raises(DatabaseReadOnly, match="nothing was changed"):
            store.set_setting("unit.name", "Changed")
        from maternity_desk.store import backup

        with pytest.raises(DatabaseReadOnly):
            backup.auto_backup(store, "manual")
    finally:
        store.close()
    assert not (folder_with_db.parent / "backups").exists()
