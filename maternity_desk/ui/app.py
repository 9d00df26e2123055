"""Starting the window: the application object, first-run welcome, error handling."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from maternity_desk import APP_NAME, APP_SLUG, __version__
from maternity_desk.paths import data_dir, default_db_path, is_portable, resource
from maternity_desk.store import open_store
from maternity_desk.ui.errors import install_excepthook, install_qt_message_handler, show_error
from maternity_desk.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def make_app():
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName(APP_SLUG)
        app.setApplicationDisplayName(APP_NAME)
        app.setOrganizationName(APP_SLUG)
        app.setApplicationVersion(__version__)
        _portable_settings()
    return app


def _portable_settings() -> None:
    """In portable mode the window's preferences go to an INI file beside the data, not the
    Windows registry, so the program leaves nothing behind on the machine."""

    if is_portable():
        from PySide6.QtCore import QSettings

        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(data_dir()))


def set_icon(app) -> None:
    """The program's icon on its windows. Set once the main window has its first frame: the
    icon type's first use builds its enums (1.5 ms); an installed copy's taskbar shows the same
    icon from the program's file until then."""
    from PySide6.QtGui import QIcon

    if not app.windowIcon().isNull():
        return

    icon = resource("icon.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))


def choose_database(default: Path) -> Path | None:
    """First run with no database: the welcome dialog. Returns the path to open, or None."""
    # first run only: loaded here, not on every start
    from maternity_desk.demo import build_demo
    from maternity_desk.ui.unit_settings import UnitSettingsDialog
    from maternity_desk.ui.welcome import DEMO, NEW, OPEN, WelcomeDialog

    dialog = WelcomeDialog(default)
    if not dialog.exec():
        return None
    if dialog.choice == OPEN:
        return dialog.chosen_path
    if dialog.choice == DEMO:
        build_demo(default).close()
        return default
    if dialog.choice == NEW:
        settings = UnitSettingsDialog(title="Your unit")
        if not settings.exec() or settings.result_settings is None:
            return None
        store = open_store(default)
        try:
            store.save_unit_settings(settings.result_settings)
        finally:
            store.close()
        return default
    return None


#: the latest the garbage collector, paused for the start (launch), resumes, frame or no frame
RESUME_COLLECTOR_BY_MS = 2000


def run_gui(db_path: Path | None = None) -> int:
    from PySide6.QtCore import QTimer

    app = make_app()
    install_qt_message_handler()
    install_excepthook()
    path = db_path or default_db_path()
    if not path.exists():
        resume_collector()  # the welcome and a demo unit's making are not the start
        set_icon(app)
        try:
            path = choose_database(path)
        except Exception as exc:
            show_error(None, exc, "Could not create the database")
            return 1
        if path is None:
            return 0
    try:
        store = open_store(path, create=False)
    except Exception as exc:
        log.info("could not open %s: %s", path, exc)
        from PySide6.QtWidgets import QMessageBox

        set_icon(app)
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    window = MainWindow(store)
    # the benchmarks and support checks quit at the first frame
    _after_first_paint(app, window, quit_app=bool(os.environ.get("MATERNITY_DESK_EXIT_WHEN_SHOWN")))
    window.show()
    # and if no frame is painted (a window opened minimised), all the same
    QTimer.singleShot(RESUME_COLLECTOR_BY_MS, lambda: _settle(app))
    code = app.exec()
    _wait_for_background_work()
    window.store.close()
    return code


def resume_collector() -> None:
    """Run the garbage collector again, if the start paused it (launch), with every object made so
    far frozen: they live as long as the program, so no collection need walk them again, and
    the first collection is not held up by the whole start's objects."""
    import gc

    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _settle(app) -> None:
    """What waits for the window's first frame: the garbage collector and the icon."""
    resume_collector()
    set_icon(app)


def _after_first_paint(app, window, *, quit_app: bool) -> None:
    """Once the window has painted its first frame (what "shown" means to a user): the garbage
    collector runs again, the icon is set just after the frame and, with ``quit_app``, the
    program prints "shown" and quits."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class _FirstPaint(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 (Qt name)
            if event.type() == QEvent.Type.Paint:
                window.removeEventFilter(self)
                resume_collector()
                QTimer.singleShot(0, lambda: set_icon(app))
                if quit_app:
                    if sys.stdout is not None:  # the moment a benchmark's clock stops (none in a windowed bundle)
                        print("shown", flush=True)
                    app.quit()
            return False

    window._first_paint = _FirstPaint(window)
    window.installEventFilter(window._first_paint)


def _wait_for_background_work() -> None:
    """Let running background jobs finish (and commit or roll back) before the process ends."""
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(30_000)


def self_test_window(path: Path) -> None:
    """Build the main window on ``path`` offscreen, visit every page, and close it."""

    app = make_app()
    store = open_store(path)
    window = MainWindow(store)
    window.remember_geometry = False
    window.show()
    for i in range(window.nav.count()):
        window.page(i).refresh()  # raises if a page cannot be built
        window.nav.setCurrentRow(i)
        app.processEvents()
    _wait_for_background_work()
    app.processEvents()
    window.close()
    store.close()
