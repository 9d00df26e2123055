"""The training fund page, driven like a user would (pytest-qt)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from maternity_desk.exchange import importing
from maternity_desk.store import fund as store_fund
from maternity_desk.ui import tasks
from maternity_desk.ui.fund.dialogs import EntryDialog
from maternity_desk.ui.fund.models import LedgerModel
from maternity_desk.ui.fund.page import FundPage
from tests.conftest import FIXTURES

TODAY = date(2017, 5, 15)


@pytest.fixture
def messages(monkeypatch):
    seen = []
    for name in ("warning", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda parent, title, text, *a, _n=name, **k: seen.append((_n, title, text)))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())
    return seen


@pytest.fixture
def page(qtbot, store, messages):
    importing.import_file(store, "ledger", FIXTURES / "fund" / "ledger_good.csv")
    p = FundPage(store, today=TODAY)
    qtbot.addWidget(p)
    p.select("MSTF", "2016/17")
    return p


def fill_and_save(monkeypatch, **fields):
    """Make EntryDialog.exec type ``fields`` into the real dialog and press Save."""

    def fake_exec(self):
        for name, value in fields.items():
            w = self.widgets[name]
            if name == "date":  # typed, as a person would
                from PySide6.QtTest import QTest

                w.edit.clear()
                QTest.keyClicks(w, value.strftime("%d/%m/%Y"))
            elif hasattr(w, "setText"):
                w.setText(value)
            else:
                i = w.findData(value)
                assert i >= 0, (name, value)
                w.setCurrentIndex(i)
        self.buttons.button(self.buttons.StandardButton.Save).click()
        return self.result()

    monkeypatch.setattr(EntryDialog, "exec", fake_exec)


def test_figures_for_the_selected_fund_and_year(page):
    assert page.title == "Training fund"
    assert page.cards["allocated"].value.text() == "£41,250.00"
    assert page.cards["paid"].value.text() == "£13,545.67"
    assert page.cards["available"].value.text() == "£27,704.33"
    assert page.cards["places"].value.text() == "64"
    assert page.cards["cost"].value.text() == "-"
    assert page.ledger.rowCount() == 8  # the 1 April payment belongs to 2017/18
    assert page.warning.isHidden()
    assert page.burn.points[-1] == (date(2017, 3, 31), 2_320_433)  # as the year stood on 31 March
    page.select("mstf", "2017/18")
    assert page.cards["available"].value.text() == "-£4,500.00"
    assert "b00020" in page.cards["available"].value.styleSheet()
    assert not page.warning.isHidden() and "Overspent" in page.warning.text()


def test_add_entry_through_the_dialog(page, monkeypatch, qtbot, store):
    fill_and_save(monkeypatch, date=date(2017, 3, 15), kind="payment", amount="£1,234.50",
                  description="Travel to PROMPT day", category="Travel", reference="EXP-1", places="")
    with qtbot.waitSignal(page.data_changed, timeout=2000):
        page.add_button.click()
    assert page.ledger.rowCount() == 9
    assert page.cards["paid"].value.text() == "£14,780.17"  # 13,545.67 + 1,234.50
    added = store.query_one("SELECT * FROM fund_entry WHERE reference = 'EXP-1'")
    assert (added["amount_pence"], added["category"], added["date"], added["fund_code"]) == (123_450, "Travel", "2017-03-15", "MSTF")
    audit = store.query_one("SELECT after_json FROM audit_log WHERE table_name='fund_entry' AND action='insert'")
    assert json.loads(audit["after_json"])["amount_pence"] == 123_450


def test_dialog_refuses_bad_amount_and_writes_nothing(page, monkeypatch, messages, store):
    fill_and_save(monkeypatch, kind="payment", amount="12.345")
    page.add_button.click()
    assert messages and messages[0][0] == "warning" and "fraction of a penny" in messages[0][2]
    assert store.scalar("SELECT count(*) FROM fund_entry") == 10


def test_overspend_is_warned_after_saving(page, monkeypatch, messages):
    fill_and_save(monkeypatch, date=date(2017, 3, 20), kind="payment", amount="30,000", description="Big")
    page.add_button.click()
    assert any(kind == "warning" and "overspent by £2,295.67" in text for kind, _, text in messages)
    assert page.cards["available"].value.text() == "-£2,295.67"


def select_row(page, text):
    for r in range(page.proxy.rowCount()):
        if page.proxy.index(r, LedgerModel.DESCRIPTION).data() == text:
            page.table.selectionModel().select(
                page.proxy.index(r, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            return
    raise AssertionError(text)


def test_edit_and_delete_selected_entry(page, monkeypatch, store):
    select_row(page, "Human factors workshop")
    assert page.edit_button.isEnabled()
    fill_and_save(monkeypatch, amount="1,500")
    page.edit_button.click()
    assert store.scalar("SELECT amount_pence FROM fund_entry WHERE description = 'Human factors workshop'") == 150_000
    select_row(page, "Human factors workshop")
    page.delete_button.click()
    assert store.scalar("SELECT count(*) FROM fund_entry WHERE description = 'Human factors workshop'") == 0
    actions = [r[0] for r in store.query("SELECT action FROM audit_log WHERE table_name='fund_entry' ORDER BY id")]
    assert actions == ["update", "delete"]


def test_filter_and_sort(page):
    page.filter.setText("prompt")
    assert page.proxy.rowCount() == 4
    assert "4 of 8" in page.count_label.text()
    page.filter.setText("")
    page.table.sortByColumn(LedgerModel.AMOUNT, page.table.horizontalHeader().sortIndicatorOrder().DescendingOrder)
    assert page.proxy.index(0, LedgerModel.AMOUNT).data() == "£41,250.00"


def test_export_statement(page, monkeypatch, messages, tmp_path):
    target = tmp_path / "statement"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Excel workbook (*.xlsx)"))
    page.export_button.click()
    written = tmp_path / "statement.xlsx"
    assert written.exists()
    assert messages[-1][0] == "information"
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(written)).get_sheet_by_name("Summary").to_python()
    assert next(r for r in rows if r and r[0] == "Available")[1] == pytest.approx(27_704.33)


def test_spend_by_category_table(page):
    names = [page.category_model.index(r, 0).data() for r in range(page.category_model.rowCount())]
    assert names == ["Human factors", "Fetal growth and monitoring", "Skills and drills", "Backfill"]
    assert page.category_model.index(2, 2).data() == "£7,000.00"


def test_entry_dialog_alone(qtbot, store):
    funds, cats, courses = store_fund.funds(store), store_fund.categories(store), store_fund.courses(store)
    d = EntryDialog(funds, cats, courses, fund_code="TRUST", on_date=date(2020, 5, 1))
    qtbot.addWidget(d)
    assert d.fund.currentData() == "TRUST"
    d.kind.setCurrentIndex(d.kind.findData("commitment"))
    d.amount.setText("2,500")
    d.reference.setText("PO-9")
    d.course.setCurrentIndex(d.course.findData("NLS"))
    d.places.setText("12")
    d._save()
    assert d.result() == QDialog.DialogCode.Accepted
    assert (d.entry.kind, d.entry.amount_pence, d.entry.course_code, d.entry.places) == ("commitment", 250_000, "NLS", 12)


def test_page_on_the_demo(qtbot, demo_store, messages):
    p = FundPage(demo_store, today=date(2026, 10, 15))
    qtbot.addWidget(p)
    p.select("Maternity Safety Training Fund", "2016/17")
    assert p.cards["allocated"].value.text() == "£41,250.00"
    assert p.cards["available"].value.text() == "£1,350.00"
    assert p.ledger.rowCount() == 17


def test_funds_and_categories_dialog(qtbot, store, monkeypatch, messages):
    from PySide6.QtWidgets import QInputDialog

    from maternity_desk.ui.fund.catalogue import CatalogueDialog

    answers = iter([("hee", True), ("Health Education England", True), ("Simulation", True), ("backfill", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    d = CatalogueDialog(store)
    qtbot.addWidget(d)
    d.add_fund.click()
    assert store_fund.find_fund(store, "health education england").code == "HEE"
    d.add_category.click()
    assert store_fund.categories(store)[-1].name == "Simulation"
    d.category_list.setCurrentRow(0)
    d.rename_category.click()  # to an existing name: refused with a plain message
    assert messages[-1][0] == "warning" and "already a category" in messages[-1][2]
    d.fund_list.setCurrentRow(0)
    d.toggle_fund.click()
    assert not store_fund.funds(store)[0].active
    assert d.changed
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name IN ('fund', 'fund_category')") == 3


def test_figure_cards_wrap_rather_than_cut_values_off(page, qtbot):
    page.resize(1140, 690)  # the page area of a 1366x768 window: one row of seven
    page.show()
    qtbot.waitExposed(page)
    assert page.card_columns == 7
    page.resize(600, 690)  # 150% scaling on the same screen: two rows
    qtbot.wait(10)
    assert page.card_columns == 4
    for card in page.cards.values():
        assert card.value.width() >= card.value.sizeHint().width(), card.value.text()
    positions = {key: page.card_grid.getItemPosition(page.card_grid.indexOf(c))[:2] for key, c in page.cards.items()}
    assert positions["allocated"] == (0, 0) and positions["places"] == (1, 0) and positions["cost"] == (1, 2)
    page.resize(1140, 690)
    qtbot.wait(10)
    assert page.card_columns == 7


def test_category_table_tooltip_gives_the_full_name_and_figures(page):
    tip = page.category_model.index(2, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Skills and drills: committed £12,000.00, paid (net) £7,000.00, outstanding £0.00"
