"""The Governance page's "Qualifying cases" tab (safety action 10): the log of term babies born
after labour with an intrapartum stillbirth, an early neonatal death or a suspected severe
brain injury, and maternal deaths, with each milestone's date, deadline and whether it is
overdue; the add/edit dialog (the one date box for every date, each deadline shown as soon as
the event's date is typed); the deadlines dialog; the import wizard for a case log.

No patient identifier is ever kept: a case is known by the unit's own reference, and every
text is refused if it holds an NHS number (core checks, then the database's guard)."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from maternity_desk.core import cases as qc
from maternity_desk.core import governance as g
from maternity_desk.core.errors import InvalidValue, MaternityDeskError
from maternity_desk.core.periods import add_months, parse_optional_date
from maternity_desk.core.words import plural
from maternity_desk.store import cases as sc
from maternity_desk.store import governance as sg
from maternity_desk.ui.datebox import DateBox
from maternity_desk.ui.governance.dialogs import FormDialog, deadline_fields, with_mnemonic
from maternity_desk.ui.governance.models import DONE_BG, LATE_BG, OVERDUE_BG, Col, RowsModel, fmt
from maternity_desk.ui.governance.page import button, fit, row_of, selected, table

_MNEMONIC = {"mnsi_referred": "Referred to &MNSI", "en_reported": "Reported to &Early Notification",
             "candour_conversation": "Duty of candour &conversation", "candour_letter": "Duty of candour &letter",
             "incident_reported": "&Incident reported"}


_HEADERS = {"mnsi_referred": "MNSI referral", "en_reported": "Early Notification",
            "candour_conversation": "Candour conversation", "candour_letter": "Candour letter",
            "incident_reported": "Incident report"}


class CaseModel(RowsModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rules: list[qc.CaseRule] = []
        self.calendar = g.WorkingCalendar()

    @property
    def COLUMNS(self):  # noqa: N802
        cols = [Col("Reference", lambda c: c.reference),
                Col("Category", lambda c: qc.CATEGORY_LABELS[c.category]),
                Col("Event date", lambda c: fmt(c.event_date), sort=lambda c: c.event_date)]
        for code in qc.MILESTONES:
            cols.append(Col(_HEADERS[code], lambda c, code=code: self._text(c, code),
                            sort=lambda c, code=code: c.milestone(code) or date.max,
                            background=lambda c, code=code: self._bg(c, code),
                            tip=lambda c, code=code: self._tip(c, code)))
        cols.append(Col("Notes", lambda c: c.notes, tip=lambda c: c.notes))
        return cols

    def _state(self, c: qc.QualifyingCase, code: str) -> qc.MilestoneState | None:
        key = (c.id, c.reference)
        if key not in self._cache:
            self._cache[key] = {s.code: s for s in qc.states(c, self.rules, self.calendar, self.as_at)}
        return self._cache[key].get(code)

    def _text(self, c, code) -> str:
        s = self._state(c, code)
        if s is None:
            return fmt(c.milestone(code)) or "Not needed"
        if s.done:
            return fmt(s.done) + (" (late)" if s.state == "late" else "")
        if s.state == "overdue":
            return f"OVERDUE {s.days_overdue} d"
        return f"due {fmt(s.due)}"

    def _bg(self, c, code) -> QColor | None:
        s = self._state(c, code)
        return None if s is None else {"overdue": OVERDUE_BG, "late": LATE_BG, "done": DONE_BG}.get(s.state)

    def _tip(self, c, code) -> str:
        s = self._state(c, code)
        if s is None:
            return f"{qc.MILESTONE_LABELS[code]}: not needed for a {qc.CATEGORY_LABELS[c.category].lower()}"
        return f"{s.label}: due {fmt(s.due)}"

    def open_case(self, c: qc.QualifyingCase) -> bool:
        return any(s.state in ("due", "overdue") for s in qc.states(c, self.rules, self.calendar, self.as_at))


class CaseDialog(FormDialog):
    """A qualifying case: NHS numbers, dates in the future and milestones before the event are
    refused on save; each milestone's deadline is shown beside it."""

    def __init__(self, store, case: qc.QualifyingCase | None = None, parent=None, *, today: date | None = None):
        super().__init__(store, "Edit qualifying case" if case else "Add qualifying case", parent)
        self.case = case
        self.today = today or date.today()
        self.rules = {r.code: r for r in sc.rules(store)}
        self.cal = sg.calendar(store)
        note = QLabel("The unit's own case reference only: never a name, NHS number or date of birth.")
        note.setWordWrap(True)
        self.form.addRow(note)
        self.reference = self.line("&Reference", case.reference if case else "", "e.g. QC-2026-004")
        self.category = self.combo("Ca&tegory", [(qc.CATEGORY_LABELS[c], c) for c in qc.CATEGORIES],
                                   case.category if case else "brain_injury")
        self.event = self.date_field("&Date of the event", case.event_date if case else None)
        self.milestones: dict[str, DateBox] = {}
        self.deadlines: dict[str, QLabel] = {}
        for code in qc.MILESTONES:
            self.milestones[code] = self.date_field(_MNEMONIC[code], case.milestone(code) if case else None)
            due = QLabel("")
            due.setWordWrap(True)
            due.setAccessibleName(f"Deadline: {qc.MILESTONE_LABELS[code]}")
            self.form.addRow("", due)
            self.deadlines[code] = due
        self.notes = self.text_field("&Notes", case.notes if case else "")
        self.event.textChanged.connect(self._show_deadlines)
        self.category.currentIndexChanged.connect(self._show_deadlines)
        self._show_deadlines()

    def _show_deadlines(self) -> None:
        try:
            event = parse_optional_date(self.event.text())
        except InvalidValue:
            event = None
        cat = self.category.currentData()
        for code, label in self.deadlines.items():
            rule = self.rules.get(code)
            if rule is not None and not rule.applies(cat):
                label.setText(f"not needed for a {qc.CATEGORY_LABELS[cat].lower()}")
            elif event is None or rule is None:
                label.setText("")
            else:
                check = "" if rule.verified == "V" else "; not verified"
                label.setText(f"due {fmt(rule.due(event, self.cal))} ({rule.describe()}{check})")

    def values(self) -> dict:
        return {"id": self.case.id if self.case else None, "reference": self.reference.text(),
                "category": self.category.currentData(), "event_date": self.event.text(),
                **{code: edit.text().strip() or None for code, edit in self.milestones.items()},
                "notes": self.notes.toPlainText()}

    def save(self):
        return sc.save_case(self.store, qc.make_case(self.values(), today=self.today), today=self.today)


class CaseDeadlinesDialog(FormDialog):
    """Each milestone's deadline as the unit keeps it; whether it was checked against the
    published guidance is shown (a changed figure becomes the unit's own, not verified)."""

    def __init__(self, store, parent=None):
        super().__init__(store, "Qualifying case deadlines", parent)
        intro = QLabel("Deadlines count from the date of the event. Working days skip weekends and England and "
                       "Wales bank holidays (and the unit's closure days); the day of the event is not counted. "
                       "A figure marked not verified is this app's reading: check it against the published "
                       "guidance.")
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.rows: dict[str, tuple[QComboBox, QSpinBox]] = {}
        keys = {"mnsi_referred": "M", "en_reported": "E", "candour_conversation": "c", "candour_letter": "l",
                "incident_reported": "I"}
        for rule in sc.rules(store):
            basis, amount, lay, box = deadline_fields(rule.label, rule.basis, rule.amount, 366)
            state = QLabel(rule.verified_text)
            state.setToolTip(rule.note)
            lay.addWidget(state)
            lay.addStretch(1)
            label = QLabel(with_mnemonic(rule.label, keys[rule.code], match_case=True))
            label.setBuddy(amount)
            label.setToolTip(rule.note)
            self.form.addRow(label, box)
            self.rows[rule.code] = (basis, amount)

    def save(self):
        with self.store.transaction():
            for code, (basis, amount) in self.rows.items():
                sc.save_rule(self.store, code, basis.currentData(), amount.value())
        return None


class CasesTab(QWidget):
    """The tab; ``page`` is the Governance page (its store, today and dialog handling)."""

    def __init__(self, page):
        super().__init__()
        self.page = page
        self.store = page.store
        self.setAccessibleName("Qualifying cases")
        lay = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Qualifying cases summary")
        lay.addWidget(self.summary)
        self.cat = QComboBox()
        self.cat.setAccessibleName("Show qualifying cases of category")
        self.cat.addItem("All categories", None)
        for c in qc.CATEGORIES:
            self.cat.addItem(qc.CATEGORY_LABELS[c], c)
        self.cat.currentIndexChanged.connect(self._filter)
        self.open_only = QCheckBox("Cases with a milestone to &do")
        self.open_only.setAccessibleName("Show only cases with a milestone due or overdue")
        self.open_only.toggled.connect(self._filter)
        lay.addLayout(row_of(QLabel("Ca&tegory:", buddy=self.cat), self.cat, self.open_only, None))
        lay.addLayout(row_of(button("&Add case", self.add, "Add qualifying case"),
                             button("Edit", self.edit, "Edit qualifying case"),
                             button("Delete", self.delete, "Delete qualifying case"),
                             button("Dead&lines…", self.deadlines, "Qualifying case deadlines"),
                             button("Import…", self.import_cases, "Import qualifying cases"), None))
        self.model = CaseModel()
        self.view, self.proxy = table(self.model, "Qualifying cases", self.edit)
        lay.addWidget(self.view, 1)
        self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        self.refresh()  # deadlines move with the date and with bank holidays edited elsewhere

    def refresh(self) -> None:
        today = self.page.today()
        self.model.rules = sc.rules(self.store)
        self.model.calendar = sg.calendar(self.store)
        cases = sc.cases(self.store)
        self.model.set_rows(cases, today)
        self._filter()
        fit(self.view)
        self.summary.setText(self._summary(cases, today))

    def _summary(self, cases: list[qc.QualifyingCase], today: date) -> str:
        items = qc.open_items(cases, self.model.rules, self.model.calendar, today)
        overdue = sum(1 for i in items if i.overdue)
        start = add_months(today, -12)
        num, den = qc.sa10_reported(cases, self.model.rules, self.model.calendar, start, today, today)
        text = f"{plural(len(cases), 'case')} in the log; {plural(overdue, 'milestone')} overdue, " \
               f"{plural(len(items) - overdue, 'milestone')} due within a week."
        if den:
            text += (f" Reported to MNSI and Early Notification (where each applies) within the deadlines: {num} of "
                     f"{plural(den, 'case')} from {start:%d/%m/%Y} whose deadlines have passed or that are reported.")
        unverified = [r.label for r in self.model.rules if r.verified != "V"]
        if unverified:
            text += f" Deadlines not verified against the published guidance: {', '.join(unverified)}."
        return text

    def _filter(self) -> None:
        cat = self.cat.currentData()
        open_only = self.open_only.isChecked()
        self.proxy.set_predicate(lambda c: (cat is None or c.category == cat)
                                 and (not open_only or self.model.open_case(c)))

    # --- editing -----------------------------------------------------------------------------
    def _saved(self, _key=None) -> None:
        self.refresh()
        self.page.data_changed.emit()

    def _open(self, dialog):
        dialog.record_saved.connect(self._saved)
        dialog.open()
        self.page._dialog = dialog  # tests and keyboard users reach the open dialog
        return dialog

    def add(self):
        return self._open(CaseDialog(self.store, parent=self, today=self.page.today()))

    def edit(self):
        case = selected(self.view)
        if case is None:
            QMessageBox.information(self, "Nothing selected", "Select a case first.")
            return None
        return self._open(CaseDialog(self.store, case, self, today=self.page.today()))

    def delete(self) -> None:
        case = selected(self.view)
        if case is None:
            QMessageBox.information(self, "Nothing selected", "Select a case first.")
            return
        answer = QMessageBox.question(self, "Delete", f"Delete case {case.reference}? The change is recorded in "
                                                      "the audit log.")
        if answer == QMessageBox.StandardButton.Yes:
            try:
                sc.delete_case(self.store, case.id)
            except MaternityDeskError as exc:
                QMessageBox.warning(self, "Not deleted", str(exc))
                return
            self._saved()

    def deadlines(self):
        return self._open(CaseDeadlinesDialog(self.store, self))

    def import_cases(self):
        from maternity_desk.ui.import_wizard import ImportWizard

        wizard = ImportWizard(self.store, "cases", self)
        wizard.imported.connect(lambda _plan: self._saved())
        wizard.open()
        self.page._dialog = wizard
        return wizard
