"""The small building blocks the Governance page's tabs share: a sortable, filterable table
over a :class:`models.RowsModel`, its selected row, buttons, rows of widgets, headings and
column fitting."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
)

from maternity_desk.ui.governance import models as m
from maternity_desk.ui.widgets import fit_columns, push_button


class RowFilter(QSortFilterProxyModel):
    """Sorts on :data:`models.SORT_ROLE` and keeps rows a Python predicate accepts."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(m.SORT_ROLE)
        self.predicate: Callable[[object], bool] | None = None

    def set_predicate(self, fn: Callable[[object], bool] | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+: invalidateFilter is deprecated
            self.beginFilterChange()
            self.predicate = fn
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self.predicate = fn
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, row, parent):  # noqa: N802
        if self.predicate is None:
            return True
        return self.predicate(self.sourceModel().row_at(row))


def table(model: m.RowsModel, name: str, on_open: Callable[[], None] | None = None) -> tuple[QTableView, RowFilter]:
    proxy = RowFilter()
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.setAccessibleName(name)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    if on_open:
        view.activated.connect(lambda _i: on_open())
    return view, proxy


def selected(view: QTableView):
    index = view.currentIndex()
    if not index.isValid():
        return None
    return view.model().data(index, m.ROW_ROLE)


def button(text: str, slot, name: str | None = None) -> QPushButton:
    return push_button(text, slot, name=name)


def row_of(*widgets) -> QHBoxLayout:
    lay = QHBoxLayout()
    for w in widgets:
        if w is None:
            lay.addStretch(1)
        else:
            lay.addWidget(w)
    return lay


def heading(text: str) -> QLabel:
    label = QLabel(f"<b>{text}</b>")
    label.setAccessibleName(text)
    return label


def fit(view: QTableView) -> None:
    fit_columns(view)
    header = view.horizontalHeader()
    for col in range(header.count()):
        if header.sectionSize(col) > 320:
            header.resizeSection(col, 320)
