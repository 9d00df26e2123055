"""Schema 4: dashboard — indicator catalogue, the unit's monthly values, peer units' values,
annotations and SPC settings (baseline, chart type, rebase months)."""

import json

from maternity_desk.paths import resource

VERSION = 4

SCALES = "('percent', 'per_1000', 'per_100000', 'per_100', 'ratio')"
MONTH_CHECK = "GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'"


def migrate(store) -> None:
    store.execute(
        f"""CREATE TABLE indicator (
            code TEXT PRIMARY KEY CHECK (code GLOB '[a-z]*' AND length(code) BETWEEN 2 AND 40),
            name TEXT NOT NULL CHECK (trim(name) <> ''),
            numerator TEXT NOT NULL DEFAULT '',
            denominator TEXT NOT NULL DEFAULT '',
            scale TEXT NOT NULL CHECK (scale IN {SCALES}),
            better TEXT CHECK (better IS NULL OR better IN ('higher', 'lower')),
            grp TEXT NOT NULL DEFAULT '',
            chart TEXT NOT NULL DEFAULT 'xmr' CHECK (chart IN ('xmr', 'p', 'run')),
            rag_green REAL,
            rag_red REAL,
            baseline REAL,
            baseline_year INTEGER,
            target REAL,
            target_year INTEGER,
            definition_version TEXT NOT NULL DEFAULT '1',
            source TEXT NOT NULL DEFAULT 'local' CHECK (source IN ('national', 'local')),
            notes TEXT NOT NULL DEFAULT '',
            sort_order INTEGER NOT NULL DEFAULT 0,
            CHECK ((rag_green IS NULL) = (rag_red IS NULL)),
            CHECK ((baseline IS NULL) = (baseline_year IS NULL)),
            CHECK ((target IS NULL) = (target_year IS NULL))
        )"""
    )
    store.execute(
        f"""CREATE TABLE indicator_value (
            month TEXT NOT NULL CHECK (month {MONTH_CHECK}),
            indicator_code TEXT NOT NULL
                REFERENCES indicator(code) ON UPDATE CASCADE ON DELETE CASCADE,
            numerator INTEGER NOT NULL CHECK (numerator >= 0),
            denominator INTEGER NOT NULL CHECK (denominator >= 0),
            PRIMARY KEY (month, indicator_code)
        )"""
    )
    store.execute("CREATE INDEX indicator_value_code ON indicator_value (indicator_code, month)")
    store.execute(
        """CREATE TABLE peer_unit (
            name TEXT PRIMARY KEY CHECK (trim(name) <> ''),
            ods_code TEXT NOT NULL DEFAULT '',
            peer_group TEXT NOT NULL DEFAULT ''
        )"""
    )
    store.execute(
        f"""CREATE TABLE peer_value (
            unit TEXT NOT NULL REFERENCES peer_unit(name) ON UPDATE CASCADE ON DELETE CASCADE,
            month TEXT NOT NULL CHECK (month {MONTH_CHECK}),
            indicator_code TEXT NOT NULL
                REFERENCES indicator(code) ON UPDATE CASCADE ON DELETE CASCADE,
            numerator INTEGER NOT NULL CHECK (numerator >= 0),
            denominator INTEGER NOT NULL CHECK (denominator >= 0),
            PRIMARY KEY (unit, month, indicator_code)
        )"""
    )
    store.execute("CREATE INDEX peer_value_code ON peer_value (indicator_code, month)")
    store.execute(
        f"""CREATE TABLE indicator_annotation (
            id INTEGER PRIMARY KEY,
            month TEXT NOT NULL CHECK (month {MONTH_CHECK}),
            indicator_code TEXT
                REFERENCES indicator(code) ON UPDATE CASCADE ON DELETE CASCADE,
            text TEXT NOT NULL CHECK (trim(text) <> '')
        )"""
    )
    store.execute("CREATE INDEX indicator_annotation_code ON indicator_annotation (indicator_code, month)")
    store.execute(
        """CREATE TABLE spc_setting (
            indicator_code TEXT PRIMARY KEY
                REFERENCES indicator(code) ON UPDATE CASCADE ON DELETE CASCADE,
            baseline INTEGER CHECK (baseline IS NULL OR baseline >= 2),
            chart TEXT CHECK (chart IS NULL OR chart IN ('xmr', 'p', 'run'))
        )"""
    )
    store.execute(
        f"""CREATE TABLE spc_rebase (
            indicator_code TEXT NOT NULL
                REFERENCES indicator(code) ON UPDATE CASCADE ON DELETE CASCADE,
            month TEXT NOT NULL CHECK (month {MONTH_CHECK}),
            PRIMARY KEY (indicator_code, month)
        )"""
    )
    catalogue = json.loads(resource("indicators.json").read_text(encoding="utf-8"))
    cols = ("code", "name", "numerator", "denominator", "scale", "better", "grp", "chart",
            "rag_green", "rag_red", "baseline", "baseline_year", "target", "target_year",
            "definition_version", "source", "notes", "sort_order")
    rows = []
    for item in catalogue["indicators"]:
        values = dict(item, grp=item.get("group", ""), source="national")
        rows.append(tuple(values.get(c) if c not in ("numerator", "denominator", "notes")
                          else values.get(c) or "" for c in cols))
    store.executemany(
        f"INSERT INTO indicator ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})", rows
    )
    store.audit("seed", "indicator", None, None,
                {"catalogue": "indicators.json", "version": catalogue.get("version"),
                 "indicators": len(rows)})
