"""The improvement programme vocabulary (statuses, roles, measure types, signals), the small
validators every record uses, and measures: their monthly values and SPC charts. Part of
:mod:`maternity_desk.core.improvement`, which re-exports every name defined here. Pure
Python: no Qt, no SQL, no files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from maternity_desk.core import spc
from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.identifiers import refuse_patient_identifiers
from maternity_desk.core.periods import parse_date, parse_month

STATUSES = ("planned", "active", "sustaining", "closed", "abandoned")
STATUS_LABELS = {s: s.capitalize() for s in STATUSES}
MEASURE_TYPES = ("outcome", "process", "balancing")
BETTER = ("higher", "lower")
CHARTS = ("p", "xmr", "run")
CHART_LABELS = {"p": "p-chart (proportion)", "xmr": "XmR (individuals)", "run": "Run chart"}
ROLES = ("obstetrician_lead", "midwife_lead", "senior_manager_lead", "improvement_coach", "other")
ROLE_LABELS = {
    "obstetrician_lead": "Obstetrician lead",
    "midwife_lead": "Midwife lead",
    "senior_manager_lead": "Senior manager lead",
    "improvement_coach": "Improvement coach",
    "other": "Team member",
}
REQUIRED_LEADS = ("obstetrician_lead", "midwife_lead", "senior_manager_lead")
PDSA_ACTS = ("adopt", "adapt", "abandon")
DRIVER_KINDS = ("primary", "secondary", "change_idea")
DRIVER_LABELS = {"primary": "Primary driver", "secondary": "Secondary driver", "change_idea": "Change idea"}
#: the kind a driver's children have (change ideas have none)
CHILD_KIND = {None: "primary", "primary": "secondary", "secondary": "change_idea"}
EVENT_KINDS = (
    "learning_event",
    "wave_learning_session",
    "community_of_practice",
    "trust_visit",
    "coach_training",
    "safety_culture_survey",
)
EVENT_LABELS = {
    "learning_event": "National learning event",
    "wave_learning_session": "Wave learning session",
    "community_of_practice": "Community of practice",
    "trust_visit": "Trust visit",
    "coach_training": "Improvement-coach training",
    "safety_culture_survey": "Safety-culture survey round",
}
ACTION_STATUSES = ("open", "in_progress", "done", "cancelled")
ACTION_LABELS = {"open": "Open", "in_progress": "In progress", "done": "Done", "cancelled": "Cancelled"}
SIGNALS = ("improving", "no change", "concern")
SCALES = (1, 100, 1000)

_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,19}$")


# --- small validators -------------------------------------------------------------------

def _text(value: Any, what: str, *, required: bool = False, limit: int = 4000) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise InvalidValue(f"{what} is required")
    if len(text) > limit:
        raise InvalidValue(f"{what} is too long ({len(text)} characters; at most {limit})")
    refuse_patient_identifiers(text, what)
    return text


def validate_code(value: Any) -> str:
    code = str(value or "").strip().upper()
    if not _CODE.match(code):
        raise InvalidValue(
            f"'{value}' is not a project code: use up to 20 letters, digits, '-' or '_' (e.g. SFP)"
        )
    return code


def _choice(value: Any, allowed: Sequence[str], what: str, *, optional: bool = False) -> str | None:
    if optional and (value is None or value == ""):
        return None
    text = str(value or "").strip().lower().replace(" ", "_")
    if text not in allowed:
        raise InvalidValue(f"'{value}' is not a {what} (use {', '.join(allowed)})")
    return text


def _opt_date(value: Any, what: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value

    try:
        return parse_date(value)
    except InvalidValue as exc:
        raise InvalidValue(f"{what}: {exc}") from None


# --- measures ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Measure:
    """A measure of a pick-list project (``project_id`` None) or of an adopted project.

    ``scale`` turns a proportion into what is shown: 100 for a percentage or "per 100",
    1000 for "per 1,000"; 1 for a plain count or score (a measure with no denominator)."""

    type: str
    name: str
    numerator: str = ""
    denominator: str = ""
    better: str | None = None
    chart: str = "p"
    scale: int = 100
    unit: str = "%"
    id: int | None = None
    project_id: int | None = None
    is_primary: bool = False
    baseline_points: int | None = None
    sort_order: int = 0
    rebase_months: tuple[str, ...] = ()  # YYYY-MM: a new segment starts at each
    #: a dashboard indicator this measure is: its figures are the dashboard's (one figure, one
    #: place); None for a measure of the project's own, with its own figures
    indicator: str | None = None

    @property
    def needs_denominator(self) -> bool:
        return self.chart == "p" or bool(self.denominator)


def validate_measure(m: Measure) -> Measure:
    type_ = _choice(m.type, MEASURE_TYPES, "measure type")
    name = _text(m.name, "the measure's name", required=True, limit=120)
    better = _choice(m.better, BETTER, "better direction", optional=True)
    chart = _choice(m.chart, CHARTS, "chart type")
    try:
        scale = int(m.scale)
    except (TypeError, ValueError):
        raise InvalidValue(f"'{m.scale}' is not a scale (use 1, 100 or 1000)") from None
    if scale not in SCALES:
        raise InvalidValue(f"'{m.scale}' is not a scale (use 1, 100 or 1000)")
    denominator = _text(m.denominator, "the denominator definition", limit=500)
    if chart == "p" and not denominator:
        raise InvalidValue(f"'{name}' is charted as a proportion, so it needs a denominator definition")
    baseline = m.baseline_points
    if baseline is not None and baseline != "":
        try:
            baseline = int(baseline)
        except (TypeError, ValueError):
            raise InvalidValue(f"'{m.baseline_points}' is not a number of baseline months") from None
        if baseline < 2:
            raise InvalidValue("a baseline needs at least 2 months (12 or more for firm limits)")
    else:
        baseline = None
    return replace(
        m, type=type_, name=name, better=better, chart=chart, scale=scale, denominator=denominator,
        numerator=_text(m.numerator, "the numerator definition", required=True, limit=500),
        unit=_text(m.unit, "the unit", limit=40) or ("%" if scale == 100 else ""),
        baseline_points=baseline, rebase_months=parse_rebase_months(m.rebase_months),
    )


def parse_rebase_months(value: Any) -> tuple[str, ...]:
    """Rebase months as stored: ``YYYY-MM``, each once, in order. Accepts a sequence of months
    or one text with months separated by commas, semicolons or new lines (each written as
    2025-07, Jul-25, July 2025 or a date in the month)."""
    if value is None or value == "":
        return ()
    items = re.split(r"[,;\n]+", value) if isinstance(value, str) else list(value)
    out: set[str] = set()
    for item in items:
        if item is None or (isinstance(item, str) and not item.strip()):
            continue
        try:
            out.add(parse_month(item.strip() if isinstance(item, str) else item))
        except InvalidValue as exc:
            raise InvalidValue(f"rebase month: {exc}") from None
    if len(out) > 24:
        raise InvalidValue("at most 24 rebase months on one measure")
    return tuple(sorted(out))


def rebase_points(months: Sequence[str], rebase_months: Iterable[str]) -> list[int]:
    """The point numbers (0-based, into ``months`` sorted ascending) at which a new segment
    starts: for each rebase month, the first month with data on or after it. A rebase at or
    before the first month with data, or after the last, starts nothing."""
    out: set[int] = set()
    for r in rebase_months:
        i = next((i for i, mo in enumerate(months) if mo >= r), None)
        if i:  # None (after the last) and 0 (at the start) start no new segment
            out.add(i)
    return sorted(out)


@dataclass(frozen=True)
class MeasureValue:
    month: str  # YYYY-MM
    numerator: int
    denominator: int | None = None


class BadMeasureValue(InvalidValue):
    """A month's value refused; ``column`` says which part ("month", "numerator", "denominator")."""

    def __init__(self, message: str, column: str):
        super().__init__(message)
        self.column = column


def validate_value(m: Measure, month: Any, numerator: Any, denominator: Any) -> MeasureValue:
    """One month of a measure; raises :class:`BadMeasureValue` naming the part that is wrong."""
    try:
        mon = parse_month(month)
    except InvalidValue as exc:
        raise BadMeasureValue(str(exc), "month") from None
    for what, v in (("numerator", numerator), ("denominator", denominator)):
        if v is not None and (isinstance(v, bool) or not isinstance(v, int) or v < 0):
            raise BadMeasureValue(f"the {what} must be a whole number of 0 or more", what)
    if numerator is None:
        raise BadMeasureValue("the numerator is required", "numerator")
    if m.needs_denominator:
        if denominator is None:
            raise BadMeasureValue(f"'{m.name}' needs a denominator ({m.denominator or 'the total'})",
                                  "denominator")
        if denominator == 0:
            raise BadMeasureValue(
                "the denominator is 0: leave the month out if there was nothing to count", "denominator")
        if m.chart == "p" and numerator > denominator:
            raise BadMeasureValue(
                f"the numerator ({numerator}) is larger than the denominator ({denominator})", "numerator")
    elif denominator is not None:
        raise BadMeasureValue(f"'{m.name}' is a count with no denominator; leave the denominator blank",
                              "denominator")
    return MeasureValue(mon, numerator, denominator)


def point_value(m: Measure, numerator: int, denominator: int | None) -> float:
    """The figure shown for one month: numerator / denominator x scale, or the numerator
    itself for a measure with no denominator."""
    if denominator is None:
        return float(numerator)
    if denominator == 0:
        raise InvalidValue("the denominator is 0")
    return numerator / denominator * m.scale


@dataclass(frozen=True)
class ChartPoint:
    month: str
    value: float | None
    mean: float | None
    lower: float | None
    upper: float | None
    special_cause: bool = False
    rule: str | None = None
    variation: str = "common"
    segment: int = 0  # 0, then 1 from the first rebase, ...


@dataclass(frozen=True)
class MeasureChart:
    """A measure's SPC chart in the measure's display scale (e.g. % rather than 0..1)."""

    measure: Measure
    points: tuple[ChartPoint, ...]
    target: float | None = None
    assurance: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def latest(self) -> ChartPoint | None:
        return self.points[-1] if self.points else None


def _num(v: Any) -> float | None:
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if f != f else f  # NaN -> None


def measure_chart(m: Measure, values: Iterable[MeasureValue], *, target: float | None = None) -> MeasureChart:
    """The SPC chart of a measure's months (sorted by month; months without data are left out,
    so the chart runs over the months that have data). ``target`` is in display scale
    (usually the aim's "to" value); it is given to the SPC for its assurance."""
    rows = sorted(values, key=lambda v: v.month)
    if not rows:
        return MeasureChart(m, (), target, None, ())
    baseline = m.baseline_points if m.baseline_points and m.baseline_points < len(rows) else None
    rebase_at = rebase_points([r.month for r in rows], m.rebase_months)
    scale = 1.0
    if m.chart == "p":
        scale = float(m.scale)
        result = spc.p_chart(
            [r.numerator for r in rows], [r.denominator for r in rows], baseline=baseline,
            rebase_at=rebase_at, better=m.better, target=None if target is None else target / scale,
        )
    elif m.chart == "xmr":
        result = spc.xmr(
            [point_value(m, r.numerator, r.denominator) for r in rows], baseline=baseline,
            rebase_at=rebase_at, better=m.better, target=target,
        )
    else:
        result = spc.run_chart([point_value(m, r.numerator, r.denominator) for r in rows],
                               baseline=baseline, rebase_at=rebase_at, better=m.better)
    points = []
    for r, p in zip(rows, result.points):
        def scaled(v: float | None) -> float | None:
            v = _num(v)
            return None if v is None else v * scale

        points.append(ChartPoint(
            month=r.month, value=scaled(p.value), mean=scaled(p.mean),  # the median on a run chart
            lower=scaled(p.lower), upper=scaled(p.upper), special_cause=p.special_cause,
            rule=p.rule, variation=p.variation or "common", segment=p.segment,
        ))
    notes = tuple(str(w) for w in result.warnings)
    return MeasureChart(m, tuple(points), target, result.assurance, notes)


def signal_of(chart: MeasureChart | None) -> str | None:
    """The board's signal: the variation of the latest point (see the module docstring)."""
    if chart is None or chart.latest is None:
        return None
    variation = chart.latest.variation
    if variation == "improvement":
        return "improving"
    if variation == "concern":
        return "concern"
    return "no change"
