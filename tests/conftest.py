"""Shared fixtures. Every test gets its own data folder and databases in ``tmp_path``;
the demo database is built once per session and copied per test; Qt runs offscreen."""

from __future__ import annotations

import os
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: the "today" every demo-based test uses, so figures do not move with the clock
DEMO_TODAY = date(2026, 10, 15)


#: plain-file opens of a live database's files, seen by the audit hook below
_PLAIN_OPENS: list[str] = []


def _watch_plain_opens(event: str, args: tuple) -> None:
    """Every ``open()``/``os.open()`` in the test process is checked: none may touch a database
    file (or its -wal/-shm/-journal) while a Store has it open. Closing such a descriptor
    drops SQLite's POSIX locks, and another process then deletes the live WAL."""
    if event != "open" or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    db = sys.modules.get("maternity_desk.store.db")  # never import from inside the hook
    live = getattr(db, "_LIVE_STORES", None)
    if not live or _WATCHING:
        return
    _WATCHING.append(True)
    try:
        target = os.path.abspath(os.fsdecode(args[0]))
        if target in db.live_database_files():
            import traceback

            _PLAIN_OPENS.append(f"{target}\n{''.join(traceback.format_stack(limit=8)[:-1])}")
    finally:
        _WATCHING.clear()


_WATCHING: list[bool] = []  # re-entry guard: formatting the stack opens source files


sys.addaudithook(_watch_plain_opens)


@pytest.fixture(autouse=True)
def _no_plain_file_io_on_live_databases():
    """Fails any test in which code opened a live database file with plain file I/O."""
    _PLAIN_OPENS.clear()
    yield
    found, _PLAIN_OPENS[:] = list(_PLAIN_OPENS), []
    assert not found, "a live database file was opened with plain file I/O:\n" + "\n".join(found)


@pytest.fixture(autouse=True)
def _data_folder(tmp_path_factory, monkeypatch):
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("MATERNITY_DESK_DATA", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(data / "config"))  # QSettings stays in the test
    return data


@pytest.fixture(autouse=True)
def _no_unexpected_modal_dialogs(request, monkeypatch):
    """A message box or error dialog that a test did not expect fails the test at once
    instead of waiting forever for a click. Tests that expect one patch it themselves."""
    if "qtbot" not in request.fixturenames:
        return
    from PySide6.QtWidgets import QMessageBox

    def refuse(kind):
        def fail(*args, **kwargs):
            text = " | ".join(str(a) for a in args[1:3])
            raise AssertionError(f"unexpected modal {kind} in a test: {text}")

        return fail

    for kind in ("warning", "critical", "information", "question", "about"):
        monkeypatch.setattr(QMessageBox, kind, refuse(kind))
    from maternity_desk.ui import errors

    monkeypatch.setattr(errors.ErrorDialog, "exec", refuse("error report"))


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "unit.sqlite"


@pytest.fixture
def store(db_path):
    """A fresh, fully migrated, empty unit database."""
    from maternity_desk.store import open_store

    s = open_store(db_path)
    yield s
    s.close()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory) -> Path:
    from maternity_desk.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    build_demo(path, seed=2016, today=DEMO_TODAY).close()
    # fold the WAL into the main file so a plain copy is complete
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    return path


@pytest.fixture
def demo_path(_demo_template, tmp_path) -> Path:
    """A private copy of the demo unit database."""
    dest = tmp_path / "demo.sqlite"
    shutil.copy(_demo_template, dest)
    return dest


@pytest.fixture
def demo_store(demo_path):
    from maternity_desk.store import open_store

    s = open_store(demo_path)
    yield s
    s.close()


@pytest.fixture
def cli(capsys):
    """Run ``maternity-desk`` in-process: ``code, out, err = cli("check", "--db", p)``."""
    from maternity_desk.cli import main

    def run(*argv):
        code = main([str(a) for a in argv])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture
def python_exe() -> str:
    return sys.executable


# --- things some tests need from the machine: missing ones FAIL, saying what to install -------

#: the folder holding the real published national files (never committed here); tests/run.sh
#: and CI find it beside the clone, as ../shared/national/
NATIONAL_DIR = Path(os.environ.get("MATERNITY_DESK_NATIONAL_DIR") or ROOT.parent / "shared" / "national")


def require_program(name: str, package: str, *alternatives: str) -> str:
    """The path of a program a test needs; a test fails (never skips) when it is missing,
    naming the Debian package that provides it (tests/run.sh installs it as root)."""
    for candidate in (name, *alternatives):
        found = shutil.which(candidate)
        if found:
            return found
    pytest.fail(f"{name} is not installed: install {package} (apt-get install {package}; "
                "bash tests/run.sh does this as root)", pytrace=False)


def require_national_file(name: str) -> Path:
    """A real published national file from :data:`NATIONAL_DIR`; fails when it is not there."""
    path = NATIONAL_DIR / name
    if not path.is_file():
        pytest.fail(f"the real published file {name} is not in {NATIONAL_DIR}: put NHS England's "
                    "annual 'NHS Maternity Statistics' MSDS CSV there (or set MATERNITY_DESK_NATIONAL_DIR "
                    "to its folder); see national-data.md", pytrace=False)
    return path
