"""Where things live: the data folder (per-user, or beside the program in portable mode),
the default database, logs, and the shipped ``resources/``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from maternity_desk import APP_SLUG

PORTABLE_MARKER = "portable.txt"
DEFAULT_DB_NAME = "unit.sqlite"


def program_dir() -> Path:
    """The folder of the executable when frozen, else of the Python launcher script."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(sys.argv[0]).resolve().parent if sys.argv and sys.argv[0] else Path.cwd()


def is_portable() -> bool:
    return (program_dir() / PORTABLE_MARKER).exists()


def data_dir() -> Path:
    """Per-user data folder, or ``data/`` beside the program in portable mode.

    ``MATERNITY_DESK_DATA`` overrides both (support staff, tests)."""
    override = os.environ.get("MATERNITY_DESK_DATA")
    if override:
        return Path(override)
    if is_portable():
        return program_dir() / "data"

    return user_data_dir()


def user_data_dir() -> Path:
    """This user's folder for the program's data (``APP_SLUG`` in the system's place): Windows
    ``%LOCALAPPDATA%`` (never roaming: a unit's database can be large, and Windows never
    redirects the local folder), macOS ``~/Library/Application Support``, elsewhere
    ``$XDG_DATA_HOME`` (macOS too, as platformdirs) or ``~/.local/share``.

    The folder platformdirs' ``user_data_dir(APP_SLUG, appauthor=False, roaming=False)`` names
    (tests/store/test_paths.py holds the two together on all three systems), found without
    loading its seven modules at every start (2 ms)."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA", "").strip() or str(Path.home() / "AppData" / "Local")
    else:
        base = os.environ.get("XDG_DATA_HOME", "").strip()
        if not base:
            base = str(Path.home() / ("Library/Application Support" if sys.platform == "darwin" else ".local/share"))
    return Path(base) / APP_SLUG


def default_db_path() -> Path:
    return data_dir() / DEFAULT_DB_NAME


def log_dir() -> Path:
    return data_dir() / "logs"


def resources_dir() -> Path:
    """The shipped catalogues. Frozen: collected beside the code; source checkout: the
    top-level ``resources/``; installed wheel: the ``maternity_desk.resources`` package."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", program_dir())) / "resources"
    here = Path(__file__).resolve().parent
    src = here.parent / "resources"
    if src.is_dir():
        return src
    return here / "resources"


def resource(name: str) -> Path:
    return resources_dir() / name
