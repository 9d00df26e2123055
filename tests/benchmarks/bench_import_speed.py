"""Import speed: 300,000 attendance rows through the real pipeline against a plain script.

    .venv/bin/python tests/benchmarks/bench_import_speed.py [--runs 3] [--rows 300000]

One import file holds at most ``limits.MAX_ROWS`` (100,000) data rows, so the rows are
imported as three files of 100,000, one after another, into a unit of 1,000 staff:

- **real**: ``maternity-desk import attendance FILE --db D`` (plan_file + commit, as the CLI
  and the wizard use them: the file read and decoded, columns mapped, every row validated,
  staff numbers matched against the register, NHS numbers looked for, a backup, and the rows
  written with their audit in one all-or-nothing transaction);
- **plain**: a script that csv-parses the same file and ``executemany``-inserts the same rows
  into the same table of the same kind of database, in one transaction per file.

Both are measured whole-process (a new Python process per file, as a user runs the command;
the three files' times summed) and in-process (the three files in one process, module
imports excluded). Each figure is the median of ``--runs`` runs, real and plain alternating;
the ratio is of the medians of the same run. Every run starts from a new database holding
only the staff register (its daily backup taken when it was made, as on the day's first open).

Target (issue 17): real / plain <= 1.5.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from maternity_desk.exchange import limits  # noqa: E402
from maternity_desk.exchange.importing import commit, plan_file  # noqa: E402
from maternity_desk.store import open_store  # noqa: E402
from tests.benchmarks.bench_training import write_files  # noqa: E402

TARGET = 1.5

# The plain script: csv parse and executemany, one transaction per file; nothing else.
PLAIN = """
import csv, sqlite3, sys

def load(path, db):
    conn = sqlite3.connect(db, isolation_level=None, factory=sqlite3.Connection)
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        rows = [(n, c, d, s.lower()) for n, c, d, s in reader]
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO attendance (staff_number, course_code, date, status) VALUES (?, ?, ?, ?)", rows)
    conn.execute("COMMIT")
    conn.close()
    return len(rows)

if __name__ == "__main__":
    load(sys.argv[1], sys.argv[2])
"""

REAL_CMD = "from maternity_desk.cli import main; raise SystemExit(main())"


def split(attendance: Path, folder: Path, size: int) -> list[Path]:
    """The attendance file as files of at most ``size`` data rows, each with the header."""
    lines = attendance.read_text(encoding="utf-8").splitlines(keepends=True)
    header, body = lines[0], lines[1:]
    parts = []
    for i in range(0, len(body), size):
        part = folder / f"attendance-{i // size + 1}.csv"
        part.write_text(header + "".join(body[i:i + size]), encoding="utf-8")
        parts.append(part)
    return parts


def new_unit(folder: Path, staff_csv: Path, name: str) -> Path:
    """A new database holding the staff register only (its daily backup taken now)."""
    unit = folder / name
    if unit.exists():
        shutil.rmtree(unit)
    unit.mkdir()
    db = unit / "unit.sqlite"
    store = open_store(db)
    commit(store, plan_file(store, "staff", staff_csv), backup=False)
    store.close()
    return db


def count(db: Path) -> tuple[int, int]:
    store = open_store(db, backups=False)
    try:
        return (store.scalar("SELECT count(*) FROM attendance"),
                store.scalar("SELECT count(*) FROM attendance WHERE status = 'attended'"))
    finally:
        store.close()


def real_command(part: Path, db: Path) -> list[str]:
    return [sys.executable, "-c", REAL_CMD, "import", "attendance", str(part), "--db", str(db)]


def plain_command(part: Path, db: Path) -> list[str]:
    return [sys.executable, "-c", PLAIN, str(part), str(db)]


def whole_process(command, parts: list[Path], db: Path) -> float:
    """Seconds for a new process per file, the files one after another."""
    took = 0.0
    for part in parts:
        t0 = time.perf_counter()
        done = subprocess.run(command(part, db), capture_output=True, text=True)
        took += time.perf_counter() - t0
        if done.returncode != 0:
            raise SystemExit(f"{part.name} failed: {done.stderr.strip()}")
    return took


def real_in_process(parts: list[Path], db: Path) -> float:
    took = 0.0
    for part in parts:
        t0 = time.perf_counter()
        store = open_store(db)
        try:
            commit(store, plan_file(store, "attendance", part))
        finally:
            store.close()
        took += time.perf_counter() - t0
    return took


def plain_in_process(parts: list[Path], db: Path) -> float:
    namespace: dict = {}
    exec(compile(PLAIN, "plain", "exec"), namespace)
    took = 0.0
    for part in parts:
        t0 = time.perf_counter()
        namespace["load"](str(part), str(db))
        took += time.perf_counter() - t0
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--staff", type=int, default=1000)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        staff_csv, attendance = write_files(folder, random.Random(2016), staff=opts.staff, records=opts.rows)
        parts = split(attendance, folder, limits.MAX_ROWS)
        print(f"{opts.rows:,} attendance rows as {len(parts)} files of up to {limits.MAX_ROWS:,}; "
              f"{opts.staff:,} staff; {opts.runs} runs, medians")
        figures: dict[str, list[float]] = {k: [] for k in ("real", "plain", "real in", "plain in")}
        for run in range(opts.runs):
            db = new_unit(folder, staff_csv, "real")
            figures["real"].append(whole_process(real_command, parts, db))
            real_rows = count(db)
            db = new_unit(folder, staff_csv, "plain")
            figures["plain"].append(whole_process(plain_command, parts, db))
            plain_rows = count(db)
            if real_rows != plain_rows:
                raise SystemExit(f"the two imports wrote different rows: {real_rows} against {plain_rows}")
            db = new_unit(folder, staff_csv, "real")
            figures["real in"].append(real_in_process(parts, db))
            db = new_unit(folder, staff_csv, "plain")
            figures["plain in"].append(plain_in_process(parts, db))
            print(f"  run {run + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in figures.items()))
        med = {k: statistics.median(v) for k, v in figures.items()}
        print(f"rows written: {real_rows[0]:,} ({real_rows[1]:,} attended), the same by both")
        print(f"whole-process: real {med['real']:.2f} s, plain {med['plain']:.2f} s, "
              f"ratio {med['real'] / med['plain']:.2f}x (target <= {TARGET}x)")
        print(f"in-process:    real {med['real in']:.2f} s, plain {med['plain in']:.2f} s, "
              f"ratio {med['real in'] / med['plain in']:.2f}x (target <= {TARGET}x)")


if __name__ == "__main__":
    main()
