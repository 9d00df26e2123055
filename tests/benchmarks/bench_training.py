"""Training benchmark: 1,000 staff and 300,000 attendance records.

    .venv/bin/python tests/benchmarks/bench_training.py

Prints: import time for the staff and attendance files (CSV, through the same pipeline the
CLI and the wizard use), the compliance grid for one date (targets < 100 ms) and a 24-month
trend (target < 1 s).
"""

from __future__ import annotations

import csv
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from maternity_desk.core.training import STAFF_GROUPS  # noqa: E402
from maternity_desk.exchange.importing import commit, plan_file  # noqa: E402
from maternity_desk.store import open_store  # noqa: E402
from maternity_desk.store import training as st  # noqa: E402

AS_AT = date(2026, 9, 30)


def write_files(folder: Path, rng: random.Random, *, staff: int = 1000, records: int = 300_000) -> tuple[Path, Path]:
    people = staff
    staff = folder / "staff.csv"
    numbers = [str(n) for n in rng.sample(range(10_000_000, 99_999_999), people)]
    with staff.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Assignment Number", "Full Name", "Staff Group", "Hire Date", "Termination Date"])
        for n in numbers:
            start = date(2010, 1, 1) + timedelta(days=rng.randrange(5000))
            leave = start + timedelta(days=rng.randrange(400, 6000)) if rng.random() < 0.2 else None
            w.writerow([n, f"Person {n}", rng.choice(STAFF_GROUPS)[1], start.strftime("%d/%m/%Y"),
                        leave.strftime("%d/%m/%Y") if leave else ""])
    attendance = folder / "attendance.csv"
    courses = ["FM", "PROMPT", "NLS", "HF", "CTGM"]
    seen = set()
    with attendance.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Staff Number", "Course", "Date", "Status"])
        count = 0
        while count < records:
            key = (rng.choice(numbers), rng.choice(courses), date(2000, 1, 1) + timedelta(days=rng.randrange(9700)))
            if key in seen:
                continue
            seen.add(key)
            status = "attended" if rng.random() < 0.92 else rng.choice(("DNA", "cancelled"))
            w.writerow([key[0], key[1], key[2].isoformat(), status])
            count += 1
    return staff, attendance


def timed(label: str, fn, repeat: int = 1):
    best = None
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        took = time.perf_counter() - t
        best = took if best is None else min(best, took)
    print(f"{label:<58} {best * 1000:9.1f} ms")
    return result


def main() -> None:
    rng = random.Random(2016)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        staff_csv, att_csv = write_files(folder, rng)
        store = open_store(folder / "bench.sqlite", backups=False)
        timed("import 1,000 staff (plan + commit)",
              lambda: commit(store, plan_file(store, "staff", staff_csv), backup=False))
        plan = timed("check 300,000 attendance rows (read + validate)", lambda: plan_file(store, "attendance", att_csv))
        timed("write 300,000 attendance rows (one transaction)", lambda: commit(store, plan, backup=False))
        print(f"  {st.bulk_counts(store)}")
        rows = timed("compliance grid for one date (from the database)",
                     lambda: st.compliance_as_at(store, AS_AT), repeat=5)
        index = st.compliance_index(store)
        thresholds = st.thresholds(store)
        timed("compliance grid for one date (index in memory)", lambda: index.compliance(AS_AT, thresholds), repeat=5)
        timed("24-month trend (from the database)", lambda: st.monthly_trend(store, AS_AT, 24), repeat=3)
        timed("24-month trend (index in memory)",
              lambda: index.trend(__import__("maternity_desk.core.training", fromlist=["x"]).trend_dates(AS_AT, 24)),
              repeat=3)
        timed("overdue list (from the database)", lambda: st.overdue_as_at(store, AS_AT), repeat=3)
        print(f"  grid rows: {len(rows)}; e.g. {rows[0]}")
        store.close()


if __name__ == "__main__":
    main()
