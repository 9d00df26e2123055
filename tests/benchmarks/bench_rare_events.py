"""Benchmark: the rare-event charts and the review-window percentages.

Run: .venv/bin/python tests/benchmarks/bench_rare_events.py
Times the pure g-chart and CUSUM on long series, then, on the demo unit, what the dashboard
page does on the UI thread when a rare-event indicator is chosen (its g-chart from the case
log, its CUSUM from the monthly figures) and the governance page's two scheme windows.
"""

from __future__ import annotations

import math
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from maternity_desk.core import pmrt, spc  # noqa: E402
from maternity_desk.store import governance as sg  # noqa: E402
from maternity_desk.store import open_store  # noqa: E402
from maternity_desk.store import pmrt as sp  # noqa: E402
from maternity_desk.store import rare_events as sr  # noqa: E402

TODAY = date(2026, 10, 15)


def timed(fn, repeat: int = 7) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs) * 1000


def main() -> None:
    rng = random.Random(18)
    gaps = [rng.expovariate(1 / 300) for _ in range(10_000)]
    print(f"g_chart, 10,000 gaps: {timed(lambda: spc.g_chart(gaps)):.1f} ms")
    events = [rng.choice((0, 0, 1, 2)) for _ in range(600)]
    expected = [0.6] * 600
    print(f"cusum, 600 months (50 years): {timed(lambda: spc.cusum(events, expected)):.2f} ms")
    births = [1] * 100_000
    outcomes = [1 if rng.random() < 0.004 else 0 for _ in range(100_000)]
    print(f"cusum, Bernoulli, 100,000 births: "
          f"{timed(lambda: spc.cusum(outcomes, [0.004] * 100_000, trials=births), 3):.0f} ms")
    # in control: how many months until a false signal, a unit of 4,500 births a year with a
    # reference of 1.6 term deaths per 1,000 (0.6 expected a month), 2,000 simulated runs
    def poisson(lam: float) -> int:
        limit, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= rng.random()
            if p <= limit:
                return k
            k += 1

    lam, w = 0.6, math.log(2)
    firsts = {1: [], 2: []}
    for _ in range(2000):
        cusum_value, month, seen = 0.0, 0, set()
        while len(seen) < 2 and month < 2400:
            month += 1
            cusum_value = max(0.0, cusum_value + poisson(lam) * w - lam)
            for level, h in ((1, math.log(19)), (2, math.log(99))):
                if level not in seen and cusum_value >= h:
                    seen.add(level)
                    firsts[level].append(month)
            if cusum_value >= math.log(99):
                cusum_value = 0.0
    for level in (1, 2):
        print(f"in control (0.6 expected a month): median months to a false level {level} signal: "
              f"{statistics.median(firsts[level]):.0f}")
    with tempfile.TemporaryDirectory() as tmp:
        from maternity_desk.cli import main as cli

        path = Path(tmp) / "demo.sqlite"
        cli(["demo", "--db", str(path)])
        store = open_store(path, backups=False)
        try:
            sr.save_cusum_settings(store, "term_perinatal_deaths", 1.6, 2.944, 4.595)
            print(f"dashboard: stillbirth g-chart from the case log: "
                  f"{timed(lambda: sr.view(store, 'stillbirth', 'g')):.1f} ms")
            print(f"dashboard: term deaths CUSUM from the monthly figures: "
                  f"{timed(lambda: sr.view(store, 'term_perinatal_deaths', 'cusum')):.1f} ms")

            def windows():
                cases, cal = sg.reviews(store), sg.calendar(store)
                for rs in sp.rule_sets(store):
                    pmrt.milestone_compliance(cases, rs, cal, TODAY)

            print(f"governance: milestone percentages for 3 scheme years: {timed(windows):.1f} ms")
        finally:
            store.close()


if __name__ == "__main__":
    main()
