"""The program's icon is on its windows: set just after the main window's first frame (not
before it: building Qt's icon type costs the start 1.5 ms), or before a first run's welcome."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from maternity_desk.ui import app as app_module


def test_the_icon_is_set_just_after_the_main_windows_first_frame(qtbot, demo_store):
    app = QApplication.instance()
    app.setWindowIcon(QIcon())
    window = app_module.MainWindow(demo_store)
    window.remember_geometry = False
    qtbot.addWidget(window)
    app_module._after_first_paint(app, window, quit_app=False)
    assert app.windowIcon().isNull()  # nothing sets it before the first frame
    window.show()
    qtbot.waitUntil(lambda: not app.windowIcon().isNull(), timeout=5000)
    assert not window.windowIcon().isNull()


def test_set_icon_keeps_an_icon_already_set(qtbot):
    app = QApplication.instance()
    app_module.set_icon(app)
    first = app.windowIcon().cacheKey()
    app_module.set_icon(app)
    assert app.windowIcon().cacheKey() == first
