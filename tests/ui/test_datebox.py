"""The one date box: typed keys give exactly the date meant, in every dialog and page that has
a date; an impossible or out-of-range date is refused beside the box and never saved.

Qt's sectioned QDateEdit, which this replaced, turned typed 25/11/2026 into 25/12/2026 and
01/06/2026 into 01/01/2026."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt

from maternity_desk.core import improvement as qi
from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.training import Absence, TrainingSession
from maternity_desk.store import improvement as si
from maternity_desk.store import training as st
from maternity_desk.ui.datebox import DateBox
from tests.conftest import DEMO_TODAY

TYPED = [
    ("25/11/2026", date(2026, 11, 25)),
    ("01/06/2026", date(2026, 6, 1)),
    ("5/1/2026", date(2026, 1, 5)),
    ("25-11-2026", date(2026, 11, 25)),
    ("25.11.2026", date(2026, 11, 25)),
    ("25112026", date(2026, 11, 25)),
    ("2026-11-25", date(2026, 11, 25)),
    ("29/02/2024", date(2024, 2, 29)),
]


def type_into(qtbot, box: DateBox, text: str, *, leave=Qt.Key.Key_Tab) -> None:
    """Type over what the box shows, then leave it (Tab; Return on a box alone: in a dialog
    Return presses OK)."""
    box.setFocus(Qt.FocusReason.TabFocusReason)
    box.selectAll()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box.edit, leave)


@pytest.fixture
def box(qtbot):
    b = DateBox(date(2026, 10, 15), "Test date")
    qtbot.addWidget(b)
    b.show()
    return b


def type_alone(qtbot, box, text):
    type_into(qtbot, box, text, leave=Qt.Key.Key_Return)


@pytest.mark.parametrize("typed, meant", TYPED)
def test_typed_dates_are_read_exactly_as_meant(qtbot, box, typed, meant):
    heard = []
    box.dateChanged.connect(heard.append)
    type_alone(qtbot, box, typed)
    assert box.value() == meant
    assert box.edit.text() == meant.strftime("%d/%m/%Y")  # shown back as dd/mm/yyyy
    assert box.message.text() == ""
    assert heard == [QDate(meant.year, meant.month, meant.day)]


@pytest.mark.parametrize("typed, reason", [
    ("31/02/2026", "not a real date"),
    ("29/02/2025", "not a real date"),
    ("13/13/2026", "not a real date"),
    ("11/25/2026", "not a real date"),  # month first is never guessed
    ("25/11/26", "not a date"),  # no two-digit years
    ("tomorrow", "not a date"),
    ("01/01/1899", "outside the years 1900 to 2100"),
])
def test_impossible_dates_are_refused_beside_the_box(qtbot, box, typed, reason):
    heard = []
    box.dateChanged.connect(heard.append)
    type_alone(qtbot, box, typed)
    assert reason in box.message.text()
    assert box.edit.text() == typed  # left as typed, for the user to correct
    with pytest.raises(InvalidValue, match="Test date"):
        box.value()
    assert heard == []


def test_range_of_the_field(qtbot, box):
    box.setMinimumDate(date(2026, 1, 1))
    box.setMaximumDate(QDate(2026, 12, 31))
    type_alone(qtbot, box, "31/12/2025")
    assert "before 01/01/2026" in box.message.text()
    type_alone(qtbot, box, "01/01/2027")
    assert "after 31/12/2026" in box.message.text()
    type_alone(qtbot, box, "31/12/2026")
    assert box.message.text() == "" and box.value() == date(2026, 12, 31)


def test_message_space_is_reserved_so_nothing_moves(qtbot, box):
    box.resize(520, box.sizeHint().height())
    before = box.edit.geometry()
    type_alone(qtbot, box, "31/02/2026")
    assert box.message.text()
    assert box.edit.geometry() == before


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")  # offscreen popups
def test_keys_step_and_the_calendar_picks(qtbot, box):
    box.setFocus()
    qtbot.keyClick(box.edit, Qt.Key.Key_Up)
    assert box.value() == date(2026, 10, 16)
    qtbot.keyClick(box.edit, Qt.Key.Key_PageDown)
    assert box.value() == date(2026, 9, 16)
    qtbot.keyClick(box.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = box._popup
    assert popup is not None and popup.isVisible()
    from PySide6.QtWidgets import QCalendarWidget

    calendar = popup.findChild(QCalendarWidget)
    calendar.setSelectedDate(QDate(2026, 9, 30))
    calendar.activated.emit(QDate(2026, 9, 30))
    assert not popup.isVisible()
    assert box.value() == date(2026, 9, 30)


def test_optional_box_may_be_left_empty(qtbot):
    b = DateBox(None, "Until", optional=True)
    qtbot.addWidget(b)
    assert b.value() is None and b.text() == ""
    qtbot.keyClicks(b, "1/2/2026")
    assert b.text() == "01/02/2026"


# --- every dialog and page with a date box ---------------------------------------------------

def _training(store):
    from maternity_desk.ui.training import dialogs as td

    member = st.list_staff(store)[0]
    return [
        td.PersonDialog(store, today=DEMO_TODAY),
        td.PersonDialog(store, member, today=DEMO_TODAY),
        td.AbsenceDialog(Absence(member.staff_number, DEMO_TODAY, DEMO_TODAY, "")),
        td.SessionDialog(store, today=DEMO_TODAY),
    ]


def _fund(store):
    from maternity_desk.store import fund as sf
    from maternity_desk.ui.fund.dialogs import EntryDialog

    return [EntryDialog(sf.funds(store), sf.categories(store), {"FM": "Fetal monitoring"}, on_date=DEMO_TODAY)]


def _improvement(store):
    from maternity_desk.ui.improvement import dialogs as idl

    project = si.projects(store)[0]
    cycle = qi.PdsaCycle("Cycle", project.start_date)
    event = qi.ProgrammeEvent("learning_event", DEMO_TODAY)
    return [
        idl.AdoptDialog(si.picklist(store)[0], lambda v: v, today=DEMO_TODAY),
        idl.ProjectDialog(project, si.measures(store, project.id), lambda v: v),
        idl.PdsaDialog(cycle, [], lambda v: v),
        idl.NoteDialog(DEMO_TODAY, lambda v: v),
        idl.EventDialog(event, lambda v: v),
        idl.ActionDialog(qi.EventAction("Do it", "Owner", DEMO_TODAY), lambda v: v),
    ]


def _governance(store):
    from maternity_desk.ui.governance import dialogs as gd

    return [
        gd.ChampionDialog(store), gd.MeetingDialog(store),
        gd.FollowUpDialog(store, "gov_champion_actions", [("Meeting", 1)]),
        gd.PlanVersionDialog(store), gd.PlanActionDialog(store), gd.SubmissionDialog(store),
        gd.ReviewDialog(store), gd.BankHolidaysDialog(store),
    ]


@pytest.mark.parametrize("area", [_training, _fund, _improvement, _governance],
                         ids=["training", "fund", "improvement", "governance"])
def test_every_dialogs_date_boxes_take_typed_dates_exactly(qtbot, demo_store, area):
    dialogs = area(demo_store)
    seen = 0
    for dlg in dialogs:
        qtbot.addWidget(dlg)
        dlg.show()
        boxes = dlg.findChildren(DateBox)
        assert boxes, f"{dlg.windowTitle()} has no date box"
        for b in boxes:
            if not b.isEnabled():
                b.setEnabled(True)
            for typed, meant in (("25/11/2026", date(2026, 11, 25)), ("01/06/2026", date(2026, 6, 1)),
                                 ("25112026", date(2026, 11, 25))):
                type_into(qtbot, b, typed)
                assert b.value() == meant, (dlg.windowTitle(), b.accessibleName(), typed)
            type_into(qtbot, b, "31/02/2026")
            with pytest.raises(InvalidValue):
                b.value()
            assert b.message.text(), (dlg.windowTitle(), b.accessibleName())
            seen += 1
        dlg.close()
    assert seen >= len(dialogs)


def test_pages_date_boxes(qtbot, demo_store):
    from maternity_desk.ui.governance.page import GovernancePage
    from maternity_desk.ui.training.page import TrainingPage

    training = TrainingPage(demo_store, today=DEMO_TODAY)
    governance = GovernancePage(demo_store, today=DEMO_TODAY)
    for page in (training, governance):
        qtbot.addWidget(page)
        page.show()
        page.refresh()
    type_into(qtbot, training.as_at, "01/06/2026")
    assert training.as_at.value() == date(2026, 6, 1)
    type_into(qtbot, governance.as_at, "25112026")
    assert governance.as_at.value() == date(2026, 11, 25)


def test_a_session_marked_held_in_the_future_is_refused(qtbot, demo_store, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from maternity_desk.ui.training.dialogs import SessionDialog

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    before = demo_store.scalar("SELECT count(*) FROM training_session")
    dlg = SessionDialog(demo_store, today=DEMO_TODAY)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.status.setCurrentIndex(dlg.status.findData("held"))
    type_into(qtbot, dlg.date, "25/11/2026")  # after "today", 15/10/2026
    dlg.accept()
    assert warned and "in the future" in warned[0]
    assert demo_store.scalar("SELECT count(*) FROM training_session") == before
    type_into(qtbot, dlg.date, "14/10/2026")
    dlg.accept()
    assert demo_store.scalar("SELECT count(*) FROM training_session") == before + 1


def test_the_store_refuses_held_in_the_future(demo_store):
    with pytest.raises(InvalidValue, match="in the future"):
        st.save_session(demo_store, TrainingSession(None, "FM", date(2026, 10, 16), status="held"),
                        today=DEMO_TODAY)
