"""What the governance page reads, as a plain function of a store: it runs on a worker thread
over the worker's own connection (``ui.tasks.Latest``), never touching a widget."""

from __future__ import annotations

from datetime import date

from maternity_desk.core import governance as g
from maternity_desk.core.errors import MaternityDeskError
from maternity_desk.store import governance as sg


def read_governance(store, today: date, as_at: date | None) -> dict:
    """Every register the page shows, the checks on them, and the overdue list as at
    ``as_at`` (None: not read)."""
    cases = sg.reviews(store)
    rules, cal = sg.deadline_rules(store), sg.calendar(store)
    return {
        "roles": sg.champion_roles(store), "champions": sg.champions(store), "meetings": sg.meetings(store),
        "champion_actions": sg.follow_ups(store, "gov_champion_actions"),
        "gap_months": sg.meeting_gap_months(store),
        "versions": sg.plan_versions(store), "actions": sg.plan_actions(store),
        "datasets": sg.datasets(store), "tracker": sg.tracker(store, today),
        "missing": sg.missing_submissions(store, today),
        "rules": rules, "calendar": cal, "cases": cases,
        "review_actions": sg.follow_ups(store, "gov_review_actions"),
        "review_overdue": g.review_overdue(cases, rules, cal, today),
        "review_compliance": review_compliance(store, cases, cal, today),
        "as_at": as_at, "overdue": sg.overdue(store, as_at) if as_at is not None else None,
    }


def review_compliance(store, cases, cal, today: date) -> str:
    """The current scheme year's window and the one before: milestones met against the
    scheme's thresholds (what the incentive-scheme evidence reads)."""
    from maternity_desk.core import pmrt
    from maternity_desk.store import pmrt as sp

    try:
        current = sp.rule_set(store)
    except MaternityDeskError as exc:
        return str(exc)
    lines = []
    for rs in sorted((s for s in sp.rule_sets(store) if s.year in (current.year - 1, current.year)),
                     key=lambda s: -s.year):
        rows = pmrt.milestone_compliance(cases, rs, cal, today)
        lines.append(pmrt.compliance_text(rs, rows))
    return "\n".join(lines)
