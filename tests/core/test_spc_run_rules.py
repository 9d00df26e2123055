"""The 6-or-7-point choice for shift and trend (XmR and p-chart) and the run chart's runs
rule and astronomical-point rule (core/spc.py), against hand-worked series."""

from __future__ import annotations

import pytest

from maternity_desk.core import spc
from maternity_desk.core.errors import InvalidValue

BASE = [9.5, 10.5] * 6  # mean 10, mean MR 1: limits 7.34 and 12.66


def test_six_point_shift_and_trend_only_when_chosen():
    six_below = BASE + [9.0] * 6  # BASE ends above the mean, so exactly 6 below
    assert all(p.rule is None for p in spc.xmr(six_below, baseline=12).points[12:])
    assert [p.rule for p in spc.xmr(six_below, baseline=12, rule_points=6).points[12:]] == ["shift"] * 6
    rising = BASE + [8.0, 8.5, 9.0, 9.5, 10.0, 10.4]  # 6 points, 5 rises, crossing the mean
    assert all(p.rule is None for p in spc.xmr(rising, baseline=12).points[12:])
    assert [p.rule for p in spc.xmr(rising, baseline=12, rule_points=6).points[12:]] == ["trend"] * 6


def test_p_chart_takes_the_choice_too():
    nums = [12, 10] * 6 + [14] * 6  # p-bar 0.11; the baseline ends below it
    dens = [100] * 18
    assert all(p.rule is None for p in spc.p_chart(nums, dens, baseline=12).points[12:])
    assert {p.rule for p in spc.p_chart(nums, dens, baseline=12, rule_points=6).points[12:]} == {"shift"}


def test_rule_points_other_than_6_or_7_refused():
    with pytest.raises(InvalidValue):
        spc.xmr(BASE, rule_points=5)


def test_runs_rule_hand_worked_ten_points():
    # 5 above and 5 below the median 5.5 in two runs: P(R <= 2) = 2/252 = 0.8% -> too few
    r = spc.run_chart([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])
    assert r.segments[0].runs == 2 and r.segments[0].runs_signal == "too_few"
    assert "runs rule" in r.warnings[0]
    # alternating: 10 runs, P(R >= 10) = 2/252 -> too many
    alt = spc.run_chart([1, 10, 2, 9, 3, 8, 4, 7, 5, 6])
    assert alt.segments[0].runs == 10 and alt.segments[0].runs_signal == "too_many"
    # 3 runs: P(R <= 3) = 10/252 = 4.0% > 2.5%: no signal (the IHI table's lower limit for 10 is 3)
    three = spc.run_chart([1, 2, 3, 10, 9, 8, 7, 6, 4, 5])
    assert three.segments[0].runs == 3 and three.segments[0].runs_signal is None
    assert three.warnings == []


def test_runs_rule_needs_ten_useful_points_and_skips_the_median():
    assert spc.run_chart([1, 2, 3, 4, 5, 6, 7, 8, 9]).segments[0].runs_signal is None
    # points on the median are not useful observations
    assert spc.runs_signal([1, 0, 1, -1, None, -1]) == (2, None)


def test_astronomical_point():
    values = [3, 4, 3, 5, 4, 3, 4, 5, 3, 4, 40]
    r = spc.run_chart(values)
    # quartiles of the 11 values: lower half median 3, upper half median 4.5 -> IQR 1.5,
    # far-out fence 4.5 + 4.5 = 9: 40 is astronomical, 5 is not
    assert r.points[-1].rule == "astronomical" and r.points[-1].direction == 1
    assert all(p.rule != "astronomical" for p in r.points[:-1])
    flat = spc.run_chart([0, 0, 0, 0, 0, 0, 0, 0, 0, 3])  # no spread: the rule cannot judge
    assert all(p.rule != "astronomical" for p in flat.points)
