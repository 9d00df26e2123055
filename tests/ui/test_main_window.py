"""The main window on the demo unit: pages, and every menu action that needs no file dialog."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox

from maternity_desk.ui import tasks
from maternity_desk.ui.home import heading_html
from maternity_desk.ui.main_window import MainWindow
from maternity_desk.ui.pages import PAGES


@pytest.fixture
def window(qtbot, demo_store, monkeypatch):
    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())
    w = MainWindow(demo_store)
    qtbot.addWidget(w)
    w.show()
    return w


def test_title_and_navigation(window):
    assert "Ashmoor Maternity Unit (demo)" in window.windowTitle()
    assert str(window.store.path) not in window.windowTitle()  # the unit, not its file
    assert str(window.store.path) not in window.status.text()
    assert window.nav.count() == len(PAGES)
    assert window.page_titles()[0] == "Home"
    assert window.nav.accessibleName() == "Areas"


def test_every_page_builds_and_refreshes(window, qtbot):
    for i in range(window.nav.count()):
        window.nav.setCurrentRow(i)
        assert window.stack.currentIndex() == i
        page = window.page(i)
        page.refresh()
        assert page.accessibleName()


def test_only_home_is_built_at_start_and_a_page_on_its_first_visit(window, qtbot):
    from maternity_desk.ui.page import Page

    built = [i for i in range(window.stack.count()) if isinstance(window.stack.widget(i), Page)]
    assert built == [0]
    training = window.page_titles().index("Training")
    window.nav.setCurrentRow(training)
    # chosen from the list: "Opening Training…" at once, the page built in the next turn
    holder = window.stack.currentWidget()
    assert not isinstance(holder, Page)
    assert [w.text() for w in holder.findChildren(QLabel)] == ["Opening Training…"]
    assert window._pages[training] is None
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), Page))
    assert window.stack.currentWidget() is window.page(training)
    assert type(window.page(training)).__name__ == "TrainingPage"
    assert window.page(training) is window.page(training)  # built once


def test_a_page_reads_again_only_after_another_page_wrote(window, monkeypatch):
    titles = window.page_titles()
    training, fund = titles.index("Training"), titles.index("Training fund")
    window.nav.setCurrentRow(training)
    window.nav.setCurrentRow(fund)
    reads = []
    monkeypatch.setattr(window.page(training), "refresh", lambda: reads.append("training"))
    window.nav.setCurrentRow(training)  # nothing changed since it read: shown as it was
    assert reads == []
    window.nav.setCurrentRow(fund)
    from maternity_desk.core.training import Thresholds
    from maternity_desk.store import training as st

    st.save_thresholds(window.store, Thresholds(green=91.0, amber=80.0))  # a page wrote
    window.page(fund).data_changed.emit()
    assert reads == []  # not read while hidden
    window.nav.setCurrentRow(training)
    assert reads == ["training"]


def test_a_page_reads_again_after_another_program_changed_the_database(window, monkeypatch, qtbot):
    from datetime import date

    from maternity_desk.core.training import StaffMember
    from maternity_desk.store import open_store
    from maternity_desk.store import training as st

    titles = window.page_titles()
    training, fund = titles.index("Training"), titles.index("Training fund")
    window.page(training)
    window.page(fund)
    window.nav.setCurrentRow(training)
    window.nav.setCurrentRow(fund)
    reads = []
    monkeypatch.setattr(window.page(training), "refresh", lambda: reads.append("training"))
    window.nav.setCurrentRow(training)
    assert reads == []
    window.nav.setCurrentRow(fund)
    other = open_store(window.store.path)  # a colleague's copy of the program, say
    try:
        with other.transaction():
            st.save_staff(other, StaffMember("X99001", "Nia Other", "midwife", date(2020, 1, 6)), new=True)
    finally:
        other.close()
    window.nav.setCurrentRow(training)
    assert reads == ["training"]
    window.nav.setCurrentRow(fund)
    window.nav.setCurrentRow(training)  # nothing changed since
    assert reads == ["training"]


def test_every_page_entry_is_a_title_and_a_factory_returning_its_page_class():
    from maternity_desk.ui.page import Page

    for title, factory in PAGES:
        assert isinstance(title, str) and callable(factory), title
        cls = factory()
        assert issubclass(cls, Page) and cls.title == title, title


def test_home_shows_unit(window):
    home = window.page(0)
    home.refresh()
    assert home.fields["ods"].text() == "DMO"
    assert home.fields["trust"].text() == "Ashmoor and Wealdmoor NHS Trust (fictional)"
    assert home.fields["region"].text() == "South East"  # the region's name, never its code
    assert not home.steps_box.isVisible()  # the demo unit has done its first steps


def test_a_needs_attention_line_opens_its_area(window, qtbot):
    from PySide6.QtCore import Qt

    from maternity_desk.ui.home import attention_sources

    sources = {m.__name__: page for m, page in attention_sources()}

    assert all(sources.values())  # every source's lines open a page
    assert set(sources.values()) <= set(window.page_titles())
    home = window.page(0)
    home._fill_attention()
    lines = [home.attention.item(i) for i in range(home.attention.count())]
    wanted = {"Training overdue": "Training", "Overdue governance items": "Governance"}
    for start, title in wanted.items():
        item = next(i for i in lines if i.text().startswith(start))
        window.nav.setCurrentRow(0)
        home.attention.setFocus()
        home.attention.setCurrentItem(item)
        qtbot.keyClick(home.attention, Qt.Key.Key_Return)  # Enter, as a keyboard or screen-reader user would
        assert window.page_titles()[window.stack.currentIndex()] == title
        assert window.nav.currentItem().text() == title


def test_menu_actions_without_file_dialogs(window, qtbot, monkeypatch):
    from maternity_desk.store.backup import list_backups

    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(("info", a[1], a[2])))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(("warn", a[1], a[2])))
    monkeypatch.setattr(QMessageBox, "about", lambda *a, **k: shown.append(("about", a[1], a[2])))
    opened = []
    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl",
                        lambda url: opened.append(url.toLocalFile()) or True)
    monkeypatch.setattr("maternity_desk.ui.unit_settings.UnitSettingsDialog.exec",
                        lambda self: self._accept() or QDialog.DialogCode.Accepted)

    before = len(list_backups(window.store))
    window.act_backup.trigger()
    assert len(list_backups(window.store)) == before + 1

    window.act_check.trigger()
    assert shown[-1][0] == "info" and "result: ok" in shown[-1][2]
    assert window.store.get_setting("last_check")

    window.act_about.trigger()
    assert shown[-1][0] == "about" and "Maternity Desk" in shown[-1][2]
    assert str(window.store.path) in shown[-1][2]

    window.act_folder.trigger()
    assert opened == [str(window.store.path.parent)]

    window.act_settings.trigger()  # accepted unchanged: no new audit row needed, no error
    assert window.store.unit_settings().ods_code == "DMO"

    for i in range(min(9, len(PAGES))):
        action = next(a for a in window.findChildren(type(window.act_quit)) if a.objectName() == f"go_{i}")
        action.trigger()
        assert window.nav.currentRow() == i

    window.act_quit.trigger()
    assert not window.isVisible()


def test_unit_settings_dialog_refuses_bad_ods(qtbot):
    from maternity_desk.ui.unit_settings import UnitSettingsDialog

    d = UnitSettingsDialog()
    qtbot.addWidget(d)
    d.name.setText("Unit")
    d.ods.setText("not-a-code")
    d._accept()
    assert "ODS code" in d.error.text()
    assert d.result_settings is None
    d.ods.setText("rxq")
    d._accept()
    assert d.result_settings.ods_code == "RXQ"


def test_error_dialog_copies_report(qtbot):
    from PySide6.QtWidgets import QApplication

    from maternity_desk.ui.errors import ErrorDialog, report_text

    try:
        raise ValueError("boom")
    except ValueError as exc:
        text = report_text(type(exc), exc, exc.__traceback__)
    d = ErrorDialog(text)
    qtbot.addWidget(d)
    d._copy()
    assert "ValueError: boom" in QApplication.clipboard().text()


def test_welcome_offers_three_ways(qtbot, tmp_path):
    from PySide6.QtWidgets import QPushButton

    from maternity_desk.ui.welcome import DEMO, WelcomeDialog

    d = WelcomeDialog(tmp_path / "unit.sqlite")
    qtbot.addWidget(d)
    texts = [b.text() for b in d.findChildren(QPushButton)]
    assert any("new" in t.lower() for t in texts) and any("demo" in t.lower() for t in texts)
    assert any("existing" in t.lower() for t in texts)
    d._choose(DEMO)
    assert d.choice == DEMO


def test_first_run_demo_choice_builds_demo(qtbot, tmp_path, monkeypatch):
    from maternity_desk.ui import app as appmod
    from maternity_desk.ui.welcome import DEMO, WelcomeDialog

    def fake_exec(self):
        self.choice = DEMO
        return True

    monkeypatch.setattr(WelcomeDialog, "exec", fake_exec)
    path = appmod.choose_database(tmp_path / "unit.sqlite")
    assert path == tmp_path / "unit.sqlite" and path.exists()


def test_home_edit_settings_saves_and_audits(window, monkeypatch):
    from maternity_desk.ui.unit_settings import UnitSettingsDialog

    def fake_exec(self):
        self.name.setText("Renamed Unit")
        self._accept()
        return True

    monkeypatch.setattr(UnitSettingsDialog, "exec", fake_exec)
    home = window.page(0)
    home.edit_button.click()
    assert window.store.unit_settings().unit_name == "Renamed Unit"
    assert home.heading.accessibleName() == "Renamed Unit"  # what a screen reader says
    assert home.heading.text() == heading_html("Renamed Unit")
    assert "Renamed Unit" in window.windowTitle()
    row = window.store.query_one("SELECT * FROM audit_log WHERE row_key = 'unit.name' ORDER BY id DESC")
    assert "Renamed Unit" in row["after_json"]


def test_shortcuts_are_attached_once_shown(window, qtbot):
    qtbot.waitUntil(lambda: not window._pending_shortcuts)
    assert window.act_backup.shortcut().toString() == "Ctrl+B"
    assert window.act_quit.shortcut().toString() == "Ctrl+Q"
    assert window.act_refresh.shortcut().toString() == "F5"


def test_special_value_text_sets_a_width_it_fits_in(qtbot):
    """Windows 11's style sizes a spin box for its numbers only ("all points" was cut off
    there); the helper sets a minimum width from the text itself, whatever the style."""
    from PySide6.QtWidgets import QSpinBox

    from maternity_desk.ui.widgets import special_value_text

    spin = QSpinBox()
    qtbot.addWidget(spin)
    spin.setRange(1, 240)
    special_value_text(spin, "all points")
    fm = spin.fontMetrics()
    assert spin.specialValueText() == "all points" and spin.lineEdit().text() == "all points"
    assert spin.minimumWidth() >= fm.horizontalAdvance("all points") + fm.height()
