"""The table model every area's list tables build on: a read-only table over a list of rows
(core dataclasses, usually), refilled with :meth:`RowsModel.set_rows`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt

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


def sorting_proxy(model, parent=None) -> QSortFilterProxyModel:
    """A proxy sorting ``model`` on :data:`SORT_ROLE`, its filter text matching any column,
    whatever the case."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    return proxy
