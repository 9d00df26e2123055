"""Charts for rare events (0 to 3 a month): the g-chart and a CUSUM for a doubling.

Monthly rates of stillbirths, neonatal deaths, maternal deaths and brain injuries are noisy
on a run chart: one death in a small month looks like a signal. Two charts look at such
events the way they should be looked at:

* :func:`g_chart` - the number of births (or days) *between* events, after Benneyan,
  "Number-between g-type statistical quality control charts for monitoring adverse events",
  Health Care Management Science 4 (2001) 305-318. The gaps follow a geometric distribution
  with mean g-bar; its standard deviation is sqrt(g-bar (g-bar + 1)), so the upper limit is
  ``g-bar + 3 sqrt(g-bar (g-bar + 1))`` and the lower limit is 0 (three standard deviations
  below the mean is always below 0). A gap above the upper limit is an unusually long run
  without an event (improvement). Because the distribution is skewed, a run of short gaps is
  judged against the *median* (as the NHS Power BI SPC visual shows it): ``shift_points``
  consecutive gaps all below (concern) or all above (improvement) the median.
* :func:`cusum` - a one-sided CUSUM that accumulates evidence that the event rate has risen
  to ``ratio`` times (default 2, a doubling) the expected one. Per period the weight is the
  log-likelihood ratio of the period's events under the raised rate against the expected
  rate: Poisson ``O ln R - E (R - 1)``; Bernoulli (when the number of trials, e.g. births,
  is given) ``O ln R - n ln(1 - p + R p)`` with ``p = E / n``, as in Steiner, Cook, Farewell
  and Treasure, Biostatistics 1 (2000) 441-452 (with every patient's risk equal).
  ``S = max(0, S_prev + W)``.

The two thresholds. ``S`` is the log of the likelihood ratio (doubled rate against the
reference rate) of the events since the chart last stood at 0. With even prior odds, the
posterior odds that the rate has doubled are ``exp(S)``, so 95% confidence is reached at
``S = ln(0.95 / 0.05) = ln 19 = 2.944`` and 99% at ``S = ln(0.99 / 0.01) = ln 99 = 4.595``.
These are the defaults (:data:`LEVEL_1`, :data:`LEVEL_2`); both are settings the unit can
change, and both are written on the chart. This is a reading of the thresholds, not a false
alarm rate: the stretch is the one that makes the evidence largest, so an unchanged rate will
still cross them from time to time, how often depending on the unit's births and the reference
rate. For a unit expecting 0.6 term deaths a month, the simulation in
``tests/benchmarks/bench_rare_events.py`` gives a median of about 11 years to a false level 1
signal and about 50 years to a false level 2 signal. The chart resets to 0 after it crosses the
higher threshold. The national Maternity Outcomes Signal System uses 95% and 99% levels
too, but its parameters are not published: this chart is the unit's own look at its data
and never the national system's signal (:data:`NOT_NATIONAL`).

Points carry the same fields as :class:`maternity_desk.core.spc.SpcPoint` where they apply
(``index``, ``value``, ``mean``, ``lower``, ``upper``, ``special_cause``, ``rule``,
``variation``, ``segment``, ``in_baseline``, ``direction``, ``denominator``).

Pure Python: no Qt, no SQL, no files.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.spc_base import SpcPoint

#: 95% and 99% posterior confidence that the rate has at least doubled (even prior odds)
LEVEL_1 = math.log(0.95 / 0.05)
LEVEL_2 = math.log(0.99 / 0.01)
DOUBLING = 2.0
G_SIGMAS = 3.0
SHIFT_POINTS = 7
NOT_NATIONAL = ("The unit's own CUSUM against the reference rate entered here; it is not the "
                "national Maternity Outcomes Signal System's signal.")
G_METHOD = ("g-chart (Benneyan 2001): centre line the mean gap; upper limit mean + 3 x "
            "sqrt(mean x (mean + 1)); lower limit 0; shifts judged against the median.")


@dataclass(frozen=True)
class RareEventPoint(SpcPoint):
    """One gap (g-chart) or one period (CUSUM): an ``SpcPoint`` with its level and events.

    g-chart: ``value`` the gap, ``mean`` the mean gap, ``lower``/``upper`` the limits.
    CUSUM: ``value`` the CUSUM after the period, ``lower``/``upper`` the level 1 and level 2
    thresholds, ``mean`` None, ``denominator`` the expected events; ``level`` 1 or 2 on a
    signal (``rule`` "level_1"/"level_2"), ``observed`` the period's events.
    """

    segment: int = 0  # one segment: a rare-event chart is not rebased
    in_baseline: bool = True
    level: int = 0
    observed: float | None = None


@dataclass(frozen=True)
class GChartResult:
    chart: str
    points: list[RareEventPoint]
    mean: float | None
    median: float | None
    lower: float | None
    upper: float | None
    unit: str
    method: str = G_METHOD
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CusumResult:
    chart: str
    points: list[RareEventPoint]
    ratio: float
    level_1: float
    level_2: float
    model: str
    statement: str = NOT_NATIONAL
    warnings: list[str] = field(default_factory=list)

    @property
    def signals(self) -> list[RareEventPoint]:
        return [p for p in self.points if p.level]


def _number(v: object, index: int, what: str, *, allow_none: bool = True) -> float | None:
    if v is None and allow_none:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise InvalidValue(f"{what} {index + 1} is not a number ({v!r})")
    f = float(v)
    if math.isnan(f) and allow_none:
        return None
    if not math.isfinite(f) or f < 0:
        raise InvalidValue(f"{what} {index + 1} must be a number of 0 or more ({v!r})")
    return f


def _median(xs: list[float]) -> float:
    s = sorted(xs)
    k = len(s) // 2
    return s[k] if len(s) % 2 else (s[k - 1] + s[k]) / 2.0


def _check_points(n: object) -> int:
    if n not in (6, 7, 8):
        raise InvalidValue(f"a shift is 6, 7 or 8 points, not {n!r}")
    return int(n)


# --- g-chart -------------------------------------------------------------------------------

def g_limits(mean: float, sigmas: float = G_SIGMAS) -> tuple[float, float]:
    """(lower, upper) limits of a g-chart with mean gap ``mean`` (Benneyan 2001)."""
    sd = math.sqrt(mean * (mean + 1.0))
    return max(0.0, mean - sigmas * sd), mean + sigmas * sd


def g_chart(
    gaps: Sequence[float | None],
    *,
    baseline: int | None = None,
    shift_points: int = SHIFT_POINTS,
    unit: str = "births",
) -> GChartResult:
    """g-chart of ``gaps`` (births or days between consecutive events, in event order).

    The mean, median and limits come from the first ``baseline`` gaps (all when None).
    Rules: ``outside`` (a gap strictly above the upper limit: improvement); ``shift``
    (``shift_points`` consecutive gaps all strictly below the median: concern, or above:
    improvement; a gap equal to the median or missing breaks it). Fewer than 2 gaps give no
    limits. Raises :class:`InvalidValue` for a negative or non-numeric gap.
    """
    shift_points = _check_points(shift_points)
    vals = [_number(v, i, "gap") for i, v in enumerate(gaps)]
    if baseline is not None and (isinstance(baseline, bool) or not isinstance(baseline, int) or baseline < 2):
        raise InvalidValue("a g-chart baseline needs at least 2 gaps")
    base = [v for v in (vals if baseline is None else vals[:baseline]) if v is not None]
    warnings: list[str] = []
    if len(base) < 2:
        if vals:
            warnings.append("Fewer than 2 gaps between events: no limits yet.")
        points = [RareEventPoint(i, v, None, None, None, False, None, None if v is None else "common")
                  for i, v in enumerate(vals)]
        return GChartResult("g", points, None, None, None, None, unit, warnings=warnings)
    mean = math.fsum(base) / len(base)
    median = _median(base)
    lower, upper = g_limits(mean)
    if len(base) < 12:
        warnings.append(f"The limits rest on {len(base)} gaps (fewer than 12): treat them as trial limits.")
    sides = [None if v is None else (v > median) - (v < median) for v in vals]
    shifted = [0] * len(vals)
    i = 0
    while i < len(vals):
        s = sides[i]
        if not s:
            i += 1
            continue
        j = i
        while j + 1 < len(vals) and sides[j + 1] == s:
            j += 1
        if j - i + 1 >= shift_points:
            for k in range(i, j + 1):
                shifted[k] = s
        i = j + 1
    points = []
    for i, v in enumerate(vals):
        rule, direction = None, 0
        if v is not None and v > upper:
            rule, direction = "outside", 1
        elif shifted[i]:
            rule, direction = "shift", shifted[i]
        variation = None if v is None else (
            "common" if rule is None else ("improvement" if direction > 0 else "concern"))
        points.append(RareEventPoint(i, v, mean, lower, upper, rule is not None, rule, variation,
                                     in_baseline=baseline is None or i < baseline, direction=direction))
    return GChartResult("g", points, mean, median, lower, upper, unit, warnings=warnings)


def gaps_between_dates(dates: Sequence[date]) -> list[int]:
    """Days between consecutive events (sorted); n events give n - 1 gaps."""
    ordered = sorted(dates)
    return [(b - a).days for a, b in zip(ordered, ordered[1:])]


def gaps_from_monthly(events: Sequence[int | None], births: Sequence[int | None]) -> list[int]:
    """Births between consecutive events from monthly counts, placing a month's events evenly
    among its births (the exact order is not known from monthly figures). A month with a
    missing count contributes nothing. Returns one gap per event after the first, rounded."""
    positions: list[float] = []
    before = 0.0
    for i, (e, n) in enumerate(zip(events, births)):
        e = _number(e, i, "events")
        n = _number(n, i, "births")
        if e is None or n is None:
            continue
        k = int(e)
        positions += [before + n * (j + 1) / (k + 1) for j in range(k)]
        before += n
    return [int(round(b - a)) for a, b in zip(positions, positions[1:])]


# --- CUSUM ---------------------------------------------------------------------------------

def cusum_weight(observed: float, expected: float, ratio: float = DOUBLING,
                 trials: float | None = None) -> float:
    """Log-likelihood ratio of ``observed`` events under ``ratio`` x the expected rate
    against the expected rate: Poisson, or Bernoulli when ``trials`` is given."""
    if trials is None:
        return observed * math.log(ratio) - expected * (ratio - 1.0)
    if trials <= 0:
        return 0.0
    p = expected / trials
    if not 0.0 <= p < 1.0:
        raise InvalidValue(f"the expected events ({expected:g}) must be fewer than the trials ({trials:g})")
    return observed * math.log(ratio) - trials * math.log(1.0 - p + ratio * p)


def cusum(
    events: Sequence[float | None],
    expected: Sequence[float | None],
    *,
    ratio: float = DOUBLING,
    level_1: float = LEVEL_1,
    level_2: float = LEVEL_2,
    trials: Sequence[float | None] | None = None,
) -> CusumResult:
    """CUSUM of ``events`` per period against ``expected`` events per period (the reference
    rate times the period's births), looking for a rise to ``ratio`` times the expected rate.

    With ``trials`` (births per period) the Bernoulli weights are used (``ratio`` is then an
    odds ratio), otherwise the Poisson ones. A period with a missing count keeps the CUSUM
    where it was and is shown missing. A period at or above ``level_1`` is flagged
    ``level_1``; at or above ``level_2`` ``level_2``, and the CUSUM restarts from 0 after it.
    """
    if len(events) != len(expected) or (trials is not None and len(trials) != len(events)):
        raise InvalidValue("events, expected events (and births) need one figure per period")
    for name, v in (("ratio", ratio), ("level 1", level_1), ("level 2", level_2)):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v <= 0:
            raise InvalidValue(f"the CUSUM {name} must be a number above 0 ({v!r})")
    if ratio <= 1:
        raise InvalidValue("the CUSUM looks for a rise: its ratio must be above 1")
    if level_2 < level_1:
        raise InvalidValue("the CUSUM's level 2 threshold must not be below level 1")
    s = 0.0
    points: list[RareEventPoint] = []
    for i, (o, e) in enumerate(zip(events, expected)):
        o = _number(o, i, "events")
        e = _number(e, i, "expected events")
        n = None if trials is None else _number(trials[i], i, "births")
        if o is None or e is None or (trials is not None and n is None):
            points.append(RareEventPoint(i, None, None, level_1, level_2, False, None, None,
                                         denominator=e, observed=o))
            continue
        s = max(0.0, s + cusum_weight(o, e, ratio, n))
        level = 2 if s >= level_2 else 1 if s >= level_1 else 0
        rule = f"level_{level}" if level else None
        points.append(RareEventPoint(i, s, None, level_1, level_2, bool(level), rule,
                                     "concern" if level else "common", direction=1 if level else 0,
                                     denominator=e, level=level, observed=o))
        if level == 2:
            s = 0.0
    return CusumResult("cusum", points, float(ratio), float(level_1), float(level_2),
                       "poisson" if trials is None else "bernoulli")
