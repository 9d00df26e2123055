"""Statistical process control, the NHS "Making Data Count" method.

Three charts share one result shape (:class:`SpcResult` holding one :class:`SpcPoint` per
input value):

* :func:`xmr` - the XmR (individuals) chart with the four special-cause rules;
* :func:`p_chart` - proportions with changing denominators, per-point limits;
* :func:`run_chart` - rare events: median line, run-chart rules only.
* :func:`g_chart` and :func:`cusum` - rare events charted properly (births between events;
  a CUSUM for a doubling), from :mod:`maternity_desk.core.rare_events`, offered here too.

A summary of many indicators needs only each chart's latest point and assurance:
:func:`maternity_desk.core.spc_latest.latest` gives those without labelling every point.

The method's rules, followed exactly:

* XmR limits are worked out per segment (a segment starts at the first point and at each
  rebase point): centre = mean of the segment's baseline points; moving ranges between
  consecutive baseline points (a missing value removes both that touch it); limits = mean
  +/- 2.66 x mean MR; optional screening drops moving ranges not strictly below 3.267 x mean
  MR, then recomputes the mean MR once. Fewer than 12 baseline points give trial limits.
* Special causes, one label per point in this order: ``outside`` (strictly beyond a limit),
  ``trend`` (7 points each strictly higher, or each strictly lower, than the one before),
  ``two_of_three`` (2 of 3 consecutive points beyond two-thirds of the way to a limit, all 3
  on that side of the mean), ``shift`` (7 points all above, or all below, the mean). Every
  point of a qualifying trend or shift is flagged.
* Variation: ``common``, else ``improvement``/``concern`` by side and the better direction
  (``neutral`` with none). Assurance: both limits on the passing side of the target pass,
  both on the failing side fail, the target between them is hit and miss.
* p-chart limits p-bar +/- 3 sqrt(p-bar (1 - p-bar) / n) per point, clipped to 0..1; run
  charts use the median, a shift of 6 and a trend of 5, never the XmR rules.

Where those rules are silent we follow
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

Differences from NHSRplotthedots a user may notice, all required by the rules above or needed
for sane results:

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

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.run_rules import astronomical, runs_signal
from maternity_desk.core.spc_base import (  # noqa: F401 (defined there, used as this module's names)
    _NO_LABEL,
    ASSURANCES,
    BETTER,
    MR_SCREEN,
    P_SIGMAS,
    RULE_POINT_CHOICES,
    RULES,
    RUN_RULES,
    RUN_SHIFT_POINTS,
    RUN_TREND_POINTS,
    SHIFT_POINTS,
    TREND_POINTS,
    TRIAL_LIMIT_POINTS,
    VARIATIONS,
    XMR_CLOSE,
    XMR_LIMIT,
    SpcPoint,
    SpcResult,
    SpcSegment,
    _as_value,
    _as_values,
    _assurance,
    _check_baseline,
    _check_better,
    _check_rule_points,
    _check_target,
    _classify_segment,
    _pattern,
    _per_segment,
    _point,
    _runs_same_side,
    _segment_bounds,
    _SegmentChart,
    _side,
    _side_text,
    _to_float,
    _trend_directions,
    _trend_runs,
    _trial_warning,
    _two_of_three,
    _variation,
    _whole,
)

# --------------------------------------------------------------------------------------
# XmR chart


def _mean(xs: Sequence[float]) -> float:
    return math.fsum(xs) / len(xs)


def _xmr_stats(base: list[float | None], screen_outliers: bool):
    """A segment's XmR figures from its baseline positions: (present values, mean, mean MR,
    moving ranges used, ranges screened out, lower, upper, lower and upper "close" lines)."""
    present = [v for v in base if v is not None]
    mean = _mean(present) if present else None
    if None in base:
        mrs = [abs(b - a) for a, b in zip(base, base[1:]) if a is not None and b is not None]
    else:
        mrs = list(map(abs, map(operator.sub, base[1:], base)))
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
    return len(present), mean, amr, len(mrs), screened, lower, upper, close_lo, close_hi


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
    vals = _as_values(values)

    def segment(number: int, start: int, end: int, base_end: int) -> _SegmentChart:
        seg_vals = vals[start:end]
        present, mean, amr, mrs, screened, lower, upper, close_lo, close_hi = _xmr_stats(
            seg_vals[:base_end], screen_outliers)
        seg = SpcSegment(
            number=number,
            start=start,
            end=end,
            baseline_end=start + base_end,
            baseline_points=present,
            mean=mean,
            lower=lower,
            upper=upper,
            mean_mr=amr,
            moving_ranges=mrs,
            screened_out=screened,
            trial_limits=lower is not None and present < TRIAL_LIMIT_POINTS,
        )
        m = len(seg_vals)
        labels = _classify_segment(seg_vals, mean, lower, upper, close_lo, close_hi, rule_points)
        return _SegmentChart(seg, [lower] * m, [upper] * m, labels)

    points, segments = _per_segment(vals, baseline, rebase_at, better, segment)
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


def _as_counts(values: list, what: str) -> list[float | None]:
    out = _as_values(values, what)
    present = out if None not in out else [f for f in out if f is not None]
    if present and min(present) < 0:
        for index, f in enumerate(out):
            if f is not None and f < 0:
                raise InvalidValue(f"{what} {index + 1} is negative ({values[index]!r})")
    return out


def _p_inputs(numerators: Sequence, denominators: Sequence):
    """(numerators, denominators, proportions) as checked floats; a missing count or a zero
    denominator gives a missing proportion."""
    numerators, denominators = list(numerators), list(denominators)
    if len(numerators) != len(denominators):
        raise InvalidValue(
            f"there are {len(numerators)} numerators but {len(denominators)} denominators"
        )
    nums = _as_counts(numerators, "numerator")
    dens = _as_counts(denominators, "denominator")
    vals: list[float | None] = [x / n if x is not None and n else None for x, n in zip(nums, dens)]
    for i, (v, x, n) in enumerate(zip(vals, nums, dens)):
        if v is not None and x > n:
            raise InvalidValue(
                f"point {i + 1}: the numerator ({x:g}) is larger than the denominator ({n:g})"
            )
    return nums, dens, vals


def _p_bar(vals, nums, dens, start: int, base_end: int) -> tuple[float | None, list[int]]:
    """p-bar over a segment's baseline positions (from ``start``, ``base_end`` of them) and the
    indices of its present points."""
    base = [k for k in range(start, start + base_end) if vals[k] is not None]
    base_x = math.fsum([nums[k] or 0.0 for k in base])
    base_n = math.fsum([dens[k] or 0.0 for k in base])
    return (base_x / base_n if base else None), base


def _p_limits(pbar: float | None, dens: Sequence[float | None]):
    """Each point's (clipped) limits and "close" lines for its denominator: four lists."""
    if pbar is None:
        none = [None] * len(dens)
        return none, none, none, none
    spread = pbar * (1.0 - pbar)  # each point's sigma, limits and "close" lines, a list at a time
    sigmas = [math.sqrt(spread / n) if n else None for n in dens]
    # clipped to 0..1 as max(0.0, lo) and min(1.0, hi) would, without a call a point
    lows = [None if s is None else pbar - P_SIGMAS * s for s in sigmas]
    lows = [lo if lo is None or lo > 0.0 else 0.0 for lo in lows]
    highs = [None if s is None else pbar + P_SIGMAS * s for s in sigmas]
    highs = [hi if hi is None or hi < 1.0 else 1.0 for hi in highs]
    close_lo = [None if lo is None else pbar - (pbar - lo) * 2.0 / 3.0 for lo in lows]
    close_hi = [None if hi is None else pbar + (hi - pbar) * 2.0 / 3.0 for hi in highs]
    return lows, highs, close_lo, close_hi


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
    ``target`` is a proportion; assurance compares it
    with the limits of the latest point that has limits in the last segment.
    """
    better = _check_better(better)
    baseline = _check_baseline(baseline)
    target = _check_target(target)
    rule_points = _check_rule_points(rule_points)
    nums, dens, vals = _p_inputs(numerators, denominators)

    def segment(number: int, start: int, end: int, base_end: int) -> _SegmentChart:
        pbar, base = _p_bar(vals, nums, dens, start, base_end)
        lows, highs, close_lo, close_hi = _p_limits(pbar, dens[start:end])
        has_limits = any(h is not None for h in highs)
        seg = SpcSegment(
            number=number,
            start=start,
            end=end,
            baseline_end=start + base_end,
            baseline_points=len(base),
            mean=pbar,
            trial_limits=has_limits and len(base) < TRIAL_LIMIT_POINTS,
        )
        labels = _classify_segment(vals[start:end], pbar, lows, highs, close_lo, close_hi, rule_points)
        return _SegmentChart(seg, lows, highs, labels)

    points, segments = _per_segment(vals, baseline, rebase_at, better, segment, denominators=dens)
    assurance = None
    if segments:
        last = segments[-1]
        for i in range(last.end - 1, last.start - 1, -1):  # the latest first, made one by one
            p = points[i]
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
    for k, _d in _run_shift_points(_side_text(sides), length):
        flags[k] = True
    return flags


def _run_shift_points(side_text: str, length: int) -> list[tuple[int, int]]:
    """(index, +1/-1) of each point :func:`_run_shifts` flags, the sides given as
    ``_side_text``. A run starts at a point on one side and goes on over points on that side
    or on the median; only a stretch ``length`` long or more can hold ``length`` such points."""
    out = []
    for char, d in (("+", 1), ("-", -1)):
        for m in _pattern(rf"\{char}[{char}0]{{{length - 1},}}").finditer(side_text):
            if side_text.count(char, m.start(), m.end()) >= length:
                out.extend((k, d) for k in range(m.start(), m.end()) if side_text[k] == char)
    return out


def _run_labels(seg_vals: list[float | None], present: list[float], side_text: str) -> list[tuple[str | None, int]]:
    """(rule, direction) of each point of a run chart's segment (``present``: its baseline
    values; ``side_text``: each point's side of the median), laid from the weakest rule to the
    strongest as :func:`_classify_segment` does, on present points only."""
    labels: list[tuple[str | None, int]] = [_NO_LABEL] * len(seg_vals)
    for k, d in _run_shift_points(side_text, RUN_SHIFT_POINTS):
        labels[k] = ("shift", d)
    for first, last, d in _trend_runs(seg_vals, RUN_TREND_POINTS, ties_break=False):
        labels[first:last + 1] = [("trend", d)] * (last + 1 - first)
    for k, d in enumerate(astronomical(seg_vals, present)):
        if d and seg_vals[k] is not None:
            labels[k] = ("astronomical", d)
    return labels


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

    Rules (Making Data Count gives the lengths; the handling of ties and of points on the median
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
    vals = _as_values(values)
    warnings: list[str] = []

    def segment(number: int, start: int, end: int, base_end: int) -> _SegmentChart:
        seg_vals = vals[start:end]
        present = [v for v in seg_vals[:base_end] if v is not None]
        median = _median(present) if present else None
        sides = [_side(v, median) for v in seg_vals]
        side_text = _side_text(sides)
        runs, signal = runs_signal(sides)
        seg = SpcSegment(
            number=number,
            start=start,
            end=end,
            baseline_end=start + base_end,
            baseline_points=len(present),
            mean=median,
            runs=runs,
            runs_signal=signal,
        )
        if signal:
            warnings.append(f"Segment {number + 1}: {runs} runs about the median is "
                            f"{'too few' if signal == 'too_few' else 'too many'} for chance "
                            "(runs rule): a sign of non-random variation.")
        m = len(seg_vals)
        return _SegmentChart(seg, [None] * m, [None] * m, _run_labels(seg_vals, present, side_text))

    points, segments = _per_segment(vals, baseline, rebase_at, better, segment)
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
