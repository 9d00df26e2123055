"""Backups with the SQLite backup API, rotated in ``backups/`` beside the database, and
restore that validates before it replaces anything.

Automatic backups are taken on the first open each day and before every migration, import
or restore. Rotation keeps every backup from the last 7 days that have backups, and beyond
those the newest backup of each of the 8 most recent ISO weeks.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from maternity_desk.core.patterns import LazyPattern
from maternity_desk.core.words import plural
from maternity_desk.store import migrations
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
from maternity_desk.store.guard import CopyTarget, GuardedConnection

log = logging.getLogger(__name__)

KEEP_DAYS = 7
KEEP_WEEKS = 8
_NAME = LazyPattern(r"^(?P<stem>.+)-(?P<ts>\d{8}-\d{6})-(?P<reason>[a-z0-9-]+)\.sqlite$")


# a NamedTuple, not a frozen dataclass, as the window's start defines it (see core.errors.Problem)
class BackupFile(NamedTuple):
    path: Path
    taken: datetime
    reason: str


def backup_dir(store_or_path: Store | Path) -> Path:
    path = store_or_path.path if isinstance(store_or_path, Store) else Path(store_or_path)
    return path.parent / "backups"


def backup_to(store: Store, dest: Path, *, claim: bool = False) -> Path:
    """A consistent copy of the live database at ``dest`` (written to a temporary name and
    renamed, so a half-written backup never looks like a good one). With ``claim``, an
    existing ``dest`` is never replaced: FileExistsError is raised instead."""
    dest = Path(dest)
    import secrets  # here, not at the top: the window's start does not load hashing

    tmp = dest.with_name(f"{dest.name}.{os.getpid()}-{secrets.token_hex(4)}.part")  # one per writer
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(str(tmp), factory=CopyTarget)  # guarded; synchronous=FULL by default
        try:
            store.conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        if claim:
            _claim(tmp, dest)
        else:
            os.replace(tmp, dest)
        sync_folder(dest.parent)
    except sqlite3.Error as exc:
        _discard(tmp)
        raise explain_sqlite_error(exc, dest) from exc
    except FileExistsError:
        tmp.unlink(missing_ok=True)
        raise
    except OSError as exc:
        _discard(tmp)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DatabaseError(f"The disk holding {dest.parent} is full; the backup was not saved.") from exc
        raise DatabaseError(f"Could not write the backup {dest}: {exc.strerror or exc}.") from exc
    return dest


def _discard(tmp: Path) -> None:
    """Remove a failed backup's temporary file and its journal; never the live database's."""
    for suffix in ("", "-journal"):
        with contextlib.suppress(OSError):
            Path(str(tmp) + suffix).unlink(missing_ok=True)


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows needs no folder handle for it). Also
    used by every export (exchange/atomic.py)."""
    if os.name == "nt":  # pragma: no cover
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:  # some network filesystems refuse fsync on a folder
        pass
    finally:
        os.close(fd)


def _claim(tmp: Path, dest: Path) -> None:
    """Give ``tmp`` the name ``dest`` unless that name exists (FileExistsError): a hard link
    fails rather than overwrite, so two desks never write one backup name. Where the folder
    cannot hold hard links (some network shares), a rename after a check is the fallback."""
    try:
        os.link(tmp, dest)
    except FileExistsError:
        raise
    except OSError:
        if dest.exists():
            raise FileExistsError(dest) from None
        os.replace(tmp, dest)
        return
    tmp.unlink()


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
    store.require_writable()  # a backup before a change that cannot be made is not taken
    now = now or datetime.now()
    folder = backup_dir(store)
    stamp = f"{store.path.stem}-{now:%Y%m%d-%H%M%S}-{reason}"
    for n in range(1, 1000):  # two desks backing up in the same second each get their own name
        dest = folder / (f"{stamp}.sqlite" if n == 1 else f"{stamp}-{n}.sqlite")
        if dest.exists():
            continue
        try:
            backup_to(store, dest, claim=True)
            break
        except FileExistsError:
            continue
    else:
        raise DatabaseError(f"Could not find a free name for a backup in {folder}.")
    prune(store)
    log.info("backup %s", dest)
    return dest


def daily_backup_if_due(store: Store, *, now: datetime | None = None) -> Path | None:
    """The first open of the day takes a backup. On a full disk or a read-only folder it is
    skipped with a warning (in the log), so the commands that only read still work there."""
    now = now or datetime.now()
    latest = last_backup(store)
    if latest is not None and latest.taken.date() == now.date():
        return None
    try:
        return auto_backup(store, "daily", now=now)
    except (DatabaseError, OSError) as exc:
        log.warning("daily backup of %s skipped: %s", store.path, exc)
        return None


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


def _candidate_problems(conn: sqlite3.Connection) -> list[str]:
    from maternity_desk.store import migrations, schema

    problems = schema.schema_problems(conn, migrations.LATEST)
    result = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    if result != ["ok"]:
        problems.append("it fails the integrity check (" + "; ".join(result[:3]) + ")")
    fk = conn.execute("PRAGMA foreign_key_check").fetchall()
    if fk:
        problems.append(f"it has {len(fk)} broken link(s) between tables")
    return problems


def restore(store: Store, source: Path, *, now: datetime | None = None) -> Path:
    """Replace the open database's contents with ``source`` after validating it; the
    replaced database is kept as a backup first. Returns that backup's path.

    The candidate is validated as a copy, never in place: copied beside the backups, upgraded
    there to this program's schema, then compared with the schema this program expects
    (tables, columns, indexes, and no trigger or view it did not create) and checked
    (integrity, links between tables). Only a copy that passes all of it is copied into the
    live database, with an audit row saying so; anything else is refused, naming what is
    wrong, and the live database is not touched."""
    from maternity_desk.store import migrations

    source = Path(source)
    validate_backup_file(source)
    folder = backup_dir(store)
    folder.mkdir(parents=True, exist_ok=True)
    candidate = folder / f".restore-candidate-{os.getpid()}-{datetime.now():%H%M%S%f}.sqlite.part"
    conn = None
    try:
        try:
            conn = sqlite3.connect(str(candidate), isolation_level=None, check_same_thread=False,
                                   factory=GuardedConnection)  # the copy coming in is scanned
            conn.row_factory = sqlite3.Row
            src, _ = connect(source, read_only=True, network=False)
            try:
                src.backup(conn)
            finally:
                src.close()
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as exc:
            raise DatabaseError(f"{source} could not be copied for checking ({exc}); it was not restored "
                                "and the live database was not changed.") from exc
        except OSError as exc:
            raise DatabaseError(f"{source} could not be copied for checking ({exc.strerror or exc}); it was "
                                "not restored and the live database was not changed.") from exc
        copy = Store(candidate, conn, network=False)
        version = copy.schema_version
        try:
            migrations.migrate(copy)
        except Exception as exc:  # any failure of the upgrade refuses the file, whatever it was
            raise DatabaseError(
                f"{source} (schema {version}) could not be upgraded to schema {migrations.LATEST} "
                f"({type(exc).__name__}: {exc}); it was not restored and the live database was not changed."
            ) from exc
        try:
            problems = _candidate_problems(conn)
        except sqlite3.DatabaseError as exc:
            problems = [f"it is damaged ({exc})"]
        if problems:
            shown = "; ".join(problems[:6]) + (f"; and {len(problems) - 6} more" if len(problems) > 6 else "")
            raise DatabaseError(f"{source} was not restored, and the live database was not changed: {shown}.")
        kept = auto_backup(store, "pre-restore", now=now)
        try:
            conn.backup(store.conn)
        except sqlite3.Error as exc:
            raise explain_sqlite_error(exc, store.path) from exc
        with store.transaction():
            store.audit("restore", "database", source.name, {"kept_as": str(kept)},
                        {"restored_from": str(source), "schema_version_of_file": version,
                         "schema_version": store.schema_version})
        return kept
    finally:
        if conn is not None:
            conn.close()
        candidate.unlink(missing_ok=True)
        Path(str(candidate) + "-journal").unlink(missing_ok=True)
