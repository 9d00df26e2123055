"""The training page driven with pytest-qt: grid, lists, dialogs, sign-in and the import wizard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from maternity_desk.core.training import AttendanceRecord, StaffMember, TrainingSession
from maternity_desk.store import training as st
from maternity_desk.ui import tasks

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "training"
TODAY = date(2025, 6, 15)


@pytest.fixture
def messages(monkeypatch):
    seen = []
    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda parent, title, text, *a, _n=name, **k: seen.append((_n, text)))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())
    monkeypatch.setattr(QDialog, "exec", lambda self: 0)  # dialogs opened by buttons: tests drive them directly
    return seen


@pytest.fixture
def unit(store):
    people = [
        StaffMember("1001", "Ann Midwife", "midwife", date(2020, 1, 1)),
        StaffMember("1002", "Bea Midwife", "midwife", date(2020, 1, 1)),
        StaffMember("1003", "Cal Consultant", "obstetric_consultant", date(2015, 1, 1)),
        StaffMember("1004", "Dee Leaver", "midwife", date(2015, 1, 1), date(2024, 12, 31)),
        StaffMember("1005", "Eve Nurse", "neonatal_nurse", date(2019, 5, 1)),
    ]
    for m in people:
        st.save_staff(store, m, new=True)
    st.save_attendance(store, AttendanceRecord("1001", "FM", date(2025, 1, 10)))
    st.save_attendance(store, AttendanceRecord("1002", "FM", date(2024, 6, 15)))  # expires on TODAY
    st.save_attendance(store, AttendanceRecord("1003", "FM", date(2024, 7, 1)))  # due in 16 days
    st.save_attendance(store, AttendanceRecord("1005", "NLS", date(2025, 3, 1), "dna"))
    return store


@pytest.fixture
def page(unit, qtbot, messages):
    from maternity_desk.ui.training.page import TrainingPage

    p = TrainingPage(unit, today=TODAY)
    qtbot.addWidget(p)
    return p


def _cell(page, course, group):
    m = page.grid_model
    r = [c.code for c in m.courses].index(course)
    c = [g.code for g in m.groups].index(group)
    return m.index(r, c)


def test_grid_shows_counts_and_rag(page):
    m = page.grid_model
    assert [c.code for c in m.courses] == ["FM", "PROMPT", "NLS"]
    assert m.columnCount() == 10
    idx = _cell(page, "FM", "midwife")
    assert m.data(idx) == "50.0%\n1 / 2"  # Ann in date, Bea expires on the day; Dee has left
    assert m.data(idx, Qt.ItemDataRole.BackgroundRole).color().name().upper() == "#FFC7CE"
    assert m.data(_cell(page, "FM", "obstetric_consultant")) == "100.0%\n1 / 1"
    assert m.data(_cell(page, "FM", "obstetric_consultant"), Qt.ItemDataRole.BackgroundRole).color().name().upper() \
        == "#C6EFCE"
    assert m.data(_cell(page, "FM", "msw")) == "—"
    assert m.data(_cell(page, "FM", "obstetric_doctor")) == "no staff\n0 / 0"
    assert m.data(_cell(page, "FM", "obstetric_doctor"), Qt.ItemDataRole.BackgroundRole) is None
    assert "eligible" in m.data(idx, Qt.ItemDataRole.AccessibleTextRole)


def test_grid_model_passes_model_tester(page, qtmodeltester):
    qtmodeltester.check(page.grid_model)
    qtmodeltester.check(page.staff_model)


def test_overdue_and_due_lists_and_days_spin(page):
    overdue = {(s.staff_number, s.course) for s in page.overdue_model.rows}
    assert ("1002", "FM") in overdue and ("1005", "NLS") in overdue and ("1001", "FM") not in overdue
    assert [s.staff_number for s in page.due_model.rows] == ["1003"]  # expires 1 Jul, within 30 days
    page.due_days.setValue(10)
    assert page.due_model.rows == []
    page.due_days.setValue(365)
    assert {s.staff_number for s in page.due_model.rows} == {"1001", "1003"}
    assert "Due soon (2)" in page.lists.tabText(1).replace("&", "")


def test_as_at_date_changes_everything(page):
    page.as_at.setDate(page.as_at.date().addDays(-1))  # 14 Jun: Bea still in date
    assert page.grid_model.data(_cell(page, "FM", "midwife")) == "100.0%\n2 / 2"
    assert len(page.chart.months) == 24 and page.chart.months[-1] == "2025-05"
    assert set(page.chart.series) == {"FM", "PROMPT", "NLS"}


def test_register_filter_and_leavers(page, qtbot):
    assert page.staff_model.rowCount() == 4  # Dee left
    page.show_leavers.setChecked(True)
    assert page.staff_model.rowCount() == 5
    qtbot.keyClicks(page.staff_search, "bea")
    assert page.staff_proxy.rowCount() == 1
    page.staff_search.clear()
    page.group_filter.setCurrentIndex(page.group_filter.findData("neonatal_nurse"))
    assert [m.staff_number for m in page.staff_model.rows] == ["1005"]


def test_add_person_dialog_saves_and_refuses(unit, qtbot, messages):
    from maternity_desk.ui.training.dialogs import PersonDialog

    d = PersonDialog(unit, None, today=TODAY)
    qtbot.addWidget(d)
    qtbot.keyClicks(d.number, "2001")
    qtbot.keyClicks(d.name, "Fay Newstarter")
    d.group.setCurrentIndex(d.group.findData("msw"))
    with qtbot.waitSignal(d.saved, timeout=1000):
        d.accept()
    assert st.get_staff(unit, "2001").staff_group == "msw"

    bad = PersonDialog(unit, None, today=TODAY)
    qtbot.addWidget(bad)
    qtbot.keyClicks(bad.number, "2002")
    qtbot.keyClicks(bad.name, "Gus")
    bad.has_left.setChecked(True)
    bad.leave.setDate(bad.start.date().addDays(-1))
    bad.accept()
    assert messages and "before the start date" in messages[-1][1]
    assert st.get_staff(unit, "2002") is None


def test_history_opens_from_staff_row(page, qtbot, monkeypatch):
    from maternity_desk.ui.training.dialogs import HistoryDialog

    monkeypatch.setattr(HistoryDialog, "open", lambda self: None)
    row = next(i for i in range(page.staff_proxy.rowCount())
               if page.staff_proxy.data(page.staff_proxy.index(i, 0)) == "1002")
    page.staff_view.setCurrentIndex(page.staff_proxy.index(row, 0))
    dialog = page.open_history("1002")
    qtbot.addWidget(dialog)
    assert [(h.course, h.date) for h in dialog.model.rows] == [("FM", date(2024, 6, 15))]
    assert dialog.standing.rows[0][3] == "overdue"  # expired on the as-at date


def test_sign_in_type_to_find_enter_ticks_and_marks(unit, qtbot):
    from PySide6.QtWidgets import QPushButton

    from maternity_desk.ui.training.dialogs import SignInDialog

    sid = st.save_session(unit, TrainingSession(None, "FM", date(2025, 6, 10), "Room 2", "Educator", 10))
    d = SignInDialog(unit, sid)
    qtbot.addWidget(d)
    # leaver and neonatal nurse not listed (must-take groups only, employed on the day)
    assert sorted(d.visible_numbers()) == ["1001", "1002", "1003"]
    qtbot.keyClicks(d.search, "bea")
    assert d.visible_numbers() == ["1002"]
    qtbot.keyClick(d.search, Qt.Key.Key_Return)
    assert d.search.text() == "" and d.model.status["1002"] == "attended"
    qtbot.keyClicks(d.search, "1003")
    d.view.selectRow(0)
    dna = next(b for b in d.findChildren(QPushButton) if b.accessibleName() == "Mark did not attend")
    qtbot.mouseClick(dna, Qt.MouseButton.LeftButton)
    assert "1 attended (capacity 10), 1 did not attend" in d.counter.text()
    with qtbot.waitSignal(d.saved, timeout=1000) as blocker:
        d.accept()
    assert blocker.args[0] == {"attended": 1, "dna": 1, "cancelled": 0}
    recs = {a.staff_number: a for a in st.list_attendance(unit) if a.session_id == sid}
    assert (recs["1002"].status, recs["1002"].date) == ("attended", date(2025, 6, 10))
    assert recs["1003"].status == "dna"


def test_sign_in_space_toggles_and_buttons(unit, qtbot):
    from PySide6.QtWidgets import QPushButton

    from maternity_desk.ui.training.dialogs import SignInDialog

    sid = st.save_session(unit, TrainingSession(None, "PROMPT", date(2025, 6, 10)))
    st.record_sign_in(unit, sid, {"1001": "attended"})
    d = SignInDialog(unit, sid)
    qtbot.addWidget(d)
    assert d.model.status == {"1001": "attended"}  # existing register loaded
    d.only_required.setChecked(False)
    assert "1005" in d.visible_numbers()  # everyone employed on the day
    qtbot.keyClicks(d.search, "Eve")
    d.view.selectRow(0)
    cancelled = next(b for b in d.findChildren(QPushButton) if b.accessibleName() == "Mark cancelled")
    qtbot.mouseClick(cancelled, Qt.MouseButton.LeftButton)
    d.search.clear()
    row = d.visible_numbers().index("1001")
    d.view.selectRow(row)
    d.view.setFocus()
    qtbot.keyClick(d.view, Qt.Key.Key_Space)  # untick Ann
    assert d.statuses() == {"1005": "cancelled", "1001": None}
    d.accept()
    assert st.session_attendance(unit, sid) == {"1005": "cancelled"}


def test_session_dialog_with_fund_line(unit, qtbot):
    from maternity_desk.ui.training.dialogs import SessionDialog

    with unit.transaction():
        fund = unit.scalar("SELECT code FROM fund LIMIT 1")
        unit.execute("INSERT INTO fund_entry (id, date, fund_code, kind, amount_pence, description)"
                     " VALUES (77, '2025-05-01', ?, 'commitment', 150000, 'NLS places')", (fund,))
    d = SessionDialog(unit, None, today=TODAY)
    qtbot.addWidget(d)
    assert d.fund is not None and d.fund.findData(77) > 0
    d.course.setCurrentIndex(d.course.findData("NLS"))
    qtbot.keyClicks(d.venue, "Neonatal unit")
    d.fund.setCurrentIndex(d.fund.findData(77))
    with qtbot.waitSignal(d.saved, timeout=1000) as blocker:
        d.accept()
    s = st.get_session(unit, blocker.args[0])
    assert (s.course_code, s.venue, s.fund_entry_id, s.date) == ("NLS", "Neonatal unit", 77, TODAY)


def test_courses_dialog_thresholds(unit, qtbot, messages):
    from maternity_desk.ui.training.dialogs import CoursesDialog

    d = CoursesDialog(unit)
    qtbot.addWidget(d)
    d.green.setValue(95)
    d.amber.setValue(85)
    with qtbot.waitSignal(d.changed, timeout=1000):
        d._save_thresholds()
    assert st.thresholds(unit).green == 95.0
    d.amber.setValue(99)
    d._save_thresholds()
    assert "amber" in messages[-1][1]


def test_import_wizard_staff_then_refused_file(store, qtbot, messages):
    from maternity_desk.ui.import_wizard import ImportWizard

    w = ImportWizard(store, "staff")
    qtbot.addWidget(w)
    w.set_file(FIX / "staff_cp1252.csv")
    w.restart()
    w.next()
    assert w.map_page.combos["staff_number"].currentText() == "Staff No"
    w.next()
    assert w.check_page.plan is not None
    assert "2 new staff" in w.check_page.details.toPlainText()
    with qtbot.waitSignal(w.imported, timeout=2000):
        w.accept()
    assert st.get_staff(store, "20000001").name == "Zoë Renée Brontë"

    w2 = ImportWizard(store, "staff")
    qtbot.addWidget(w2)
    w2.set_file(FIX / "staff_duplicate.csv")
    w2.restart()
    w2.next()
    w2.next()
    assert w2.check_page.plan is None and not w2.check_page.isComplete()
    # the problem names the person as well as the row
    assert "staff_duplicate.csv, row 4 (Ann Lee, 30000001), column 'Staff Number'" in w2.check_page.details.toPlainText()
    assert st.get_staff(store, "30000001") is None


def test_page_import_button_opens_wizard_and_refreshes(page, qtbot, monkeypatch):
    from maternity_desk.ui import import_wizard

    opened = []
    monkeypatch.setattr(import_wizard.ImportWizard, "open", lambda self: opened.append(self))
    page._import("attendance")
    (w,) = opened
    qtbot.addWidget(w)
    assert w.importer.kind == "attendance"
    w.set_file(FIX / "attendance.xlsx")
    with qtbot.waitSignal(page.data_changed, timeout=2000):
        w.imported.emit(None)


def test_save_chart_png(page, tmp_path, monkeypatch):
    out = tmp_path / "trend.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "PNG image (*.png)"))
    page._save_png()
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _shown(proxy, cols=(0, 1, 3)):
    return [tuple(proxy.index(r, c).data() for c in cols) for r in range(proxy.rowCount())]


def test_overdue_list_reads_course_first_grouped_by_course(page):
    m = page.overdue_model
    assert m.HEADERS == ("Course", "Name", "Staff group", "Expired", "Last attended", "Staff number")
    assert page.due_model.HEADERS[3] == "Expires"
    # courses in the catalogue's order; in each, never attended first, then by expiry, then name
    assert _shown(page.overdue_proxy) == [
        ("FM", "Bea Midwife", "15/06/2025"),
        ("PROMPT", "Ann Midwife", "Never attended"), ("PROMPT", "Bea Midwife", "Never attended"),
        ("PROMPT", "Cal Consultant", "Never attended"),
        ("NLS", "Ann Midwife", "Never attended"), ("NLS", "Bea Midwife", "Never attended"),
        ("NLS", "Eve Nurse", "Never attended"),
    ]
    tip = page.overdue_proxy.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Bea Midwife (Midwife): Fetal monitoring and surveillance, expired 15/06/2025"
    # one course at a time
    assert [page.list_course.itemText(i) for i in range(page.list_course.count())] == \
        ["All courses", "FM", "PROMPT", "NLS"]
    page.list_course.setCurrentIndex(page.list_course.findData("NLS"))
    assert [r[1] for r in _shown(page.overdue_proxy)] == ["Ann Midwife", "Bea Midwife", "Eve Nurse"]
    assert page.lists.tabText(0) == "&Overdue (3)" and page.lists.tabText(1) == "&Due soon (0)"
    page.list_course.setCurrentIndex(page.list_course.findData("FM"))
    assert page.lists.tabText(1) == "&Due soon (1)"  # Cal's FM expires 1 July
    page.as_at.setDate(page.as_at.date().addDays(-1))  # a refresh keeps the chosen course
    assert page.list_course.currentData() == "FM" and _shown(page.overdue_proxy) == []


def test_overdue_columns_course_to_expiry_visible_without_scrolling(unit, qtbot, messages):
    """In the space the page has in a 1366x768 window, the course, name, group and expiry
    columns of the overdue list are all in view, even with a long name."""
    from maternity_desk.ui.training.page import TrainingPage

    st.save_staff(unit, StaffMember("1006", "Anne-Marie Fitzgerald-Montgomery-Smythe", "obstetric_consultant",
                                    date(2020, 1, 1)), new=True)
    p = TrainingPage(unit, today=TODAY)
    qtbot.addWidget(p)
    p.resize(1140, 690)  # the main window's page area at 1366x768
    p.show()
    qtbot.waitExposed(p)
    view = p.overdue_view
    assert any(s.name.startswith("Anne-Marie") for s in p.overdue_model.rows)
    right = view.columnViewportPosition(3) + view.columnWidth(3)
    assert view.columnViewportPosition(0) == 0
    assert right <= view.viewport().width(), (right, view.viewport().width())
    for col in range(4):
        assert view.columnWidth(col) >= 40
    # the grid shows every staff group without a scroll bar
    assert not p.grid.horizontalScrollBar().isVisible()
    assert sum(p.grid.columnWidth(c) for c in range(p.grid_model.columnCount())) <= p.grid.viewport().width()


@pytest.mark.parametrize(("field", "text"), [
    ("number", "943.476.5919"),  # a staff number that is an NHS number, written with dots
    ("number", "９４３４７６５９１９"),  # full-width digits
    ("name", "Baby of 943\u2009476\u20095919"),  # thin spaces
    ("name", "94 34 76 59 19"),
])
def test_person_dialog_refuses_an_nhs_number_masked_and_saves_nothing(unit, qtbot, messages, field, text):
    from maternity_desk.ui.training.dialogs import PersonDialog

    before = unit.scalar("SELECT count(*) FROM staff"), unit.scalar("SELECT count(*) FROM audit_log")
    d = PersonDialog(unit, None, today=TODAY)
    qtbot.addWidget(d)
    # pasted, as such text arrives (QTest cannot type a thin space)
    d.number.setText(text if field == "number" else "2003")
    d.name.setText(text if field == "name" else "Hal Newstarter")
    d.group.setCurrentIndex(d.group.findData("msw"))
    d.accept()
    assert messages and "NHS number" in messages[-1][1] and "943 *** ****" in messages[-1][1], messages
    assert "4765919" not in messages[-1][1]
    if field == "number":  # said why: staff numbers are 8 digits
        assert "probably a patient's NHS number" in messages[-1][1] and "8 digits" in messages[-1][1]
    assert (unit.scalar("SELECT count(*) FROM staff"), unit.scalar("SELECT count(*) FROM audit_log")) == before
