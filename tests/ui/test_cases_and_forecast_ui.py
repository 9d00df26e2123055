"""The Governance page's Qualifying cases tab and the Training page's Forecast tab, driven by
keyboard: dates typed into the date boxes, refusals explained, the must-attend list saved and
read back."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from maternity_desk.core.training import AttendanceRecord, StaffMember, TrainingSession
from maternity_desk.store import cases as sc
from maternity_desk.store import forecast as sf
from maternity_desk.store import training as st
from maternity_desk.ui import tasks
from maternity_desk.ui.governance.cases import CaseDialog, CasesTab
from tests.ui.keyboard import alt, click, focused, tab
from tests.ui.keyboard import shown as _shown

TODAY = date(2024, 1, 10)


@pytest.fixture
def gov(qtbot, store):
    from maternity_desk.ui.governance.page import GovernancePage

    p = GovernancePage(store, today=TODAY)
    qtbot.addWidget(p)
    p.resize(1366, 768)
    p.show()
    p.tabs.setCurrentIndex(p.tabs.count() - 1)
    return p


def _ok(qtbot, dlg) -> None:
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_add_a_case_by_keyboard_with_its_deadlines(qtbot, gov, store, messages):
    assert gov.tabs.tabText(gov.tabs.count() - 1) == "&Qualifying cases"
    cases_tab = gov.tabs.currentWidget()
    assert isinstance(cases_tab, CasesTab)
    click(gov, "Add qualifying case")
    dlg = _shown(qtbot, gov, CaseDialog, attr="_dialog")
    assert focused() is dlg.reference
    qtbot.keyClicks(focused(), "QC-2023-001")
    tab(qtbot)
    assert focused() is dlg.category
    qtbot.keyClicks(focused(), "Suspected")
    tab(qtbot)
    assert focused() is dlg.event
    qtbot.keyClicks(focused(), "22/12/2023")
    # Fri 22/12/2023 + 7 working days skips Christmas, Boxing Day and New Year's Day
    assert dlg.deadlines["mnsi_referred"].text() == "due 05/01/2024 (7 working days; not verified)"
    assert dlg.deadlines["en_reported"].text() == "due 21/01/2024 (30 days; not verified)"
    assert dlg.deadlines["incident_reported"].text() == "due 25/12/2023 (3 days)"
    alt(qtbot, dlg, "m")
    assert focused() is dlg.milestones["mnsi_referred"]
    qtbot.keyClicks(focused(), "05012024")  # read as 05/01/2024
    alt(qtbot, dlg, "i")
    qtbot.keyClicks(focused(), "2023-12-28")
    with qtbot.waitSignal(gov.data_changed, timeout=2000):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert messages == [] and not dlg.isVisible()
    [case] = sc.cases(store)
    assert (case.reference, case.category, case.mnsi_referred, case.incident_reported) == (
        "QC-2023-001", "brain_injury", date(2024, 1, 5), date(2023, 12, 28))
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'gov_qualifying_cases'") == 1
    model = cases_tab.model
    texts = [model.index(0, c).data() for c in range(model.columnCount())]
    # as at 10/01/2024: EN due 21/01; the incident report 3 days late; candour (10 working days,
    # due 10/01) due today; MNSI on time
    assert texts[3:8] == ["05/01/2024", "due 21/01/2024", "due 10/01/2024", "due 10/01/2024", "28/12/2023 (late)"]
    summary = cases_tab.summary.text()
    assert summary.startswith("1 case in the log; 0 milestones overdue, 2 milestones due within a week.")
    # EN applies to a brain injury and is neither made nor due: the case is not yet counted
    assert "within the deadlines" not in summary and "not verified" in summary
    # once reported to Early Notification in time, it is
    cases_tab.view.setCurrentIndex(cases_tab.proxy.index(0, 0))
    cases_tab.view.setFocus()
    qtbot.keyClick(cases_tab.view, Qt.Key.Key_Return)  # Enter opens the selected case
    dlg = _shown(qtbot, gov, CaseDialog, attr="_dialog")
    assert dlg.case is not None and dlg.reference.text() == "QC-2023-001"
    alt(qtbot, dlg, "e")
    qtbot.keyClicks(focused(), "09/01/2024")
    with qtbot.waitSignal(gov.data_changed, timeout=2000):
        _ok(qtbot, dlg)
    assert "within the deadlines: 1 of 1 case from" in cases_tab.summary.text()


@pytest.mark.parametrize("field, text, message", [
    ("reference", "Baby 943 476 5919", "NHS number"),
    ("mnsi", "21/12/2023", "before the event"),
    ("event", "11/01/2024", "in the future"),
])
def test_refused_case_is_explained_and_not_saved(qtbot, gov, store, messages, field, text, message):
    dlg = gov.tabs.currentWidget().add()
    qtbot.keyClicks(dlg.reference, "QC-1")
    qtbot.keyClicks(dlg.event, "22/12/2023")
    if field == "reference":
        dlg.reference.clear()
        qtbot.keyClicks(dlg.reference, text)
    elif field == "mnsi":
        qtbot.keyClicks(dlg.milestones["mnsi_referred"], text)
    else:
        dlg.event.clear()
        qtbot.keyClicks(dlg.event, text)
    _ok(qtbot, dlg)
    assert len(messages) == 1 and message in messages[0]
    assert sc.cases(store) == [] and dlg.isVisible()
    dlg.reject()


# --- the training forecast ----------------------------------------------------------------

FTODAY = date(2026, 12, 1)


@pytest.fixture
def training(qtbot, store, monkeypatch):
    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())
    for n, name in (("1001", "Ann Able"), ("1002", "Bea Best"), ("1003", "Cal Cole"), ("1004", "Dee Dunn")):
        st.save_staff(store, StaffMember(n, name, "midwife", date(2020, 1, 1)), new=True)
    st.save_attendance(store, AttendanceRecord("1001", "FM", date(2026, 6, 1)))
    st.save_attendance(store, AttendanceRecord("1002", "FM", date(2026, 2, 1)))   # expires 01/02/2027
    st.save_attendance(store, AttendanceRecord("1003", "FM", date(2026, 1, 20)))  # expires 20/01/2027
    future = st.save_session(store, TrainingSession(None, "FM", date(2027, 1, 12), status="planned"))
    sf.book(store, future, ["1003"], today=FTODAY)
    from maternity_desk.ui.training.page import TrainingPage

    p = TrainingPage(store, today=FTODAY)
    qtbot.addWidget(p)
    p.resize(1366, 768)
    p.show()
    return p


def test_forecast_for_a_typed_date_and_the_list_saved(qtbot, training, tmp_path):
    from python_calamine import CalamineWorkbook

    qtbot.keyClick(training, Qt.Key.Key_9, Qt.KeyboardModifier.AltModifier)  # the tab's mnemonic
    fc_tab = training.tabs.currentWidget()
    assert fc_tab is training.tabs.widget(training.tabs.count() - 1)
    alt(qtbot, training, "b")
    assert focused() is fc_tab.by
    fc_tab.by.selectAll()
    qtbot.keyClicks(focused(), "28/02/2027")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    rows = {(r.course, r.group): r for r in fc_tab.model.rows}
    fm = rows[("FM", "midwife")]
    # 28/02/2027: Ann in date; Bea expired 01/02; Cal expired 20/01 but booked on 12/01; Dee never
    assert (fm.eligible, fm.in_date_by, fm.booked, fm.needed) == (4, 2, 1, 2)
    assert [c.staff_number for c in fm.must_attend] == ["1004", "1002"]
    # FM, PROMPT and NLS are all short for midwives (nobody has PROMPT or NLS): 4 people in all
    assert "3 of the 3 courses and staff groups will be below 90% unless 4 more people attend" in \
        fc_tab.summary.text()
    assert training.tabs.tabText(training.tabs.count() - 1) == "Forecast to &90%"
    alt(qtbot, training, "w")  # "Show every course and group" off: the selected row's people only
    qtbot.waitUntil(lambda: not fc_tab.all_rows.isChecked(), timeout=2000)  # a mnemonic clicks, animated
    fc_tab.view.setCurrentIndex(fc_tab.proxy.index(0, 0))
    people = [[fc_tab.people_model.index(r, c).data() for c in range(6)] for r in range(fc_tab.people_model.rowCount())]
    assert people == [["Fetal monitoring and surveillance", "Midwife", "1004", "Dee Dunn", "Never", "Never trained"],
                      ["Fetal monitoring and surveillance", "Midwife", "1002", "Bea Best", "01/02/2026", "01/02/2027"]]
    assert fc_tab.export_button.isEnabled()
    out = tmp_path / "must.xlsx"
    fc_tab.export_to(str(out))
    sheet = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Must attend").to_python()
    assert sheet[3][:4] == ["Course", "Staff group", "Staff number", "Name"]
    # every course and group short, course by course: FM 2, PROMPT 4 (never trained), NLS 4
    assert [r[2] for r in sheet[4:6]] == ["1004", "1002"] and sheet[4][5] == "Never trained"
    assert len(sheet) == 4 + 10 and sheet[5][5] == date(2027, 2, 1)
    # a date before the bookings' session: Cal not yet in date again
    fc_tab.by.selectAll()
    qtbot.keyClicks(fc_tab.by, "11/01/2027")
    qtbot.keyClick(fc_tab.by, Qt.Key.Key_Return)
    fm = {(r.course, r.group): r for r in fc_tab.model.rows}[("FM", "midwife")]
    assert (fm.in_date_by, fm.booked) == (3, 0)  # Cal's record runs to 20/01


def test_deadlines_dialog_by_keyboard(qtbot, gov, store, messages):
    from maternity_desk.ui.governance.cases import CaseDeadlinesDialog

    click(gov, "Qualifying case deadlines")
    dlg = _shown(qtbot, gov, CaseDeadlinesDialog, attr="_dialog")
    alt(qtbot, dlg, "m")
    spin = focused()
    assert spin is dlg.rows["mnsi_referred"][1]
    spin.selectAll()
    qtbot.keyClicks(spin, "5")
    with qtbot.waitSignal(dlg.record_saved, timeout=2000):
        _ok(qtbot, dlg)
    rules = {r.code: r for r in sc.rules(store)}
    assert (rules["mnsi_referred"].amount, rules["mnsi_referred"].verified) == (5, "U")
    assert (rules["incident_reported"].amount, rules["incident_reported"].verified) == (3, "V")  # unchanged
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'gov_case_rules'") == 1


def test_people_booked_from_the_must_attend_list_by_keyboard(qtbot, training, store, monkeypatch):
    """Dee and Bea are short for FM on 28/02/2027; booked on the planned FM session of
    12/01/2027 from the list, FM reaches 4 of 4 (two of them by bookings)."""
    qtbot.keyClick(training, Qt.Key.Key_9, Qt.KeyboardModifier.AltModifier)
    fc_tab = training.tabs.currentWidget()
    alt(qtbot, training, "b")
    fc_tab.by.selectAll()
    qtbot.keyClicks(focused(), "28/02/2027")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert not fc_tab.book_button.isEnabled()
    offered = []
    monkeypatch.setattr(fc_tab, "choose_session", lambda name, sessions: offered.append((name, sessions)) or sessions[0])
    # the first two rows of the list are FM's (Dee, then Bea): select them by keyboard
    fc_tab.people_view.setFocus()
    qtbot.keyClick(fc_tab.people_view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(fc_tab.people_view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert fc_tab.selected_people() == [("FM", "1004"), ("FM", "1002")]
    assert fc_tab.book_button.isEnabled()
    alt(qtbot, training, "k")
    qtbot.waitUntil(lambda: bool(offered), timeout=2000)  # a mnemonic clicks, animated
    (name, sessions), = offered
    assert name == "Fetal monitoring and surveillance" and [s.date for s in sessions] == [date(2027, 1, 12)]
    assert st.session_attendance(store, sessions[0].id) == {"1003": "attended", "1004": "attended",
                                                            "1002": "attended"}
    fm = {(r.course, r.group): r for r in fc_tab.model.rows}[("FM", "midwife")]
    assert (fm.in_date_by, fm.needed) == (4, 0)
