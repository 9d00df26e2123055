"""While the app has its database open, nothing in the process opens the database file (or its
-wal/-shm/-journal) except SQLite; a second process then reads and writes beside it without
deleting the live journal.

The failure this guards against: closing any descriptor on a database file drops every POSIX
lock the process holds on it (SQLite's "How To Corrupt An SQLite Database File", section 2.2).
A second process that opens, writes and closes then takes itself for the last user and deletes
the live -wal and -shm files; every later edit of the first process lives in a deleted file.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from maternity_desk.store import db as dbmod
from maternity_desk.store import open_store
from maternity_desk.store.check import run_check
from tests import conftest
from tests.conftest import FIXTURES

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX advisory locks")


def _run(code: str, *args, network: bool = False) -> str:
    """Another process (a second desk, or the command line) on the same file."""
    prelude = textwrap.dedent(f"""
        import sys
        from maternity_desk.store import db as dbmod
        dbmod.is_network_path = lambda p: {network!r}
    """)
    done = subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code), *map(str, args)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _other_desk_reads_writes_and_closes(path: Path, tag: str, network: bool) -> None:
    _run(
        """
        from maternity_desk.store import open_store
        s = open_store(sys.argv[1], backups=False)
        assert s.scalar("SELECT count(*) FROM audit_log") > 0
        s.set_setting("desk_b." + sys.argv[2], "written by desk B")
        s.close()
        """,
        path, tag, network=network,
    )


def _third_process_sees(path: Path, network: bool) -> dict[str, str]:
    out = _run(
        """
        import json
        from maternity_desk.store import open_store
        s = open_store(sys.argv[1], backups=False, migrate=False)
        rows = {r[0]: r[1] for r in s.query("SELECT key, value FROM settings WHERE key LIKE 'desk_%'")}
        ok = [r[0] for r in s.query("PRAGMA integrity_check")]
        s.close()
        print(json.dumps({"rows": rows, "integrity": ok}))
        """,
        path, network=network,
    )
    import json

    seen = json.loads(out)
    assert seen["integrity"] == ["ok"]
    return seen["rows"]


def _every_background_task(path: Path, tmp: Path) -> None:
    """What the window's workers do, each on its own connection while the page's is open:
    the import wizard's check and commit, the monthly return's preview and export, the fund
    statement's export, and a backup."""
    from maternity_desk.exchange import importing
    from maternity_desk.exchange.fund import write_statement
    from maternity_desk.exchange.returns import build_return, write_workbook
    from maternity_desk.store import backup

    staff = tmp / "staff.csv"
    staff.write_text((FIXTURES / "training" / "staff.csv").read_text(encoding="utf-8"), encoding="utf-8")
    worker = open_store(path, migrate=False, backups=False)
    try:
        plan = importing.plan_file(worker, "staff", staff)
    finally:
        worker.close()
    worker = open_store(path, migrate=False, backups=False)
    try:
        importing.commit(worker, plan)
    finally:
        worker.close()
    worker = open_store(path, migrate=False, backups=False)
    try:
        write_workbook(build_return(worker, "2026-09"), tmp / "return.xlsx")
        write_statement(worker, "MSTF", "2016/17", tmp / "statement.xlsx", prepared=date(2026, 10, 15))
        backup.auto_backup(worker, "manual")
    finally:
        worker.close()


@pytest.mark.parametrize("network", [False, True], ids=["wal", "rollback-journal"])
def test_second_process_beside_the_open_app_loses_nothing(demo_path, tmp_path, monkeypatch, network):
    monkeypatch.setattr(dbmod, "is_network_path", lambda p: network)
    app = open_store(demo_path, backups=False)  # the window's own connection, kept open
    try:
        mode = app.scalar("PRAGMA journal_mode")
        assert mode == ("delete" if network else "wal")
        app.set_setting("desk_a.before", "pending in the journal")
        _every_background_task(demo_path, tmp_path)
        _other_desk_reads_writes_and_closes(demo_path, "first", network)
        if not network:  # the live journal survived the other desk's close
            assert Path(str(demo_path) + "-wal").exists()
            assert Path(str(demo_path) + "-shm").exists()
        app.set_setting("desk_a.after", "written after desk B closed")
        _other_desk_reads_writes_and_closes(demo_path, "second", network)
        seen = _third_process_sees(demo_path, network)  # while the app is still open
        assert seen == {
            "desk_a.before": "pending in the journal",
            "desk_a.after": "written after desk B closed",
            "desk_b.first": "written by desk B",
            "desk_b.second": "written by desk B",
        }
        report = run_check(demo_path)
        assert report.ok, report.problems
    finally:
        app.close()
    assert run_check(demo_path).ok
    assert len(_third_process_sees(demo_path, network)) == 4


def test_the_rule_is_watched(store):
    """Every test runs under a watch (tests/conftest.py) that records a plain open() of a live
    database file; this proves the watch sees one."""
    with open(store.path, "rb") as handle:
        handle.read(16)
    found = list(conftest._PLAIN_OPENS)
    conftest._PLAIN_OPENS.clear()
    assert found and str(os.path.abspath(store.path)) in found[0]
    with open(str(store.path) + "-wal", "rb"):
        pass
    assert conftest._PLAIN_OPENS
    conftest._PLAIN_OPENS.clear()


def test_read_header_refuses_a_text_file_without_opening_it_by_hand(db_path):
    db_path.write_text("name,group\nA,B\n")
    with pytest.raises(dbmod.NotAMaternityDeskDatabase, match="not an SQLite file"):
        dbmod.read_header(db_path)


def test_another_programs_database_is_refused_unchanged(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE something (x)")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(dbmod.NotAMaternityDeskDatabase):
        open_store(db_path)
    assert db_path.read_bytes() == before  # not switched to WAL, nothing written
    assert not Path(str(db_path) + "-wal").exists()


@pytest.mark.parametrize("kind", ["staff", "national"])
def test_the_open_database_picked_as_an_import_file_is_refused_unread(demo_store, kind):
    from maternity_desk.core.errors import ValidationFailed
    from maternity_desk.exchange import importing

    with pytest.raises(ValidationFailed, match="the unit's open database"):
        importing.plan_file(demo_store, kind, demo_store.path)
    assert not conftest._PLAIN_OPENS
