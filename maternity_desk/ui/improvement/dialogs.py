"""Dialogs for every improvement edit. Each builds a core object, hands it to ``on_save``
(which validates through the core and writes through the store) and stays open with the
plain message if that refuses it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from maternity_desk.core import improvement as qi
from maternity_desk.core.errors import MaternityDeskError
from maternity_desk.exchange.tabular import parse_count
from maternity_desk.ui.staff_picker import StaffPicker
from maternity_desk.ui.widgets import FirstShowTabOrder, date_edit, qdate, special_value_text


class OptionalDate(QWidget):
    """A date edit with a 'none' tick box (end dates, 'by when')."""

    def __init__(self, value: date | None, name: str, parent=None):
        super().__init__(parent)
        from PySide6.QtWidgets import QHBoxLayout

        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox("set", self)
        self.check.setAccessibleName(f"{name}: set")
        self.edit = date_edit(value, name, self)
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.check.toggled.connect(self.edit.setEnabled)
        lay.addWidget(self.check)
        lay.addWidget(self.edit, 1)
        self.setFocusProxy(self.check)  # a label's mnemonic lands on the tick box
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # (a label only gives focus to a focusable buddy)

    def value(self) -> date | None:
        return self.edit.value() if self.check.isChecked() else None

    def set_value(self, d: date | None) -> None:
        self.check.setChecked(d is not None)
        if d:
            self.edit.setDate(qdate(d))


def combo(items: dict[str, str], current: str | None, name: str, parent, *, blank: str | None = None) -> QComboBox:
    c = QComboBox(parent)
    if blank is not None:
        c.addItem(blank, None)
    for key, label in items.items():
        c.addItem(label, key)
    if current is not None or blank is not None:
        i = c.findData(current)
        c.setCurrentIndex(max(0, i))
    c.setAccessibleName(name)
    return c


def line(text: str, name: str, parent) -> QLineEdit:
    e = QLineEdit(text or "", parent)
    e.setAccessibleName(name)
    return e


class _Para(QPlainTextEdit):
    """A text box whose natural height is a few lines (QPlainTextEdit asks for ~190 px, so a
    dialog with four of them would not fit a 768-pixel screen at 150%); it grows when the
    dialog is made taller."""

    def __init__(self, text: str, parent, lines: int):
        super().__init__(text, parent)
        self._lines = lines

    def sizeHint(self):  # noqa: N802
        hint = super().sizeHint()
        hint.setHeight(self.fontMetrics().lineSpacing() * self._lines + 2 * self.frameWidth() + 8)
        return hint

    def minimumSizeHint(self):  # noqa: N802
        return self.sizeHint()


def para(text: str, name: str, parent, height: int = 60) -> QPlainTextEdit:
    e = _Para(text or "", parent, max(2, round(height / 20)))
    e.setAccessibleName(name)
    e.setTabChangesFocus(True)
    return e


class EditDialog(FirstShowTabOrder, QDialog):
    """Form + OK/Cancel. Subclasses fill ``self.form`` and implement :meth:`build`."""

    def __init__(self, title: str, on_save: Callable[[object], object], parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.on_save = on_save
        self.saved = None
        lay = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.hide()
        lay.addWidget(self.intro)
        self.form = QFormLayout()
        lay.addLayout(self.form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.setAccessibleName(title)
        self.setMinimumWidth(480)

    def set_intro(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.show()

    def build(self):
        raise MaternityDeskError("nothing to save")

    def accept(self) -> None:
        try:
            self.saved = self.on_save(self.build())
        except MaternityDeskError as exc:
            QMessageBox.warning(self, "Could not save", str(exc))
            return
        super().accept()


class AdoptDialog(EditDialog):
    """Adopt a pick-list project: wave, start date, status, the three leads and a coach."""

    def __init__(self, item: qi.PicklistProject, on_save, parent=None, *, today: date | None = None, store=None):
        super().__init__(f"Adopt {item.title}", on_save, parent)
        self.item = item

        self.set_intro(f"<b>{escape(item.title, False)}</b> ({escape(item.area, False)})<br>Suggested aim: "
                       f"{escape(item.suggested_aim, False)}<br>Its {len(item.measures)} measures are copied "
                       "into the project; edit them there.")
        self.code = line(item.code, "Project code", self)
        self.wave = line("", "Wave", self)
        self.start = date_edit(today, "Start date", self)
        self.status = combo(qi.STATUS_LABELS, "planned", "Status", self)
        self.reason = line("", "Reason for abandoning", self)
        self.leads = {role: StaffPicker(store, "", qi.ROLE_LABELS[role], self, on=today)
                      for role in (*qi.REQUIRED_LEADS, "improvement_coach")}
        self.form.addRow("&Code", self.code)
        self.form.addRow("&Wave", self.wave)
        self.form.addRow("&Start date", self.start)
        self.form.addRow("S&tatus", self.status)
        self.form.addRow("&Reason if abandoned", self.reason)
        mnemonic = {"obstetrician_lead": "&Obstetrician lead", "midwife_lead": "&Midwife lead",
                    "senior_manager_lead": "Senior mana&ger lead", "improvement_coach": "Improvement coac&h"}
        for role, edit in self.leads.items():
            self.form.addRow(mnemonic[role], edit)
        from maternity_desk.ui.reserved import ReservedLabel

        # room for the longest warning (no lead named) kept while typing: nothing moves
        self.warning = ReservedLabel([qi.lead_warning([]) or ""], self)
        self.warning.setStyleSheet("color: #b35c00")
        self.form.addRow(self.warning)
        for edit in self.leads.values():
            edit.textChanged.connect(self._warn)
        self._warn()

    def team(self) -> list[qi.TeamMember]:
        return [qi.TeamMember(e.text().strip(), role) for role, e in self.leads.items() if e.text().strip()]

    def _warn(self) -> None:
        self.warning.setText(qi.lead_warning(self.team()) or "")

    def build(self):
        return dict(picklist_code=self.item.code, code=self.code.text().strip() or None,
                    wave=self.wave.text(), start_date=self.start.value(),
                    status=self.status.currentData(), abandon_reason=self.reason.text(), team=self.team())


class ProjectDialog(EditDialog):
    """A project's details and SMART aim."""

    def __init__(self, project: qi.Project, measures: list[qi.Measure], on_save, parent=None):
        super().__init__(f"Project {project.code}", on_save, parent)
        self.project = project
        self.code = line(project.code, "Project code", self)
        self.title_edit = line(project.title, "Title", self)
        self.area = line(project.area, "Programme area", self)
        self.wave = line(project.wave, "Wave", self)
        self.start = date_edit(project.start_date, "Start date", self)
        self.end = OptionalDate(project.end_date, "End date", self)
        self.status = combo(qi.STATUS_LABELS, project.status, "Status", self)
        self.reason = line(project.abandon_reason, "Reason for abandoning", self)
        self.aim_text = para(project.aim_text, "Aim statement", self)
        self.aim_measure = QComboBox(self)
        self.aim_measure.setAccessibleName("Aim measure")
        self.aim_measure.addItem("(none)", "")
        for m in measures:
            self.aim_measure.addItem(f"{m.name} ({m.unit})" if m.unit else m.name, m.name)
        self.aim_measure.setCurrentIndex(max(0, self.aim_measure.findData(project.aim_measure)))
        self.aim_from = line("" if project.aim_from is None else f"{project.aim_from:g}", "Aim from", self)
        self.aim_to = line("" if project.aim_to is None else f"{project.aim_to:g}", "Aim to", self)
        self.aim_by = OptionalDate(project.aim_by, "Aim by when", self)
        for label, w in (("&Code", self.code), ("&Title", self.title_edit), ("Programme &area", self.area),
                         ("&Wave", self.wave), ("&Start date", self.start), ("&End date", self.end),
                         ("Stat&us", self.status), ("&Reason if abandoned", self.reason),
                         ("Aim stateme&nt", self.aim_text), ("Aim: &measure", self.aim_measure),
                         ("Aim: &from", self.aim_from), ("Aim: t&o", self.aim_to), ("Aim: &by when", self.aim_by)):
            self.form.addRow(label, w)

    def build(self):
        return replace(
            self.project, code=self.code.text(), title=self.title_edit.text(), area=self.area.text(),
            wave=self.wave.text(), start_date=self.start.value(), end_date=self.end.value(),
            status=self.status.currentData(), abandon_reason=self.reason.text(),
            aim_text=self.aim_text.toPlainText(), aim_measure=self.aim_measure.currentData() or "",
            aim_from=self.aim_from.text(), aim_to=self.aim_to.text(), aim_by=self.aim_by.value(),
        )


class MemberDialog(EditDialog):
    def __init__(self, member: qi.TeamMember | None, on_save, parent=None, *, store=None):
        super().__init__("Team member", on_save, parent)
        self.member = member or qi.TeamMember("", "other")
        self.name = StaffPicker(store, self.member.name, "Name", self)
        self.role = combo(qi.ROLE_LABELS, self.member.role, "Role", self)
        self.job = line(self.member.job_title, "Job title", self)
        self.form.addRow("&Name", self.name)
        self.form.addRow("&Role", self.role)
        self.form.addRow("&Job title", self.job)

    def build(self):
        return replace(self.member, name=self.name.text(), role=self.role.currentData(), job_title=self.job.text())


class MeasureDialog(EditDialog):
    """A measure of an adopted project, or (``for_picklist``) a suggested measure of a
    pick-list project, which has no data and so no baseline, rebase or primary mark."""

    def __init__(self, measure: qi.Measure | None, on_save, parent=None, *, for_picklist: bool = False):
        super().__init__("Suggested measure" if for_picklist else "Measure", on_save, parent)
        self.measure = measure or qi.Measure(type="process", name="", chart="p", scale=100, unit="%")
        m = self.measure
        self.name = line(m.name, "Measure name", self)
        self.type = combo({t: t.capitalize() for t in qi.MEASURE_TYPES}, m.type, "Measure type", self)
        self.numerator = para(m.numerator, "Numerator definition", self, 40)
        self.denominator = para(m.denominator, "Denominator definition", self, 40)
        self.better = combo({"higher": "Higher", "lower": "Lower"}, m.better, "Better direction", self,
                            blank="No direction")
        self.chart = combo(qi.CHART_LABELS, m.chart, "Chart type", self)
        self.scale = combo({"100": "× 100 (% or per 100)", "1000": "× 1,000 (per 1,000)", "1": "× 1 (count, score)"},
                           str(m.scale), "Scale", self)
        self.unit = line(m.unit, "Unit", self)
        self.baseline = QSpinBox(self)
        self.baseline.setRange(0, 120)
        special_value_text(self.baseline, "all months")
        self.baseline.setValue(m.baseline_points or 0)
        self.baseline.setAccessibleName("Baseline months")
        self.rebase = line(", ".join(m.rebase_months), "Rebase from months", self)
        self.rebase.setPlaceholderText("e.g. 2025-07, 2026-01 (blank: one segment)")
        self.rebase.setToolTip("Months from which a new centre line and limits start, once a change "
                               "has become the new normal (e.g. after a PDSA cycle was adopted)")
        self.primary = QCheckBox("&Primary measure (its signal is shown on the board)", self)
        self.primary.setChecked(m.is_primary)
        self.primary.setAccessibleName("Primary measure")
        rows = [("&Name", self.name), ("&Type", self.type), ("N&umerator", self.numerator),
                ("&Denominator", self.denominator), ("&Better", self.better), ("&Chart", self.chart),
                ("&Scale", self.scale), ("Un&it", self.unit)]
        if not for_picklist:
            rows += [("Baseline &months", self.baseline), ("&Rebase from", self.rebase), ("", self.primary)]
        else:
            for w in (self.baseline, self.rebase, self.primary):
                w.hide()
        for label, w in rows:
            self.form.addRow(label, w)

    def build(self):
        return replace(
            self.measure, name=self.name.text(), type=self.type.currentData(),
            numerator=self.numerator.toPlainText(), denominator=self.denominator.toPlainText(),
            better=self.better.currentData(), chart=self.chart.currentData(),
            scale=int(self.scale.currentData()), unit=self.unit.text(),
            baseline_points=self.baseline.value() or None, is_primary=self.primary.isChecked(),
            rebase_months=self.rebase.text(),
        )


class ValueDialog(EditDialog):
    """One month of a measure."""

    def __init__(self, measure: qi.Measure, value: qi.MeasureValue | None, on_save, parent=None,
                 *, month: str | None = None):
        super().__init__(f"{measure.name}: month", on_save, parent)
        self.measure = measure
        self.set_intro(f"Numerator: {measure.numerator}<br>Denominator: {measure.denominator or '(none)'}")
        self.month = line(value.month if value else (month or ""), "Month", self)
        self.month.setPlaceholderText("2025-03, Mar-25 or March 2025")
        self.numerator = line("" if value is None else str(value.numerator), "Numerator", self)
        self.denominator = line("" if value is None or value.denominator is None else str(value.denominator),
                                "Denominator", self)
        self.denominator.setEnabled(measure.needs_denominator)
        self.form.addRow("&Month", self.month)
        self.form.addRow("&Numerator", self.numerator)
        self.form.addRow("&Denominator", self.denominator)

    def build(self):
        num = parse_count(self.numerator.text())
        den_text = self.denominator.text().strip()
        den = parse_count(den_text) if den_text else None
        return qi.validate_value(self.measure, self.month.text(), num, den)


class PdsaDialog(EditDialog):
    """A PDSA cycle: plan, do, study, act and its dates."""

    def __init__(self, cycle: qi.PdsaCycle, ideas: list[str], on_save, parent=None):
        super().__init__("PDSA cycle", on_save, parent)
        self.cycle = cycle
        self.title_edit = line(cycle.title, "Cycle title", self)
        self.idea = QComboBox(self)
        self.idea.setEditable(True)
        self.idea.setAccessibleName("Change idea")
        self.idea.addItems(ideas)
        self.idea.setCurrentText(cycle.change_idea)
        self.prediction = para(cycle.prediction, "Prediction", self, 40)
        self.plan = para(cycle.plan, "Plan", self, 40)
        self.do = para(cycle.do, "Do", self, 40)
        self.study = para(cycle.study, "Study", self, 40)
        self.act = combo({a: a.capitalize() for a in qi.PDSA_ACTS}, cycle.act, "Act", self, blank="(not yet)")
        self.start = date_edit(cycle.start_date, "Start date", self)
        self.end = OptionalDate(cycle.end_date, "End date", self)
        for label, w in (("&Title", self.title_edit), ("&Change idea", self.idea), ("P&rediction", self.prediction),
                         ("&Plan", self.plan), ("D&o", self.do), ("&Study", self.study), ("&Act", self.act),
                         ("Start &date", self.start), ("&End date", self.end)):
            self.form.addRow(label, w)

    def build(self):
        return replace(
            self.cycle, title=self.title_edit.text(), change_idea=self.idea.currentText(),
            prediction=self.prediction.toPlainText(), plan=self.plan.toPlainText(), do=self.do.toPlainText(),
            study=self.study.toPlainText(), act=self.act.currentData(),
            start_date=self.start.value(), end_date=self.end.value(),
        )


class NoteDialog(EditDialog):
    def __init__(self, today: date, on_save, parent=None):
        super().__init__("Note", on_save, parent)
        self.date = date_edit(today, "Note date", self)
        self.text = para("", "Note", self, 100)
        self.form.addRow("&Date", self.date)
        self.form.addRow("&Note", self.text)

    def build(self):
        return qi.ProjectNote(self.date.value(), self.text.toPlainText())


class EventDialog(EditDialog):
    def __init__(self, event: qi.ProgrammeEvent, on_save, parent=None):
        super().__init__("Programme event", on_save, parent)
        self.event = event
        self.kind = combo(qi.EVENT_LABELS, event.kind, "Event kind", self)
        self.date = date_edit(event.date, "Event date", self)
        self.title_edit = line(event.title, "Event title", self)
        self.attendees = line(event.attendees, "Who went", self)
        self.learning = para(event.learning, "What was learned", self, 80)
        for label, w in (("&Kind", self.kind), ("&Date", self.date), ("&Title", self.title_edit),
                         ("&Who went", self.attendees), ("What was &learned", self.learning)):
            self.form.addRow(label, w)

    def build(self):
        return replace(self.event, kind=self.kind.currentData(), date=self.date.value(),
                       title=self.title_edit.text(), attendees=self.attendees.text(),
                       learning=self.learning.toPlainText())


class ActionDialog(EditDialog):
    def __init__(self, action: qi.EventAction, on_save, parent=None):
        super().__init__("Action", on_save, parent)
        self.action = action
        self.text = line(action.action, "Action", self)
        self.owner = line(action.owner, "Owner", self)
        self.due = date_edit(action.due_date, "Due date", self)
        self.status = combo(qi.ACTION_LABELS, action.status, "Action status", self)
        for label, w in (("&Action", self.text), ("&Owner", self.owner), ("&Due", self.due), ("&Status", self.status)):
            self.form.addRow(label, w)

    def build(self):
        return replace(self.action, action=self.text.text(), owner=self.owner.text(),
                       due_date=self.due.value(), status=self.status.currentData())


class PicklistProjectDialog(EditDialog):
    """A pick-list project's description (its measures are edited in the list beside it)."""

    def __init__(self, item: qi.PicklistProject | None, on_save, parent=None):
        super().__init__("Pick-list project", on_save, parent)
        self.item = item or qi.PicklistProject(code="", title="", local=True)
        p = self.item
        self.code = line(p.code, "Code", self)
        self.title_edit = line(p.title, "Title", self)
        self.area = line(p.area, "Programme area", self)
        self.rationale = para(p.rationale, "Rationale", self, 60)
        self.aim = para(p.suggested_aim, "Suggested aim", self, 40)
        for label, w in (("&Code", self.code), ("&Title", self.title_edit), ("Programme &area", self.area),
                         ("&Rationale", self.rationale), ("Suggested ai&m", self.aim)):
            self.form.addRow(label, w)

    def build(self):
        return replace(self.item, code=self.code.text(), title=self.title_edit.text(), area=self.area.text(),
                       rationale=self.rationale.toPlainText(), suggested_aim=self.aim.toPlainText())
