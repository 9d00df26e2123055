"""Schema 3: fund (its tables are created here by the fund area)."""

VERSION = 3


def migrate(store) -> None:
    """Nothing yet: the fund area fills this in (a version is reserved per area)."""
