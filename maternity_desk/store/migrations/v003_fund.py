"""Schema 3: fund — funds, spending categories, the ledger, and the link from training sessions.

Allocations are ledger entries of kind ``allocation``: the amount allocated to a fund in a
financial year comes from the ledger alone. The funds and categories shipped in
``resources/funds.json`` and ``resources/fund_categories.json`` are seeded here and can be
edited afterwards.
"""

import json

from maternity_desk.paths import resource

VERSION = 3


def migrate(store) -> None:
    store.execute(
        """CREATE TABLE fund (
            code TEXT PRIMARY KEY CHECK (code <> '' AND code = upper(trim(code))),
            name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> ''),
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
        )"""
    )
    store.execute(
        """CREATE TABLE fund_category (
            name TEXT PRIMARY KEY COLLATE NOCASE CHECK (trim(name) <> ''),
            sort_order INTEGER NOT NULL DEFAULT 0
        )"""
    )
    store.execute(
        """CREATE TABLE fund_entry (
            id INTEGER PRIMARY KEY,
            date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            fund_code TEXT NOT NULL REFERENCES fund(code) ON UPDATE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('allocation', 'commitment', 'payment', 'refund')),
            amount_pence INTEGER NOT NULL CHECK (typeof(amount_pence) = 'integer' AND amount_pence > 0),
            description TEXT NOT NULL DEFAULT '',
            category TEXT REFERENCES fund_category(name) ON UPDATE CASCADE,
            supplier TEXT NOT NULL DEFAULT '',
            reference TEXT NOT NULL DEFAULT '',
            course_code TEXT REFERENCES course(code) ON UPDATE CASCADE ON DELETE SET NULL,
            places INTEGER CHECK (places IS NULL OR (typeof(places) = 'integer' AND places >= 0))
        )"""
    )
    store.execute("CREATE INDEX fund_entry_fund_date ON fund_entry (fund_code, date)")
    store.execute("CREATE INDEX fund_entry_reference ON fund_entry (fund_code, reference)")
    store.execute("CREATE INDEX fund_entry_category ON fund_entry (category)")
    store.execute("CREATE INDEX fund_entry_course ON fund_entry (course_code)")
    store.execute(
        "ALTER TABLE training_session ADD COLUMN fund_entry_id INTEGER "
        "REFERENCES fund_entry(id) ON DELETE SET NULL"
    )
    store.execute("CREATE INDEX training_session_fund_entry ON training_session (fund_entry_id)")

    funds = json.loads(resource("funds.json").read_text(encoding="utf-8"))
    store.executemany(
        "INSERT INTO fund (code, name, active) VALUES (?, ?, ?)",
        [(f["code"], f["name"], 1 if f.get("active", True) else 0) for f in funds],
    )
    categories = json.loads(resource("fund_categories.json").read_text(encoding="utf-8"))
    store.executemany(
        "INSERT INTO fund_category (name, sort_order) VALUES (?, ?)",
        [(c["name"], int(c.get("sort_order", 0))) for c in categories],
    )
