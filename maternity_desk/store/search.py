"""Full-text search over the unit's records (the ``search_index`` FTS5 table of schema 10).

Triggers written by the migration keep the index in step with every insert, update and
delete in the same transaction; this module only reads it, through sqlite-utils.
"""

from __future__ import annotations

from maternity_desk.core.search import KINDS, SearchGroup, SearchHit, match_expression, terms
from maternity_desk.core.words import period_label
from maternity_desk.store.migrations.v010_search import KIND_BASE
from maternity_desk.store.migrations.v010_search import KINDS as INDEXED

_NUMBERS = {kind: number for kind, number, *_ in INDEXED}

# A line under each hit's title: (SQL over the keys found, giving key and detail).
_DETAILS = {
    "staff": "SELECT s.staff_number, s.staff_number || ' · ' || coalesce(g.name, s.staff_group)"
             " FROM staff s LEFT JOIN staff_group g ON g.code = s.staff_group WHERE s.staff_number IN ({keys})",
    "session": "SELECT id, strftime('%d/%m/%Y', date) || ' · ' || upper(substr(status, 1, 1)) || substr(status, 2)"
               " || CASE WHEN venue <> '' THEN ' · ' || venue ELSE '' END FROM training_session WHERE id IN ({keys})",
    "ledger": "SELECT id, strftime('%d/%m/%Y', date) || ' · ' || upper(substr(kind, 1, 1)) || substr(kind, 2) || ' · £'"
              " || printf('%,d.%02d', amount_pence / 100, amount_pence % 100)"
              " || CASE WHEN supplier <> '' THEN ' · ' || supplier ELSE '' END FROM fund_entry WHERE id IN ({keys})",
    "project": "SELECT id, code || ' · ' || upper(substr(status, 1, 1)) || substr(status, 2) FROM qi_project WHERE id IN ({keys})",
    "plan_action": "SELECT id, area || CASE WHEN owner <> '' THEN ' · ' || owner ELSE '' END"
                   " || CASE WHEN due_date IS NOT NULL THEN ' · due ' || strftime('%d/%m/%Y', due_date) ELSE '' END"
                   " FROM gov_plan_actions WHERE id IN ({keys})",
    "meeting_action": "SELECT a.id, 'Meeting ' || coalesce(strftime('%d/%m/%Y', m.date), '')"
                      " || CASE WHEN a.owner <> '' THEN ' · ' || a.owner ELSE '' END"
                      " FROM gov_champion_actions a LEFT JOIN gov_meetings m ON m.id = a.parent_id WHERE a.id IN ({keys})",
    "review_action": "SELECT a.id, 'Case ' || coalesce(r.reference, '') || CASE WHEN a.owner <> '' THEN ' · ' || a.owner ELSE '' END"
                     " FROM gov_review_actions a LEFT JOIN gov_reviews r ON r.id = a.parent_id WHERE a.id IN ({keys})",
    "event_action": "SELECT a.id, coalesce(e.title, '') || ' · ' || a.owner"
                    " FROM qi_event_action a LEFT JOIN qi_event e ON e.id = a.event_id WHERE a.id IN ({keys})",
    "review": "SELECT id, upper(substr(replace(category, '_', ' '), 1, 1)) || substr(replace(category, '_', ' '), 2)"
              " || ' · died ' || strftime('%d/%m/%Y', date_of_death) FROM gov_reviews WHERE id IN ({keys})",
    "submission": "SELECT id, period || ' · due ' || strftime('%d/%m/%Y', due_date) || CASE WHEN submitted_date IS NULL"
                  " THEN ' · Not submitted' ELSE ' · Submitted ' || strftime('%d/%m/%Y', submitted_date) END"
                  " FROM gov_submissions WHERE id IN ({keys})",
    "course": "SELECT code, code || ' · renew every ' || renewal_months || ' months' FROM course WHERE code IN ({keys})",
    "indicator": "SELECT code, grp FROM indicator WHERE code IN ({keys})",
}


def search(store, text: str, *, per_kind: int = 5, kinds: tuple[str, ...] | None = None) -> list[SearchGroup]:
    """Records matching every word typed (as prefixes), best first within each kind, at most
    ``per_kind`` of each; kinds with no match are left out, the rest in :data:`KINDS` order."""
    expression = match_expression(text)
    if expression is None:
        return []
    # one or two letters match most of the index: ranking every match would take too long
    # for a keystroke, so the first matches in index order are shown until a third letter
    order = "ORDER BY bm25(search_index, 0, 0, 10.0, 1.0)" if len("".join(terms(text))) >= 3 else ""
    groups = []
    for kind, label in KINDS:
        if kinds is not None and kind not in kinds:
            continue
        low = KIND_BASE * _NUMBERS[kind]
        rows = list(store.db.query(
            "SELECT record_key, title FROM search_index WHERE search_index MATCH :q"
            " AND rowid BETWEEN :low AND :high " + order + " LIMIT :n",
            {"q": expression, "low": low, "high": low + KIND_BASE - 1, "n": per_kind},
        ))
        if not rows:
            continue
        details = _details(store, kind, [r["record_key"] for r in rows])
        hits = tuple(SearchHit(kind, r["record_key"], r["title"], details.get(r["record_key"], "")) for r in rows)
        groups.append(SearchGroup(kind, label, hits))
    return groups


def _details(store, kind: str, keys: list[str]) -> dict[str, str]:
    sql = _DETAILS[kind].format(keys=", ".join("?" * len(keys)))
    out = {str(k): d or "" for k, d in store.conn.execute(sql, keys).fetchall()}
    if kind == "submission":  # a monthly period as the interface writes months (Nov 2026)
        out = {k: period_label(d.split(" · ", 1)[0]) + d[len(d.split(" · ", 1)[0]):] for k, d in out.items()}
    return out


def rebuild(store) -> int:
    """Write the whole index again from the records (``check --repair`` style recovery);
    returns the number of records indexed. Runs in one transaction."""
    from maternity_desk.store.migrations import v010_search

    with store.transaction():
        store.execute("DELETE FROM search_index")
        for kind, number, table, key, title, body in INDEXED:
            store.execute(
                "INSERT INTO search_index (rowid, kind, record_key, title, body) SELECT "
                f"{v010_search._select(kind, number, key, title, body, 'r')} FROM {table} r"
            )
        return int(store.scalar("SELECT count(*) FROM search_index"))
