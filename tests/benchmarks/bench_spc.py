"""SPC for a dashboard page: 40 indicators x 120 months (target: all 40 in < 200 ms).

Builds deterministic monthly series (a mix of XmR, p-chart and run-chart indicators, some
missing months, a rebase and a fixed baseline on some), times the SPC for all of them
(median of several runs), and the funnel limits for a peer comparison.

Run: .venv/bin/python tests/benchmarks/bench_spc.py [--runs 9]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from maternity_desk.core.funnel import classify, funnel_curve
from maternity_desk.core.spc import p_chart, run_chart, xmr

INDICATORS = 40
MONTHS = 120


def build(rng: random.Random) -> list[dict]:
    out = []
    for i in range(INDICATORS):
        kind = ("xmr", "p", "run")[i % 3] if i % 5 else "xmr"
        dens = [rng.randint(250, 450) for _ in range(MONTHS)]
        rate = rng.uniform(0.02, 0.4)
        nums = []
        for m, d in enumerate(dens):
            r = rate * (0.8 if m > 80 and i % 4 == 0 else 1.0)  # an improvement on some
            nums.append(min(d, max(0, round(rng.gauss(r * d, (r * (1 - r) * d) ** 0.5)))))
        if i % 7 == 0:
            nums[rng.randrange(MONTHS)] = None  # a missing month
        values = [None if x is None else x / d for x, d in zip(nums, dens)]
        out.append(
            {
                "kind": kind,
                "nums": nums,
                "dens": dens,
                "values": values,
                "rebase": [84] if i % 6 == 0 else [],
                "baseline": 24 if i % 2 else None,
                "better": ("higher", "lower", None)[i % 3],
                "target": rate * 0.9,
            }
        )
    return out


def run_all(series: list[dict]) -> int:
    flagged = 0
    for s in series:
        if s["kind"] == "xmr":
            r = xmr(
                s["values"],
                baseline=s["baseline"],
                rebase_at=s["rebase"],
                better=s["better"],
                target=s["target"],
                screen_outliers=True,
            )
        elif s["kind"] == "p":
            r = p_chart(
                s["nums"],
                s["dens"],
                baseline=s["baseline"],
                rebase_at=s["rebase"],
                better=s["better"],
                target=s["target"],
            )
        else:
            r = run_chart(s["values"], baseline=s["baseline"], better=s["better"])
        flagged += r.special_cause_count
    return flagged


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    series = build(random.Random(2026))
    times = []
    flagged = 0
    for _ in range(args.runs):
        t = time.perf_counter()
        flagged = run_all(series)
        times.append((time.perf_counter() - t) * 1000)
    med = statistics.median(times)
    print(
        f"SPC, {INDICATORS} indicators x {MONTHS} months: median {med:.1f} ms "
        f"(min {min(times):.1f}, max {max(times):.1f}; target < 200 ms) "
        f"- {'OK' if med < 200 else 'TOO SLOW'}; {flagged} special-cause points"
    )
    xmr_only = [dict(s, kind="xmr") for s in series]
    t = time.perf_counter()
    run_all(xmr_only)
    print(f"XmR only, {INDICATORS} x {MONTHS}: {(time.perf_counter() - t) * 1000:.1f} ms")

    for method in ("normal", "binomial", "poisson"):
        t = time.perf_counter()
        funnel_curve(0.2 if method != "poisson" else 0.004, 50, 20_000, points=100, method=method)
        ms = (time.perf_counter() - t) * 1000
        print(f"Funnel curve, 100 points, n 50..20,000, {method}: {ms:.1f} ms")
    t = time.perf_counter()
    for u in range(40):
        classify(0.2 + (u - 20) / 400, 2000 + 100 * u, 0.2, "binomial")
    print(f"Classify 40 peer units (binomial): {(time.perf_counter() - t) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
