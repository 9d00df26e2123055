"""p-chart and run chart (core/spc.py p_chart, run_chart) against hand-worked cases."""

from __future__ import annotations

import math

import pytest

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.spc import p_chart, run_chart, xmr

# --- p-chart ----------------------------------------------------------------------------


def test_p_chart_limits_hand_worked():
    # p-bar = (10 + 20 + 30) / (100 + 200 + 100) = 60 / 400 = 0.15
    # n = 100: sigma = sqrt(0.15 x 0.85 / 100) = sqrt(0.001275) = 0.0357071421
    #          limits 0.15 -/+ 0.1071214264 = 0.0428785736 .. 0.2571214264
    # n = 200: sigma = sqrt(0.0006375) = 0.0252487623; limits 0.15 -/+ 0.0757462869
    #          = 0.0742537131 .. 0.2257462869
    r = p_chart([10, 20, 30], [100, 200, 100])
    assert r.chart == "p"
    assert r.segments[0].mean == pytest.approx(0.15)
    assert [p.value for p in r.points] == pytest.approx([0.1, 0.1, 0.3])
    p1, p2, p3 = r.points
    assert p1.lower == pytest.approx(0.0428785736) and p1.upper == pytest.approx(0.2571214264)
    assert p2.lower == pytest.approx(0.0742537131) and p2.upper == pytest.approx(0.2257462869)
    assert p3.upper == pytest.approx(0.2571214264)
    # 0.3 > 0.2571: outside, above
    assert [p.rule for p in r.points] == [None, None, "outside"]
    assert p3.direction == 1 and p3.denominator == 100
    assert r.trial_limits


def test_p_chart_limits_are_clipped_to_0_and_1():
    # p-bar = 2/40 = 0.05, n = 10: 3 sigma = 3 sqrt(0.00475) = 0.2067607 -> lower clipped to 0
    r = p_chart([1, 0, 0, 1], [10, 10, 10, 10])
    assert r.points[0].lower == 0.0
    assert r.points[0].upper == pytest.approx(0.2567607)
    # p-bar = 38/40 = 0.95: upper clipped to 1, lower 0.95 - 0.2067607 = 0.7432393
    r = p_chart([10, 9, 9, 10], [10, 10, 10, 10])
    assert r.points[0].upper == 1.0
    assert r.points[0].lower == pytest.approx(0.7432393)
    # a value of 1 on the clipped upper limit is not outside
    assert r.points[0].rule is None


# Baseline of 12 months at 32 / 64 = 0.5 exactly. With n = 64 sigma = sqrt(0.25/64) = 1/16,
# so the limits are exactly 0.5 -/+ 0.1875 = 0.3125 .. 0.6875 (20/64 .. 44/64) and "close" is
# beyond 0.5 -/+ 0.125 = 0.375 .. 0.625 (24/64 .. 40/64).
BASE_N = [32] * 12
BASE_D = [64] * 12


def pc(tail_num, tail_den=None, **kw):
    kw.setdefault("baseline", 12)
    tail_den = tail_den or [64] * len(tail_num)
    return p_chart(BASE_N + list(tail_num), BASE_D + list(tail_den), **kw)


def prules(r):
    return [p.rule for p in r.points[12:]]


def test_p_chart_exact_limits_and_outside_boundary():
    r = pc([44, 45, 20, 19], better="higher")
    assert r.points[12].upper == 0.6875 and r.points[12].lower == 0.3125
    # 44/64 on the upper limit: not outside (and alone, so common); 45/64 outside;
    # 20/64 on the lower limit not outside; 19/64 outside.
    assert prules(r) == [None, "outside", None, "outside"]
    assert [p.variation for p in r.points[12:]] == ["common", "improvement", "common", "concern"]


def test_p_chart_two_of_three_against_each_points_limits():
    # 41/64 and 42/64 are close (beyond 0.625), 33/64 is above but not close
    assert prules(pc([32, 41, 33, 42, 32])) == [None, "two_of_three", None, "two_of_three", None]
    # exactly two-thirds of the way (40/64 = 0.625) is not close
    assert prules(pc([32, 40, 33, 40, 32])) == [None] * 5
    # on the limit counts as close
    assert prules(pc([32, 44, 33, 44, 32])) == [None, "two_of_three", None, "two_of_three", None]


def test_p_chart_per_point_limits_depend_on_the_denominator():
    # n = 256: sigma = 1/32, upper 0.5 + 0.09375 = 0.59375. 153/256 = 0.5977 is outside,
    # while 38/64 = 0.59375 (n = 64, upper 0.6875) is nowhere near.
    r = pc([38, 153], [64, 256])
    assert r.points[13].upper == 0.59375
    assert prules(r) == [None, "outside"]


def test_p_chart_shift_and_trend():
    r = pc([32, 33, 34, 33, 34, 33, 34, 33, 32], better="lower")
    assert prules(r) == [None] + ["shift"] * 7 + [None]
    assert r.points[13].variation == "concern"
    r = pc([32, 27, 28, 29, 30, 31, 33, 35])
    assert prules(r) == [None] + ["trend"] * 7


def test_p_chart_zero_or_missing_denominator_is_a_missing_point():
    r = p_chart([1, 0, 2, None], [10, 0, 10, 10])
    # p-bar over the present points: 3 / 20 = 0.15
    assert r.segments[0].mean == pytest.approx(0.15)
    assert r.points[1].value is None and r.points[1].lower is None
    assert r.points[1].variation is None and r.points[1].special_cause is False
    # numerator missing but denominator known: missing value, limits for n = 10
    assert r.points[3].value is None
    assert r.points[3].upper == pytest.approx(0.15 + 3 * math.sqrt(0.15 * 0.85 / 10))
    assert r.points[3].mean == pytest.approx(0.15)
    assert p_chart([1, 2], [0, None]).segments[0].mean is None


def test_p_chart_rebase_and_baseline():
    r = p_chart([10, 20, 30, 40, 5, 5], [100] * 6, baseline=2, rebase_at=[4])
    # segment 1: p-bar (10 + 20) / 200 = 0.15; segment 2: 10 / 200 = 0.05
    assert r.segments[0].mean == pytest.approx(0.15)
    assert r.segments[1].mean == pytest.approx(0.05)
    assert [p.segment for p in r.points] == [0, 0, 0, 0, 1, 1]


def test_p_chart_assurance_uses_the_latest_points_limits():
    # latest point n = 64: limits 0.3125 .. 0.6875
    assert pc([32], better="higher", target=0.7).assurance == "fail"
    assert pc([32], better="higher", target=0.3).assurance == "pass"
    assert pc([32], better="higher", target=0.6).assurance == "hit_and_miss"
    assert pc([32], better="lower", target=0.7).assurance == "pass"
    # latest point n = 256: upper 0.59375 < 0.6
    assert pc([32, 128], [64, 256], better="higher", target=0.6).assurance == "fail"


def test_p_chart_constant_zero_rate():
    r = p_chart([0] * 5, [50] * 5, better="lower")
    assert r.segments[0].mean == 0.0
    assert all(p.lower == 0.0 and p.upper == 0.0 and p.rule is None for p in r.points)


def test_p_chart_one_point_has_limits():
    r = p_chart([5], [100])
    p = r.points[0]
    assert p.mean == pytest.approx(0.05)
    assert p.upper == pytest.approx(0.05 + 3 * math.sqrt(0.05 * 0.95 / 100))


@pytest.mark.parametrize(
    ("nums", "dens"),
    [([1, 2], [10]), ([11], [10]), ([-1], [10]), ([1], [-10]), (["x"], [10])],
)
def test_p_chart_bad_input(nums, dens):
    with pytest.raises(InvalidValue):
        p_chart(nums, dens)


def test_p_chart_empty():
    r = p_chart([], [])
    assert r.points == [] and r.assurance is None and r.latest is None


# --- run chart --------------------------------------------------------------------------

# Baselines [1, 9, 1, 9] (for trends: ends high, so a tail starting lower begins with a fall)
# and [9, 1, 9, 1] (for shifts: ends below, so a tail above starts a new run). Both have
# median (1 + 9) / 2 = 5, held with baseline=4, and alternate, so they never join a trend of
# more than 2 points.
RB = [1, 9, 1, 9]
RB_S = [9, 1, 9, 1]


def rc(tail, base=RB, **kw):
    kw.setdefault("baseline", 4)
    return run_chart(list(base) + list(tail), **kw)


def rrules(r):
    return [p.rule for p in r.points[4:]]


def test_run_chart_median_and_no_limits():
    assert run_chart([3, 1, 2]).segments[0].mean == 2
    assert run_chart([4, 1, 3, 2]).segments[0].mean == 2.5
    r = rc([6])
    assert r.chart == "run" and r.assurance is None
    assert all(p.lower is None and p.upper is None and p.mean == 5 for p in r.points)


def test_run_chart_shift_of_six_not_five():
    r = rc([6, 7, 6, 7, 6, 7], better="lower", base=RB_S)
    assert rrules(r) == ["shift"] * 6
    assert all(p.variation == "concern" for p in r.points[4:])
    assert rrules(rc([6, 7, 6, 7, 6], base=RB_S)) == [None] * 5


def test_run_chart_points_on_the_median_neither_count_nor_break():
    r = rc([6, 7, 5, 6, 7, 6, 7], base=RB_S)
    assert rrules(r) == ["shift", "shift", None, "shift", "shift", "shift", "shift"]
    # 5 above + one on the median is not 6 above
    assert rrules(rc([6, 7, 5, 6, 7, 6], base=RB_S)) == [None] * 6


def test_run_chart_missing_or_other_side_breaks_a_shift():
    assert rrules(rc([6, 7, None, 6, 7, 6, 7], base=RB_S)) == [None] * 7
    assert rrules(rc([6, 7, 6, 4, 7, 6, 7], base=RB_S)) == [None] * 7


def test_run_chart_trend_of_five_not_four():
    r = rc([2, 3, 4, 5, 6], better="higher")  # 9 -> 2 falls, then 5 rising points
    assert rrules(r) == ["trend"] * 5
    assert all(p.variation == "improvement" for p in r.points[4:])
    assert rrules(rc([2, 3, 4, 5])) == [None] * 4


def test_run_chart_ties_are_counted_once_and_do_not_break_a_trend():
    assert rrules(rc([2, 3, 3, 4, 5, 6])) == ["trend"] * 6
    assert rrules(rc([2, 3, 3, 4, 5])) == [None] * 5  # 4 distinct values


def test_run_chart_missing_breaks_a_trend():
    assert rrules(rc([2, 3, None, 4, 5, 6])) == [None] * 6


def test_run_chart_falling_trend_and_trend_before_shift():
    assert rrules(rc([8, 7, 6, 5, 4])) == ["trend"] * 5  # 9 -> 8 ... 4: 6 falling points
    # 9 -> 6 falls; 6..11 rise (trend) and are also 6 above the median (shift): trend wins
    assert rrules(rc([6, 7, 8, 9, 10, 11])) == ["trend"] * 6


def test_run_chart_uses_run_rules_not_xmr_rules():
    # 6 points one side: a run-chart shift, but not an XmR shift (which needs 7)
    vals = RB_S + [6, 7, 6, 7, 6, 7]
    assert "shift" in [p.rule for p in run_chart(vals, baseline=4).points]
    assert "shift" not in [p.rule for p in xmr(vals, baseline=4).points]
    # no run-chart point is ever labelled outside or two_of_three
    r = run_chart([1, 1, 1, 1, 100, 1, 1, 100, 100])
    assert {p.rule for p in r.points} <= {None, "shift", "trend"}


def test_run_chart_degenerate_series():
    assert run_chart([]).points == []
    r = run_chart([None, 2.0])
    assert r.points[0].variation is None and r.points[1].mean == 2.0
    r = run_chart([4.0] * 10)
    assert all(p.rule is None and p.variation == "common" for p in r.points)
    assert run_chart([None, None]).segments[0].mean is None
