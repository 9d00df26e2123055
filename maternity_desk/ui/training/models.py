"""Table models over :mod:`maternity_desk.core.training` records (one model per table)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtGui import QBrush, QColor

from maternity_desk.core.training import (
    ATTENDED,
    STATUS_LABELS,
    ComplianceRow,
    Course,
    HistoryEntry,
    StaffGroup,
    StaffMember,
    TrainingSession,
    TrainingStatus,
)
from maternity_desk.ui.table_model import ROOT as _ROOT
from maternity_desk.ui.table_model import SORT_ROLE, RowsModel, SortsItself
from maternity_desk.ui.table_model import uk_date as uk

RAG_BACKGROUND = {"green": "#C6EFCE", "amber": "#FFEB9C", "red": "#FFC7CE"}
RAG_TEXT = {"green": "#006100", "amber": "#9C5700", "red": "#9C0006"}
RAG_WORD = {"green": "green", "amber": "amber", "red": "red"}
SHORT_GROUP = {
    "midwife": "Midwives",
    "msw": "MSWs",
    "obstetric_consultant": "Obstetric\nconsultants",
    "obstetric_doctor": "Obstetric\ndoctors",
    "anaesthetic_consultant": "Anaesthetic\nconsultants",
    "anaesthetic_doctor": "Anaesthetic\ndoctors",
    "neonatal_consultant": "Neonatal\nconsultants",
    "neonatal_doctor": "Neonatal\ndoctors",
    "neonatal_nurse": "Neonatal\nnurses",
    "annp": "ANNPs",
}

_Display = Qt.ItemDataRole.DisplayRole


class _ListModel(RowsModel):
    """A table over a list of records; subclasses give HEADERS and ``cell(row, col)``."""

    HEADERS: tuple[str, ...] = ()

    def cell(self, row, col: int) -> Any:
        """The value in column ``col`` for record ``row`` (subclasses say which)."""
        return None

    def data(self, index, role=_Display):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        value = self.cell(self.rows[index.row()], index.column())
        if role == SORT_ROLE:
            if value is None:
                return ""
            return value.isoformat() if isinstance(value, date) else value
        if role in (_Display, Qt.ItemDataRole.AccessibleTextRole):
            if isinstance(value, date):
                return uk(value)
            return "" if value is None else str(value)
        return None

    def record(self, row: int):
        return self.rows[row] if 0 <= row < len(self.rows) else None


class ComplianceGridModel(QAbstractTableModel):
    """Courses down, staff groups across; each cell is percent, in date / eligible, RAG colour."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.courses: list[Course] = []
        self.groups: list[StaffGroup] = []
        self.cells: dict[tuple[str, str], ComplianceRow] = {}

    def set_data(self, courses: list[Course], groups: list[StaffGroup], rows: list[ComplianceRow]) -> None:
        self.beginResetModel()
        self.courses = [c for c in courses if c.mandatory]
        self.groups = list(groups)
        self.cells = {(r.course, r.staff_group): r for r in rows}
        self.endResetModel()

    def rowCount(self, parent=_ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.courses)

    def columnCount(self, parent=_ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.groups)

    def headerData(self, section, orientation, role=_Display):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.groups):
            g = self.groups[section]
            if role == _Display:
                return SHORT_GROUP.get(g.code, g.name)
            if role == Qt.ItemDataRole.ToolTipRole:
                return g.name
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.courses):
            c = self.courses[section]
            if role == _Display:
                return c.code
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{c.name} (renewed every {c.renewal_months} months)"
        return None

    def row_at(self, index) -> ComplianceRow | None:
        if not index.isValid():
            return None
        return self.cells.get((self.courses[index.row()].code, self.groups[index.column()].code))

    def data(self, index, role=_Display):
        if not index.isValid():
            return None
        r = self.row_at(index)
        course, group = self.courses[index.row()], self.groups[index.column()]
        if r is None:
            if role == _Display:
                return "—"
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                return f"{group.name}s do not take {course.code}"
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor("#888888"))
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        pct = "no staff" if r.percent is None else f"{r.percent:.1f}%"
        if role == _Display:
            return f"{pct}\n{r.in_date} / {r.eligible}"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            rag = f", {RAG_WORD[r.rag]}" if r.rag else ""
            return f"{course.code}, {group.name}: {pct}{rag}; {r.in_date} of {r.eligible} eligible in date"
        if role == Qt.ItemDataRole.BackgroundRole and r.rag:
            return QBrush(QColor(RAG_BACKGROUND[r.rag]))
        if role == Qt.ItemDataRole.ForegroundRole and r.rag:
            return QBrush(QColor(RAG_TEXT[r.rag]))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class StaffModel(SortsItself, _ListModel):
    HEADERS = ("Staff number", "Name", "Staff group", "Start date", "Leave date", "Absent", "Notes")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.group_names: dict[str, str] = {}
        self.absent: dict[str, str] = {}

    def cell(self, m: StaffMember, col: int):
        return (m.staff_number, m.name, self.group_names.get(m.staff_group, m.staff_group), m.start_date,
                m.leave_date, self.absent.get(m.staff_number, ""), m.notes)[col]


class StatusModel(SortsItself, _ListModel):
    """Overdue or due-soon list: course first, so a person listed for several courses reads as
    several different rows; sorting by course groups the rows course by course, each course's
    rows by expiry (never attended first), then name."""

    COURSE, NAME, GROUP, EXPIRY, LAST, NUMBER = range(6)

    def __init__(self, parent=None, *, expiry_header: str = "Expired"):
        super().__init__(parent)
        self.HEADERS = ("Course", "Name", "Staff group", expiry_header, "Last attended", "Staff number")
        self.group_names: dict[str, str] = {}
        self.course_names: dict[str, str] = {}
        self.course_order: dict[str, int] = {}

    def cell(self, s: TrainingStatus, col: int):
        if col == self.EXPIRY and s.expiry is None:
            return "Never attended"
        if col == self.LAST and s.last_attended is None:
            return "Never"
        return (s.course, s.name, self.group_names.get(s.staff_group, s.staff_group), s.expiry,
                s.last_attended, s.staff_number)[col]

    def data(self, index, role=_Display):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        s = self.rows[index.row()]
        col = index.column()
        if role == SORT_ROLE:
            expiry = s.expiry.isoformat() if s.expiry else "0000-00-00"  # never attended: first
            if col == self.COURSE:
                return f"{self.course_order.get(s.course, 999):04d}|{s.course}|{expiry}|{s.name.lower()}"
            if col == self.EXPIRY:
                return f"{expiry}|{self.course_order.get(s.course, 999):04d}|{s.name.lower()}"
            if col == self.NAME:
                return f"{s.name.lower()}|{self.course_order.get(s.course, 999):04d}"
        if role == Qt.ItemDataRole.ToolTipRole:
            course = self.course_names.get(s.course, s.course)
            when = f"expired {uk(s.expiry)}" if s.expiry else "never attended"
            if s.expiry and s.last_attended and self.HEADERS[self.EXPIRY] != "Expired":
                when = f"expires {uk(s.expiry)}"
            return f"{s.name} ({self.group_names.get(s.staff_group, s.staff_group)}): {course}, {when}"
        return super().data(index, role)


class SessionModel(SortsItself, _ListModel):
    HEADERS = ("Date", "Course", "Venue", "Facilitator", "Capacity", "Attended", "DNA", "Cancelled", "Status",
               "Funded by")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.funds: dict[int, str] = {}

    def cell(self, s: TrainingSession, col: int):
        fund = self.funds.get(s.fund_entry_id, "") if s.fund_entry_id else ""
        return (s.date, s.course_code, s.venue, s.facilitator, s.capacity, s.attended, s.dna, s.cancelled,
                s.status, fund)[col]


class HistoryModel(_ListModel):
    HEADERS = ("Date", "Course", "Status", "Expires")

    def cell(self, h: HistoryEntry, col: int):
        return (h.date, h.course, STATUS_LABELS.get(h.status, h.status), h.expiry)[col]


class SignInModel(_ListModel):
    """The register for one session: tick = attended; DNA and cancelled set by buttons."""

    HEADERS = ("Attended", "Name", "Staff number", "Staff group", "Status")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.status: dict[str, str | None] = {}
        self.group_names: dict[str, str] = {}

    def cell(self, m: StaffMember, col: int):
        st = self.status.get(m.staff_number)
        return ("", m.name, m.staff_number, self.group_names.get(m.staff_group, m.staff_group),
                STATUS_LABELS.get(st, "") if st else "")[col]

    def flags(self, index):
        base = super().flags(index)
        if index.column() == 0:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index, role=_Display):
        if index.isValid() and index.column() == 0:
            attended = self.status.get(self.rows[index.row()].staff_number) == ATTENDED
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if attended else Qt.CheckState.Unchecked
            if role == SORT_ROLE:
                return 0 if attended else 1
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return "attended" if attended else "not ticked"
        return super().data(index, role)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        self.set_status(index.row(), ATTENDED if checked else None)
        return True

    def set_status(self, row: int, status: str | None) -> None:
        number = self.rows[row].staff_number
        self.status[number] = status
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def counts(self) -> dict[str, int]:
        out = {"attended": 0, "dna": 0, "cancelled": 0}
        for st in self.status.values():
            if st:
                out[st] += 1
        return out
