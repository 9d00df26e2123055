"""The run chart's runs rule and astronomical-point rule (used by :func:`maternity_desk.core.spc.run_chart`).

Pure Python: no Qt, no SQL, no files.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

RUNS_ALPHA = 0.025  # runs rule: each tail of the exact runs distribution (5% in all)
RUNS_MIN_POINTS = 10  # the runs rule needs 10 useful observations (as the IHI run-chart table)
ASTRONOMICAL_IQR = 3.0  # astronomical point: beyond Tukey's far-out fences (3 x IQR)


def _median(xs: list[float]) -> float:
    s = sorted(xs)
    k = len(s) // 2
    return s[k] if len(s) % 2 else (s[k - 1] + s[k]) / 2.0


def runs_distribution(above: int, below: int) -> dict[int, float]:
    """P(R = r) for the number of runs R in a random order of ``above`` and ``below`` points
    (Swed and Eisenhart, Annals of Mathematical Statistics 14 (1943) 66-87)."""
    total = math.comb(above + below, above)
    out = {}
    if above + below < 2:
        return out
    # comb(above - 1, j) and comb(below - 1, j) for every j the sums below take, worked out once
    top = (above + below) // 2
    ca = [math.comb(above - 1, j) for j in range(top + 1)]
    cb = [math.comb(below - 1, j) for j in range(top + 1)]
    for r in range(2, above + below + 1):
        k = r // 2
        if r % 2 == 0:
            ways = 2 * ca[k - 1] * cb[k - 1]
        else:
            ways = ca[k] * cb[k - 1] + ca[k - 1] * cb[k]
        out[r] = ways / total
    return out


def runs_signal(sides: Sequence[int | None]) -> tuple[int | None, str | None]:
    """The run chart's runs rule: (runs, "too_few" / "too_many" / None).

    Points on the median and missing points are not useful observations and are skipped. A
    run is a stretch of useful points on one side. With at least 10 useful points, the number
    of runs is compared with the exact distribution of runs for that many points above and
    below the median: a count whose tail probability is at most 2.5% (5% over both tails)
    is a signal. For 10 points (5 and 5) that gives the IHI table's limits: fewer than 3 or
    more than 9 runs (Perla, Provost and Murray, BMJ Qual Saf 20 (2011) 46-51, table 1).
    """
    useful = [s for s in sides if s]
    if not useful:
        return None, None
    runs = 1 + sum(1 for a, b in zip(useful, useful[1:]) if a != b)
    above, below = useful.count(1), useful.count(-1)
    if above + below < RUNS_MIN_POINTS or not above or not below:
        return runs, None
    dist = runs_distribution(above, below)
    if math.fsum(p for r, p in dist.items() if r <= runs) <= RUNS_ALPHA:
        return runs, "too_few"
    if math.fsum(p for r, p in dist.items() if r >= runs) <= RUNS_ALPHA:
        return runs, "too_many"
    return runs, None


def astronomical(values: list[float | None], base: list[float]) -> list[int]:
    """+1/-1 for an astronomical point: one beyond Tukey's far-out fences (the quartiles -/+
    3 x the interquartile range) of the segment's baseline values. The run-chart guidance
    leaves "obviously different" to judgement; this is the rule written down so it can be
    checked. Needs 8 baseline values and a non-zero spread."""
    if len(base) < 8:
        return [0] * len(values)
    s = sorted(base)
    half = len(s) // 2
    q1, q3 = _median(s[:half]), _median(s[-half:])
    spread = q3 - q1
    if spread <= 0:
        return [0] * len(values)
    lo, hi = q1 - ASTRONOMICAL_IQR * spread, q3 + ASTRONOMICAL_IQR * spread
    return [0 if v is None else (v > hi) - (v < lo) for v in values]
