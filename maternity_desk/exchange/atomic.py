"""Writing an export so that it is either whole or not there: never a half-written workbook,
and never an old file destroyed by a failed new one.

Every exporter (workbooks, PDF packs, PNG charts) writes through :func:`atomic_write`: the
writer fills a temporary file in the target's own folder (same disk, so the rename is atomic),
which is flushed to disk and then renamed over the target. On any failure the temporary file is
removed and the old target is untouched; a full disk, a read-only folder or a missing permission
is said in one sentence (:class:`ExportError`) instead of a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from maternity_desk.core.errors import MaternityDeskError
from maternity_desk.store.backup import sync_folder


class ExportError(MaternityDeskError):
    """An export could not be written; nothing was saved and any old file is untouched."""


def temporary_name(path: Path) -> Path:
    """A temporary file beside ``path`` that keeps its suffix (image writers choose the format
    by it) and that no user would take for the export."""
    return path.with_name(f".{path.stem}.{secrets.token_hex(4)}.partial{path.suffix}")


def explain_os_error(exc: OSError, path: Path) -> ExportError:
    """One sentence a user can act on, for an export that failed on ``exc``."""
    folder = path.parent
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return ExportError(f"The disk holding {folder} is full; nothing was saved. Free some space "
                           "or choose another folder, and export again.")
    if code in (errno.EROFS,):
        return ExportError(f"The folder {folder} is on a read-only disk; nothing was saved. Choose "
                           "another folder.")
    if code in (errno.EACCES, errno.EPERM):
        return ExportError(f"You cannot write to {path} (no permission, or the file is open in "
                           "another program such as Excel); nothing was saved.")
    if code == errno.ENOENT:
        return ExportError(f"The folder {folder} does not exist; nothing was saved.")
    return ExportError(f"{path} could not be written ({exc.strerror or exc}); nothing was saved.")


def fsync_file(path: Path) -> None:
    """Make sure a file written by another library (openpyxl, Qt) is on the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_write(path: Path | str) -> Iterator[Path]:
    """``with atomic_write(target) as tmp: writer.save(tmp)``: the target is replaced only when
    the block finished and the file is on disk. Raises :class:`ExportError` for a full disk, a
    read-only folder and the like; anything else (a bug) goes on as it was."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise explain_os_error(exc, path) from exc
    tmp = temporary_name(path)
    try:
        yield tmp
        fsync_file(tmp)
        os.replace(tmp, path)
        sync_folder(path.parent)
    except ExportError:
        _remove(tmp)
        raise
    except OSError as exc:
        _remove(tmp)
        raise explain_os_error(exc, path) from exc
    except BaseException:
        _remove(tmp)
        raise


def require_complete(tmp: Path, ending: bytes, kind: str) -> None:
    """Some writers (Qt's PDF and image writers) do not report a failed write; a file that does
    not end as its format must is refused before it can replace anything. On a full disk that
    is said as such."""
    size = os.stat(tmp).st_size
    with open(tmp, "rb") as handle:  # an export's own temporary file, never a database
        handle.seek(max(0, size - 1024))
        tail = handle.read()
    if ending not in tail:
        import shutil

        free = shutil.disk_usage(tmp.parent).free
        code = errno.ENOSPC if free < 1024 * 1024 else errno.EIO
        raise OSError(code, f"the {kind} file was not written completely")


def save_workbook(workbook, path: Path | str) -> Path:
    """Save an openpyxl workbook atomically. It is built in memory first: openpyxl's zip writer,
    failing half-way on a full disk, would otherwise leave an open archive that complains again
    when it is collected; our own file handle fails once, cleanly."""
    import io

    buffer = io.BytesIO()
    workbook.save(buffer)
    path = Path(path)
    with atomic_write(path) as tmp, open(tmp, "wb") as handle:
        handle.write(buffer.getbuffer())
    return path


def _remove(tmp: Path) -> None:
    with contextlib.suppress(OSError):
        tmp.unlink(missing_ok=True)
