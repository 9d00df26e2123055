"""Figures an earlier database held twice with different numbers (e.g. the births typed as the
denominator of several indicators): listed month by month for the user to settle. Settling
gives the data item the chosen figure and works out every indicator it feeds that month again
(audited)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from maternity_desk.core.dashboard import parse_count_text
from maternity_desk.core.errors import MaternityDeskError
from maternity_desk.core.periods import month_label
from maternity_desk.core.words import plural
from maternity_desk.store import dashboard as dash
from maternity_desk.store import data_items as di
from maternity_desk.ui.widgets import fit_columns


def _figure(v) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


class ConflictsDialog(QDialog):
    """One row per month and data item; choose the right figure and settle it."""

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.settled = 0
        self.setWindowTitle("Figures to settle")
        self.resize(900, 420)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(["Month", "Data item", "Figures typed"])
        self.table.setAccessibleName("Figures to settle")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.currentCellChanged.connect(lambda *_a: self._choices())
        self.value = QComboBox(self)
        self.value.setEditable(True)
        self.value.setAccessibleName("The right figure")
        self.settle = QPushButton("&Settle", self)
        self.settle.setAccessibleName("Settle")
        self.settle.clicked.connect(self._settle)
        row = QHBoxLayout()
        label = QLabel("The right &figure", self)
        label.setBuddy(self.value)
        row.addWidget(label)
        row.addWidget(self.value, 1)
        row.addWidget(self.settle)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addWidget(buttons)
        self.load()

    def load(self) -> None:
        self.rows = di.conflicts(self.store)
        names = {i.code: i.name for i in dash.indicators(self.store)}
        self.intro.setText(
            f"{plural(len(self.rows), 'figure')} typed more than once with different numbers before the "
            "dashboard counted each figure once. The indicators keep the figures as typed until you settle "
            "them; settling works out every indicator the figure feeds that month from it."
            if self.rows else "Nothing to settle: every figure was typed once.")
        self.table.setRowCount(len(self.rows))
        for r, c in enumerate(self.rows):
            typed = "; ".join(f"{_figure(x.value)} ({names.get(x.indicator, x.indicator)} {x.side})"
                              for x in c.candidates)
            for col, text in enumerate((month_label(c.month), c.item_name, typed)):
                self.table.setItem(r, col, QTableWidgetItem(text))
        fit_columns(self.table)
        self.settle.setEnabled(bool(self.rows))
        if self.rows:
            self.table.selectRow(0)
            self.table.setCurrentCell(0, 0)
        self._choices()

    def _choices(self) -> None:
        self.value.clear()
        r = self.table.currentRow()
        if 0 <= r < len(self.rows):
            self.value.addItems([_figure(v) for v in self.rows[r].values])

    def _settle(self) -> None:
        r = self.table.currentRow()
        if not 0 <= r < len(self.rows):
            return
        c = self.rows[r]
        try:
            places = next((i.places for i in di.data_items(self.store) if i.code == c.item), 0)
            value = parse_count_text(self.value.currentText(), places=places)
            if value is None:
                raise MaternityDeskError("Type or choose the right figure first.")
            di.settle_conflict(self.store, c.id, value)
        except MaternityDeskError as exc:
            QMessageBox.warning(self, "Not settled", str(exc))
            return
        self.settled += 1
        self.load()
