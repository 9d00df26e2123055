"""Governance registers: safety champions, the safety improvement plan, dataset submissions
and perinatal mortality reviews (PMRT), with their deadlines and what is overdue.

Pure Python: no Qt, no SQL, no files. Deadline rules and bank holidays arrive as data
(``resources/pmrt_rules.json``, ``resources/bank_holidays.json`` through the store); nothing
here reads the clock, callers pass ``today`` / ``as_at``.

Every free-text field goes through :func:`clean_text`, which refuses text holding an NHS
number (detection lives in :mod:`maternity_desk.core.identifiers`).

The registers live in their own modules (:mod:`.governance_common`, :mod:`.champions`,
:mod:`.improvement_plan`, :mod:`.submissions`, :mod:`.reviews`); this module re-exports
every public name from them (so ``core.governance.X`` keeps working) and joins them into
the one overdue list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from maternity_desk.core.champions import (
    Champion,
    ChampionRole,
    Meeting,
    MeetingGap,
    make_champion,
    make_meeting,
    meeting_gaps,
    vacancy_periods,
    vacant_roles,
)
from maternity_desk.core.governance_common import (
    ACTION_STATUSES,
    BASES,
    REG_CHAMPION_ACTIONS,
    REG_MEETINGS,
    REG_PLAN,
    REG_REVIEW_ACTIONS,
    REG_REVIEWS,
    REG_SUBMISSIONS,
    DeadlineRule,
    FollowUp,
    OverdueItem,
    WorkingCalendar,
    clean_text,
    days_overdue,
    deadline,
    make_follow_up,
    sort_overdue,
)
from maternity_desk.core.improvement_plan import (
    PLAN_STATUS_LABELS,
    PLAN_STATUSES,
    AreaProgress,
    PlanAction,
    PlanVersion,
    make_plan_action,
    make_plan_version,
    parse_plan_status,
    plan_progress,
)
from maternity_desk.core.reviews import (
    CATEGORIES,
    CATEGORY_LABELS,
    GESTATION_MAX,
    LATE_FETAL_MIN,
    MILESTONE_LABELS,
    MILESTONES,
    STILLBIRTH_MIN,
    MilestoneStatus,
    ReviewCase,
    case_status,
    check_review,
    format_gestation,
    make_review,
    milestone_statuses,
    parse_category,
    parse_gestation,
    review_overdue,
    scope_refusal,
    split_themes,
    theme_counts,
)
from maternity_desk.core.submissions import (
    CADENCES,
    Dataset,
    MissingSubmission,
    Submission,
    expected_submissions,
    last_ended_period,
    make_dataset,
    make_submission,
    missing_for_current_period,
    next_period,
    parse_period,
    period_end,
    period_of,
    periods_between,
    submission_due,
)
from maternity_desk.core.words import period_label

__all__ = [
    "clean_text",
    "WorkingCalendar",
    "BASES",
    "DeadlineRule",
    "deadline",
    "REG_PLAN",
    "REG_SUBMISSIONS",
    "REG_REVIEWS",
    "REG_REVIEW_ACTIONS",
    "REG_MEETINGS",
    "REG_CHAMPION_ACTIONS",
    "OverdueItem",
    "days_overdue",
    "sort_overdue",
    "ACTION_STATUSES",
    "FollowUp",
    "make_follow_up",
    "ChampionRole",
    "Champion",
    "make_champion",
    "vacant_roles",
    "vacancy_periods",
    "Meeting",
    "make_meeting",
    "MeetingGap",
    "meeting_gaps",
    "PLAN_STATUSES",
    "PLAN_STATUS_LABELS",
    "parse_plan_status",
    "PlanVersion",
    "make_plan_version",
    "PlanAction",
    "make_plan_action",
    "AreaProgress",
    "plan_progress",
    "CADENCES",
    "Dataset",
    "make_dataset",
    "parse_period",
    "period_end",
    "period_of",
    "next_period",
    "last_ended_period",
    "periods_between",
    "submission_due",
    "Submission",
    "make_submission",
    "MissingSubmission",
    "expected_submissions",
    "missing_for_current_period",
    "CATEGORIES",
    "CATEGORY_LABELS",
    "MILESTONES",
    "MILESTONE_LABELS",
    "LATE_FETAL_MIN",
    "STILLBIRTH_MIN",
    "GESTATION_MAX",
    "parse_gestation",
    "format_gestation",
    "parse_category",
    "scope_refusal",
    "ReviewCase",
    "split_themes",
    "check_review",
    "make_review",
    "MilestoneStatus",
    "milestone_statuses",
    "case_status",
    "review_overdue",
    "theme_counts",
    "Registers",
    "overdue_items",
]


# --- the whole overdue list -------------------------------------------------------------


@dataclass
class Registers:
    """Everything the overdue list reads, as core objects."""

    calendar: WorkingCalendar
    rules: list[DeadlineRule] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    meeting_gap_months: int = 2
    champion_actions: list[FollowUp] = field(default_factory=list)
    plan_actions: list[PlanAction] = field(default_factory=list)
    datasets: list[Dataset] = field(default_factory=list)
    submissions: list[Submission] = field(default_factory=list)
    reviews: list[ReviewCase] = field(default_factory=list)
    review_actions: list[FollowUp] = field(default_factory=list)


def overdue_items(reg: Registers, as_at: date) -> list[OverdueItem]:
    """Every overdue item across the governance registers at ``as_at``, most overdue first."""
    items: list[OverdueItem] = []
    for a in reg.plan_actions:
        n = a.days_overdue(as_at)
        if n:
            items.append(OverdueItem(REG_PLAN, f"{a.area}: {a.action}" + (f" ({a.owner})" if a.owner else ""),
                                     a.due_date, n, ("gov_plan_actions", a.id)))
    names = {d.code: d.name for d in reg.datasets}
    for s in expected_submissions(reg.datasets, reg.submissions, reg.calendar, as_at):
        n = days_overdue(s.due_date, s.submitted_date, as_at)
        if n:
            items.append(OverdueItem(REG_SUBMISSIONS, f"{names.get(s.dataset, s.dataset)}: {period_label(s.period)}",
                                     s.due_date, n, ("gov_submissions", s.id)))
    items.extend(review_overdue(reg.reviews, reg.rules, reg.calendar, as_at))
    refs = {c.id: c.reference for c in reg.reviews}
    for a in reg.review_actions:
        n = a.days_overdue(as_at)
        if n:
            items.append(OverdueItem(REG_REVIEW_ACTIONS, f"{refs.get(a.parent_id, '?')}: {a.action}"
                                     + (f" ({a.owner})" if a.owner else ""), a.due_date, n,
                                     ("gov_review_actions", a.id)))
    gaps = meeting_gaps((m.date for m in reg.meetings), reg.meeting_gap_months, as_at)
    if gaps and gaps[-1].next is None:
        g = gaps[-1]
        items.append(OverdueItem(REG_MEETINGS, f"Next champions' meeting (last met {g.after:%d/%m/%Y})",
                                 g.due, g.days_late, ("gov_meetings", None)))
    for a in reg.champion_actions:
        n = a.days_overdue(as_at)
        if n:
            items.append(OverdueItem(REG_CHAMPION_ACTIONS, a.action + (f" ({a.owner})" if a.owner else ""),
                                     a.due_date, n, ("gov_champion_actions", a.id)))
    return sort_overdue(items)
