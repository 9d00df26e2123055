"""The import wizard refuses a file carrying an NHS number, of every kind and in every column:
the check page names file, row and column with the number masked, Import stays disabled, and
nothing is written (the number is in no file of the unit's folder afterwards)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWizard

from maternity_desk.store import open_store
from maternity_desk.ui import tasks
from maternity_desk.ui.import_wizard import ImportWizard
from tests.exchange.nhs_cases import (
    FORM_NAMES,
    KINDS,
    cell_text,
    columns,
    leaks,
    prepare,
    write_file,
)


@pytest.fixture(autouse=True)
def _sync(monkeypatch):
    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())


@pytest.fixture
def unit(tmp_path):
    db = tmp_path / "unit" / "unit.sqlite"
    store = open_store(db)
    yield store
    store.close()


def _check(qtbot, store, kind, path) -> QWizard:
    wizard = ImportWizard(store, kind, extra=KINDS[kind].extra)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.set_file(path)
    wizard.next()
    if wizard.map_page is not None:
        assert wizard.currentPage() is wizard.map_page
        wizard.next()
    assert wizard.currentPage() is wizard.check_page
    return wizard


def _audit_rows(store) -> int:
    return store.scalar("SELECT count(*) FROM audit_log")


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_column_of_every_kind_is_refused_in_the_wizard(qtbot, unit, tmp_path, kind):
    store = unit
    prepare(store, kind)
    good = _check(qtbot, store, kind, write_file(tmp_path / "in", kind, name=f"{kind}-good.csv"))
    assert good.check_page.plan is not None, good.check_page.details.toPlainText()  # the base row is good
    before = _audit_rows(store)
    offset = list(KINDS).index(kind)
    for i, column in enumerate(columns(kind)):
        form = FORM_NAMES[(offset * 5 + i * 2) % len(FORM_NAMES)]
        path = write_file(tmp_path / "in", kind, column, cell_text(form, i), name=f"{kind}-{i}.csv")
        wizard = _check(qtbot, store, kind, path)
        page = wizard.check_page
        assert page.plan is None and not page.isComplete(), (column, form)
        assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
        assert "cannot be imported" in page.verdict.text() and "Nothing was written" in page.verdict.text()
        lines = [line for line in page.details.toPlainText().splitlines() if "NHS number" in line]
        assert len(lines) == 1 and lines[0].startswith(f"{path.name}, row 2, column '{column}': "), (form, lines)
        assert "943 *** ****" in lines[0]
        assert "4765919" not in page.details.toPlainText() and "476 5919" not in page.details.toPlainText()
        wizard.close()
    assert _audit_rows(store) == before
    store.close()
    assert leaks(store.path.parent) == []


@pytest.mark.parametrize("form", FORM_NAMES)
def test_every_form_in_the_staff_number_and_name_is_refused_in_the_wizard(qtbot, unit, tmp_path, form):
    store = unit
    for column in ("staff_number", "name"):
        path = write_file(tmp_path / "in", "staff", column, cell_text(form, 0 if column == "staff_number" else 1))
        wizard = _check(qtbot, store, "staff", path)
        assert wizard.check_page.plan is None
        text = wizard.check_page.details.toPlainText()
        assert f"staff.csv, row 2, column '{column}': " in text and "943 *** ****" in text, text
        wizard.close()
    assert store.scalar("SELECT count(*) FROM staff") == 0
    store.close()
    assert leaks(store.path.parent) == []
