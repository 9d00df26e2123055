"""Dialogs of the training page: a person, their absences and history, a session and its
sign-in, the course catalogue and thresholds. Each validates through the core functions and
shows a refusal as a plain message; nothing is written unless the save succeeds whole."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from maternity_desk.core import fund as fund_core
from maternity_desk.core.errors import MaternityDeskError
from maternity_desk.core.training import (
    ATTENDED,
    CANCELLED,
    DNA,
    SESSION_STATUSES,
    Absence,
    Course,
    StaffMember,
    Thresholds,
    TrainingSession,
    expiry_date,
)
from maternity_desk.store import fund as store_fund
from maternity_desk.store import training as st
from maternity_desk.ui.datebox import DateBox
from maternity_desk.ui.table_model import sorting_proxy
from maternity_desk.ui.training.models import (
    HistoryModel,
    SignInModel,
    _ListModel,
    uk,
)
from maternity_desk.ui.widgets import date_edit, special_value_text


def py_date(w: DateBox) -> date:
    """The date typed in ``w``; InvalidValue (shown beside the box too) when it is not one."""
    return w.value()


def warn(parent: QWidget, exc: Exception, title: str = "Not saved") -> None:
    if isinstance(exc, MaternityDeskError):
        QMessageBox.warning(parent, title, str(exc))
    else:
        from maternity_desk.ui.errors import show_error

        show_error(parent, exc, title)


def table_view(name: str, sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)) -> QTableView:
    v = QTableView()
    v.setAccessibleName(name)
    v.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    v.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    v.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    v.setSortingEnabled(True)
    v.sortByColumn(*sort)
    v.setAlternatingRowColors(True)
    v.setWordWrap(False)
    v.verticalHeader().setVisible(False)
    v.verticalHeader().setDefaultSectionSize(24)
    v.horizontalHeader().setStretchLastSection(True)
    v.setTabKeyNavigation(False)
    return v


class _EnterActivates(QObject):
    """Enter on a table row activates it (opens it) and goes no further: a table view passes
    Enter on to its dialog, which would also press the dialog's default button."""

    def eventFilter(self, view, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if view.currentIndex().isValid():
                view.activated.emit(view.currentIndex())
            return True
        return False


def enter_activates(view: QTableView) -> None:
    view.installEventFilter(_EnterActivates(view))


def search_box(row: QHBoxLayout, label: str, name: str, placeholder: str) -> QLineEdit:
    """A search box led by ``label`` (its mnemonic focuses the box), added to ``row``."""
    box = QLineEdit()
    box.setAccessibleName(name)
    box.setPlaceholderText(placeholder)
    box.setClearButtonEnabled(True)
    lab = QLabel(label)
    lab.setBuddy(box)
    row.addWidget(lab)
    row.addWidget(box, 1)
    return box


def _buttons(dialog: QDialog, ok_text: str = "&Save") -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Save).setText(ok_text)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


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


# --- sessions ----------------------------------------------------------------------------

class SessionDialog(QDialog):
    """Create or edit a session. Signals: saved(int) with the session id."""

    saved = Signal(int)

    def __init__(self, store, session: TrainingSession | None = None, parent=None, *, today: date | None = None):
        super().__init__(parent)
        self.store = store
        self.session = session
        today = self.today = today or date.today()
        self.setWindowTitle("New session" if session is None else "Edit session")
        form = QFormLayout(self)
        self.course = QComboBox()
        self.course.setAccessibleName("Course")
        for c in st.courses(store):
            if c.active or (session and session.course_code == c.code):
                self.course.addItem(f"{c.code} — {c.name}", c.code)
        if session:
            self.course.setCurrentIndex(max(0, self.course.findData(session.course_code)))
        self.date = date_edit(session.date if session else today, "Session date")
        self.venue = QLineEdit(session.venue if session else "")
        self.venue.setAccessibleName("Venue")
        self.facilitator = QLineEdit(session.facilitator if session else "")
        self.facilitator.setAccessibleName("Facilitator")
        self.capacity = QSpinBox()
        self.capacity.setRange(0, 999)
        special_value_text(self.capacity, "not set")
        self.capacity.setValue(session.capacity or 0 if session else 12)
        self.capacity.setAccessibleName("Capacity")
        self.status = QComboBox()
        self.status.setAccessibleName("Session status")
        for s in SESSION_STATUSES:
            self.status.addItem(s.capitalize(), s)
        if session:
            self.status.setCurrentIndex(self.status.findData(session.status))
        form.addRow("&Course:", self.course)
        form.addRow("&Date:", self.date)
        form.addRow("&Venue:", self.venue)
        form.addRow("&Facilitator:", self.facilitator)
        form.addRow("C&apacity:", self.capacity)
        form.addRow("S&tatus:", self.status)
        self.fund = QComboBox()
        self.fund.setAccessibleName("Funded by")
        self.fund.addItem("(not funded from a fund line)", None)
        for fid, label in st.fund_choices(store):
            self.fund.addItem(label, fid)
        if session and session.fund_entry_id:
            self.fund.setCurrentIndex(max(0, self.fund.findData(session.fund_entry_id)))
        form.addRow("F&unded by:", self.fund)
        form.addRow(_buttons(self))
        # a new session is funded by the ledger line that bought its course that year, unless the
        # user chooses otherwise: its attendees count as the fund's people trained with no second step
        self._ledger = store_fund.entries(store) if session is None else []
        self._fund_chosen = session is not None
        self.fund.activated.connect(self._fund_picked)
        self.course.currentIndexChanged.connect(self._suggest_fund)
        self.date.dateChanged.connect(self._suggest_fund)
        self._suggest_fund()

    def _fund_picked(self, _index: int) -> None:
        self._fund_chosen = True

    def _suggest_fund(self, *_args) -> None:
        if self._fund_chosen or not self._ledger:
            return
        try:
            on = self.date.value()
        except MaternityDeskError:
            return
        line = fund_core.funding_line(self._ledger, self.course.currentData(), on) if on else None
        self.fund.setCurrentIndex(max(0, self.fund.findData(line.id)) if line else 0)

    def value(self) -> TrainingSession:
        return TrainingSession(
            self.session.id if self.session else None, self.course.currentData(), py_date(self.date),
            self.venue.text(), self.facilitator.text(), self.capacity.value() or None,
            self.status.currentData(), self.fund.currentData())

    def accept(self) -> None:
        try:
            sid = st.save_session(self.store, self.value(), today=self.today)
        except Exception as exc:
            warn(self, exc)
            return
        self.saved.emit(sid)
        super().accept()


class SignInDialog(QDialog):
    """Tick who attended one session, with type-to-find; mark DNA or cancelled.

    Type part of a name or staff number; Enter ticks the person when exactly one matches (and
    clears the box for the next). Space ticks or unticks the selected row.

    Signals: saved(dict) with the counts by status.
    """

    saved = Signal(dict)

    def __init__(self, store, session_id: int, parent=None):
        super().__init__(parent)
        self.store = store
        self.session = st.get_session(store, session_id)
        courses = {c.code: c for c in st.courses(store)}
        self.course = courses[self.session.course_code]
        s = self.session
        self.setWindowTitle(f"Sign-in: {s.course_code} on {uk(s.date)}")
        layout = QVBoxLayout(self)
        where = f" at {s.venue}" if s.venue else ""
        layout.addWidget(QLabel(f"<b>{self.course.name}</b>, {uk(s.date)}{where}"))
        row = QHBoxLayout()
        self.search = search_box(row, "&Find:", "Type to find a person",
                                 "Type a name or staff number; Enter ticks the one match")
        self.only_required = QCheckBox("&Only staff groups that must take this course")
        self.only_required.setAccessibleName("Only staff groups that must take this course")
        self.only_required.setEnabled(self.course.mandatory)
        row.addWidget(self.only_required)
        layout.addLayout(row)

        self.model = SignInModel(self)
        self.model.group_names = {g.code: g.name for g in st.staff_groups(store)}
        self._everyone = st.register_for(store, s.date, self.course)
        self.model.status = dict(st.session_attendance(store, session_id))
        self._original = dict(self.model.status)
        # people on this session's record who have since left stay listed
        listed = {m.staff_number for m in self._everyone}
        for number in self.model.status:
            if number not in listed:
                m = st.get_staff(store, number)
                if m:
                    self._everyone.append(m)
        self.model.set_rows(self._everyone)
        self.proxy = sorting_proxy(self.model, self)
        self.view = table_view("Register for this session")
        self.view.setModel(self.proxy)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)

        marks = QHBoxLayout()
        for text, status in (("Mark &attended", ATTENDED), ("Mark did &not attend", DNA),
                             ("Mark &cancelled", CANCELLED), ("C&lear", None)):
            b = QPushButton(text)
            b.setAccessibleName(text.replace("&", ""))
            b.clicked.connect(lambda _c=False, s=status: self.mark_selected(s))
            marks.addWidget(b)
        marks.addStretch(1)
        self.counter = QLabel()
        self.counter.setAccessibleName("Counts")
        marks.addWidget(self.counter)
        layout.addLayout(marks)
        layout.addWidget(_buttons(self, "&Save register"))

        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        self.only_required.toggled.connect(self._apply_group_filter)
        self.model.dataChanged.connect(lambda *_: self._count())
        QShortcut(QKeySequence(Qt.Key.Key_Space), self.view, activated=self._toggle_current,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.only_required.setChecked(self.course.mandatory)
        self._count()
        self.resize(760, 560)
        self.search.setFocus()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        """Enter in the find box ticks the one match and stops there: it must not also press
        the default Save button and close the register half-way through signing in."""
        if (obj is self.search and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self._tick_single_match()
            return True
        return super().eventFilter(obj, event)

    # -- filtering --
    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        if self.proxy.rowCount():
            self.view.selectRow(0)

    def _apply_group_filter(self, on: bool) -> None:
        must = set(self.course.groups)
        people = [m for m in self._everyone if not on or m.staff_group in must or m.staff_number in self.model.status]
        self.model.set_rows(people)
        self._filter(self.search.text())

    def visible_numbers(self) -> list[str]:
        return [self.proxy.data(self.proxy.index(r, 2)) for r in range(self.proxy.rowCount())]

    # -- marking --
    def _source_rows(self) -> list[int]:
        rows = {self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedRows()}
        if not rows and self.view.currentIndex().isValid():
            rows = {self.proxy.mapToSource(self.view.currentIndex()).row()}
        return sorted(rows)

    def mark_selected(self, status: str | None) -> None:
        for r in self._source_rows():
            self.model.set_status(r, status)

    def _toggle_current(self) -> None:
        for r in self._source_rows():
            number = self.model.rows[r].staff_number
            self.model.set_status(r, None if self.model.status.get(number) == ATTENDED else ATTENDED)

    def _tick_single_match(self) -> None:
        if self.proxy.rowCount() != 1:
            return
        r = self.proxy.mapToSource(self.proxy.index(0, 0)).row()
        self.model.set_status(r, ATTENDED)
        self.search.clear()

    def _count(self) -> None:
        c = self.model.counts()
        cap = f" (capacity {self.session.capacity})" if self.session.capacity else ""
        over = " — over capacity" if self.session.capacity and c["attended"] > self.session.capacity else ""
        self.counter.setText(f"{c['attended']} attended{cap}, {c['dna']} did not attend, "
                             f"{c['cancelled']} cancelled{over}")

    def statuses(self) -> dict[str, str | None]:
        """What changed: staff number -> new status (None = taken off the register)."""
        out: dict[str, str | None] = {}
        for number, status in self.model.status.items():
            if status != self._original.get(number):
                out[number] = status
        return out

    def accept(self) -> None:
        changes = self.statuses()
        try:
            counts = st.record_sign_in(self.store, self.session.id, changes) if changes else self.model.counts()
        except Exception as exc:
            warn(self, exc)
            return
        self.saved.emit(counts)
        super().accept()


# --- courses and thresholds --------------------------------------------------------------

class CourseDialog(QDialog):
    def __init__(self, store, course: Course | None = None, parent=None):
        super().__init__(parent)
        self.store, self.new = store, course is None
        self.setWindowTitle("New course" if course is None else f"Edit {course.code}")
        form = QFormLayout(self)
        self.code = QLineEdit(course.code if course else "")
        self.code.setAccessibleName("Course code")
        self.code.setReadOnly(not self.new)
        self.name = QLineEdit(course.name if course else "")
        self.name.setAccessibleName("Course name")
        self.months = QSpinBox()
        self.months.setRange(1, 120)
        self.months.setSuffix(" months")
        self.months.setValue(course.renewal_months if course else 12)
        self.months.setAccessibleName("Renewal interval in months")
        self.groups = QListWidget()
        self.groups.setAccessibleName("Staff groups that must take it")
        for g in st.staff_groups(store):
            item = QListWidgetItem(g.name)
            item.setData(Qt.ItemDataRole.UserRole, g.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if course and g.code in course.groups else Qt.CheckState.Unchecked)
            self.groups.addItem(item)
        self.active = QCheckBox("&Active (counted and offered for new sessions)")
        self.active.setAccessibleName("Active")
        self.active.setChecked(course.active if course else True)
        self.notes = QLineEdit(course.notes if course else "")
        self.notes.setAccessibleName("Course notes")
        self.notes.setCursorPosition(0)
        form.addRow("&Code:", self.code)
        form.addRow("&Name:", self.name)
        form.addRow("&Renewal:", self.months)
        form.addRow("&Must take it:", self.groups)
        form.addRow("", self.active)
        form.addRow("N&otes:", self.notes)
        form.addRow(_buttons(self))

    def value(self) -> Course:
        groups = tuple(self.groups.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.groups.count())
                       if self.groups.item(i).checkState() == Qt.CheckState.Checked)
        return Course(self.code.text(), self.name.text(), self.months.value(), groups, self.active.isChecked(),
                      self.notes.text())

    def accept(self) -> None:
        try:
            st.save_course(self.store, self.value(), new=self.new)
        except Exception as exc:
            warn(self, exc)
            return
        super().accept()


class _CourseModel(_ListModel):
    HEADERS = ("Code", "Name", "Renewal (months)", "Active", "Must take it")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.group_names: dict[str, str] = {}

    def cell(self, c: Course, col: int):
        return (c.code, c.name, c.renewal_months, "yes" if c.active else "no",
                ", ".join(self.group_names.get(g, g) for g in c.groups) or "—")[col]


class CoursesDialog(QDialog):
    """The course catalogue and the RAG thresholds. Signals: changed()."""

    changed = Signal()

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Courses and thresholds")
        layout = QVBoxLayout(self)
        self.model = _CourseModel(self)
        self.model.group_names = {g.code: g.name for g in st.staff_groups(store)}
        self.view = table_view("Courses")
        self.view.setModel(self.model)
        self.view.setWordWrap(True)  # the last column (the staff groups) wraps, never cut off
        self.view.activated.connect(lambda _i: self._edit())  # double click or Enter
        enter_activates(self.view)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        for text, slot in (("&New course…", self._new), ("&Edit course…", self._edit)):
            b = QPushButton(text)
            b.setAccessibleName(text.replace("&", "").rstrip("…"))
            b.clicked.connect(slot)
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        t = st.thresholds(store)
        box = QGroupBox("RAG thresholds (percent in date)")
        tl = QHBoxLayout(box)
        self.green = QDoubleSpinBox()
        self.amber = QDoubleSpinBox()
        for w, v, name, text in ((self.green, t.green, "Green from", "&Green from:"),
                                 (self.amber, t.amber, "Amber from", "A&mber from:")):
            w.setRange(0, 100)
            w.setDecimals(1)
            w.setSuffix(" %")
            w.setValue(v)
            w.setAccessibleName(name)
            lab = QLabel(text)
            lab.setBuddy(w)
            tl.addWidget(lab)
            tl.addWidget(w)
        save = QPushButton("Save &thresholds")
        save.setAccessibleName("Save thresholds")
        save.setAutoDefault(False)
        save.clicked.connect(self._save_thresholds)
        tl.addWidget(save)
        tl.addStretch(1)
        layout.addWidget(box)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.resize(820, 460)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(st.courses(self.store))
        header = self.view.horizontalHeader()
        for col in range(4):
            self.view.resizeColumnToContents(col)
        if header.sectionSize(1) > 280:
            header.resizeSection(1, 280)
        self.view.resizeRowsToContents()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        QTimer.singleShot(0, self.view.resizeRowsToContents)  # once the wrapped column has its width

    def _new(self) -> None:
        if CourseDialog(self.store, None, self).exec() == QDialog.DialogCode.Accepted:
            self.reload()
            self.changed.emit()

    def _edit(self) -> None:
        idx = self.view.currentIndex()
        if not idx.isValid():
            return
        if CourseDialog(self.store, self.model.record(idx.row()), self).exec() == QDialog.DialogCode.Accepted:
            self.reload()
            self.changed.emit()

    def _save_thresholds(self) -> None:
        try:
            st.save_thresholds(self.store, Thresholds(self.green.value(), self.amber.value()))
        except Exception as exc:
            warn(self, exc)
            return
        self.changed.emit()
