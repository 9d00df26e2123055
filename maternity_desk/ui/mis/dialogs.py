"""Dialogs of the incentive-scheme page: what the unit records against a requirement, and
the monthly quality reports to the board. Each writes through the store (audited); a refusal
is shown as a plain message and the dialog stays open with what was typed.

Signals (every dialog): ``record_saved(object)`` (from FormDialog).
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from maternity_desk.core import mis
from maternity_desk.core.errors import MaternityDeskError
from maternity_desk.core.periods import parse_month
from maternity_desk.store import mis as sm
from maternity_desk.store import training as st
from maternity_desk.ui.datebox import date_edit
from maternity_desk.ui.governance.dialogs import FormDialog

FOLLOWS = "follows"


def evidence_url(location: str) -> QUrl:
    """A web address as it is; anything else as a file or folder path."""
    text = location.strip()
    if "://" in text or text.lower().startswith(("mailto:", "www.")):
        return QUrl(text if "://" in text or text.startswith("mailto:") else f"https://{text}")
    return QUrl.fromLocalFile(text)


def open_evidence(location: str) -> bool:
    """Open the evidence location with the system's handler (a folder, a file, a link)."""
    return bool(location.strip()) and QDesktopServices.openUrl(evidence_url(location))


def figure_text(view: sm.RequirementView) -> str:
    if view.not_computed:
        return "Not computed yet"
    f = view.figure
    if f is None:
        return ""
    if f.percent is None:
        return f"Nothing due yet (needs {f.threshold:g}%)"
    return f"{f.numerator:,} of {f.denominator:,} ({f.percent:.1f}%; needs {f.threshold:g}%)"


class TrackingDialog(FormDialog):
    """Status, owner, evidence location, approval and notes of one requirement. A computed
    requirement's figure is shown, not editable: its status follows the figure (or the
    unit marks it not applicable)."""

    def __init__(self, store, label: str, view: sm.RequirementView, parent=None):
        super().__init__(store, "Requirement", parent)
        self.label, self.view = label, view
        r, t = view.requirement, view.tracking
        text = QLabel(r.text + ("" if r.verified == "V" else f"\n{mis.NOT_VERIFIED}"))
        text.setWordWrap(True)
        self.form.addRow("Requirement:", text)
        if r.evidence:
            expected = QLabel(r.evidence)
            expected.setWordWrap(True)
            self.form.addRow("Evidence expected:", expected)
        if r.computed:
            self.form.addRow("Figure:", QLabel(figure_text(view) or "Not computed yet"))
            items = [("Follows the figure", FOLLOWS), ("Not applicable", "not_applicable")]
            current = "not_applicable" if t.status == "not_applicable" else FOLLOWS
        else:
            items = [(mis.STATUS_LABELS[s], s) for s in mis.STATUSES]
            current = t.status
        self.status = self.combo("&Status", items, current)
        self.owner = QComboBox()
        self.owner.setEditable(True)
        self.owner.setAccessibleName("Owner")
        self.owner.addItem("", None)
        for m in sorted(st.list_staff(store), key=lambda m: m.name.lower()):
            if m.leave_date is None or m.staff_number == t.owner_staff:
                self.owner.addItem(f"{m.name} ({m.staff_number})", m.staff_number)
        if t.owner_staff:
            self.owner.setCurrentIndex(max(0, self.owner.findData(t.owner_staff)))
        else:
            self.owner.setEditText(t.owner_text)
        self.owner.lineEdit().setPlaceholderText("pick from the staff register, or type a role or name")
        self.form.addRow("&Owner", self.owner)
        self.evidence = QLineEdit(t.evidence_location)
        self.evidence.setAccessibleName("Evidence saved at")
        self.evidence.setPlaceholderText("a folder, file or web address")
        row = QWidget()
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.evidence, 1)
        opener = QPushButton("O&pen")
        opener.setAccessibleName("Open the evidence")
        opener.clicked.connect(lambda: open_evidence(self.evidence.text()))
        lay.addWidget(opener)
        label = QLabel("&Evidence saved at")
        label.setBuddy(self.evidence)  # the mnemonic reaches the text, not the row holding it
        self.form.addRow(label, row)
        self.forum = self.line("Approved &by (forum)", t.approval_forum, "e.g. Trust board, quality committee")
        self.approved = date_edit(t.approval_date, "Approval date", optional=True)
        self.form.addRow("Approval &date", self.approved)
        self.notes = self.text_field("&Notes", t.notes, 80)

    def owner_values(self) -> tuple[str | None, str]:
        text = self.owner.currentText().strip()
        i = self.owner.findText(text)
        data = self.owner.itemData(i) if i >= 0 else None
        return (data, "") if data else (None, text)

    def save(self):
        approved = self.approved.value()  # refuses a date it cannot read, naming the field
        staff, text = self.owner_values()
        status = self.status.currentData()
        if status == FOLLOWS:
            status = "not_started"
        t = mis.Tracking(self.view.requirement.code, status, staff, text, self.evidence.text(),
                         self.forum.text(), approved, self.notes.toPlainText())
        sm.save_tracking(self.store, self.label, t)
        return t.code


class BoardReportDialog(FormDialog):
    """One month's quality report to the board (safety action 9)."""

    def __init__(self, store, parent=None):
        super().__init__(store, "Board report", parent)
        self.month = self.line("&Month reported on", "", "e.g. Nov 2026 or 2026-11")
        self.presented = date_edit(None, "Presented to the board on")
        self.form.addRow("&Presented to the board on", self.presented)
        self.notes = self.text_field("&Notes", "", 60)

    def save(self):
        month = parse_month(self.month.text())
        presented = self.presented.value()
        if presented is None:
            raise MaternityDeskError("Say when the report was presented to the board.")
        sm.save_board_report(self.store, month, presented, self.notes.toPlainText())
        return month


class RequirementDialog(FormDialog):
    """The wording, evidence expected, window and threshold of one requirement of an open
    year (the shipped texts are not verified: the unit corrects them here)."""

    def __init__(self, store, label: str, req: mis.Requirement, parent=None):
        super().__init__(store, "Requirement wording", parent)
        self.label, self.req = label, req
        self.text = self.text_field("&Requirement", req.text, 70)
        self.evidence = self.text_field("&Evidence expected", req.evidence, 50)
        self.window_from = self.window_to = self.threshold = None
        if req.computed:
            self.window_from = date_edit(req.window_from, "Window from")
            self.form.addRow("Window &from", self.window_from)
            self.window_to = date_edit(req.window_to, "Window to")
            self.form.addRow("Window &to", self.window_to)
            self.threshold = self.line("T&hreshold (%)", f"{req.threshold:g}" if req.threshold is not None else "")
        self.verified = self.combo("&Checked against the guidance", [("Not verified", "U"), ("Checked", "V")],
                                   req.verified)

    def save(self):
        values = {"action": self.req.action, "code": self.req.code, "text": self.text.toPlainText(),
                  "evidence": self.evidence.toPlainText(), "how": self.req.how,
                  "verified": self.verified.currentData()}
        if self.req.computed:
            values |= {"window_from": self.window_from.value(), "window_to": self.window_to.value(),
                       "threshold": self.threshold.text()}
        new = mis.make_requirement(values, position=self.req.position)
        sm.save_requirement(self.store, self.label, new)
        return new.code
