"""CI's benchmark tripwire: the window's responsiveness and the training trend at a small size,
failing only when a figure is more than 3x its recorded baseline. A tripwire for a change that
makes something many times slower, not a timing test.

    .venv/bin/python tests/benchmarks/tripwire.py            # check against baselines.json
    .venv/bin/python tests/benchmarks/tripwire.py --record   # write baselines.json afresh

Every figure is divided by a reference measured in the same run (a fixed pure-Python and
SQLite workload, :func:`reference_ms`), so a slower or busier machine moves the figure and its
reference together; figures under :data:`FLOOR_MS` count as the floor (noise, not work), and a run over the limit
is measured once more (a figure fails only if it is over the limit both times). The
unit (the demo plus 200 staff and 30,000 attendance records) is built once under build/bench/.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

BASELINES = Path(__file__).with_name("baselines.json")
LIMIT = 3.0  # a figure fails above this multiple of its baseline
FLOOR_MS = 100.0  # figures below this (the longest stall allowed) are compared as this


def reference_ms() -> float:
    """A fixed workload like the app's (Python objects, sorting, SQLite): the best of 5."""
    def work():
        conn = sqlite3.connect(":memory:")  # in memory: no database file, no identifiers
        conn.execute("CREATE TABLE t (a TEXT, b INTEGER)")
        conn.executemany("INSERT INTO t VALUES (?, ?)", ((f"k{i % 997}", i) for i in range(40_000)))
        rows = conn.execute("SELECT a, SUM(b) FROM t GROUP BY a ORDER BY a").fetchall()
        conn.close()
        items = sorted(({"k": str(i * 7919 % 10007), "v": i} for i in range(40_000)), key=lambda d: d["k"])
        return len(rows) + len(items)

    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        work()
        best = min(best, (time.perf_counter() - t) * 1000)
    return best


def trend_ms(path: Path) -> float:
    """The 24-month training trend from the database (best of 3), on a copy of the unit."""
    import shutil
    import tempfile
    from datetime import date

    from maternity_desk.store import open_store
    from maternity_desk.store import training as st

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "unit.sqlite"
        shutil.copy(path, copy)
        store = open_store(copy, backups=False)
        try:
            best = float("inf")
            for _ in range(3):
                t = time.perf_counter()
                st.monthly_trend(store, date(2026, 9, 30), 24)
                best = min(best, (time.perf_counter() - t) * 1000)
        finally:
            store.close()
    return best


def measure() -> dict[str, float]:
    """Figure name -> milliseconds (the reference included as ``reference``)."""
    from tests.benchmarks.ui_responsiveness import build_unit

    path = build_unit(small=True, rebuild=False)
    figures = {"reference": reference_ms(), "training trend (24 months)": trend_ms(path)}
    out = ROOT / "build" / "bench" / "tripwire-ui.json"
    # the window in its own process, so the figures above run without a QApplication
    subprocess.run([sys.executable, str(Path(__file__).with_name("ui_responsiveness.py")), "--small",
                    "--json", str(out)], check=True, stdout=subprocess.DEVNULL)
    for row in json.loads(out.read_text()):
        name = re.sub(r" \(\d[\d,]*\)", "", row["visit"].strip())  # a tab's count is not its name
        if name.startswith("(empty"):
            continue
        figures[f"{name}: longest stall"] = row["stall_ms"]
        figures[f"{name}: settled"] = row["settled_ms"]
    return figures


def ratios(figures: dict[str, float]) -> dict[str, float]:
    ref = figures["reference"]
    return {k: max(v, FLOOR_MS) / ref for k, v in figures.items() if k != "reference"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="write the baselines from this run")
    parser.add_argument("--runs", type=int, default=1, help="runs to take the median of (with --record: 3 is wiser)")
    args = parser.parse_args()
    runs = [ratios(measure()) for _ in range(max(1, args.runs))]
    now = {k: statistics.median(r[k] for r in runs if k in r) for k in runs[0]}
    if args.record:
        BASELINES.write_text(json.dumps({"limit": LIMIT, "floor_ms": FLOOR_MS,
                                         "ratios": {k: round(v, 3) for k, v in sorted(now.items())}},
                                        indent=1) + "\n")
        print(f"recorded {len(now)} baselines in {BASELINES.relative_to(ROOT)}")
        return 0
    base = json.loads(BASELINES.read_text())["ratios"]
    if any(ratio / base[k] > LIMIT for k, ratio in now.items() if k in base):
        print("a figure is over the limit: measuring again (a figure fails only if slow both times)")
        again = ratios(measure())
        now = {k: min(v, again.get(k, v)) for k, v in now.items()}
    failed = []
    print(f"{'figure':<62} {'now':>7} {'baseline':>9} {'x':>6}  (multiples of the in-run reference)")
    for name, ratio in now.items():
        was = base.get(name)
        if was is None:
            print(f"{name:<62} {ratio:7.2f} {'(new)':>9}")
            continue
        times = ratio / was
        flag = "  SLOWER THAN 3x" if times > LIMIT else ""
        print(f"{name:<62} {ratio:7.2f} {was:9.2f} {times:6.2f}{flag}")
        if times > LIMIT:
            failed.append(name)
    if failed:
        print(f"{len(failed)} figure(s) more than {LIMIT:g}x their baseline: " + "; ".join(failed))
        return 1
    print(f"every figure within {LIMIT:g}x its baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
