"""Training benchmark: 1,000 staff and 300,000 attendance records (or as many as asked).

    .venv/bin/python tests/benchmarks/bench_training.py [--records 1200000] [--staff 4000] [--runs 5]

Prints: import time for the staff and attendance files (CSV, through the same pipeline the
CLI and the wizard use; one import reads at most 100,000 rows, so the register goes in parts
of 90,000), the compliance grid for one date (target < 100 ms) and the 24-month trend read
from the database (targets: < 100 ms at 300,000 records, < 400 ms at 1.2 million), each the
median of ``--runs``. Staff default to one per 300 records (1,000 at 300,000; 4,000 at 1.2
million). With ``--direct`` (the default above 300,000 records) the rows are written straight
through the store in one transaction instead, and the import is not timed.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from maternity_desk.core.training import STAFF_GROUPS, parse_staff_group, parse_status, trend_dates  # noqa: E402
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
    """Run ``fn`` ``repeat`` times; print the median (and the fastest) in ms."""
    took = []
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        took.append(time.perf_counter() - t)
    extra = f"  (fastest {min(took) * 1000:.1f})" if repeat > 1 else ""
    print(f"{label:<58} {statistics.median(took) * 1000:9.1f} ms{extra}")
    return result


def split_csv(path: Path, rows: int) -> list[Path]:
    """``path`` cut into files of at most ``rows`` data rows, each with the header."""
    with path.open(encoding="utf-8") as f:
        head, body = f.readline(), f.readlines()
    parts = []
    for n, start in enumerate(range(0, len(body), rows)):
        part = path.with_name(f"{path.stem}-{n}.csv")
        part.write_text(head + "".join(body[start:start + rows]), encoding="utf-8")
        parts.append(part)
    return parts


def insert_directly(store, staff_csv: Path, att_csv: Path) -> None:
    """The two files' rows written straight through the store in one transaction (setup for
    registers larger than the import pipeline is meant to take in one sitting)."""
    def iso(text: str) -> str | None:
        return date(int(text[6:]), int(text[3:5]), int(text[:2])).isoformat() if text else None

    with staff_csv.open(newline="", encoding="utf-8") as f:
        staff = [(r[0], r[1], parse_staff_group(r[2]), iso(r[3]), iso(r[4])) for r in list(csv.reader(f))[1:]]
    with att_csv.open(newline="", encoding="utf-8") as f:
        rows = [(r[0], r[1], r[2], parse_status(r[3])) for r in list(csv.reader(f))[1:]]
    rows.sort(key=lambda r: (r[1], r[0], r[2]))  # index order, as the import writes them
    with store.transaction():
        store.executemany("INSERT INTO staff (staff_number, name, staff_group, start_date, leave_date) "
                          "VALUES (?, ?, ?, ?, ?)", staff)
        store.executemany("INSERT INTO attendance (staff_number, course_code, date, status) VALUES (?, ?, ?, ?)",
                          rows)
        store.audit("bench", "attendance", None, None, {"staff": len(staff), "attendance": len(rows)})


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=300_000)
    ap.add_argument("--staff", type=int, default=None, help="default: one per 300 records")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--direct", action="store_true", default=None,
                    help="write the rows through the store, not the import (the default above 300,000)")
    args = ap.parse_args()
    records = args.records
    people = args.staff or max(1, records // 300)
    direct = args.direct if args.direct is not None else records > 300_000
    runs = args.runs
    rng = random.Random(2016)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        staff_csv, att_csv = write_files(folder, rng, staff=people, records=records)
        store = open_store(folder / "bench.sqlite", backups=False)
        if direct:
            timed(f"write {people:,} staff and {records:,} records through the store (setup)",
                  lambda: insert_directly(store, staff_csv, att_csv))
        else:
            timed(f"import {people:,} staff (plan + commit)",
                  lambda: commit(store, plan_file(store, "staff", staff_csv), backup=False))

            def import_parts():
                for part in split_csv(att_csv, 90_000):  # one import reads at most 100,000 rows
                    commit(store, plan_file(store, "attendance", part), backup=False)

            timed(f"import {records:,} attendance rows (parts of 90,000: read, check, write)", import_parts)
        print(f"  {st.bulk_counts(store)}")
        rows = timed("compliance grid for one date (from the database)",
                     lambda: st.compliance_as_at(store, AS_AT), repeat=runs)
        timed("24-month trend (from the database)", lambda: st.monthly_trend(store, AS_AT, 24), repeat=runs)
        index = st.compliance_index(store)
        thresholds = st.thresholds(store)
        timed("compliance grid for one date (index in memory)", lambda: index.compliance(AS_AT, thresholds),
              repeat=runs)
        timed("24-month trend (index in memory)", lambda: index.trend(trend_dates(AS_AT, 24)), repeat=runs)
        timed("overdue list (from the database)", lambda: st.overdue_as_at(store, AS_AT), repeat=3)
        print(f"  grid rows: {len(rows)}; e.g. {rows[0]}")
        store.close()


if __name__ == "__main__":
    main()
