"""Schema: saved import mappings (the trust's own values to the app's staff groups and courses).

``import_mapping`` holds one row per mapping: its ``name`` (the key the command line's
``--mapping NAME`` uses), its ``kind`` (``staff`` or ``attendance``), the file's ``columns``
whose values are mapped (a JSON list of the importer's column names) and its ``entries``
(a JSON list of ``[values, target]``; target ``""`` = leave the rows out). Nothing existing changes.
"""

from __future__ import annotations

VERSION = 15


def migrate(store) -> None:
    store.execute(
        """CREATE TABLE import_mapping (
            name TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('staff', 'attendance')),
            columns TEXT NOT NULL DEFAULT '[]',
            entries TEXT NOT NULL DEFAULT '[]',
            updated TEXT NOT NULL DEFAULT ''
        )"""
    )
