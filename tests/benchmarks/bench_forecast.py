"""Training forecast benchmark: 1,000 staff and 300,000 attendance records, with 30 planned
sessions of 12 booked people each.

    .venv/bin/python tests/benchmarks/bench_forecast.py

Prints the time for one forecast read from the database (what the Forecast tab's worker and
``forecast-training`` do) and for the qualifying-case figure over 500 cases.
"""

from __future__ import annotations

import csv
import random
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from maternity_desk.core import cases as qc  # noqa: E402
from maternity_desk.core.training import TrainingSession  # noqa: E402
from maternity_desk.exchange.importing import commit, plan_file  # noqa: E402
from maternity_desk.store import cases as sc  # noqa: E402
from maternity_desk.store import forecast as sf  # noqa: E402
from maternity_desk.store import open_store  # noqa: E402
from maternity_desk.store import training as st  # noqa: E402
from tests.benchmarks.bench_training import timed, write_files  # noqa: E402

TODAY = date(2026, 9, 30)


def _attendance_files(folder: Path, rng: random.Random, people: list[str], records: int = 300_000) -> list[Path]:
    seen: set = set()
    files = []
    for k in range(records // 100_000):
        path = folder / f"attendance-{k}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["Staff Number", "Course", "Date", "Status"])
            count = 0
            while count < 100_000:
                key = (rng.choice(people), rng.choice(["FM", "PROMPT", "NLS", "HF", "CTGM"]),
                       date(2000, 1, 1) + timedelta(days=rng.randrange(9700)))
                if key in seen:
                    continue
                seen.add(key)
                w.writerow([key[0], key[1], key[2].isoformat(), "attended" if rng.random() < 0.92 else "DNA"])
                count += 1
        files.append(path)
    return files


def main() -> None:
    rng = random.Random(2016)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        staff_csv, _ = write_files(folder, rng, records=0)
        store = open_store(folder / "bench.sqlite", backups=False)
        commit(store, plan_file(store, "staff", staff_csv), backup=False)
        people = sorted(st.staff_numbers(store))
        for part in _attendance_files(folder, rng, people):  # the import reads 100,000 rows a file
            commit(store, plan_file(store, "attendance", part), backup=False)
        print(f"  {st.bulk_counts(store)}")
        for i in range(30):
            sid = st.save_session(store, TrainingSession(None, rng.choice(["FM", "PROMPT", "NLS"]),
                                                         TODAY + timedelta(days=3 * i + 1), status="planned"))
            sf.book(store, sid, rng.sample(people, 12), today=TODAY)
        rows = timed("forecast for one date (from the database)",
                     lambda: sf.forecast(store, TODAY + timedelta(days=120), today=TODAY), repeat=5)
        print(f"  rows: {len(rows)}; booked in date: {sum(r.booked for r in rows)}; "
              f"must attend: {sum(len(r.must_attend) for r in rows)}")
        cats = list(qc.CATEGORIES)
        cases = [qc.QualifyingCase(None, f"QC-{i}", rng.choice(cats), date(2016, 1, 1) + timedelta(days=7 * i),
                                   date(2016, 1, 1) + timedelta(days=7 * i + rng.randint(0, 12)),
                                   date(2016, 1, 1) + timedelta(days=7 * i + rng.randint(0, 40)))
                 for i in range(500)]
        sc.upsert_cases(store, cases)
        timed("safety action 10 figure over 500 cases (from the database)",
              lambda: sc.sa10_reported(store, date(2016, 1, 1), date(2025, 12, 31), TODAY), repeat=5)
        timed("Home's attention lines for the case log", lambda: sc.attention(store, TODAY), repeat=5)
        store.close()


if __name__ == "__main__":
    main()
