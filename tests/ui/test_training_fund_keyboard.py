"""Keyboard use of the training and fund pages and dialogs: within what is on screen at once,
every Alt+letter is distinct (and, on the pages, not one of the menu bar's File/Go/Help);
every control has an accessible name; dialogs have a default button."""

from __future__ import annotations

from datetime import date

import pytest
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
from maternity_desk.store import fund as sf
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
    sf.add_entry(store, LedgerEntry(date(2025, 5, 1), "MSTF", "commitment", 100_000, "FM day", reference="PO-1"))
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
        EntryDialog(sf.funds(store), sf.categories(store), sf.courses(store), fund_code="MSTF", on_date=TODAY),
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
