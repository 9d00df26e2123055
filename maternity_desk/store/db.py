"""Opening the unit database safely, and the :class:`Store` every area module writes through.

Promises kept here:
- foreign keys on, a busy timeout, ``synchronous=FULL`` so a committed write survives power
  loss; WAL on a local disk, rollback journal (``DELETE``) on a network path, where WAL's
  shared memory does not work;
- every write is one ``BEGIN IMMEDIATE`` transaction (:meth:`Store.transaction`) and its audit
  rows are written inside it, so they commit or roll back together;
- every connection is a :class:`~maternity_desk.store.guard.GuardedConnection`: no write of an
  NHS number reaches the file, whoever issues it (see ``store/guard.py``);
- a database written by a newer version is refused before anything touches the file.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import weakref
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from maternity_desk.core.errors import MaternityDeskError
from maternity_desk.core.identifiers import redact
from maternity_desk.core.unit import UnitSettings
from maternity_desk.store.guard import GuardedConnection

log = logging.getLogger(__name__)

APPLICATION_ID = 0x4D44534B  # "MDSK": marks a file as a Maternity Desk database
BUSY_TIMEOUT_MS = 5000
NETWORK_FS = {
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "afs", "9p", "sshfs",
    "fuse.sshfs", "davfs", "fuse.davfs2", "ncpfs", "glusterfs", "ceph", "lustre",
}  # fmt: skip


class DatabaseError(MaternityDeskError):
    """The database cannot be used; the message says why and what to do."""


class DatabaseBusy(DatabaseError):
    """Another program holds the write lock longer than the busy timeout."""


class DatabaseReadOnly(DatabaseError):
    """The file (or its folder, or its disk) cannot be written here; nothing was changed."""


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
        return DatabaseReadOnly(
            f"The database {path} is read-only here (the file, its folder or its disk cannot be "
            "written); nothing was changed. Ask for write access, or copy it somewhere you can write.")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return DatabaseError(
            f"The database {path} is damaged ({exc}). Restore it from a backup (File > Restore)."
        )
    if "unable to open" in text:
        return DatabaseError(f"The database {path} cannot be opened: check that the folder exists and you can write to it.")
    return DatabaseError(f"The database {path} reported an error: {exc}")


#: every Store not yet closed, so the rule below can be checked (see live_database_files)
_LIVE_STORES: weakref.WeakSet[Store] = weakref.WeakSet()

#: the files SQLite keeps beside a database; none of them is ever opened by plain file I/O
SIDE_FILES = ("", "-wal", "-shm", "-journal")


def live_database_files() -> set[str]:
    """The database files (and their -wal/-shm/-journal) of every Store open in this process.

    While a connection is open, only SQLite may open these files: closing any other descriptor
    on them drops the connection's POSIX locks (see :func:`read_header`). The tests watch every
    ``open`` in the process (an audit hook) against this set."""
    files = set()
    for store in list(_LIVE_STORES):
        if not store.closed:
            base = os.path.abspath(store.path)
            files.update(base + suffix for suffix in SIDE_FILES)
    return files


def is_live_database_file(path: Path | str) -> bool:
    """Whether ``path`` is (or links to) a database file, or its -wal/-shm/-journal, that a
    Store in this process has open: such a file must never be opened with plain file I/O (a
    user who picks the unit's own database as a file to import, say)."""
    live = live_database_files()
    if not live:
        return False
    target = os.path.realpath(path)
    return target in {os.path.realpath(f) for f in live}


class Store:
    """One open unit database. Pass it to the pages and functions that need it (no globals)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, network: bool):
        if not isinstance(conn, GuardedConnection):
            raise TypeError("a Store writes only through the NHS-number guard: open it with db.connect()")
        self.path = Path(path)
        self.conn = conn
        self.closed = False
        self.read_only: str | None = None  # why the file cannot be written here, when it cannot
        _LIVE_STORES.add(self)
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

    def query_tuples(self, sql: str, params: Sequence[Any] | dict = ()) -> list[tuple]:
        """As :meth:`query`, each row a plain tuple (no ``sqlite3.Row`` per row: for the large
        reads that only unpack or transpose their rows)."""
        cur = self.conn.cursor()
        cur.row_factory = None
        try:
            return cur.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise explain_sqlite_error(exc, self.path) from exc
            raise
        finally:
            cur.close()

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

    @property
    def journal_mode(self) -> str:
        """``wal`` on a local disk, ``delete`` on a network drive (see the module's promises)."""
        return str(self.scalar("PRAGMA journal_mode"))

    def change_mark(self) -> tuple[int, int]:
        """Moves on whenever the database changes: ``PRAGMA data_version`` (another connection,
        here or in another program, committed) and this connection's own row changes. What a
        window read is still current while the mark has not moved."""
        return int(self.scalar("PRAGMA data_version")), self.conn.total_changes

    def table_exists(self, name: str) -> bool:
        return bool(self.scalar("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)))

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()
        self.closed = True

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- transactions --------------------------------------------------------------------
    def _require_transaction(self) -> None:
        if not self.conn.in_transaction:
            raise RuntimeError("writes must happen inside Store.transaction()")

    def require_writable(self) -> None:
        """Refuse, before anything is done, a change to a database opened read-only."""
        if self.read_only:
            raise DatabaseReadOnly(
                f"The database {self.path} is read-only here ({self.read_only}); nothing was changed. "
                "Ask for write access, or copy it somewhere you can write.")

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
        self.require_writable()
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
        row key, and the before/after values as JSON. An NHS number left in a row by an older
        version is masked here, so cleaning it out does not copy it into the audit log."""
        import json  # here: opening the window writes nothing, and never loads it

        self._require_transaction()
        self.conn.execute(
            "INSERT INTO audit_log (at_utc, os_user, action, table_name, row_key, before_json, after_json)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                os_user(),
                action,
                table,
                None if key is None else redact(str(key)),
                None if before is None else redact(json.dumps(before, default=_json_default, sort_keys=True)),
                None if after is None else redact(json.dumps(after, default=_json_default, sort_keys=True)),
            ),
        )

    def row_dict(self, table: str, key_col: str, key: Any) -> dict | None:
        row = self.query_one(f'SELECT * FROM "{table}" WHERE "{key_col}" = ?', (key,))
        return dict(row) if row else None

    def insert(self, table: str, values: dict, *, key_col: str = "id", action: str = "insert") -> Any:
        """Insert one row and audit it; returns the row's key. (An NHS number in ``values``
        is refused by the connection's guard, like every write.)"""
        with self.transaction():
            cols = ", ".join(f'"{c}"' for c in values)
            marks = ", ".join("?" for _ in values)
            cur = self.conn.execute(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', list(values.values()))
            key = values.get(key_col, cur.lastrowid)
            self.audit(action, table, key, None, self.row_dict(table, key_col, key))
            return key

    def update(self, table: str, key_col: str, key: Any, changes: dict, *, action: str = "update") -> None:
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
    """(application_id, user_version) of the file at ``path``, read only through SQLite.

    Never with ``open()``: on Linux and macOS closing *any* descriptor on a database file drops
    every POSIX lock the process holds on it, the locks of its open SQLite connections
    included; another process then takes itself for the last user and deletes the live -wal
    and -shm files (SQLite's "How To Corrupt An SQLite Database File", section 2.2). SQLite's
    own descriptors are shared between the connections of a process, so this read is safe
    while the app has the database open.

    Read-only, so nothing changes; except that a rollback journal left by a crash (a "hot"
    journal) must be rolled back before anyone may read, which only a writable connection
    can do: SQLite's own recovery, done then as on any open."""
    try:
        return _read_header(path, "ro")
    except sqlite3.OperationalError as exc:
        first = exc
    hot_journal = Path(str(path) + "-journal").exists()
    try:
        if hot_journal and not read_only_reason(path):
            return _read_header(path, "rw")
        # A WAL database whose -wal and -shm cannot be made here (a read-only file, folder or
        # disk): with no -wal file there is nothing but the main file to read.
        if not Path(str(path) + "-wal").exists():
            return _read_header(path, "ro&immutable=1")
    except sqlite3.Error as exc:
        raise explain_sqlite_error(exc, path) from exc
    raise explain_sqlite_error(first, path) from first


def _open_uri(path: Path, query: str, timeout_ms: int = BUSY_TIMEOUT_MS) -> sqlite3.Connection:
    """A guarded connection to ``path`` opened as a URI with ``query`` (``mode=ro``...)."""
    uri = Path(os.path.abspath(path)).as_uri() + "?" + query
    return sqlite3.connect(uri, uri=True, timeout=timeout_ms / 1000, isolation_level=None,
                           check_same_thread=False, factory=GuardedConnection)


def _read_header(path: Path, mode: str) -> tuple[int, int]:
    conn = _open_uri(path, f"mode={mode}")
    try:
        return header_of(conn, path)
    finally:
        conn.close()


def header_of(conn: sqlite3.Connection, path: Path) -> tuple[int, int]:
    """(application_id, user_version) of the database open on ``conn`` (at ``path``, for the
    message): :class:`NotAMaternityDeskDatabase` for a file that is not SQLite's; a busy or
    locked file raises ``sqlite3.OperationalError`` as it is."""
    try:
        # schema_version makes SQLite read and check the header: "file is not a database"
        # for anything that is not an SQLite file.
        conn.execute("PRAGMA schema_version").fetchone()
        user_version = conn.execute("PRAGMA user_version").fetchone()[0]
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    except sqlite3.OperationalError:
        raise
    except sqlite3.DatabaseError as exc:
        text = str(exc).lower()
        if "not a database" in text or "file is encrypted" in text:
            raise NotAMaternityDeskDatabase(
                f"{path} is not a Maternity Desk database (it is not an SQLite file)."
            ) from exc
        raise explain_sqlite_error(exc, path) from exc
    return int(application_id), int(user_version)


def has_tables(path: Path) -> bool:
    """Whether the SQLite file at ``path`` holds any table, read-only."""
    try:
        conn = _open_uri(path, "mode=ro")
        try:
            return holds_tables(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise explain_sqlite_error(exc, path) from exc


def holds_tables(conn: sqlite3.Connection) -> bool:
    """Whether the database open on ``conn`` holds any table."""
    return bool(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])


def read_only_reason(path: Path) -> str | None:
    """Why the database at ``path`` cannot be written here, or None when it can: a read-only
    file, a read-only folder (no journal can be made beside it) or a read-only disk."""
    if hasattr(os, "statvfs"):
        try:
            if os.statvfs(path).f_flag & os.ST_RDONLY:
                return "its disk is read-only"
        except OSError:
            pass
    if not os.access(path, os.W_OK):
        return "the file is read-only"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return "its folder cannot be written"
    return None


def open_read_only(path: Path, why: str, version: int, latest: int, busy_timeout_ms: int) -> Store:
    """A store that reads and refuses every write in one sentence: nothing in the file, its
    journal or its folder changes (no journal mode, migration or backup)."""
    if version < latest:
        raise DatabaseReadOnly(
            f"The database {path} is read-only here ({why}) and was written by an older Maternity "
            "Desk, so it cannot be upgraded; nothing was changed. Copy it somewhere you can write.")
    try:
        conn, network = connect(path, read_only=True, busy_timeout_ms=busy_timeout_ms)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except (DatabaseError, sqlite3.Error):
        if Path(str(path) + "-wal").exists():
            raise
        # A WAL database whose -wal and -shm cannot be made here: with no -wal file, the main
        # file is the whole database, and nobody can be writing it here, so it is read as such.
        try:
            conn = _open_uri(path, "mode=ro&immutable=1", busy_timeout_ms)
            conn.row_factory = sqlite3.Row
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as exc:
            raise explain_sqlite_error(exc, path) from exc
        network = is_network_path(path)
    store = Store(path, conn, network=network)
    store.read_only = why
    log.info("opened %s read-only: %s", path, why)
    return store


def connect(path: Path, *, network: bool | None = None, read_only: bool = False,
            busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> tuple[sqlite3.Connection, bool]:
    """A raw connection with our pragmas (journal mode is set by
    :func:`maternity_desk.store.opening.open_store`)."""
    if network is None:
        network = is_network_path(path)
    try:
        if read_only:
            conn = _open_uri(path, "mode=ro", busy_timeout_ms)
        else:
            conn = sqlite3.connect(str(path), timeout=busy_timeout_ms / 1000, isolation_level=None,
                                   check_same_thread=False, factory=GuardedConnection)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    except sqlite3.Error as exc:
        raise explain_sqlite_error(exc, path) from exc
    return conn, network
