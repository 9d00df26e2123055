"""Qualifying cases for safety action 10 of the Maternity Incentive Scheme: term babies born
after labour with an intrapartum stillbirth, an early neonatal death or a suspected severe
brain injury, and maternal deaths, with the dates each was referred to MNSI, reported to
NHS Resolution's Early Notification scheme, the duty-of-candour conversation and letter and
the incident report.

Like the perinatal review log, the log holds no patient identifier: a case is known by the
unit's own reference; every text is refused if it holds an NHS number.

Deadlines are data (``resources/case_deadlines.json``, editable in the database): per
milestone a basis (working days, months, calendar days) and amount counted from the event,
the categories it applies to, and whether the figure was checked against the published
guidance (``verified`` "V") or not ("U", shown as "not verified").

:func:`sa10_reported` counts, over a window of event dates, the cases reported to both MNSI
and Early Notification (where each applies to the case) within their deadlines:

* the **denominator** holds the window's cases (event on or before the as-at date) whose
  every applicable deadline has passed as at the date (a deadline on the as-at date has not
  passed), plus those with every applicable report already made;
* the **numerator** holds those with every applicable report made on or before its deadline.

A date after the as-at date counts as not yet made. Pure Python: no Qt, no SQL, no files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.governance import (
    BASES,
    WorkingCalendar,
    clean_text,
    days_overdue,
    deadline,
)
from maternity_desk.core.periods import parse_date

CATEGORIES = ("intrapartum_stillbirth", "early_neonatal_death", "brain_injury", "maternal_death")
CATEGORY_LABELS = {
    "intrapartum_stillbirth": "Intrapartum stillbirth",
    "early_neonatal_death": "Early neonatal death",
    "brain_injury": "Suspected severe brain injury",
    "maternal_death": "Maternal death",
}

MILESTONES = ("mnsi_referred", "en_reported", "candour_conversation", "candour_letter", "incident_reported")
MILESTONE_LABELS = {
    "mnsi_referred": "Referred to MNSI",
    "en_reported": "Reported to Early Notification",
    "candour_conversation": "Duty of candour conversation",
    "candour_letter": "Duty of candour letter",
    "incident_reported": "Incident reported",
}
#: the two reports safety action 10 counts
SA10_MILESTONES = ("mnsi_referred", "en_reported")

_CATEGORY_WORDS = {
    "intrapartum_stillbirth": ("intrapartum stillbirth", "stillbirth", "intrapartum still birth", "isb", "ipsb"),
    "early_neonatal_death": ("early neonatal death", "neonatal death", "enn", "end", "ennd", "nnd"),
    "brain_injury": ("brain injury", "suspected severe brain injury", "severe brain injury",
                     "potential severe brain injury", "hie", "sbi", "hypoxic brain injury"),
    "maternal_death": ("maternal death", "md"),
}


def parse_category(value: object) -> str:
    text = re.sub(r"[\s_\-]+", " ", str(value or "").strip().lower())
    for code, words in _CATEGORY_WORDS.items():
        if text == code.replace("_", " ") or text in words:
            return code
    raise InvalidValue(f"'{value}' is not a qualifying case category (intrapartum stillbirth, early neonatal "
                       "death, brain injury or maternal death)")


@dataclass(frozen=True)
class CaseRule:
    """A milestone's deadline counted from the event, for the categories it applies to."""

    code: str
    label: str
    basis: str
    amount: int
    applies_to: tuple[str, ...] = CATEGORIES
    verified: str = "U"  # "V": checked against the published guidance
    note: str = ""

    def __post_init__(self):
        if self.code not in MILESTONES:
            raise InvalidValue(f"'{self.code}' is not a case milestone ({', '.join(MILESTONES)})")
        if self.basis not in BASES:
            raise InvalidValue(f"'{self.basis}' is not a deadline basis ({', '.join(BASES)})")
        if not isinstance(self.amount, int) or isinstance(self.amount, bool) or not 0 <= self.amount <= 366:
            raise InvalidValue(f"the deadline for {self.label.lower()} must be a whole number, 0 to 366")
        unknown = [c for c in self.applies_to if c not in CATEGORIES]
        if unknown:
            raise InvalidValue(f"'{unknown[0]}' is not a qualifying case category")

    def applies(self, category: str) -> bool:
        return category in self.applies_to

    def due(self, event: date, calendar: WorkingCalendar) -> date:
        return deadline(event, self.basis, self.amount, calendar)

    def describe(self) -> str:
        unit = {"working_days": "working day", "months": "month", "calendar_days": "day"}[self.basis]
        return f"{self.amount} {unit}{'s' if self.amount != 1 else ''}"

    @property
    def verified_text(self) -> str:
        return "Verified" if self.verified == "V" else "Not verified"


@dataclass(frozen=True)
class QualifyingCase:
    id: int | None
    reference: str
    category: str
    event_date: date
    mnsi_referred: date | None = None
    en_reported: date | None = None
    candour_conversation: date | None = None
    candour_letter: date | None = None
    incident_reported: date | None = None
    notes: str = ""

    def milestone(self, code: str) -> date | None:
        return getattr(self, code)


def check_case(values: Mapping, *, today: date | None = None) -> tuple[QualifyingCase | None, list[tuple[str, str]]]:
    """Validate a case from raw values (text, dates or spreadsheet cells) keyed ``reference,
    category, event_date``, the milestone codes and ``notes`` (``id`` optional). Returns the
    case or None, and every ``(field, reason)`` problem. With ``today``, no date may be after
    it; no milestone may be dated before the event."""
    problems: list[tuple[str, str]] = []

    def attempt(name, fn):
        try:
            return fn()
        except InvalidValue as exc:
            problems.append((name, str(exc)))
            return None

    ref = attempt("reference", lambda: clean_text(values.get("reference"), "The case reference",
                                                     required=True, max_len=60))
    cat = attempt("category", lambda: parse_category(values.get("category")))
    event = attempt("event_date", lambda: parse_date(values.get("event_date")))
    dates: dict[str, date | None] = {}
    for code in MILESTONES:
        v = values.get(code)
        dates[code] = attempt(code, lambda v=v: None if v is None or str(v).strip() == "" else parse_date(v))
    notes = attempt("notes", lambda: clean_text(values.get("notes"), "Notes"))
    if today is not None:
        if event is not None and event > today:
            problems.append(("event_date", f"the date of the event ({event:%d/%m/%Y}) is in the future"))
        for code, d in dates.items():
            if d is not None and d > today:
                problems.append((code, f"{MILESTONE_LABELS[code]}: {d:%d/%m/%Y} is in the future"))
    if event is not None:
        for code, d in dates.items():
            if d is not None and d < event:
                problems.append((code, f"{MILESTONE_LABELS[code]}: {d:%d/%m/%Y} is before the event "
                                       f"({event:%d/%m/%Y})"))
    talk, letter = dates["candour_conversation"], dates["candour_letter"]
    if talk is not None and letter is not None and letter < talk:
        problems.append(("candour_letter", "the duty of candour letter is dated before the conversation"))
    if problems:
        return None, problems
    return QualifyingCase(values.get("id"), ref, cat, event, notes=notes or "",
                          **{code: dates[code] for code in MILESTONES}), []


def make_case(values: Mapping, *, today: date | None = None) -> QualifyingCase:
    """As :func:`check_case`, raising :class:`InvalidValue` with the first problem."""
    case, problems = check_case(values, today=today)
    if problems:
        raise InvalidValue(problems[0][1][:1].upper() + problems[0][1][1:])
    return case


# --- deadlines -----------------------------------------------------------------------------

@dataclass(frozen=True)
class MilestoneState:
    code: str
    label: str
    due: date
    done: date | None  # on or before the as-at date
    state: str  # "done", "late", "due", "overdue"
    days_overdue: int | None


def states(case: QualifyingCase, rules: Sequence[CaseRule], calendar: WorkingCalendar,
           as_at: date) -> list[MilestoneState]:
    """The milestones that apply to the case's category, each with its deadline and state."""
    out = []
    for rule in rules:
        if not rule.applies(case.category):
            continue
        due = rule.due(case.event_date, calendar)
        done = case.milestone(rule.code)
        if done is not None and done <= as_at:
            out.append(MilestoneState(rule.code, rule.label, due, done, "late" if done > due else "done", None))
        else:
            late = days_overdue(due, None, as_at)
            out.append(MilestoneState(rule.code, rule.label, due, None, "overdue" if late else "due", late))
    return out


@dataclass(frozen=True)
class CaseItem:
    """One milestone not yet done: overdue, or due within the look-ahead."""

    case: QualifyingCase
    milestone: MilestoneState

    @property
    def overdue(self) -> bool:
        return self.milestone.state == "overdue"


def open_items(cases: Iterable[QualifyingCase], rules: Sequence[CaseRule], calendar: WorkingCalendar,
               as_at: date, ahead_days: int = 7) -> list[CaseItem]:
    """Milestones not done as at ``as_at``: overdue ones, and those due within ``ahead_days``
    days; most overdue first, then soonest due."""
    out = []
    for case in cases:
        if case.event_date > as_at:
            continue
        for ms in states(case, rules, calendar, as_at):
            if ms.state == "overdue" or (ms.state == "due" and (ms.due - as_at).days <= ahead_days):
                out.append(CaseItem(case, ms))
    return sorted(out, key=lambda i: (-(i.milestone.days_overdue or 0), i.milestone.due, i.case.reference))


def sa10_reported(cases: Iterable[QualifyingCase], rules: Sequence[CaseRule], calendar: WorkingCalendar,
                  start: date, end: date, as_at: date) -> tuple[int, int]:
    """(numerator, denominator) for safety action 10 over cases with the event in
    ``[start, end]`` (see the module notes). A case to which neither report applies is not
    counted."""
    wanted = [r for r in rules if r.code in SA10_MILESTONES]
    num = den = 0
    for case in cases:
        if not (start <= case.event_date <= end) or case.event_date > as_at:
            continue
        applicable = [r for r in wanted if r.applies(case.category)]
        if not applicable:
            continue
        dues = [r.due(case.event_date, calendar) for r in applicable]
        dones = [case.milestone(r.code) for r in applicable]
        dones = [d if d is not None and d <= as_at else None for d in dones]
        all_done = all(d is not None for d in dones)
        all_passed = all(as_at > due for due in dues)
        if all_done or all_passed:
            den += 1
            if all_done and all(d <= due for d, due in zip(dones, dues, strict=True)):
                num += 1
    return num, den
