"""XmR chart (core/spc.py xmr) against hand-worked series, the rules stated in core/spc.py's docstring.

Most tests put hand-built points after a fixed baseline BASE of 12 points alternating 9.5 and
10.5: mean = 10, 11 moving ranges of 1, so mean MR = 1 and the limits are exactly
10 - 2.66 = 7.34 and 10 + 2.66 = 12.66. "Close" is beyond 10 +/- (2 x 2.66 / 3) = 10 +/- 1.7733,
i.e. above 11.7733 or below 8.2267. BASE itself alternates sides and direction, so it never
joins a shift or trend of more than 2 points; its last point (index 11) is 10.5.
"""

from __future__ import annotations

import math

import pytest

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.spc import SpcResult, xmr

BASE = [9.5, 10.5] * 6
T = len(BASE)  # index of the first tail point


def chart(tail, **kw):
    kw.setdefault("baseline", 12)
    return xmr(BASE + list(tail), **kw)


def rules(result: SpcResult, start: int = T):
    return [p.rule for p in result.points[start:]]


def test_base_limits_are_hand_worked():
    r = chart([])
    seg = r.segments[0]
    assert seg.mean == 10.0
    assert seg.mean_mr == 1.0
    assert seg.lower == pytest.approx(7.34, abs=1e-12)
    assert seg.upper == pytest.approx(12.66, abs=1e-12)
    assert seg.baseline_points == 12
    assert not r.trial_limits
    assert all(p.rule is None and p.variation == "common" for p in r.points)


# --- rule 1: outside -------------------------------------------------------------------


def test_outside_strictly_beyond_and_on_limit_is_not_outside():
    r = chart([10, 12.67, 10, 12.66, 10, 7.34, 10, 7.33], better="higher")
    # 12.67 > 12.66 outside; 12.66 on the limit is not; 7.34 on the limit is not; 7.33 is.
    assert rules(r) == [None, "outside", None, None, None, None, None, "outside"]
    assert r.points[T + 1].variation == "improvement"
    assert r.points[T + 7].variation == "concern"
    assert r.points[T + 3].variation == "common"
    assert r.points[T + 1].special_cause and not r.points[T + 3].special_cause


def test_outside_direction_with_lower_is_better():
    r = chart([10, 12.67, 10, 7.33], better="lower")
    assert [p.variation for p in r.points[T:]] == ["common", "concern", "common", "improvement"]


def test_neutral_when_no_better_direction():
    r = chart([10, 12.67, 10, 7.33])
    assert [p.variation for p in r.points[T:]] == ["common", "neutral", "common", "neutral"]


# --- rule 2: trend ----------------------------------------------------------------------


def test_trend_of_seven_points_flags_all_seven_and_may_cross_the_mean():
    # 10.5 (idx 11) -> 10 -> 8 fall; then 8 .. 11.2 are 7 points with 6 rises, crossing 10.
    r = chart([10, 8, 8.5, 9, 9.5, 10.2, 10.7, 11.2], better="higher")
    assert rules(r) == [None] + ["trend"] * 7
    assert all(p.variation == "improvement" for p in r.points[T + 1 :])
    assert all(p.direction == 1 for p in r.points[T + 1 :])


def test_six_points_rising_is_not_a_trend():
    r = chart([10, 8, 8.5, 9, 9.5, 10.2, 10.7], better="higher")
    # 8 is close (below 8.2267) but alone; nothing else fires.
    assert rules(r) == [None] * 7


def test_equal_neighbours_break_a_trend():
    # 8, 8.5, 9 | 9, 9.5, 10.2, 10.7, 11.2: runs of 3 and 5 points, neither reaches 7.
    r = chart([10, 8, 8.5, 9, 9, 9.5, 10.2, 10.7, 11.2])
    assert "trend" not in rules(r)


def test_missing_value_breaks_a_trend():
    r = chart([10, 8, 8.5, 9, None, 9.5, 10.2, 10.7, 11.2])
    assert rules(r) == [None] * 9
    missing = r.points[T + 4]
    assert missing.value is None
    assert missing.mean == 10.0 and missing.upper == pytest.approx(12.66)
    assert missing.special_cause is False and missing.rule is None and missing.variation is None


def test_falling_trend_is_concern_when_higher_is_better():
    # 12 (close above) then 11.5 .. 8.8: 7 points, 6 falls.
    r = chart([10, 12, 11.5, 11, 10.5, 9.8, 9.3, 8.8], better="higher")
    assert rules(r) == [None] + ["trend"] * 7
    assert all(p.variation == "concern" for p in r.points[T + 1 :])


def test_peak_shared_by_rising_and_falling_trend_takes_the_right_hand_trend():
    # 8 .. 11.2 rise (7 points, idx 12-18) then 11.2 .. 8.4 fall (7 points, idx 18-24).
    # NHSRplotthedots gives a point in trends on both sides the direction of the right one.
    tail = [8, 8.5, 9, 9.5, 10.2, 10.7, 11.2, 10.8, 10.3, 9.9, 9.4, 8.9, 8.4]
    r = chart(tail, better="higher")
    assert rules(r) == ["trend"] * 13
    assert [p.variation for p in r.points[T : T + 6]] == ["improvement"] * 6
    assert [p.variation for p in r.points[T + 6 :]] == ["concern"] * 7


# --- rule 3: two of three ---------------------------------------------------------------


def test_two_of_three_close_points_same_side():
    # 11.8 and 11.9 are close (above 11.7733), 10.5 between them is above but not close.
    r = chart([10, 11.8, 10.5, 11.9, 10], better="lower")
    assert rules(r) == [None, "two_of_three", None, "two_of_three", None]
    assert r.points[T + 1].variation == "concern"
    assert r.points[T + 2].variation == "common"


def test_point_on_the_limit_counts_as_close():
    r = chart([10, 12.66, 10.2, 12.66, 10])
    assert rules(r) == [None, "two_of_three", None, "two_of_three", None]


def test_two_of_three_needs_all_three_on_the_same_side():
    assert rules(chart([10, 11.8, 9.9, 11.9, 10])) == [None] * 5
    # a point exactly on the mean in the window is on neither side
    assert rules(chart([10, 11.8, 10, 11.9, 10])) == [None] * 5
    # two adjacent close points flanked by points below the mean: no window qualifies
    assert rules(chart([9, 11.8, 11.9, 9])) == [None] * 4


def test_two_thirds_boundary_and_outside_points_are_not_close():
    # 11.77 is not beyond 11.7733, 11.78 is: only one close point in the window.
    assert rules(chart([10, 11.77, 10.5, 11.78, 10])) == [None] * 5
    # an outside point is not "close": one close + one outside does not make two of three.
    assert rules(chart([10, 11.8, 10.5, 12.7, 10])) == [None, None, None, "outside", None]


def test_two_of_three_below_the_mean():
    r = chart([10, 8.2, 9.9, 8.1, 10], better="higher")
    assert rules(r) == [None, "two_of_three", None, "two_of_three", None]
    assert r.points[T + 1].variation == "concern"


def test_two_of_three_window_positions_as_nhsrplotthedots():
    # NHSRplotthedots tests/testthat/test-ptd_calculate_point_type.R, ptd_part_of_two_in_three:
    # close c(1, 0, 0, 1) -> no flag; c(1, 0, 0, 1, 1) all above -> c(0, 0, 0, 1, 1).
    assert rules(chart([10, 11.8, 10.5, 10.5, 11.8])) == [None] * 5
    assert rules(chart([10, 11.8, 10.5, 10.5, 11.8, 11.9])) == [None] * 4 + ["two_of_three"] * 2


def test_missing_value_breaks_a_two_of_three_window():
    assert rules(chart([10, 11.8, None, 11.9, 10])) == [None] * 5


# --- rule 4: shift ----------------------------------------------------------------------


def test_shift_of_seven_flags_all_seven():
    r = chart([10, 10.1, 10.3, 10.2, 10.4, 10.1, 10.3, 10.2, 10], better="higher")
    assert rules(r) == [None] + ["shift"] * 7 + [None]
    assert all(p.variation == "improvement" for p in r.points[T + 1 : T + 8])


def test_six_points_one_side_is_not_a_shift():
    assert rules(chart([10, 10.1, 10.3, 10.2, 10.4, 10.1, 10.3, 10])) == [None] * 8


def test_point_on_the_mean_or_missing_breaks_a_shift():
    assert rules(chart([10, 10.1, 10.3, 10.2, 10, 10.4, 10.1, 10.3, 10.2])) == [None] * 9
    assert rules(chart([10, 10.1, 10.3, 10.2, None, 10.4, 10.1, 10.3, 10.2])) == [None] * 9


def test_shift_below_is_improvement_when_lower_is_better():
    r = chart([10, 9.9, 9.7, 9.8, 9.6, 9.9, 9.7, 9.8], better="lower")
    assert rules(r) == [None] + ["shift"] * 7
    assert all(p.variation == "improvement" for p in r.points[T + 1 :])


def test_nhsrplotthedots_seven_one_side_case():
    # test-ptd_calculate_point_type.R: ptd_seven_point_one_side_mean(c(rep(1, 8), -1)) marks
    # the 7th and 8th points; ptd_part_of_seven_trend then credits all 8 above the mean.
    r = chart([10, 10.1, 10.2, 10.1, 10.2, 10.1, 10.2, 10.1, 10.2, 9.9])
    assert rules(r) == [None] + ["shift"] * 8 + [None]


# --- precedence -------------------------------------------------------------------------


def test_one_label_per_point_outside_over_trend_over_two_of_three_over_shift():
    # 10 .. 12.7 rise for 8 points (trend), the last is outside, 7 of them are above the mean
    # (shift), so: trend, trend x6, outside.
    r = chart([10, 10.2, 10.4, 10.6, 10.8, 11.0, 11.2, 12.7])
    assert rules(r) == ["trend"] * 7 + ["outside"]
    # 7 above the mean with two close points together: those are two_of_three, the rest shift.
    r = chart([10, 10.1, 10.3, 11.8, 11.9, 10.1, 10.3, 10.2, 10])
    assert rules(r) == [None, "shift", "shift", "two_of_three", "two_of_three"] + ["shift"] * 3 + [
        None
    ]


# --- baselines, missing values, rebasing, screening --------------------------------------


def test_without_baseline_all_points_are_used_and_short_series_give_trial_limits():
    r = xmr([1, 2, 3])
    seg = r.segments[0]
    # mean 2, moving ranges 1, 1 -> mean MR 1 -> 2 -/+ 2.66
    assert seg.mean == 2.0 and seg.mean_mr == 1.0
    assert seg.lower == pytest.approx(-0.66) and seg.upper == pytest.approx(4.66)
    assert r.trial_limits is True and seg.trial_limits is True
    assert r.warnings and "trial limits" in r.warnings[0]


def test_fixed_baseline_is_held_for_later_points():
    r = xmr([1, 2, 3, 10, 2], baseline=3)
    assert [p.mean for p in r.points] == [2.0] * 5
    assert all(p.upper == pytest.approx(4.66) for p in r.points)
    assert [p.rule for p in r.points] == [None, None, None, "outside", None]
    assert [p.in_baseline for p in r.points] == [True, True, True, False, False]


def test_baseline_longer_than_segment_uses_the_whole_segment():
    assert xmr([1, 2, 3], baseline=20).segments[0].mean == 2.0


def test_twelve_point_baseline_is_not_trial():
    assert xmr(list(range(12)), baseline=12).trial_limits is False
    assert xmr(list(range(12)) + [None], baseline=13).trial_limits is False
    assert xmr(list(range(11)) + [None], baseline=12).trial_limits is True


def test_missing_value_removes_both_moving_ranges():
    # moving ranges |2-1| = 1 and |6-4| = 2 (2-None and None-4 removed): mean MR 1.5;
    # mean of 1, 2, 4, 6 = 3.25; limits 3.25 -/+ 2.66 x 1.5 = 3.25 -/+ 3.99.
    r = xmr([1, 2, None, 4, 6])
    seg = r.segments[0]
    assert seg.mean == 3.25 and seg.mean_mr == 1.5 and seg.moving_ranges == 2
    assert seg.lower == pytest.approx(-0.74) and seg.upper == pytest.approx(7.24)
    p = r.points[2]
    assert (p.value, p.mean, p.special_cause, p.rule, p.variation) == (None, 3.25, False, None, None)
    assert p.lower == pytest.approx(-0.74)


def test_baseline_counts_positions_including_missing_months():
    # baseline 4 = [1, None, 3, 4]: mean 8/3, the only moving range |4-3| = 1.
    r = xmr([1, None, 3, 4, 100], baseline=4)
    seg = r.segments[0]
    assert seg.mean == pytest.approx(8 / 3) and seg.mean_mr == 1.0 and seg.baseline_points == 3
    assert r.points[4].rule == "outside"
    # baseline 3 = [1, None, 3]: no pair of consecutive values, so a mean but no limits.
    r = xmr([1, None, 3, 4, 100], baseline=3)
    assert r.segments[0].mean == 2.0
    assert all(p.lower is None and p.upper is None for p in r.points)
    assert all(p.rule is None for p in r.points)


def test_nan_is_missing():
    r = xmr([1, 2, math.nan, 4, 6])
    assert r.points[2].value is None and r.segments[0].mean_mr == 1.5


def test_rebase_computes_each_segment_separately():
    r = xmr([1, 2, 3, 4, 10, 11, 12, 13], rebase_at=[4])
    s1, s2 = r.segments
    # segment 1: mean 2.5, mean MR 1 -> -0.16 .. 5.16; segment 2: mean 11.5 -> 8.84 .. 14.16
    assert (s1.start, s1.end, s2.start, s2.end) == (0, 4, 4, 8)
    assert s1.mean == 2.5 and s2.mean == 11.5
    assert s1.lower == pytest.approx(-0.16) and s1.upper == pytest.approx(5.16)
    assert s2.lower == pytest.approx(8.84) and s2.upper == pytest.approx(14.16)
    assert [p.segment for p in r.points] == [0] * 4 + [1] * 4
    assert r.points[5].mean == 11.5
    assert all(p.rule is None for p in r.points)
    # without the rebase: mean 7, MR (1+1+1+6+1+1+1)/7 = 12/7, limits 7 -/+ 4.56 = 2.44 ..
    # 11.56: 1, 2, 12, 13 are outside and the other rising points are a trend.
    r = xmr([1, 2, 3, 4, 10, 11, 12, 13])
    assert [p.rule for p in r.points] == ["outside"] * 2 + ["trend"] * 4 + ["outside"] * 2


def test_rules_do_not_cross_a_rebase():
    # one segment: mean 4.5, MR 1, limits 1.84 .. 7.16: 1 and 8 outside, the rest a trend.
    rising = [1, 2, 3, 4, 5, 6, 7, 8]
    assert [p.rule for p in xmr(rising).points] == ["outside"] + ["trend"] * 6 + ["outside"]
    # two segments of 4 (-0.16 .. 5.16 and 3.84 .. 9.16): too short for a trend, none outside.
    assert [p.rule for p in xmr(rising, rebase_at=[4]).points] == [None] * 8


def test_baseline_applies_in_each_segment():
    r = xmr([1, 2, 3, 50, 10, 12, 14, 90], baseline=3, rebase_at=[4])
    assert r.segments[0].mean == 2.0 and r.segments[1].mean == 12.0
    assert r.segments[1].mean_mr == 2.0
    assert [p.rule for p in r.points] == [None, None, None, "outside"] + [None] * 3 + ["outside"]


def test_rebase_at_zero_and_duplicates_are_harmless_and_bad_ones_refused():
    assert len(xmr([1, 2, 3], rebase_at=[0, 0]).segments) == 1
    assert len(xmr([1, 2, 3, 4], rebase_at=[2, 2]).segments) == 2
    for bad in ([4], [-1], ["2"], [1.5]):
        with pytest.raises(InvalidValue):
            xmr([1, 2, 3, 4], rebase_at=bad)


def test_screening_off_and_on():
    # 12 points: 10, 11 alternating then 30. Moving ranges: ten of 1 and one of 20.
    vals = [10, 11] * 5 + [10, 30]
    mean = 145 / 12  # 12.0833
    off = xmr(vals).segments[0]
    # off: mean MR (10 + 20) / 11 = 30/11
    assert off.mean == pytest.approx(mean)
    assert off.mean_mr == pytest.approx(30 / 11)
    assert off.upper == pytest.approx(mean + 2.66 * 30 / 11)
    assert off.screened_out == 0
    # on: 20 >= 3.267 x 30/11 = 8.91 is dropped; the ten 1s remain -> mean MR 1
    on = xmr(vals, screen_outliers=True).segments[0]
    assert on.mean == pytest.approx(mean)
    assert on.mean_mr == 1.0 and on.screened_out == 1 and on.moving_ranges == 10
    assert on.lower == pytest.approx(9.423333333) and on.upper == pytest.approx(14.743333333)


def test_screening_keeps_ranges_strictly_below_the_cut_and_recomputes_once():
    # ranges 1,1,1,1,5: mean 1.8, cut 5.88 -> 5 kept, nothing dropped
    on = xmr([0, 1, 0, 1, 0, 5], screen_outliers=True).segments[0]
    assert on.screened_out == 0 and on.mean_mr == pytest.approx(1.8)
    # ranges 1 x 9 and 20, 30: mean 59/11 = 5.36, cut 17.52 -> both dropped, recomputed once
    # to 1 (not repeated).
    vals = [0, 1] * 5 + [21, -9]
    on = xmr(vals, screen_outliers=True).segments[0]
    assert on.screened_out == 2 and on.mean_mr == 1.0


# --- degenerate series ------------------------------------------------------------------


def test_constant_series():
    r = xmr([5.0] * 10, better="higher", target=4)
    seg = r.segments[0]
    assert seg.mean == 5.0 and seg.mean_mr == 0.0 and seg.lower == 5.0 and seg.upper == 5.0
    # every point is on the mean: not outside, not close, no side -> no rule can fire
    assert all(p.rule is None and p.variation == "common" for p in r.points)
    # target 4 is below both (equal) limits: consistently passing
    assert r.assurance == "pass"


def test_constant_series_with_screening_keeps_limits_at_the_mean():
    # mean MR 0: nothing to screen (the literal rule would drop every 0 range)
    r = xmr([5.0] * 10, screen_outliers=True)
    assert r.segments[0].lower == 5.0 and r.segments[0].upper == 5.0
    assert r.segments[0].screened_out == 0


def test_constant_baseline_then_a_different_value_is_outside():
    r = xmr([5.0] * 6 + [5.1, 5.0, 4.9], baseline=6)
    assert [p.rule for p in r.points[6:]] == ["outside", None, "outside"]


def test_one_point_series_has_mean_and_no_limits():
    r = xmr([7.0], target=3, better="higher")
    (p,) = r.points
    assert (p.mean, p.lower, p.upper, p.rule, p.variation) == (7.0, None, None, None, "common")
    assert r.assurance is None and r.trial_limits is False
    assert r.latest is p


def test_one_point_segment_after_rebase():
    r = xmr([1, 2, 3, 9], rebase_at=[3])
    assert r.points[3].mean == 9 and r.points[3].upper is None
    assert r.segments[0].upper == pytest.approx(4.66)


def test_two_point_series():
    # mean 2, one moving range of 2 -> 2 -/+ 5.32
    r = xmr([1, 3])
    assert r.segments[0].lower == pytest.approx(-3.32) and r.segments[0].upper == pytest.approx(7.32)
    assert [p.rule for p in r.points] == [None, None]


def test_empty_and_all_missing():
    r = xmr([])
    assert r.points == [] and r.segments == [] and r.latest is None and r.assurance is None
    r = xmr([None, None], target=1, better="higher")
    assert [p.mean for p in r.points] == [None, None]
    assert [p.variation for p in r.points] == [None, None]
    assert r.latest is None and r.assurance is None


def test_latest_is_the_last_non_missing_point():
    r = xmr([1, 2, 3, None])
    assert r.latest is r.points[2]
    assert r.variation == "common"
    # the indicator's variation is the latest point's
    assert chart([10, 12.67, None], better="lower").variation == "concern"
    assert r.points[0].as_dict() == {
        "value": 1.0,
        "mean": 2.0,
        "lower": pytest.approx(-0.66),
        "upper": pytest.approx(4.66),
        "special_cause": False,
        "rule": None,
        "variation": "common",
    }


# --- assurance --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("better", "target", "expected"),
    [
        ("higher", 13, "fail"),  # target above the upper limit 12.66
        ("higher", 7, "pass"),  # target below the lower limit 7.34
        ("higher", 10, "hit_and_miss"),
        ("higher", 12.66, "hit_and_miss"),  # exactly on a limit: as NHSRplotthedots
        ("higher", 7.34, "hit_and_miss"),
        ("lower", 13, "pass"),
        ("lower", 7, "fail"),
        ("lower", 11, "hit_and_miss"),
        (None, 13, None),  # no better direction: no assurance (as NHSRplotthedots)
        ("higher", None, None),
    ],
)
def test_assurance(better, target, expected):
    assert chart([10], better=better, target=target).assurance == expected


def test_assurance_uses_the_last_segment():
    # segment 1 limits -0.16..5.16 (target 6 above: fail); segment 2 8.84..14.16 (pass)
    r = xmr([1, 2, 3, 4, 10, 11, 12, 13], rebase_at=[4], better="higher", target=6)
    assert r.assurance == "pass"


# --- cross-checks with NHSRplotthedots' own test expectations -----------------------------

# set.seed(123); rnorm(20) in R, the data of tests/testthat/test-ptd_spc_standard.R
RNORM20 = [
    -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621,
    -1.26506123, -0.68685285, -0.44566197, 1.22408180, 0.35981383, 0.40077145, 0.11068272,
    -0.55584113, 1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141,
]


def test_matches_nhsrplotthedots_snapshot_values():
    # tests/testthat/_snaps/ptd_spc_standard.md, r1 (screen_outliers = TRUE):
    # mean_col 0.1416238, lpl -3.01138, upl 3.294627
    s = xmr(RNORM20, screen_outliers=True).segments[0]
    assert s.mean == pytest.approx(0.1416238, abs=5e-8)
    assert s.lower == pytest.approx(-3.01138, abs=5e-6)
    assert s.upper == pytest.approx(3.294627, abs=5e-7)
    # r2: y[15] <- 10, screened: 0.6694159, -2.383666, 3.722497
    y = list(RNORM20)
    y[14] = 10
    s = xmr(y, screen_outliers=True).segments[0]
    assert s.mean == pytest.approx(0.6694159, abs=5e-8)
    assert s.lower == pytest.approx(-2.383666, abs=5e-7)
    assert s.upper == pytest.approx(3.722497, abs=5e-7)
    # r3: same, not screened: -4.596625, 5.935457
    s = xmr(y, screen_outliers=False).segments[0]
    assert s.lower == pytest.approx(-4.596625, abs=5e-7)
    assert s.upper == pytest.approx(5.935457, abs=5e-7)


def test_matches_nhsrplotthedots_two_facets():
    # tests/testthat/_snaps/ptd_spc.md: the same data split in two groups of 10 gives
    # 0.0746 -2.60 2.75 and 0.209 -3.28 3.70 (here as a rebase at point 11).
    a, b = xmr(RNORM20, rebase_at=[10], screen_outliers=True).segments
    assert (round(a.mean, 4), round(a.lower, 2), round(a.upper, 2)) == (0.0746, -2.60, 2.75)
    assert (round(b.mean, 3), round(b.lower, 2), round(b.upper, 2)) == (0.209, -3.28, 3.70)


def test_matches_nhsrplotthedots_opposite_sides_case():
    # test-ptd_spc_standard.R: 1, -1 alternating x 8 with points 15, 16 = 5.5, -5.5 are both
    # common cause (close to opposite limits, not on the same side).
    d = [1.0, -1.0] * 8
    d[14], d[15] = 5.5, -5.5
    r = xmr(d, screen_outliers=True, better="higher")
    assert [p.variation for p in r.points[-2:]] == ["common", "common"]


def test_matches_nhsrplotthedots_trend_cases():
    # test-ptd_calculate_point_type.R: c(2, 1:7, 3) has a 7-point trend at points 2..8;
    # c(1:3, 3:6) has none (the tie breaks it).
    r = xmr([2, 1, 2, 3, 4, 5, 6, 7, 3])
    assert [p.rule for p in r.points] == [None] + ["trend"] * 7 + [None]
    assert "trend" not in [p.rule for p in xmr([1, 2, 3, 3, 4, 5, 6]).points]


# --- input checking ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "kw",
    [
        {"better": "up"},
        {"baseline": 0},
        {"baseline": 2.5},
        {"baseline": True},
        {"target": "high"},
        {"target": math.nan},
    ],
)
def test_bad_options_raise_invalid_value(kw):
    with pytest.raises(InvalidValue):
        xmr([1, 2, 3], **kw)


@pytest.mark.parametrize("bad", [["a"], [math.inf], [True]])
def test_bad_values_raise_invalid_value(bad):
    with pytest.raises(InvalidValue):
        xmr([1.0] + bad)


def test_result_shape_for_callers():
    r = xmr([1, 2, 3], better="Higher", target=-1)  # below -0.66
    assert r.chart == "xmr" and r.better == "higher" and r.assurance == "pass"
    p = r.points[0]
    for name in ("value", "mean", "lower", "upper", "special_cause", "rule", "variation"):
        assert hasattr(p, name)


@pytest.mark.parametrize(
    ("better", "expected"),
    [
        ("higher", ["fail", "pass", "hit_and_miss"]),
        ("lower", ["pass", "fail", "hit_and_miss"]),
        (None, [None, None, None]),
    ],
)
def test_assurance_matches_nhsrplotthedots_cases(better, expected):
    # tests/testthat/test-ptd_calculate_assurance_type.R: lpl c(1, 5, 1), upl c(3, 7, 5),
    # target 4 -> increase: consistent_fail, consistent_pass, inconsistent; decrease: the
    # reverse; neutral: NA.
    from maternity_desk.core.spc import _assurance

    got = [_assurance(4.0, better, lo, hi) for lo, hi in ((1, 3), (5, 7), (1, 5))]
    assert got == expected
