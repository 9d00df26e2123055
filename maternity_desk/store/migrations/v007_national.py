"""Schema 7: national (its tables are created here by the national area)."""

VERSION = 7


def migrate(store) -> None:
    """Nothing yet: the national area fills this in (a version is reserved per area)."""
