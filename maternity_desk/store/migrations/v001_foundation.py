"""Schema 1: unit settings and the audit log."""

VERSION = 1


def migrate(store) -> None:
    store.execute(
        """CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT
        )"""
    )
    store.execute(
        """CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at_utc TEXT NOT NULL,
            os_user TEXT NOT NULL,
            action TEXT NOT NULL,
            table_name TEXT NOT NULL,
            row_key TEXT,
            before_json TEXT,
            after_json TEXT
        )"""
    )
    store.execute("CREATE INDEX audit_log_table ON audit_log (table_name, row_key)")
