"""An ESR-shaped export of 300 fictional staff imported through the wizard by keyboard alone:
the file typed in, the columns as matched, the mapping step (two values chosen by typing,
the rest as suggested, the mapping named), two refused cells corrected in the check and
checked again, then imported; at the next import the saved mapping is offered as it was."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QTableWidget

from maternity_desk.core.mappings import LEAVE_OUT
from maternity_desk.store import mappings as sm
from maternity_desk.store import training as st
from maternity_desk.ui import tasks
from maternity_desk.ui.import_wizard import ImportWizard
from tests import esr
from tests.ui.keyboard import alt, focused, tab


@pytest.fixture
def sync(monkeypatch):
    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())


def _wizard(qtbot, store) -> ImportWizard:
    wizard = ImportWizard(store, "staff")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.activateWindow()
    qtbot.waitUntil(lambda: focused() is not None and wizard.isAncestorOf(focused()), timeout=2000)
    return wizard


def _next(qtbot, wizard) -> None:
    """Return: the wizard's default button (Next, then Import)."""
    qtbot.keyClick(focused(), Qt.Key.Key_Return)


def _choose(qtbot, combo_name: str, typed: str, expected: str, downs: int = 0) -> None:
    combo = focused()
    assert isinstance(combo, QComboBox) and combo.accessibleName() == combo_name
    assert combo.currentText() == "(choose)"
    qtbot.keyClicks(combo, typed)  # a closed list picks the first item the typing starts (no space: it opens the list)
    for _ in range(downs):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == expected


def _fix(qtbot, table: QTableWidget, text: str) -> None:
    """F2 edits the current cell; the typing replaces its text; Return keeps it."""
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = focused()
    assert editor is not table and table.isAncestorOf(editor)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused() is table, timeout=2000)


def test_esr_export_imported_through_its_mapping_by_keyboard(store, qtbot, sync, tmp_path):
    rows = esr.people()
    rows[0]["Hire Date"] = "31/02/2005"  # row 2: no such date
    rows[9]["Employee Number"] = ""  # row 11: the number left out of the export
    path = esr.write(tmp_path / "esr_staff.csv", rows)
    wizard = _wizard(qtbot, store)

    # 1. the file, typed; Return (Next) reads it
    assert focused() is wizard.file_page.path
    qtbot.keyClicks(focused(), str(path))
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.map_page
    combos = wizard.map_page.combos
    assert combos["staff_number"].accessibleName() == "Column for staff number"
    assert {n: c.currentText() for n, c in combos.items() if c.currentData()} == {
        "staff_number": "Employee Number", "first_name": "First Name", "last_name": "Last Name",
        "staff_group": "Staff Group", "job_role": "Job Role", "occupation_code": "Occupation Code",
        "start_date": "Hire Date", "leave_date": "Termination Date"}

    # 2. the mapping step: 13 distinct staff group / job role pairs, 11 suggested
    _next(qtbot, wizard)
    page = wizard.mapping_page
    assert wizard.currentPage() is page
    assert page.saved.currentText() == "New mapping" and page.columns() == ("staff_group", "job_role")
    assert len(page.combos) == 13
    undecided = [k for k, c in page.combos.items() if c.currentData() is None]
    assert undecided == [("Additional Clinical Services", "Healthcare Assistant"),
                         ("Nursing and Midwifery Registered", "Staff Nurse")]
    assert page.combos[("Students", "Student Midwife")].currentText() == "Not a maternity staff group: leave out"
    assert not page.isComplete()

    alt(qtbot, wizard, "m")  # Mapping na&me
    assert focused() is page.name
    qtbot.keyClicks(page.name, "ESR staff list")
    tab(qtbot, 3)  # past the two "match by" boxes to the first value's combo
    _choose(qtbot, "Maternity Desk staff group for Additional Clinical Services / Healthcare Assistant",
            "Maternity", "Maternity support worker")
    tab(qtbot, 11)  # the twelfth value, in the order shown
    _choose(qtbot, "Maternity Desk staff group for Nursing and Midwifery Registered / Staff Nurse",
            "Neonatal", "Neonatal nurse", downs=2)  # consultant, doctor, nurse
    assert page.isComplete()

    # 3. Next saves the mapping and checks the file: two refused cells, each naming the person
    _next(qtbot, wizard)
    check = wizard.check_page
    assert wizard.currentPage() is check and check.plan is None
    saved = sm.get_mapping(store, "ESR staff list")
    assert saved.columns == ("staff_group", "job_role") and len(saved.entries) == 13
    assert saved.entries[("Additional Clinical Services", "Healthcare Assistant")] == "msw"
    assert saved.entries[("Allied Health Professionals", "Physiotherapist")] == LEAVE_OUT
    assert check.details.toPlainText().splitlines() == [
        "esr_staff.csv, row 2 (Amara Bramock, 20000001), column 'Hire Date': '31/02/2005' is not a real date",
        "esr_staff.csv, row 11 (Jonra Quillock), column 'Employee Number': a staff number is required",
    ]
    fixes = check.fixes
    assert [[fixes.item(r, c).text() for c in range(4)] for r in range(fixes.rowCount())] == [
        ["2", "Amara Bramock, 20000001", "Hire Date", "31/02/2005"],
        ["11", "Jonra Quillock", "Employee Number", ""],
    ]
    assert store.scalar("SELECT count(*) FROM staff") == 0

    # 4. corrected in place by keyboard, checked again (Tab to the button, Space), imported (Return)
    qtbot.waitUntil(lambda: focused() is fixes, timeout=2000)
    assert fixes.currentRow() == 0 and fixes.currentColumn() == 3
    _fix(qtbot, fixes, "28/02/2005")
    qtbot.keyClick(fixes, Qt.Key.Key_Down)
    _fix(qtbot, fixes, "20000010")
    assert [fixes.item(r, 3).text() for r in range(2)] == ["28/02/2005", "20000010"]
    tab(qtbot)
    assert focused() is check.again
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    assert check.plan is not None, check.details.toPlainText()
    assert check.details.toPlainText().splitlines()[:7] == [
        "220 rows ready to import from esr_staff.csv.",
        "With 2 cells corrected here (the file is not changed).",
        "",
        "220 new staff", "0 updated", "0 unchanged",
        "80 rows left out (not a maternity staff group in the mapping 'ESR staff list')",
    ]
    qtbot.waitUntil(lambda: focused() is wizard.button(wizard.WizardButton.FinishButton), timeout=2000)
    with qtbot.waitSignal(wizard.imported, timeout=3000):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    people = st.list_staff(store)
    assert Counter(m.staff_group for m in people) == {"midwife": 120, "neonatal_nurse": 20, "annp": 5, "msw": 40,
                                                      "obstetric_consultant": 15, "obstetric_doctor": 20}
    assert st.get_staff(store, "20000001").start_date.isoformat() == "2005-02-28"
    assert st.get_staff(store, "20000010").name == "Jonra Quillock"

    # 5. the next import offers the saved mapping, every value already decided
    again = _wizard(qtbot, store)
    again.set_file(esr.write(tmp_path / "esr_next_month.csv"))
    _next(qtbot, again)
    _next(qtbot, again)
    page = again.mapping_page
    assert page.saved.currentText() == "ESR staff list" and page.name.text() == "ESR staff list"
    assert page.combos[("Nursing and Midwifery Registered", "Staff Nurse")].currentText() == "Neonatal nurse"
    assert page.isComplete()
    _next(qtbot, again)
    assert again.check_page.plan is not None
    assert again.check_page.plan.summary[:3] == ["0 new staff", "1 updated", "219 unchanged"]


def test_learning_system_course_names_mapped_in_the_wizard_and_remembered(store, qtbot, sync, tmp_path):
    from maternity_desk.exchange import importing

    importing.commit(store, importing.plan_file(store, "staff", esr.write(tmp_path / "esr.csv"),
                                                mapping=_staff_mapping()), backup=False)
    path = tmp_path / "lms.csv"
    path.write_text("Employee Number,Course Title,Completion Date\n"
                    "20000001,CTG Fetal Monitoring and Surveillance Update 2025,02/06/2025\n"
                    "20000002,PROMPT Day 2025,20/05/2025\n"
                    "20000003,Fire Safety,21/05/2025\n", encoding="utf-8")
    wizard = ImportWizard(store, "attendance")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.set_file(path)
    wizard.next()
    wizard.next()
    page = wizard.mapping_page
    assert wizard.currentPage() is page
    assert {k: c.currentText() for k, c in page.combos.items()} == {
        ("CTG Fetal Monitoring and Surveillance Update 2025",): "Fetal monitoring and surveillance",
        ("Fire Safety",): "(choose)",
        ("PROMPT Day 2025",): "Maternity emergencies and multi-professional training"}
    fire = page.combos[("Fire Safety",)]
    fire.setCurrentIndex(fire.findText("Not one of the unit's courses: leave out"))
    page.name.setText("LMS courses")
    wizard.next()
    assert wizard.check_page.plan.summary == ["2 new attendance records", "0 updated", "0 unchanged",
                                              "1 row left out (not a course in the mapping 'LMS courses')"]
    with qtbot.waitSignal(wizard.imported, timeout=3000):
        wizard.accept()
    got = sorted((a.staff_number, a.course_code) for a in st.list_attendance(store))
    assert got == [("20000001", "FM"), ("20000002", "PROMPT")]
    assert sm.get_mapping(store, "LMS courses").entries[("Fire Safety",)] == LEAVE_OUT


def _staff_mapping():
    from maternity_desk.core.mappings import ValueMapping
    from tests.exchange.test_mappings import _esr_mapping

    mapping = _esr_mapping()
    return ValueMapping(mapping.name, mapping.kind, mapping.columns, mapping.entries)
