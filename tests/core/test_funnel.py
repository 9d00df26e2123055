"""Funnel limits (core/funnel.py) against hand-worked cases."""

from __future__ import annotations

import math

import pytest

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.funnel import FUNNEL_Z, classify, funnel_curve, funnel_limits


def test_z_values():
    assert FUNNEL_Z == {"95%": 1.959964, "99.8%": 3.090232}


def test_normal_limits_hand_worked():
    # p0 = 0.2, n = 100: sd = sqrt(0.2 x 0.8 / 100) = 0.04
    # 95%:   0.2 -/+ 1.959964 x 0.04 = 0.2 -/+ 0.07839856
    # 99.8%: 0.2 -/+ 3.090232 x 0.04 = 0.2 -/+ 0.12360928
    lo, hi = funnel_limits(0.2, 100)
    assert lo == pytest.approx(0.12160144, abs=1e-12) and hi == pytest.approx(0.27839856, abs=1e-12)
    lo, hi = funnel_limits(0.2, 100, z=FUNNEL_Z["99.8%"])
    assert lo == pytest.approx(0.07639072, abs=1e-12) and hi == pytest.approx(0.32360928, abs=1e-12)


def test_normal_limits_clipped():
    # p0 = 0.02, n = 10: sd = sqrt(0.0196 / 10) = 0.04427; 0.02 - 0.0868 < 0 -> 0
    lo, hi = funnel_limits(0.02, 10)
    assert lo == 0.0 and hi == pytest.approx(0.02 + 1.959964 * math.sqrt(0.00196))
    assert funnel_limits(0.98, 10)[1] == 1.0
    assert funnel_limits(0.0, 50) == (0.0, 0.0)


def test_binomial_limits_hand_worked():
    # Binomial(10, 0.5): P(R <= r) = 1, 11, 56, 176, 386, 638, 848, 968, 1013, 1023, 1024 / 1024
    # 95% upper, p = Phi(1.959964) = 0.975: r_p = 8 (1013/1024 = 0.98926 >= 0.975, 968/1024 not)
    #   alpha = (1013/1024 - 0.975) / (45/1024) = (1013 - 998.4) / 45 = 0.324444
    #   limit = (8 - 0.324444) / 10 = 0.7675556
    # 95% lower, p = 0.025: r_p = 2 (56/1024 = 0.0547 >= 0.025, 11/1024 not)
    #   alpha = (56 - 25.6) / 45 = 0.675556; limit = (2 - 0.675556) / 10 = 0.1324444
    lo, hi = funnel_limits(0.5, 10, method="binomial")
    assert lo == pytest.approx(0.1324444, abs=1e-6)
    assert hi == pytest.approx(0.7675556, abs=1e-6)
    # 99.8% upper, p = 0.999: r_p = 9; alpha = (1023 - 1022.976) / 10 = 0.0024 -> 0.89976
    # 99.8% lower, p = 0.001: r_p = 1; alpha = (11 - 1.024) / 10 = 0.9976 -> 0.00024
    lo, hi = funnel_limits(0.5, 10, z=FUNNEL_Z["99.8%"], method="binomial")
    assert lo == pytest.approx(0.00024, abs=1e-7)
    assert hi == pytest.approx(0.89976, abs=1e-7)


def _brute_binomial(p0, n, prob):
    """Straight summation of the binomial distribution, for comparison."""
    c = 0.0
    for r in range(n + 1):
        prev = c
        c += math.comb(n, r) * p0**r * (1 - p0) ** (n - r)
        if c >= prob:
            return (r - (c - prob) / (c - prev)) / n
    return 1.0


@pytest.mark.parametrize(("p0", "n"), [(0.3, 57), (0.05, 300), (0.9, 120), (0.001, 800)])
def test_binomial_limits_match_straight_summation(p0, n):
    for z in FUNNEL_Z.values():
        p_lo = 0.5 * math.erfc(z / math.sqrt(2))
        lo, hi = funnel_limits(p0, n, z=z, method="binomial")
        assert lo == pytest.approx(max(0.0, _brute_binomial(p0, n, p_lo)), abs=1e-9)
        assert hi == pytest.approx(min(1.0, _brute_binomial(p0, n, 1 - p_lo)), abs=1e-9)


def test_binomial_approaches_normal_for_large_n():
    lo_b, hi_b = funnel_limits(0.3, 200_000, method="binomial")
    lo_n, hi_n = funnel_limits(0.3, 200_000)
    assert lo_b == pytest.approx(lo_n, abs=2e-5) and hi_b == pytest.approx(hi_n, abs=2e-5)


def test_binomial_edges():
    assert funnel_limits(0.0, 100, method="binomial") == (0.0, 0.0)
    assert funnel_limits(1.0, 100, method="binomial") == (1.0, 1.0)
    lo, _hi = funnel_limits(0.001, 20, method="binomial")
    assert lo == 0.0  # interpolation below 0 is clipped


def test_poisson_limits_hand_worked():
    # stillbirths: p0 = 4 per 1,000 births = 0.004, n = 1,000 births -> lambda = 4
    # P(X <= 0) = e^-4 = 0.0183156, P(X = 1) = 0.0732626, P(X <= 1) = 0.0915782
    # P(X <= 7) = 0.9488664, P(X = 8) = 0.0297702, P(X <= 8) = 0.9786366
    # lower, p = 0.025: r_p = 1, alpha = (0.0915782 - 0.025) / 0.0732626 = 0.908762
    #   limit = (1 - 0.908762) / 1000 = 0.0000912 (0.091 per 1,000)
    # upper, p = 0.975: r_p = 8, alpha = (0.9786366 - 0.975) / 0.0297702 = 0.122155
    #   limit = (8 - 0.122155) / 1000 = 0.0078778 (7.88 per 1,000)
    lo, hi = funnel_limits(0.004, 1000, method="poisson")
    assert lo == pytest.approx(0.0000912, abs=1e-7)
    assert hi == pytest.approx(0.0078778, abs=1e-7)
    assert funnel_limits(0.0, 1000, method="poisson") == (0.0, 0.0)


def test_poisson_rate_above_one_is_not_clipped():
    _lo, hi = funnel_limits(2.0, 3, method="poisson")
    assert hi > 1.0


def test_funnel_narrows_as_n_grows():
    for method in ("normal", "binomial", "poisson"):
        c = funnel_curve(0.1, 20, 5000, points=30, method=method)
        widths = [h - lo for lo, h in zip(c.lower_95, c.upper_95)]
        assert widths[0] > widths[-1]
        assert all(a <= b for a, b in zip(c.lower_998, c.lower_95))
        assert all(a >= b for a, b in zip(c.upper_998, c.upper_95))
        assert c.n[0] == pytest.approx(20) and c.n[-1] == pytest.approx(5000)


def test_funnel_curve_lists_for_drawing():
    c = funnel_curve(0.2, 100, 400, points=3)
    # log spacing: 100, 200, 400
    assert c.n == pytest.approx([100, 200, 400])
    assert c.upper_95[0] == pytest.approx(0.27839856)
    assert len(c.lower_95) == len(c.upper_95) == len(c.lower_998) == len(c.upper_998) == 3
    b = funnel_curve(0.2, 1, 5, points=50, method="binomial")
    assert b.n == [1.0, 2.0, 3.0, 4.0, 5.0]  # whole, distinct denominators


def test_classify():
    # normal, p0 = 0.2, n = 100: 95% 0.1216 .. 0.2784; 99.8% 0.0764 .. 0.3236
    assert classify(0.2, 100, 0.2) == "within"
    assert classify(0.28, 100, 0.2) == "above_95"
    assert classify(0.33, 100, 0.2) == "above_99.8"
    assert classify(0.12, 100, 0.2) == "below_95"
    assert classify(0.07, 100, 0.2) == "below_99.8"
    # exactly on a limit is within it
    hi95 = funnel_limits(0.2, 100)[1]
    assert classify(hi95, 100, 0.2) == "within"
    # stillbirths by Poisson: 9 per 1,000 over 1,000 births is above 7.88 per 1,000
    assert classify(0.009, 1000, 0.004, "poisson") == "above_95"


@pytest.mark.parametrize(
    ("args", "kw"),
    [
        ((0.2, 0), {}),
        ((0.2, -5), {}),
        ((1.2, 10), {}),
        ((-0.1, 10), {"method": "poisson"}),
        ((0.2, 10), {"method": "wilson"}),
        ((0.2, 10), {"z": 0}),
        (("x", 10), {}),
    ],
)
def test_bad_input(args, kw):
    with pytest.raises(InvalidValue):
        funnel_limits(*args, **kw)


def test_bad_curve_and_classify_input():
    with pytest.raises(InvalidValue):
        funnel_curve(0.2, 0, 100)
    with pytest.raises(InvalidValue):
        funnel_curve(0.2, 10, 100, points=1)
    with pytest.raises(InvalidValue):
        classify("high", 100, 0.2)
