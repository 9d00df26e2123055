"""The unit's SQLite database: opening, migrations, backups, audit, integrity checks.

Area modules (``store/training.py`` ...) take a :class:`Store` and return ``core`` objects.
"""

from maternity_desk.store.db import (
    DatabaseBusy,
    DatabaseError,
    DatabaseReadOnly,
    NewerDatabase,
    NotAMaternityDeskDatabase,
    Store,
)
from maternity_desk.store.opening import open_store

__all__ = [
    "DatabaseBusy",
    "DatabaseError",
    "DatabaseReadOnly",
    "NewerDatabase",
    "NotAMaternityDeskDatabase",
    "Store",
    "open_store",
]
