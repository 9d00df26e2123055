"""The benchmark table: England, the region, the unit's own figure and every trust."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from maternity_desk.core import national as nat
from maternity_desk.core.indicators import format_value
from maternity_desk.ui.table_model import RIGHT, SORT_ROLE, RowsModel

UNIT_BRUSH = QBrush(QColor("#fde2d4"))
HEAD_BRUSH = QBrush(QColor("#eef3f8"))


class BenchmarkModel(RowsModel):
    """One row per organisation; published figures are marked rounded, own data exact."""

    RANK, LEVEL, CODE, NAME, NUM, DEN, VALUE, STATUS, FUNNEL, FIGURES = range(10)
    HEADERS = ["Rank", "Level", "Code", "Organisation", "Numerator", "Denominator", "Value", "Status",
               "Funnel", "Figures"]

    def __init__(self, parent=None):
        super().__init__(parent)
        self._funnel: dict[str, str] = {}
        self.scale = "percent"

    def set_rows(self, rows: list[nat.BenchmarkRow], scale: str, funnel: dict[str, str] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.scale = scale
        self._funnel = dict(funnel or {})
        self.endResetModel()

    def row(self, r: int) -> nat.BenchmarkRow:
        return self._rows[r]

    def rows(self) -> list[nat.BenchmarkRow]:  # a copy
        return list(self._rows)

    def header_tip(self, section: int) -> str | None:
        if section in (self.NUM, self.DEN, self.VALUE):
            return "Published counts are disclosure-rounded (1 to 7 shown as 5, others to the nearest 5)"
        return None

    def _cell(self, r: nat.BenchmarkRow, col: int):
        if col == self.RANK:
            return r.rank
        if col == self.LEVEL:
            return r.org_level
        if col == self.CODE:
            return r.org_code
        if col == self.NAME:
            return r.org_name + (" (this unit)" if r.is_unit else "")
        if col == self.NUM:
            return r.numerator
        if col == self.DEN:
            return r.denominator
        if col == self.VALUE:
            return r.value
        if col == self.STATUS:
            return nat.status_text(r)
        if col == self.FUNNEL:
            return nat.POSITION_LABELS.get(self._funnel.get(r.org_code, ""), "") if r.org_level == nat.LEVEL_PROVIDER else ""
        text = "rounded (published)" if r.rounded else "exact (own data)"
        return text + (", provisional" if r.provisional else "")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        value = self._cell(r, col)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.VALUE:
                return format_value(value, self.scale)
            if col in (self.NUM, self.DEN, self.RANK):
                return "" if value is None else f"{value:,}"
            return value
        if role == SORT_ROLE:
            if col in (self.NUM, self.DEN, self.VALUE, self.RANK):
                return float("inf") if value is None else float(value)
            return value or ""
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.NUM, self.DEN, self.VALUE, self.RANK):
            return RIGHT
        if role == Qt.ItemDataRole.BackgroundRole:
            if r.is_unit or r.org_level == nat.LEVEL_UNIT:
                return UNIT_BRUSH
            if r.org_level != nat.LEVEL_PROVIDER:
                return HEAD_BRUSH
        if role == Qt.ItemDataRole.FontRole and (r.is_unit or r.org_level == nat.LEVEL_UNIT):
            font = QFont()
            font.setBold(True)
            return font
        return None
