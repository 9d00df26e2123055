"""The main window: navigation on the left, one page per area, File and Help menus."""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QCursor
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from maternity_desk import APP_NAME, __version__
from maternity_desk.paths import data_dir
from maternity_desk.ui import pages
from maternity_desk.ui.errors import show_error

# File menu actions import what they use (the store's check and backups, the unit settings
# dialog, file and message boxes) when they run: the window's start imports only what its first
# paint needs (a Qt class's first use builds its enums: QMessageBox, QFileDialog, QUrl and
# QKeySequence cost a few ms each). Qt's namespace too is imported in the functions that use it:
# its first use builds all its enums (25-40 ms), and nothing before the first frame needs it
# (see ui/qt_values.py).

log = logging.getLogger(__name__)

#: how long after the window first appears the chart library and pages are imported in the background
WARM_UP_AFTER_MS = 800
_long_lived_frozen = False  # see _freeze_long_lived


def _import_ahead() -> None:
    """The chart library and every page's module (classes and constants only: no widget is
    made off the UI thread), so a first visit builds its page without importing anything."""
    import pyqtgraph  # noqa: F401 (imported for the pages that draw charts)
    import pyqtgraph.exporters  # noqa: F401 (charts drawn into exported reports)

    for _title, factory in pages.PAGES:
        factory()


def _freeze_long_lived() -> None:
    """Every object alive once the modules are imported (classes, functions, the window) lives
    as long as the program: moved out of the garbage collector's view, so a full collection
    scans only what was made since (at 140,000 objects it held the window for 70-150 ms)."""
    import gc

    global _long_lived_frozen
    if not _long_lived_frozen:  # once: the modules are imported once
        _long_lived_frozen = True
        gc.freeze()  # no collection first: it would hold the window 50 ms to free a little start-up garbage


def _new_action(parent, text: str) -> QAction:
    """``QAction(text, parent)`` without its cost at start: PySide weighs that call against
    ``QAction(icon, text, parent)`` and so builds the icon type and its enums (1.5 ms before the
    window's first frame)."""
    action = QAction(parent)
    action.setText(text)
    return action


class MainWindow(QMainWindow):
    """Signals:
        store_changed(object): another database was opened (the new Store).
    """

    store_changed = Signal(object)

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self._pages: list[QWidget | None] = []
        # page index -> (the day, the store's change mark) when it last read the database
        self._read_on: dict[int, tuple[date, tuple[int, int]]] = {}
        self.help_dialog = None
        self._pending_shortcuts: list[tuple[QAction, str]] = []
        self._shortcuts_scheduled = False
        self._build_now = False  # build a page on its first visit in this turn (see _open_later)
        self.setMinimumSize(640, 480)  # fits a 1366x768 screen at 150% scaling
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        self.nav = QListWidget()
        self.nav.setAccessibleName("Areas")
        self.stack = QStackedWidget()
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.status = QLabel()
        self.statusBar().addPermanentWidget(self.status)
        self._build_menus()
        self._build_search()
        self.nav.currentRowChanged.connect(self._show_page)
        self._load_pages()
        self._restore_geometry()
        # after the first frame: a zero timer is a posted event, ahead of the window's first paint
        QTimer.singleShot(1, self.show_notices)

    def show_notices(self) -> None:
        """Show, once, what a migration changed in this file (e.g. the 2026 framework)."""
        from maternity_desk.store import notices

        pending = notices.pending(self.store)
        if not pending:
            return
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        for key, text in pending:
            head, _, rest = text.partition("\n")
            box = QMessageBox(QMessageBox.Icon.Information, "This file was brought up to date", head,
                              QMessageBox.StandardButton.Ok, self)
            if rest:
                box.setInformativeText("Show Details for every change, and what was kept as your unit set it.")
                box.setDetailedText(rest)
            box.setAccessibleName("What was brought up to date")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            self.notice_box = box
            notices.dismiss(self.store, key)

    # --- pages ---------------------------------------------------------------------------
    def _load_pages(self) -> None:
        self.nav.blockSignals(True)
        self.nav.clear()
        while self.stack.count():
            w = self.stack.widget(0)
            self.stack.removeWidget(w)
            w.deleteLater()
        self._pages = []
        self._read_on = {}
        for i, title in enumerate(pages.titles()):
            self.nav.addItem(title)
            item = self.nav.item(i)
            item.setToolTip(f"{title} (Ctrl+{i + 1})" if i < 9 else title)
            self.stack.addWidget(QWidget())  # built when first shown (fast start-up)
            self._pages.append(None)
        self.nav.blockSignals(False)
        # as wide as the longest area name (so it stays narrow at 150% scaling too)
        widest = max((self.nav.fontMetrics().horizontalAdvance(t) for t in pages.titles()), default=100)
        self.nav.setFixedWidth(widest + 2 * self.nav.frameWidth() + 24)
        self._build_now = True  # Home, at once
        try:
            self.nav.setCurrentRow(0)
            self._show_page(0)
        finally:
            self._build_now = False
        self._update_title()

    def page(self, index: int) -> QWidget:
        """The page at ``index``, built on first use."""
        if self._pages[index] is None:
            self._make_page(index)
        self._place_page(index)
        return self._pages[index]

    def _make_page(self, index: int) -> QWidget:
        """Build the page at ``index`` (not yet in its place: see :meth:`_place_page`)."""
        page = pages.page_class(index)(self.store, self)
        page.hide()
        page.data_changed.connect(self._on_data_changed)
        page.open_page.connect(self.go_to)
        page.open_tab.connect(self.go_to_tab)
        self._pages[index] = page
        self._read_on[index] = self._read_mark()  # it has just asked for its figures
        return page

    def _place_page(self, index: int) -> None:
        """Put the built page at ``index`` in its place in the stack, instead of its "Opening…"
        note (shown, if the note was)."""
        page, old = self._pages[index], self.stack.widget(index)
        if old is page:
            return
        shown = self.stack.currentWidget() is old
        self.stack.insertWidget(index, page)
        if shown:
            self.stack.setCurrentIndex(index)
        self.stack.removeWidget(old)
        old.deleteLater()

    def go_to(self, title: str) -> None:
        """Show the page called ``title`` (nothing happens for an unknown title)."""
        titles = self.page_titles()
        if title in titles:
            self._build_now = True  # the caller goes on to use the page
            try:
                self.nav.setCurrentRow(titles.index(title))
            finally:
                self._build_now = False
            self.stack.currentWidget().setFocus()

    def go_to_tab(self, title: str, tab: str, key: str = "") -> bool:
        """Show the page called ``title`` at its tab ``tab`` with the record ``key`` selected."""
        titles = self.page_titles()
        if title not in titles:
            return False
        self.go_to(title)
        found = self.page(titles.index(title)).show_target(tab, key or None)
        if not found:
            self.statusBar().showMessage("That is no longer there, or is hidden on its page.", 8000)
        return found

    def page_titles(self) -> list[str]:
        return [self.nav.item(i).text() for i in range(self.nav.count())]

    def _show_page(self, index: int) -> None:
        """Show page ``index``: built (and so read) on its first visit, under a busy cursor;
        re-read on a later visit only if the data changed (or the day did) since it last read."""
        if index < 0:
            return
        first = self._pages[index] is None
        if first and not self._build_now and self.isVisible():
            self._open_later(index)
            return
        busy = first and self.isVisible()  # Home, built before the window shows, needs no cursor
        if busy:
            from PySide6.QtCore import Qt

            QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BusyCursor))
        try:
            page = self.page(index)
        except Exception as exc:  # a page that cannot build must not take the window down
            show_error(self, exc, "Could not open this page")
            return
        finally:
            if busy:
                QApplication.restoreOverrideCursor()
        self.stack.setCurrentIndex(index)
        mark = self._read_mark()
        if not first and self._read_on.get(index) != mark:
            page.refresh()
        self._read_on[index] = mark

    def _open_later(self, index: int) -> None:
        """A first visit asked from the list or a shortcut: the page's place shows "Opening…"
        at once, the page is built on the next turn of the event loop and put in its place (so
        painted) on the one after, so building and painting are pieces of work of their own,
        with clicks answered in between. If another page is chosen first, this one is not
        built (or, built, not shown)."""
        from PySide6.QtCore import Qt

        holder = self.stack.widget(index)
        if holder.layout() is None:
            box = QHBoxLayout(holder)
            note = QLabel(f"Opening {self.nav.item(index).text()}…")
            note.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(note)
        self.stack.setCurrentIndex(index)
        QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BusyCursor))

        def build() -> None:  # one turn: the page built, out of sight
            from maternity_desk.ui import tasks

            if self.nav.currentRow() != index or self._pages[index] is not None:
                QApplication.restoreOverrideCursor()
                return
            try:
                with tasks.after_first_paint(lambda: self._pages[index]):  # its reads: once painted
                    self._make_page(index)
            except Exception as exc:  # a page that cannot build must not take the window down
                QApplication.restoreOverrideCursor()
                show_error(self, exc, "Could not open this page")
                return
            tasks.soon(self, show)

        def show() -> None:  # the next turn: put in its place, so it is painted on a turn of its own
            QApplication.restoreOverrideCursor()
            if self.nav.currentRow() == index:
                self._build_now = True
                try:
                    self._show_page(index)
                finally:
                    self._build_now = False

        QTimer.singleShot(1, build)  # a timer, not a posted event: the window's own timers run between

    def _read_mark(self) -> tuple[date, tuple[int, int]]:
        return date.today(), self.store.change_mark()

    def _on_data_changed(self) -> None:
        """A page wrote (and shows its change): the others read again when next shown, as
        they would for any change to the database (another program's too: see
        :meth:`Store.change_mark`)."""
        sender = self.sender()
        if sender in self._pages:
            self._read_on[self._pages.index(sender)] = self._read_mark()
        self._update_title()

    # --- menus ---------------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut: str | None = None, name: str | None = None) -> QAction:
        action = _new_action(self, text)
        if shortcut is not None:
            # attached just after the window first appears: binding key sequences makes Qt
            # build its whole key-enum table, which would otherwise delay the first frame
            self._pending_shortcuts.append((action, shortcut))
        action.triggered.connect(slot)
        action.setObjectName(name or text.replace("&", "").replace("…", "").strip().lower().replace(" ", "_"))
        menu.addAction(action)
        return action

    def _install_shortcuts(self) -> None:
        from PySide6.QtGui import QKeySequence

        for action, shortcut in self._pending_shortcuts:
            action.setShortcut(QKeySequence(shortcut))
        self._pending_shortcuts = []

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().paintEvent(event)
        if self._pending_shortcuts and not self._shortcuts_scheduled:
            self._shortcuts_scheduled = True
            QTimer.singleShot(0, self._install_shortcuts)
            QTimer.singleShot(WARM_UP_AFTER_MS, self._warm_up)

    def _warm_up(self) -> None:
        """Once the window has settled, import the chart library and the pages' modules on a
        worker, so a first visit does not hold the window while they load."""
        from maternity_desk.ui import tasks

        tasks.run_task(None, _import_ahead, lambda _r: _freeze_long_lived(),
                       lambda exc: log.info("pages not imported ahead: %s", exc))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.act_new = self._action(file_menu, "&New unit database…", self.new_database, "Ctrl+N")
        self.act_open = self._action(file_menu, "&Open…", self.open_database, "Ctrl+O")
        file_menu.addSeparator()
        self.act_settings = self._action(file_menu, "Unit &settings…", self.edit_unit_settings)
        file_menu.addSeparator()
        self.act_backup = self._action(file_menu, "&Backup now", self.backup_now, "Ctrl+B")
        self.act_restore = self._action(file_menu, "&Restore…", self.restore)
        self.act_check = self._action(file_menu, "&Check database", self.check_database)
        self.act_folder = self._action(file_menu, "Open data &folder", self.open_data_folder)
        file_menu.addSeparator()
        self.act_quit = self._action(file_menu, "&Quit", self.close, "Ctrl+Q")
        go_menu = self.go_menu = bar.addMenu("&Go")
        for i, title in enumerate(pages.titles()[:9]):
            self._action(go_menu, title, lambda _=False, i=i: self.nav.setCurrentRow(i),
                         f"Ctrl+{i + 1}", name=f"go_{i}")
        go_menu.addSeparator()
        self.act_refresh = self._action(go_menu, "&Refresh this page", self._refresh_current, "F5")
        help_menu = bar.addMenu("&Help")
        self.act_guide = self._action(help_menu, "&Guide", self.show_help, "F1")
        self.act_about = self._action(help_menu, "&About Maternity Desk", self.about)

    def _build_search(self) -> None:
        from PySide6.QtWidgets import QSizePolicy, QToolBar

        from maternity_desk.ui.search import SearchBox

        bar = QToolBar("Search", self)
        bar.setObjectName("search_bar")
        bar.setMovable(False)
        bar.setFloatable(False)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        self.search_box = SearchBox(self, self._search)
        self.search_box.record_chosen.connect(self.open_record)
        bar.addWidget(self.search_box)
        self.addToolBar(bar)
        self.act_search = _new_action(self, "&Search…")
        self.act_search.setObjectName("search")
        self._pending_shortcuts.append((self.act_search, "Ctrl+K"))
        self.act_search.triggered.connect(self.focus_search)
        self.addAction(self.act_search)
        self.go_menu.insertAction(self.go_menu.actions()[0], self.act_search)

    def _search(self, text: str):
        from maternity_desk.store.search import search

        try:
            return search(self.store, text)
        except Exception:  # a damaged index must not take the window down: say nothing found
            log.exception("search failed for %r", text)
            return []

    def focus_search(self) -> None:
        from PySide6.QtCore import Qt

        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def open_record(self, kind: str, key: str) -> bool:
        """Show the page holding a record found by search, with the record selected."""
        from maternity_desk.ui.search import KIND_PAGES

        title = KIND_PAGES[kind]
        titles = self.page_titles()
        if title not in titles:
            return False
        self.go_to(title)
        found = self.page(titles.index(title)).show_record(kind, key)
        if not found:
            self.statusBar().showMessage("That record is no longer there, or is hidden on its page.", 8000)
        return found

    # --- database actions ----------------------------------------------------------------
    def _update_title(self) -> None:
        name = self.store.unit_settings().unit_name or "(unnamed unit)"
        read_only = f" (read-only: {self.store.read_only})" if self.store.read_only else ""
        # the unit, not its file: the database's path and schema live in Help > About and File > Check
        self.setWindowTitle(f"{name}{read_only} — {APP_NAME}")
        self.status.setText(f"Read-only: {self.store.read_only}; changes cannot be saved" if read_only else "")
        self.status.setToolTip("Help > About shows where the database is")

    def set_store(self, store) -> None:
        old = self.store
        self.store = store
        self._load_pages()
        old.close()
        self.store_changed.emit(store)
        QTimer.singleShot(0, self.show_notices)
        QSettings().setValue("last_database", str(store.path))

    def _open_path(self, path: Path, *, create: bool) -> bool:
        try:
            from maternity_desk.store import open_store

            store = open_store(path, create=create)
        except Exception as exc:
            show_error(self, exc, "Could not open the database")
            return False
        self.set_store(store)
        return True

    def new_database(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        name, _ = QFileDialog.getSaveFileName(self, "New unit database", str(self.store.path.parent / "unit.sqlite"),
                                              "Maternity Desk database (*.sqlite)")
        if not name:
            return
        path = Path(name)
        if path.exists():
            QMessageBox.warning(self, APP_NAME, f"{path} already exists. Choose a new file name, or use Open.")
            return
        from maternity_desk.ui.unit_settings import UnitSettingsDialog

        dialog = UnitSettingsDialog(parent=self, title="New unit")
        if not dialog.exec() or dialog.result_settings is None:
            return
        if self._open_path(path, create=True):
            self.store.save_unit_settings(dialog.result_settings)
            self._load_pages()

    def open_database(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getOpenFileName(self, "Open a unit database", str(self.store.path.parent),
                                              "Maternity Desk database (*.sqlite *.db);;All files (*)")
        if name:
            self._open_path(Path(name), create=False)

    def edit_unit_settings(self) -> None:
        from maternity_desk.ui.unit_settings import edit_unit_settings

        if edit_unit_settings(self, self.store):
            for page in self._pages:
                if page is not None:
                    page.refresh()
            self._update_title()

    def backup_now(self) -> None:
        try:
            from maternity_desk.store.backup import auto_backup

            dest = auto_backup(self.store, "manual")
        except Exception as exc:
            show_error(self, exc, "Backup failed")
            return
        self.statusBar().showMessage(f"Backup written to {dest}", 8000)
        self._refresh_current()

    def restore(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from maternity_desk.store.backup import backup_dir, restore

        name, _ = QFileDialog.getOpenFileName(self, "Restore from a backup", str(backup_dir(self.store)),
                                              "Maternity Desk database (*.sqlite *.db);;All files (*)")
        if not name:
            return
        answer = QMessageBox.question(
            self, "Restore", f"Replace the current database with {name}?\n\n"
            "The current database is kept as a backup first.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            kept = restore(self.store, Path(name))
        except Exception as exc:
            show_error(self, exc, "Restore refused")
            return
        self._load_pages()
        QMessageBox.information(self, "Restored", f"Restored {name}.\nThe replaced database was kept as {kept}.")

    def check_database(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from maternity_desk.store.check import run_check

        report = run_check(self.store.path)
        text = "\n".join(report.lines())
        if report.ok:
            QMessageBox.information(self, "Database check", text)
        else:
            QMessageBox.warning(self, "Database check", text)
        self._refresh_current()

    def open_data_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices
        from PySide6.QtWidgets import QMessageBox

        folder = self.store.path.parent
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            QMessageBox.information(self, "Data folder", f"The data folder is:\n{folder}")

    def about(self) -> None:
        from PySide6 import __version__ as pyside_version
        from PySide6.QtWidgets import QMessageBox

        from maternity_desk.store import backup, migrations
        from maternity_desk.ui.home import _stamp

        path = self.store.path
        size = sum(os.stat(p).st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists())
        mode = self.store.journal_mode.upper()
        last = backup.last_backup(self.store)
        QMessageBox.about(
            self, f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>The records one NHS maternity unit's safety programme runs on.</p>"
            f"<p>Python {sys.version.split()[0]} · PySide6 {pyside_version} · SQLite {sqlite3.sqlite_version}</p>"
            f"<p>Database: {path}<br>Size: {size / 1024:,.0f} KB · schema {self.store.schema_version} "
            f"(this program: {migrations.LATEST}) · {mode} ({'network drive' if self.store.network else 'local disk'})"
            f"<br>Last backup: {f'{last.taken:%d/%m/%Y %H:%M} ({last.reason})' if last else 'none yet'}"
            f" · last check: {_stamp(self.store.get_setting('last_check'))}"
            f"<br>Data folder: {data_dir()}</p>",
        )

    def show_help(self, topic: str | None = None) -> None:
        """Help > Guide (F1): the guide of the page in front of the user."""
        from maternity_desk.ui.help import HelpDialog, topic_for

        titles = self.page_titles()
        if self.help_dialog is None:
            self.help_dialog = HelpDialog(self, order=[topic_for(t) for t in titles])
        index = self.stack.currentIndex()
        self.help_dialog.show_topic(topic or topic_for(titles[index] if 0 <= index < len(titles) else "Home"))
        if self.help_dialog.isVisible():
            self.help_dialog.raise_()
            self.help_dialog.activateWindow()
        else:
            self.help_dialog.show()

    def _refresh_current(self) -> None:
        page = self._pages[self.stack.currentIndex()] if self._pages else None
        if page is not None:
            page.refresh()

    # --- window state --------------------------------------------------------------------
    def geometry_key(self) -> str:
        """Where the window's size is remembered: one per display scale (a window sized at
        100% would not fit a 150% screen, and one sized at 150% is small at 100%)."""
        screen = self.screen()
        ratio = screen.devicePixelRatio() if screen is not None else 1.0
        return f"main_window/geometry@{round(ratio * 100)}"

    def _restore_geometry(self) -> None:
        key = self.geometry_key()
        geometry = QSettings().value(key)
        if geometry is None and key.endswith("@100"):  # saved before sizes were kept per scale
            geometry = QSettings().value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 720)

    #: False for a window nobody sees (--self-test): closing it leaves the user's saved
    #: window size and place alone
    remember_geometry = True

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if self.remember_geometry:
            QSettings().setValue(self.geometry_key(), self.saveGeometry())
        super().closeEvent(event)
