"""Dialogs about a training session: the session itself and its sign-in (the register).
Each validates through the core functions and shows a refusal as a plain message; nothing
is written unless the save succeeds whole."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from maternity_desk.core import fund as fund_core
from maternity_desk.core.errors import MaternityDeskError
from maternity_desk.core.training import ATTENDED, CANCELLED, DNA, SESSION_STATUSES, TrainingSession
from maternity_desk.store import fund as store_fund
from maternity_desk.store import training as st
from maternity_desk.ui.table_model import sorting_proxy
from maternity_desk.ui.training.dialog_helpers import (
    _buttons,
    py_date,
    search_box,
    table_view,
    warn,
)
from maternity_desk.ui.training.models import SignInModel, uk
from maternity_desk.ui.widgets import date_edit, special_value_text

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
