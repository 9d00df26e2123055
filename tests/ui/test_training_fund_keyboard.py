"""Keyboard use of the training and fund pages and dialogs: within what is on screen at once,
every Alt+letter is distinct (and, on the pages, not one of the menu bar's File/Go/Help);
every control has an accessible name; dialogs have a default button."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QWidget,
)

from maternity_desk.core.fund import LedgerEntry
from maternity_desk.core.training import Absence, StaffMember, TrainingSession
from maternity_desk.store import fund as store_fund
from maternity_desk.store import training as st

MENU_LETTERS = {"f", "g", "h"}
TODAY = date(2025, 6, 15)


def _letter(text: str) -> str | None:
    i = text.replace("&&", "").find("&")
    return text.replace("&&", "")[i + 1].lower() if i >= 0 else None


def mnemonics(root: QWidget) -> list[tuple[str, str]]:
    """(letter, text) of every mnemonic on ``root`` as it would show now."""
    out = []
    for w in [root, *root.findChildren(QWidget)]:
        if w is not root and not w.isVisibleTo(root):
            continue
        labelled = isinstance(w, QLabel) and w.buddy() is not None
        button = isinstance(w, QAbstractButton) and not w.parent().inherits("QTabBar")
        text = w.text() if labelled or button else ""
        if _letter(text):
            out.append((_letter(text), text))
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                if _letter(w.tabText(i)):
                    out.append((_letter(w.tabText(i)), w.tabText(i)))
    return out


def assert_distinct(root: QWidget, forbidden: set[str] = frozenset()) -> None:
    seen: dict[str, str] = {}
    for letter, text in mnemonics(root):
        assert letter not in forbidden, f"{text!r} takes Alt+{letter.upper()} from the menu bar"
        assert letter not in seen, f"{text!r} and {seen[letter]!r} share Alt+{letter.upper()}"
        seen[letter] = text


def assert_named(root: QWidget) -> None:
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or isinstance(w.parent(), (QAbstractSpinBox, QComboBox)):
            continue
        if isinstance(w.parent(), QAbstractItemView) or w.objectName().startswith("qt_"):
            continue  # viewports, scroll bars and editors inside views
        if isinstance(w, (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)) or (
                isinstance(w, QAbstractButton) and not w.text().strip()):
            assert w.accessibleName(), f"{type(w).__name__} without an accessible name in {root.windowTitle()!r}"


def assert_default_button(dialog: QDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    buttons = [b for b in box.findChildren(QPushButton) if box.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole]
    if buttons:
        dialog.show()  # QDialog chooses its default button when shown
        assert any(b.isDefault() for b in buttons), dialog.windowTitle()
        dialog.hide()


@pytest.fixture
def unit(store):
    st.save_staff(store, StaffMember("1", "Ann", "midwife", date(2020, 1, 1)), new=True)
    sid = st.save_session(store, TrainingSession(None, "FM", TODAY, "Room 1"))
    store_fund.add_entry(store, LedgerEntry(date(2025, 5, 1), "MSTF", "commitment", 100_000, "FM day", reference="PO-1"))
    return store, sid


def _training_dialogs(store, sid):
    from maternity_desk.ui.training import dialogs as d

    member = st.get_staff(store, "1")
    return [
        d.PersonDialog(store, None, today=TODAY),
        d.PersonDialog(store, member, today=TODAY),
        d.AbsencesDialog(store, member, today=TODAY),
        d.AbsenceDialog(Absence("1", TODAY, TODAY)),
        d.HistoryDialog(store, "1", today=TODAY),
        d.SessionDialog(store, None, today=TODAY),
        d.SignInDialog(store, sid),
        d.CourseDialog(store, None),
        d.CoursesDialog(store),
    ]


def _fund_dialogs(store):
    from maternity_desk.ui.fund.catalogue import CatalogueDialog
    from maternity_desk.ui.fund.dialogs import EntryDialog

    return [
        EntryDialog(store_fund.funds(store), store_fund.categories(store), store_fund.courses(store), fund_code="MSTF", on_date=TODAY),
        CatalogueDialog(store),
    ]


def test_the_checks_can_fail(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    a, b, c = QPushButton("&Save", w), QPushButton("&Start", w), QLineEdit(w)
    assert [m[0] for m in mnemonics(w)] == ["s", "s"]
    with pytest.raises(AssertionError, match="share Alt"):
        assert_distinct(w)
    b.setText("&File")
    with pytest.raises(AssertionError, match="menu bar"):
        assert_distinct(w, MENU_LETTERS)
    with pytest.raises(AssertionError, match="accessible name"):
        assert_named(w)
    c.setAccessibleName("Name")
    assert_named(w)
    assert a.text() == "&Save"


def test_training_and_fund_dialogs_mnemonics_names_and_default_buttons(unit, qtbot):
    store, sid = unit
    dialogs = _training_dialogs(store, sid) + _fund_dialogs(store)
    assert sum(len(mnemonics(d)) for d in dialogs) > 50
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        assert_distinct(dialog)
        assert_named(dialog)
        if dialog.findChild(QDialogButtonBox) is not None:
            assert_default_button(dialog)


def test_person_dialog_leave_label_is_a_real_mnemonic(unit, qtbot):
    from maternity_desk.ui.training.dialogs import PersonDialog

    d = PersonDialog(unit[0], None, today=TODAY)
    qtbot.addWidget(d)
    leave = next(w for w in d.findChildren(QLabel) if "Leave date" in w.text())
    assert leave.buddy() is d.has_left  # not a literal "&" on screen
    letters = {letter for letter, _ in mnemonics(d)}
    assert {"u", "n", "g", "t", "l", "o", "s"} <= letters


def test_pages_mnemonics_per_tab_leave_the_menu_bar_alone(unit, qtbot, monkeypatch):
    from maternity_desk.ui.fund.page import FundPage
    from maternity_desk.ui.training.page import TrainingPage

    store, _ = unit
    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    training = TrainingPage(store, today=TODAY)
    qtbot.addWidget(training)
    for i in range(training.tabs.count()):
        training.tabs.setCurrentIndex(i)
        assert_distinct(training, MENU_LETTERS)
        assert_named(training)
    fund = FundPage(store, today=TODAY)
    qtbot.addWidget(fund)
    for i in range(fund.tabs.count()):
        fund.tabs.setCurrentIndex(i)
        assert_distinct(fund, MENU_LETTERS)
        assert_named(fund)


def _double_click(qtbot, view, row: int) -> None:
    pos = view.visualRect(view.model().index(row, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_double_click_or_enter_opens_a_row_once(unit, qtbot, monkeypatch):
    """A double click emits activated as well as doubleClicked: listening to both opened
    every dialog twice."""
    from maternity_desk.ui.fund.page import FundPage
    from maternity_desk.ui.training.page import TrainingPage

    store, _ = unit
    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    opened = []
    monkeypatch.setattr(TrainingPage, "open_history", lambda self, number: opened.append(("history", number)))
    monkeypatch.setattr(TrainingPage, "_sign_in", lambda self: opened.append(("sign-in", self.selected_session_id())))
    monkeypatch.setattr(FundPage, "_edit", lambda self: opened.append(("edit", self._selected().id)))
    page = TrainingPage(store, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1140, 690)
    page.show()
    qtbot.waitExposed(page)
    page.tabs.setCurrentIndex(1)
    _double_click(qtbot, page.staff_view, 0)
    assert opened == [("history", "1")]
    page.tabs.setCurrentIndex(2)
    _double_click(qtbot, page.session_view, 0)
    qtbot.keyClick(page.session_view, Qt.Key.Key_Return)
    assert opened[1:] == [("sign-in", 1), ("sign-in", 1)]  # once for the double click, once for Enter

    fund = FundPage(store, today=TODAY)
    qtbot.addWidget(fund)
    fund.resize(1140, 690)
    fund.show()
    qtbot.waitExposed(fund)
    fund.select("MSTF", "2025/26")
    _double_click(qtbot, fund.table, 0)
    assert opened[3:] == [("edit", fund.ledger.rows[0].id)]


def test_enter_on_a_dialog_table_edits_without_pressing_the_default_button(unit, qtbot, monkeypatch):
    from maternity_desk.ui.training.dialogs import AbsencesDialog, CoursesDialog

    store, _ = unit
    st.save_absence(store, Absence("1", date(2025, 1, 1), date(2025, 3, 31), "Sickness"))
    calls = []
    monkeypatch.setattr(AbsencesDialog, "_edit", lambda self: calls.append("edit absence"))
    monkeypatch.setattr(AbsencesDialog, "_add", lambda self: calls.append("add absence"))
    monkeypatch.setattr(CoursesDialog, "_edit", lambda self: calls.append("edit course"))
    monkeypatch.setattr(CoursesDialog, "_new", lambda self: calls.append("new course"))
    for dialog in (AbsencesDialog(store, st.get_staff(store, "1"), today=TODAY), CoursesDialog(store)):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.view.setCurrentIndex(dialog.view.model().index(0, 0))
        qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
        assert dialog.isVisible()
    assert calls == ["edit absence", "edit course"]
