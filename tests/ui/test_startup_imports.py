"""What opening the window loads before its first frame: only what Home and the window need.

Each module loaded at start is paid for on every start (and, on a desktop with antivirus, each
file is scanned as it is opened), so the first-run dialogs, the migrations of an up-to-date file,
the other pages, the chart and workbook libraries and the importers wait until they are used."""

from __future__ import annotations

import os
import subprocess
import sys

START = """
import builtins, sys
sys.argv[1:] = ["--db", sys.argv[1]]
_print = builtins.print
def _at_first_frame(*a, **k):  # "shown" is printed at the first frame
    if a == ("shown",):
        _print("ICON_TYPE_MADE", "QIcon" in sys.modules["PySide6.QtGui"].__dict__)
    _print(*a, **k)
builtins.print = _at_first_frame
from maternity_desk.launch import run  # as the maternity-desk command starts
code = run()
print("LOADED", " ".join(sorted(sys.modules)))
from PySide6 import QtCore
print("QT_NAMESPACE_MADE", "Qt" in QtCore.__dict__)  # Qt's types are made on first use
import gc
print("COLLECTOR", gc.isenabled(), gc.get_freeze_count() > 0)
sys.exit(code)
"""

NOT_AT_START = (
    # the file is up to date: no migration is loaded
    *(f"maternity_desk.store.migrations.v{n:03d}" for n in range(1, 17)),
    "maternity_desk.ui.unit_settings",  # first run and Home's Edit button
    "maternity_desk.ui.welcome",  # first run
    "maternity_desk.ui.training", "maternity_desk.ui.dashboard", "maternity_desk.ui.fund",
    "maternity_desk.ui.returns", "maternity_desk.ui.governance", "maternity_desk.ui.improvement",
    "maternity_desk.core.search",  # the search box's searching, not the box
    "maternity_desk.exchange", "maternity_desk.demo", "maternity_desk.commands.training",
    "pyqtgraph", "openpyxl", "sqlite_utils", "numpy",
)
# dataclasses: defining a frozen dataclass compiles its methods (1.2 ms each); the start's
# records are NamedTuples (0.2 ms)
NOT_AT_START_EXACTLY = ("calendar", "platform", "dataclasses")


def test_opening_the_window_loads_only_what_its_first_frame_needs(demo_path, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MATERNITY_DESK_EXIT_WHEN_SHOWN="1",
               MATERNITY_DESK_DATA=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    r = subprocess.run([sys.executable, "-c", START, str(demo_path)], env=env, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    loaded = next(line for line in r.stdout.splitlines() if line.startswith("LOADED ")).split()[1:]
    assert "maternity_desk.ui.home" in loaded and "maternity_desk.store.migrations" in loaded
    early = sorted(m for m in loaded if m.startswith(NOT_AT_START) or m in NOT_AT_START_EXACTLY)
    assert not early, f"loaded before the window's first frame: {early}"
    # the Qt namespace's ~90 enums (25-40 ms) are built after the first frame, when first used;
    # the icon type's too (the icon is set after the first frame: see test_app_icon.py)
    assert "QT_NAMESPACE_MADE False" in r.stdout.splitlines()
    assert "ICON_TYPE_MADE False" in r.stdout.splitlines()
    # the garbage collector, paused for the start, runs again from the first frame, with the
    # start's objects frozen
    assert "COLLECTOR True True" in r.stdout.splitlines()


def test_the_plain_qt_values_are_qts_own(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QListWidget

    from maternity_desk.ui import qt_values

    assert Qt.ItemDataRole.UserRole.value == qt_values.USER_ROLE
    assert Qt.ItemDataRole.AccessibleTextRole.value == qt_values.ACCESSIBLE_TEXT_ROLE
    view = QListWidget()
    qt_values.no_sideways_scrolling(view)
    assert view.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff


def test_a_sub_command_runs_with_the_collector_on(demo_path, monkeypatch, capsys):
    """The start pauses Python's cycle collector for the window; a sub-command (an import, an
    export: hundreds of thousands of objects, some in cycles) turns it back on at once."""
    import gc

    from maternity_desk import launch

    monkeypatch.setattr(sys, "argv", ["maternity-desk", "staff", "--db", str(demo_path)])
    try:
        assert launch.run() == 0  # which pauses the collector first
        on_after = gc.isenabled()
    finally:
        gc.enable()
    assert on_after and "Staff number" in capsys.readouterr().out


def test_pyside_reads_no_modules_source_once_the_window_package_is_loaded(tmp_path, monkeypatch):
    """PySide's import hook would read the whole source of each module imported after it (see
    maternity_desk/ui/__init__.py): once the window's package is loaded, it reads none."""
    import inspect

    import maternity_desk.ui  # noqa: F401

    read = []
    monkeypatch.setattr(inspect, "getsource", lambda obj: read.append(obj) or "")
    (tmp_path / "md_never_imported_before.py").write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    import md_never_imported_before  # noqa: F401 (a name PySide's hook has never seen)

    assert read == []


def test_nothing_the_window_runs_selects_pysides_optional_naming():
    """Answering "does not use PySide" for every module is right only while no module selects
    PySide's optional naming (``from __feature__ import ...``): nothing here, nor the chart
    library, does."""
    import re
    from pathlib import Path

    import pyqtgraph

    import maternity_desk

    selects = re.compile(r"^\s*(?:from\s+__feature__\s+import|import\s+__feature__)", re.M)
    folders = [Path(maternity_desk.__file__).parent, Path(pyqtgraph.__file__).parent]
    selecting = [str(p) for folder in folders for p in folder.rglob("*.py")
                 if selects.search(p.read_text(encoding="utf-8", errors="replace"))]
    assert selecting == []
