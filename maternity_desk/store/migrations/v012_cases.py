"""Schema: the qualifying-case log for safety action 10 of the Maternity Incentive Scheme
(``gov_qualifying_cases``: the unit's own reference, never a patient identifier) and the
deadline of each milestone (``gov_case_rules``), seeded from ``resources/case_deadlines.json``
with whether each figure was checked against the published guidance."""

from __future__ import annotations

import json

from maternity_desk.paths import resource

# Assigned in the order the areas land (see migrations/__init__.py); renumbered at merge.
VERSION = 12

_DATE = "GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'"
_CATEGORIES = "('intrapartum_stillbirth','early_neonatal_death','brain_injury','maternal_death')"
_MILESTONES = ("mnsi_referred", "en_reported", "candour_conversation", "candour_letter", "incident_reported")


def _d(col: str, nullable: bool = True) -> str:
    check = f"{col} {_DATE}"
    return f"CHECK ({col} IS NULL OR {check})" if nullable else f"CHECK ({check})"


def migrate(store) -> None:
    ex = store.execute
    milestones = ",\n        ".join(f"{m} TEXT {_d(m)} CHECK ({m} IS NULL OR {m} >= event_date)" for m in _MILESTONES)
    ex(f"""CREATE TABLE gov_qualifying_cases (
        id INTEGER PRIMARY KEY,
        reference TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(reference)) > 0),
        category TEXT NOT NULL CHECK (category IN {_CATEGORIES}),
        event_date TEXT NOT NULL {_d('event_date', False)},
        {milestones},
        notes TEXT NOT NULL DEFAULT ''
    )""")
    ex("CREATE INDEX gov_qualifying_cases_event ON gov_qualifying_cases (event_date)")
    ex("""CREATE TABLE gov_case_rules (
        code TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        basis TEXT NOT NULL CHECK (basis IN ('working_days','months','calendar_days')),
        amount INTEGER NOT NULL CHECK (amount BETWEEN 0 AND 366),
        applies_to TEXT NOT NULL,
        verified TEXT NOT NULL DEFAULT 'U' CHECK (verified IN ('V','U')),
        source TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0
    )""")
    rules = json.loads(resource("case_deadlines.json").read_text(encoding="utf-8"))
    store.executemany(
        "INSERT INTO gov_case_rules (code, label, basis, amount, applies_to, verified, source, note, position)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(m["code"], m["label"], m["basis"], int(m["amount"]), ",".join(m["applies_to"]), m.get("verified", "U"),
          m.get("source", ""), m.get("note", ""), i) for i, m in enumerate(rules["milestones"], start=1)])
