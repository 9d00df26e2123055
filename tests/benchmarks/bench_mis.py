"""Benchmark: the incentive-scheme tracker on a large unit.

Run: .venv/bin/python tests/benchmarks/bench_mis.py
Builds 10 years of governance registers (reviews, submissions, champions' meetings: the
builder of bench_governance.py), then 1,000 staff and 300,000 attendance records shaped like
bench_training.py's files (written straight into the tables: the import pipeline now reads
at most 100,000 rows a file), and times the whole tracker (every computed requirement worked
out) for a scheme year; target < 200 ms.
"""

from __future__ import annotations

import contextlib
import io
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from maternity_desk.core.training import STAFF_GROUPS  # noqa: E402
from maternity_desk.store import mis as sm  # noqa: E402
from maternity_desk.store import open_store  # noqa: E402
from tests.benchmarks.bench_governance import TODAY  # noqa: E402
from tests.benchmarks.bench_governance import build as build_governance  # noqa: E402

TARGET_MS = 200


def timed(fn, repeat: int = 7) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000, result


def add_training(store, rng: random.Random, *, staff: int = 1000, records: int = 300_000) -> None:
    """Staff and attendance as bench_training.write_files makes them."""
    numbers = [str(n) for n in rng.sample(range(10_000_000, 99_999_999), staff)]
    people = []
    for n in numbers:
        start = date(2010, 1, 1) + timedelta(days=rng.randrange(5000))
        leave = start + timedelta(days=rng.randrange(400, 6000)) if rng.random() < 0.2 else None
        people.append((n, f"Person {n}", rng.choice(STAFF_GROUPS)[0], start.isoformat(),
                       leave.isoformat() if leave else None))
    seen: set = set()
    rows = []
    while len(rows) < records:
        key = (rng.choice(numbers), rng.choice(["FM", "PROMPT", "NLS", "HF", "CTGM"]),
               (date(2000, 1, 1) + timedelta(days=rng.randrange(9700))).isoformat())
        if key in seen:
            continue
        seen.add(key)
        rows.append((*key, "attended" if rng.random() < 0.92 else rng.choice(("dna", "cancelled"))))
    with store.transaction():
        store.executemany("INSERT INTO staff (staff_number, name, staff_group, start_date, leave_date) "
                          "VALUES (?, ?, ?, ?, ?)", people)
        store.executemany("INSERT INTO attendance (staff_number, course_code, date, status) VALUES (?, ?, ?, ?)", rows)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-mis-") as tmp:
        folder = Path(tmp)
        path = folder / "unit.sqlite"
        t0 = time.perf_counter()
        counts = build_governance(path)
        store = open_store(path, backups=False)
        add_training(store, random.Random(2016))
        counts["staff"] = store.scalar("SELECT count(*) FROM staff")
        counts["attendance"] = store.scalar("SELECT count(*) FROM attendance")
        print(f"built in {time.perf_counter() - t0:.1f} s: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
        for label, as_at in (("2025/26", TODAY), ("2025/26", date(2025, 9, 30)), ("2024/25", TODAY)):
            ms, view = timed(lambda label=label, as_at=as_at: sm.tracker(store, label, as_at))
            computed = sum(1 for a in view.actions for r in a.requirements if r.figure is not None)
            verdict = "ok" if ms < TARGET_MS else f"OVER the {TARGET_MS} ms target"
            print(f"tracker {label} as at {as_at:%d/%m/%Y} ({computed} computed requirements), "
                  f"median of 7: {ms:7.1f} ms  {verdict}")
            shown = [r for a in view.actions for r in a.requirements
                     if r.requirement.code in ("sa1.reported", "sa8.FM.midwife", "sa9.champion_meetings")]
            print("   " + "; ".join(f"{r.requirement.code} {r.figure.numerator}/{r.figure.denominator}" for r in shown))
        store.close()
        from maternity_desk.cli import main as cli

        def run_cli():
            with contextlib.redirect_stdout(io.StringIO()):
                return cli(["mis", "--year", "2025/26", "--as-at", TODAY.isoformat(), "--db", str(path), "--json"])

        ms, code = timed(run_cli, repeat=5)
        print(f"CLI 'mis --json' in-process (open, compute, print), median of 5: {ms:7.1f} ms (exit {code})")


if __name__ == "__main__":
    main()
