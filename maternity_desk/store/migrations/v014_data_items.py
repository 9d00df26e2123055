"""Data items: the unit's monthly counts, each typed once (``data_item``, ``data_item_value``),
each catalogue indicator's numerator and denominator as sums of them (new ``indicator``
columns), and the figures an earlier database typed twice with different numbers
(``data_item_conflict``) for the user to settle.

``indicator_value`` stays as it is: it holds every indicator's figures, worked out from the data
items whenever one is written (store/data_items.py), so charts, SPC, returns and benchmarks read
it as before. The migration derives the data items the held indicator figures imply
(core/data_items.derive) and keeps every indicator figure as it was, even where it disagrees.

Improvement measures that are dashboard indicators (``qi_measure.indicator_code``) read the
dashboard's figures; the pick-list says which of its measures are, and measures already adopted
are linked where they match.
"""

import json

from maternity_desk.paths import resource

VERSION = 14

MONTH_CHECK = "GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'"


def _load(name: str) -> dict:
    return json.loads(resource(name).read_text(encoding="utf-8"))


def migrate(store) -> None:
    # the core modules are imported here, not at the top: every start imports the migrations,
    # and only a database older than this one runs it
    from maternity_desk.core.data_items import catalogue_from_json
    store.execute(
        """CREATE TABLE data_item (
            code TEXT PRIMARY KEY CHECK (code GLOB '[a-z]*' AND length(code) BETWEEN 2 AND 40),
            name TEXT NOT NULL CHECK (trim(name) <> ''),
            unit TEXT NOT NULL DEFAULT '',
            grp TEXT NOT NULL DEFAULT '',
            places INTEGER NOT NULL DEFAULT 0 CHECK (places BETWEEN 0 AND 2),
            sort_order INTEGER NOT NULL DEFAULT 0
        )"""
    )
    store.execute(
        f"""CREATE TABLE data_item_value (
            month TEXT NOT NULL CHECK (month {MONTH_CHECK}),
            item_code TEXT NOT NULL REFERENCES data_item(code) ON UPDATE CASCADE ON DELETE CASCADE,
            value NUMERIC NOT NULL CHECK (value >= 0),
            PRIMARY KEY (month, item_code)
        ) WITHOUT ROWID"""
    )
    store.execute("CREATE INDEX data_item_value_item ON data_item_value (item_code, month)")
    store.execute(
        f"""CREATE TABLE data_item_conflict (
            id INTEGER PRIMARY KEY,
            month TEXT NOT NULL CHECK (month {MONTH_CHECK}),
            item_code TEXT NOT NULL REFERENCES data_item(code) ON UPDATE CASCADE ON DELETE CASCADE,
            kept NUMERIC NOT NULL,
            candidates TEXT NOT NULL,
            settled_value NUMERIC,
            settled_at TEXT,
            UNIQUE (month, item_code)
        )"""
    )
    store.execute("ALTER TABLE indicator ADD COLUMN numerator_items TEXT NOT NULL DEFAULT ''")
    store.execute("ALTER TABLE indicator ADD COLUMN denominator_items TEXT NOT NULL DEFAULT ''")
    store.execute("ALTER TABLE indicator ADD COLUMN numerator_window INTEGER NOT NULL DEFAULT 1"
                  " CHECK (numerator_window BETWEEN 1 AND 24)")

    groups, items = catalogue_from_json(_load("data_items.json"))
    store.executemany(
        "INSERT INTO data_item (code, name, unit, grp, places, sort_order) VALUES (?, ?, ?, ?, ?, ?)",
        [(i.code, i.name, i.unit, i.group, i.places, i.sort_order) for i in items])
    known = {i.code for i in items}
    mapping = []
    for ind in _load("indicators.json")["indicators"]:
        num, den = ind.get("numerator_items") or [], ind.get("denominator_items") or []
        if not set(num) | set(den) <= known:
            raise ValueError(f"indicators.json: {ind['code']} names a data item data_items.json lacks")
        mapping.append(("+".join(num), "+".join(den), int(ind.get("numerator_window", 1)), ind["code"]))
    store.executemany("UPDATE indicator SET numerator_items = ?, denominator_items = ?, numerator_window = ?"
                      " WHERE code = ? AND source = 'national'", mapping)
    store.audit("seed", "data_item", None, None,
                {"catalogue": "data_items.json", "items": len(items), "indicators": len(mapping)})
    _derive_items(store)
    _link_measures(store)


def _derive_items(store) -> None:
    from maternity_desk.core.data_items import derive
    from maternity_desk.core.indicators import Indicator

    values = {(r[0], r[1]): (r[2], r[3]) for r in store.query(
        "SELECT month, indicator_code, numerator, denominator FROM indicator_value")}
    if not values:
        return
    inds = [Indicator(r[0], r[1], r[2], numerator_items=_split(r[3]), denominator_items=_split(r[4]),
                      numerator_window=r[5])
            for r in store.query("SELECT code, name, scale, numerator_items, denominator_items, numerator_window"
                                 " FROM indicator ORDER BY sort_order, name")]
    items, conflicts = derive(inds, values)
    store.executemany("INSERT INTO data_item_value (month, item_code, value) VALUES (?, ?, ?)",
                      [(m, c, v) for (m, c), v in sorted(items.items())])
    store.executemany(
        "INSERT INTO data_item_conflict (month, item_code, kept, candidates) VALUES (?, ?, ?, ?)",
        [(c.month, c.item, c.kept, json.dumps([[x.indicator, x.side, x.value] for x in c.candidates]))
         for c in conflicts])
    store.audit("derive", "data_item_value", None, None,
                {"from": "indicator_value", "values": len(items), "conflicts": len(conflicts),
                 "months": [min(m for m, _c in items), max(m for m, _c in items)] if items else []})


def _split(text: str) -> tuple[str, ...]:
    return tuple(c for c in (text or "").split("+") if c)


def _link_measures(store) -> None:
    store.execute("ALTER TABLE qi_picklist_measure ADD COLUMN indicator_code TEXT"
                  " REFERENCES indicator(code) ON UPDATE CASCADE ON DELETE SET NULL")
    store.execute("ALTER TABLE qi_measure ADD COLUMN indicator_code TEXT"
                  " REFERENCES indicator(code) ON UPDATE CASCADE ON DELETE SET NULL")
    links = [(m["indicator"], p["code"], m["name"]) for p in _load("picklist.json")["projects"]
             for m in p["measures"] if m.get("indicator")]
    store.executemany("UPDATE qi_picklist_measure SET indicator_code = ? WHERE project_code = ? AND name = ?"
                      " AND EXISTS (SELECT 1 FROM indicator WHERE code = ?)",
                      [(code, p, n, code) for code, p, n in links])
    # an adopted measure matches when it is its pick-list measure's copy, or is named as an indicator
    rows = store.query(
        "SELECT m.id, coalesce(pm.indicator_code, i.code) AS code FROM qi_measure m"
        " JOIN qi_project p ON p.id = m.project_id"
        " LEFT JOIN qi_picklist_measure pm ON pm.project_code = p.picklist_code"
        "  AND lower(pm.name) = lower(m.name) AND pm.indicator_code IS NOT NULL"
        " LEFT JOIN indicator i ON lower(trim(i.name)) = lower(trim(m.name))"
        " WHERE coalesce(pm.indicator_code, i.code) IS NOT NULL")
    store.executemany("UPDATE qi_measure SET indicator_code = ? WHERE id = ?", [(r[1], r[0]) for r in rows])
    if rows:
        store.audit("link", "qi_measure", None, None, {str(r[0]): r[1] for r in rows})
