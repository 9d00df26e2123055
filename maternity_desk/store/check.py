"""``check``: integrity and foreign-key checks, schema version, last backup."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from maternity_desk.core.words import plural
from maternity_desk.store import backup, migrations
from maternity_desk.store.db import DatabaseError, open_store


@dataclass
class CheckReport:
    path: Path
    ok: bool = True
    problems: list[str] = field(default_factory=list)
    schema_version: int | None = None
    latest_version: int = migrations.LATEST
    last_backup: datetime | None = None
    size_bytes: int = 0
    seconds: float = 0.0

    def lines(self) -> list[str]:
        out = [
            f"database: {self.path}",
            f"size: {self.size_bytes:,} bytes",
            f"schema version: {self.schema_version} (this program: {self.latest_version})",
            f"last backup: {self.last_backup:%Y-%m-%d %H:%M}" if self.last_backup else "last backup: none",
        ]
        out += [f"PROBLEM: {p}" for p in self.problems]
        out.append("result: ok" if self.ok else "result: FAILED")
        return out


def run_check(path: Path | str) -> CheckReport:
    import time

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
    except DatabaseError as exc:
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
        fk = store.query("PRAGMA foreign_key_check")
        if fk:
            report.ok = False
            tables = sorted({r[0] for r in fk})
            report.problems.append(f"{plural(len(fk), 'broken link')} between tables in {', '.join(tables)}")
        if report.ok and report.schema_version >= 1:
            store.set_setting("last_check", datetime.now().strftime("%Y-%m-%d %H:%M"), audit=False)
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
