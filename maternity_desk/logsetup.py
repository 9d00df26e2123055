"""A rotating log file in the data folder; never fails the program if it cannot be written."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

_installed = False


def log_file() -> Path:
    from maternity_desk.paths import log_dir

    return log_dir() / "maternity-desk.log"


def setup_file_logging(level: int = logging.INFO) -> Path | None:
    global _installed
    if _installed:
        return log_file()
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    _installed = True
    return path
