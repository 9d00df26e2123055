"""SPC from the database: 40 indicators x 120 months read and charted as the dashboard's summary
does (``store.dashboard.summary``), against a plain reference computation of the same limits in
the same run (one query, lists, mean and moving range / p-bar / median per indicator; no rules,
no objects). Target: the summary within 2x the reference.

    .venv/bin/python tests/benchmarks/bench_spc_store.py [--runs 15]
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_dashboard import N_IND, N_MONTHS, build  # noqa: E402

from maternity_desk.core.dashboard import chart_for  # noqa: E402
from maternity_desk.core.indicators import SCALES  # noqa: E402
from maternity_desk.store import dashboard as dash  # noqa: E402


def reference(store, catalogue) -> dict[str, tuple[float, float | None, float | None]]:
    """The latest month's mean and limits of every indicator, computed plainly: one query, then
    per indicator the XmR mean +/- 2.66 mean moving range, the p-chart's p-bar +/- 3 sigma for
    the last month's denominator, or the run chart's median (whole series as baseline, as the
    benchmark's unit has no SPC settings)."""
    by_code: dict[str, tuple[list, list]] = {}
    for code, num, den in store.query(
        "SELECT indicator_code, numerator, denominator FROM indicator_value ORDER BY indicator_code, month"
    ):
        nums, dens = by_code.setdefault(code, ([], []))
        nums.append(num)
        dens.append(den)
    out = {}
    for ind in catalogue:
        if ind.code not in by_code:
            continue
        nums, dens = by_code[ind.code]
        k = SCALES[ind.scale]
        chart = chart_for(ind, None)
        if chart == "p":
            pbar = math.fsum(nums) / math.fsum(dens)
            sigma = math.sqrt(pbar * (1 - pbar) / dens[-1])
            out[ind.code] = (pbar * k, max(0.0, pbar - 3 * sigma) * k, min(1.0, pbar + 3 * sigma) * k)
            continue
        values = [n / d * k for n, d in zip(nums, dens)]
        if chart == "run":
            s = sorted(values)
            h = len(s) // 2
            out[ind.code] = (s[h] if len(s) % 2 else (s[h - 1] + s[h]) / 2, None, None)
            continue
        mean = math.fsum(values) / len(values)
        amr = math.fsum(abs(b - a) for a, b in zip(values, values[1:])) / (len(values) - 1)
        out[ind.code] = (mean, mean - 2.66 * amr, mean + 2.66 * amr)
    return out


def median_ms(fns, runs: int):
    """The median time of each of ``fns`` over ``runs`` rounds, and its last result. The
    functions take turns within each round, so a busy spell on a shared machine falls on both
    sides of the ratio alike."""
    times: list[list[float]] = [[] for _ in fns]
    results = [None] * len(fns)
    for _ in range(runs):
        for k, fn in enumerate(fns):
            t = time.perf_counter()
            results[k] = fn()
            times[k].append((time.perf_counter() - t) * 1000)
    return [(statistics.median(ts), r) for ts, r in zip(times, results)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    path = Path(tempfile.mkdtemp(prefix="bench-spc-")) / "bench.sqlite"
    store, codes = build(path)
    try:
        catalogue = [i for i in dash.indicators(store) if i.code in set(codes)]
        (summary_ms, rows), (ref_ms, ref) = median_ms(
            [lambda: dash.summary(store, codes), lambda: reference(store, dash.indicators(store))], args.runs)
        assert len(rows) == len(catalogue) == N_IND
        for r in rows:  # the reference works out the same limits as the app
            mean, lower, upper = ref[r.code]
            assert math.isclose(r.mean, mean, rel_tol=1e-9), r.code
            if r.chart != "run":
                assert math.isclose(r.lower, lower, rel_tol=1e-9, abs_tol=1e-12), r.code
                assert math.isclose(r.upper, upper, rel_tol=1e-9, abs_tol=1e-12), r.code
    finally:
        store.close()
    ratio = summary_ms / ref_ms
    print(f"SPC from the database, {N_IND} indicators x {N_MONTHS} months (median of {args.runs}):")
    print(f"  dashboard summary (read + SPC + rules)  {summary_ms:8.1f} ms")
    print(f"  plain reference (read + limits)         {ref_ms:8.1f} ms")
    print(f"  ratio {ratio:.2f}x (target <= 2x) - {'OK' if ratio <= 2 else 'TOO SLOW'}")


if __name__ == "__main__":
    main()
