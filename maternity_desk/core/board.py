"""The board's monthly perinatal quality report: the figures a unit records each month
(staffing, incidents, investigations, voices), their checks, and what changed since the month
before. Aggregate figures only: never a patient, never a member of staff's case.

The minimum data set of the perinatal quality surveillance model is not verified against the
published guidance (domain facts, section 9): the catalogue ships as editable data whose
definitions say so.

Pure Python: no Qt, no SQL, no files.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.periods import month_label
from maternity_desk.core.words import plural

SECTIONS = {"staffing": "Staffing", "incidents": "Incidents", "investigations": "Investigations",
            "voices": "Voices"}
KINDS = {"hours": "hours", "wte": "WTE", "percent": "%", "count": "count"}
HARMS = (("no_harm", "No harm"), ("low", "Low harm"), ("moderate", "Moderate harm"),
         ("severe", "Severe harm"), ("death", "Death"))
HARM_LABELS = dict(HARMS)
SERIOUS_HARMS = ("moderate", "severe", "death")
EXTERNAL_KINDS = (("mnsi_report", "MNSI report received"),
                  ("regulation_28", "Coroner's Regulation 28 report"),
                  ("cqc", "Concern raised by the CQC"),
                  ("nhs_resolution", "Concern raised by NHS Resolution"),
                  ("region", "Concern raised by the region"),
                  ("other", "Other external concern"))
EXTERNAL_LABELS = dict(EXTERNAL_KINDS)
NOTE_KINDS = (("mnvp_theme", "MNVP theme"), ("decision", "For the board's decision"))
NOTE_LABELS = dict(NOTE_KINDS)
#: actual hours (or WTE) above this many times the planned are refused as a typing slip
MAX_ACTUAL_TO_PLANNED = 3
RED_FLAG_PREFIX = "red_flag"
NOT_VERIFIED = "Not verified: check against the published guidance."


@dataclass(frozen=True)
class Measure:
    code: str
    name: str
    section: str
    kind: str  # hours, wte, percent, count
    definition: str = ""
    better: str | None = None  # higher, lower or None
    standard: float | None = None  # percent measures: the standard (e.g. 100)
    planned: str | None = None  # the planned measure this actual is set against
    recorded: bool = True
    verified: bool = False
    sort_order: int = 0

    @property
    def places(self) -> int:
        return 0 if self.kind == "count" else 1

    @property
    def help(self) -> str:
        """The definition as shown where the figure is typed."""
        text = f"{self.name} ({KINDS.get(self.kind, self.kind)}): {self.definition}"
        return text if self.verified else f"{text} {NOT_VERIFIED}"


def parse_value(text: object, measure: Measure) -> float | int | None:
    """A typed or pasted figure for ``measure`` (blank: None). Refuses a negative figure, a
    fraction of a count and a percentage over 100."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if isinstance(text, bool):
        raise InvalidValue(f"'{text}' is not a number")
    if isinstance(text, (int, float)):
        value = float(text)
        shown = f"{text}"
    else:
        shown = str(text).strip()
        cleaned = shown.replace(",", "").removesuffix("%").strip()
        try:
            value = float(cleaned)
        except ValueError:
            raise InvalidValue(f"'{shown[:30]}' is not a number") from None
    if not math.isfinite(value):
        raise InvalidValue(f"'{shown}' is not a number")
    if value < 0:
        raise InvalidValue(f"'{shown}' is negative; {measure.name.lower()} cannot be below 0")
    if measure.kind == "count":
        if not value.is_integer():
            raise InvalidValue(f"'{shown}' is not a whole number; {measure.name.lower()} is a count")
        if value > 1_000_000:
            raise InvalidValue(f"'{shown}' is larger than 1,000,000, the largest count accepted")
        return int(value)
    if measure.kind == "percent" and value > 100:
        raise InvalidValue(f"'{shown}' is over 100%")
    if value > 10_000_000:
        raise InvalidValue(f"'{shown}' is larger than 10,000,000")
    return round(value, 2)


def parse_count(text: object, what: str = "count") -> int | None:
    """An incident count (blank: None)."""
    return parse_value(text, Measure("count", what, "incidents", "count"))


def month_problems(values: Mapping[str, float | int | None], catalogue: Iterable[Measure]) -> dict[str, str]:
    """Checks across a month's figures: an actual more than three times its planned (a slip,
    e.g. minutes typed as hours). Returns {measure code: reason} for the actual figure."""
    out = {}
    for m in catalogue:
        if not m.planned:
            continue
        actual, planned = values.get(m.code), values.get(m.planned)
        if actual is not None and planned is not None and actual > MAX_ACTUAL_TO_PLANNED * planned:
            out[m.code] = (f"{m.name.lower()} ({format_value(actual, m)}) is more than "
                           f"{MAX_ACTUAL_TO_PLANNED} times the planned ({format_value(planned, m)})")
    return out


def fill_rate(actual: float | None, planned: float | None) -> float | None:
    """Actual as a % of planned (None when either is missing or nothing was planned)."""
    if actual is None or not planned:
        return None
    return round(100.0 * actual / planned, 1)


def format_value(value: float | int | None, measure: Measure) -> str:
    if value is None:
        return ""
    if measure.kind == "count":
        return f"{int(value):,}"
    if measure.kind == "percent":
        return f"{value:.1f}%"
    return f"{value:,.1f}"


def harm_totals(incidents: Mapping[tuple[str, str], int]) -> dict[str, int]:
    """{harm: count} over every category of one month's incidents {(category, harm): count}."""
    out = {h: 0 for h, _l in HARMS}
    for (_c, harm), n in incidents.items():
        out[harm] = out.get(harm, 0) + n
    return out


def category_totals(incidents: Mapping[tuple[str, str], int]) -> dict[str, int]:
    out: dict[str, int] = {}
    for (cat, _h), n in incidents.items():
        out[cat] = out.get(cat, 0) + n
    return out


@dataclass
class MonthFigures:
    """One month's figures: {measure code: value} and {(category, harm): count}."""

    month: str
    values: dict[str, float | int]
    incidents: dict[tuple[str, str], int]

    @property
    def has_incidents(self) -> bool:
        return bool(self.incidents)

    def serious(self) -> int:
        t = harm_totals(self.incidents)
        return sum(t[h] for h in SERIOUS_HARMS)


@dataclass(frozen=True)
class External:
    """An item of external attention (an MNSI report, a coroner's Regulation 28 report, a
    regulator's concern) and the unit's response."""

    id: int | None
    kind: str
    received: date
    source: str = ""
    summary: str = ""
    response_due: date | None = None
    responded: date | None = None
    owner: str = ""
    for_decision: bool = False

    @property
    def kind_label(self) -> str:
        return EXTERNAL_LABELS.get(self.kind, self.kind)

    def status(self, as_at: date) -> str:
        if self.responded is not None and self.responded <= as_at:
            return "Responded"
        if self.response_due is not None and self.response_due < as_at:
            return "Overdue"
        return "Open" if self.response_due is not None else "No response due"


def make_external(kind: object, received: date, source: object = "", summary: object = "",
                  response_due: date | None = None, responded: date | None = None,
                  owner: object = "", for_decision: bool = False, id: int | None = None) -> External:
    kind = str(kind or "").strip()
    if kind not in EXTERNAL_LABELS:
        raise InvalidValue(f"'{kind}' is not a kind of external item")
    summary = str(summary or "").strip()
    if not summary:
        raise InvalidValue("say what the item is about")
    if response_due is not None and response_due < received:
        raise InvalidValue("the response cannot be due before the item was received")
    if responded is not None and responded < received:
        raise InvalidValue("the response cannot be sent before the item was received")
    return External(id, kind, received, str(source or "").strip(), summary, response_due, responded,
                    str(owner or "").strip(), bool(for_decision))


def _change_words(m: Measure, now: float, before: float) -> str:
    if now == before:
        return ""
    way = "rose" if now > before else "fell"
    text = f"{m.name}: {way} from {format_value(before, m)} to {format_value(now, m)}"
    if m.better:
        good = (now > before) == (m.better == "higher")
        text += " (better)" if good else " (worse)"
    return text


def red_flags_total(values: Mapping[str, float | int], catalogue: Iterable[Measure]) -> int | None:
    """All NICE midwifery red flags of the month (None when none of their types is recorded)."""
    held = [values[m.code] for m in catalogue if m.code.startswith(RED_FLAG_PREFIX) and m.code in values]
    return int(sum(held)) if held else None


def changes(this: MonthFigures, last: MonthFigures | None, catalogue: Iterable[Measure]) -> list[str]:
    """What has changed since the month before, for the first page, in the catalogue's order:
    each recorded figure held in both months that moved (with better/worse where the measure
    has a direction). Planned hours are summed up in the fill rate and the red flags' types in
    their total; then incidents of moderate harm or worse, and deaths. Figures new this month
    are named once; figures that did not move are not listed."""
    catalogue = [m for m in catalogue if m.recorded]
    prev = last.values if last is not None else {}
    targets = {m.planned for m in catalogue if m.planned}
    lines: list[str] = []
    new: list[str] = []
    flags_done = False
    for m in catalogue:
        if m.code in targets:
            continue
        if m.code.startswith(RED_FLAG_PREFIX):
            if flags_done:
                continue
            flags_done = True
            now, before = red_flags_total(this.values, catalogue), red_flags_total(prev, catalogue)
            m = Measure("red_flags", "Midwifery red flags (all types)", "staffing", "count", better="lower")
        else:
            now, before = this.values.get(m.code), prev.get(m.code)
        if now is None:
            continue
        if before is None:
            if last is not None and last.values:
                new.append(m.name)
            continue
        if m.planned and m.kind == "hours":
            rate = Measure("fill_rate", "Midwifery fill rate (actual / planned hours)", "staffing", "percent",
                           better="higher")
            now_r, before_r = fill_rate(now, this.values.get(m.planned)), fill_rate(before, prev.get(m.planned))
            if now_r is not None and before_r is not None:
                words = _change_words(rate, now_r, before_r)
                if words:
                    lines.append(words)
                continue
        words = _change_words(m, now, before)
        if words:
            lines.append(words)
    if last is not None and (this.incidents or last.incidents):
        now_s, before_s = this.serious(), last.serious()
        if now_s != before_s:
            lines.append(f"Incidents of moderate harm or worse: {'rose' if now_s > before_s else 'fell'} "
                         f"from {before_s} to {now_s}" + (" (worse)" if now_s > before_s else " (better)"))
        deaths = harm_totals(this.incidents)["death"]
        if deaths:
            lines.append(f"{plural(deaths, 'incident')} reported as a death this month")
    if new:
        lines.append("First recorded this month: " + ", ".join(new))
    return lines


def decisions(this: MonthFigures, catalogue: Iterable[Measure], externals: Iterable[External],
              notes: Iterable[str], as_at: date) -> list[str]:
    """What needs the board's decision or attention this month: the unit's own items for
    decision, external items marked for the board or whose response is overdue, staffing
    below its standard, and incidents of severe harm or death."""
    lines = [n for n in notes]
    for e in externals:
        status = e.status(as_at)
        if e.for_decision and status != "Responded":
            due = f", response due {e.response_due:%d/%m/%Y}" if e.response_due else ""
            lines.append(f"{e.kind_label}: {e.summary}{due}")
        elif status == "Overdue":
            lines.append(f"Response overdue since {e.response_due:%d/%m/%Y}: {e.kind_label}, {e.summary}")
    for m in catalogue:
        v = this.values.get(m.code)
        if m.recorded and m.standard is not None and v is not None and v < m.standard:
            lines.append(f"{m.name} was {format_value(v, m)} in {month_label(this.month)}, "
                         f"below the standard of {m.standard:g}%")
    t = harm_totals(this.incidents)
    if t["severe"] or t["death"]:
        parts = [plural(t[h], "incident") + f" of {HARM_LABELS[h].lower()}" if h == "severe"
                 else plural(t[h], "incident") + " reported as a death" for h in ("severe", "death") if t[h]]
        lines.append(" and ".join(parts) + f" in {month_label(this.month)}: for the board's oversight")
    return lines


#: months of a measure's figures its XmR chart reads for the month's signal
SIGNAL_MONTHS = 24


def measure_signals(catalogue: Iterable[Measure], values: Mapping[tuple[str, str], float | int],
                    months: list[str]) -> list[tuple[str, str, tuple[str | None, str | None], str | None]]:
    """The board measures' own Making Data Count signals for the last of ``months``: an XmR
    chart of each recorded measure with a better direction (and of the fill rate) over
    ``months``, read as on the dashboard. Returns (name, value text, (variation, side),
    assurance) for each measure with a figure in the last month and at least 12 months of
    figures (fewer give only trial limits, not a signal)."""
    from maternity_desk.core.spc import xmr

    out = []
    catalogue = [m for m in catalogue if m.recorded]
    series: list[tuple[Measure, list[float | None]]] = []
    for m in catalogue:
        if m.planned and m.kind == "hours":
            rate = Measure("fill_rate", "Midwifery fill rate", "staffing", "percent", better="higher")
            series.append((rate, [fill_rate(values.get((mo, m.code)), values.get((mo, m.planned))) for mo in months]))
        elif m.better:
            series.append((m, [values.get((mo, m.code)) for mo in months]))
    for m, ys in series:
        if ys[-1] is None or sum(y is not None for y in ys) < 12:
            continue
        result = xmr([None if y is None else float(y) for y in ys], better=m.better, target=m.standard)
        last = result.points[-1]
        side = "high" if last.direction > 0 else "low" if last.direction < 0 else None
        out.append((m.name, format_value(ys[-1], m), (last.variation, side), result.assurance))
    return out
