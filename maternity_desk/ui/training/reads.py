"""What the training page reads, as plain functions of a store: they run on a worker thread
over the worker's own connection (``ui.tasks.Latest``), never touching a widget."""

from __future__ import annotations

from datetime import date

from maternity_desk.store import training as st
from maternity_desk.ui.table_model import uk_date as uk


def read_compliance(store, as_at: date, due_days: int) -> dict:
    """Everything the compliance tab shows as at ``as_at``."""
    groups = st.staff_groups(store)
    t = st.thresholds(store)
    index = st.compliance_index(store, as_at)
    index.group_order = {g.code: i for i, g in enumerate(groups)}
    return {"as_at": as_at, "groups": groups, "courses": st.courses(store, active_only=True), "thresholds": t,
            "index": index, "rows": index.compliance(as_at, t), "overdue": index.overdue(as_at),
            "due": index.due_within(as_at, due_days), "points": st.monthly_trend(store, as_at, 24),
            "has_staff": bool(st.staff_numbers(store))}


def read_register(store, today: date) -> dict:
    return {"groups": st.staff_groups(store), "people": st.list_staff(store),
            "absent": {n: f"{a.reason or 'absent'} to {uk(a.end_date)}"
                       for n, a in st.current_absences(store, today).items()}}


def read_sessions(store) -> dict:
    return {"codes": [c.code for c in st.courses(store)], "funds": dict(st.fund_choices(store)),
            "sessions": st.list_sessions(store)}
