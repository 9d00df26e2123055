"""Schema 7: national benchmarking — the published national figures (annual MSDS CSV,
monthly Data and Measures files) per source, period, organisation and indicator, and the
editable mapping from published breakdowns to the dashboard's indicators (seeded from
``resources/national_mapping.json``). Indicators the mapping adds (``bwoi``) join the
dashboard catalogue."""

import json

from maternity_desk.paths import resource

VERSION = 7

MONTH = "GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'"
YEAR = "GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'"


def migrate(store) -> None:
    mapping = json.loads(resource("national_mapping.json").read_text(encoding="utf-8"))
    store.execute(
        """CREATE TABLE national_mapping (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            mapping_json TEXT NOT NULL CHECK (json_valid(mapping_json))
        )"""
    )
    store.execute("INSERT INTO national_mapping (id, mapping_json) VALUES (1, ?)",
                  (json.dumps(mapping, ensure_ascii=False),))
    if store.table_exists("indicator"):
        for order, (code, spec) in enumerate((mapping.get("extra_indicators") or {}).items()):
            store.execute(
                "INSERT OR IGNORE INTO indicator (code, name, numerator, denominator, scale, better,"
                " grp, chart, source, notes, sort_order) VALUES (?, ?, ?, ?, ?, ?, ?, 'xmr', 'national', ?, ?)",
                (code, spec["name"], spec.get("numerator", ""), spec.get("denominator", ""),
                 spec.get("scale", "percent"), spec.get("better"), "intrapartum",
                 spec.get("notes", ""), 900 + order),
            )
    references = (" REFERENCES indicator(code) ON UPDATE CASCADE ON DELETE CASCADE"
                  if store.table_exists("indicator") else "")
    store.execute(
        f"""CREATE TABLE national_value (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL CHECK (source IN ('annual', 'monthly_data', 'measures')),
            period TEXT NOT NULL CHECK (
                (source = 'annual' AND period {YEAR}) OR (source <> 'annual' AND period {MONTH})),
            org_level TEXT NOT NULL CHECK (trim(org_level) <> ''),
            org_code TEXT NOT NULL CHECK (trim(org_code) <> ''),
            org_name TEXT NOT NULL DEFAULT '',
            indicator_code TEXT NOT NULL{references},
            numerator INTEGER CHECK (numerator IS NULL OR numerator >= 0),
            denominator INTEGER CHECK (denominator IS NULL OR denominator >= 0),
            rate REAL,
            rate_scale TEXT CHECK (rate_scale IS NULL OR rate_scale IN
                ('percent', 'per_1000', 'per_100000', 'per_100')),
            status TEXT NOT NULL DEFAULT 'ok'
                CHECK (status IN ('ok', 'suppressed', 'did_not_submit', 'low_dq')),
            result TEXT CHECK (result IS NULL OR result IN ('Pass', 'Fail')),
            window_start TEXT CHECK (window_start IS NULL OR window_start {MONTH}),
            window_end TEXT CHECK (window_end IS NULL OR window_end {MONTH}),
            provisional INTEGER NOT NULL DEFAULT 0 CHECK (provisional IN (0, 1)),
            file TEXT NOT NULL DEFAULT '',
            CHECK (status = 'ok' OR (numerator IS NULL AND denominator IS NULL AND rate IS NULL)),
            CHECK ((window_start IS NULL) = (window_end IS NULL)),
            CHECK (window_start IS NULL OR window_start <= window_end),
            UNIQUE (source, period, org_level, org_code, indicator_code)
        )"""
    )
    store.execute("CREATE INDEX national_value_lookup ON national_value (indicator_code, period, org_level)")
    store.execute("CREATE INDEX national_value_org ON national_value (org_code, indicator_code)")
