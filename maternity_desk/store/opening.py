"""Opening the unit database: refuse a file that is not ours or is newer than this program,
create it if asked, set the journal mode, migrate it (after a backup) and take the day's
backup. Above :mod:`~maternity_desk.store.db`, :mod:`~maternity_desk.store.migrations` and
:mod:`~maternity_desk.store.backup`, which import each other in that one direction only."""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from pathlib import Path

from maternity_desk.store import backup, migrations
from maternity_desk.store.db import (
    APPLICATION_ID,
    BUSY_TIMEOUT_MS,
    DatabaseError,
    NewerDatabase,
    NotAMaternityDeskDatabase,
    Store,
    connect,
    explain_sqlite_error,
    has_tables,
    header_of,
    holds_tables,
    open_read_only,
    read_header,
    read_only_reason,
)

log = logging.getLogger(__name__)


def open_store(
    path: Path | str,
    *,
    create: bool = True,
    migrate: bool = True,
    backups: bool = True,
    now: datetime | None = None,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
) -> Store:
    """Open (and if need be create and migrate) the unit database at ``path``."""
    path = Path(path)
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file: give the file's name (e.g. {path / 'unit.sqlite'}).")
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise DatabaseError(f"There is no database at {path}.")
    if exists and (why := read_only_reason(path)):
        app_id, version = read_header(path)
        _refuse_if_not_ours(path, app_id, version, lambda: has_tables(path))
        return open_read_only(path, why, version, migrations.LATEST, busy_timeout_ms)
    if not exists:
        path.parent.mkdir(parents=True, exist_ok=True)
    conn, network = connect(path, busy_timeout_ms=busy_timeout_ms)
    if exists:
        # Read on the connection the program goes on with: the file (and its WAL index) is
        # opened once, not twice (each opening is a round trip on a network drive). Refused
        # before the journal mode is set: another program's file is left as it was.
        try:
            app_id, version = header_of(conn, path)
            _refuse_if_not_ours(path, app_id, version, lambda: holds_tables(conn))
        except sqlite3.Error as exc:
            conn.close()
            raise explain_sqlite_error(exc, path) from exc
        except BaseException:
            conn.close()
            raise
    store = Store(path, conn, network=network)
    store.busy_timeout_ms = busy_timeout_ms
    try:
        mode = "DELETE" if network else "WAL"
        got = conn.execute(f"PRAGMA journal_mode = {mode}").fetchone()[0]
        if got.upper() != mode:
            log.warning("journal_mode %s requested for %s, got %s", mode, path, got)
        conn.execute("PRAGMA synchronous = FULL")
        version = store.schema_version
        if migrate and version < migrations.LATEST:
            if backups and version > 0:
                backup.auto_backup(store, f"pre-migration-v{version}", now=now)
            migrations.migrate(store)
        if backups and store.schema_version > 0:
            try:
                backup.daily_backup_if_due(store, now=now)
            except DatabaseError as exc:  # a full disk: reading goes on; a change says why
                log.warning("the daily backup was skipped: %s", exc)
    except sqlite3.Error as exc:
        store.close()
        if exists and "full" in str(exc).lower() and version >= migrations.LATEST:
            # A full disk: what only reads still works; a change is refused saying why.
            log.warning("opening %s read-only: its disk is full", path)
            return open_read_only(path, "its disk is full", version, migrations.LATEST, busy_timeout_ms)
        raise explain_sqlite_error(exc, path) from exc
    except BaseException:
        store.close()
        raise
    return store


def _refuse_if_not_ours(path: Path, app_id: int, version: int, has_tables) -> None:
    """Raise unless the file's header says it is ours (or a blank SQLite file) and not newer than
    this program; ``has_tables()`` tells a blank file from another program's unstamped one."""
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and has_tables()):
        raise NotAMaternityDeskDatabase(f"{path} is an SQLite file of another program, not a Maternity Desk database.")
    if version > migrations.LATEST:
        raise NewerDatabase(
            f"{path} was written by a newer Maternity Desk (schema {version}; this version "
            f"reads up to {migrations.LATEST}). Install the newer version; the file was not changed."
        )
