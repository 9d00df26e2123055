"""A log file in the data folder, rotated at start-up (1 MB, 5 old files kept); never fails the
program if it cannot be written. Rotation happens when the program starts rather than on every
write, which keeps ``logging.handlers`` (and what it imports) off the start-up path."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from maternity_desk.paths import log_dir

MAX_BYTES = 1_000_000
KEEP = 5
_installed = False


def log_file() -> Path:
    return log_dir() / "maternity-desk.log"


def rotate(path: Path, *, max_bytes: int = MAX_BYTES, keep: int = KEEP) -> bool:
    """``x.log`` -> ``x.log.1`` -> ... -> ``x.log.<keep>`` when ``x.log`` is over ``max_bytes``."""
    try:
        if not path.exists() or path.stat().st_size <= max_bytes:
            return False
        for i in range(keep - 1, 0, -1):
            older = path.with_name(f"{path.name}.{i}")
            if older.exists():
                os.replace(older, path.with_name(f"{path.name}.{i + 1}"))
        os.replace(path, path.with_name(f"{path.name}.1"))
        return True
    except OSError:  # another desk has it open, or antivirus: keep appending
        return False


class RedactNhsNumbers(logging.Filter):
    """No NHS number reaches the log file: the message, and any traceback's text, are
    written with every NHS number masked (``943 *** ****``)."""

    def __init__(self, formatter: logging.Formatter):
        super().__init__()
        self.formatter = formatter

    def filter(self, record: logging.LogRecord) -> bool:
        from maternity_desk.core.identifiers import redact

        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def setup_file_logging(level: int = logging.INFO) -> Path | None:
    global _installed
    if _installed:
        return log_file()
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        rotate(path)
        handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    except OSError:
        return None
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handler.setFormatter(formatter)
    handler.addFilter(RedactNhsNumbers(formatter))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    _installed = True
    return path
