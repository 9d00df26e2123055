"""Dashboard benchmark: 40 indicators x 120 months. Prints the time to load the entry grid,
compute SPC for every indicator (target < 200 ms) and redraw a chart.

    .venv/bin/python tests/benchmarks/bench_dashboard.py
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

TODAY = date(2026, 10, 15)
N_IND, N_MONTHS = 40, 120


def build(path: Path):
    from maternity_desk.core.dashboard import last_complete_month
    from maternity_desk.core.indicators import Indicator
    from maternity_desk.core.periods import month_range, shift_month
    from maternity_desk.store import dashboard as dash
    from maternity_desk.store import open_store

    store = open_store(path, backups=False)
    have = [i.code for i in dash.indicators(store)]
    for k in range(N_IND - len(have)):
        dash.save_indicator(store, Indicator(f"bench_{k:02d}", f"Bench indicator {k}", "percent",
                                             better="lower", rag_green=20, rag_red=30), new=True)
    codes = [i.code for i in dash.indicators(store)][:N_IND]
    last = last_complete_month(TODAY)
    months = month_range(shift_month(last, -(N_MONTHS - 1)), last)
    rng = random.Random(1)
    rows = []
    for code in codes:
        ind = dash.indicator(store, code)
        for m in months:
            den = rng.randint(300, 450)
            num = rng.randint(0, den // 4) if ind.is_proportion else rng.randint(4000, 5000)
            if not ind.is_proportion:
                den = rng.randint(150, 170)
            rows.append((m, code, num, den))
    with store.transaction():
        store.executemany("INSERT INTO indicator_value (month, indicator_code, numerator, denominator) "
                          "VALUES (?, ?, ?, ?)", rows)
        store.audit("bench", "indicator_value", None, None, {"values": len(rows)})
    return store, codes


def timed(label: str, fn, repeat: int = 3):
    best = float("inf")
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    print(f"{label:<48} {best * 1000:8.1f} ms")
    return result


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from maternity_desk.store import dashboard as dash

    app = QApplication.instance() or QApplication([])
    path = Path(tempfile.mkdtemp(prefix="bench-dash-")) / "bench.sqlite"
    t = time.perf_counter()
    store, codes = build(path)
    print(f"{N_IND} indicators x {N_MONTHS} months ({N_IND * N_MONTHS} values) built in "
          f"{(time.perf_counter() - t) * 1000:.0f} ms")

    def spc_all():
        return dash.summary(store, codes)

    rows = timed("SPC for all indicators (summary table)", spc_all)
    assert len(rows) == N_IND

    from maternity_desk.ui.dashboard.grid import EntryGrid

    grid = EntryGrid(store, TODAY)
    grid.months_spin.blockSignals(True)
    grid.months_spin.setValue(N_MONTHS)
    grid.months_spin.blockSignals(False)
    grid.resize(1366, 700)
    grid.show()

    def load_grid():
        grid.refresh(force=True)  # re-read even though nothing changed
        app.processEvents()
        return grid.model.rowCount()

    n = timed("entry grid load (refresh + paint)", load_grid)
    print(f"{'':<48} ({n} rows x {grid.model.columnCount()} columns)")
    from maternity_desk.ui.dashboard.page import BENCHMARK, ENTRY, SUMMARY, DashboardPage

    def open_page():
        p = DashboardPage(store, today=TODAY)
        p.refresh()  # as the main window does after building a page (nothing to re-read)
        p.resize(1366, 768)
        p.show()
        p.repaint()  # the first paint: list, icons and controls on screen
        return p

    page = timed("dashboard page: build and first paint", open_page, repeat=1)
    t = time.perf_counter()
    while page._chart is None:  # the chart is made once the page has been painted
        app.processEvents()
    print(f"{'  chart on screen after the first paint':<48} {(time.perf_counter() - t) * 1000:8.1f} ms")
    for index, label in ((ENTRY, "monthly entry"), (SUMMARY, "summary"), (BENCHMARK, "benchmarking")):
        def show(index=index):
            page.tabs.setCurrentIndex(index)
            app.processEvents()
        timed(f"  {label} tab, first shown", show, repeat=1)
    page.tabs.setCurrentIndex(0)
    app.processEvents()

    def redraw():
        page._select_code(codes[0])
        page._show_indicator(codes[0])
        app.processEvents()

    timed("chart redraw (read + SPC + plot + paint)", redraw, repeat=5)
    timed("chart redraw only (plot items)", page.chart.redraw, repeat=5)
    for w in (page, grid):
        w.close()
        w.deleteLater()
    app.processEvents()
    store.close()
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown of Qt/pyqtgraph objects (not what is measured)


if __name__ == "__main__":
    main()
