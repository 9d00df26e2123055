"""Training forecast (safety action 8): for each mandatory course and staff group that must
take it, whether the group will be at the scheme's 90% on a chosen date, and who must attend
a session by then to get there.

On the date ``by`` (the rules of :mod:`maternity_desk.core.training`):

* **eligible**: employed on ``by``, in a group that must take the course, and no recorded
  absence covers ``by``;
* **in date by**: the latest attendance on or before ``by`` (a record already held, or a
  booking on a planned session from ``today`` to ``by``) is less than the renewal interval
  before ``by``. A booking on a day the person's recorded absence covers is not counted;
* **needed**: the fewest more people in date for ``in_date_by / eligible`` to reach the
  threshold (90%: ``100 x in date >= 90 x eligible``);
* **must attend**: that many of the eligible people not in date by ``by``, soonest expiry
  first (never trained, then the longest expired, then the soonest to expire). Everyone not in
  date is listed in ``not_in_date`` in the same order.

Pure Python: no Qt, no SQL, no files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from maternity_desk.core.training import (
    GROUP_ORDER,
    Absence,
    Course,
    StaffMember,
    expiry_date,
    percent_of,
)

SCHEME_THRESHOLD = 90.0


@dataclass(frozen=True)
class Booking:
    staff_number: str
    course_code: str
    date: date


@dataclass(frozen=True)
class Candidate:
    """An eligible person who will not be in date on the forecast date."""

    staff_number: str
    name: str
    last_attended: date | None  # held records only
    expiry: date | None  # None: never trained

    def as_json(self) -> dict:
        return {"staff_number": self.staff_number, "name": self.name,
                "last_attended": self.last_attended.isoformat() if self.last_attended else None,
                "expiry": self.expiry.isoformat() if self.expiry else None}


@dataclass(frozen=True)
class ForecastRow:
    course: str
    group: str
    eligible: int
    in_date_by: int
    booked: int  # of in_date_by, those in date only through a booking
    percent_by: float | None
    threshold: float
    needed: int
    must_attend: tuple[Candidate, ...]
    not_in_date: tuple[Candidate, ...]

    @property
    def meets(self) -> bool | None:
        return None if self.eligible == 0 else self.needed == 0

    def as_json(self) -> dict:
        return {"course": self.course, "group": self.group, "eligible": self.eligible,
                "in_date_by": self.in_date_by, "percent_by": self.percent_by,
                "must_attend": [c.staff_number for c in self.must_attend],
                "booked": self.booked, "threshold": self.threshold, "meets": self.meets, "needed": self.needed,
                "not_in_date": [c.as_json() for c in self.not_in_date]}


def needed_for(in_date: int, eligible: int, threshold: float) -> int:
    """The fewest more people in date for in_date / eligible to reach ``threshold`` percent."""
    if eligible <= 0:
        return 0
    # integer arithmetic on tenths of a percent: 90% of 7 is 6.3 people, so 7 are needed
    target = -(-round(threshold * 10) * eligible // 1000)
    return max(0, min(eligible, target) - in_date)


def forecast(by: date, today: date, staff: Iterable[StaffMember], absences: Iterable[Absence],
             courses: Iterable[Course], held: Mapping[tuple[str, str], date], bookings: Iterable[Booking],
             threshold: float = SCHEME_THRESHOLD, group_order: Mapping[str, int] | None = None) -> list[ForecastRow]:
    """One row per mandatory course and staff group that must take it (see the module notes).
    ``held``: (staff number, course) -> the latest attended date on or before ``by`` already
    recorded (not a booking)."""
    order = group_order or GROUP_ORDER
    spans: dict[str, list[tuple[date, date]]] = {}
    for a in absences:
        spans.setdefault(a.staff_number, []).append((a.start_date, a.end_date))

    def absent(number: str, d: date) -> bool:
        return any(s <= d <= e for s, e in spans.get(number, ()))

    booked: dict[tuple[str, str], date] = {}
    for b in bookings:
        if today <= b.date <= by and not absent(b.staff_number, b.date):
            key = (b.staff_number, b.course_code)
            booked[key] = max(b.date, booked.get(key, b.date))
    eligible_staff = [m for m in staff if m.employed_on(by) and not absent(m.staff_number, by)]
    rows = []
    for course in courses:
        if not course.groups:
            continue
        for group in sorted(dict.fromkeys(course.groups), key=lambda g: (order.get(g, 999), g)):
            people = [m for m in eligible_staff if m.staff_group == group]
            in_date = via_booking = 0
            out: list[Candidate] = []
            for m in people:
                last = held.get((m.staff_number, course.code))
                last = last if last is not None and last <= by else None
                if last is not None and by < expiry_date(last, course.renewal_months):
                    in_date += 1
                    continue
                b = booked.get((m.staff_number, course.code))
                if b is not None and by < expiry_date(b, course.renewal_months):
                    in_date += 1
                    via_booking += 1
                    continue
                out.append(Candidate(m.staff_number, m.name, last,
                                     expiry_date(last, course.renewal_months) if last else None))
            out.sort(key=lambda c: (c.expiry or date.min, c.name.lower(), c.staff_number))
            need = needed_for(in_date, len(people), threshold)
            rows.append(ForecastRow(course.code, group, len(people), in_date, via_booking,
                                    percent_of(in_date, len(people)), threshold, need, tuple(out[:need]), tuple(out)))
    return rows


def must_attend_rows(rows: Sequence[ForecastRow]) -> list[tuple[ForecastRow, Candidate]]:
    """Every (row, person) who must attend, course by course, soonest expiry first."""
    return [(r, c) for r in rows for c in r.must_attend]
