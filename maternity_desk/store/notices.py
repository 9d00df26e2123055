"""One-time messages a migration leaves for the app to show (settings ``notice.*``): read
them, and drop each once it has been shown (audited)."""

from __future__ import annotations

PREFIX = "notice."


def pending(store) -> list[tuple[str, str]]:
    """(key, text) of every message not yet shown, oldest key first."""
    return [(r[0], r[1]) for r in store.query(
        "SELECT key, value FROM settings WHERE key LIKE ? AND coalesce(value, '') <> '' ORDER BY key",
        (PREFIX + "%",))]


def dismiss(store, key: str) -> None:
    """The message ``key`` has been shown: remove it (the audit log keeps its text)."""
    if not key.startswith(PREFIX):
        raise ValueError(f"{key} is not a one-time message")
    store.delete("settings", "key", key, action="notice_shown")
