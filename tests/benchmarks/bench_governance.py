"""Benchmark: ten years of governance registers, then the overdue listing.

Run: .venv/bin/python tests/benchmarks/bench_governance.py
Builds a unit with 10 years of champions' meetings (bi-monthly) and actions, a plan of 150
actions, monthly/annual/per-case submissions and 40 review cases a year with actions, then
times ``store.governance.overdue`` (read from the database and worked out), the CLI
``overdue --json`` end to end, and ``missing_submissions``.
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

from maternity_desk.core import governance as g  # noqa: E402
from maternity_desk.core.periods import add_months, fy_of, month_of, shift_month  # noqa: E402
from maternity_desk.store import governance as sg  # noqa: E402
from maternity_desk.store import open_store  # noqa: E402

TODAY = date(2026, 10, 15)
YEARS = 10


def build(path: Path) -> dict:
    rng = random.Random(10)
    store = open_store(path, backups=False)
    cal = sg.calendar(store)
    start = add_months(TODAY, -12 * YEARS)
    counts = {}
    with store.transaction():
        meetings, actions = [], []
        d, mid = start, 0
        while d < TODAY:
            mid += 1
            meetings.append((mid, d.isoformat(), "Board, obstetric, midwifery champions", "Staffing; CTG", ""))
            for _ in range(3):
                due = d + timedelta(days=60)
                status = "complete" if rng.random() < 0.85 else "open"
                actions.append((mid, "Follow up", "Owner", due.isoformat(), status, None))
            d = add_months(d, 2) + timedelta(days=rng.randint(-5, 12))
        store.executemany("INSERT INTO gov_meetings (id, date, attendees, issues, notes) VALUES (?, ?, ?, ?, ?)",
                          meetings)
        store.executemany("INSERT INTO gov_champion_actions (parent_id, action, owner, due_date, status, "
                          "completed_date) VALUES (?, ?, ?, ?, ?, ?)", actions)
        plan = [(f"Area {i % 12}", f"Action {i}", "Owner", (start + timedelta(days=rng.randint(0, 3650))).isoformat(),
                 rng.choice(g.PLAN_STATUSES), "") for i in range(150)]
        store.executemany("INSERT INTO gov_plan_actions (area, action, owner, due_date, status, evidence) "
                          "VALUES (?, ?, ?, ?, ?, ?)", plan)
        first = month_of(start)
        store.execute("UPDATE gov_datasets SET first_period = ? WHERE code IN ('MSDS', 'NND')", (first,))
        store.execute("UPDATE gov_datasets SET first_period = ? WHERE code = 'NMPA'", (fy_of(start),))
        subs = []
        ds = {d.code: d for d in sg.datasets(store)}
        last = month_of(add_months(TODAY, -1))
        for code in ("MSDS", "NND"):
            for p in g.periods_between("monthly", first, shift_month(last, -1)):
                if rng.random() < 0.97:  # a few never recorded: expected, so overdue
                    due = g.submission_due(ds[code], p, cal)
                    subs.append((code, p, due.isoformat(), (due - timedelta(days=3)).isoformat(), "Analyst", ""))
        cases, rid = [], 0
        review_actions = []
        for _year in range(YEARS):
            for _ in range(40):
                rid += 1
                dod = start + timedelta(days=rng.randint(0, 3640))
                cat, gest = rng.choice([("stillbirth", 200), ("neonatal_death", 180), ("late_fetal_loss", 160)])
                rep = cal.add_working_days(dod, rng.randint(1, 9))
                started = dod + timedelta(days=rng.randint(20, 80))
                pub = started + timedelta(days=rng.randint(60, 200)) if rng.random() < 0.93 else None
                vals = [x if x is not None and x <= TODAY else None for x in (rep, rep, started, pub)]
                if vals[2] is None:
                    vals[3] = None
                cases.append((rid, f"PMR-{rid:05d}", cat, gest, dod.isoformat(),
                              *(None if x is None else x.isoformat() for x in vals), "Escalation; Staffing"))
                subs.append(("MBRRACE", f"PMR-{rid:05d}", cal.add_working_days(dod, 7).isoformat(),
                             None if vals[0] is None else vals[0].isoformat(), "Bereavement midwife", ""))
                for _ in range(2):
                    review_actions.append((rid, "Share learning", "Owner", (dod + timedelta(days=240)).isoformat(),
                                           "complete" if rng.random() < 0.9 else "open", None))
        store.executemany("INSERT INTO gov_reviews (id, reference, category, gestation_days, date_of_death, reported, "
                          "parents_informed, review_started, report_published, themes) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", cases)
        store.executemany("INSERT OR IGNORE INTO gov_submissions (dataset, period, due_date, submitted_date, "
                          "submitted_by, dq_issues) VALUES (?, ?, ?, ?, ?, ?)", subs)
        store.executemany("INSERT INTO gov_review_actions (parent_id, action, owner, due_date, status, "
                          "completed_date) VALUES (?, ?, ?, ?, ?, ?)", review_actions)
        for t in ("gov_meetings", "gov_champion_actions", "gov_plan_actions", "gov_submissions", "gov_reviews",
                  "gov_review_actions"):
            counts[t] = store.scalar(f"SELECT count(*) FROM {t}")
    store.close()
    return counts


def timed(fn, repeat: int = 7) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-gov-"))
    path = tmp / "unit.sqlite"
    t0 = time.perf_counter()
    counts = build(path)
    print(f"built {YEARS} years of governance registers in {time.perf_counter() - t0:.2f} s: "
          + ", ".join(f"{k} {v}" for k, v in counts.items()))
    store = open_store(path, backups=False)
    t, items = timed(lambda: sg.overdue(store, TODAY))
    print(f"overdue listing (read + work out), median of 7: {t * 1000:.1f} ms -> {len(items)} overdue items")
    reg = sg.registers(store)
    t, _ = timed(lambda: g.overdue_items(reg, TODAY))
    print(f"overdue listing, core only, median of 7:      {t * 1000:.1f} ms")
    t, missing = timed(lambda: sg.missing_submissions(store, TODAY))
    print(f"missing_submissions (Home page), median of 7:  {t * 1000:.1f} ms -> {len(missing)} items")
    store.close()
    import contextlib
    import io

    from maternity_desk.cli import main as cli

    def run_cli():
        with contextlib.redirect_stdout(io.StringIO()):
            return cli(["overdue", "--as-at", TODAY.isoformat(), "--db", str(path), "--json"])

    t, code = timed(run_cli, repeat=5)
    print(f"CLI 'overdue --json' in-process, median of 5:  {t * 1000:.1f} ms (exit {code})")


if __name__ == "__main__":
    main()
