"""Board report benchmark: the pack for a unit with ten years of records.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_board_report.py

Builds the demo unit, then grows it to ten years of board records (every measure, incident
counts by category and harm, notes, 200 external items) and ten years of monthly values for
every dashboard indicator. Prints the time to gather the report, draw the PDF and write the
workbook for the last complete month; the target is the PDF (gathering + drawing) under 5 s.
Exits 1 when the target is missed.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from maternity_desk.core import board as b  # noqa: E402
from maternity_desk.core.periods import month_range, shift_month  # noqa: E402
from maternity_desk.demo import build_demo  # noqa: E402
from maternity_desk.exchange import board_report as br  # noqa: E402

TODAY = date(2026, 10, 15)
MONTH = "2026-09"
YEARS = 10
TARGET_S = 5.0


def grow(store, rng: random.Random) -> None:
    from maternity_desk.store import board as sb
    from maternity_desk.store import dashboard as dash

    months = month_range(shift_month(MONTH, -(12 * YEARS - 1)), MONTH)
    catalogue = sb.measures(store)
    values = []
    for m in months:
        for meas in catalogue:
            v = {"hours": 20000 + rng.randint(-500, 500), "wte": round(rng.uniform(0, 220), 1),
                 "percent": round(rng.uniform(85, 100), 1), "count": rng.randint(0, 12)}[meas.kind]
            values.append((m, meas.code, v))
    sb.set_values(store, values, action="bench")
    counts = [(m, c, h, rng.randint(1, 6)) for m in months for c in sb.categories(store)
              for h, _l in b.HARMS if rng.random() < 0.6]
    sb.set_incidents(store, counts, action="bench")
    for i in range(200):
        received = TODAY - timedelta(days=rng.randrange(0, 3650))
        sb.save_external(store, b.make_external(
            rng.choice([k for k, _l in b.EXTERNAL_KINDS]), received, "Bench", f"Bench item {i}",
            received + timedelta(days=60), received + timedelta(days=50) if rng.random() < 0.9 else None, "Owner"))
    dash_values = []
    for ind in dash.indicators(store):
        for m in months:
            den = rng.randint(300, 420)
            # rare events (deaths, injuries): 0 to 3 a month, as a unit of 4,500 births a year sees
            num = min(3, int(rng.expovariate(2.0))) if ind.rare_event else rng.randint(0, den // 3)
            dash_values.append((m, ind.code, num, den))
    dash.set_values(store, dash_values, action="bench")


def main() -> int:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from maternity_desk.ui.board.pack import _app, write_pack

    _app()
    folder = Path(tempfile.mkdtemp(prefix="bench-board-"))
    t = time.perf_counter()
    store = build_demo(folder / "unit.sqlite", today=TODAY)
    grow(store, random.Random(20))
    print(f"unit built and grown to {YEARS} years: {time.perf_counter() - t:.1f} s; "
          f"{store.scalar('SELECT count(*) FROM board_value'):,} figures, "
          f"{store.scalar('SELECT count(*) FROM board_incident'):,} incident counts, "
          f"{store.scalar('SELECT count(*) FROM indicator_value'):,} indicator values")
    t0 = time.perf_counter()
    report = br.build_report(store, MONTH, today=TODAY)
    t1 = time.perf_counter()
    pages = write_pack(report, folder / "board.pdf")
    t2 = time.perf_counter()
    from maternity_desk.exchange.board_workbook import write_workbook

    write_workbook(report, folder / "board.xlsx")
    t3 = time.perf_counter()
    total = t2 - t0
    print(f"gather {t1 - t0:.2f} s; PDF ({pages} pages) {t2 - t1:.2f} s; pack total {total:.2f} s "
          f"(target < {TARGET_S:.0f} s); workbook {t3 - t2:.2f} s")
    store.close()
    return 0 if total < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
