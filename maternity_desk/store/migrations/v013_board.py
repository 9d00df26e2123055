"""Schema: the board's monthly perinatal quality report. Aggregate monthly figures only (never a
patient, never a member of staff's case): the measure catalogue the unit chooses from and its
values, incident counts by category and harm, the unit's incident categories, items of
external attention with the unit's responses, and monthly notes (MNVP themes, items for the
board's decision). The catalogue and the default categories are loaded from
``resources/board_measures.json``."""

import json

from maternity_desk.paths import resource

# Numbered in the order it lands; the integrator renumbers it at merge.
VERSION = 13

MONTH_CHECK = "GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'"
DATE_CHECK = "GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'"


def migrate(store) -> None:
    store.execute(
        """CREATE TABLE board_measure (
            code TEXT PRIMARY KEY CHECK (code GLOB '[a-z]*' AND length(code) BETWEEN 2 AND 40),
            name TEXT NOT NULL CHECK (trim(name) <> ''),
            section TEXT NOT NULL CHECK (section IN ('staffing', 'incidents', 'investigations', 'voices')),
            kind TEXT NOT NULL CHECK (kind IN ('hours', 'wte', 'percent', 'count')),
            definition TEXT NOT NULL DEFAULT '',
            better TEXT CHECK (better IS NULL OR better IN ('higher', 'lower')),
            standard REAL,
            planned TEXT REFERENCES board_measure(code) ON UPDATE CASCADE ON DELETE SET NULL,
            recorded INTEGER NOT NULL DEFAULT 1 CHECK (recorded IN (0, 1)),
            verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
            sort_order INTEGER NOT NULL DEFAULT 0
        )""")
    store.execute(
        f"""CREATE TABLE board_value (
            month TEXT NOT NULL CHECK (month {MONTH_CHECK}),
            measure_code TEXT NOT NULL REFERENCES board_measure(code) ON UPDATE CASCADE ON DELETE CASCADE,
            value REAL NOT NULL CHECK (value >= 0),
            PRIMARY KEY (month, measure_code)
        )""")
    store.execute(
        """CREATE TABLE board_category (
            name TEXT PRIMARY KEY CHECK (trim(name) <> ''),
            sort_order INTEGER NOT NULL DEFAULT 0
        )""")
    store.execute(
        f"""CREATE TABLE board_incident (
            month TEXT NOT NULL CHECK (month {MONTH_CHECK}),
            category TEXT NOT NULL REFERENCES board_category(name) ON UPDATE CASCADE ON DELETE RESTRICT,
            harm TEXT NOT NULL CHECK (harm IN ('no_harm', 'low', 'moderate', 'severe', 'death')),
            count INTEGER NOT NULL CHECK (count >= 0),
            PRIMARY KEY (month, category, harm)
        )""")
    store.execute(
        f"""CREATE TABLE board_external (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('mnsi_report', 'regulation_28', 'cqc', 'nhs_resolution', 'region', 'other')),
            received TEXT NOT NULL CHECK (received {DATE_CHECK}),
            source TEXT NOT NULL DEFAULT '',
            summary TEXT NOT NULL CHECK (trim(summary) <> ''),
            response_due TEXT CHECK (response_due IS NULL OR response_due {DATE_CHECK}),
            responded TEXT CHECK (responded IS NULL OR responded {DATE_CHECK}),
            owner TEXT NOT NULL DEFAULT '',
            for_decision INTEGER NOT NULL DEFAULT 0 CHECK (for_decision IN (0, 1))
        )""")
    store.execute(
        f"""CREATE TABLE board_note (
            id INTEGER PRIMARY KEY,
            month TEXT NOT NULL CHECK (month {MONTH_CHECK}),
            kind TEXT NOT NULL CHECK (kind IN ('mnvp_theme', 'decision')),
            text TEXT NOT NULL CHECK (trim(text) <> '')
        )""")
    store.execute("CREATE INDEX board_note_month ON board_note (month)")
    data = json.loads(resource("board_measures.json").read_text(encoding="utf-8"))
    for i, m in enumerate(data["measures"]):
        store.execute(
            "INSERT INTO board_measure (code, name, section, kind, definition, better, standard, planned,"
            " recorded, verified, sort_order) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, 0, ?)",
            (m["code"], m["name"], m["section"], m["kind"], m.get("definition", ""), m.get("better"),
             m.get("standard"), int(bool(m.get("recorded", True))), (i + 1) * 10))
    for m in data["measures"]:
        if m.get("planned"):
            store.execute("UPDATE board_measure SET planned = ? WHERE code = ?", (m["planned"], m["code"]))
    for i, name in enumerate(data["categories"]):
        store.execute("INSERT INTO board_category (name, sort_order) VALUES (?, ?)", (name, (i + 1) * 10))
