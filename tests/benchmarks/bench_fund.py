"""Benchmark: 50,000 ledger lines — import (plan + commit), figures for one year, burn-down,
statement of use export. Run: .venv/bin/python tests/benchmarks/bench_fund.py"""

from __future__ import annotations

import csv
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

N = 50_000


def make_csv(path: Path, rng: random.Random) -> None:
    cats = ["Team leadership", "Human factors", "Fetal growth and monitoring", "Skills and drills", "Backfill",
            "Travel", "Other"]
    funds = ["MSTF", "INNOVATION", "TRUST"]
    start = date(2016, 4, 1)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["date", "fund", "kind", "amount", "description", "category", "supplier", "reference", "course", "places"])
        for fund in funds:
            for y in range(2016, 2026):
                w.writerow([f"01/04/{y}", fund, "allocation", "£500,000.00", f"{fund} {y}", "", "Finance", f"A{y}", "", ""])
        n = 30
        while n < N:
            d = start + timedelta(days=rng.randrange(3650))
            fund = rng.choice(funds)
            ref = f"PO-{rng.randrange(8000):05d}"
            w.writerow([d.strftime("%d/%m/%Y"), fund, "commitment", f"{rng.randrange(100, 5000)}.00", "Course",
                        rng.choice(cats), "Supplier", ref, rng.choice(["PROMPT", "HF", ""]), rng.randrange(0, 20)])
            n += 1
            for _ in range(rng.randrange(0, 3)):
                if n >= N:
                    break
                pd = d + timedelta(days=rng.randrange(1, 120))
                kind = "refund" if rng.random() < 0.05 else "payment"
                w.writerow([pd.strftime("%d/%m/%Y"), fund, kind, f"{rng.randrange(50, 2500)}.{rng.randrange(100):02d}",
                            "Invoice", rng.choice(cats), "Supplier", ref, "", ""])
                n += 1


def main() -> None:
    from maternity_desk.core import fund as core
    from maternity_desk.exchange import importing
    from maternity_desk.exchange.fund import write_statement
    from maternity_desk.store import fund as store_fund
    from maternity_desk.store import open_store

    tmp = Path(tempfile.mkdtemp(prefix="bench-fund-"))
    rng = random.Random(50_000)
    src = tmp / "ledger.csv"
    t = time.perf_counter()
    make_csv(src, rng)
    print(f"made {N:,} ledger lines ({src.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t:.2f} s")
    store = open_store(tmp / "unit.sqlite")
    try:
        t = time.perf_counter()
        plan = importing.plan_file(store, "ledger", src)
        t_plan = time.perf_counter() - t
        t = time.perf_counter()
        importing.commit(store, plan, backup=False)
        t_commit = time.perf_counter() - t
        print(f"import: validate {t_plan:.2f} s, commit {t_commit:.2f} s ({plan.rows:,} rows)")

        t = time.perf_counter()
        figs = store_fund.all_figures(store, "2019/20")
        print(f"figures for 2019/20, all three funds: {time.perf_counter() - t:.3f} s")
        for f in figs:
            print(f"  {f.fund}: allocated {f.allocated_pence:,} paid {f.paid_pence:,} "
                  f"outstanding {f.outstanding_pence:,} available {f.available_pence:,} places {f.places:,}")

        entries = store_fund.entries(store, "TRUST")
        t = time.perf_counter()
        points = core.burn_down(entries, "2019/20")
        print(f"burn-down for TRUST 2019/20 ({len(entries):,} entries, {len(points)} points): "
              f"{time.perf_counter() - t:.3f} s")

        t = time.perf_counter()
        out = write_statement(store, "TRUST", "2019/20", tmp / "statement.xlsx", prepared=date(2020, 4, 30))
        print(f"statement export TRUST 2019/20: {time.perf_counter() - t:.2f} s ({out.stat().st_size / 1e3:.0f} kB)")

        year = store.scalar("SELECT count(*) FROM fund_entry WHERE date BETWEEN '2016-04-01' AND '2026-03-31'")
        t = time.perf_counter()
        big = write_statement(store, "MSTF", "2016/17", tmp / "statement-mstf.xlsx", prepared=date(2017, 4, 30))
        print(f"statement export MSTF 2016/17: {time.perf_counter() - t:.2f} s ({big.stat().st_size / 1e3:.0f} kB); "
              f"{year:,} entries in the ledger")
    finally:
        store.close()


if __name__ == "__main__":
    main()
