"""Monthly return benchmark: a 10-year, 1,000-staff unit.

    .venv/bin/python tests/benchmarks/bench_returns.py

Builds the demo unit, then grows it to 1,000 staff with ten years of attendance on the
mandatory courses, ten years of monthly values for every indicator and ten years of fund
ledger. Prints, for the return of the last complete month:

- gathering the return from the database (every area's own functions);
- writing the workbook (styles, conditional formats, charts, print setup);
- writing the same cells with openpyxl's ``write_only`` mode in the same run (the floor an
  openpyxl export can reach), and the ratio (target <= 1.3x): medians of RUNS runs, alternating;
- the peak Python memory (tracemalloc) of gathering + writing, and the process's peak RSS.
"""

from __future__ import annotations

import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from maternity_desk.core import returns as core  # noqa: E402
from maternity_desk.core.periods import month_range  # noqa: E402
from maternity_desk.demo import build_demo  # noqa: E402
from maternity_desk.exchange import returns as xr  # noqa: E402

TODAY = date(2026, 10, 15)
MONTH = "2026-09"
STAFF = 1000
YEARS = 10
RUNS = 9


def grow(store, rng: random.Random) -> dict:
    """Top the demo unit up to 1,000 staff and ten years of records."""
    from maternity_desk.store import dashboard as dash
    from maternity_desk.store import training as st

    first_day = date(TODAY.year - YEARS, TODAY.month, 1)
    groups = [g.code for g in st.staff_groups(store)]
    have = store.scalar("SELECT count(*) FROM staff")
    staff = []
    for n in range(STAFF - have):
        start = first_day + timedelta(days=rng.randrange(0, 3000))
        leave = start + timedelta(days=rng.randrange(400, 4000)) if rng.random() < 0.25 else None
        staff.append((f"B{n:05d}", f"Bench person {n}", rng.choice(groups), start.isoformat(),
                      leave.isoformat() if leave and leave < TODAY else None))
    courses = {c.code: c.groups for c in st.courses(store, active_only=True) if c.groups}
    attendance = []
    for number, _name, group, start, leave in staff:
        for code, must in courses.items():
            if group not in must:
                continue
            d = date.fromisoformat(start) + timedelta(days=rng.randrange(0, 60))
            end = date.fromisoformat(leave) if leave else TODAY
            while d <= end:
                attendance.append((number, code, d.isoformat(), "attended" if rng.random() < 0.95 else "dna"))
                d += timedelta(days=rng.randrange(300, 420))
    months = month_range(f"{first_day:%Y-%m}", MONTH)
    values = []
    for ind in dash.indicators(store):
        for m in months:
            den = rng.randrange(330, 420)
            k = {"percent": 0.3, "per_1000": 0.01, "per_100": 0.05, "per_100000": 0.0005}.get(ind.scale, 0)
            num = sum(1 for _ in range(den) if rng.random() < k) if k else rng.randrange(4000, 5000)
            if ind.scale == "ratio":
                num, den = rng.randrange(4000, 5000), rng.randrange(140, 170)
            values.append((m, ind.code, num, den))
    ledger = []
    for y in range(TODAY.year - YEARS, TODAY.year + 1):
        ledger.append((f"{y}-04-05", "TRUST", "allocation", 5_000_000, "Annual budget", None, "", ""))
        for i in range(150):
            d = date(y, 4, 6) + timedelta(days=rng.randrange(0, 360))
            if d > date(2026, 9, 30):
                continue
            ledger.append((d.isoformat(), "TRUST", "payment", rng.randrange(5_000, 60_000), f"Course {i}",
                           None, "", f"B-{y}-{i}"))
    with store.transaction():
        store.executemany("INSERT INTO staff (staff_number, name, staff_group, start_date, leave_date) "
                          "VALUES (?, ?, ?, ?, ?)", staff)
        store.executemany("INSERT OR IGNORE INTO attendance (staff_number, course_code, date, status) "
                          "VALUES (?, ?, ?, ?)", attendance)
        store.executemany(
            "INSERT INTO indicator_value (month, indicator_code, numerator, denominator) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (month, indicator_code) DO UPDATE SET numerator = excluded.numerator, "
            "denominator = excluded.denominator", values)
        store.executemany("INSERT INTO fund_entry (date, fund_code, kind, amount_pence, description, category, "
                          "supplier, reference) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", ledger)
        store.audit("benchmark", "all", None, None, {"staff": len(staff)})
    return {"staff": store.scalar("SELECT count(*) FROM staff"),
            "attendance": store.scalar("SELECT count(*) FROM attendance"),
            "indicator values": store.scalar("SELECT count(*) FROM indicator_value"),
            "ledger entries": store.scalar("SELECT count(*) FROM fund_entry")}


def write_only_baseline(content: core.ReturnContent, path: Path) -> int:
    """The same cells (values and number formats) through openpyxl's write_only mode."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    cells = 0
    ws = wb.create_sheet("Cover")
    for _sheet, title, n, _ok in content.contents():
        ws.append([title, n])
        cells += 2
    for section in content.sections:
        ws = wb.create_sheet(section.sheet)
        ws.append([section.title])
        for note in section.notes:
            ws.append([note])
        for t in section.tables:
            ws.append(t.headers)
            for row in t.rows:
                out = []
                for col, v in zip(t.columns, row):
                    if isinstance(v, core.Link):
                        v = v.text
                    value, fmt = xr._cell_value(v, col.kind)
                    c = WriteOnlyCell(ws, value=value)
                    if fmt:
                        c.number_format = fmt
                    out.append(c)
                ws.append(out)
                cells += len(out)
    wb.save(path)
    return cells


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        store = build_demo(folder / "bench.sqlite", seed=2016, today=TODAY)
        sizes = grow(store, random.Random(9))
        print(f"database built in {time.perf_counter() - t0:.1f} s: "
              + ", ".join(f"{v:,} {k}" for k, v in sizes.items()))

        t0 = time.perf_counter()
        content = xr.build_return(store, MONTH)
        gather = time.perf_counter() - t0
        t0 = time.perf_counter()
        xr.write_workbook(content, folder / "return.xlsx")
        write = time.perf_counter() - t0
        tracemalloc.start()  # memory on a separate run: tracing slows everything down
        xr.write_workbook(xr.build_return(store, MONTH), folder / "return.xlsx")
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        ours, base, gathers = [], [], []
        for _ in range(RUNS):  # alternating, for both writers; medians
            t0 = time.perf_counter()
            cells = write_only_baseline(content, folder / "baseline.xlsx")
            base.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            xr.write_workbook(content, folder / "return.xlsx")
            ours.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            xr.build_return(store, MONTH)
            gathers.append(time.perf_counter() - t0)
        best_ours, best_base, best_gather = (statistics.median(x) for x in (ours, base, gathers))
        rows = ", ".join(f"{s} {n}" for s, _t, n, _a in content.contents())
        print(f"return for {MONTH}: {rows}; {cells:,} table cells")
        print(f"medians of {RUNS} runs, alternating")
        print(f"gather from the database: {best_gather * 1000:.0f} ms (first run {gather * 1000:.0f} ms)")
        print(f"write workbook: {best_ours * 1000:.0f} ms (first run {write * 1000:.0f} ms)")
        print(f"same cells, openpyxl write_only: {best_base * 1000:.0f} ms")
        print(f"ratio write / write_only: {best_ours / best_base:.2f}x (target <= 1.3x)")
        print(f"ratio (gather + write) / write_only: {(best_gather + best_ours) / best_base:.2f}x "
              "(the baseline reads nothing from the database)")
        print(f"peak Python memory (gather + write): {peak / 2**20:.1f} MiB; "
              f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
        print(f"workbook {(folder / 'return.xlsx').stat().st_size / 1024:.0f} KiB")
        store.close()


if __name__ == "__main__":
    main()
