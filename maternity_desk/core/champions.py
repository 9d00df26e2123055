"""Safety champions: roles, who holds them, vacancies, champions' meetings and the gaps
between them. Pure Python (re-exported by :mod:`maternity_desk.core.governance`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.governance_common import clean_text
from maternity_desk.core.periods import add_months, parse_date


@dataclass(frozen=True)
class ChampionRole:
    code: str
    label: str
    required: bool


@dataclass(frozen=True)
class Champion:
    id: int | None
    role: str
    person: str
    start_date: date
    end_date: date | None = None

    def in_role_on(self, d: date) -> bool:
        return self.start_date <= d and (self.end_date is None or d <= self.end_date)


def make_champion(role: str, person: object, start: object, end: object = None,
                  roles: Sequence[ChampionRole] = (), id: int | None = None) -> Champion:
    if roles and role not in {r.code for r in roles}:
        raise InvalidValue(f"'{role}' is not a safety champion role")
    name = clean_text(person, "Person", required=True, max_len=200)
    start_d = parse_date(start)
    end_d = None if end in (None, "") else parse_date(end)
    if end_d is not None and end_d < start_d:
        raise InvalidValue("the date the person left the role is before the date they started")
    return Champion(id, role, name, start_d, end_d)


def vacant_roles(roles: Sequence[ChampionRole], champions: Sequence[Champion], on: date) -> list[ChampionRole]:
    """Required roles that nobody holds on ``on``."""
    held = {c.role for c in champions if c.in_role_on(on)}
    return [r for r in roles if r.required and r.code not in held]


def vacancy_periods(role: str, champions: Sequence[Champion], since: date, until: date) -> list[tuple[date, date]]:
    """Inclusive date ranges between ``since`` and ``until`` when ``role`` was unfilled."""
    spans = sorted((c.start_date, c.end_date or date.max) for c in champions if c.role == role)
    out: list[tuple[date, date]] = []
    cursor = since
    for start, end in spans:
        if end < cursor:
            continue
        if start > cursor:
            out.append((cursor, min(start - timedelta(days=1), until)))
        if end >= until:
            return [p for p in out if p[0] <= p[1] <= until]
        cursor = max(cursor, end + timedelta(days=1))
    if cursor <= until:
        out.append((cursor, until))
    return [p for p in out if p[0] <= p[1]]


@dataclass(frozen=True)
class Meeting:
    id: int | None
    date: date
    attendees: str = ""
    issues: str = ""
    notes: str = ""


def make_meeting(when: object, attendees: object = "", issues: object = "", notes: object = "",
                 id: int | None = None) -> Meeting:
    return Meeting(
        id,
        parse_date(when),
        clean_text(attendees, "Attendees", required=True),
        clean_text(issues, "Issues raised"),
        clean_text(notes, "Notes"),
    )


@dataclass(frozen=True)
class MeetingGap:
    after: date | None  # the meeting the gap follows
    next: date | None  # the next meeting, None if none yet (gap runs to as_at)
    due: date  # when the next meeting was due
    days_late: int


def meeting_gaps(dates: Iterable[date], max_months: int, as_at: date) -> list[MeetingGap]:
    """Every stretch of more than ``max_months`` calendar months without a meeting, up to
    ``as_at``: a meeting is due ``max_months`` after the previous one (clamped to month end);
    a gap is a next meeting after that date, or none by ``as_at``."""
    if max_months < 1:
        raise InvalidValue("the longest gap between champions' meetings must be at least 1 month")
    ds = sorted({d for d in dates if d <= as_at})
    out = []
    for prev, nxt in zip(ds, ds[1:]):
        due = add_months(prev, max_months)
        if nxt > due:
            out.append(MeetingGap(prev, nxt, due, (nxt - due).days))
    if ds:
        due = add_months(ds[-1], max_months)
        if as_at > due:
            out.append(MeetingGap(ds[-1], None, due, (as_at - due).days))
    return out

