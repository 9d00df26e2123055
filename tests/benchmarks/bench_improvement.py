"""Benchmark: the improvement board with 50 projects x 5 measures x 60 months.

Run: .venv/bin/python tests/benchmarks/bench_improvement.py
Builds a temporary unit database (half the measures rebased where their level changed),
then prints the time to read the board (every project's primary-measure SPC and signal), to
chart every measure, and to fill the page's board.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

PROJECTS, MEASURES, MONTHS = 50, 5, 60


def build(path: Path):
    from maternity_desk.core import improvement as qi
    from maternity_desk.core.periods import shift_month
    from maternity_desk.store import improvement as qs
    from maternity_desk.store import open_store

    store = open_store(path, backups=False)
    rng = random.Random(50)
    codes = [p.code for p in qs.picklist(store)]
    months = [shift_month("2021-10", i) for i in range(MONTHS)]
    with store.transaction():
        rows = []
        for n in range(PROJECTS):
            pid = qs.adopt_project(store, codes[n % len(codes)], start_date=date(2021, 10, 1),
                                   status=rng.choice(qi.STATUSES[:4]), code=f"P{n:02d}")
            ms = qs.measures(store, pid)
            for k in range(len(ms), MEASURES):
                qs.save_measure(store, pid, qi.Measure(type="balancing", name=f"Extra {k}", numerator="n",
                                                       denominator="d", better="lower"))
            ms = qs.measures(store, pid)[:MEASURES]
            for m in ms:
                before, after = rng.uniform(0.1, 0.6), rng.uniform(0.1, 0.6)
                for i, month in enumerate(months):
                    den = rng.randint(80, 400)
                    p = before if i < 30 else after
                    rows.append((m.id, qi.MeasureValue(month, min(den, max(0, round(den * p + rng.gauss(0, 3)))), den)))
        qs.write_values(store, rows)
        # every other project's measures rebased where their level changed (month 31)
        store.executemany("INSERT INTO qi_measure_rebase (measure_id, month) VALUES (?, ?)",
                          [(mid, months[30]) for mid in sorted({mid for mid, _ in rows}) if mid % 2])
    return store


def timed(fn, repeat=5):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return result, statistics.median(times), min(times)


def main() -> None:
    from maternity_desk.core import improvement as qi
    from maternity_desk.store import improvement as qs

    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        store = build(Path(tmp) / "bench.sqlite")
        print(f"built {PROJECTS} projects x {MEASURES} measures x {MONTHS} months "
              f"({store.scalar('SELECT count(*) FROM qi_measure_value')} values) in {time.perf_counter() - t:.2f} s")
        rows, med, best = timed(lambda: qs.board(store))
        signals = {s: sum(r.signal == s for r in rows) for s in (*qi.SIGNALS, None)}
        print(f"board (store.board: 5 queries + SPC of {len(rows)} primary measures, "
              f"{store.scalar('SELECT count(*) FROM qi_measure_rebase')} measures rebased): "
              f"median {med * 1000:.1f} ms, best {best * 1000:.1f} ms; signals {signals}")

        def all_charts():
            out = 0
            for p in qs.projects(store):
                for m in qs.measures(store, p.id):
                    out += len(qs.chart(store, p, m).points)
            return out

        n, med, best = timed(all_charts, repeat=3)
        print(f"every measure charted ({PROJECTS * MEASURES} charts, {n} points): "
              f"median {med * 1000:.1f} ms, best {best * 1000:.1f} ms")

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([])
        from maternity_desk.ui.improvement.page import ImprovementPage

        t = time.perf_counter()
        page = ImprovementPage(store, today=date(2026, 10, 15))
        print(f"ImprovementPage built (board, pick-list, first project with its chart, log): "
              f"{(time.perf_counter() - t) * 1000:.0f} ms")
        _, med, best = timed(page._load_board)
        print(f"page board refresh: median {med * 1000:.1f} ms, best {best * 1000:.1f} ms")
        page.deleteLater()
        app.processEvents()
        store.close()


if __name__ == "__main__":
    main()
