"""Dialogs about a person: their details, their absences and their training history. Each
validates through the core functions and shows a refusal as a plain message; nothing is
written unless the save succeeds whole."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from maternity_desk.core.training import ATTENDED, Absence, StaffMember, expiry_date
from maternity_desk.store import training as st
from maternity_desk.ui.training.dialog_helpers import (
    _buttons,
    enter_activates,
    py_date,
    table_view,
    warn,
)
from maternity_desk.ui.training.models import HistoryModel, _ListModel, uk
from maternity_desk.ui.widgets import date_edit

# --- a person ----------------------------------------------------------------------------

class PersonDialog(QDialog):
    """Add or edit one person on the register. Signals: saved(object) with the StaffMember."""

    saved = Signal(object)

    def __init__(self, store, member: StaffMember | None = None, parent=None, *, today: date | None = None):
        super().__init__(parent)
        self.store = store
        self.new = member is None
        today = today or date.today()
        self.setWindowTitle("Add a person" if self.new else f"Edit {member.name}")
        form = QFormLayout(self)
        self.number = QLineEdit(member.staff_number if member else "")
        self.number.setAccessibleName("Staff number")
        self.number.setReadOnly(not self.new)
        self.number.setPlaceholderText("e.g. the ESR assignment number")
        self.name = QLineEdit(member.name if member else "")
        self.name.setAccessibleName("Name")
        self.group = QComboBox()
        self.group.setAccessibleName("Staff group")
        for g in st.staff_groups(store):
            self.group.addItem(g.name, g.code)
        if member:
            self.group.setCurrentIndex(max(0, self.group.findData(member.staff_group)))
        self.start = date_edit(member.start_date if member else today, "Start date")
        self.has_left = QCheckBox("Has a leave date")
        self.has_left.setAccessibleName("Has a leave date")
        self.leave = date_edit(member.leave_date if member and member.leave_date else today, "Leave date")
        self.has_left.setChecked(bool(member and member.leave_date))
        self.leave.setEnabled(self.has_left.isChecked())
        self.has_left.toggled.connect(self.leave.setEnabled)
        self.notes = QLineEdit(member.notes if member else "")
        self.notes.setAccessibleName("Notes")
        self.notes.setPlaceholderText("No patient details")
        form.addRow("Staff n&umber:", self.number)
        form.addRow("&Name:", self.name)
        form.addRow("Staff &group:", self.group)
        form.addRow("S&tart date:", self.start)
        leave_row = QHBoxLayout()
        leave_row.addWidget(self.has_left)
        leave_row.addWidget(self.leave, 1)
        leave_label = QLabel("&Leave date (last day):")
        leave_label.setBuddy(self.has_left)
        form.addRow(leave_label, leave_row)
        form.addRow("N&otes:", self.notes)
        form.addRow(_buttons(self))

    def member(self) -> StaffMember:
        return StaffMember(self.number.text().strip(), self.name.text().strip(), self.group.currentData(),
                           py_date(self.start), py_date(self.leave) if self.has_left.isChecked() else None,
                           self.notes.text().strip())

    def accept(self) -> None:
        try:
            member = st.save_staff(self.store, self.member(), new=self.new)
        except Exception as exc:
            warn(self, exc)
            return
        self.saved.emit(member)
        super().accept()


# --- absences ----------------------------------------------------------------------------

class AbsenceDialog(QDialog):
    def __init__(self, absence: Absence, parent=None):
        super().__init__(parent)
        self.absence = absence
        self.setWindowTitle("Absence")
        form = QFormLayout(self)
        self.start = date_edit(absence.start_date, "Absence start date")
        self.end = date_edit(absence.end_date, "Absence end date")
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.setAccessibleName("Reason")
        self.reason.addItems(["Maternity leave", "Long-term sickness", "Career break", "Secondment",
                              "Shared parental leave", "Adoption leave"])
        self.reason.setCurrentText(absence.reason)
        form.addRow("&From:", self.start)
        form.addRow("&To (last day):", self.end)
        form.addRow("&Reason:", self.reason)
        form.addRow(_buttons(self))

    def value(self) -> Absence:
        return Absence(self.absence.staff_number, py_date(self.start), py_date(self.end),
                       self.reason.currentText().strip(), self.absence.id)


class _AbsenceModel(_ListModel):
    HEADERS = ("From", "To", "Reason")

    def cell(self, a: Absence, col: int):
        return (a.start_date, a.end_date, a.reason)[col]


class AbsencesDialog(QDialog):
    """A person's long-term absences. Signals: changed()."""

    changed = Signal()

    def __init__(self, store, member: StaffMember, parent=None, *, today: date | None = None):
        super().__init__(parent)
        self.store, self.member = store, member
        self.today = today or date.today()
        self.setWindowTitle(f"Absences: {member.name}")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("People are not counted for compliance while an absence covers the date."))
        self.model = _AbsenceModel(self)
        self.view = table_view(f"Absences of {member.name}")
        self.view.setModel(self.model)
        self.view.activated.connect(lambda _i: self._edit())  # double click or Enter
        enter_activates(self.view)
        layout.addWidget(self.view)
        row = QHBoxLayout()
        for text, slot in (("&Add…", self._add), ("&Edit…", self._edit), ("&Delete", self._delete)):
            b = QPushButton(text)
            b.setAccessibleName(text.replace("&", "").rstrip("…"))
            b.clicked.connect(slot)
            row.addWidget(b)
        row.addStretch(1)
        close = QPushButton("&Close")
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(520, 320)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(st.list_absences(self.store, self.member.staff_number))

    def selected(self) -> Absence | None:
        idx = self.view.currentIndex()
        return self.model.record(idx.row()) if idx.isValid() else None

    def _run(self, absence: Absence) -> None:
        dialog = AbsenceDialog(absence, self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                st.save_absence(self.store, dialog.value())
            except Exception as exc:
                warn(self, exc)
                continue
            self.reload()
            self.changed.emit()
            return

    def _add(self) -> None:
        self._run(Absence(self.member.staff_number, self.today, self.today, ""))

    def _edit(self) -> None:
        a = self.selected()
        if a is not None:
            self._run(a)

    def _delete(self) -> None:
        a = self.selected()
        if a is None:
            return
        if QMessageBox.question(self, "Delete absence",
                                f"Delete the absence from {uk(a.start_date)} to {uk(a.end_date)}?") \
                != QMessageBox.StandardButton.Yes:
            return
        st.delete_absence(self.store, a.id)
        self.reload()
        self.changed.emit()


# --- a person's history ------------------------------------------------------------------

class _StandingModel(_ListModel):
    HEADERS = ("Course", "Last attended", "Expires", "Standing")

    def cell(self, row, col: int):
        return row[col]


class HistoryDialog(QDialog):
    """Everything recorded for one person: standing on each course, every record, absences."""

    def __init__(self, store, staff_number: str, parent=None, *, today: date | None = None):
        super().__init__(parent)
        today = today or date.today()
        member = st.get_staff(store, staff_number)
        groups = {g.code: g.name for g in st.staff_groups(store)}
        self.setWindowTitle(f"Training history: {member.name}")
        layout = QVBoxLayout(self)
        leave = f", left {uk(member.leave_date)}" if member.leave_date else ""
        head = QLabel(f"<b>{member.name}</b> ({member.staff_number}) — {groups.get(member.staff_group)}, "
                      f"started {uk(member.start_date)}{leave}")
        head.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(head)
        history = st.person_history(store, staff_number)
        standing = []
        for c in st.courses(store, active_only=True):
            if member.staff_group not in c.groups:
                continue
            last = next((h.date for h in history if h.course == c.code and h.status == ATTENDED
                         and h.date <= today), None)
            expiry = expiry_date(last, c.renewal_months) if last else None
            state = "in date" if expiry and today < expiry else ("never attended" if last is None else "overdue")
            standing.append((c.code, last, expiry, state))
        box = QGroupBox(f"Courses this staff group must take, as at {uk(today)}")
        bl = QVBoxLayout(box)
        self.standing = _StandingModel(self)
        self.standing.set_rows(standing)
        v = table_view("Standing on each required course")
        v.setModel(self.standing)
        v.setMaximumHeight(130)
        bl.addWidget(v)
        layout.addWidget(box)
        box = QGroupBox("Every record")
        bl = QVBoxLayout(box)
        self.model = HistoryModel(self)
        self.model.set_rows(history)
        self.view = table_view("Training history", (0, Qt.SortOrder.DescendingOrder))
        self.view.setModel(self.model)
        bl.addWidget(self.view)
        layout.addWidget(box, 1)
        absences = st.list_absences(store, staff_number)
        text = "; ".join(f"{a.reason or 'absence'} {uk(a.start_date)} to {uk(a.end_date)}" for a in absences)
        lab = QLabel(f"Absences: {text or 'none recorded'}")
        lab.setWordWrap(True)
        layout.addWidget(lab)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        close.accepted.connect(self.accept)
        layout.addWidget(close)
        self.resize(640, 520)
