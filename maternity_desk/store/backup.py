"""Backups with the SQLite backup API, rotated in ``backups/`` beside the database, and
restore that validates before it replaces anything.

Automatic backups are taken on the first open each day and before every migration, import
or restore. Rotation keeps every backup from the last 7 days that have backups, and beyond
those the newest backup of each of the 8 most recent ISO weeks.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from maternity_desk.core.words import plural
from maternity_desk.store.db import (
    APPLICATION_ID,
    DatabaseError,
    NewerDatabase,
    NotAMaternityDeskDatabase,
    Store,
    connect,
    explain_sqlite_error,
    read_header,
)

log = logging.getLogger(__name__)

KEEP_DAYS = 7
KEEP_WEEKS = 8
_NAME = re.compile(r"^(?P<stem>.+)-(?P<ts>\d{8}-\d{6})-(?P<reason>[a-z0-9-]+)\.sqlite$")


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken: datetime
    reason: str


def backup_dir(store_or_path: Store | Path) -> Path:
    path = store_or_path.path if isinstance(store_or_path, Store) else Path(store_or_path)
    return path.parent / "backups"


def backup_to(store: Store, dest: Path) -> Path:
    """A consistent copy of the live database at ``dest`` (written to a temporary name and
    renamed, so a half-written backup never looks like a good one)."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    try:
        target = sqlite3.connect(str(tmp))
        try:
            store.conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        os.replace(tmp, dest)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise explain_sqlite_error(exc, dest) from exc
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DatabaseError(f"Could not write the backup {dest}: {exc.strerror or exc}.") from exc
    return dest


def list_backups(store_or_path: Store | Path) -> list[BackupFile]:
    folder = backup_dir(store_or_path)
    stem = (store_or_path.path if isinstance(store_or_path, Store) else Path(store_or_path)).stem
    found = []
    if folder.is_dir():
        for p in folder.iterdir():
            m = _NAME.match(p.name)
            if m and m["stem"] == stem:
                ts = m["ts"]  # YYYYmmdd-HHMMSS, parsed by hand: strptime costs start-up time
                taken = datetime(int(ts[:4]), int(ts[4:6]), int(ts[6:8]), int(ts[9:11]), int(ts[11:13]), int(ts[13:15]))
                found.append(BackupFile(p, taken, m["reason"]))
    return sorted(found, key=lambda b: (b.taken, b.path.name), reverse=True)


def last_backup(store_or_path: Store | Path) -> BackupFile | None:
    backups = list_backups(store_or_path)
    return backups[0] if backups else None


def auto_backup(store: Store, reason: str, *, now: datetime | None = None) -> Path:
    now = now or datetime.now()
    name = f"{store.path.stem}-{now:%Y%m%d-%H%M%S}-{reason}.sqlite"
    dest = backup_dir(store) / name
    n = 1
    while dest.exists():
        n += 1
        dest = dest.with_name(f"{store.path.stem}-{now:%Y%m%d-%H%M%S}-{reason}-{n}.sqlite")
    backup_to(store, dest)
    prune(store)
    log.info("backup %s", dest)
    return dest


def daily_backup_if_due(store: Store, *, now: datetime | None = None) -> Path | None:
    now = now or datetime.now()
    latest = last_backup(store)
    if latest is not None and latest.taken.date() == now.date():
        return None
    return auto_backup(store, "daily", now=now)


def to_keep(backups: list[BackupFile]) -> set[Path]:
    """The rotation rule, as a pure function over the backups present."""
    keep: set[Path] = set()
    days = sorted({b.taken.date() for b in backups}, reverse=True)[:KEEP_DAYS]
    for b in backups:
        if b.taken.date() in days:
            keep.add(b.path)
    weeks_seen: list[tuple[int, int]] = []
    for b in sorted(backups, key=lambda b: b.taken, reverse=True):
        week = tuple(b.taken.isocalendar())[:2]
        if week not in weeks_seen:
            weeks_seen.append(week)
            if len(weeks_seen) <= KEEP_WEEKS:
                keep.add(b.path)
    return keep


def prune(store_or_path: Store | Path) -> list[Path]:
    backups = list_backups(store_or_path)
    keep = to_keep(backups)
    removed = []
    for b in backups:
        if b.path not in keep:
            try:
                b.path.unlink()
                removed.append(b.path)
            except OSError:  # antivirus or another desk holding it: try next time
                log.warning("could not remove old backup %s", b.path)
    return removed


def validate_backup_file(path: Path) -> int:
    """Refuse anything that is not a Maternity Desk database of a version we can read and
    that passes the integrity check. Returns its schema version."""
    from maternity_desk.store import migrations

    path = Path(path)
    if not path.is_file():
        raise DatabaseError(f"{path} does not exist.")
    app_id, version = read_header(path)
    if app_id != APPLICATION_ID or version < 1:
        raise NotAMaternityDeskDatabase(f"{path} is not a Maternity Desk database.")
    if version > migrations.LATEST:
        raise NewerDatabase(
            f"{path} was written by a newer Maternity Desk (schema {version}; this version reads up to {migrations.LATEST})."
        )
    conn, _ = connect(path, read_only=True, network=False)
    try:
        result = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        if result != ["ok"]:
            raise DatabaseError(f"{path} fails the integrity check ({'; '.join(result[:3])}); it was not restored.")
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            raise DatabaseError(f"{path} has {plural(len(fk), 'broken link')} between tables; it was not restored.")
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path} is damaged ({exc}); it was not restored.") from exc
    finally:
        conn.close()
    return version


def restore(store: Store, source: Path, *, now: datetime | None = None) -> Path:
    """Replace the open database's contents with ``source`` after validating it; the
    replaced database is kept as a backup first. Returns that backup's path."""
    from maternity_desk.store import migrations

    validate_backup_file(source)
    kept = auto_backup(store, "pre-restore", now=now)
    src, _ = connect(Path(source), read_only=True, network=False)
    try:
        src.backup(store.conn)
    except sqlite3.Error as exc:
        raise explain_sqlite_error(exc, store.path) from exc
    finally:
        src.close()
    if store.schema_version < migrations.LATEST:
        migrations.migrate(store)
    return kept
