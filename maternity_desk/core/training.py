"""Training: staff, courses, attendance and compliance as at any date.

The rules (issue 4), all computed here and nowhere else:

- **eligible** as at D for a course: the person's staff group must take the course, their
  start date <= D <= leave date (or no leave date), and no absence covers D
  (absence start <= D <= absence end);
- **in date**: an ``attended`` record on or before D with D < record date + renewal interval
  (months added calendar-wise, the day clamped to the month's end: 29 Feb + 12 months =
  28 Feb). ``dna`` and ``cancelled`` records never count;
- **percent** = round(100 x in date / eligible, 1); no eligible staff gives ``None`` (not 0),
  and then no RAG either.

:class:`ComplianceIndex` precomputes, per person and course, the sorted attended dates so
that one date's grid is a bisect per person and course, and a 24-month trend is 24 of those.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.identifiers import refuse_patient_identifiers
from maternity_desk.core.periods import add_months, month_end, month_of, shift_month

ATTENDED, DNA, CANCELLED = "attended", "dna", "cancelled"
STATUSES = (ATTENDED, DNA, CANCELLED)
STATUS_LABELS = {ATTENDED: "Attended", DNA: "Did not attend", CANCELLED: "Cancelled"}
SESSION_STATUSES = ("planned", "held", "cancelled")

#: The staff groups (code, display name) in the order the unit reports them.
STAFF_GROUPS: tuple[tuple[str, str], ...] = (
    ("midwife", "Midwife"),
    ("msw", "Maternity support worker"),
    ("obstetric_consultant", "Obstetric consultant"),
    ("obstetric_doctor", "Obstetric doctor"),
    ("anaesthetic_consultant", "Anaesthetic consultant"),
    ("anaesthetic_doctor", "Anaesthetic doctor"),
    ("neonatal_consultant", "Neonatal consultant"),
    ("neonatal_doctor", "Neonatal doctor"),
    ("neonatal_nurse", "Neonatal nurse"),
    ("annp", "Advanced neonatal nurse practitioner"),
)
GROUP_ORDER = {code: i for i, (code, _name) in enumerate(STAFF_GROUPS)}


# --- records -----------------------------------------------------------------------------

@dataclass(frozen=True)
class StaffGroup:
    code: str
    name: str
    sort_order: int = 0
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class StaffMember:
    staff_number: str
    name: str
    staff_group: str
    start_date: date
    leave_date: date | None = None
    notes: str = ""

    def employed_on(self, d: date) -> bool:
        return self.start_date <= d and (self.leave_date is None or d <= self.leave_date)


@dataclass(frozen=True)
class Absence:
    staff_number: str
    start_date: date
    end_date: date
    reason: str = ""
    id: int | None = None

    def covers(self, d: date) -> bool:
        return self.start_date <= d <= self.end_date


@dataclass(frozen=True)
class Course:
    code: str
    name: str
    renewal_months: int
    groups: tuple[str, ...] = ()  # staff groups that must take it
    active: bool = True
    notes: str = ""  # e.g. what the framework says, and whether that was checked

    @property
    def mandatory(self) -> bool:
        return bool(self.groups)


@dataclass(frozen=True)
class AttendanceRecord:
    staff_number: str
    course_code: str
    date: date
    status: str = ATTENDED
    session_id: int | None = None
    id: int | None = None


@dataclass(frozen=True)
class TrainingSession:
    id: int | None
    course_code: str
    date: date
    venue: str = ""
    facilitator: str = ""
    capacity: int | None = None
    status: str = "planned"
    fund_entry_id: int | None = None
    attended: int = 0
    dna: int = 0
    cancelled: int = 0


@dataclass(frozen=True)
class Thresholds:
    green: float = 90.0
    amber: float = 80.0

    def validated(self) -> Thresholds:
        for label, value in (("green", self.green), ("amber", self.amber)):
            if not 0 <= value <= 100:
                raise InvalidValue(f"the {label} threshold must be between 0 and 100%")
        if self.amber > self.green:
            raise InvalidValue("the amber threshold cannot be above the green threshold")
        return self


@dataclass(frozen=True)
class ComplianceRow:
    course: str
    staff_group: str
    eligible: int
    in_date: int
    percent: float | None
    rag: str | None

    def as_json(self) -> dict:
        return {
            "course": self.course,
            "staff_group": self.staff_group,
            "eligible": self.eligible,
            "in_date": self.in_date,
            "percent": self.percent,
            "rag": self.rag,
        }


@dataclass(frozen=True)
class TrainingStatus:
    """One eligible person's standing on one course as at a date (overdue / due lists)."""

    staff_number: str
    name: str
    staff_group: str
    course: str
    last_attended: date | None
    expiry: date | None  # None: never attended


@dataclass(frozen=True)
class HistoryEntry:
    course: str
    date: date
    status: str
    expiry: date | None  # for attended records
    session_id: int | None = None


@dataclass(frozen=True)
class TrendPoint:
    month: str
    as_at: date
    course: str
    eligible: int
    in_date: int
    percent: float | None


# --- rules -------------------------------------------------------------------------------

def expiry_date(attended: date, renewal_months: int) -> date:
    """The first day a record no longer counts: attended + renewal (clamped to month end)."""
    return add_months(attended, renewal_months)


def percent_of(in_date: int, eligible: int) -> float | None:
    if eligible <= 0:
        return None
    return round(100 * in_date / eligible, 1)


def rag_for(percent: float | None, thresholds: Thresholds) -> str | None:
    if percent is None:
        return None
    if percent >= thresholds.green:
        return "green"
    if percent >= thresholds.amber:
        return "amber"
    return "red"


def _norm(text: str) -> str:
    return re.sub(r"[\s_\-./]+", " ", str(text)).strip().lower()


def parse_staff_group(value: object, groups: Sequence[StaffGroup | tuple[str, str]] | None = None) -> str:
    """A staff group code from its code or display name (or alias), in any case:
    ``Midwife``, ``obstetric consultant``, ``OBSTETRIC_CONSULTANT``, ``MSW``."""
    text = "" if value is None else str(value).strip()
    if not text:
        raise InvalidValue("a staff group is required")
    key = _norm(text)
    known = groups if groups is not None else STAFF_GROUPS
    for g in known:
        code, name, aliases = (g.code, g.name, g.aliases) if isinstance(g, StaffGroup) else (g[0], g[1], ())
        if key in (_norm(code), _norm(name)) or any(key == _norm(a) for a in aliases):
            return code
    names = ", ".join((g.name if isinstance(g, StaffGroup) else g[1]) for g in known)
    raise InvalidValue(f"'{text}' is not a staff group (one of: {names})")


_STATUS_WORDS = {
    ATTENDED: ("attended", "attend", "completed", "complete", "present", "passed", "yes", "y"),
    DNA: ("dna", "did not attend", "didnotattend", "no show", "noshow", "absent", "not attended"),
    CANCELLED: ("cancelled", "canceled", "cancel", "withdrawn"),
}


def parse_status(value: object) -> str:
    """An attendance status; empty means ``attended``."""
    text = "" if value is None else _norm(str(value))
    if not text:
        return ATTENDED
    for status, words in _STATUS_WORDS.items():
        if text in words:
            return status
    raise InvalidValue(f"'{value}' is not an attendance status (attended, DNA or cancelled)")


def validate_staff(member: StaffMember) -> StaffMember:
    number = (member.staff_number or "").strip()
    if not number:
        raise InvalidValue("a staff number is required")
    name = (member.name or "").strip()
    if not name:
        raise InvalidValue("a name is required")
    if member.leave_date is not None and member.leave_date < member.start_date:
        raise InvalidValue("the leave date is before the start date")
    notes = (member.notes or "").strip()
    refuse_patient_identifiers(notes, "the notes")
    return StaffMember(number, name, member.staff_group, member.start_date, member.leave_date, notes)


def validate_absence(absence: Absence) -> Absence:
    if absence.end_date < absence.start_date:
        raise InvalidValue("the absence ends before it starts")
    reason = (absence.reason or "").strip()
    refuse_patient_identifiers(reason, "the reason")
    return Absence(absence.staff_number, absence.start_date, absence.end_date, reason, absence.id)


def validate_course(course: Course, known_groups: Iterable[str] | None = None) -> Course:
    code = (course.code or "").strip().upper()
    if not re.fullmatch(r"[A-Z0-9][A-Z0-9_\-]{0,19}", code):
        raise InvalidValue(f"'{course.code}' is not a course code (letters and digits, up to 20)")
    name = (course.name or "").strip()
    if not name:
        raise InvalidValue("a course name is required")
    if not isinstance(course.renewal_months, int) or not 1 <= course.renewal_months <= 120:
        raise InvalidValue("the renewal interval must be between 1 and 120 months")
    if known_groups is not None:
        allowed = set(known_groups)
        unknown = [g for g in course.groups if g not in allowed]
        if unknown:
            raise InvalidValue(f"unknown staff group(s): {', '.join(unknown)}")
    groups = tuple(sorted(dict.fromkeys(course.groups), key=lambda g: (GROUP_ORDER.get(g, 99), g)))
    return Course(code, name, course.renewal_months, groups, course.active, (course.notes or "").strip())


# --- compliance --------------------------------------------------------------------------

@dataclass
class ComplianceIndex:
    """Everything compliance needs, arranged for fast repeated questions."""

    staff: list[StaffMember]
    courses: list[Course]
    group_order: dict[str, int] = field(default_factory=dict)
    _attended: dict[tuple[str, str], list[date]] = field(default_factory=dict)
    _absences: dict[str, list[tuple[date, date]]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        staff: Iterable[StaffMember],
        absences: Iterable[Absence],
        courses: Iterable[Course],
        attendance: Iterable[AttendanceRecord],
        group_order: dict[str, int] | None = None,
    ) -> ComplianceIndex:
        index = cls(list(staff), list(courses), dict(group_order or GROUP_ORDER))
        attended: dict[tuple[str, str], list[date]] = {}
        for rec in attendance:
            if rec.status != ATTENDED:
                continue
            key = (rec.staff_number, rec.course_code)
            dates = attended.get(key)
            if dates is None:
                attended[key] = [rec.date]
            else:
                dates.append(rec.date)
        for dates in attended.values():
            if len(dates) > 1:
                dates.sort()
        index._attended = attended
        spans: dict[str, list[tuple[date, date]]] = {}
        for a in absences:
            spans.setdefault(a.staff_number, []).append((a.start_date, a.end_date))
        index._absences = spans
        return index

    @classmethod
    def from_attended_dates(
        cls,
        staff: Iterable[StaffMember],
        absences: Iterable[Absence],
        courses: Iterable[Course],
        attended: dict[tuple[str, str], list[date]],
    ) -> ComplianceIndex:
        """Build from (staff number, course code) -> sorted attended dates (fast path for
        the store, which can group in SQL)."""
        index = cls.build(staff, absences, courses, ())
        index._attended = attended
        return index

    # -- single questions --
    def is_absent(self, staff_number: str, d: date) -> bool:
        return any(s <= d <= e for s, e in self._absences.get(staff_number, ()))

    def is_available(self, member: StaffMember, d: date) -> bool:
        """Employed on ``d`` and not absent (the staff side of eligibility)."""
        return member.employed_on(d) and not self.is_absent(member.staff_number, d)

    def last_attended(self, staff_number: str, course_code: str, d: date) -> date | None:
        """The latest ``attended`` date on or before ``d``."""
        dates = self._attended.get((staff_number, course_code))
        if not dates:
            return None
        i = bisect_right(dates, d)
        return dates[i - 1] if i else None

    def _expiry(self, staff_number: str, course: Course, d: date) -> tuple[date | None, date | None]:
        last = self.last_attended(staff_number, course.code, d)
        return last, (expiry_date(last, course.renewal_months) if last else None)

    def _available_at(self, member: StaffMember, ds: Sequence[date]) -> list[bool]:
        """:meth:`is_available` at each of the sorted dates ``ds``, by bisection."""
        lo = bisect_left(ds, member.start_date)
        hi = len(ds) if member.leave_date is None else bisect_right(ds, member.leave_date)
        mask = [lo <= k < hi for k in range(len(ds))]
        for start, end in self._absences.get(member.staff_number, ()):
            for k in range(bisect_left(ds, start), bisect_right(ds, end)):
                mask[k] = False
        return mask

    # -- the grid --
    def counts(self, as_at: date) -> dict[tuple[str, str], tuple[int, int]]:
        """(course code, group) -> (eligible, in date), for every group that must take it."""
        available = [m for m in self.staff if self.is_available(m, as_at)]
        by_group: dict[str, list[StaffMember]] = {}
        for m in available:
            by_group.setdefault(m.staff_group, []).append(m)
        out: dict[tuple[str, str], tuple[int, int]] = {}
        for course in self.courses:
            months = course.renewal_months
            expiry: dict[date, date] = {}  # last attended date -> its expiry (many people share one)
            for group in self._ordered(course.groups):
                people = by_group.get(group, ())
                in_date = 0
                for m in people:
                    dates = self._attended.get((m.staff_number, course.code))
                    if not dates:
                        continue
                    i = bisect_right(dates, as_at)
                    if not i:
                        continue
                    last = dates[i - 1]
                    ends = expiry.get(last)
                    if ends is None:
                        ends = expiry[last] = add_months(last, months)
                    if as_at < ends:
                        in_date += 1
                out[(course.code, group)] = (len(people), in_date)
        return out

    def _ordered(self, groups: Iterable[str]) -> list[str]:
        return sorted(dict.fromkeys(groups), key=lambda g: (self.group_order.get(g, 999), g))

    def compliance(self, as_at: date, thresholds: Thresholds) -> list[ComplianceRow]:
        rows = []
        for (course, group), (eligible, in_date) in self.counts(as_at).items():
            pct = percent_of(in_date, eligible)
            rows.append(ComplianceRow(course, group, eligible, in_date, pct, rag_for(pct, thresholds)))
        return rows

    # -- lists --
    def statuses(self, as_at: date) -> list[TrainingStatus]:
        """Every eligible person x mandatory course, with last attendance and expiry."""
        out = []
        for course in self.courses:
            groups = set(course.groups)
            for m in self.staff:
                if m.staff_group not in groups or not self.is_available(m, as_at):
                    continue
                last, expiry = self._expiry(m.staff_number, course, as_at)
                out.append(TrainingStatus(m.staff_number, m.name, m.staff_group, course.code, last, expiry))
        return out

    def overdue(self, as_at: date) -> list[TrainingStatus]:
        """Eligible people not in date (never attended, or expired on or before ``as_at``);
        longest overdue first, never-attended at the top."""
        rows = [s for s in self.statuses(as_at) if s.expiry is None or as_at >= s.expiry]
        return sorted(rows, key=lambda s: (s.expiry or date.min, s.course, s.name))

    def due_within(self, as_at: date, days: int) -> list[TrainingStatus]:
        """Eligible people in date whose training expires within ``days`` days after
        ``as_at`` (expiry <= as_at + days), soonest first."""
        horizon = as_at + timedelta(days=max(0, days))
        rows = [s for s in self.statuses(as_at) if s.expiry is not None and as_at < s.expiry <= horizon]
        return sorted(rows, key=lambda s: (s.expiry, s.course, s.name))

    # -- trend --
    def _available_spans(self, member: StaffMember, ds: Sequence[date]) -> list[tuple[int, int]]:
        """The runs ``[lo, hi)`` of indices into the sorted dates ``ds`` at which ``member`` is
        available (:meth:`is_available`), in order: the employment run by bisection, cut by
        any absences."""
        lo = bisect_left(ds, member.start_date)
        hi = len(ds) if member.leave_date is None else bisect_right(ds, member.leave_date)
        if lo >= hi:
            return []
        absences = self._absences.get(member.staff_number)
        if not absences:
            return [(lo, hi)]
        mask = self._available_at(member, ds)
        spans: list[tuple[int, int]] = []
        k = lo
        while k < hi:
            if mask[k]:
                start = k
                while k < hi and mask[k]:
                    k += 1
                spans.append((start, k))
            else:
                k += 1
        return spans

    def trend(self, as_ats: Sequence[date]) -> list[TrendPoint]:
        """Each course's compliance (all groups that must take it together) at each date.

        One pass over the records: a record attended on ``a`` counts at every date ``d`` with
        ``a <= d < a + renewal`` (the latest record before ``d`` has the latest expiry, so
        "any record in date" is the same as "the last one in date"). Each record's run of
        dates is found by bisection (once per attended date and course); a person's runs,
        in date order, merge into disjoint runs, and each run where the person is also
        available adds one to its dates through a difference array (+1 where it starts, -1
        where it ends), as each run of availability does for the eligible. So the cost grows
        with the records and the staff once, not per date."""
        order = sorted(range(len(as_ats)), key=lambda k: as_ats[k])
        ds = [as_ats[k] for k in order]
        n = len(ds)
        available = {m.staff_number: self._available_spans(m, ds) for m in self.staff}
        by_group: dict[str, list[str]] = {}
        for m in self.staff:
            if available[m.staff_number]:
                by_group.setdefault(m.staff_group, []).append(m.staff_number)
        points_by_k: list[list[TrendPoint]] = [[] for _ in range(n)]
        for course in self.courses:
            if not course.groups:
                continue
            months = course.renewal_months
            eligible = [0] * (n + 1)  # difference arrays: the count at k is the sum up to k
            in_date = [0] * (n + 1)
            runs: dict[date, tuple[int, int]] = {}  # attended date -> its run of dates (many share one)
            for group in dict.fromkeys(course.groups):
                for number in by_group.get(group, ()):
                    spans = available[number]
                    for lo, hi in spans:
                        eligible[lo] += 1
                        eligible[hi] -= 1
                    dates = self._attended.get((number, course.code))
                    if not dates:
                        continue
                    merged: list[tuple[int, int]] = []
                    start = end = 0  # the run being merged, [start, end); empty at first
                    for a in dates:  # sorted, so each run starts and ends no earlier than the last
                        run = runs.get(a)
                        if run is None:
                            run = runs[a] = (bisect_left(ds, a), bisect_left(ds, add_months(a, months)))
                        lo, hi = run
                        if lo >= hi:
                            continue
                        if lo <= end and start < end:
                            if hi > end:
                                end = hi
                        else:
                            if start < end:
                                merged.append((start, end))
                            start, end = lo, hi
                    if start < end:
                        merged.append((start, end))
                    for lo, hi in merged:
                        for a_lo, a_hi in spans:
                            x, y = max(lo, a_lo), min(hi, a_hi)
                            if x < y:
                                in_date[x] += 1
                                in_date[y] -= 1
            e = i = 0
            for k, d in enumerate(ds):
                e += eligible[k]
                i += in_date[k]
                points_by_k[k].append(TrendPoint(month_of(d), d, course.code, e, i, percent_of(i, e)))
        points = []
        for k in range(len(as_ats)):  # in the order asked, each date's courses in course order
            points.extend(points_by_k[order.index(k)])
        return points


def compliance(
    as_at: date,
    staff: Iterable[StaffMember],
    absences: Iterable[Absence],
    courses: Iterable[Course],
    attendance: Iterable[AttendanceRecord],
    thresholds: Thresholds | None = None,
) -> list[ComplianceRow]:
    """Compliance as at ``as_at``: one row per course and staff group that must take it."""
    index = ComplianceIndex.build(staff, absences, courses, attendance)
    return index.compliance(as_at, thresholds or Thresholds())


def overdue(as_at, staff, absences, courses, attendance) -> list[TrainingStatus]:
    return ComplianceIndex.build(staff, absences, courses, attendance).overdue(as_at)


def due_within(as_at, days, staff, absences, courses, attendance) -> list[TrainingStatus]:
    return ComplianceIndex.build(staff, absences, courses, attendance).due_within(as_at, days)


def trend_dates(as_at: date, months: int = 24) -> list[date]:
    """The last ``months`` month ends on or before ``as_at``, oldest first."""
    last = month_of(as_at) if month_end(month_of(as_at)) <= as_at else shift_month(month_of(as_at), -1)
    return [month_end(shift_month(last, -k)) for k in range(months - 1, -1, -1)]


def monthly_trend(as_at, staff, absences, courses, attendance, months: int = 24) -> list[TrendPoint]:
    index = ComplianceIndex.build(staff, absences, courses, attendance)
    return index.trend(trend_dates(as_at, months))


def history(
    staff_number: str, attendance: Iterable[AttendanceRecord], courses: Iterable[Course]
) -> list[HistoryEntry]:
    """A person's full record, newest first; attended records carry their expiry."""
    renewal = {c.code: c.renewal_months for c in courses}
    out = []
    for rec in attendance:
        if rec.staff_number != staff_number:
            continue
        months = renewal.get(rec.course_code)
        expiry = expiry_date(rec.date, months) if rec.status == ATTENDED and months else None
        out.append(HistoryEntry(rec.course_code, rec.date, rec.status, expiry, rec.session_id))
    return sorted(out, key=lambda h: (h.date, h.course), reverse=True)


def group_name(code: str, groups: Sequence[StaffGroup] | None = None) -> str:
    for g in groups or ():
        if g.code == code:
            return g.name
    return dict(STAFF_GROUPS).get(code, code)
