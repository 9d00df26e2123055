"""A long list's model sorts its own rows (one key per row) behind the same sorting proxy and
header clicks as every other table; hand-worked orders, the given order back on column -1, a
selected row kept selected, and the filter still applied."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QTableView

from maternity_desk.ui.table_model import SORT_ROLE, RowsModel, SortsItself, sorting_proxy


class People(SortsItself, RowsModel):
    HEADERS = ("Name", "Expiry", "Count")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        name, expiry, count = self.rows[index.row()]
        value = (name, expiry, count)[index.column()]
        if role == SORT_ROLE:
            return value
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else str(value)
        return None


ROWS = [("Cara", date(2026, 3, 1), 2), ("Abi", None, 10), ("Bea", date(2025, 1, 5), 2), ("Dee", date(2026, 3, 1), None)]


def shown(view, column=0) -> list[str]:
    proxy = view.model()
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def make(qtbot):
    model = People()
    proxy = sorting_proxy(model)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    model.set_rows(ROWS)
    return model, proxy, view


def test_header_clicks_sort_through_the_model_and_minus_one_gives_the_given_order(qtbot):
    model, proxy, view = make(qtbot)
    assert shown(view) == ["Cara", "Abi", "Bea", "Dee"]
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert shown(view) == ["Abi", "Bea", "Cara", "Dee"]
    # dates in order, no date last; equal dates keep the order they were given in (stable)
    view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert shown(view) == ["Bea", "Cara", "Dee", "Abi"]
    view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert shown(view) == ["Abi", "Cara", "Dee", "Bea"]
    # numbers as numbers (10 after 2), no value last
    view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert shown(view) == ["Cara", "Bea", "Abi", "Dee"]
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    assert shown(view) == ["Cara", "Abi", "Bea", "Dee"]
    assert proxy.sortColumn() == -1  # the proxy itself never sorts (no n log n calls into Python)


def test_new_rows_come_in_the_current_order_and_the_filter_still_applies(qtbot):
    model, proxy, view = make(qtbot)
    view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    model.set_rows([*ROWS, ("Eve", None, 1)])
    assert shown(view) == ["Eve", "Dee", "Cara", "Bea", "Abi"]
    proxy.setFilterFixedString("e")  # Bea, Dee, Eve
    assert shown(view) == ["Eve", "Dee", "Bea"]


def test_a_selected_row_stays_selected_when_the_order_changes(qtbot):
    model, proxy, view = make(qtbot)
    view.selectionModel().setCurrentIndex(proxy.index(2, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                          | QItemSelectionModel.SelectionFlag.Rows)
    assert view.currentIndex().data() == "Bea"
    view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert shown(view) == ["Dee", "Cara", "Bea", "Abi"]
    assert view.currentIndex().data() == "Bea"
    assert [i.data() for i in view.selectionModel().selectedRows()] == ["Bea"]
