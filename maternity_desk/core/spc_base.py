"""What every SPC chart shares: the method's constants, the point, segment and result types
(:class:`SpcPoint` is the one point type: the dashboard's rows are SpcPoints too), checking the
inputs (:mod:`~maternity_desk.core.spc_inputs`), the special-cause rules, and the per-segment loop. Part of
:mod:`maternity_desk.core.spc`, which re-exports every name defined here and states the
rules. Pure Python: no Qt, no SQL, no files.
"""

from __future__ import annotations

import functools
import math
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from maternity_desk.core.spc_inputs import (  # noqa: F401 (re-exported: core.spc takes every name from here)
    BETTER,
    RULE_POINT_CHOICES,
    _as_value,
    _as_values,
    _check_baseline,
    _check_better,
    _check_rule_points,
    _check_target,
    _segment_bounds,
    _to_float,
    _whole,
)

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

RULES = ("outside", "trend", "two_of_three", "shift")
RUN_RULES = ("astronomical", "trend", "shift")
VARIATIONS = ("common", "improvement", "concern", "neutral")
ASSURANCES = ("pass", "fail", "hit_and_miss")


def _finite(v: float | None) -> float | None:
    """None for a missing, NaN or infinite figure, else the figure as a float."""
    if v is None or (isinstance(v, float) and (math.isnan(v) or math.isinf(v))):
        return None
    return float(v)


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
    ``denominator`` is set on p-chart points (and on the dashboard's rows, with ``month``,
    ``numerator`` and ``side``).
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
    # Set on the dashboard's rows (core.dashboard.spc_view), which are SpcPoints moved to the
    # indicator's display scale: the month, its counts, and "high"/"low" for a flagged point.
    month: str | None = None
    numerator: float | None = None
    side: str | None = None

    @property
    def missing(self) -> bool:
        return self.value is None

    def as_json(self) -> dict:
        """A dashboard row's figures as the ``spc --json`` command prints them."""
        return {
            "month": self.month,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": _finite(self.value),
            "mean": _finite(self.mean),
            "lower": _finite(self.lower),
            "upper": _finite(self.upper),
            "special_cause": self.special_cause,
            "rule": self.rule,
            "variation": self.variation,
        }

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
# Rules shared by the XmR and p-charts


def _side(v: float | None, centre: float | None) -> int | None:
    if v is None or centre is None:
        return None
    return (v > centre) - (v < centre)


def _side_text(sides: Sequence[int | None]) -> str:
    """The sides as one character each ('+' above, '-' below, '0' on the centre line, 'x'
    missing): the runs rules find their runs in it with a regular expression, which walks the
    points in C rather than one by one in Python."""
    return "".join(["x" if s is None else _SIDE_CHARS[s] for s in sides])


_SIDE_CHARS = {1: "+", -1: "-", 0: "0"}


def _step_text(values: Sequence[float | None]) -> str:
    """Character i tells how point i moved from point i-1: 'U' up, 'D' down, '=' level, 'x'
    where either is missing (and at the first point)."""
    if None not in values:  # the same, without asking at each step
        return "x" + "".join(["U" if b > a else "D" if b < a else "=" for a, b in zip(values, values[1:])])
    return "x" + "".join(["x" if a is None or b is None else "U" if b > a else "D" if b < a else "="
                          for a, b in zip(values, values[1:])])


@functools.lru_cache(maxsize=64)
def _pattern(text: str) -> re.Pattern:
    return re.compile(text)


def _runs_of(text: str, chars: str, length: int):
    """Maximal runs of ``length`` or more of one of ``chars`` in ``text`` (match objects)."""
    return _pattern("|".join(f"{re.escape(c)}{{{length},}}" for c in chars)).finditer(text)


def _runs_same_side(sides: list[int | None], length: int) -> list[bool]:
    """Points in a run of ``length``+ consecutive points all strictly one side (0 = on the
    centre line and None = missing both break a run)."""
    flags = [False] * len(sides)
    for m in _runs_of(_side_text(sides), "+-", length):
        flags[m.start():m.end()] = [True] * (m.end() - m.start())
    return flags


def _trend_runs(values: Sequence[float | None], length: int, *, ties_break: bool) -> list[tuple[int, int, int]]:
    """(first point, last point, +1/-1) of each run of ``length`` or more points going one
    way, in order of (first, last, direction): see :func:`_trend_directions`."""
    steps = _step_text(values)
    runs: list[tuple[int, int, int]] = []
    if ties_break:
        # a run of k steps one way is k + 1 points: from the point before its first step
        for m in _runs_of(steps, "UD", length - 1):
            runs.append((m.start() - 1, m.end() - 1, 1 if steps[m.start()] == "U" else -1))
    else:
        # Each way, the points split into stretches that start at a point not reached by a
        # step that way (nor a level one) and go on while the steps are that way or level; a
        # stretch with ``length - 1`` steps that way is a run, its level steps included (so
        # only stretches of ``length`` points or more are looked at).
        for d, way in ((1, "U"), (-1, "D")):
            for m in _pattern(f"[^{way}=][{way}=]{{{length - 1},}}").finditer(steps):
                if steps.count(way, m.start() + 1, m.end()) + 1 >= length:
                    runs.append((m.start(), m.end() - 1, d))
    runs.sort()
    return runs


def _trend_directions(values: list[float | None], length: int, *, ties_break: bool) -> list[int]:
    """+1/-1 for points in a run of ``length`` or more points going one way, 0 otherwise.

    With ``ties_break`` (XmR) each point must be strictly higher (lower) than the one before
    and equal neighbours end a run. Without it (run chart) equal neighbours neither make nor
    break a run: they are counted once. A missing value always breaks a run. A point shared by
    a rising and a falling run (a peak or a trough) takes the direction of the run to its
    right, as NHSRplotthedots does.
    """
    out = [0] * len(values)
    for start, end, d in _trend_runs(values, length, ties_break=ties_break):
        out[start:end + 1] = [d] * (end + 1 - start)  # the run to the right is laid last
    return out


def _two_of_three_at(side_text: str, close_at: Sequence[int]) -> list[int]:
    """The close points (``close_at``: their indices, in order) that :func:`_two_of_three`
    flags, the sides given as :func:`_side_text`. Only a window holding a close point can
    qualify, so only those are looked at."""
    n = len(side_text)
    close = set(close_at)
    flags: set[int] = set()
    for i in sorted({s for c in close_at for s in range(max(0, c - 2), min(c, n - 3) + 1)}):
        if side_text[i:i + 3] not in ("+++", "---"):
            continue
        hits = [k for k in (i, i + 1, i + 2) if k in close]
        if len(hits) >= 2:
            flags.update(hits)
    return sorted(flags)


def _two_of_three(sides: list[int | None], close: list[bool]) -> list[bool]:
    """Close points flagged because a window of 3 consecutive points containing them has at
    least 2 close points and all 3 points on the same side of the mean."""
    flags = [False] * len(sides)
    for i in _two_of_three_at(_side_text(sides), [i for i, c in enumerate(close) if c]):
        flags[i] = True
    return flags


def _variation(direction: int, better: str | None) -> str:
    if direction == 0:
        return "common"
    if better is None:
        return "neutral"
    good = 1 if better == "higher" else -1
    return "improvement" if direction == good else "concern"


_NO_LABEL: tuple[str | None, int] = (None, 0)


def _classify_segment(
    values: list[float | None],
    centre: float | None,
    lower: list[float | None] | float | None,
    upper: list[float | None] | float | None,
    close_lo: list[float | None] | float | None,
    close_hi: list[float | None] | float | None,
    rule_points: int = SHIFT_POINTS,
) -> list[tuple[str | None, int]]:
    """(rule, direction) for each point of one segment, applying the four XmR rules
    (``rule_points``: the length of a trend and of a shift, 6 or 7). The limits and the
    "close" thresholds are lists (one per point, as on a p-chart) or, held for the whole
    segment (XmR), one figure each.

    The labels are laid from the weakest rule to the strongest, each over the one before, so a
    point keeps the first of outside > trend > two of three > shift that flags it. Every rule
    flags present points only: a missing point keeps no label."""
    n = len(values)
    if centre is None:
        side_text = "x" * n
    elif None not in values:  # _side_text of each value's _side, in one step
        side_text = "".join(["+" if v > centre else "-" if v < centre else "0" for v in values])
    else:
        side_text = "".join(["x" if v is None else "+" if v > centre else "-" if v < centre else "0"
                             for v in values])
    outside: list[tuple[int, int]] = []
    close_at: list[int] = []
    if isinstance(lower, list):
        limits = zip(range(n), values, lower, upper, close_lo, close_hi)
    elif lower is None or upper is None:
        limits = ()
    else:  # the same limits for every point: only a point beyond a "close" line (which is never
        # beyond its limit) or a limit can be flagged
        hi_cut = upper if close_hi is None else min(close_hi, upper)
        lo_cut = lower if close_lo is None else max(close_lo, lower)
        if None in values:
            beyond = [i for i, v in enumerate(values) if v is not None and (v > hi_cut or v < lo_cut)]
        else:
            beyond = [i for i, v in enumerate(values) if v > hi_cut or v < lo_cut]
        limits = ((i, values[i], lower, upper, close_lo, close_hi) for i in beyond)
    for i, v, lo, hi, c_lo, c_hi in limits:
        if v is None or lo is None or hi is None:
            continue
        if v > hi:
            outside.append((i, 1))
        elif v < lo:
            outside.append((i, -1))
        elif (c_hi is not None and v > c_hi) or (c_lo is not None and v < c_lo):
            close_at.append(i)
    out = [_NO_LABEL] * n
    for m in _runs_of(side_text, "+-", rule_points):
        label = ("shift", 1 if side_text[m.start()] == "+" else -1)
        out[m.start():m.end()] = [label] * (m.end() - m.start())
    if close_at:
        for i in _two_of_three_at(side_text, close_at):
            out[i] = ("two_of_three", 1 if side_text[i] == "+" else -1)
    for start, end, d in _trend_runs(values, rule_points, ties_break=True):
        out[start:end + 1] = [("trend", d)] * (end + 1 - start)
    for i, d in outside:
        out[i] = ("outside", d)
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


@dataclass(frozen=True)
class _SegmentChart:
    """What one chart works out for one segment: the segment, each point's limits and its
    (rule, direction) label."""

    segment: SpcSegment
    lower: list[float | None]
    upper: list[float | None]
    labels: list[tuple[str | None, int]]


class SpcPoints(Sequence):
    """A chart's points, each :class:`SpcPoint` made the first time it is asked for (a list in
    every way that is read: ``len``, indexing, slices, iteration, ``==``). The charts work in
    lists; a summary that reads only the latest point makes one object, not one per month."""

    __slots__ = ("_n", "_make", "_made")

    def __init__(self, n: int, make) -> None:
        self._n, self._make, self._made = n, make, [None] * n

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self._n))]
        i = operator.index(i)
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError("point index out of range")
        p = self._made[i]
        if p is None:
            p = self._made[i] = self._make(i)
        return p

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (SpcPoints, list, tuple)):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  (a list's equality, so unhashable like one)

    def __repr__(self) -> str:
        return repr(list(self))


def _per_segment(
    vals: list[float | None],
    baseline: int | None,
    rebase_at: Sequence[int],
    better: str | None,
    work,
    denominators: list[float | None] | None = None,
) -> tuple[SpcPoints, list[SpcSegment]]:
    """The loop every chart shares: split the series at the rebase points, let ``work(number,
    start, end, base_end)`` return the segment's :class:`_SegmentChart` (``base_end`` counts
    the segment's baseline positions), and give one :class:`SpcPoint` per value from it (made
    when asked for: see :class:`SpcPoints`)."""
    segments: list[SpcSegment] = []
    seg_of: list[int] = []
    lows: list[float | None] = []
    highs: list[float | None] = []
    labels: list[tuple[str | None, int]] = []
    for number, (start, end) in enumerate(_segment_bounds(len(vals), rebase_at)):
        base_end = end - start if baseline is None else min(baseline, end - start)
        done = work(number, start, end, base_end)
        segments.append(done.segment)
        seg_of.extend([number] * (end - start))
        lows.extend(done.lower)
        highs.extend(done.upper)
        labels.extend(done.labels)

    def make(i: int) -> SpcPoint:
        seg = segments[seg_of[i]]
        rule, direction = labels[i]
        return _point(i, vals[i], seg.number, i < seg.baseline_end, seg.mean, lows[i], highs[i], rule,
                      direction, better, denominator=None if denominators is None else denominators[i])

    return SpcPoints(len(vals), make), segments
