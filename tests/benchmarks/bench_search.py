"""Benchmark: search as you type over 100,000 records.

Run: .venv/bin/python tests/benchmarks/bench_search.py
Builds a unit holding 100,000 searchable records (staff, sessions, ledger entries, plan and
meeting actions, review cases and submissions, written through the normal tables so the
index triggers fill ``search_index``), then times ``store.search.search`` for every prefix of
a handful of queries as a user types them (one call per keystroke), reporting the median
and worst per keystroke. The promise: every keystroke's results in under 50 ms.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from maternity_desk.store import open_store  # noqa: E402
from maternity_desk.store.search import search  # noqa: E402

RECORDS = 100_000
FIRST = ["Sarah", "Aisha", "Emma", "Grace", "Priya", "Olivia", "Hannah", "Chloe", "Mary", "Zainab", "James",
         "David", "Ravi", "Tom", "Ben", "Megan", "Lucy", "Fatima", "Joanne", "Karen"]
LAST = ["Turner", "Wilson", "Patel", "Khan", "Smith", "Jones", "Brown", "Taylor", "Evans", "Walker", "Hughes",
        "Roberts", "Green", "Hall", "Wood", "Clarke", "Lewis", "Ahmed", "Begum", "Young"]
WORDS = ["bereavement", "midwife", "fetal", "monitoring", "CTG", "escalation", "PROMPT", "neonatal", "simulation",
         "handover", "staffing", "smoking", "carbon", "monoxide", "growth", "scan", "induction", "sepsis",
         "theatre", "triage", "audit", "guideline", "training", "backfill", "equipment", "mannequin", "leaflet"]
QUERIES = ["sarah turner", "bereavement midwife", "PMR-2024", "fetal monitoring audit", "carbon monoxide",
           "zzz nothing matches", "prompt"]


def phrase(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def build(path: Path) -> dict[str, int]:
    rng = random.Random(22)
    store = open_store(path, backups=False)
    share = {"staff": 0.2, "session": 0.1, "ledger": 0.25, "plan": 0.05,
             "meeting_action": 0.2, "review": 0.1, "submission": 0.1}
    n = {k: int(RECORDS * v) for k, v in share.items()}
    n["meeting"] = 2000  # meetings are not searched; their actions are
    start = date(2010, 4, 1)
    with store.transaction():
        groups = [r[0] for r in store.query("SELECT code FROM staff_group")]
        courses = [r[0] for r in store.query("SELECT code FROM course")]
        datasets = [r[0] for r in store.query("SELECT code FROM gov_datasets")]
        store.executemany(
            "INSERT INTO staff (staff_number, name, staff_group, start_date) VALUES (?, ?, ?, ?)",
            [(f"{10000000 + i}", f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng.choice(groups), "2015-01-01")
             for i in range(n["staff"])])
        store.executemany(
            "INSERT INTO training_session (course_code, date, venue, facilitator) VALUES (?, ?, ?, ?)",
            [(rng.choice(courses), (start + timedelta(days=i % 5000)).isoformat(), f"Room {rng.randint(1, 40)}",
              f"{rng.choice(FIRST)} {rng.choice(LAST)}") for i in range(n["session"])])
        store.executemany(
            "INSERT INTO fund_entry (date, fund_code, kind, amount_pence, description, supplier, reference)"
            " SELECT ?, (SELECT code FROM fund LIMIT 1), 'payment', ?, ?, ?, ?",
            [((start + timedelta(days=i % 5000)).isoformat(), rng.randint(100, 900000), phrase(rng, 4),
              f"{rng.choice(LAST)} Ltd", f"PO-{i:06d}") for i in range(n["ledger"])])
        store.executemany(
            "INSERT INTO gov_plan_actions (area, action, owner) VALUES (?, ?, ?)",
            [(rng.choice(WORDS), phrase(rng, 5), rng.choice(LAST)) for _ in range(n["plan"])])
        store.executemany("INSERT INTO gov_meetings (id, date) VALUES (?, ?)",
                          [(i + 1, (start + timedelta(days=i % 5000)).isoformat()) for i in range(n["meeting"])])
        store.executemany(
            "INSERT INTO gov_champion_actions (parent_id, action, owner) VALUES (?, ?, ?)",
            [(rng.randint(1, n["meeting"]), phrase(rng, 5), rng.choice(LAST)) for _ in range(n["meeting_action"])])
        store.executemany(
            "INSERT INTO gov_reviews (reference, category, gestation_days, date_of_death, themes) VALUES (?, ?, ?, ?, ?)",
            [(f"PMR-{2010 + i % 17}-{i:05d}", "stillbirth", 200, (start + timedelta(days=i % 5000)).isoformat(),
              phrase(rng, 3)) for i in range(n["review"])])
        store.executemany(
            "INSERT INTO gov_submissions (dataset, period, due_date, submitted_by) VALUES (?, ?, ?, ?)",
            [(datasets[i % len(datasets)], f"P{i:06d}", (start + timedelta(days=i % 5000)).isoformat(),
              rng.choice(LAST)) for i in range(n["submission"])])
    counts = {r[0]: r[1] for r in store.query("SELECT kind, count(*) FROM search_index GROUP BY kind")}
    store.close()
    return counts


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "unit.sqlite"
        t = time.perf_counter()
        counts = build(path)
        total = sum(counts.values())
        print(f"built {total:,} indexed records in {time.perf_counter() - t:.1f} s: {counts}")
        assert total >= RECORDS, f"only {total} records indexed"
        store = open_store(path, backups=False)
        search(store, "warm up")
        times = []
        worst = (0.0, "")
        for query in QUERIES:
            for end in range(1, len(query) + 1):
                typed = query[:end]
                t = time.perf_counter()
                search(store, typed)
                ms = (time.perf_counter() - t) * 1000
                times.append(ms)
                worst = max(worst, (ms, typed))
        store.close()
    print(f"search as you type: {len(times)} keystrokes, median {statistics.median(times):.1f} ms, "
          f"95th percentile {sorted(times)[int(len(times) * 0.95)]:.1f} ms, worst {worst[0]:.1f} ms ({worst[1]!r})")
    ok = worst[0] < 50
    print("PASS: every keystroke under 50 ms" if ok else "FAIL: a keystroke took 50 ms or more")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
