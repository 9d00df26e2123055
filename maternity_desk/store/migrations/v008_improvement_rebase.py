"""Schema 8: rebase months of an improvement project's measures (``qi_measure_rebase``).

Each row starts a new segment of the measure's SPC chart (its own centre line and limits)
from that month, once a change has become the new normal. Added as its own migration so
that unit files already at schema 5 or later gain the table.
"""

VERSION = 8


def migrate(store) -> None:
    store.execute(
        """CREATE TABLE qi_measure_rebase (
            measure_id INTEGER NOT NULL REFERENCES qi_measure(id) ON DELETE CASCADE,
            month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
            PRIMARY KEY (measure_id, month)
        ) WITHOUT ROWID"""
    )
