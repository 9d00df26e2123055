"""The Board report page's dialogs: an item of external attention, the measures the unit
records, and its incident categories. Each writes through the store in one audited
transaction; a refusal is shown as a plain message and the dialog stays open.

Signals (every dialog): record_saved(object): the key of the row written.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QListWidget, QListWidgetItem, QPlainTextEdit

from maternity_desk.core import board as b
from maternity_desk.store import board as sb
from maternity_desk.ui.governance.dialogs import FormDialog


class ExternalDialog(FormDialog):
    """An MNSI report, a coroner's Regulation 28 report or a regulator's concern, and the
    unit's response with its due date."""

    def __init__(self, store, item: b.External | None = None, parent=None):
        super().__init__(store, "Edit external item" if item else "Add external item", parent)
        self.item = item
        self.kind = self.combo("&Kind", [(label, code) for code, label in b.EXTERNAL_KINDS],
                               item.kind if item else None)
        self.received = self.date_field("&Received", item.received if item else None)
        self.source = self.line("&From", item.source if item else "", "e.g. HM Coroner for the area, the CQC")
        self.summary = self.text_field("&About", item.summary if item else "")
        self.due = self.date_field("Response &due", item.response_due if item else None)
        self.responded = self.date_field("Res&ponded on", item.responded if item else None)
        self.owner = self.line("&Owner", item.owner if item else "", "a role, e.g. director of midwifery")
        self.decision = QCheckBox("For the &board's decision")
        self.decision.setAccessibleName("For the board's decision")
        self.decision.setChecked(bool(item and item.for_decision))
        self.form.addRow("", self.decision)
        self.form.addRow(QLabel("No patient identifiers: say what the item is about, not who."))

    def save(self):
        received = self.received.value()
        if received is None:
            raise ValueError("the date received is required")
        e = b.make_external(self.kind.currentData(), received, self.source.text(), self.summary.toPlainText(),
                            self.due.value(), self.responded.value(), self.owner.text(),
                            self.decision.isChecked(), self.item.id if self.item else None)
        return sb.save_external(self.store, e)


class MeasuresDialog(FormDialog):
    """Which measures the unit records (ticked), each with its definition."""

    def __init__(self, store, parent=None):
        super().__init__(store, "Measures the unit records", parent)
        self.list = QListWidget()
        self.list.setAccessibleName("Measures the unit records")
        self.list.setWordWrap(True)
        for m in sb.measures(store):
            item = QListWidgetItem(f"{b.SECTIONS[m.section]}: {m.name}")
            item.setData(Qt.ItemDataRole.UserRole, m.code)
            item.setToolTip(m.help)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if m.recorded else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.setMinimumHeight(320)
        self.form.addRow(QLabel("Tick the figures the unit records each month (Space ticks). "
                                "Definitions: hover over a measure. " + b.NOT_VERIFIED))
        self.form.addRow(self.list)

    def chosen(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def save(self):
        sb.set_recorded(self.store, self.chosen())
        return None


class CategoriesDialog(FormDialog):
    """The unit's incident categories, one a line, in order (a category with incidents
    recorded stays)."""

    def __init__(self, store, parent=None):
        super().__init__(store, "Incident categories", parent)
        self.text = QPlainTextEdit("\n".join(sb.categories(store)))
        self.text.setAccessibleName("Incident categories, one a line")
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(240)
        self.form.addRow(QLabel("One category a line, in the order the report lists them. An import "
                                "refuses a category not in this list."))
        self.form.addRow(self.text)

    def save(self):
        sb.set_categories(self.store, self.text.toPlainText().splitlines())
        return None
