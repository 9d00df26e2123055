"""g-chart and CUSUM (core/rare_events.py, offered as core/spc.g_chart / spc.cusum) against
hand-worked cases and a published worked example."""

from __future__ import annotations

import math
from datetime import date

import pytest

from maternity_desk.core import spc
from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.rare_events import (
    LEVEL_1,
    LEVEL_2,
    NOT_NATIONAL,
    cusum_weight,
    gaps_between_dates,
    gaps_from_monthly,
)

XMR_FIELDS = ("index", "value", "mean", "lower", "upper", "special_cause", "rule", "variation",
              "segment", "in_baseline", "direction", "denominator")


def test_contract_names_and_point_fields_match_xmr():
    g = spc.g_chart([10, 20, 30, 40])
    c = spc.cusum([0, 1], [0.5, 0.5])
    x = spc.xmr([1.0, 2.0, 3.0])
    for p in (g.points[0], c.points[0], x.points[0]):
        for f in XMR_FIELDS:
            assert hasattr(p, f), f
    assert g.points[0].as_dict().keys() == x.points[0].as_dict().keys()


# --- g-chart ---------------------------------------------------------------------------------

def test_g_chart_hand_worked_limits():
    # gaps 10, 20, 30, 40: mean 25; sd = sqrt(25 x 26) = 25.495; UCL = 25 + 3 x 25.495 = 101.485
    r = spc.g_chart([10, 20, 30, 40])
    assert r.mean == 25
    assert r.median == 25
    assert r.upper == pytest.approx(25 + 3 * math.sqrt(650))
    assert r.upper == pytest.approx(101.485, abs=1e-3)
    assert r.lower == 0
    assert all(p.rule is None and p.variation == "common" for p in r.points)


def test_g_chart_long_gap_is_outside_and_an_improvement():
    r = spc.g_chart([10, 20, 30, 40, 102, 101], baseline=4)
    assert [p.rule for p in r.points] == [None, None, None, None, "outside", None]
    assert r.points[4].variation == "improvement"
    assert r.points[5].in_baseline is False


def test_g_chart_run_of_short_gaps_below_the_median_is_a_concern():
    base = [100, 300] * 6  # median 200
    short = [50] * 7
    r = spc.g_chart(base + short, baseline=12)
    assert r.median == 200
    assert [p.rule for p in r.points[12:]] == ["shift"] * 7
    assert {p.variation for p in r.points[12:]} == {"concern"}
    six = spc.g_chart(base + short[:6], baseline=12)
    assert all(p.rule is None for p in six.points)
    assert all(p.rule == "shift" for p in spc.g_chart(base + short[:6], baseline=12, shift_points=6).points[12:])


def test_g_chart_trial_warning_and_bad_input():
    assert spc.g_chart([5]).upper is None
    assert "trial" in spc.g_chart([1, 2, 3]).warnings[0]
    with pytest.raises(InvalidValue):
        spc.g_chart([1, -2])
    with pytest.raises(InvalidValue):
        spc.g_chart([1, "x"])


def test_gaps_from_dates_and_from_monthly_counts():
    assert gaps_between_dates([date(2025, 3, 1), date(2025, 1, 1), date(2025, 1, 31)]) == [30, 29]
    # month 1: 300 births, 2 events at 100 and 200; month 2: 300 births, 1 event at 300 + 150
    assert gaps_from_monthly([2, 1], [300, 300]) == [100, 250]
    assert gaps_from_monthly([0, None, 1], [300, 250, 300]) == []


# --- CUSUM -----------------------------------------------------------------------------------

def test_thresholds_are_95_and_99_percent_posterior_odds():
    assert math.isclose(LEVEL_1, math.log(19))
    assert math.isclose(LEVEL_2, math.log(99))
    assert math.exp(LEVEL_1) / (1 + math.exp(LEVEL_1)) == pytest.approx(0.95)
    assert math.exp(LEVEL_2) / (1 + math.exp(LEVEL_2)) == pytest.approx(0.99)


def test_poisson_cusum_hand_worked_with_reset_after_level_2():
    # expected 0.5 a month, doubling: W = O ln 2 - 0.5
    events = [0, 1, 2, 3, 0, 2, 3, 0]
    r = spc.cusum(events, [0.5] * len(events))
    ln2 = math.log(2)
    s1 = 0.0
    s2 = ln2 - 0.5                  # 0.1931
    s3 = s2 + 2 * ln2 - 0.5          # 1.0794
    s4 = s3 + 3 * ln2 - 0.5          # 2.6589, below 2.944
    s5 = s4 - 0.5                    # 2.1589
    s6 = s5 + 2 * ln2 - 0.5          # 3.0452: level 1
    s7 = s6 + 3 * ln2 - 0.5          # 4.6246: level 2, then reset
    s8 = 0.0                         # max(0, 0 - 0.5)
    assert [p.value for p in r.points] == pytest.approx([s1, s2, s3, s4, s5, s6, s7, s8])
    assert [p.rule for p in r.points] == [None] * 5 + ["level_1", "level_2", None]
    assert [p.level for p in r.points] == [0] * 5 + [1, 2, 0]
    assert r.points[6].variation == "concern" and r.points[0].variation == "common"
    assert (r.points[0].lower, r.points[0].upper) == (LEVEL_1, LEVEL_2)
    assert r.model == "poisson" and r.statement == NOT_NATIONAL
    assert "not the national" in r.statement


def test_level_1_does_not_reset_and_missing_month_keeps_the_sum():
    r = spc.cusum([3, None, 0], [0.5, 0.5, 0.5])
    first = 3 * math.log(2) - 0.5  # 1.579
    assert r.points[1].value is None and r.points[1].rule is None
    assert r.points[2].value == pytest.approx(first - 0.5)


def test_bernoulli_cusum_reproduces_the_cusum_r_package_example():
    """Published worked example: R package ``cusum`` (L. Hubig, CRAN, version 0.4.1),
    tests/testthat/test-cusum.R: failure probability 0.05, odds multiplier 2, limit 2.96,
    ten patients, expected CUSUM (to 2 decimals) 0.00, 0.64, 0.60, 0.55, 0.50, 0.45, 0.40,
    1.04, 1.00, 0.95. The outcomes (from ``set.seed(1500)``) are the ones those values imply:
    an event at patients 2 and 8 (weights ln(0.0952/0.05) = +0.644 on an event,
    ln(0.9048/0.95) = -0.0488 otherwise)."""
    outcomes = [0, 1, 0, 0, 0, 0, 0, 1, 0, 0]
    r = spc.cusum(outcomes, [0.05] * 10, trials=[1] * 10, level_1=2.96, level_2=2.96)
    assert [round(p.value, 2) for p in r.points] == [0.00, 0.64, 0.60, 0.55, 0.50, 0.45, 0.40,
                                                     1.04, 1.00, 0.95]
    assert r.model == "bernoulli" and not r.signals


def test_bernoulli_monthly_weight_is_the_sum_of_per_birth_weights():
    # 300 births, p = 0.004 (expected 1.2), 2 events: sum of per-birth weights
    per_event = math.log(2) - math.log(1 - 0.004 + 2 * 0.004)
    per_none = -math.log(1 - 0.004 + 2 * 0.004)
    assert cusum_weight(2, 1.2, 2.0, 300) == pytest.approx(2 * per_event + 298 * per_none)


def test_cusum_rejects_bad_settings():
    with pytest.raises(InvalidValue):
        spc.cusum([1], [0.5], ratio=1.0)
    with pytest.raises(InvalidValue):
        spc.cusum([1], [0.5], level_1=5, level_2=3)
    with pytest.raises(InvalidValue):
        spc.cusum([1, 2], [0.5])
    with pytest.raises(InvalidValue):
        spc.cusum([-1], [0.5])
