"""Table models for the governance registers: one model per table over core dataclasses,
refilled with :meth:`RowsModel.set_rows`. Overdue rows are tinted and flagged in text too
(colour is never the only signal)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from maternity_desk.core import governance as g
from maternity_desk.core.words import capitalised, period_label, plural
from maternity_desk.ui import table_model
from maternity_desk.ui.table_model import SORT_ROLE
from maternity_desk.ui.table_model import uk_date as fmt

ROW_ROLE = Qt.ItemDataRole.UserRole + 2
OVERDUE_BG = QColor("#FFC7CE")
LATE_BG = QColor("#FFEB9C")
DONE_BG = QColor("#C6EFCE")


@dataclass(frozen=True)
class Col:
    header: str
    text: Callable[[Any], Any]
    sort: Callable[[Any], Any] | None = None
    background: Callable[[Any], QColor | None] | None = None
    tip: Callable[[Any], str] | None = None


class RowsModel(table_model.RowsModel):
    """A read-only table over a list of rows described by :attr:`COLUMNS`."""

    COLUMNS: list[Col] = []

    def __init__(self, parent=None):
        super().__init__(parent)
        self._cols: list[Col] | None = None
        self._cache: dict = {}
        self.as_at = date.today()

    def columns(self) -> list[Col]:
        if self._cols is None:
            self._cols = list(self.COLUMNS)
        return self._cols

    def set_rows(self, rows, as_at: date | None = None) -> None:
        self.beginResetModel()
        self._cache = {}
        self._rows = list(rows)
        if as_at is not None:
            self.as_at = as_at
        self.endResetModel()

    def headers(self) -> list[str]:
        return [c.header for c in self.columns()]

    def rows(self) -> list:  # a copy
        return list(self._rows)

    def row_at(self, row: int):
        return self._rows[row]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = self.columns()[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = col.text(self._bind(row))
            return "" if value is None else str(value)
        if role == SORT_ROLE:
            key = (col.sort or col.text)(self._bind(row))
            if isinstance(key, date):
                return key.toordinal()
            return "" if key is None else key
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.BackgroundRole and col.background:
            colour = col.background(self._bind(row))
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.ToolTipRole and col.tip:
            return col.tip(self._bind(row))
        return None

    def _bind(self, row):
        return row


def _overdue_bg(n: int | None) -> QColor | None:
    return OVERDUE_BG if n else None


class ChampionModel(RowsModel):
    def __init__(self, roles: dict[str, str] | None = None, parent=None):
        super().__init__(parent)
        self.roles = roles or {}

    @property
    def COLUMNS(self):  # noqa: N802
        return [
            Col("Role", lambda c: self.roles.get(c.role, c.role)),
            Col("Person", lambda c: c.person),
            Col("In role from", lambda c: fmt(c.start_date), sort=lambda c: c.start_date),
            Col("Until", lambda c: fmt(c.end_date) or "(current)", sort=lambda c: c.end_date or date.max),
        ]


class MeetingModel(RowsModel):
    COLUMNS = [
        Col("Date", lambda m: fmt(m.date), sort=lambda m: m.date),
        Col("Attendees", lambda m: m.attendees),
        Col("Issues raised", lambda m: m.issues, tip=lambda m: m.issues),
    ]


class FollowUpModel(RowsModel):
    """Actions from champions' meetings or reviews; ``parents`` labels the parent record."""

    def __init__(self, parent_header: str, parents: dict | None = None, parent=None):
        super().__init__(parent)
        self.parent_header = parent_header
        self.parents = parents or {}

    @property
    def COLUMNS(self):  # noqa: N802
        return [
            Col(self.parent_header, lambda a: self.parents.get(a.parent_id, "")),
            Col("Action", lambda a: a.action, tip=lambda a: a.action),
            Col("Owner", lambda a: a.owner),
            Col("Due", lambda a: fmt(a.due_date), sort=lambda a: a.due_date or date.max,
                background=lambda a: _overdue_bg(a.days_overdue(self.as_at))),
            Col("Status", lambda a: self._status(a), background=lambda a: _overdue_bg(a.days_overdue(self.as_at))),
        ]

    def _status(self, a: g.FollowUp) -> str:
        n = a.days_overdue(self.as_at)
        if n:
            return f"Overdue ({n} d)"
        return a.status.capitalize() + (f" {fmt(a.completed_date)}" if a.completed_date else "")


class PlanVersionModel(RowsModel):
    COLUMNS = [
        Col("Version", lambda v: v.version),
        Col("Agreed", lambda v: fmt(v.date_agreed), sort=lambda v: v.date_agreed),
        Col("Published", lambda v: fmt(v.date_published) or "not yet", sort=lambda v: v.date_published or date.max,
            background=lambda v: None if v.published else LATE_BG),
        Col("Where published", lambda v: v.where_published, tip=lambda v: v.where_published),
    ]


class PlanActionModel(RowsModel):
    @property
    def COLUMNS(self):  # noqa: N802
        return [
            Col("Area", lambda a: a.area),
            Col("Action", lambda a: a.action, tip=lambda a: a.action),
            Col("Owner", lambda a: a.owner),
            Col("Due", lambda a: fmt(a.due_date), sort=lambda a: a.due_date or date.max,
                background=lambda a: _overdue_bg(a.days_overdue(self.as_at))),
            Col("Status", lambda a: self._status(a), sort=lambda a: g.PLAN_STATUSES.index(a.status),
                background=lambda a: _overdue_bg(a.days_overdue(self.as_at))
                or (DONE_BG if a.status == "complete" else None)),
            Col("Evidence", lambda a: a.evidence, tip=lambda a: a.evidence),
        ]

    def _status(self, a: g.PlanAction) -> str:
        n = a.days_overdue(self.as_at)
        label = g.PLAN_STATUS_LABELS[a.status]
        return f"{label}: overdue {n} d" if n else label


class ProgressModel(RowsModel):
    COLUMNS = [
        Col("Area", lambda p: p.area),
        Col("Not started", lambda p: p.not_started),
        Col("In progress", lambda p: p.in_progress),
        Col("Complete", lambda p: p.complete),
        Col("Dropped", lambda p: p.dropped),
        Col("Overdue", lambda p: p.overdue, background=lambda p: _overdue_bg(p.overdue)),
        Col("% complete", lambda p: "-" if p.percent_complete is None else f"{p.percent_complete:.0f}%",
            sort=lambda p: -1 if p.percent_complete is None else p.percent_complete),
    ]


class SubmissionModel(RowsModel):
    def __init__(self, names: dict[str, str] | None = None, parent=None):
        super().__init__(parent)
        self.names = names or {}

    @property
    def COLUMNS(self):  # noqa: N802
        return [
            Col("Dataset", lambda s: self.names.get(s.dataset, s.dataset)),
            Col("Period", lambda s: period_label(s.period), sort=lambda s: s.period),
            Col("Due", lambda s: fmt(s.due_date), sort=lambda s: s.due_date),
            Col("Submitted", lambda s: fmt(s.submitted_date), sort=lambda s: s.submitted_date or date.max),
            Col("By", lambda s: s.submitted_by),
            Col("Status", lambda s: s.status(self.as_at) + ("" if s.id is not None else " (not recorded)"),
                background=self._bg),
            Col("Data-quality issues", lambda s: s.dq_issues, tip=lambda s: s.dq_issues),
        ]

    def _bg(self, s: g.Submission) -> QColor | None:
        status = s.status(self.as_at)
        return {"Overdue": OVERDUE_BG, "Submitted late": LATE_BG}.get(status)


class DatasetModel(RowsModel):
    COLUMNS = [
        Col("Code", lambda d: d.code),
        Col("Dataset", lambda d: d.name),
        Col("Cadence", lambda d: capitalised(d.cadence)),
        Col("Due", lambda d: (f"{d.due_working_days} working days after the event" if d.cadence == "per_case"
                              else f"{plural(d.due_months, 'month')} after the period, day {d.due_day}")),
        Col("Tracked from", lambda d: period_label(d.first_period)),
        Col("Active", lambda d: "Yes" if d.active else "No"),
    ]


class ReviewModel(RowsModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rules: list[g.DeadlineRule] = []
        self.calendar = g.WorkingCalendar()

    @property
    def COLUMNS(self):  # noqa: N802
        cols = [
            Col("Reference", lambda c: c.reference),
            Col("Category", lambda c: g.CATEGORY_LABELS[c.category]),
            Col("Gestation", lambda c: c.gestation, sort=lambda c: c.gestation_days),
            Col("Date of death", lambda c: fmt(c.date_of_death), sort=lambda c: c.date_of_death),
        ]
        for code in g.MILESTONES:
            cols.append(Col(g.MILESTONE_LABELS[code], lambda c, code=code: self._ms_text(c, code),
                            sort=lambda c, code=code: c.milestone(code) or date.max,
                            background=lambda c, code=code: self._ms_bg(c, code),
                            tip=lambda c, code=code: self._ms_tip(c, code)))
        cols.append(Col("Status", lambda c: g.case_status(c, self.as_at)))
        return cols

    def _ms(self, c: g.ReviewCase, code: str) -> g.MilestoneStatus | None:
        key = (c.id, c.reference)
        if key not in self._cache:
            self._cache[key] = {ms.code: ms for ms in g.milestone_statuses(c, self.rules, self.calendar, self.as_at)}
        return self._cache[key].get(code)

    def _ms_text(self, c, code) -> str:
        ms = self._ms(c, code)
        if ms is None:
            return fmt(c.milestone(code))
        if ms.done:
            return fmt(ms.done) + (" (late)" if ms.state == "late" else "")
        if ms.state == "overdue":
            return f"OVERDUE {ms.days_overdue} d"
        return f"due {fmt(ms.due)}"

    def _ms_bg(self, c, code) -> QColor | None:
        ms = self._ms(c, code)
        if ms is None:
            return None
        return {"overdue": OVERDUE_BG, "late": LATE_BG}.get(ms.state)

    def _ms_tip(self, c, code) -> str:
        ms = self._ms(c, code)
        return "" if ms is None else f"{ms.label}: due {fmt(ms.due)}"


class OverdueModel(RowsModel):
    COLUMNS = [
        Col("Register", lambda i: i.register),
        Col("Item", lambda i: i.item, tip=lambda i: i.item),
        Col("Due", lambda i: fmt(i.due_date), sort=lambda i: i.due_date),
        Col("Days overdue", lambda i: i.days_overdue, sort=lambda i: i.days_overdue),
    ]


class ThemeModel(RowsModel):
    COLUMNS = [Col("Learning theme", lambda t: t[0]), Col("Cases", lambda t: t[1])]
