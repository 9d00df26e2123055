"""``check``: integrity and foreign-key checks, the schema compared with the one this program
expects (tables, columns, indexes, foreign triggers and views, each named), NHS numbers left by
older versions, schema version, last backup."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from maternity_desk.core.words import plural
from maternity_desk.store import backup, guard, migrations, schema
from maternity_desk.store.db import DatabaseError
from maternity_desk.store.opening import open_store


@dataclass
class CheckReport:
    path: Path
    ok: bool = True
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    schema_version: int | None = None
    latest_version: int = migrations.LATEST
    last_backup: datetime | None = None
    size_bytes: int = 0
    seconds: float = 0.0
    nhs_numbers: list[guard.Found] = field(default_factory=list)  # where, the number masked

    def lines(self) -> list[str]:
        out = [
            f"database: {self.path}",
            f"size: {self.size_bytes:,} bytes",
            f"schema version: {self.schema_version} (this program: {self.latest_version})",
            f"last backup: {self.last_backup:%Y-%m-%d %H:%M}" if self.last_backup else "last backup: none",
        ]
        out += [f"note: {n}" for n in self.notes]
        out += [f"PROBLEM: {p}" for p in self.problems]
        out.append("result: ok" if self.ok else "result: FAILED")
        return out


#: NHS numbers listed one by one in the report; past this, a count
LIST_IDENTIFIERS = 50


def _check_identifiers(store, report: CheckReport) -> None:
    """Text written by an older version that holds an NHS number: table, row and column of
    each (the number masked), so the unit can find and clean it; the check fails."""
    found = guard.scan(store.conn)
    report.nhs_numbers = found
    if not found:
        return
    report.ok = False
    for hit in found[:LIST_IDENTIFIERS]:
        report.problems.append(f"{hit}: patient identifiers must never be stored; edit it out")
    if len(found) > LIST_IDENTIFIERS:
        report.problems.append(f"... and {len(found) - LIST_IDENTIFIERS} more NHS number(s)")


def run_check(path: Path | str) -> CheckReport:
    start = time.perf_counter()
    path = Path(path)
    report = CheckReport(path=path)
    if not path.exists():
        report.ok = False
        report.problems.append(f"there is no database at {path}")
        return report
    report.size_bytes = path.stat().st_size
    lb = backup.last_backup(path)
    report.last_backup = lb.taken if lb else None
    try:
        store = open_store(path, create=False, migrate=False, backups=False)
    except DatabaseError as exc:  # a read-only file or folder opens read-only (store.opening)
        report.ok = False
        report.problems.append(str(exc))
        return report
    try:
        report.schema_version = store.schema_version
        if report.schema_version < migrations.LATEST:
            report.problems.append(
                f"schema {report.schema_version} is older than {migrations.LATEST}; opening it in the app will upgrade it"
            )
        rows = [r[0] for r in store.query("PRAGMA integrity_check")]
        if rows != ["ok"]:
            report.ok = False
            report.problems.append("integrity check failed: " + "; ".join(rows[:5]))
        have = schema.read_schema(store.conn)
        want = schema.expected_schema(min(report.schema_version, migrations.LATEST))
        differs = schema.differences(have, want, extra_tables_too=False)
        extra = schema.extra_tables(have, want)
        if differs:
            report.ok = False
            shown = "; ".join(differs[:8]) + (f"; and {len(differs) - 8} more" if len(differs) > 8 else "")
            report.problems.append(f"the schema differs from the one this program expects: {shown}")
        if extra:  # reported, not failed: the program neither reads nor writes them
            report.problems.append(f"table(s) this program did not create: {', '.join(extra)} "
                                   "(left as they are; a restore refuses a file holding them)")
        fk = store.query("PRAGMA foreign_key_check")
        if fk:
            report.ok = False
            tables = sorted({r[0] for r in fk})
            report.problems.append(f"{plural(len(fk), 'broken link')} between tables in {', '.join(tables)}")
        _check_identifiers(store, report)
        if store.read_only:
            report.notes.append(f"read-only here ({store.read_only}): checked without changing anything")
        elif report.ok and report.schema_version >= 1:
            try:
                store.set_setting("last_check", datetime.now().strftime("%Y-%m-%d %H:%M"), audit=False)
            except (DatabaseError, sqlite3.Error) as exc:  # a full disk: the check itself stands
                report.problems.append(f"the time of this check was not recorded ({exc})")
    except sqlite3.DatabaseError as exc:
        report.ok = False
        report.problems.append(f"the file is damaged: {exc}")
    except DatabaseError as exc:
        report.ok = False
        report.problems.append(str(exc))
    finally:
        store.close()
    report.seconds = time.perf_counter() - start
    return report
