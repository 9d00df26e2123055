"""A killed process loses only its open transaction; two desks on one file lose no update."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from maternity_desk.store import open_store
from maternity_desk.store.check import run_check

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")


def _spawn(code: str, *args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("network", [False, True], ids=["wal", "rollback-journal"])
def test_sigkill_mid_transaction_leaves_state_before_it(db_path, network, monkeypatch):
    from maternity_desk.store import db as dbmod

    monkeypatch.setattr(dbmod, "is_network_path", lambda p: network)
    s = open_store(db_path)
    with s.transaction():
        s.set_setting("unit.name", "Committed before the crash")
        s.execute("CREATE TABLE bulk (id INTEGER PRIMARY KEY, payload TEXT)")
        s.executemany("INSERT INTO bulk (payload) VALUES (?)", [("x" * 100,)] * 1000)
    before = [tuple(r) for r in s.query("SELECT * FROM settings WHERE key != 'last_check' ORDER BY key")]
    s.close()

    child = _spawn(
        """
        import sys
        from maternity_desk.store import db as dbmod, open_store
        dbmod.is_network_path = lambda p: sys.argv[2] == "1"
        s = open_store(sys.argv[1], backups=False)
        with s.transaction():
            s.set_setting("unit.name", "Never committed")
            for i in range(200):
                s.executemany("INSERT INTO bulk (payload) VALUES (?)", [("y" * 500,)] * 1000)
                if i == 20:
                    print("in the middle", flush=True)
        print("finished", flush=True)
        """,
        db_path, int(network),
    )
    assert child.stdout.readline().strip() == "in the middle"
    os.kill(child.pid, signal.SIGKILL)
    child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL

    report = run_check(db_path)
    assert report.ok, report.problems
    s = open_store(db_path)
    try:
        assert [tuple(r) for r in s.query("SELECT * FROM settings WHERE key != 'last_check' ORDER BY key")] == before
        assert s.scalar("SELECT count(*) FROM bulk") == 1000
    finally:
        s.close()


WRITER = """
import sys
from maternity_desk.store import open_store
s = open_store(sys.argv[1], backups=False)
for i in range(int(sys.argv[2])):
    with s.transaction():
        n = int(s.get_setting("counter") or 0)
        s.set_setting("counter", str(n + 1), audit=False)
s.close()
print("done", flush=True)
"""


@pytest.mark.parametrize("network", [False, True], ids=["wal", "rollback-journal"])
def test_two_desks_writing_at_once_lose_no_update(db_path, network, monkeypatch):
    from maternity_desk.store import db as dbmod

    monkeypatch.setattr(dbmod, "is_network_path", lambda p: network)
    open_store(db_path).close()
    code = WRITER if not network else WRITER.replace(
        "from maternity_desk.store import open_store",
        "from maternity_desk.store import db as dbmod, open_store\ndbmod.is_network_path = lambda p: True")
    n = 150
    a, b = _spawn(code, db_path, n), _spawn(code, db_path, n)
    outs = [p.communicate(timeout=120) for p in (a, b)]
    assert a.returncode == 0 and b.returncode == 0, outs
    s = open_store(db_path)
    try:
        assert s.get_setting("counter") == str(2 * n)
    finally:
        s.close()


def test_desk_that_cannot_get_the_lock_says_so(db_path, cli):
    s = open_store(db_path)
    s.conn.execute("BEGIN IMMEDIATE")
    try:
        t = time.perf_counter()
        child = _spawn(
            """
            import sys
            from maternity_desk.store import open_store, DatabaseBusy
            s = open_store(sys.argv[1], backups=False, busy_timeout_ms=300)
            try:
                s.set_setting("x", "y")
            except DatabaseBusy as exc:
                print(exc)
                sys.exit(3)
            """,
            db_path,
        )
        out, err = child.communicate(timeout=60)
        assert child.returncode == 3, err
        assert "being written by another Maternity Desk" in out
        assert "nothing was saved" in out
        assert time.perf_counter() - t < 30
    finally:
        s.conn.execute("ROLLBACK")
        s.close()
