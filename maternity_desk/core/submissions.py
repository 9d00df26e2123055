"""Dataset submissions: datasets, their periods and cadences, due dates and which returns
are missing. Pure Python (re-exported by :mod:`maternity_desk.core.governance`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.governance_common import WorkingCalendar, clean_text
from maternity_desk.core.periods import (
    add_months,
    fy_bounds,
    fy_of,
    month_end,
    month_of,
    parse_date,
)

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

