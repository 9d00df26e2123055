"""Governance registers: safety champions, the safety improvement plan, dataset submissions
and perinatal mortality reviews (PMRT), with their deadlines and what is overdue.

Pure Python: no Qt, no SQL, no files. Deadline rules and bank holidays arrive as data
(``resources/pmrt_rules.json``, ``resources/bank_holidays.json`` through the store); nothing
here reads the clock, callers pass ``today`` / ``as_at``.

Every free-text field goes through :func:`clean_text`, which refuses text holding an NHS
number (detection lives in :mod:`maternity_desk.core.identifiers`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.identifiers import refuse_patient_identifiers
from maternity_desk.core.periods import (
    add_months,
    fy_bounds,
    fy_of,
    month_end,
    month_of,
    parse_date,
)
from maternity_desk.core.words import period_label

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


# --- safety champions --------------------------------------------------------------------


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


# --- safety improvement plan -------------------------------------------------------------

PLAN_STATUSES = ("not_started", "in_progress", "complete", "dropped")
PLAN_STATUS_LABELS = {
    "not_started": "Not started", "in_progress": "In progress",
    "complete": "Complete", "dropped": "Dropped",
}


def parse_plan_status(value: object) -> str:
    text = re.sub(r"[\s\-]+", "_", str(value or "").strip().lower())
    if text in PLAN_STATUSES:
        return text
    raise InvalidValue(f"'{value}' is not a plan action status (not started, in progress, complete, dropped)")


@dataclass(frozen=True)
class PlanVersion:
    id: int | None
    version: str
    date_agreed: date
    date_published: date | None = None
    where_published: str = ""

    @property
    def published(self) -> bool:
        return self.date_published is not None


def make_plan_version(version: object, agreed: object, published: object = None, where: object = "",
                      id: int | None = None) -> PlanVersion:
    agreed_d = parse_date(agreed)
    pub = None if published in (None, "") else parse_date(published)
    if pub is not None and pub < agreed_d:
        raise InvalidValue("the plan cannot be published before it was agreed")
    where_text = clean_text(where, "Where published", max_len=500)
    if pub is not None and not where_text:
        raise InvalidValue("say where the plan was published (e.g. the trust website address)")
    return PlanVersion(id, clean_text(version, "Version", required=True, max_len=100), agreed_d, pub, where_text)


@dataclass(frozen=True)
class PlanAction:
    id: int | None
    area: str
    action: str
    owner: str
    due_date: date | None
    status: str = "not_started"
    evidence: str = ""

    def days_overdue(self, as_at: date) -> int | None:
        if self.status in ("complete", "dropped"):
            return None
        return days_overdue(self.due_date, None, as_at)


def make_plan_action(area: object, action: object, owner: object, due: object, status: object = "not_started",
                     evidence: object = "", id: int | None = None) -> PlanAction:
    return PlanAction(
        id,
        clean_text(area, "Area", required=True, max_len=200),
        clean_text(action, "Action", required=True),
        clean_text(owner, "Owner", max_len=200),
        None if due in (None, "") else parse_date(due),
        parse_plan_status(status),
        clean_text(evidence, "Evidence note"),
    )


@dataclass(frozen=True)
class AreaProgress:
    area: str
    not_started: int = 0
    in_progress: int = 0
    complete: int = 0
    dropped: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.not_started + self.in_progress + self.complete + self.dropped

    @property
    def percent_complete(self) -> float | None:
        """Complete as a share of the actions still in the plan (dropped ones left out)."""
        live = self.total - self.dropped
        return None if live == 0 else 100.0 * self.complete / live


def plan_progress(actions: Iterable[PlanAction], as_at: date) -> list[AreaProgress]:
    """Counts by area and status, overdue counted separately; areas alphabetical, then a
    final row ``All areas``."""
    counts: dict[str, Counter] = {}
    for a in actions:
        c = counts.setdefault(a.area, Counter())
        c[a.status] += 1
        if a.days_overdue(as_at):
            c["overdue"] += 1
    rows = [AreaProgress(area, **{k: c.get(k, 0) for k in (*PLAN_STATUSES, "overdue")})
            for area, c in sorted(counts.items(), key=lambda kv: kv[0].lower())]
    if rows:
        total = Counter()
        for c in counts.values():
            total.update(c)
        rows.append(AreaProgress("All areas", **{k: total.get(k, 0) for k in (*PLAN_STATUSES, "overdue")}))
    return rows


# --- dataset submissions ------------------------------------------------------------------

CADENCES = ("monthly", "quarterly", "annual", "per_case")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True)
class Dataset:
    code: str
    name: str
    cadence: str
    due_months: int | None = None  # regular cadences: months after the period's end...
    due_day: str | None = None  # ...on this day of that month ("end" or 1-31, clamped)
    due_working_days: int | None = None  # per_case: working days after the event
    active: bool = True
    notes: str = ""
    first_period: str | None = None  # expected from this period on (regular cadences)

    @property
    def regular(self) -> bool:
        return self.cadence != "per_case"


def make_dataset(code: object, name: object, cadence: object, due_months: object = None,
                 due_day: object = None, due_working_days: object = None, active: bool = True,
                 notes: object = "", first_period: object = None) -> Dataset:
    code_t = clean_text(code, "Code", required=True, max_len=20).upper()
    if not re.fullmatch(r"[A-Z0-9_\-]+", code_t):
        raise InvalidValue(f"'{code_t}' is not a dataset code: use letters, digits, - or _")
    cad = str(cadence or "").strip().lower().replace("-", "_").replace(" ", "_")
    if cad == "continuous":
        cad = "monthly"
    if cad not in CADENCES:
        raise InvalidValue(f"'{cadence}' is not a cadence ({', '.join(CADENCES)})")

    def whole(v, what, lo, hi):
        if v in (None, ""):
            return None
        try:
            n = int(str(v).strip())
        except ValueError:
            raise InvalidValue(f"{what} must be a whole number") from None
        if not lo <= n <= hi:
            raise InvalidValue(f"{what} must be between {lo} and {hi}")
        return n

    dm = whole(due_months, "Months after the period", 0, 24)
    dwd = whole(due_working_days, "Working days after the event", 0, 250)
    dd = None if due_day in (None, "") else str(due_day).strip().lower()
    if dd is not None and dd != "end":
        dd = str(whole(dd, "Due day", 1, 31))
    if cad == "per_case":
        if dwd is None:
            raise InvalidValue("a per-case dataset needs the number of working days after the event")
        dm, dd = None, None
    else:
        if dm is None:
            raise InvalidValue("say how many months after the period's end a submission is due")
        dd = dd or "end"
        dwd = None
    fp = None if first_period in (None, "") else parse_period(cad, first_period)
    return Dataset(code_t, clean_text(name, "Name", required=True, max_len=200), cad, dm, dd, dwd,
                   bool(active), clean_text(notes, "Notes"), fp)


def parse_period(cadence: str, value: object) -> str:
    """A period label for ``cadence``: monthly ``2025-03``; quarterly ``2025-Q1`` (calendar
    quarters); annual ``2024/25`` (NHS financial year); per_case: free text naming the case
    (checked for NHS numbers)."""
    from maternity_desk.core.periods import parse_fy, parse_month

    if cadence == "monthly":
        return parse_month(value)
    if cadence == "quarterly":
        text = str(value or "").strip().upper().replace(" ", "")
        m = _QUARTER.match(text) or re.match(r"^Q([1-4])-?(\d{4})$", text)
        if not m:
            raise InvalidValue(f"'{value}' is not a quarter (use 2025-Q1)")
        y, q = (m[1], m[2]) if len(m[1]) == 4 else (m[2], m[1])
        return f"{y}-Q{q}"
    if cadence == "annual":
        return parse_fy(value)
    return clean_text(value, "Period or case", required=True, max_len=100)


def period_end(cadence: str, period: str) -> date:
    if cadence == "monthly":
        return month_end(period)
    if cadence == "quarterly":
        y, q = int(period[:4]), int(period[-1])
        return month_end(f"{y:04d}-{q * 3:02d}")
    if cadence == "annual":
        return fy_bounds(period)[1]
    raise InvalidValue("a per-case submission has no period end")


def period_of(cadence: str, d: date) -> str:
    if cadence == "monthly":
        return month_of(d)
    if cadence == "quarterly":
        return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
    if cadence == "annual":
        return fy_of(d)
    raise InvalidValue("a per-case dataset has no periods")


def next_period(cadence: str, period: str) -> str:
    return period_of(cadence, period_end(cadence, period) + timedelta(days=1))


def last_ended_period(cadence: str, today: date) -> str:
    """The latest period that ended before ``today`` (the one being submitted now)."""
    return period_of(cadence, _period_start(cadence, period_of(cadence, today)) - timedelta(days=1))


def _period_start(cadence: str, period: str) -> date:
    if cadence == "monthly":
        return date(int(period[:4]), int(period[5:7]), 1)
    if cadence == "quarterly":
        return date(int(period[:4]), (int(period[-1]) - 1) * 3 + 1, 1)
    return fy_bounds(period)[0]


def periods_between(cadence: str, first: str, last: str) -> list[str]:
    out, p = [], first
    while period_end(cadence, p) <= period_end(cadence, last):
        out.append(p)
        p = next_period(cadence, p)
    return out


def submission_due(ds: Dataset, period: str, calendar: WorkingCalendar, event: date | None = None) -> date:
    """When ``period``'s submission is due under the dataset's rule."""
    if ds.cadence == "per_case":
        if event is None:
            raise InvalidValue("a per-case submission needs the date of the event")
        return calendar.add_working_days(event, ds.due_working_days or 0)
    base = add_months(period_end(ds.cadence, period), ds.due_months or 0)
    if ds.due_day in (None, "end"):
        return month_end(month_of(base))
    last = month_end(month_of(base)).day
    return base.replace(day=min(int(ds.due_day), last))


@dataclass(frozen=True)
class Submission:
    id: int | None
    dataset: str
    period: str
    due_date: date
    submitted_date: date | None = None
    submitted_by: str = ""
    dq_issues: str = ""

    @property
    def late(self) -> bool:
        return self.submitted_date is not None and self.submitted_date > self.due_date

    def status(self, today: date) -> str:
        if self.submitted_date is not None:
            return "Submitted late" if self.late else "Submitted"
        return "Overdue" if today > self.due_date else "Due"


def make_submission(ds: Dataset, period: object, due: object, submitted: object = None,
                    by: object = "", dq: object = "", id: int | None = None) -> Submission:
    p = parse_period(ds.cadence, period)
    due_d = parse_date(due)
    sub = None if submitted in (None, "") else parse_date(submitted)
    by_t = clean_text(by, "Submitted by", max_len=200)
    if sub is not None and not by_t:
        raise InvalidValue("say who submitted it")
    return Submission(id, ds.code, p, due_d, sub, by_t, clean_text(dq, "Data-quality issues"))


@dataclass(frozen=True)
class MissingSubmission:
    dataset: str
    dataset_name: str
    period: str
    due_date: date
    days_overdue: int  # 0 when not yet due

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


def expected_submissions(datasets: Sequence[Dataset], submissions: Sequence[Submission],
                         calendar: WorkingCalendar, today: date) -> list[Submission]:
    """Every submission the tracker expects up to ``today``: the recorded ones plus, for
    active regular datasets, an unrecorded placeholder (id None) for each period from the
    dataset's first period (or its first recorded one) to the last period that ended before
    ``today``. A dataset with neither is not tracked yet and expects nothing."""
    by_ds: dict[str, dict[str, Submission]] = {}
    for s in submissions:
        by_ds.setdefault(s.dataset, {})[s.period] = s
    out = list(submissions)
    for ds in datasets:
        if not ds.active or not ds.regular:
            continue
        have = by_ds.get(ds.code, {})
        last = last_ended_period(ds.cadence, today)
        first = _tracked_from(ds, have)
        if first is None:
            continue
        for p in periods_between(ds.cadence, first, last):
            if p not in have:
                out.append(Submission(None, ds.code, p, submission_due(ds, p, calendar)))
    return out


def _tracked_from(ds: Dataset, recorded: Iterable[str]) -> str | None:
    recorded = list(recorded)
    if ds.first_period:
        return ds.first_period
    return min(recorded, key=lambda p: period_end(ds.cadence, p)) if recorded else None


def missing_for_current_period(datasets: Sequence[Dataset], submissions: Sequence[Submission],
                               calendar: WorkingCalendar, today: date) -> list[MissingSubmission]:
    """Submissions not yet made for the period now being submitted (the last period that
    ended before ``today``) of each active regular dataset being tracked (it has a first
    period or a recorded submission), and every per-case submission recorded but not made."""
    recorded = {(s.dataset, s.period): s for s in submissions}
    out = []
    for ds in datasets:
        if not ds.active:
            continue
        if ds.regular:
            p = last_ended_period(ds.cadence, today)
            first = _tracked_from(ds, (q for (code, q) in recorded if code == ds.code))
            if first is None or period_end(ds.cadence, first) > period_end(ds.cadence, p):
                continue
            s = recorded.get((ds.code, p))
            if s is None or s.submitted_date is None:
                due = s.due_date if s else submission_due(ds, p, calendar)
                out.append(MissingSubmission(ds.code, ds.name, p, due, max(0, (today - due).days)))
        else:
            for s in submissions:
                if s.dataset == ds.code and s.submitted_date is None:
                    out.append(MissingSubmission(ds.code, ds.name, s.period, s.due_date,
                                                 max(0, (today - s.due_date).days)))
    return sorted(out, key=lambda m: (m.due_date, m.dataset, m.period))


# --- perinatal mortality reviews (PMRT) ---------------------------------------------------

CATEGORIES = ("late_fetal_loss", "stillbirth", "neonatal_death", "post_neonatal_death")
CATEGORY_LABELS = {
    "late_fetal_loss": "Late fetal loss",
    "stillbirth": "Stillbirth",
    "neonatal_death": "Neonatal death",
    "post_neonatal_death": "Post-neonatal death",
}
MILESTONES = ("reported", "parents_informed", "review_started", "draft_report", "report_published")
MILESTONE_LABELS = {
    "reported": "Reported to MBRRACE-UK",
    "parents_informed": "Parents informed",
    "review_started": "Review started",
    "draft_report": "Draft report written",
    "report_published": "Report published",
}
LATE_FETAL_MIN = 22 * 7  # 22+0
STILLBIRTH_MIN = 24 * 7  # 24+0
GESTATION_MAX = 45 * 7  # 45+0: beyond this the figure is a typing slip
_TERMINATION_WORDS = ("termination", "top", "tfmr", "termination_of_pregnancy")
_GEST = [
    re.compile(r"^(\d{1,2})\s*\+\s*([0-6])$"),
    re.compile(r"^(\d{1,2})\s*w(?:ee)?k?s?\s*\+?\s*([0-6])\s*d(?:ays?)?$", re.I),
    re.compile(r"^(\d{1,2})\s*w(?:ee)?k?s?$", re.I),
    re.compile(r"^(\d{1,2})$"),
]


def parse_gestation(value: object) -> int:
    """Gestation in days from ``23+4``, ``23w4d``, ``23 weeks 4 days``, ``23w`` or ``23``
    (whole weeks). Days must be 0-6."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidValue("the gestation at birth is required (e.g. 23+4)")
    if isinstance(value, bool):
        raise InvalidValue(f"'{value}' is not a gestation")
    if isinstance(value, (int, float)):
        if float(value).is_integer():
            value = str(int(value))
        else:
            raise InvalidValue(f"'{value}' is not a gestation: write weeks+days, e.g. 23+4")
    text = re.sub(r"\s+", " ", str(value).strip().lower()).replace("weeks", "w").replace("week", "w")
    text = text.replace("days", "d").replace("day", "d")
    for pat in _GEST:
        m = pat.match(text)
        if m:
            weeks = int(m[1])
            days = int(m[2]) if m.lastindex and m.lastindex >= 2 else 0
            total = weeks * 7 + days
            if total > GESTATION_MAX:
                raise InvalidValue(f"'{value}' is not a plausible gestation (over 45 weeks)")
            return total
    if re.match(r"^\d{1,2}\s*\+\s*\d+$", text):
        raise InvalidValue(f"'{value}' is not a gestation: the days after + must be 0 to 6")
    raise InvalidValue(f"'{value}' is not a gestation: write weeks+days, e.g. 23+4 or 23w4d")


def format_gestation(days: int) -> str:
    return f"{days // 7}+{days % 7}"


def parse_category(value: object) -> str:
    text = re.sub(r"[\s\-]+", "_", str(value or "").strip().lower())
    aliases = {"late_fetal_loss": "late_fetal_loss", "lfl": "late_fetal_loss", "fetal_loss": "late_fetal_loss",
               "stillbirth": "stillbirth", "still_birth": "stillbirth", "sb": "stillbirth",
               "neonatal_death": "neonatal_death", "nnd": "neonatal_death",
               "post_neonatal_death": "post_neonatal_death", "postneonatal_death": "post_neonatal_death",
               "post_neonatal_death_after_neonatal_care": "post_neonatal_death", "pnnd": "post_neonatal_death"}
    if text in aliases:
        return aliases[text]
    if text in _TERMINATION_WORDS or text.startswith("termination"):
        raise InvalidValue("terminations of pregnancy are outside the PMRT review scope")
    raise InvalidValue(f"'{value}' is not a review category (late_fetal_loss, stillbirth, neonatal_death, "
                       "post_neonatal_death)")


def scope_refusal(category: str, gestation_days: int, termination: bool = False) -> str | None:
    """Why a case is outside the PMRT scope, or None when it is in scope."""
    g = format_gestation(gestation_days)
    if termination:
        return "terminations of pregnancy are outside the PMRT review scope"
    if category in ("late_fetal_loss", "stillbirth"):
        if gestation_days < LATE_FETAL_MIN:
            return f"a baby born without signs of life before 22+0 weeks ({g}) is outside the PMRT review scope"
        if category == "stillbirth" and gestation_days < STILLBIRTH_MIN:
            return f"a baby born without signs of life at {g} is a late fetal loss (22+0 to 23+6), not a stillbirth"
        if category == "late_fetal_loss" and gestation_days >= STILLBIRTH_MIN:
            return f"a baby born without signs of life at {g} is a stillbirth (from 24+0), not a late fetal loss"
        return None
    if category in ("neonatal_death", "post_neonatal_death"):
        if gestation_days < LATE_FETAL_MIN:
            return f"a baby born alive before 22+0 weeks ({g}) is outside the PMRT review scope"
        return None
    return f"'{category}' is not a review category"


@dataclass(frozen=True)
class ReviewCase:
    id: int | None
    reference: str
    category: str
    gestation_days: int
    date_of_death: date
    reported: date | None = None
    parents_informed: date | None = None
    review_started: date | None = None
    report_published: date | None = None
    themes: str = ""
    notes: str = ""
    draft_report: date | None = None  # milestone added with incentive scheme year 6

    @property
    def gestation(self) -> str:
        return format_gestation(self.gestation_days)

    def milestone(self, code: str) -> date | None:
        return getattr(self, code)

    def reached(self, code: str) -> date | None:
        """When the milestone was reached: its own date; a draft report with no date of its
        own counts as written by the date the report was published (records kept before the
        draft milestone existed)."""
        d = getattr(self, code)
        if d is None and code == "draft_report":
            return self.report_published
        return d

    @property
    def theme_list(self) -> list[str]:
        return split_themes(self.themes)


def split_themes(text: str) -> list[str]:
    return [t.strip() for t in re.split(r"[;\n]", text or "") if t.strip()]


def check_review(values: dict, *, termination: bool = False,
                 today: date | None = None) -> tuple[ReviewCase | None, list[tuple[str, str]]]:
    """Validate a review case from raw values (text, dates or spreadsheet cells) keyed
    ``reference, category, gestation, date_of_death, reported, parents_informed,
    review_started, report_published, themes, notes`` (``id`` optional). Returns the case
    or None, and every ``(field, reason)`` problem found."""
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
    gest = attempt("gestation", lambda: parse_gestation(values.get("gestation")))
    dod = attempt("date_of_death", lambda: parse_date(values.get("date_of_death")))
    dates = {}
    for code in MILESTONES:
        v = values.get(code)
        dates[code] = attempt(code, lambda v=v: None if v in (None, "") else parse_date(v))
    themes = attempt("themes", lambda: clean_text(values.get("themes"), "Learning themes"))
    notes = attempt("notes", lambda: clean_text(values.get("notes"), "Notes"))
    if cat is not None and gest is not None:
        why = scope_refusal(cat, gest, termination)
        if why:
            problems.append(("category", why))
    elif termination:
        problems.append(("category", "terminations of pregnancy are outside the PMRT review scope"))
    if today is not None:  # nothing in the record can have happened yet
        if dod is not None and dod > today:
            problems.append(("date_of_death", f"the date of death ({dod:%d/%m/%Y}) is in the future"))
        for code, d in dates.items():
            if d is not None and d > today:
                problems.append((code, f"{MILESTONE_LABELS[code].lower()} ({d:%d/%m/%Y}) is in the future"))
    if dod is not None:
        for code, d in dates.items():
            if d is not None and d < dod:
                problems.append((code, f"{MILESTONE_LABELS[code].lower()} ({d:%d/%m/%Y}) is before the date of death"))
    if dates["report_published"] and not dates["review_started"] and "review_started" not in {p[0] for p in problems}:
        problems.append(("review_started", "a report cannot be published before the review has started: "
                                           "give the date the review started"))
    if dates["report_published"] and dates["review_started"] and dates["report_published"] < dates["review_started"]:
        problems.append(("report_published", "the report is dated before the review started"))
    if dates["draft_report"] and not dates["review_started"] and "review_started" not in {p[0] for p in problems}:
        problems.append(("review_started", "a draft report needs the review to have started: "
                                           "give the date the review started"))
    if dates["draft_report"] and dates["review_started"] and dates["draft_report"] < dates["review_started"]:
        problems.append(("draft_report", "the draft report is dated before the review started"))
    if problems:
        return None, problems
    return ReviewCase(values.get("id"), ref, cat, gest, dod, dates["reported"], dates["parents_informed"],
                      dates["review_started"], dates["report_published"], themes or "", notes or "",
                      dates["draft_report"]), []


def make_review(values: dict, *, termination: bool = False, today: date | None = None) -> ReviewCase:
    """As :func:`check_review`, raising :class:`InvalidValue` with the first problem."""
    case, problems = check_review(values, termination=termination, today=today)
    if problems:
        raise InvalidValue(problems[0][1][:1].upper() + problems[0][1][1:])
    return case


@dataclass(frozen=True)
class MilestoneStatus:
    code: str
    label: str
    due: date
    done: date | None
    state: str  # "done", "late", "due", "overdue"
    days_overdue: int | None  # past due and not done


def milestone_statuses(case: ReviewCase, rules: Sequence[DeadlineRule], calendar: WorkingCalendar,
                       as_at: date) -> list[MilestoneStatus]:
    out = []
    for rule in rules:
        if rule.code not in MILESTONES:
            continue
        due = rule.due(case.date_of_death, calendar)
        done = case.reached(rule.code)
        if done is not None and done <= as_at:
            state, late = ("late" if done > due else "done"), None
        else:
            late = days_overdue(due, None, as_at)
            state = "overdue" if late else "due"
        out.append(MilestoneStatus(rule.code, rule.label, due, done if done and done <= as_at else None, state, late))
    return out


def case_status(case: ReviewCase, as_at: date) -> str:
    """Where the case is: Report published / Review in progress / Reported / Not reported."""
    def done(code):
        d = case.milestone(code)
        return d is not None and d <= as_at

    if done("report_published"):
        return "Report published"
    if done("review_started"):
        return "Review in progress"
    if done("reported"):
        return "Reported, review not started"
    return "Not reported"


def review_overdue(cases: Iterable[ReviewCase], rules: Sequence[DeadlineRule], calendar: WorkingCalendar,
                   as_at: date) -> list[OverdueItem]:
    out = []
    for case in cases:
        if case.date_of_death > as_at:
            continue
        for ms in milestone_statuses(case, rules, calendar, as_at):
            if ms.days_overdue:
                out.append(OverdueItem(
                    REG_REVIEWS,
                    f"{case.reference}: {ms.label} ({CATEGORY_LABELS[case.category].lower()}, "
                    f"died {case.date_of_death:%d/%m/%Y})",
                    ms.due, ms.days_overdue, ("gov_reviews", case.id)))
    return out


def theme_counts(cases: Iterable[ReviewCase]) -> list[tuple[str, int]]:
    """Learning themes (separated by ';' or new lines) with how many cases raised each,
    most frequent first; themes compared case-insensitively, first spelling kept."""
    spelling: dict[str, str] = {}
    counts: Counter = Counter()
    for c in cases:
        for t in {t.lower(): t for t in c.theme_list}.items():
            spelling.setdefault(t[0], t[1])
            counts[t[0]] += 1
    return [(spelling[k], n) for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


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
