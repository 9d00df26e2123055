"""Schema 4: dashboard (its tables are created here by the dashboard area)."""

VERSION = 4


def migrate(store) -> None:
    """Nothing yet: the dashboard area fills this in (a version is reserved per area)."""
