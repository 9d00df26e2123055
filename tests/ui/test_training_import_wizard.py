"""The import wizard driven for a training attendance file, as a user would: choose the file
with Browse, map columns the wizard could not match, see every problem of a bad file with
nothing written, then import a good file in one go."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton, QWizard

from maternity_desk.exchange import importing
from maternity_desk.store import training as st
from maternity_desk.ui import tasks
from maternity_desk.ui.import_wizard import ImportWizard
from tests.conftest import FIXTURES

FIX = FIXTURES / "training"
MAPPING = {"staff_number": "Learner ID", "course": "Learning Title", "date": "Completed On", "status": "Result"}


@pytest.fixture
def register(store, monkeypatch):
    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())
    importing.commit(store, importing.plan_file(store, "staff", FIX / "staff.csv"), backup=False)
    return store


def _counts(store) -> tuple[int, int]:
    return (store.scalar("SELECT count(*) FROM attendance"), store.scalar("SELECT count(*) FROM audit_log"))


def _browse(qtbot, wizard, monkeypatch, path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), "CSV (*.csv)"))
    browse = next(b for b in wizard.file_page.findChildren(QPushButton) if b.text() == "&Browse…")
    qtbot.mouseClick(browse, Qt.MouseButton.LeftButton)
    assert wizard.file_page.path.text() == str(path)


def _press(wizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isEnabled(), which
    button.click()


def _map_by_hand(wizard) -> None:
    combos = wizard.map_page.combos
    # nothing in an LMS export's headers matches: the wizard offers "(not in this file)" for each
    assert {name: c.currentText() for name, c in combos.items()} == dict.fromkeys(MAPPING, "(not in this file)")
    for name, header in MAPPING.items():
        combo = combos[name]
        assert combo.accessibleName() == f"Column for {name.replace('_', ' ')}"  # plain words
        combo.setCurrentIndex(combo.findText(header))
        assert combo.currentData() == header


def test_bad_file_shows_every_problem_and_writes_nothing_then_good_file_imports(register, qtbot, monkeypatch):
    store = register
    wizard = ImportWizard(store, "attendance")
    qtbot.addWidget(wizard)
    wizard.show()
    imported = []
    wizard.imported.connect(imported.append)
    before = _counts(store)

    # 1. choose the bad file with Browse; Next reads it
    _browse(qtbot, wizard, monkeypatch, FIX / "attendance_lms_bad.csv")
    _press(wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.map_page
    preview = wizard.map_page.preview
    assert [preview.horizontalHeaderItem(c).text() for c in range(preview.columnCount())] == list(MAPPING.values())
    assert preview.rowCount() == 3 and preview.item(0, 2).text() == "31/02/2025"

    # 2. map the columns by hand; a course name that is not the app's ("Knitting") brings the
    # mapping step, which the user declines; 3. the check lists every problem, names file, row and column
    _map_by_hand(wizard)
    _press(wizard, QWizard.WizardButton.NextButton)
    mapping = wizard.mapping_page
    assert wizard.currentPage() is mapping
    assert {k: c.currentText() for k, c in mapping.combos.items()} == {
        ("FM",): "Fetal monitoring and surveillance", ("Knitting",): "(choose)"}
    mapping.saved.setCurrentIndex(mapping.saved.findText("No mapping: check the file as it is"))
    _press(wizard, QWizard.WizardButton.NextButton)
    check = wizard.check_page
    assert wizard.currentPage() is check
    assert check.plan is None and not check.isComplete()
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert "3 problems" in check.verdict.text() and "Nothing was written" in check.verdict.text()
    details = check.details.toPlainText().splitlines()
    assert details == [
        # each names the person: from the register, or by the number when the register lacks it
        "attendance_lms_bad.csv, row 2 (Amara Okafor, 10000001), column 'Completed On': '31/02/2025' is not "
        "a real date",
        "attendance_lms_bad.csv, row 3 (staff number 99999999), column 'Learner ID': staff number 99999999 "
        "is not on the staff register (import or add the person first)",
        "attendance_lms_bad.csv, row 4 (Ben Carter, 10000002), column 'Learning Title': 'Knitting' is not a "
        "course (use a code such as FM, PROMPT or NLS, or a course name)",
    ]
    assert _counts(store) == before  # nothing written, not even an audit row
    assert imported == []

    # 4. back to the start, choose the good file, map again and import (every course is the
    # app's: no mapping step)
    _press(wizard, QWizard.WizardButton.BackButton)
    _press(wizard, QWizard.WizardButton.BackButton)
    _press(wizard, QWizard.WizardButton.BackButton)
    assert wizard.currentPage() is wizard.file_page
    _browse(qtbot, wizard, monkeypatch, FIX / "attendance_lms_export.csv")
    _press(wizard, QWizard.WizardButton.NextButton)
    _map_by_hand(wizard)
    _press(wizard, QWizard.WizardButton.NextButton)
    assert check.plan is not None and check.isComplete()
    assert "3 new attendance records" in check.details.toPlainText()
    assert _counts(store) == before  # checked, still nothing written
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.text() == "&Import"
    with qtbot.waitSignal(wizard.imported, timeout=2000):
        _press(wizard, QWizard.WizardButton.FinishButton)

    got = {(a.staff_number, a.course_code, a.date, a.status) for a in st.list_attendance(store)}
    assert got == {
        ("10000001", "FM", date(2025, 6, 2), "attended"),  # course by name, "Completed" = attended
        ("10000002", "PROMPT", date(2025, 5, 20), "attended"),  # ISO date, blank status = attended
        ("10000004", "PROMPT", date(2025, 5, 20), "dna"),  # code in lower case, "Did not attend"
    }
    audit = store.query_one("SELECT action, table_name, row_key FROM audit_log ORDER BY id DESC LIMIT 1")
    assert tuple(audit) == ("import", "attendance", "attendance_lms_export.csv")
    assert not wizard.isVisible()


def test_file_that_cannot_be_read_stays_on_the_first_page(register, qtbot, monkeypatch):
    store = register
    wizard = ImportWizard(store, "attendance")
    qtbot.addWidget(wizard)
    wizard.show()
    before = _counts(store)
    _browse(qtbot, wizard, monkeypatch, FIX / "workbook_named.csv")
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentPage() is wizard.file_page
    assert "not a CSV text file" in wizard.file_page.error.text()
    _browse(qtbot, wizard, monkeypatch, FIX / "empty.csv")
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentPage() is wizard.file_page and "empty" in wizard.file_page.error.text()
    assert _counts(store) == before
