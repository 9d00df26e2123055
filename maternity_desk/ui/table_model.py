"""The table model every area's list tables build on: a read-only table over a list of rows
(core dataclasses, usually), refilled with :meth:`RowsModel.set_rows`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
"""The role each model answers with a raw value to sort on (numbers as numbers, dates in order)."""
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
"""Alignment for figures."""
ROOT = QModelIndex()


def uk_date(d: date | None) -> str:
    """A date as the tables show it, 31/03/2026; no date as an empty cell."""
    return d.strftime("%d/%m/%Y") if d else ""


class RowsModel(QAbstractTableModel):
    """One row per item of a list, one column per heading in :attr:`HEADERS` (or per heading
    :meth:`headers` gives, where the columns depend on the instance).

    ``rows`` is the live list shown; models whose callers want a copy instead override it
    with a method. Subclasses give ``data``; a heading's tool tip comes from
    :attr:`HEADER_TIPS` or :meth:`header_tip`."""

    HEADERS: Sequence[str] = ()
    HEADER_TIPS: Sequence[str | None] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Any] = []

    @property
    def rows(self) -> list[Any]:
        return self._rows

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def headers(self) -> Sequence[str]:
        return self.HEADERS

    def header_tip(self, section: int) -> str | None:
        return self.HEADER_TIPS[section] if section < len(self.HEADER_TIPS) else None

    def rowCount(self, parent=ROOT) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent=ROOT) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.headers())

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        headers = self.headers()
        if not 0 <= section < len(headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tip(section)
        return None


def _sort_key(value) -> tuple:
    """One value of :data:`SORT_ROLE` as a key every other value compares with: numbers, then
    text (dates as ISO text), then no value (last, as Qt's proxy puts an empty value)."""
    if value is None:
        return (2, "")
    if isinstance(value, (int, float)):
        return (0, value)
    if isinstance(value, date):
        return (1, value.isoformat())
    return (1, value if isinstance(value, str) else str(value))



class SortsItself:
    """For a :class:`RowsModel` of long lists: the model orders its own rows, reading one
    :data:`SORT_ROLE` value per row, where Qt's sorting proxy reads two per comparison
    (through Python, about n log n times: 30 ms for 400 rows). Put it before the model's base
    class; :func:`sorting_proxy` then passes a view's sorting to the model. Column -1 is the
    order the rows were given in. A subclass that sets ``_rows`` itself calls
    :meth:`order_rows` after."""

    _order_by: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
    _given: list | None = None

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.order_rows()
        self.endResetModel()

    def order_rows(self) -> None:
        """Order ``_rows`` (as given) by the current sort column and order."""
        self._given = list(self._rows)
        column, order = self._order_by
        if not 0 <= column < self.columnCount():
            return
        keys = [_sort_key(self.data(self.index(r, column), SORT_ROLE)) for r in range(len(self._given))]
        ranked = sorted(range(len(keys)), key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = [self._given[i] for i in ranked]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        shown = self._rows
        if self._given is not None:
            self._rows = self._given
        self._order_by = (column, order)
        self.order_rows()
        places: dict[int, list[int]] = {}
        for r, row in enumerate(self._rows):
            places.setdefault(id(row), []).append(r)
        moved = {}
        for r, row in enumerate(shown):
            moved[r] = places[id(row)].pop(0)
        self.changePersistentIndexList(persistent, [self.index(moved.get(i.row(), i.row()), i.column())
                                                    for i in persistent])
        self.layoutChanged.emit()


class _PassSortProxy(QSortFilterProxyModel):
    """Filters, and passes sorting to a :class:`SortsItself` source model."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)


def sorting_proxy(model, parent=None) -> QSortFilterProxyModel:
    """A proxy sorting ``model`` on :data:`SORT_ROLE` (or, for a :class:`SortsItself` model,
    asking the model to sort), its filter text matching any column, whatever the case."""
    proxy = _PassSortProxy(parent) if isinstance(model, SortsItself) else QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    return proxy
