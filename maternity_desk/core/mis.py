"""The Maternity Incentive Scheme tracker: scheme years, their ten safety actions and
requirements, the unit's tracking of each requirement, and the pure counting behind the
requirements the app computes from its own records.

A scheme year ships as data (``resources/mis/``, copied into the database so the unit can
edit it). A requirement is either *judged* by a person (the tracker's status says where it
stands) or *computed* from the app's records over a window against a threshold: the figure
is worked out as at any date and a person can add a note but never overwrite it.

Statuses: not started, in progress, met, not met, not applicable. An action's status follows
its requirements (:func:`action_status`); RAG per action and for the scheme
(:func:`rag_for_status`, :func:`scheme_rag`).

Pure Python: no Qt, no SQL, no files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.periods import add_months, month_end, month_of, month_range

STATUSES = ("not_started", "in_progress", "met", "not_met", "not_applicable")
STATUS_LABELS = {"not_started": "Not started", "in_progress": "In progress", "met": "Met",
                 "not_met": "Not met", "not_applicable": "Not applicable"}
HOW = ("computed", "judged")
ACTIONS = range(1, 11)
_DAY = timedelta(days=1)
NOT_VERIFIED = "Not verified: check against the published guidance."
_LABEL = re.compile(r"^(\d{4})\s*/\s*(\d{2})$")
_CODE = re.compile(r"^[a-z0-9]+(\.[A-Za-z0-9_]+)+$")


def parse_year_label(value: object) -> str:
    """``2025/26`` (a scheme year runs with the NHS financial year it is named after)."""
    text = str(value or "").strip()
    m = _LABEL.match(text)
    if not m or (int(m[1]) + 1) % 100 != int(m[2]):
        raise InvalidValue(f"'{text}' is not a scheme year (use 2025/26)")
    return f"{m[1]}/{m[2]}"


def parse_status(value: object) -> str:
    text = str(value or "").strip().lower().replace(" ", "_").replace("-", "_")
    if text not in STATUSES:
        raise InvalidValue(f"'{value}' is not a status ({', '.join(STATUS_LABELS.values())})")
    return text


def parse_threshold(value: object) -> float:
    """A percentage, 0 to 100 (``90``, ``90%``, ``95.5``)."""
    text = str(value if value is not None else "").strip().rstrip("%").strip()
    try:
        n = float(text)
    except ValueError:
        raise InvalidValue(f"'{value}' is not a percentage") from None
    if not 0 <= n <= 100 or n != n:
        raise InvalidValue(f"'{value}' is not a percentage (0 to 100)")
    return n


def check_code(value: object) -> str:
    text = str(value or "").strip()
    if not _CODE.match(text):
        raise InvalidValue(f"'{value}' is not a requirement code (like sa1.reported)")
    return text


# --- the scheme year as data ---------------------------------------------------------------

@dataclass(frozen=True)
class Action:
    number: int
    title: str
    verified: str = "U"


@dataclass(frozen=True)
class Requirement:
    code: str
    action: int
    text: str
    evidence: str
    how: str  # "computed" or "judged"
    window_from: date | None = None
    window_to: date | None = None
    threshold: float | None = None
    verified: str = "U"
    position: int = 0

    @property
    def computed(self) -> bool:
        return self.how == "computed"


@dataclass(frozen=True)
class SchemeYear:
    number: int
    label: str  # "2025/26"
    title: str
    declaration_due: date | None
    source: str
    verified: str
    closed: bool
    actions: tuple[Action, ...]
    requirements: tuple[Requirement, ...]
    note: str = ""

    def requirements_of(self, action: int) -> list[Requirement]:
        return [r for r in self.requirements if r.action == action]

    @property
    def caveat(self) -> str:
        return "" if self.verified == "V" else NOT_VERIFIED


def make_requirement(values: dict, *, actions: Iterable[int] = ACTIONS, position: int = 0) -> Requirement:
    """One requirement from plain values (a data file or a sheet row); raises InvalidValue
    naming the field as ``field: reason``."""
    def fail(field, why):
        raise InvalidValue(f"{field}: {why}")

    try:
        action = int(str(values.get("action", "")).strip())
    except ValueError:
        fail("action", f"'{values.get('action')}' is not an action number (1 to 10)")
    if action not in set(actions):
        fail("action", f"there is no safety action {action} (1 to 10)")
    try:
        code = check_code(values.get("code"))
    except InvalidValue as exc:
        fail("code", str(exc))
    text = str(values.get("text") or "").strip()
    if not text:
        fail("text", "say what the requirement asks")
    how = str(values.get("how") or "judged").strip().lower()
    if how not in HOW:
        fail("how", f"'{values.get('how')}' is neither computed nor judged")
    wf = wt = thr = None
    if how == "computed":
        from maternity_desk.core.periods import parse_date

        for field in ("window_from", "window_to"):
            if values.get(field) in (None, ""):
                fail(field, "a computed requirement needs its window")
        try:
            wf, wt = parse_date(values["window_from"]), parse_date(values["window_to"])
        except InvalidValue as exc:
            fail("window_from", str(exc))
        if wt < wf:
            fail("window_to", "the window ends before it starts")
        if values.get("threshold") in (None, ""):
            fail("threshold", "a computed requirement needs its threshold")
    if values.get("threshold") not in (None, ""):
        try:
            thr = parse_threshold(values["threshold"])
        except InvalidValue as exc:
            fail("threshold", str(exc))
    verified = str(values.get("verified") or "U").strip().upper()[:1]
    return Requirement(code, action, text, str(values.get("evidence") or "").strip(), how, wf, wt, thr,
                       "V" if verified == "V" else "U", position)


def scheme_year_from_data(data: dict) -> SchemeYear:
    """A shipped scheme-year file (``resources/mis/yearN.json``) as a :class:`SchemeYear`."""
    from maternity_desk.core.periods import parse_date

    actions = tuple(Action(int(a["number"]), a["title"], a.get("verified", "U")) for a in data["actions"])
    numbers = [a.number for a in actions]
    if sorted(numbers) != list(ACTIONS):
        raise InvalidValue(f"scheme year {data.get('label')}: the actions must be numbered 1 to 10")
    reqs, seen = [], set()
    for i, r in enumerate(data["requirements"], start=1):
        req = make_requirement(r, actions=numbers, position=i)
        if req.code in seen:
            raise InvalidValue(f"scheme year {data.get('label')}: requirement {req.code} is listed twice")
        seen.add(req.code)
        reqs.append(req)
    due = data.get("declaration_due")
    return SchemeYear(int(data["number"]), parse_year_label(data["label"]), data["title"],
                      parse_date(due) if due else None, data.get("source", ""), data.get("verified", "U"),
                      bool(data.get("closed", False)), actions, tuple(reqs), data.get("note", ""))


def next_year(last: SchemeYear) -> SchemeYear:
    """The year after ``last``: the same actions and requirements, windows a year later,
    open, nothing tracked yet, every text still to be checked."""
    start = int(last.label[:4]) + 1
    reqs = tuple(
        Requirement(r.code, r.action, r.text, r.evidence, r.how,
                    add_months(r.window_from, 12) if r.window_from else None,
                    add_months(r.window_to, 12) if r.window_to else None, r.threshold, "U", r.position)
        for r in last.requirements)
    return SchemeYear(last.number + 1, f"{start}/{(start + 1) % 100:02d}",
                      f"Maternity Incentive Scheme year {last.number + 1} ({start}/{(start + 1) % 100:02d})",
                      add_months(last.declaration_due, 12) if last.declaration_due else None,
                      f"Copied from year {last.number} ({last.label})", "U", False,
                      tuple(Action(a.number, a.title, "U") for a in last.actions), reqs, NOT_VERIFIED)


# --- tracking and figures ------------------------------------------------------------------

@dataclass(frozen=True)
class Tracking:
    """What the unit records against one requirement."""
    code: str
    status: str = "not_started"
    owner_staff: str | None = None  # a staff number from the register...
    owner_text: str = ""  # ...or free text
    evidence_location: str = ""
    approval_forum: str = ""
    approval_date: date | None = None
    notes: str = ""


@dataclass(frozen=True)
class Figure:
    """A computed requirement's figure over the window used (``to`` is the window's end, or
    the as-at date when earlier)."""
    start: date
    end: date
    numerator: int
    denominator: int
    threshold: float

    @property
    def percent(self) -> float | None:
        return None if not self.denominator else self.numerator * 100.0 / self.denominator

    @property
    def met(self) -> bool | None:
        p = self.percent
        return None if p is None else p >= self.threshold

    def as_json(self) -> dict:
        p = self.percent
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "numerator": self.numerator,
                "denominator": self.denominator, "percent": None if p is None else round(p, 1),
                "threshold": self.threshold, "met": self.met}


def window_to(req: Requirement, as_at: date) -> date:
    """The window's end, or the as-at date when earlier."""
    assert req.window_to is not None
    return min(req.window_to, as_at)


def computed_status(figure: Figure, req: Requirement, as_at: date) -> str:
    """Met when the figure reaches its threshold; not met once the window has closed below
    it; otherwise in progress (not started while nothing is due yet)."""
    if figure.met:
        return "met"
    if figure.met is None:
        return "not_started" if as_at < (req.window_to or as_at) else "not_met"
    return "not_met" if req.window_to is not None and as_at >= req.window_to else "in_progress"


def action_status(statuses: Sequence[str]) -> str:
    """An action's status from its requirements': not applicable ones are left out; any not
    met makes it not met; all met makes it met; none begun, not started; else in progress."""
    live = [s for s in statuses if s != "not_applicable"]
    if not live:
        return "not_applicable" if statuses else "not_started"
    if "not_met" in live:
        return "not_met"
    if all(s == "met" for s in live):
        return "met"
    if all(s == "not_started" for s in live):
        return "not_started"
    return "in_progress"


def rag_for_status(status: str) -> str | None:
    return {"met": "green", "not_met": "red", "in_progress": "amber", "not_started": "amber"}.get(status)


def scheme_rag(action_statuses: Sequence[str]) -> str | None:
    rags = [rag_for_status(s) for s in action_statuses]
    rags = [r for r in rags if r]
    if not rags:
        return None
    if "red" in rags:
        return "red"
    return "green" if all(r == "green" for r in rags) else "amber"


def days_left(due: date | None, as_at: date) -> int | None:
    return None if due is None else (due - as_at).days


# --- the counting behind computed requirements ---------------------------------------------

def deadline_counts(items: Iterable[tuple[date, date | None]], as_at: date) -> tuple[int, int]:
    """(numerator, denominator) over ``(deadline, done)`` pairs, as at ``as_at``: the
    denominator is those whose deadline has passed plus those already done; the numerator
    those done on or before their deadline. A deadline on the as-at date has not passed."""
    num = den = 0
    for due, done in items:
        if done is not None and done > as_at:
            done = None
        if done is not None:
            den += 1
            num += done <= due
        elif as_at > due:
            den += 1
    return num, den


def window_months(start: date, end: date) -> list[str]:
    """The months ``YYYY-MM`` that begin inside the window (a window starting 1 April holds
    April; one starting 8 December does not hold December)."""
    first = month_of(start) if start.day == 1 else month_of(add_months(start.replace(day=1), 1))
    return month_range(first, month_of(end))


def two_month_blocks(start: date, end: date) -> list[tuple[date, date]]:
    """The window cut into two-month blocks from its start (the last may be shorter)."""
    out, s, k = [], start, 1
    while s <= end:
        e = add_months(start, 2 * k)
        out.append((s, min(end, e - _DAY)))
        s, k = e, k + 1
    return out


def meeting_blocks(meetings: Iterable[date], start: date, end: date, as_at: date) -> tuple[int, int]:
    """Champions' meetings against one every two months: the window (to ``end``) in
    two-month blocks; the denominator the blocks ended by ``as_at`` plus any later block
    already holding a meeting; the numerator the counted blocks holding a meeting."""
    dates = sorted(d for d in meetings if start <= d <= min(end, as_at))
    num = den = 0
    for s, e in two_month_blocks(start, end):
        held = any(s <= d <= e for d in dates)
        if e < as_at or held:
            den += 1
            num += held
    return num, den


def board_report_months(reported: Iterable[str], start: date, end: date, as_at: date) -> tuple[int, int]:
    """Monthly quality reports to the board: over the window's months, the denominator the
    months ended by ``as_at`` plus any later month already reported; the numerator the
    counted months with a report recorded."""
    have = set(reported)
    num = den = 0
    for m in window_months(start, end):
        done = m in have
        if month_end(m) < as_at or done:
            den += 1
            num += done
    return num, den


