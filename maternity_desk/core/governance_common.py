"""What every governance register shares: free text that refuses NHS numbers, working days
and deadlines, overdue items and follow-up actions (from champions' meetings and perinatal
reviews).

Pure Python, as :mod:`maternity_desk.core.governance` (which re-exports every name here).
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.identifiers import refuse_patient_identifiers
from maternity_desk.core.periods import add_months, parse_date

# --- free text ---------------------------------------------------------------------------

def clean_text(value: object, field: str, *, required: bool = False, max_len: int = 2000) -> str:
    """Free text as stored: stripped, ``''`` for blank; refused if it holds an NHS number
    (also when written with non-breaking spaces or typographic dashes: see
    :mod:`maternity_desk.core.identifiers`), if required and
    blank, or if longer than ``max_len``."""
    text = "" if value is None else str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if required and not text:
        raise InvalidValue(f"{field} is required")
    if len(text) > max_len:
        raise InvalidValue(f"{field} is longer than {max_len} characters")
    refuse_patient_identifiers(text, field)
    return text


# --- working days and deadlines -------------------------------------------------------


class WorkingCalendar:
    """Weekends, the given days (``holidays``: the unit's closure days, one-off holidays) and
    ``bank_holidays`` (any collection of dates, e.g.
    :data:`maternity_desk.core.bank_holidays.ENGLAND_AND_WALES`, which covers every year) are
    not working days."""

    def __init__(self, holidays: Iterable[date] = (), *, bank_holidays: Container[date] = frozenset()):
        self.holidays = frozenset(holidays)
        self.bank_holidays = bank_holidays

    def is_working_day(self, d: date) -> bool:
        return d.weekday() < 5 and d not in self.holidays and d not in self.bank_holidays

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself is not counted, so a
        death on Monday + 7 working days is the Wednesday of the next week). ``n = 0`` gives
        ``start`` itself."""
        if n < 0:
            raise InvalidValue("a number of working days cannot be negative")
        d = start
        counted = 0
        while counted < n:
            d += timedelta(days=1)
            if self.is_working_day(d):
                counted += 1
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
        count, d = 0, start
        while d < end:
            d += timedelta(days=1)
            if self.is_working_day(d):
                count += 1
        return count


BASES = ("working_days", "months", "calendar_days")


@dataclass(frozen=True)
class DeadlineRule:
    """A deadline counted from an event: ``amount`` working days, calendar months or days."""

    code: str
    label: str
    basis: str
    amount: int
    note: str = ""

    def __post_init__(self):
        if self.basis not in BASES:
            raise InvalidValue(f"'{self.basis}' is not a deadline basis ({', '.join(BASES)})")
        if not isinstance(self.amount, int) or isinstance(self.amount, bool) or self.amount < 0:
            raise InvalidValue(f"the deadline for {self.label} must be a whole number of {self.basis}, 0 or more")

    def due(self, event: date, calendar: WorkingCalendar) -> date:
        return deadline(event, self.basis, self.amount, calendar)

    def describe(self) -> str:
        unit = {"working_days": "working day", "months": "month", "calendar_days": "day"}[self.basis]
        return f"{self.amount} {unit}{'s' if self.amount != 1 else ''}"


def deadline(event: date, basis: str, amount: int, calendar: WorkingCalendar) -> date:
    """The deadline ``amount`` units after ``event``: working days skip weekends and bank
    holidays; months are calendar months clamped to the month's end."""
    if basis == "working_days":
        return calendar.add_working_days(event, amount)
    if basis == "months":
        return add_months(event, amount)
    if basis == "calendar_days":
        return event + timedelta(days=amount)
    raise InvalidValue(f"'{basis}' is not a deadline basis ({', '.join(BASES)})")


# --- overdue items -----------------------------------------------------------------------

REG_PLAN = "Improvement plan"
REG_SUBMISSIONS = "Dataset submissions"
REG_REVIEWS = "Perinatal reviews"
REG_REVIEW_ACTIONS = "Review actions"
REG_MEETINGS = "Champions' meetings"
REG_CHAMPION_ACTIONS = "Champion actions"


@dataclass(frozen=True)
class OverdueItem:
    register: str
    item: str
    due_date: date
    days_overdue: int
    key: tuple = ()  # (table, id) for the UI to open the record

    def as_json(self) -> dict:
        return {
            "register": self.register,
            "item": self.item,
            "due_date": self.due_date.isoformat(),
            "days_overdue": self.days_overdue,
        }


def days_overdue(due: date | None, done: date | None, as_at: date) -> int | None:
    """Days past ``due`` at ``as_at`` for something not done by ``as_at``; None when it is
    not overdue (done on or before as_at, no due date, or due date not yet passed)."""
    if due is None or (done is not None and done <= as_at):
        return None
    n = (as_at - due).days
    return n if n > 0 else None


def sort_overdue(items: Iterable[OverdueItem]) -> list[OverdueItem]:
    return sorted(items, key=lambda i: (-i.days_overdue, i.due_date, i.register, i.item))

ACTION_STATUSES = ("open", "complete", "dropped")


@dataclass(frozen=True)
class FollowUp:
    """An action arising from a champions' meeting or a perinatal review."""

    id: int | None
    parent_id: int | None
    action: str
    owner: str
    due_date: date | None
    status: str = "open"
    completed_date: date | None = None

    def days_overdue(self, as_at: date) -> int | None:
        if self.status != "open":
            return None
        return days_overdue(self.due_date, None, as_at)


def make_follow_up(parent_id: int | None, action: object, owner: object, due: object,
                   status: str = "open", completed: object = None, id: int | None = None) -> FollowUp:
    status = (status or "open").strip().lower()
    if status not in ACTION_STATUSES:
        raise InvalidValue(f"'{status}' is not an action status ({', '.join(ACTION_STATUSES)})")
    completed_d = None if completed in (None, "") else parse_date(completed)
    if status == "open":
        completed_d = None
    return FollowUp(
        id, parent_id,
        clean_text(action, "Action", required=True),
        clean_text(owner, "Owner", max_len=200),
        None if due in (None, "") else parse_date(due),
        status, completed_d,
    )

