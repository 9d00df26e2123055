"""Table models over :mod:`maternity_desk.core.fund` objects."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from maternity_desk.core import fund as core
from maternity_desk.core.money import format_pence
from maternity_desk.ui.table_model import RIGHT, SORT_ROLE, RowsModel, SortsItself

RED = QColor("#b00020")


class LedgerModel(SortsItself, RowsModel):
    """One row per ledger entry."""

    DATE, KIND, AMOUNT, CATEGORY, DESCRIPTION, SUPPLIER, REFERENCE, COURSE, PLACES = range(9)
    HEADERS = ["Date", "Kind", "Amount", "Category", "Description", "Supplier", "Reference", "Course", "Places"]

    def entry(self, row: int) -> core.LedgerEntry:
        return self.rows[row]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        e = self.rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._display(e, col)
        if role == SORT_ROLE:
            if col == self.DATE:
                return e.date.isoformat()
            if col == self.AMOUNT:
                return e.amount_pence
            if col == self.PLACES:
                return e.places if e.places is not None else -1
            return (self._display(e, col) or "").casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.AMOUNT, self.PLACES):
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and col == self.AMOUNT and e.kind == core.REFUND:
            return QBrush(QColor("#1b5e20"))
        return None

    def _display(self, e: core.LedgerEntry, col: int) -> str:
        if col == self.DATE:
            return e.date.strftime("%d/%m/%Y")
        if col == self.KIND:
            return e.kind.capitalize()  # "Payment": statuses and kinds capitalised
        if col == self.AMOUNT:
            return format_pence(-e.amount_pence if e.kind == core.REFUND else e.amount_pence)
        if col == self.CATEGORY:
            return e.category or ""
        if col == self.DESCRIPTION:
            return e.description
        if col == self.SUPPLIER:
            return e.supplier
        if col == self.REFERENCE:
            return e.reference
        if col == self.COURSE:
            return e.course_code or ""
        if col == self.PLACES:
            return "" if e.places is None else str(e.places)
        return ""


class CategoryModel(RowsModel):
    """Spend by category for the selected fund and year."""

    HEADERS = ["Category", "Committed", "Paid (net)", "Outstanding"]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        s = self.rows[index.row()]
        values = [s.category, s.committed_pence, s.paid_pence, s.outstanding_pence]
        v = values[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return v if index.column() == 0 else format_pence(v)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{s.category}: committed {format_pence(s.committed_pence)}, paid (net) "
                    f"{format_pence(s.paid_pence)}, outstanding {format_pence(s.outstanding_pence)}")
        if role == SORT_ROLE:
            return v
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return RIGHT
        return None
