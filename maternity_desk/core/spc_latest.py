"""A chart's latest point and its assurance, without labelling every point: what a summary of
many indicators needs (one line each). Part of :mod:`maternity_desk.core.spc`, whose charts
these answers equal: ``latest("xmr", values, ...)`` is ``(r.latest, r.assurance)`` of
``r = spc.xmr(values, ...)``, and so for ``"p"`` and ``"run"``.

The latest present point ``i`` is labelled by the same rules (:func:`_classify_segment`, or
the run chart's labels) run over the last stretch of its segment only, from ``rule_points``
points before it. That stretch gives ``i`` the label the whole segment would, because every
point after ``i`` is missing (or past the segment's end):

* ``outside`` and the "close" test look at ``i`` alone, with its segment's limits;
* two of three: the only window of 3 that holds ``i`` and no point after it is ``i - 2 .. i``;
* a trend or a shift that holds ``i`` ends at ``i``; cut to the stretch, it still holds
  ``min(its length, rule_points)`` points, so it qualifies there exactly when it does in the
  whole segment (and a trend to the right of ``i``, which would take ``i`` over, cannot exist).

A run chart's trend counts equal neighbours once and its shift skips points on the median, so
a run ending at ``i`` can reach back any distance: its labels are worked out over the whole
segment (as :func:`~maternity_desk.core.spc.run_chart` does, less the runs rule, which labels
no point). Pure Python: no Qt, no SQL, no files.
"""

from __future__ import annotations

from collections.abc import Sequence

from maternity_desk.core.spc import (
    SHIFT_POINTS,
    SpcPoint,
    _as_values,
    _assurance,
    _check_baseline,
    _check_better,
    _check_rule_points,
    _check_target,
    _classify_segment,
    _median,
    _p_bar,
    _p_inputs,
    _p_limits,
    _point,
    _run_labels,
    _segment_bounds,
    _side,
    _side_text,
    _xmr_stats,
)


def _segments(n: int, baseline: int | None, rebase_at: Sequence[int]) -> list[tuple[int, int, int, int]]:
    """(number, start, end, baseline end) of each segment, as the charts split a series."""
    return [(number, start, end, end - start if baseline is None else min(baseline, end - start))
            for number, (start, end) in enumerate(_segment_bounds(n, rebase_at))]


def _latest_index(vals: list[float | None]) -> int | None:
    return next((i for i in range(len(vals) - 1, -1, -1) if vals[i] is not None), None)


def _segment_of(segments, i: int):
    return next(s for s in segments if s[1] <= i < s[2])


def latest(
    chart: str,
    values: Sequence[float | None] = (),
    *,
    numerators: Sequence[float | None] = (),
    denominators: Sequence[float | None] = (),
    baseline: int | None = None,
    rebase_at: Sequence[int] = (),
    better: str | None = None,
    target: float | None = None,
    rule_points: int = SHIFT_POINTS,
) -> tuple[SpcPoint | None, str | None]:
    """(the latest non-missing point, the assurance) of the ``chart`` ("xmr": ``values``;
    "p": ``numerators`` and ``denominators``; "run": ``values``, whose rules take no
    ``target`` or ``rule_points``) made with these arguments; the same checks, raising the
    same errors. No screening of moving ranges (the charts' default)."""
    better = _check_better(better)
    baseline = _check_baseline(baseline)
    if chart == "run":
        return _latest_run(_as_values(values), baseline, rebase_at, better), None
    target = _check_target(target)
    rule_points = _check_rule_points(rule_points)
    window = max(rule_points, 3)
    if chart == "xmr":
        return _latest_xmr(_as_values(values), baseline, rebase_at, better, target, rule_points, window)
    if chart == "p":
        return _latest_p(numerators, denominators, baseline, rebase_at, better, target, rule_points, window)
    raise ValueError(f"no latest point for a {chart!r} chart")


def _latest_xmr(vals, baseline, rebase_at, better, target, rule_points, window):
    segments = _segments(len(vals), baseline, rebase_at)
    if not segments:
        return None, None
    stats = {}

    def figures(seg):
        if seg not in stats:
            stats[seg] = _xmr_stats(vals[seg[1]:seg[1] + seg[3]], False)
        return stats[seg]

    last = figures(segments[-1])
    assurance = _assurance(target, better, last[5], last[6])
    i = _latest_index(vals)
    if i is None:
        return None, assurance
    seg = _segment_of(segments, i)
    number, start, _end, base_end = seg
    _present, mean, _amr, _mrs, _screened, lower, upper, close_lo, close_hi = figures(seg)
    first = max(start, i - window + 1)
    rule, direction = _classify_segment(vals[first:i + 1], mean, lower, upper, close_lo, close_hi, rule_points)[-1]
    point = _point(i, vals[i], number, i < start + base_end, mean, lower, upper, rule, direction, better)
    return point, assurance


def _latest_p(numerators, denominators, baseline, rebase_at, better, target, rule_points, window):
    nums, dens, vals = _p_inputs(numerators, denominators)
    segments = _segments(len(vals), baseline, rebase_at)
    if not segments:
        return None, None
    # assurance: the limits of the latest present point of the last segment (as p_chart)
    assurance = None
    _number, start, end, base_end = segments[-1]
    pbar, _base = _p_bar(vals, nums, dens, start, base_end)
    k = next((k for k in range(end - 1, start - 1, -1) if vals[k] is not None), None)
    if pbar is not None and k is not None:
        lows, highs, _clo, _chi = _p_limits(pbar, [dens[k]])
        assurance = _assurance(target, better, lows[0], highs[0])
    i = _latest_index(vals)
    if i is None:
        return None, assurance
    number, start, _end, base_end = _segment_of(segments, i)
    pbar, _base = _p_bar(vals, nums, dens, start, base_end)
    first = max(start, i - window + 1)
    lows, highs, close_lo, close_hi = _p_limits(pbar, dens[first:i + 1])
    rule, direction = _classify_segment(vals[first:i + 1], pbar, lows, highs, close_lo, close_hi, rule_points)[-1]
    point = _point(i, vals[i], number, i < start + base_end, pbar, lows[-1], highs[-1], rule, direction, better,
                   denominator=dens[i])
    return point, assurance


def _latest_run(vals, baseline, rebase_at, better):
    i = _latest_index(vals)
    if i is None:
        _segment_bounds(len(vals), rebase_at)  # the rebase points are checked all the same
        return None
    segments = _segments(len(vals), baseline, rebase_at)
    number, start, end, base_end = _segment_of(segments, i)
    seg_vals = vals[start:end]
    present = [v for v in seg_vals[:base_end] if v is not None]
    median = _median(present) if present else None
    side_text = _side_text([_side(v, median) for v in seg_vals])
    rule, direction = _run_labels(seg_vals, present, side_text)[i - start]
    return _point(i, vals[i], number, i < start + base_end, median, None, None, rule, direction, better)
