"""The import wizard that every file kind goes through."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWizard

from maternity_desk.ui import tasks
from maternity_desk.ui.import_wizard import ImportWizard


@pytest.fixture(autouse=True)
def _sync(monkeypatch):
    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())


def _staff_file(tmp_path):
    f = tmp_path / "people.csv"
    f.write_text("Number,Full name,Role,Began\nX1,Ann Other,Midwife,01/04/2020\n")
    return f


def test_mapping_survives_back_and_next(qtbot, store, tmp_path):
    w = ImportWizard(store, "staff")
    qtbot.addWidget(w)
    w.show()
    w.set_file(_staff_file(tmp_path))
    w.next()
    combos = w.map_page.combos
    for name, header in (("staff_number", "Number"), ("name", "Full name"), ("staff_group", "Role"),
                         ("start_date", "Began")):
        combos[name].setCurrentIndex(combos[name].findData(header))
    w.next()
    assert w.check_page.plan is not None, w.check_page.details.toPlainText()
    w.back()
    w.back()
    w.next()
    assert w.map_page.combos["staff_number"].currentData() == "Number"
    assert w.map_page.combos["start_date"].currentData() == "Began"
    w.next()
    assert w.check_page.plan is not None
    with qtbot.waitSignal(w.imported, timeout=5000):
        w.button(QWizard.WizardButton.FinishButton).click()
    assert store.scalar("SELECT name FROM staff WHERE staff_number = 'X1'") == "Ann Other"


def test_another_file_is_matched_afresh(qtbot, store, tmp_path):
    w = ImportWizard(store, "staff")
    qtbot.addWidget(w)
    w.show()
    w.set_file(_staff_file(tmp_path))
    w.next()
    combo = w.map_page.combos["staff_number"]
    combo.setCurrentIndex(combo.findData("Number"))
    w.next()
    w.back()
    w.back()
    other = tmp_path / "other.csv"
    other.write_text("staff_number,name,staff_group,start_date\nY1,B,msw,2021-01-01\n")
    w.set_file(other)
    w.next()
    assert w.map_page.combos["staff_number"].currentData() == "staff_number"
