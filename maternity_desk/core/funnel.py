"""Funnel plots for benchmarking units against a peer rate (Spiegelhalter 2005).

A funnel plot shows each unit's rate against its denominator with control limits around the
peer (or national) rate ``p0`` that narrow as the denominator grows. Three methods:

* ``"normal"``: p0 +/- z x sqrt(p0 (1 - p0) / n), clipped to 0..1.
* ``"binomial"``: exact binomial quantiles with Spiegelhalter's interpolation (Statistics in
  Medicine 2005; 24: 1185-1202, appendix A.1.1): for the probability ``p`` (Phi(-z) for the
  lower limit, Phi(z) for the upper) let r_p be the smallest count with P(R <= r_p) >= p for
  R ~ Binomial(n, p0); with alpha = (P(R <= r_p) - p) / (P(R <= r_p) - P(R <= r_p - 1)) the
  limit is (r_p - alpha) / n, clipped to 0..1. ``n`` is rounded to a whole number. This is
  the method of the common R funnel-plot code (qbinom/pbinom), not Wilson or Clopper-Pearson.
* ``"poisson"``: the same interpolation on Poisson(n x p0) quantiles, for rare events such as
  stillbirths. ``p0`` and the limits are rates per one unit of the denominator (per birth):
  multiply by 1,000 to show them per 1,000. The lower limit is clipped at 0; the upper is not
  clipped at 1 (a rate is not a proportion).

Values on a limit count as within it (``classify`` uses strict comparisons, as the SPC rules
do). Pure Python: no numpy, no Qt, no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from maternity_desk.core.errors import InvalidValue

FUNNEL_Z = {"95%": 1.959964, "99.8%": 3.090232}
METHODS = ("normal", "binomial", "poisson")
CLASSES = ("within", "above_95", "above_99.8", "below_95", "below_99.8")

# Stop summing probability terms once they are this small relative to the running total.
_TINY = 1e-18


def _phi(x: float) -> float:
    """Standard normal cumulative probability."""
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def _check(p0: float, n: float, z: float, method: str) -> tuple[float, float, float, str]:
    if method not in METHODS:
        raise InvalidValue(f"funnel method must be one of {', '.join(METHODS)}, not {method!r}")
    try:
        p0, n, z = float(p0), float(n), float(z)
    except (TypeError, ValueError):
        raise InvalidValue("the rate, denominator and z must be numbers") from None
    if not all(math.isfinite(v) for v in (p0, n, z)):
        raise InvalidValue("the rate, denominator and z must be finite numbers")
    if n <= 0:
        raise InvalidValue(f"the denominator must be more than 0 (it is {n:g})")
    if z <= 0:
        raise InvalidValue(f"z must be more than 0 (it is {z:g})")
    if p0 < 0 or (method != "poisson" and p0 > 1):
        raise InvalidValue(f"the peer rate {p0:g} must be a proportion between 0 and 1")
    return p0, n, z, method


# --------------------------------------------------------------------------------------
# Exact quantiles with interpolation


class _Dist:
    """Binomial(n, p) or Poisson(lam) probabilities, stepped with the usual recurrences."""

    def __init__(self, kind: str, n: float, p: float) -> None:
        self.kind = kind
        self.n = n  # a whole number for the binomial
        self.p = p
        self.lam = n * p

    def max_k(self) -> float:
        return self.n if self.kind == "binomial" else math.inf

    def mean_sd(self) -> tuple[float, float]:
        if self.kind == "binomial":
            return self.lam, math.sqrt(self.lam * (1.0 - self.p))
        return self.lam, math.sqrt(self.lam)

    def pmf(self, k: int) -> float:
        if self.kind == "binomial":
            n, p = self.n, self.p
            log = (
                math.lgamma(n + 1)
                - math.lgamma(k + 1)
                - math.lgamma(n - k + 1)
                + k * math.log(p)
                + (n - k) * math.log1p(-p)
            )
        else:
            log = -self.lam + k * math.log(self.lam) - math.lgamma(k + 1)
        return math.exp(log)

    def down(self, k: int, pk: float) -> float:
        """pmf(k - 1) from pmf(k)."""
        if self.kind == "binomial":
            return pk * k / (self.n - k + 1) * (1.0 - self.p) / self.p
        return pk * k / self.lam

    def up(self, k: int, pk: float) -> float:
        """pmf(k + 1) from pmf(k)."""
        if self.kind == "binomial":
            return pk * (self.n - k) / (k + 1) * self.p / (1.0 - self.p)
        return pk * self.lam / (k + 1)

    def cdf_at(self, r: int) -> tuple[float, float]:
        """(P(X <= r), P(X = r)), summing down from r until the terms are negligible."""
        mode = math.floor(self.lam)
        pr = self.pmf(r)
        total = pr
        k, pk = r, pr
        while k > 0:
            pk = self.down(k, pk)
            k -= 1
            total += pk
            if k < mode and pk < _TINY * total:
                break
        return min(total, 1.0), pr


def _interpolated_quantile(dist: _Dist, prob: float) -> float:
    """Spiegelhalter's interpolated quantile r_p - alpha for cumulative probability prob."""
    mean, sd = dist.mean_sd()
    z = _normal_quantile_guess(prob)
    r = int(max(0, min(dist.max_k(), math.floor(mean + z * sd))))
    cdf, pr = dist.cdf_at(r)
    if cdf >= prob:
        # step down while the count below still reaches prob
        while r > 0 and cdf - pr >= prob:
            cdf -= pr
            pr = dist.down(r, pr)
            r -= 1
    else:
        while cdf < prob and r < dist.max_k():
            pr = dist.up(r, pr)
            r += 1
            cdf += pr
    below = cdf - pr
    alpha = (cdf - prob) / (cdf - below) if cdf > below else 0.0
    return r - alpha


def _normal_quantile_guess(prob: float) -> float:
    """A starting guess for the normal quantile (accuracy is not needed: the search that
    follows is exact)."""
    if prob <= 0.0 or prob >= 1.0:
        return 0.0
    # Bisection on Phi is plenty for a starting point.
    lo, hi = -10.0, 10.0
    for _ in range(40):
        mid = (lo + hi) / 2
        if _phi(mid) < prob:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


# --------------------------------------------------------------------------------------
# Public API


def funnel_limits(
    p0: float, n: float, *, z: float = FUNNEL_Z["95%"], method: str = "normal"
) -> tuple[float, float]:
    """(lower, upper) control limits for a unit with denominator ``n`` around the peer rate
    ``p0`` at ``z`` standard deviations (see the module docstring for the methods)."""
    p0, n, z, method = _check(p0, n, z, method)
    if method == "normal":
        half = z * math.sqrt(p0 * (1.0 - p0) / n)
        return max(0.0, p0 - half), min(1.0, p0 + half)
    p_lo, p_hi = _phi(-z), _phi(z)
    if method == "binomial":
        size = max(1, round(n))
        if p0 in (0.0, 1.0):
            return p0, p0
        dist = _Dist("binomial", size, p0)
        lo = _interpolated_quantile(dist, p_lo) / size
        hi = _interpolated_quantile(dist, p_hi) / size
        return max(0.0, lo), min(1.0, hi)
    if p0 == 0.0:
        return 0.0, 0.0
    dist = _Dist("poisson", n, p0)
    lo = _interpolated_quantile(dist, p_lo) / n
    hi = _interpolated_quantile(dist, p_hi) / n
    return max(0.0, lo), hi


@dataclass(frozen=True)
class FunnelCurve:
    """Lines for drawing a funnel: ``n`` and the limits at each n for 95% and 99.8%."""

    p0: float
    method: str
    n: list[float]
    lower_95: list[float]
    upper_95: list[float]
    lower_998: list[float]
    upper_998: list[float]


def funnel_curve(
    p0: float, n_min: float, n_max: float, points: int = 100, method: str = "normal"
) -> FunnelCurve:
    """Funnel lines from ``n_min`` to ``n_max`` at ``points`` denominators spaced evenly on
    a log scale (the funnel changes fastest at small n). For the binomial method the
    denominators are whole numbers (repeats removed)."""
    _check(p0, n_min, 1.0, method)
    _check(p0, n_max, 1.0, method)
    if n_max < n_min:
        n_min, n_max = n_max, n_min
    if isinstance(points, bool) or not isinstance(points, int) or points < 2:
        raise InvalidValue("a funnel curve needs at least 2 points")
    ratio = n_max / n_min
    ns = [n_min * ratio ** (i / (points - 1)) for i in range(points)]
    ns[-1] = float(n_max)
    if method == "binomial":
        ns = sorted({float(max(1, round(x))) for x in ns})
    lo95, hi95, lo998, hi998 = [], [], [], []
    for x in ns:
        a, b = funnel_limits(p0, x, z=FUNNEL_Z["95%"], method=method)
        c, d = funnel_limits(p0, x, z=FUNNEL_Z["99.8%"], method=method)
        lo95.append(a)
        hi95.append(b)
        lo998.append(c)
        hi998.append(d)
    return FunnelCurve(float(p0), method, ns, lo95, hi95, lo998, hi998)


def classify(value: float, n: float, p0: float, method: str = "normal") -> str:
    """Where a unit's rate ``value`` (same scale as ``p0``) with denominator ``n`` falls:
    ``within``, ``above_95``, ``above_99.8``, ``below_95`` or ``below_99.8``. A value exactly
    on a limit is within that limit."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise InvalidValue(f"the rate {value!r} is not a number") from None
    if not math.isfinite(v):
        raise InvalidValue("the rate must be a finite number")
    lo95, hi95 = funnel_limits(p0, n, z=FUNNEL_Z["95%"], method=method)
    lo998, hi998 = funnel_limits(p0, n, z=FUNNEL_Z["99.8%"], method=method)
    if v > hi998:
        return "above_99.8"
    if v > hi95:
        return "above_95"
    if v < lo998:
        return "below_99.8"
    if v < lo95:
        return "below_95"
    return "within"
