"""The NHS-number guard's cost: the file check over a large import's cells, the store guard on
a bulk write (against the same write on an unguarded connection), and ``check``'s scan of a
database's text.

Run: ``.venv/bin/python tests/benchmarks/bench_identifiers.py``
"""

from __future__ import annotations

import os
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from maternity_desk.exchange.identifiers import identifier_problems  # noqa: E402
from maternity_desk.exchange.tabular import Table  # noqa: E402
from maternity_desk.store import guard  # noqa: E402

ROWS = 200_000


def cells(rng: random.Random, i: int) -> list:
    return ["2024-03-01", "2024-03-31", "DeliveryMethodBabyGroup", "Provider", f"R{rng.randrange(100):02d}X",
            f"TRUST NUMBER {i % 150} NHS FOUNDATION TRUST", "Spontaneous", "Deliveries", str(rng.randrange(10_000))]


def timed(label: str, fn) -> float:
    t0 = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - t0
    print(f"{label}: {elapsed:.2f} s")
    return elapsed


def main() -> None:
    rng = random.Random(23)
    rows = [(i + 2, cells(rng, i)) for i in range(ROWS)]
    table = Table("bench.csv", [f"c{i}" for i in range(9)], rows)
    n = timed(f"file check of {ROWS:,} rows x 9 cells (a national file: values repeat)",
              lambda: identifier_problems(table))
    print(f"    {ROWS * 9 / n / 1e6:.1f} million cells a second")
    distinct = Table("notes.csv", ["note"], [(i + 2, [f"PO {10_000_000 + i} of 2024-03-12, ref R{i:06d}"])
                                            for i in range(ROWS)])
    n = timed(f"file check of {ROWS:,} distinct notes with digits (the worst case)",
              lambda: identifier_problems(distinct))
    print(f"    {n / ROWS * 1e6:.1f} us a note")

    folder = Path(tempfile.mkdtemp(prefix="bench-identifiers-"))
    sql = "INSERT INTO t (a, b, c, d, e, f, g, h, i) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    data = [r for _n, r in rows]

    def write(factory) -> float:
        path = folder / f"{factory.__name__}.sqlite"
        conn = sqlite3.connect(path, isolation_level=None, factory=factory)
        conn.execute("CREATE TABLE t (a, b, c, d, e, f, g, h, i)")
        t0 = time.perf_counter()
        conn.execute("BEGIN")
        conn.executemany(sql, data)
        conn.execute("COMMIT")
        elapsed = time.perf_counter() - t0
        conn.close()
        return elapsed

    plain = write(sqlite3.Connection)
    guarded = write(guard.GuardedConnection)
    print(f"bulk insert of {ROWS:,} rows: unguarded {plain:.2f} s, guarded {guarded:.2f} s "
          f"(guard {guarded - plain:+.2f} s, {(guarded - plain) / ROWS * 1e6:.1f} us a row)")

    conn = sqlite3.connect(folder / "GuardedConnection.sqlite", factory=guard.GuardedConnection)
    found = []
    timed(f"check's scan of {ROWS:,} rows x 9 columns", lambda: found.extend(guard.scan(conn)))
    conn.close()
    print(f"    NHS numbers found: {len(found)}")
    for p in folder.iterdir():
        os.remove(p)
    folder.rmdir()


if __name__ == "__main__":
    main()
