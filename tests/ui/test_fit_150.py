"""At 150% scaling on a 1366x768 screen every dialog fits with its buttons visible.

Qt lays out in logical pixels, so a 1366x768 screen at 150% is 910x512 logical pixels, less
a taskbar. Every button of every page that opens a dialog is pressed (with a row selected in
each table first, so Edit buttons act); each dialog that would open is caught instead, laid out
no larger than that screen, and every push button in it must lie inside it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QPushButton,
)

from maternity_desk.ui import errors, tasks
from maternity_desk.ui.main_window import MainWindow

SCREEN = QRect(0, 0, 1366 * 2 // 3, (768 - 48) * 2 // 3)  # logical pixels at 150%, a 48px taskbar
SKIP = ("delete", "remove", "export", "save", "import", "&quit", "backup", "restore", "show")


@pytest.fixture
def caught(monkeypatch):
    seen: list[QDialog] = []

    def catch(self, *a, **k):
        seen.append(self)
        return 0

    monkeypatch.setattr(QDialog, "exec", catch)
    monkeypatch.setattr(QDialog, "open", catch)
    for kind in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(errors.ErrorDialog, "exec", catch)
    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())
    return seen


def problems_of(dialog: QDialog) -> list[str]:
    dialog.ensurePolished()
    layout = dialog.layout()
    if layout is not None:
        layout.activate()
    least = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
    out = []
    if least.width() > SCREEN.width() or least.height() > SCREEN.height():
        out.append(f"needs at least {least.width()}x{least.height()}, the screen is "
                   f"{SCREEN.width()}x{SCREEN.height()}")
    QDialog.setVisible(dialog, True)  # laid out for real (exec and open are caught)
    QApplication.processEvents()
    want = dialog.sizeHint().expandedTo(dialog.minimumSizeHint()).boundedTo(SCREEN.size())
    dialog.resize(want)
    QApplication.processEvents()
    want = dialog.size()
    inside = QRect(0, 0, want.width(), want.height())
    for b in dialog.findChildren(QPushButton):
        if not b.isVisible():
            continue
        top_left = b.mapTo(dialog, b.rect().topLeft())
        rect = QRect(top_left, b.size())
        if not inside.contains(rect):
            out.append(f"button {b.text()!r} at {rect.getRect()} lies outside {inside.getRect()}")
    QDialog.setVisible(dialog, False)
    return out


def test_every_dialog_fits_at_150_percent(qtbot, demo_store, caught):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    seen_types: set[str] = set()
    failures: dict[str, list[str]] = {}
    for i in range(window.nav.count()):
        window.nav.setCurrentRow(i)
        page = window.page(i)
        for view in page.findChildren(QAbstractItemView):
            model = view.model()
            if model is not None and model.rowCount() and view.selectionModel() is not None:
                view.setCurrentIndex(model.index(0, 0))
        for button in page.findChildren(QPushButton):
            text = button.text().replace("&", "").lower()
            if not button.isEnabled() or not text or any(w in text for w in SKIP):
                continue
            before = len(caught)
            button.click()
            for dialog in caught[before:]:
                name = type(dialog).__name__
                if name in seen_types:
                    continue
                seen_types.add(name)
                found = problems_of(dialog)
                if found:
                    failures[name] = found
            for dialog in caught[before:]:
                dialog.deleteLater()
    window.act_settings.trigger()
    window.show_help()
    for dialog in [*caught[-2:], window.help_dialog]:
        if dialog is not None and type(dialog).__name__ not in seen_types:
            seen_types.add(type(dialog).__name__)
            if problems_of(dialog):
                failures[type(dialog).__name__] = problems_of(dialog)
    assert len(seen_types) >= 20, sorted(seen_types)  # the check reached the app's dialogs
    assert not failures, failures


def test_dialogs_no_page_button_reaches_fit_at_150_percent(qtbot, demo_store, tmp_path):
    """The dialogs opened from inside other dialogs, from charts, menus, imports and errors."""
    from datetime import date
    from pathlib import Path

    from maternity_desk.core import improvement as qi
    from maternity_desk.core.training import Absence
    from maternity_desk.store import improvement as qs
    from maternity_desk.store import rare_events as sr
    from maternity_desk.store import training as st
    from maternity_desk.store.dashboard import indicator
    from maternity_desk.ui.dashboard.dialogs import PeerGridDialog
    from maternity_desk.ui.dashboard.rare_chart import CusumSettingsDialog
    from maternity_desk.ui.errors import ErrorDialog
    from maternity_desk.ui.governance.dialogs import BankHolidaysDialog, DatasetDialog
    from maternity_desk.ui.import_wizard import ImportWizard
    from maternity_desk.ui.improvement import dialogs as idl
    from maternity_desk.ui.training.dialogs import AbsenceDialog, CourseDialog
    from maternity_desk.ui.welcome import WelcomeDialog

    today = date(2026, 10, 15)
    noop = lambda x: None  # noqa: E731
    measure = next(m for p in qs.projects(demo_store) for m in qs.measures(demo_store, p.id))
    made = [
        AbsenceDialog(Absence("1", today, today)),
        CourseDialog(demo_store, st.courses(demo_store)[0]),
        BankHolidaysDialog(demo_store),
        DatasetDialog(demo_store),
        CusumSettingsDialog(indicator(demo_store, "stillbirth"), *sr.cusum_settings(demo_store, "stillbirth")),
        PeerGridDialog(demo_store, "Ashmoor Maternity Unit (demo)", today),
        idl.AdoptDialog(qs.picklist(demo_store)[0], noop, today=today),
        idl.ValueDialog(measure, None, noop, month="2026-09"),
        idl.ActionDialog(qi.EventAction("", "", today), noop),
        WelcomeDialog(Path(tmp_path / "unit.sqlite")),
        ErrorDialog("Traceback (most recent call last):\n" + "  a line of the report\n" * 80),
        *(ImportWizard(demo_store, kind) for kind in ("staff", "attendance", "ledger", "submissions")),
    ]
    failures = {}
    for dialog in made:
        qtbot.addWidget(dialog)
        found = problems_of(dialog)
        if found:
            failures[f"{type(dialog).__name__} {dialog.windowTitle()}"] = found
    assert not failures, failures
