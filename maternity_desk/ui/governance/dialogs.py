"""Add/edit dialogs for the governance registers. Each validates through core (dates, scope,
NHS numbers in any text) and writes through the store in one audited transaction; a refusal
is shown as a plain message and the dialog stays open with what was typed.

Signals (every dialog):
    record_saved(object): the key of the row written.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from maternity_desk.core import governance as g
from maternity_desk.core.errors import InvalidValue, MaternityDeskError
from maternity_desk.core.periods import parse_date, parse_optional_date
from maternity_desk.store import governance as sg
from maternity_desk.ui.datebox import DateBox
from maternity_desk.ui.governance.models import fmt
from maternity_desk.ui.staff_picker import StaffPicker
from maternity_desk.ui.widgets import FirstShowTabOrder

DATE_HINT = "dd/mm/yyyy"


class FormDialog(FirstShowTabOrder, QDialog):
    """A form with OK/Cancel; subclasses fill :attr:`form` and define ``save()``, which
    validates, writes and returns the key written (or raises with a plain message)."""

    record_saved = Signal(object)

    def __init__(self, store, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        # the form scrolls inside the dialog when the screen is short (150% on 1366x768), so
        # OK and Cancel below it always stay on the screen
        body = QWidget()
        self.form = QFormLayout(body)
        self.form.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._body, self._scroll = body, scroll
        layout.addWidget(scroll, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        # as wide as the form needs (it scrolls up and down only); as tall as it needs, up
        # to the screen's height less room for the title bar and the buttons
        bar = self._scroll.verticalScrollBar().sizeHint().width()
        self._scroll.setMinimumWidth(self._body.minimumSizeHint().width() + bar)
        screen = self.screen().availableGeometry().height() if self.screen() else 600
        room = screen - self.buttons.sizeHint().height() - 80
        self._scroll.setMinimumHeight(max(80, min(self._body.sizeHint().height(), room)))
        super().showEvent(event)

    def line(self, label: str, text: str = "", hint: str = "") -> QLineEdit:
        edit = QLineEdit(text)
        edit.setAccessibleName(label.replace("&", ""))
        if hint:
            edit.setPlaceholderText(hint)
        self.form.addRow(label, edit)
        return edit

    def date_field(self, label: str, value: date | None = None) -> DateBox:
        """The one date box, empty allowed (the record's own check says when it is required)."""
        box = DateBox(value, label.replace("&", ""), optional=True)
        self.form.addRow(label, box)
        return box

    def text_field(self, label: str, text: str = "", height: int = 60) -> QPlainTextEdit:
        edit = QPlainTextEdit(text)
        edit.setTabChangesFocus(True)
        edit.setAccessibleName(label.replace("&", ""))
        edit.setFixedHeight(height)
        self.form.addRow(label, edit)
        return edit

    def combo(self, label: str, items: list[tuple[str, object]], current: object = None) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(label.replace("&", ""))
        for text, data in items:
            box.addItem(text, data)
        if current is not None:
            box.setCurrentIndex(max(0, box.findData(current)))
        self.form.addRow(label, box)
        return box

    def _save(self) -> None:
        try:
            key = self.save()
        except (InvalidValue, MaternityDeskError, ValueError) as exc:
            message = str(exc)
            QMessageBox.warning(self, "Not saved", message[:1].upper() + message[1:])
            return
        self.record_saved.emit(key)
        self.accept()


class ChampionDialog(FormDialog):
    def __init__(self, store, champion: g.Champion | None = None, parent=None):
        super().__init__(store, "Edit safety champion" if champion else "Add safety champion", parent)
        self.champion = champion
        self.roles = sg.champion_roles(store)
        self.role = self.combo("&Role", [(r.label + ("" if r.required else " (optional)"), r.code) for r in self.roles],
                               champion.role if champion else None)
        self.person = StaffPicker(store, champion.person if champion else "", "Person", self)
        self.form.addRow("&Person", self.person)
        self.person.setPlaceholderText("name and job title: from the staff register, or typed")
        self.start = self.date_field("In role &from", champion.start_date if champion else None)
        self.end = self.date_field("&Until (blank: current)", champion.end_date if champion else None)

    def save(self):
        c = g.make_champion(self.role.currentData(), self.person.text(), self.start.text(),
                            self.end.text().strip() or None, self.roles, self.champion.id if self.champion else None)
        return sg.save_champion(self.store, c)


class MeetingDialog(FormDialog):
    def __init__(self, store, meeting: g.Meeting | None = None, parent=None):
        super().__init__(store, "Edit champions' meeting" if meeting else "Add champions' meeting", parent)
        self.meeting = meeting
        self.when = self.date_field("&Date", meeting.date if meeting else None)
        self.attendees = self.line("&Attendees", meeting.attendees if meeting else "", "roles or names, comma separated")
        self.issues = self.text_field("&Issues raised", meeting.issues if meeting else "", 80)
        self.notes = self.text_field("&Notes", meeting.notes if meeting else "")

    def save(self):
        m = g.make_meeting(self.when.text(), self.attendees.text(), self.issues.toPlainText(), self.notes.toPlainText(),
                           self.meeting.id if self.meeting else None)
        return sg.save_meeting(self.store, m)


class FollowUpDialog(FormDialog):
    """An action from a champions' meeting or a perinatal review."""

    def __init__(self, store, table: str, parents: list[tuple[str, int]], action: g.FollowUp | None = None,
                 parent_id: int | None = None, parent=None):
        super().__init__(store, "Edit action" if action else "Add action", parent)
        self.table = table
        self.action = action
        label = "&Meeting" if table == "gov_champion_actions" else "&Case"
        self.parent_box = self.combo(label, parents, action.parent_id if action else parent_id)
        self.text = self.text_field("&Action", action.action if action else "")
        self.owner = self.line("&Owner", action.owner if action else "")
        self.due = self.date_field("&Due", action.due_date if action else None)
        self.status = self.combo("&Status", [(s.capitalize(), s) for s in g.ACTION_STATUSES],
                                 action.status if action else "open")
        self.completed = self.date_field("Com&pleted on", action.completed_date if action else None)

    def save(self):
        a = g.make_follow_up(self.parent_box.currentData(), self.text.toPlainText(), self.owner.text(),
                             self.due.text().strip() or None, self.status.currentData(),
                             self.completed.text().strip() or None, self.action.id if self.action else None)
        return sg.save_follow_up(self.store, self.table, a)


class PlanVersionDialog(FormDialog):
    def __init__(self, store, version: g.PlanVersion | None = None, parent=None):
        super().__init__(store, "Edit plan version" if version else "Add plan version", parent)
        self.version = version
        self.name = self.line("&Version", version.version if version else "", "e.g. Version 3 (2026)")
        self.agreed = self.date_field("Date &agreed", version.date_agreed if version else None)
        self.published = self.date_field("Date &published", version.date_published if version else None)
        self.where = self.line("&Where published", version.where_published if version else "",
                               "web address or board paper")

    def save(self):
        v = g.make_plan_version(self.name.text(), self.agreed.text(), self.published.text().strip() or None,
                                self.where.text(), self.version.id if self.version else None)
        return sg.save_plan_version(self.store, v)


class PlanActionDialog(FormDialog):
    def __init__(self, store, action: g.PlanAction | None = None, areas: list[str] | None = None, parent=None):
        super().__init__(store, "Edit plan action" if action else "Add plan action", parent)
        self.action = action
        self.area = QComboBox()
        self.area.setEditable(True)
        self.area.setAccessibleName("Area")
        self.area.addItems(sorted(set(areas or [])))
        self.area.setCurrentText(action.area if action else "")
        self.form.addRow("A&rea", self.area)
        self.text = self.text_field("&Action", action.action if action else "")
        self.owner = self.line("&Owner", action.owner if action else "")
        self.due = self.date_field("&Due", action.due_date if action else None)
        self.status = self.combo("&Status", [(g.PLAN_STATUS_LABELS[s], s) for s in g.PLAN_STATUSES],
                                 action.status if action else "not_started")
        self.evidence = self.text_field("&Evidence note", action.evidence if action else "")

    def save(self):
        a = g.make_plan_action(self.area.currentText(), self.text.toPlainText(), self.owner.text(),
                               self.due.text().strip() or None, self.status.currentData(),
                               self.evidence.toPlainText(), self.action.id if self.action else None)
        return sg.save_plan_action(self.store, a)


class SubmissionDialog(FormDialog):
    """Record a submission; an expected but unrecorded period (id None) is created on save."""

    def __init__(self, store, submission: g.Submission | None = None, parent=None):
        super().__init__(store, "Record submission" if not submission or submission.id is None
                         else "Edit submission", parent)
        self.sub = submission
        self.datasets = {d.code: d for d in sg.datasets(store)}
        self.cal = sg.calendar(store)
        self.dataset = self.combo("&Dataset", [(d.name, d.code) for d in self.datasets.values()],
                                  submission.dataset if submission else None)
        self.period = self.line("&Period or case", submission.period if submission else "")
        self.event = self.date_field("&Event date (per case)")
        self.due = self.date_field("D&ue", submission.due_date if submission else None)
        rule = QPushButton("Due date from the &rule")
        rule.setAccessibleName("Work out the due date from the dataset's rule")
        rule.clicked.connect(self._due_from_rule)
        self.form.addRow("", rule)
        self.submitted = self.date_field("&Submitted", submission.submitted_date if submission else None)
        self.by = self.line("By &whom", submission.submitted_by if submission else "")
        self.dq = self.text_field("Data-&quality issues", submission.dq_issues if submission else "")
        if submission is not None and submission.id is not None:
            self.dataset.setEnabled(False)
        self.dataset.currentIndexChanged.connect(self._hint)
        self._hint()

    def _ds(self) -> g.Dataset:
        return self.datasets[self.dataset.currentData()]

    def _hint(self) -> None:
        ds = self._ds()
        hints = {"monthly": "2025-03", "quarterly": "2025-Q1", "annual": "2024/25", "per_case": "case reference"}
        self.period.setPlaceholderText(hints[ds.cadence])
        self.event.setEnabled(ds.cadence == "per_case")

    def _due_from_rule(self) -> None:
        try:
            ds = self._ds()
            period = g.parse_period(ds.cadence, self.period.text())
            event = parse_optional_date(self.event.text())
            self.due.setText(fmt(g.submission_due(ds, period, self.cal, event)))
        except InvalidValue as exc:
            QMessageBox.warning(self, "No due date", str(exc)[:1].upper() + str(exc)[1:])

    def save(self):
        ds = self._ds()
        if not self.due.text().strip():
            self._due_from_rule_silent(ds)
        s = g.make_submission(ds, self.period.text(), self.due.text(), self.submitted.text().strip() or None,
                              self.by.text(), self.dq.toPlainText(),
                              self.sub.id if self.sub is not None else None)
        return sg.save_submission(self.store, s)

    def _due_from_rule_silent(self, ds: g.Dataset) -> None:
        period = g.parse_period(ds.cadence, self.period.text())
        event = parse_optional_date(self.event.text())
        if ds.cadence == "per_case" and event is None:
            raise InvalidValue("give the due date, or the event date the working days count from")
        self.due.setText(fmt(g.submission_due(ds, period, self.cal, event)))


class DatasetDialog(FormDialog):
    def __init__(self, store, dataset: g.Dataset | None = None, parent=None):
        super().__init__(store, "Edit dataset" if dataset else "Add dataset", parent)
        self.ds = dataset
        self.code = self.line("&Code", dataset.code if dataset else "", "e.g. MSDS")
        self.code.setReadOnly(dataset is not None)
        self.name = self.line("&Name", dataset.name if dataset else "")
        self.cadence = self.combo("C&adence", [(c.replace("_", " ").capitalize(), c) for c in g.CADENCES],
                                  dataset.cadence if dataset else "monthly")
        self.months = QSpinBox()
        self.months.setRange(0, 24)
        self.months.setAccessibleName("Months after the period's end")
        self.months.setValue(dataset.due_months or 1 if dataset else 1)
        self.form.addRow("Due &months after the period", self.months)
        self.day = self.line("Due &day of that month", dataset.due_day or "end" if dataset else "end",
                             "end, or 1-31")
        self.wdays = QSpinBox()
        self.wdays.setRange(0, 250)
        self.wdays.setAccessibleName("Working days after the event")
        self.wdays.setValue(dataset.due_working_days or 7 if dataset else 7)
        self.form.addRow("Per case: &working days after the event", self.wdays)
        self.first = self.line("&Tracked from period", (dataset.first_period or "") if dataset else "",
                               "blank: from the first recorded submission")
        self.active = QCheckBox("Acti&ve (expected submissions are listed)")
        self.active.setAccessibleName("Active")
        self.active.setChecked(dataset.active if dataset else True)
        self.form.addRow("", self.active)
        self.notes = self.text_field("N&otes", dataset.notes if dataset else "")

    def save(self):
        cad = self.cadence.currentData()
        ds = g.make_dataset(self.code.text(), self.name.text(), cad,
                            None if cad == "per_case" else self.months.value(),
                            None if cad == "per_case" else self.day.text(),
                            self.wdays.value() if cad == "per_case" else None,
                            self.active.isChecked(), self.notes.toPlainText(), self.first.text().strip() or None)
        return sg.save_dataset(self.store, ds, original_code=self.ds.code if self.ds else None)


class ReviewDialog(FormDialog):
    """A perinatal review case: scope and NHS numbers are checked on save, and the deadline of
    each milestone is shown beside it as soon as the date of death is known."""

    def __init__(self, store, case: g.ReviewCase | None = None, parent=None):
        super().__init__(store, "Edit review case" if case else "Add review case", parent)
        self.case = case
        self.rules = {r.code: r for r in sg.deadline_rules(store)}
        self.cal = sg.calendar(store)
        note = QLabel("Local case reference only: never a name, NHS number or date of birth.")
        note.setWordWrap(True)
        self.form.addRow(note)
        self.reference = self.line("&Reference", case.reference if case else "", "e.g. PMR-2026-014")
        self.category = self.combo("&Category", [(g.CATEGORY_LABELS[c], c) for c in g.CATEGORIES],
                                   case.category if case else "stillbirth")
        self.gestation = self.line("&Gestation at birth", case.gestation if case else "", "weeks+days, e.g. 23+4")
        self.death = self.date_field("Date of &death", case.date_of_death if case else None)
        self.milestones: dict[str, DateBox] = {}
        self.deadlines: dict[str, QLabel] = {}
        mnemonic = {"reported": "Reported to &MBRRACE-UK", "parents_informed": "Parents &informed",
                    "review_started": "Review &started", "draft_report": "Dra&ft report written",
                    "report_published": "Report &published"}
        for code in g.MILESTONES:
            edit = self.date_field(mnemonic.get(code, g.MILESTONE_LABELS[code]),
                                   case.milestone(code) if case else None)
            due = QLabel("")
            due.setAccessibleName(f"Deadline: {g.MILESTONE_LABELS[code]}")
            self.form.addRow("", due)
            self.milestones[code] = edit
            self.deadlines[code] = due
        self.themes = self.text_field("Learning &themes", case.themes if case else "")
        self.themes.setPlaceholderText("separate themes with ; or new lines")
        self.notes = self.text_field("&Notes", case.notes if case else "")
        self.death.textChanged.connect(self._show_deadlines)
        self._show_deadlines()

    def _show_deadlines(self) -> None:
        try:
            dod = parse_optional_date(self.death.text())
        except InvalidValue:
            dod = None
        for code, label in self.deadlines.items():
            rule = self.rules.get(code)
            if dod is None or rule is None:
                label.setText("")
            else:
                label.setText(f"due {fmt(rule.due(dod, self.cal))} ({rule.describe()} after the death)")

    def values(self) -> dict:
        return {"id": self.case.id if self.case else None, "reference": self.reference.text(),
                "category": self.category.currentData(), "gestation": self.gestation.text(),
                "date_of_death": self.death.text(),
                **{code: edit.text().strip() or None for code, edit in self.milestones.items()},
                "themes": self.themes.toPlainText(), "notes": self.notes.toPlainText()}

    def save(self):
        return sg.save_review(self.store, g.make_review(self.values(), today=date.today()))


_RULE_KEYS = {"reported": "M", "parents_informed": "P", "review_started": "v", "draft_report": "f",
              "report_published": "b"}


def with_mnemonic(text: str, letter: str, *, match_case: bool = False) -> str:
    """``text`` with '&' before the first ``letter`` (any case, unless ``match_case``), or
    unchanged without one."""
    if not letter:
        return text
    i = text.find(letter) if match_case else text.lower().find(letter.lower())
    return text if i < 0 else text[:i] + "&" + text[i:]


def deadline_fields(label: str, basis_value: str, amount_value: int, most: int
                    ) -> tuple[QComboBox, QSpinBox, QHBoxLayout, QWidget]:
    """A deadline's "how many" box and "counted in" choice, side by side: (basis, amount, the
    row's layout for anything more, the row's widget)."""
    basis = QComboBox()
    basis.setAccessibleName(f"{label}: counted in")
    for b in g.BASES:
        basis.addItem(b.replace("_", " "), b)
    basis.setCurrentIndex(basis.findData(basis_value))
    amount = QSpinBox()
    amount.setRange(0, most)
    amount.setValue(amount_value)
    amount.setAccessibleName(f"{label}: how many")
    box = QWidget()
    lay = QHBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.addWidget(amount)
    lay.addWidget(basis)
    return basis, amount, lay, box


class RulesDialog(FormDialog):
    """The review deadline rules (local, per scheme year) and the champions' meeting gap."""

    def __init__(self, store, parent=None):
        super().__init__(store, "Deadline rules", parent)
        scheme = QLabel(f"The unit's deadlines for the overdue list (shipped from: "
                        f"{store.get_setting('governance.rules_scheme') or 'local'}). The scheme's own standards "
                        "per year, with the share of cases that must meet each, are under Scheme years. "
                        "Working days skip weekends and England and Wales bank holidays; months are "
                        "calendar months clamped to the month's end.")
        scheme.setWordWrap(True)
        self.form.addRow(scheme)
        self.rows: dict[str, tuple[QComboBox, QSpinBox]] = {}
        for rule in sg.deadline_rules(store):
            basis, amount, _lay, box = deadline_fields(rule.label, rule.basis, rule.amount, 400)
            label = QLabel(with_mnemonic(rule.label, _RULE_KEYS.get(rule.code, "")))
            label.setBuddy(amount)
            self.form.addRow(label, box)
            self.rows[rule.code] = (basis, amount)
        self.gap = QSpinBox()
        self.gap.setRange(1, 24)
        self.gap.setValue(sg.meeting_gap_months(store))
        self.gap.setAccessibleName("Longest gap between champions' meetings, months")
        self.form.addRow("&Champions' meetings at least every (months)", self.gap)
        holidays = QPushButton("Bank &holidays…")
        holidays.setAccessibleName("Bank holidays")
        holidays.clicked.connect(self._holidays)
        self.form.addRow("", holidays)

    def _holidays(self):
        dialog = BankHolidaysDialog(self.store, self)
        # deadlines move with the holidays: the page redraws even if these rules are cancelled
        dialog.finished.connect(lambda _r: self.record_saved.emit(None) if dialog.changed else None)
        dialog.open()
        self._dialog = dialog
        return dialog

    def save(self):
        with self.store.transaction():
            for code, (basis, amount) in self.rows.items():
                sg.save_deadline_rule(self.store, code, basis.currentData(), amount.value())
            sg.set_meeting_gap_months(self.store, self.gap.value())
        return None


class BankHolidaysDialog(QDialog):
    """The days, beyond England and Wales bank holidays (worked out for every year by
    :mod:`maternity_desk.core.bank_holidays`), that working-day deadlines skip: the list
    shipped with schema 6 and the unit's closure days or one-off holidays added here. Every
    change is audited."""

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.changed = False
        self.setWindowTitle("Bank holidays")
        self.setAccessibleName("Bank holidays")
        lay = QVBoxLayout(self)
        note = QLabel("Working-day deadlines skip weekends, the England and Wales bank holidays of every "
                      "year and these days. Add a unit closure day, or a one-off holiday announced after "
                      "this version; remove a day added by mistake.")
        note.setWordWrap(True)
        lay.addWidget(note)
        self.list = QListWidget()
        self.list.setAccessibleName("Bank holidays")
        lay.addWidget(self.list, 1)
        form = QFormLayout()
        self.when = DateBox(None, "Date of the new bank holiday", optional=True)
        self.title = QLineEdit()
        self.title.setAccessibleName("Name of the new bank holiday")
        self.title.setPlaceholderText("e.g. Coronation of ...")
        form.addRow("&Date", self.when)
        form.addRow("&Name", self.title)
        lay.addLayout(form)
        row = QHBoxLayout()
        self.add_button = QPushButton("&Add")
        self.add_button.setAccessibleName("Add bank holiday")
        self.add_button.clicked.connect(self._add)
        self.remove_button = QPushButton("&Remove selected")
        self.remove_button.setAccessibleName("Remove bank holiday")
        self.remove_button.clicked.connect(self._remove)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        lay.addLayout(row)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        lay.addWidget(box)
        self.resize(520, 520)
        self._load()

    def _load(self, select: date | None = None) -> None:
        self.list.clear()
        for when, title in sg.bank_holidays(self.store):
            item = QListWidgetItem(f"{when:%a %d/%m/%Y}  {title}")
            item.setData(Qt.ItemDataRole.UserRole, when)
            self.list.addItem(item)
            if when == select:
                self.list.setCurrentItem(item)

    def _add(self) -> None:
        try:
            when = parse_date(self.when.text())
            sg.add_bank_holiday(self.store, when, self.title.text())
        except MaternityDeskError as exc:
            QMessageBox.warning(self, "Not added", str(exc)[:1].upper() + str(exc)[1:])
            return
        self.changed = True
        self.when.clear()
        self.title.clear()
        self._load(select=when)

    def _remove(self) -> None:
        item = self.list.currentItem()
        if item is None:
            QMessageBox.information(self, "Nothing selected", "Select a bank holiday first.")
            return
        when = item.data(Qt.ItemDataRole.UserRole)
        answer = QMessageBox.question(self, "Remove", f"Remove {item.text().strip()}? Deadlines around it "
                                      "will be worked out again. The change is recorded in the audit log.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        sg.remove_bank_holiday(self.store, when)
        self.changed = True
        self._load()
