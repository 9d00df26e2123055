"""Schema 6: governance (its tables are created here by the governance area)."""

VERSION = 6


def migrate(store) -> None:
    """Nothing yet: the governance area fills this in (a version is reserved per area)."""
