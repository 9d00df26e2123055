"""Table models over :mod:`maternity_desk.core.improvement` objects (one per table)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from maternity_desk.core import improvement as qi
from maternity_desk.core.periods import month_label
from maternity_desk.ui import table_model
from maternity_desk.ui.table_model import SORT_ROLE
from maternity_desk.ui.table_model import uk_date as fmt_date

SIGNAL_COLOUR = {"improving": "#00a0e0", "concern": "#e46c0a", "no change": "#555555"}


def fmt_number(v: float | None, digits: int = 1) -> str:
    return "" if v is None else f"{v:,.{digits}f}"


class RowsModel(table_model.RowsModel):
    """A read-only table over a list of objects; ``COLUMNS`` is (header, display fn, sort fn)."""

    COLUMNS: Sequence[tuple[str, Callable[[Any], Any], Callable[[Any], Any] | None]] = ()

    def headers(self) -> list[str]:
        return [c[0] for c in self.COLUMNS]

    def row_at(self, index: QModelIndex):
        return self.rows[index.row()] if index.isValid() and index.row() < len(self.rows) else None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        header, show, sort = self.COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = show(row)
            return "" if value is None else str(value)
        if role == SORT_ROLE:
            key = (sort or show)(row)
            return "" if key is None else key
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row, header)
        return None

    def foreground(self, row, header):
        return None


class PicklistModel(RowsModel):
    COLUMNS = (
        ("Code", lambda p: p.code, None),
        ("Project", lambda p: p.title, None),
        ("Programme area", lambda p: p.area, None),
        ("Measures", lambda p: len(p.measures), None),
        ("Source", lambda p: "local" if p.local else "programme", None),
    )


class MeasureModel(RowsModel):
    COLUMNS = (
        ("Measure", lambda m: m.name + (" (primary)" if m.is_primary else ""), None),
        ("Type", lambda m: m.type, None),
        ("Better", lambda m: m.better or "—", None),
        ("Chart", lambda m: qi.CHART_LABELS[m.chart], None),
        ("Rebased from", lambda m: ", ".join(month_label(mo) for mo in m.rebase_months) or "—",
         lambda m: ",".join(m.rebase_months)),
    )


class PicklistMeasureModel(RowsModel):
    """The suggested measures of one pick-list project."""

    COLUMNS = (
        ("Measure", lambda m: m.name, None),
        ("Type", lambda m: m.type, None),
        ("Better", lambda m: m.better or "—", None),
        ("Chart", lambda m: qi.CHART_LABELS[m.chart], None),
        ("Numerator", lambda m: m.numerator, None),
        ("Denominator", lambda m: m.denominator or "—", None),
    )


class ValueModel(RowsModel):
    """Months of one measure with the shown value (computed by the core)."""

    COLUMNS = (
        ("Month", lambda r: month_label(r[0].month), lambda r: r[0].month),
        ("Numerator", lambda r: r[0].numerator, lambda r: r[0].numerator),
        ("Denominator", lambda r: "" if r[0].denominator is None else r[0].denominator,
         lambda r: r[0].denominator or 0),
        ("Value", lambda r: fmt_number(r[1], 2), lambda r: r[1]),
    )

    def set_values(self, measure: qi.Measure, values: Sequence[qi.MeasureValue]) -> None:
        self.set_rows([(v, qi.point_value(measure, v.numerator, v.denominator)) for v in values])


class TeamModel(RowsModel):
    COLUMNS = (
        ("Name", lambda m: m.name, None),
        ("Role", lambda m: qi.ROLE_LABELS[m.role], None),
        ("Job title", lambda m: m.job_title, None),
    )


class PdsaModel(RowsModel):
    COLUMNS = (
        ("Cycle", lambda c: c.title, None),
        ("Change idea", lambda c: c.change_idea, None),
        ("Start", lambda c: fmt_date(c.start_date), lambda c: c.start_date.isoformat()),
        ("End", lambda c: fmt_date(c.end_date), lambda c: c.end_date.isoformat() if c.end_date else ""),
        ("Act", lambda c: c.act or ("studying" if c.study else "in progress"), None),
    )


class NoteModel(RowsModel):
    COLUMNS = (
        ("Date", lambda n: fmt_date(n.date), lambda n: n.date.isoformat()),
        ("Note", lambda n: n.text, None),
    )


class EventModel(RowsModel):
    COLUMNS = (
        ("Date", lambda e: fmt_date(e.date), lambda e: e.date.isoformat()),
        ("Kind", lambda e: qi.EVENT_LABELS[e.kind], None),
        ("Event", lambda e: e.title, None),
        ("Who went", lambda e: e.attendees, None),
        ("Open actions", lambda e: sum(a.status in ("open", "in_progress") for a in e.actions), None),
    )


class ActionModel(RowsModel):
    COLUMNS = (
        ("Action", lambda a: a.action, None),
        ("Owner", lambda a: a.owner, None),
        ("Due", lambda a: fmt_date(a.due_date), lambda a: a.due_date.isoformat()),
        ("Status", lambda a: qi.ACTION_LABELS[a.status], None),
    )

    def __init__(self, parent=None, today: date | None = None):
        super().__init__(parent)
        self.today = today or date.today()

    def foreground(self, row, header):
        if header == "Due" and qi.action_overdue(row, self.today):
            return QBrush(QColor("#c62828"))
        return None
