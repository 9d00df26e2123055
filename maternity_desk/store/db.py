"""Opening the unit database safely, and the :class:`Store` every area module writes through.

Promises kept here:
- foreign keys on, a busy timeout, ``synchronous=FULL`` so a committed write survives power
  loss; WAL on a local disk, rollback journal (``DELETE``) on a network path, where WAL's
  shared memory does not work;
- every write is one ``BEGIN IMMEDIATE`` transaction (:meth:`Store.transaction`) and its audit
  rows are written inside it, so they commit or roll back together;
- a database written by a newer version is refused before anything touches the file.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from maternity_desk.core.errors import MaternityDeskError
from maternity_desk.core.identifiers import refuse_patient_identifiers
from maternity_desk.core.unit import UnitSettings

log = logging.getLogger(__name__)

APPLICATION_ID = 0x4D44534B  # "MDSK": marks a file as a Maternity Desk database
BUSY_TIMEOUT_MS = 5000
SQLITE_MAGIC = b"SQLite format 3\x00"
NETWORK_FS = {
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "afs", "9p", "sshfs",
    "fuse.sshfs", "davfs", "fuse.davfs2", "ncpfs", "glusterfs", "ceph", "lustre",
}  # fmt: skip


class DatabaseError(MaternityDeskError):
    """The database cannot be used; the message says why and what to do."""


class DatabaseBusy(DatabaseError):
    """Another program holds the write lock longer than the busy timeout."""


class NewerDatabase(DatabaseError):
    """Written by a newer Maternity Desk; refused and left untouched."""


class NotAMaternityDeskDatabase(DatabaseError):
    """The file is not SQLite, or is SQLite but not ours."""


def os_user() -> str:
    """The operating system's account running the program, as the audit log records it.
    Asked of the system itself (the password database on Linux and macOS, GetUserNameW on
    Windows), never of environment variables such as USER or USERNAME, which anyone can set
    (``getpass.getuser`` reads those first)."""
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        import ctypes

        size = ctypes.c_ulong(257)
        buf = ctypes.create_unicode_buffer(size.value)
        if ctypes.windll.advapi32.GetUserNameW(buf, ctypes.byref(size)):
            return buf.value
        return "unknown"
    import pwd

    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:  # an account the password database does not list (some containers)
        return f"uid {uid}"


def is_network_path(path: Path) -> bool:
    """True for a UNC path (``\\\\server\\share``), a network-mapped Windows drive, or a
    file on a network filesystem (NFS, SMB/CIFS...) elsewhere."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    resolved = Path(os.path.abspath(path))
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        import ctypes

        root = resolved.anchor or str(resolved)[:3]
        DRIVE_REMOTE = 4
        return ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)) == DRIVE_REMOTE
    try:
        best, fstype = "", ""
        with open("/proc/mounts", encoding="utf-8") as mounts:
            for line in mounts:
                parts = line.split()
                if len(parts) < 3:
                    continue
                mnt = parts[1].replace("\\040", " ")
                if (str(resolved) == mnt or str(resolved).startswith(mnt.rstrip("/") + "/")) and len(
                    mnt
                ) > len(best):
                    best, fstype = mnt, parts[2]
        return fstype in NETWORK_FS
    except OSError:
        return False


def explain_sqlite_error(exc: sqlite3.Error, path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> DatabaseError:
    """Turn what SQLite says into a sentence a user can act on."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return DatabaseBusy(
            f"The database {path} is being written by another Maternity Desk or program and "
            f"did not become free within {busy_timeout_ms / 1000:g} seconds; nothing was "
            "saved. Try again in a moment."
        )
    if "full" in text:
        return DatabaseError(f"The disk holding {path} is full; nothing was saved. Free some space and try again.")
    if "readonly" in text or "read-only" in text:
        return DatabaseError(f"The database {path} is read-only here; nothing was saved. Check the file's permissions.")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return DatabaseError(
            f"The database {path} is damaged ({exc}). Restore it from a backup (File > Restore)."
        )
    if "unable to open" in text:
        return DatabaseError(f"The database {path} cannot be opened: check that the folder exists and you can write to it.")
    return DatabaseError(f"The database {path} reported an error: {exc}")


class Store:
    """One open unit database. Pass it to the pages and functions that need it (no globals)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, network: bool):
        self.path = Path(path)
        self.conn = conn
        self.network = network
        self._db = None
        self._savepoints = 0
        self.busy_timeout_ms = BUSY_TIMEOUT_MS

    # --- low level -----------------------------------------------------------------------
    @property
    def db(self):
        """The sqlite-utils view of the same connection (imported on first use)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    def query(self, sql: str, params: Sequence[Any] | dict = ()) -> list[sqlite3.Row]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise explain_sqlite_error(exc, self.path) from exc
            raise

    def query_one(self, sql: str, params: Sequence[Any] | dict = ()) -> sqlite3.Row | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: Sequence[Any] | dict = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    def execute(self, sql: str, params: Sequence[Any] | dict = ()) -> sqlite3.Cursor:
        self._require_transaction()
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows) -> sqlite3.Cursor:
        self._require_transaction()
        return self.conn.executemany(sql, rows)

    @property
    def schema_version(self) -> int:
        return int(self.scalar("PRAGMA user_version"))

    def table_exists(self, name: str) -> bool:
        return bool(self.scalar("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)))

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- transactions --------------------------------------------------------------------
    def _require_transaction(self) -> None:
        if not self.conn.in_transaction:
            raise RuntimeError("writes must happen inside Store.transaction()")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """All-or-nothing. The outermost call takes the write lock at once
        (``BEGIN IMMEDIATE``) so a busy database is reported before any work is done;
        nested calls are savepoints."""
        if self.conn.in_transaction:
            self._savepoints += 1
            name = f"sp{self._savepoints}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO {name}")
                    self.conn.execute(f"RELEASE {name}")
                raise
            else:
                self.conn.execute(f"RELEASE {name}")
            finally:
                self._savepoints -= 1
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise explain_sqlite_error(exc, self.path, self.busy_timeout_ms) from exc
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise explain_sqlite_error(exc, self.path) from exc

    # --- audited writes ------------------------------------------------------------------
    def audit(self, action: str, table: str, key: Any, before: Any = None, after: Any = None) -> None:
        """One audit row, in the caller's transaction: UTC time, OS user, action, table,
        row key, and the before/after values as JSON."""
        self._require_transaction()
        self.conn.execute(
            "INSERT INTO audit_log (at_utc, os_user, action, table_name, row_key, before_json, after_json)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                os_user(),
                action,
                table,
                None if key is None else str(key),
                None if before is None else json.dumps(before, default=_json_default, sort_keys=True),
                None if after is None else json.dumps(after, default=_json_default, sort_keys=True),
            ),
        )

    def row_dict(self, table: str, key_col: str, key: Any) -> dict | None:
        row = self.query_one(f'SELECT * FROM "{table}" WHERE "{key_col}" = ?', (key,))
        return dict(row) if row else None

    @staticmethod
    def _refuse_identifiers(values: dict) -> None:
        """No patient identifiers anywhere: every text a user saves is checked for an NHS
        number here, whatever the area, so no free-text field can be missed."""
        for column, value in values.items():
            if isinstance(value, str):
                refuse_patient_identifiers(value, column.replace("_", " ").capitalize())

    def insert(self, table: str, values: dict, *, key_col: str = "id", action: str = "insert") -> Any:
        """Insert one row and audit it; returns the row's key."""
        self._refuse_identifiers(values)
        with self.transaction():
            cols = ", ".join(f'"{c}"' for c in values)
            marks = ", ".join("?" for _ in values)
            cur = self.conn.execute(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', list(values.values()))
            key = values.get(key_col, cur.lastrowid)
            self.audit(action, table, key, None, self.row_dict(table, key_col, key))
            return key

    def update(self, table: str, key_col: str, key: Any, changes: dict, *, action: str = "update") -> None:
        self._refuse_identifiers(changes)
        with self.transaction():
            before = self.row_dict(table, key_col, key)
            if before is None:
                raise DatabaseError(f"{table} {key} no longer exists; it may have been deleted elsewhere.")
            sets = ", ".join(f'"{c}" = ?' for c in changes)
            self.conn.execute(f'UPDATE "{table}" SET {sets} WHERE "{key_col}" = ?', [*changes.values(), key])
            after = self.row_dict(table, key_col, key)
            if after != before:
                self.audit(action, table, key, before, after)

    def delete(self, table: str, key_col: str, key: Any, *, action: str = "delete") -> None:
        with self.transaction():
            before = self.row_dict(table, key_col, key)
            if before is None:
                return
            self.conn.execute(f'DELETE FROM "{table}" WHERE "{key_col}" = ?', (key,))
            self.audit(action, table, key, before, None)

    # --- settings (facts about the unit travel with the file) ---------------------------
    def get_setting(self, key: str, default: str | None = None) -> str | None:
        row = self.query_one("SELECT value FROM settings WHERE key = ?", (key,))
        return default if row is None else row[0]

    def set_setting(self, key: str, value: str | None, *, audit: bool = True) -> None:
        self._refuse_identifiers({key.rsplit(".", 1)[-1]: value})
        with self.transaction():
            before = self.get_setting(key)
            if before == value:
                return
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
            if audit:
                self.audit("set", "settings", key, {"value": before}, {"value": value})

    def unit_settings(self) -> UnitSettings:
        rows = {r[0]: r[1] for r in self.query("SELECT key, value FROM settings WHERE key LIKE 'unit.%'")}
        return UnitSettings(
            unit_name=rows.get("unit.name") or "",
            trust=rows.get("unit.trust") or "",
            ods_code=rows.get("unit.ods_code") or "",
            lms=rows.get("unit.lms") or "",
            region=rows.get("unit.region") or "",
        )

    def save_unit_settings(self, settings: UnitSettings) -> UnitSettings:
        clean = settings.validated()
        with self.transaction():
            for field in ("name", "trust", "ods_code", "lms", "region"):
                attr = "unit_name" if field == "name" else field
                self.set_setting(f"unit.{field}", getattr(clean, attr))
        return clean


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(f"cannot record {type(value).__name__} in the audit log")


def read_header(path: Path) -> tuple[int, int]:
    """(application_id, user_version) of the file at ``path``, read without changing it:
    the magic bytes from the file itself, the numbers through SQLite (a WAL database keeps
    its latest header in the -wal file)."""
    with open(path, "rb") as f:
        head = f.read(100)
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise NotAMaternityDeskDatabase(f"{path} is not a Maternity Desk database (it is not an SQLite file).")
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            user_version = conn.execute("PRAGMA user_version").fetchone()[0]
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise explain_sqlite_error(exc, path) from exc
    return int(application_id), int(user_version)


def connect(path: Path, *, network: bool | None = None, read_only: bool = False,
            busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> tuple[sqlite3.Connection, bool]:
    """A raw connection with our pragmas (journal mode is set by :func:`open_store`)."""
    if network is None:
        network = is_network_path(path)
    try:
        if read_only:
            uri = Path(os.path.abspath(path)).as_uri() + "?mode=ro"
            conn = sqlite3.connect(uri, uri=True, timeout=busy_timeout_ms / 1000, isolation_level=None, check_same_thread=False)
        else:
            conn = sqlite3.connect(str(path), timeout=busy_timeout_ms / 1000, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    except sqlite3.Error as exc:
        raise explain_sqlite_error(exc, path) from exc
    return conn, network


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
    from maternity_desk.store import backup, migrations

    path = Path(path)
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file: give the file's name (e.g. {path / 'unit.sqlite'}).")
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise DatabaseError(f"There is no database at {path}.")
    if exists:
        app_id, version = read_header(path)
        if app_id not in (0, APPLICATION_ID):
            raise NotAMaternityDeskDatabase(f"{path} is an SQLite file of another program, not a Maternity Desk database.")
        if version > migrations.LATEST:
            raise NewerDatabase(
                f"{path} was written by a newer Maternity Desk (schema {version}; this version "
                f"reads up to {migrations.LATEST}). Install the newer version; the file was not changed."
            )
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    conn, network = connect(path, busy_timeout_ms=busy_timeout_ms)
    store = Store(path, conn, network=network)
    store.busy_timeout_ms = busy_timeout_ms
    try:
        if exists and app_id == 0 and store.scalar("SELECT count(*) FROM sqlite_master") > 0:
            # before the journal mode is set: another program's file is left exactly as it was
            raise NotAMaternityDeskDatabase(f"{path} is an SQLite file of another program, not a Maternity Desk database.")
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
            backup.daily_backup_if_due(store, now=now)
    except sqlite3.Error as exc:
        store.close()
        raise explain_sqlite_error(exc, path) from exc
    except BaseException:
        store.close()
        raise
    return store


def open_read_only(path: Path | str) -> Store:
    """Open an existing, up-to-date database for reading only, changing nothing on disk: for
    the commands that only read, where the folder cannot be written (a read-only share) and
    :func:`open_store` cannot create its journal files. A WAL database with no ``-wal`` file
    beside it is opened as immutable (the folder being read-only, no one can be writing it);
    any write through the returned store is refused as read-only."""
    from maternity_desk.store import migrations

    path = Path(path)
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file.")
    wal = Path(str(path) + "-wal")
    base = Path(os.path.abspath(path)).as_uri()
    attempts = [base + "?mode=ro"]
    if not wal.exists() or wal.stat().st_size == 0:
        attempts.append(base + "?mode=ro&immutable=1")
    last: sqlite3.Error | None = None
    for uri in attempts:
        conn = None
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                   check_same_thread=False)
            conn.row_factory = sqlite3.Row
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as exc:
            last = exc
            if conn is not None:
                conn.close()
            continue
        if app_id != APPLICATION_ID:
            conn.close()
            raise NotAMaternityDeskDatabase(f"{path} is not a Maternity Desk database.")
        if version != migrations.LATEST:
            conn.close()
            raise DatabaseError(f"{path} needs upgrading (schema {version}; this program: {migrations.LATEST}), "
                                "which cannot be done where the file cannot be written.")
        return Store(path, conn, network=is_network_path(path))
    raise explain_sqlite_error(last or sqlite3.OperationalError("unable to open database file"), path)


def cannot_write_here(exc: DatabaseError) -> bool:
    """True for the errors :func:`open_store` gives where the file or its folder cannot be
    written (read-only, or no room): a read-only open may still work."""
    text = str(exc)
    return any(words in text for words in ("read-only here", "cannot be opened", "is full", "disk I/O error"))
