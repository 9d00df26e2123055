"""The latest point of a chart labelled from the last stretch of its segment (core/spc_latest.py,
what the dashboard summary uses), against hand-worked series where a run reaches back past
that stretch, a rebase cuts it, or the last month is missing; each also equals the whole chart's
latest point."""

from __future__ import annotations

import pytest

from maternity_desk.core import spc
from maternity_desk.core.spc_latest import latest

BASE = [9.5, 10.5] * 6  # mean 10, mean MR 1: limits 7.34 and 12.66, "close" beyond 8.23 and 11.77
RISING = [8.0, 8.3, 8.6, 8.9, 9.2, 9.5, 9.8, 10.1, 10.4]  # 9 points, each above the one before


def both(values, **kw):
    """(latest point, assurance) from spc_latest, checked against the whole XmR chart."""
    got = latest("xmr", values, **kw)
    full = spc.xmr(values, **kw)
    assert got == (full.latest, full.assurance)
    return got


def test_a_trend_longer_than_the_stretch_looked_at_still_labels_the_last_point():
    point, _ = both(BASE + RISING, baseline=12, better="higher")
    assert (point.index, point.rule, point.direction, point.variation) == (20, "trend", 1, "improvement")


def test_a_shift_that_began_long_before():
    values = BASE + [10.2, 10.3] * 5  # 10 points just above the mean, up and down
    point, _ = both(values, baseline=12, better="lower")
    assert (point.rule, point.direction, point.variation) == ("shift", 1, "concern")


def test_two_of_three_ending_at_the_last_point_and_a_missing_last_month():
    values = BASE + [10.2, 12.0, 9.0, 11.9, 10.1, 12.0]  # 11.9 and 12.0 close, all 3 above
    point, _ = both(values, baseline=12)
    assert (point.index, point.rule, point.direction, point.variation) == (17, "two_of_three", 1, "neutral")
    point, _ = both(values + [None], baseline=12)  # the latest point is the one before the gap
    assert (point.index, point.rule) == (17, "two_of_three")


def test_a_rebase_cuts_the_trend():
    values = BASE + RISING
    point, _ = both(values, rebase_at=[18])  # the last segment is 9.8, 10.1, 10.4
    assert (point.rule, point.segment, point.variation) == (None, 1, "common")
    assert point.mean == pytest.approx(10.1)
    assert (point.lower, point.upper) == (pytest.approx(10.1 - 2.66 * 0.3), pytest.approx(10.1 + 2.66 * 0.3))


def test_assurance_from_the_last_segment():
    _, assurance = both(BASE + [10.0], baseline=12, better="higher", target=7.0)  # both limits above 7
    assert assurance == "pass"
    assert both([], better="higher", target=7.0) == (None, None)


def test_run_chart_trend_with_ties_reaching_back_over_the_whole_segment():
    # counting equal neighbours once, 1 2 2 2 2 2 2 2 3 4 5 rises 4 times: a trend of 5 that
    # only the whole segment shows (the last 7 points rise 3 times)
    values = [1, 2, 2, 2, 2, 2, 2, 2, 3, 4, 5]
    point, assurance = latest("run", values, better="higher")
    assert (point.rule, point.direction, point.variation, point.mean, assurance) == ("trend", 1, "improvement", 2.0,
                                                                                      None)
    assert point == spc.run_chart(values, better="higher").latest


def test_p_chart_latest_point_against_its_own_limits():
    # p-bar 0.1; for 100 cases sigma 0.03, limits 0.01 and 0.19: 30 of 100 is outside
    nums, dens = [10] * 12 + [30], [100] * 13
    point, assurance = latest("p", numerators=nums, denominators=dens, baseline=12, better="lower", target=0.15)
    assert (point.rule, point.direction, point.variation, assurance) == ("outside", 1, "concern", "hit_and_miss")
    assert (point.lower, point.upper) == (pytest.approx(0.01), pytest.approx(0.19))
    full = spc.p_chart(nums, dens, baseline=12, better="lower", target=0.15)
    assert (point, assurance) == (full.latest, full.assurance)
