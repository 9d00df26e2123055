"""Table models of the incentive-scheme page: the ten safety actions, and one action's
requirements (over :class:`maternity_desk.store.mis.ActionView` and ``RequirementView``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from maternity_desk.core import mis
from maternity_desk.exchange.mis import RAG_WORD
from maternity_desk.ui.mis.dialogs import figure_text
from maternity_desk.ui.table_model import RIGHT, SORT_ROLE, RowsModel, uk_date

RAG_BACKGROUND = {"green": "#C6EFCE", "amber": "#FFEB9C", "red": "#FFC7CE"}
RAG_TEXT = {"green": "#006100", "amber": "#9C5700", "red": "#9C0006"}
STATUS_RAG = {"met": "green", "not_met": "red", "in_progress": "amber", "not_started": "amber"}


def _rag_role(rag: str | None, role):
    if rag and role == Qt.ItemDataRole.BackgroundRole:
        return QBrush(QColor(RAG_BACKGROUND[rag]))
    if rag and role == Qt.ItemDataRole.ForegroundRole:
        return QBrush(QColor(RAG_TEXT[rag]))
    return None


class ActionsModel(RowsModel):
    HEADERS = ("Action", "Safety action", "Status", "RAG", "Met")
    HEADER_TIPS = (None, "The question each safety action asks, in this app's words", None,
                   "Green: met; amber: under way; red: not met", "Requirements met of those that apply")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        a, c = self._rows[index.row()], index.column()
        live = [r for r in a.requirements if r.status != "not_applicable"]
        met = sum(r.status == "met" for r in live)
        values = (str(a.action.number), a.action.title, mis.STATUS_LABELS[a.status], RAG_WORD[a.rag],
                  f"{met} of {len(live)}")
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return values[c]
        if role == Qt.ItemDataRole.ToolTipRole and c == 1:
            return a.action.title
        if role == SORT_ROLE:
            return (a.action.number, a.action.title, a.status, a.rag or "", met)[c]
        if c in (2, 3):
            return _rag_role(a.rag, role)
        if role == Qt.ItemDataRole.TextAlignmentRole and c in (0, 4):
            return RIGHT
        return None


class RequirementsModel(RowsModel):
    HEADERS = ("Requirement", "How judged", "Status", "Figure", "Owner", "Evidence saved at", "Approved by",
               "Approval date", "Notes", "Guidance")
    HEADER_TIPS = (None, "Computed from the app's records, or judged by a person",
                   "A computed requirement's status follows its figure",
                   "Numerator of denominator over the window, against the threshold", None,
                   "Double-click the row, then Open, to open it", "The forum that approved the evidence", None, None,
                   "Whether the requirement was checked against the published guidance")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        v, c = self._rows[index.row()], index.column()
        r, t = v.requirement, v.tracking
        how = "Computed" if r.computed else "Judged"
        values = (r.text, how, mis.STATUS_LABELS[v.status],
                  figure_text(v), v.owner, t.evidence_location, t.approval_forum, uk_date(t.approval_date),
                  t.notes.replace("\n", " "), "Checked" if r.verified == "V" else "Not verified")
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return values[c]
        if role == Qt.ItemDataRole.ToolTipRole and c in (0, 3, 5, 8):
            if c == 0:
                return r.text + ("" if r.verified == "V" else f"\n{mis.NOT_VERIFIED}") + (
                    f"\nEvidence expected: {r.evidence}" if r.evidence else "")
            if c == 3 and v.figure is not None:
                f = v.figure
                return f"Window {uk_date(f.start)} to {uk_date(f.end)}"
            return values[c]
        if role == SORT_ROLE:
            return (r.position, how, v.status, -1 if v.figure is None or v.figure.percent is None else v.figure.percent,
                    v.owner, t.evidence_location, t.approval_forum, t.approval_date.isoformat() if t.approval_date else "",
                    t.notes, r.verified)[c]
        if c == 2:
            return _rag_role(STATUS_RAG.get(v.status), role)
        return None
