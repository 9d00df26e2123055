"""Schema 5: improvement (its tables are created here by the improvement area)."""

VERSION = 5


def migrate(store) -> None:
    """Nothing yet: the improvement area fills this in (a version is reserved per area)."""
