"""Schema: the Maternity Incentive Scheme tracker.

Tables: scheme years (``mis_years``), their ten safety actions (``mis_actions``) and
requirements (``mis_requirements``), copied from ``resources/mis/`` so the unit can edit
them; the unit's tracking per requirement (``mis_tracking``: status, owner, evidence
location, approval forum and date, notes); the monthly quality reports to the board
(``mis_board_reports``, one row a month) that safety action 9 counts.

A closed year cannot change: triggers refuse any insert, update or delete of its actions,
requirements and tracking, and reopening it.

The shipped years (6 = 2024/25 and 7 = 2025/26, listed in :data:`SHIPPED`) are loaded into
every database, new or existing; a year the file already holds is left as it is.
"""

from __future__ import annotations

import json

VERSION = 11  # the integrator renumbers at merge: read migrations.LATEST, never this literal
_DATE = "GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'"
STATUSES = "('not_started','in_progress','met','not_met','not_applicable')"

#: The shipped scheme years, by name (never found by listing the folder).
SHIPPED = ("mis/year6.json", "mis/year7.json")


def migrate(store) -> None:
    _schema(store)
    from maternity_desk.paths import resource

    for name in SHIPPED:
        load_year(store, json.loads(resource(name).read_text(encoding="utf-8")), action="seed")


def _schema(store) -> None:
    ex = store.execute
    ex(f"""CREATE TABLE mis_years (
        number INTEGER PRIMARY KEY CHECK (number BETWEEN 1 AND 99),
        label TEXT NOT NULL UNIQUE CHECK (label GLOB '[0-9][0-9][0-9][0-9]/[0-9][0-9]'),
        title TEXT NOT NULL CHECK (length(trim(title)) > 0),
        declaration_due TEXT CHECK (declaration_due IS NULL OR declaration_due {_DATE}),
        source TEXT NOT NULL DEFAULT '',
        verified TEXT NOT NULL DEFAULT 'U' CHECK (verified IN ('V', 'U')),
        note TEXT NOT NULL DEFAULT '',
        closed INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1))
    )""")
    ex("""CREATE TABLE mis_actions (
        year INTEGER NOT NULL REFERENCES mis_years(number) ON DELETE CASCADE,
        number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 10),
        title TEXT NOT NULL CHECK (length(trim(title)) > 0),
        verified TEXT NOT NULL DEFAULT 'U' CHECK (verified IN ('V', 'U')),
        PRIMARY KEY (year, number)
    ) WITHOUT ROWID""")
    ex(f"""CREATE TABLE mis_requirements (
        year INTEGER NOT NULL,
        code TEXT NOT NULL CHECK (length(code) BETWEEN 3 AND 80),
        action INTEGER NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        text TEXT NOT NULL CHECK (length(trim(text)) > 0),
        evidence TEXT NOT NULL DEFAULT '',
        how TEXT NOT NULL CHECK (how IN ('computed', 'judged')),
        window_from TEXT CHECK (window_from IS NULL OR window_from {_DATE}),
        window_to TEXT CHECK (window_to IS NULL OR window_to {_DATE}),
        threshold REAL CHECK (threshold IS NULL OR threshold BETWEEN 0 AND 100),
        verified TEXT NOT NULL DEFAULT 'U' CHECK (verified IN ('V', 'U')),
        PRIMARY KEY (year, code),
        FOREIGN KEY (year, action) REFERENCES mis_actions(year, number) ON DELETE CASCADE,
        CHECK (how = 'judged' OR (window_from IS NOT NULL AND window_to IS NOT NULL AND threshold IS NOT NULL
                                  AND window_to >= window_from))
    ) WITHOUT ROWID""")
    ex(f"""CREATE TABLE mis_tracking (
        year INTEGER NOT NULL,
        code TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'not_started' CHECK (status IN {STATUSES}),
        owner_staff TEXT,
        owner_text TEXT NOT NULL DEFAULT '',
        evidence_location TEXT NOT NULL DEFAULT '',
        approval_forum TEXT NOT NULL DEFAULT '',
        approval_date TEXT CHECK (approval_date IS NULL OR approval_date {_DATE}),
        notes TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (year, code),
        FOREIGN KEY (year, code) REFERENCES mis_requirements(year, code) ON DELETE CASCADE ON UPDATE CASCADE
    ) WITHOUT ROWID""")
    ex(f"""CREATE TABLE mis_board_reports (
        month TEXT PRIMARY KEY CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
        presented TEXT CHECK (presented IS NULL OR presented {_DATE}),
        notes TEXT NOT NULL DEFAULT ''
    ) WITHOUT ROWID""")
    closed = "SELECT RAISE(ABORT, 'scheme year {y} is closed: nothing in it can change')"
    for table in ("mis_actions", "mis_requirements", "mis_tracking"):
        for op, ref in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
            ex(f"""CREATE TRIGGER {table}_closed_{op.lower()} BEFORE {op} ON {table}
                WHEN (SELECT closed FROM mis_years WHERE number = {ref}.year) = 1
                BEGIN {closed.format(y="")}; END""")
    ex(f"""CREATE TRIGGER mis_years_closed_update BEFORE UPDATE ON mis_years WHEN OLD.closed = 1
        BEGIN {closed.format(y="")}; END""")
    ex(f"""CREATE TRIGGER mis_years_closed_delete BEFORE DELETE ON mis_years WHEN OLD.closed = 1
        BEGIN {closed.format(y="")}; END""")


def load_year(store, data: dict, *, action: str) -> bool:
    """Insert a scheme year from its data (the shape of ``resources/mis/yearN.json``) unless
    the database holds that year already; audited. True when it was added."""
    if store.scalar("SELECT 1 FROM mis_years WHERE number = ? OR label = ?", (data["number"], data["label"])):
        return False
    year = data["number"]
    row = {"number": year, "label": data["label"], "title": data["title"],
           "declaration_due": data.get("declaration_due"), "source": data.get("source", ""),
           "verified": data.get("verified", "U"), "note": data.get("note", ""),
           "closed": 1 if data.get("closed") else 0}
    store.execute("INSERT INTO mis_years (number, label, title, declaration_due, source, verified, note, closed) "
                  "VALUES (:number, :label, :title, :declaration_due, :source, :verified, :note, 0)", row)
    store.executemany("INSERT INTO mis_actions (year, number, title, verified) VALUES (?, ?, ?, ?)",
                      [(year, a["number"], a["title"], a.get("verified", "U")) for a in data["actions"]])
    store.executemany(
        "INSERT INTO mis_requirements (year, code, action, position, text, evidence, how, window_from, window_to, "
        "threshold, verified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(year, r["code"], r["action"], r.get("position", i), r["text"], r.get("evidence", ""), r["how"],
          r.get("window_from"), r.get("window_to"), r.get("threshold"), r.get("verified", "U"))
         for i, r in enumerate(data["requirements"], start=1)])
    if row["closed"]:
        store.execute("UPDATE mis_years SET closed = 1 WHERE number = ?", (year,))
    store.audit(action, "mis_years", year, None,
                {"label": data["label"], "actions": len(data["actions"]), "requirements": len(data["requirements"])})
    return True
