"""The dialog that adds or edits one ledger entry, validated by
:func:`maternity_desk.core.fund.validate_entry` (the same rules as an import)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
)

from maternity_desk.core import fund as core
from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.money import format_pence
from maternity_desk.ui.widgets import date_edit

#: the form's labels with distinct mnemonics (Alt+S stays with Save)
FIELD_MNEMONICS = {
    "date": "&Date", "fund": "&Fund", "kind": "&Kind", "amount": "&Amount", "description": "D&escription",
    "category": "Ca&tegory", "supplier": "S&upplier", "reference": "&Reference", "course": "C&ourse",
    "places": "&Places bought",
}
FIELD_LABELS = {
    "date": "Date", "fund": "Fund", "kind": "Kind", "amount": "Amount", "description": "Description",
    "category": "Category", "supplier": "Supplier", "reference": "Reference", "course": "Course",
    "places": "Places bought",
}


class EntryDialog(QDialog):
    """Add (``entry=None``) or edit a ledger entry. After ``exec()`` returns Accepted,
    :attr:`entry` holds the validated entry (with the original id when editing)."""

    def __init__(self, funds: list[core.Fund], categories: list[core.Category], courses: dict[str, str],
                 *, entry: core.LedgerEntry | None = None, fund_code: str | None = None,
                 on_date: date | None = None, parent=None):
        super().__init__(parent)
        self.funds, self.categories, self.courses = funds, categories, courses
        self.original = entry
        self.entry: core.LedgerEntry | None = None
        self.setWindowTitle("Edit ledger entry" if entry else "Add ledger entry")
        form = QFormLayout()

        self.date = date_edit(entry.date if entry else (on_date or date.today()), FIELD_LABELS["date"])
        self.fund = QComboBox()
        for f in funds:
            self.fund.addItem(f.label, f.code)
        self.kind = QComboBox()
        for k in core.KINDS:
            self.kind.addItem(k.capitalize(), k)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("e.g. £1,234.50")
        self.description = QLineEdit()
        self.category = QComboBox()
        self.category.addItem("(none)", "")
        for c in categories:
            self.category.addItem(c.name, c.name)
        self.supplier = QLineEdit()
        self.reference = QLineEdit()
        self.reference.setPlaceholderText("order number; payments with the same reference settle a commitment")
        self.course = QComboBox()
        self.course.addItem("(none)", "")
        for code, name in courses.items():
            self.course.addItem(f"{name} ({code})", code)
        self.places = QLineEdit()
        self.places.setPlaceholderText("optional: whole number")

        self.widgets = {
            "date": self.date, "fund": self.fund, "kind": self.kind, "amount": self.amount,
            "description": self.description, "category": self.category, "supplier": self.supplier,
            "reference": self.reference, "course": self.course, "places": self.places,
        }
        for name, w in self.widgets.items():
            w.setAccessibleName(FIELD_LABELS[name])
            form.addRow(f"{FIELD_MNEMONICS[name]}:", w)

        if entry:
            self._select(self.fund, entry.fund_code)
            self._select(self.kind, entry.kind)
            self.amount.setText(format_pence(entry.amount_pence))
            self.description.setText(entry.description)
            self._select(self.category, entry.category or "")
            self.supplier.setText(entry.supplier)
            self.reference.setText(entry.reference)
            self._select(self.course, entry.course_code or "")
            self.places.setText("" if entry.places is None else str(entry.places))
        elif fund_code:
            self._select(self.fund, fund_code)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Save")
        buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    @staticmethod
    def _select(combo: QComboBox, data: str) -> None:
        i = combo.findData(data)
        if i >= 0:
            combo.setCurrentIndex(i)

    def _kind_changed(self) -> None:
        is_alloc = self.kind.currentData() == core.ALLOCATION
        self.course.setEnabled(not is_alloc or bool(self.course.currentData()))

    def values(self) -> dict[str, object]:
        return {
            "date": self.date.value(),
            "fund": self.fund.currentData(),
            "kind": self.kind.currentData(),
            "amount": self.amount.text(),
            "description": self.description.text(),
            "category": self.category.currentData(),
            "supplier": self.supplier.text(),
            "reference": self.reference.text(),
            "course": self.course.currentData(),
            "places": self.places.text(),
        }

    def _save(self) -> None:
        try:
            values = self.values()
        except InvalidValue as exc:  # the date box says why beside itself, too
            QMessageBox.warning(self, "Check the entry", str(exc))
            self.date.setFocus()
            return
        entry, problems = core.validate_entry(
            values, self.funds, self.categories, self.courses,
            entry_id=self.original.id if self.original else None,
        )
        if problems:
            text = "\n".join(f"{FIELD_LABELS[f]}: {reason}" for f, reason in problems)
            QMessageBox.warning(self, "Check the entry", text)
            self.widgets[problems[0][0]].setFocus()
            return
        self.entry = entry
        self.accept()
