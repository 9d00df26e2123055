"""The window's size is remembered per display scale, and its title and status bar name the
unit, not the database file."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtCore import QSettings

from maternity_desk.ui import tasks
from maternity_desk.ui.main_window import MainWindow


def test_each_scale_remembers_its_own_size(qtbot, demo_store, monkeypatch):
    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())
    first = MainWindow(demo_store)
    qtbot.addWidget(first)
    assert first.geometry_key() == "main_window/geometry@100"  # the offscreen screen is 100%
    first.resize(700, 500)
    first.close()
    assert QSettings().value("main_window/geometry@100") is not None
    assert QSettings().value("main_window/geometry@150") is None  # a 150% screen starts afresh
    again = MainWindow(demo_store)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (700, 500)


def test_the_key_names_150_percent_at_150_percent():
    code = ("from PySide6.QtWidgets import QApplication, QMainWindow\n"
            "from maternity_desk.ui.main_window import MainWindow\n"
            "app = QApplication([])\n"
            "print(MainWindow.geometry_key(QMainWindow()))\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "1.5"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "main_window/geometry@150", out.stderr


def test_a_size_saved_before_scales_were_told_apart_still_opens_at_100(qtbot, demo_store, monkeypatch):
    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())
    first = MainWindow(demo_store)
    qtbot.addWidget(first)
    first.resize(720, 510)
    QSettings().setValue("main_window/geometry", first.saveGeometry())  # as earlier versions kept it
    QSettings().remove("main_window/geometry@100")  # nothing saved per scale yet
    first.remember_geometry = False
    first.close()
    again = MainWindow(demo_store)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (720, 510)
