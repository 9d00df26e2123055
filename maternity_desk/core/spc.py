"""Statistical process control, the NHS "Making Data Count" method (domain.md section 6).

Three charts share one result shape (:class:`SpcResult` holding one :class:`SpcPoint` per
input value):

* :func:`xmr` - the XmR (individuals) chart with the four special-cause rules;
* :func:`p_chart` - proportions with changing denominators, per-point limits;
* :func:`run_chart` - rare events: median line, run-chart rules only.
* :func:`g_chart` and :func:`cusum` - rare events charted properly (births between events;
  a CUSUM for a doubling), from :mod:`maternity_desk.core.rare_events`, offered here too.

Where domain.md section 6 is explicit it is followed exactly. Where it is silent we follow
the R package NHSRplotthedots (``ptd_spc``, files ``R/ptd_spc_standard.R``,
``R/ptd_calculate_point_type.R``, ``R/ptd_calculate_assurance_type.R``), which users compare
us with. The choices made that way are marked "(as NHSRplotthedots)" below:

* Baseline: the first ``baseline`` *positions* of a segment, missing months included (the
  package's ``row_number() <= fix_after_n_points``); a baseline longer than the segment uses
  the whole segment.
* "Close" to a limit (two-of-three rule) is computed as the package does:
  ``mean +/- (2 * 2.66 / 3) * mean MR``, strictly beyond that, and not outside the limit.
* When one point ends a rising trend and starts a falling one (or the reverse), its
  direction is that of the trend to its right.
* Assurance: ``target > upper`` or ``target < lower`` (strictly) decide pass or fail, so a
  target exactly on a limit is "hit_and_miss"; with no better direction there is no assurance.

Differences from NHSRplotthedots a user may notice, all required by domain.md or needed for
sane results:

* ``screen_outliers`` is off by default (as in the Making Data Count Excel tools);
  ``ptd_spc`` screens by default, so compare with ``screen_outliers=True`` there.
* Trial limits are reported when a segment's baseline has fewer than 12 non-missing values
  (the package warns on groups of fewer than 13 rows).
* A constant baseline (mean MR 0) keeps limits equal to the mean when screening is on; the
  package's screening drops every zero range there and gives no limits.
* p-charts and run charts are not in the package: see :func:`p_chart` and :func:`run_chart`.

Missing values (``None``, or NaN) keep their position: such a point gets the mean and limits
of its segment, but ``special_cause`` False, ``rule`` None and ``variation`` None. A missing
value breaks a trend, a shift and any two-of-three window that contains it, and removes both
moving ranges that touch it.

Pure Python: no numpy, no Qt, no I/O.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.run_rules import astronomical, runs_signal

# Process-limit multiplier for the XmR chart (3 / d2 with d2 = 1.128) and the screening
# multiplier for moving ranges (D4 = 3.267), as in the Making Data Count tools.
XMR_LIMIT = 2.66
MR_SCREEN = 3.267
# Two-thirds of the way from the mean to a limit, written as NHSRplotthedots writes it.
XMR_CLOSE = 2 * (XMR_LIMIT / 3)
P_SIGMAS = 3.0

TREND_POINTS = 7  # XmR: 7 points, 6 rises (or falls)
SHIFT_POINTS = 7  # XmR: 7 points one side of the mean
RUN_TREND_POINTS = 5  # run chart: 5 points going one way
RUN_SHIFT_POINTS = 6  # run chart: 6 points one side of the median
TRIAL_LIMIT_POINTS = 12  # baselines with fewer points give trial limits
RULE_POINT_CHOICES = (6, 7)  # shift and trend length: the Making Data Count tool offers both

RULES = ("outside", "trend", "two_of_three", "shift")
RUN_RULES = ("astronomical", "trend", "shift")
VARIATIONS = ("common", "improvement", "concern", "neutral")
ASSURANCES = ("pass", "fail", "hit_and_miss")
BETTER = ("higher", "lower")


@dataclass(frozen=True)
class SpcPoint:
    """One month on a chart.

    ``value`` is the plotted figure (a proportion 0..1 on a p-chart) or None when missing.
    ``mean`` is the centre line of the point's segment (the median on a run chart);
    ``lower``/``upper`` are the process limits at this point (None where the segment cannot
    give limits, and always None on a run chart). ``rule`` is the single rule credited with
    the point (``outside`` > ``trend`` > ``two_of_three`` > ``shift``); ``variation`` is
    ``common``, ``improvement``, ``concern`` or ``neutral`` (None for a missing point).
    ``direction`` is +1 (above / rising), -1 (below / falling) or 0 for a common-cause point.
    ``denominator`` is set on p-chart points only.
    """

    index: int
    value: float | None
    mean: float | None
    lower: float | None
    upper: float | None
    special_cause: bool
    rule: str | None
    variation: str | None
    segment: int
    in_baseline: bool
    direction: int = 0
    denominator: float | None = None

    @property
    def missing(self) -> bool:
        return self.value is None

    def as_dict(self) -> dict:
        """The point's figures for JSON / tables (None where not computable)."""
        return {
            "value": self.value,
            "mean": self.mean,
            "lower": self.lower,
            "upper": self.upper,
            "special_cause": self.special_cause,
            "rule": self.rule,
            "variation": self.variation,
        }


@dataclass(frozen=True)
class SpcSegment:
    """One stretch of the chart between rebase points: ``points[start:end]``.

    ``baseline_points`` counts the non-missing values the centre was computed from;
    ``mean_mr`` and ``moving_ranges`` (the ones used after any screening) are XmR only;
    ``screened_out`` counts moving ranges dropped by screening. ``lower``/``upper`` are the
    XmR limits (None on p-charts, whose limits differ per point, and on run charts).
    ``trial_limits`` is True when limits exist but rest on fewer than 12 baseline points.
    """

    number: int
    start: int
    end: int
    baseline_end: int
    baseline_points: int
    mean: float | None
    lower: float | None = None
    upper: float | None = None
    mean_mr: float | None = None
    moving_ranges: int = 0
    screened_out: int = 0
    trial_limits: bool = False
    runs: int | None = None  # run chart: runs about the median (useful observations only)
    runs_signal: str | None = None  # run chart: "too_few" / "too_many" runs, or None


@dataclass(frozen=True)
class SpcResult:
    """The whole chart: ``chart`` is ``"xmr"``, ``"p"`` or ``"run"``."""

    chart: str
    points: list[SpcPoint]
    segments: list[SpcSegment]
    better: str | None
    target: float | None
    assurance: str | None
    warnings: list[str] = field(default_factory=list)

    @property
    def trial_limits(self) -> bool:
        """True when any segment's limits rest on a baseline of fewer than 12 points."""
        return any(s.trial_limits for s in self.segments)

    @property
    def latest(self) -> SpcPoint | None:
        """The last non-missing point, or None when every value is missing."""
        for p in reversed(self.points):
            if p.value is not None:
                return p
        return None

    @property
    def variation(self) -> str | None:
        """The indicator's variation icon: that of the latest non-missing point (as the
        Making Data Count summary icons and NHSRplotthedots' summary do)."""
        latest = self.latest
        return latest.variation if latest else None

    @property
    def last_segment(self) -> SpcSegment | None:
        return self.segments[-1] if self.segments else None

    @property
    def special_cause_count(self) -> int:
        return sum(1 for p in self.points if p.special_cause)


# --------------------------------------------------------------------------------------
# Input checking


def _to_float(v: object, label: str) -> float:
    """``float(v)``, refusing booleans and anything that is not a number."""
    if isinstance(v, bool):
        raise InvalidValue(f"{label} is not a number: {v!r}")
    try:
        return float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidValue(f"{label} is not a number: {v!r}") from None


def _as_value(v: object, index: int, what: str = "value") -> float | None:
    if v is None:
        return None
    f = _to_float(v, f"{what} {index + 1}")
    if math.isnan(f):
        return None
    if math.isinf(f):
        raise InvalidValue(f"{what} {index + 1} is not a finite number")
    return f


def _check_better(better: str | None) -> str | None:
    if better is None:
        return None
    b = str(better).strip().lower()
    if b not in BETTER:
        raise InvalidValue(f"better must be 'higher', 'lower' or None, not {better!r}")
    return b


def _whole(v: object, message: str) -> int:
    """An int (or an integer-like such as a numpy integer), never a bool or a float."""
    if isinstance(v, bool):
        raise InvalidValue(f"{message}, not {v!r}")
    try:
        return operator.index(v)  # type: ignore[arg-type]
    except TypeError:
        raise InvalidValue(f"{message}, not {v!r}") from None


def _check_rule_points(n: object) -> int:
    if isinstance(n, bool) or n not in RULE_POINT_CHOICES:
        raise InvalidValue(f"a shift or trend is 6 or 7 points, not {n!r}")
    return int(n)


def _check_baseline(baseline: object) -> int | None:
    if baseline is None:
        return None
    baseline = _whole(baseline, "the baseline must be a whole number of points")
    if baseline < 1:
        raise InvalidValue("the baseline must be at least 1 point")
    return baseline


def _check_target(target: object) -> float | None:
    if target is None:
        return None
    t = _to_float(target, "the target")
    if not math.isfinite(t):
        raise InvalidValue("the target must be a finite number")
    return t


def _segment_bounds(n: int, rebase_at: Sequence[int]) -> list[tuple[int, int]]:
    starts = {0}
    for item in rebase_at or ():
        r = _whole(item, "a rebase point must be a point number")
        if r < 0 or (n and r >= n) or (not n and r != 0):
            raise InvalidValue(f"rebase point {r} is outside the series (0 to {max(n - 1, 0)})")
        starts.add(r)
    if n == 0:
        return []
    ordered = sorted(starts)
    return [(s, ordered[i + 1] if i + 1 < len(ordered) else n) for i, s in enumerate(ordered)]


# --------------------------------------------------------------------------------------
# Rules shared by the XmR and p-charts


def _side(v: float | None, centre: float | None) -> int | None:
    if v is None or centre is None:
        return None
    return (v > centre) - (v < centre)


def _runs_same_side(sides: list[int | None], length: int) -> list[bool]:
    """Points in a run of ``length``+ consecutive points all strictly one side (0 = on the
    centre line and None = missing both break a run)."""
    flags = [False] * len(sides)
    i = 0
    while i < len(sides):
        s = sides[i]
        if not s:
            i += 1
            continue
        j = i
        while j + 1 < len(sides) and sides[j + 1] == s:
            j += 1
        if j - i + 1 >= length:
            for k in range(i, j + 1):
                flags[k] = True
        i = j + 1
    return flags


def _trend_directions(values: list[float | None], length: int, *, ties_break: bool) -> list[int]:
    """+1/-1 for points in a run of ``length`` or more points going one way, 0 otherwise.

    With ``ties_break`` (XmR) each point must be strictly higher (lower) than the one before
    and equal neighbours end a run. Without it (run chart) equal neighbours neither make nor
    break a run: they are counted once. A missing value always breaks a run. A point shared by
    a rising and a falling run (a peak or a trough) takes the direction of the run to its
    right, as NHSRplotthedots does.
    """
    n = len(values)
    steps: list[int | None] = [None] * n  # steps[i]: sign of values[i] - values[i-1]
    for i in range(1, n):
        a, b = values[i - 1], values[i]
        if a is not None and b is not None:
            steps[i] = (b > a) - (b < a)
    runs: list[tuple[int, int, int]] = []
    for d in (1, -1):
        i = 0
        while i < n:
            if values[i] is None:
                i += 1
                continue
            # extend while each step goes direction d (or is a tie, when ties do not break)
            j = i
            moves = 0
            while j + 1 < n:
                st = steps[j + 1]
                if st == d:
                    moves += 1
                elif st == 0 and not ties_break:
                    pass
                else:
                    break
                j += 1
            if moves + 1 >= length:
                runs.append((i, j, d))
            i = j + 1
    out = [0] * n
    for start, end, d in sorted(runs):
        for k in range(start, end + 1):
            out[k] = d
    return out


def _two_of_three(sides: list[int | None], close: list[bool]) -> list[bool]:
    """Close points flagged because a window of 3 consecutive points containing them has at
    least 2 close points and all 3 points on the same side of the mean."""
    n = len(sides)
    flags = [False] * n
    for i in range(n - 2):
        s = sides[i]
        if not s or sides[i + 1] != s or sides[i + 2] != s:
            continue
        if close[i] + close[i + 1] + close[i + 2] >= 2:
            for k in (i, i + 1, i + 2):
                if close[k]:
                    flags[k] = True
    return flags


def _variation(direction: int, better: str | None) -> str:
    if direction == 0:
        return "common"
    if better is None:
        return "neutral"
    good = 1 if better == "higher" else -1
    return "improvement" if direction == good else "concern"


def _classify_segment(
    values: list[float | None],
    centre: float | None,
    lower: list[float | None],
    upper: list[float | None],
    close_lo: list[float | None],
    close_hi: list[float | None],
    rule_points: int = SHIFT_POINTS,
) -> list[tuple[str | None, int]]:
    """(rule, direction) for each point of one segment, applying the four XmR rules
    (``rule_points``: the length of a trend and of a shift, 6 or 7)."""
    n = len(values)
    sides = [_side(v, centre) for v in values]
    outside = [0] * n
    close = [False] * n
    for i, v in enumerate(values):
        if v is None or lower[i] is None or upper[i] is None:
            continue
        if v > upper[i]:
            outside[i] = 1
        elif v < lower[i]:
            outside[i] = -1
        elif (close_hi[i] is not None and v > close_hi[i]) or (
            close_lo[i] is not None and v < close_lo[i]
        ):
            close[i] = True
    trends = _trend_directions(values, rule_points, ties_break=True)
    twos = _two_of_three(sides, close)
    shifts = _runs_same_side(sides, rule_points)
    out: list[tuple[str | None, int]] = []
    for i in range(n):
        if values[i] is None:
            out.append((None, 0))
        elif outside[i]:
            out.append(("outside", outside[i]))
        elif trends[i]:
            out.append(("trend", trends[i]))
        elif twos[i]:
            out.append(("two_of_three", sides[i] or 0))
        elif shifts[i]:
            out.append(("shift", sides[i] or 0))
        else:
            out.append((None, 0))
    return out


def _assurance(
    target: float | None, better: str | None, lower: float | None, upper: float | None
) -> str | None:
    """Pass / fail / hit and miss from the limits (as NHSRplotthedots: strict comparisons,
    so a target exactly on a limit is hit and miss)."""
    if target is None or better is None or lower is None or upper is None:
        return None
    higher = better == "higher"
    if target > upper:
        return "fail" if higher else "pass"
    if target < lower:
        return "pass" if higher else "fail"
    return "hit_and_miss"


def _point(
    i: int,
    value: float | None,
    seg: int,
    in_base: bool,
    mean: float | None,
    lower: float | None,
    upper: float | None,
    rule: str | None,
    direction: int,
    better: str | None,
    denominator: float | None = None,
) -> SpcPoint:
    return SpcPoint(
        index=i,
        value=value,
        mean=mean,
        lower=lower,
        upper=upper,
        special_cause=rule is not None,
        rule=rule,
        variation=None if value is None else _variation(direction, better),
        segment=seg,
        in_baseline=in_base,
        direction=direction,
        denominator=denominator,
    )


def _trial_warning(segments: list[SpcSegment]) -> list[str]:
    out = []
    for s in segments:
        if s.trial_limits:
            out.append(
                f"Segment {s.number + 1} (points {s.start + 1} to {s.end}) has trial limits: "
                f"its baseline has {s.baseline_points} points (fewer than {TRIAL_LIMIT_POINTS})."
            )
    return out


# --------------------------------------------------------------------------------------
# XmR chart


def _mean(xs: Sequence[float]) -> float:
    return math.fsum(xs) / len(xs)


def xmr(
    values: Sequence[float | None],
    *,
    baseline: int | None = None,
    rebase_at: Sequence[int] = (),
    better: str | None = None,
    screen_outliers: bool = False,
    target: float | None = None,
    rule_points: int = SHIFT_POINTS,
) -> SpcResult:
    """XmR (individuals) chart, computed separately in each segment.

    Segments start at the first point and at each index in ``rebase_at``. In each segment the
    centre is the mean of the baseline values (the first ``baseline`` positions, missing ones
    included in the count, as NHSRplotthedots; all the segment when ``baseline`` is None or
    longer than the segment). Moving ranges are taken between consecutive baseline positions
    where both values are present. With ``screen_outliers`` moving ranges not strictly below
    3.267 x mean MR are dropped and the mean MR is recomputed once. Limits are mean +/- 2.66 x
    mean MR, held for the whole segment.

    A segment whose baseline has one value (or no pair of consecutive values) has a mean but
    no limits (``lower``/``upper`` None): the outside and two-of-three rules cannot apply to
    it, the trend and shift rules still do. A segment with no value at all has no mean.

    A constant baseline has mean MR 0, so both limits equal the mean: a point on the mean is
    neither outside nor close (a point is "close" only when strictly beyond two-thirds of the
    way, so with zero width no point is close and the two-of-three rule never fires); a later
    value away from the mean is outside.

    ``assurance`` compares ``target`` with the limits of the last segment (None without a
    target, without a better direction, or when that segment has no limits).

    ``rule_points`` is the length of a trend and of a shift: 7 (the default) or 6, the two
    choices the Making Data Count tool offers.

    The rules never look across a rebase. Raises :class:`InvalidValue` for a value that is
    not a number (or is infinite), a rebase index outside the series, a baseline below 1, or
    a ``better`` other than "higher", "lower" or None.
    """
    better = _check_better(better)
    baseline = _check_baseline(baseline)
    target = _check_target(target)
    rule_points = _check_rule_points(rule_points)
    vals = [_as_value(v, i) for i, v in enumerate(values)]
    points: list[SpcPoint] = []
    segments: list[SpcSegment] = []
    for number, (start, end) in enumerate(_segment_bounds(len(vals), rebase_at)):
        seg_vals = vals[start:end]
        base_end = len(seg_vals) if baseline is None else min(baseline, len(seg_vals))
        base = seg_vals[:base_end]
        present = [v for v in base if v is not None]
        mean = _mean(present) if present else None
        mrs = [abs(b - a) for a, b in zip(base, base[1:]) if a is not None and b is not None]
        screened = 0
        amr = _mean(mrs) if mrs else None
        # A mean MR of 0 (a constant baseline) has nothing to screen: taken literally the
        # rule would drop every range (0 is not strictly below 0) and leave no limits, where
        # NHSRplotthedots gives NaN limits. We keep the limits equal to the mean instead.
        if amr and screen_outliers:
            kept = [m for m in mrs if m < MR_SCREEN * amr]
            screened = len(mrs) - len(kept)
            mrs = kept
            amr = _mean(mrs) if mrs else None
        if mean is not None and amr is not None:
            lower = mean - XMR_LIMIT * amr
            upper = mean + XMR_LIMIT * amr
            close_lo = mean - XMR_CLOSE * amr
            close_hi = mean + XMR_CLOSE * amr
        else:
            lower = upper = close_lo = close_hi = None
        segment = SpcSegment(
            number=number,
            start=start,
            end=end,
            baseline_end=start + base_end,
            baseline_points=len(present),
            mean=mean,
            lower=lower,
            upper=upper,
            mean_mr=amr,
            moving_ranges=len(mrs),
            screened_out=screened,
            trial_limits=lower is not None and len(present) < TRIAL_LIMIT_POINTS,
        )
        segments.append(segment)
        m = len(seg_vals)
        labels = _classify_segment(
            seg_vals, mean, [lower] * m, [upper] * m, [close_lo] * m, [close_hi] * m, rule_points
        )
        for k, (rule, direction) in enumerate(labels):
            points.append(
                _point(
                    start + k,
                    seg_vals[k],
                    number,
                    k < base_end,
                    mean,
                    lower,
                    upper,
                    rule,
                    direction,
                    better,
                )
            )
    last = segments[-1] if segments else None
    assurance = _assurance(target, better, last.lower, last.upper) if last else None
    return SpcResult(
        chart="xmr",
        points=points,
        segments=segments,
        better=better,
        target=target,
        assurance=assurance,
        warnings=_trial_warning(segments),
    )


# --------------------------------------------------------------------------------------
# p-chart


def _as_count(v: object, index: int, what: str) -> float | None:
    f = _as_value(v, index, what)
    if f is not None and f < 0:
        raise InvalidValue(f"{what} {index + 1} is negative ({v!r})")
    return f


def p_chart(
    numerators: Sequence[float | None],
    denominators: Sequence[float | None],
    *,
    baseline: int | None = None,
    rebase_at: Sequence[int] = (),
    better: str | None = None,
    target: float | None = None,
    rule_points: int = SHIFT_POINTS,
) -> SpcResult:
    """p-chart for proportions with changing denominators; values are proportions 0..1.

    A point is missing when its numerator or denominator is missing or its denominator is 0.
    In each segment p-bar = sum of numerators / sum of denominators over the baseline
    positions (as for :func:`xmr`). Each point has its own limits
    p-bar +/- 3 x sqrt(p-bar (1 - p-bar) / n), clipped to 0..1; a missing point with a
    denominator gets the limits for that denominator, one without a denominator gets none.
    A one-point segment has limits (the binomial spread needs no moving range).

    The four XmR rules are applied unchanged, each point against its own limits: outside is
    strictly beyond the point's (clipped) limits; "close" is strictly beyond two-thirds of the
    way from p-bar to the point's (clipped) limit and not outside it; trend and shift are
    judged on the proportions against p-bar (``rule_points`` 7 or 6 long, as :func:`xmr`).
    ``target`` is a proportion; assurance compares it with the limits of the latest point that
    has limits in the last segment.
    """
    better = _check_better(better)
    baseline = _check_baseline(baseline)
    target = _check_target(target)
    rule_points = _check_rule_points(rule_points)
    numerators, denominators = list(numerators), list(denominators)
    if len(numerators) != len(denominators):
        raise InvalidValue(
            f"there are {len(numerators)} numerators but {len(denominators)} denominators"
        )
    nums = [_as_count(v, i, "numerator") for i, v in enumerate(numerators)]
    dens = [_as_count(v, i, "denominator") for i, v in enumerate(denominators)]
    vals: list[float | None] = []
    for i, (x, n) in enumerate(zip(nums, dens)):
        if x is not None and n and x > n:
            raise InvalidValue(
                f"point {i + 1}: the numerator ({x:g}) is larger than the denominator ({n:g})"
            )
        vals.append(x / n if x is not None and n else None)
    points: list[SpcPoint] = []
    segments: list[SpcSegment] = []
    for number, (start, end) in enumerate(_segment_bounds(len(vals), rebase_at)):
        m = end - start
        base_end = m if baseline is None else min(baseline, m)
        base = [k for k in range(start, start + base_end) if vals[k] is not None]
        base_x = math.fsum(nums[k] or 0.0 for k in base)
        base_n = math.fsum(dens[k] or 0.0 for k in base)
        pbar = base_x / base_n if base else None
        lows: list[float | None] = []
        highs: list[float | None] = []
        close_lo: list[float | None] = []
        close_hi: list[float | None] = []
        for k in range(start, end):
            n = dens[k]
            if pbar is None or not n:
                lows.append(None)
                highs.append(None)
                close_lo.append(None)
                close_hi.append(None)
                continue
            sigma = math.sqrt(pbar * (1.0 - pbar) / n)
            lo = max(0.0, pbar - P_SIGMAS * sigma)
            hi = min(1.0, pbar + P_SIGMAS * sigma)
            lows.append(lo)
            highs.append(hi)
            close_lo.append(pbar - (pbar - lo) * 2.0 / 3.0)
            close_hi.append(pbar + (hi - pbar) * 2.0 / 3.0)
        has_limits = any(h is not None for h in highs)
        segments.append(
            SpcSegment(
                number=number,
                start=start,
                end=end,
                baseline_end=start + base_end,
                baseline_points=len(base),
                mean=pbar,
                trial_limits=has_limits and len(base) < TRIAL_LIMIT_POINTS,
            )
        )
        seg_vals = vals[start:end]
        labels = _classify_segment(seg_vals, pbar, lows, highs, close_lo, close_hi, rule_points)
        for k, (rule, direction) in enumerate(labels):
            i = start + k
            points.append(
                _point(
                    i,
                    vals[i],
                    number,
                    k < base_end,
                    pbar,
                    lows[k],
                    highs[k],
                    rule,
                    direction,
                    better,
                    denominator=dens[i],
                )
            )
    assurance = None
    if segments:
        last = segments[-1]
        for p in reversed(points[last.start : last.end]):
            if p.value is not None and p.upper is not None:
                assurance = _assurance(target, better, p.lower, p.upper)
                break
    return SpcResult(
        chart="p",
        points=points,
        segments=segments,
        better=better,
        target=target,
        assurance=assurance,
        warnings=_trial_warning(segments),
    )


# --------------------------------------------------------------------------------------
# Run chart


def _median(xs: list[float]) -> float:
    s = sorted(xs)
    k = len(s) // 2
    return s[k] if len(s) % 2 else (s[k - 1] + s[k]) / 2.0


def _run_shifts(sides: list[int | None], length: int) -> list[bool]:
    """Run-chart shift: ``length``+ consecutive points on one side of the median; points on
    the median are skipped (they neither count nor break the run, and are not flagged); a
    missing value or a point on the other side ends it."""
    flags = [False] * len(sides)
    run: list[int] = []
    side = 0

    def close_run() -> None:
        if len(run) >= length:
            for k in run:
                flags[k] = True

    for i, s in enumerate(sides):
        if s is None:
            close_run()
            run, side = [], 0
        elif s == 0:
            continue
        elif s == side:
            run.append(i)
        else:
            close_run()
            run, side = [i], s
    close_run()
    return flags


def run_chart(
    values: Sequence[float | None],
    *,
    baseline: int | None = None,
    rebase_at: Sequence[int] = (),
    better: str | None = None,
) -> SpcResult:
    """Run chart for rare events: a median line and the run-chart rules only (never the XmR
    rules). ``mean`` on each point holds the median of its segment's baseline values;
    ``lower``/``upper`` are always None and ``assurance`` is None.

    Rules (domain.md gives the lengths; the handling of ties and of points on the median
    follows the usual run-chart rules of the NHS / IHI run-chart guidance):

    * ``shift``: 6 or more consecutive points all above, or all below, the median. Points
      exactly on the median are skipped (neither counted nor breaking the run, not flagged).
    * ``trend``: 5 or more points each going up (or each going down). Equal consecutive
      values are counted once and do not break the trend; the tied points are flagged with it.
    * ``astronomical``: a point beyond the far-out fences of the baseline (run_rules.py).
    * the runs rule, per segment (run_rules.py ``runs_signal``): too few or too many runs about the
      median; set on the segment (``runs``, ``runs_signal``) and told in ``warnings``.

    A missing value breaks shifts and trends. One label per point: ``astronomical``,
    ``trend``, ``shift``.
    """
    better = _check_better(better)
    baseline = _check_baseline(baseline)
    vals = [_as_value(v, i) for i, v in enumerate(values)]
    points: list[SpcPoint] = []
    segments: list[SpcSegment] = []
    warnings: list[str] = []
    for number, (start, end) in enumerate(_segment_bounds(len(vals), rebase_at)):
        seg_vals = vals[start:end]
        base_end = len(seg_vals) if baseline is None else min(baseline, len(seg_vals))
        present = [v for v in seg_vals[:base_end] if v is not None]
        median = _median(present) if present else None
        sides = [_side(v, median) for v in seg_vals]
        runs, signal = runs_signal(sides)
        segments.append(
            SpcSegment(
                number=number,
                start=start,
                end=end,
                baseline_end=start + base_end,
                baseline_points=len(present),
                mean=median,
                runs=runs,
                runs_signal=signal,
            )
        )
        if signal:
            warnings.append(f"Segment {number + 1}: {runs} runs about the median is "
                            f"{'too few' if signal == 'too_few' else 'too many'} for chance "
                            "(runs rule): a sign of non-random variation.")
        far = astronomical(seg_vals, present)
        trends = _trend_directions(seg_vals, RUN_TREND_POINTS, ties_break=False)
        shifts = _run_shifts(sides, RUN_SHIFT_POINTS)
        for k, v in enumerate(seg_vals):
            rule: str | None = None
            direction = 0
            if v is not None and far[k]:
                rule, direction = "astronomical", far[k]
            elif v is not None and trends[k]:
                rule, direction = "trend", trends[k]
            elif v is not None and shifts[k]:
                rule, direction = "shift", sides[k] or 0
            points.append(
                _point(
                    start + k, v, number, k < base_end, median, None, None, rule, direction, better
                )
            )
    return SpcResult(
        chart="run",
        points=points,
        segments=segments,
        better=better,
        target=None,
        assurance=None,
        warnings=warnings,
    )


# Rare-event charts live in their own module and are offered here with the other charts.
from maternity_desk.core.rare_events import cusum, g_chart  # noqa: E402, F401
