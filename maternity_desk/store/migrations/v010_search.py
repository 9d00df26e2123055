"""Schema 10: one full-text search index (SQLite FTS5) over everything a user looks for.

``search_index`` holds, per searchable record, its ``kind``, its key and two searchable
texts: ``title`` (what the record is called) and ``body`` (the rest worth finding it by).
Triggers on each source table keep the index current inside the same transaction as the
change, so a rolled-back edit leaves no trace in it. An index row's ``rowid`` is
``KIND_BASE * kind number + the source row's rowid``, so a trigger finds its index row
directly instead of scanning. Existing records are indexed here.

Tables are created with plain SQL, not ``sqlite_utils.Table.enable_fts``: that runs
``executescript``, which commits the open transaction and would split this migration in two.
"""

import re

# Assigned number 10; it runs as 9 on this branch until schema 9 (another area's) lands
# beside it, when it is renumbered to its place in migrations.modules().
VERSION = 10

KIND_BASE = 1_000_000_000_000

# (kind, number, table, key expression, title expression, body expression)
# Expressions are written over the alias ``r`` and rewritten to ``new`` in triggers.
KINDS: tuple[tuple[str, int, str, str, str, str], ...] = (
    ("staff", 1, "staff", "r.staff_number", "r.name",
     "r.staff_number || ' ' || replace(r.staff_group, '_', ' ') || ' ' || r.notes"),
    ("session", 2, "training_session", "r.id",
     "coalesce((SELECT c.name FROM course c WHERE c.code = r.course_code), r.course_code)",
     "r.course_code || ' ' || r.venue || ' ' || r.facilitator || ' ' || r.date"),
    ("ledger", 3, "fund_entry", "r.id", "r.description",
     "r.supplier || ' ' || r.reference || ' ' || r.fund_code || ' ' || coalesce(r.category, '')"
     " || ' ' || coalesce(r.course_code, '') || ' ' || r.kind"),
    ("project", 4, "qi_project", "r.id", "r.title",
     "r.code || ' ' || r.area || ' ' || r.rationale || ' ' || r.aim_text || ' ' || r.wave"),
    ("plan_action", 5, "gov_plan_actions", "r.id", "r.action",
     "r.area || ' ' || r.owner || ' ' || r.evidence"),
    ("meeting_action", 6, "gov_champion_actions", "r.id", "r.action", "r.owner"),
    ("review_action", 7, "gov_review_actions", "r.id", "r.action", "r.owner"),
    ("event_action", 8, "qi_event_action", "r.id", "r.action", "r.owner"),
    ("review", 9, "gov_reviews", "r.id", "r.reference",
     "replace(r.category, '_', ' ') || ' ' || r.themes || ' ' || r.notes"),
    ("submission", 10, "gov_submissions", "r.id",
     "coalesce((SELECT d.name FROM gov_datasets d WHERE d.code = r.dataset), r.dataset)",
     "r.dataset || ' ' || r.period || ' ' || r.submitted_by || ' ' || r.dq_issues"),
    ("course", 11, "course", "r.code", "r.name", "r.code"),
    ("indicator", 12, "indicator", "r.code", "r.name", "r.code || ' ' || r.grp || ' ' || r.notes"),
)

# A title taken from another table: (kind, parent table, parent key, child column). When the
# parent's name changes, its children's index rows are written again.
BORROWED_TITLES = (
    ("session", "course", "code", "course_code"),
    ("submission", "gov_datasets", "code", "dataset"),
)


def _select(kind: str, number: int, key: str, title: str, body: str, alias: str) -> str:
    def swap(expr: str) -> str:
        return re.sub(r"\br\.", f"{alias}.", expr)

    return (f"{KIND_BASE * number} + {alias}.rowid, '{kind}', CAST({swap(key)} AS TEXT), "
            f"coalesce({swap(title)}, ''), coalesce({swap(body)}, '')")


def migrate(store) -> None:
    store.execute(
        """CREATE VIRTUAL TABLE search_index USING fts5(
            kind UNINDEXED, record_key UNINDEXED, title, body,
            tokenize = 'unicode61 remove_diacritics 2',
            prefix = '1 2 3'
        )"""
    )
    for kind, number, table, key, title, body in KINDS:
        columns = "rowid, kind, record_key, title, body"
        base = KIND_BASE * number
        store.execute(f"INSERT INTO search_index ({columns}) SELECT {_select(kind, number, key, title, body, 'r')} FROM {table} r")
        store.execute(
            f"""CREATE TRIGGER search_{table}_ai AFTER INSERT ON {table} BEGIN
                INSERT INTO search_index ({columns}) VALUES ({_select(kind, number, key, title, body, 'new')});
            END"""
        )
        store.execute(
            f"""CREATE TRIGGER search_{table}_ad AFTER DELETE ON {table} BEGIN
                DELETE FROM search_index WHERE rowid = {base} + old.rowid;
            END"""
        )
        store.execute(
            f"""CREATE TRIGGER search_{table}_au AFTER UPDATE ON {table} BEGIN
                DELETE FROM search_index WHERE rowid = {base} + old.rowid;
                INSERT INTO search_index ({columns}) VALUES ({_select(kind, number, key, title, body, 'new')});
            END"""
        )
    spec = {k[0]: k for k in KINDS}
    for kind, parent, parent_key, child_column in BORROWED_TITLES:
        _, number, table, key, title, body = spec[kind]
        store.execute(
            f"""CREATE TRIGGER search_{parent}_names AFTER UPDATE OF name ON {parent} BEGIN
                DELETE FROM search_index WHERE rowid IN
                    (SELECT {KIND_BASE * number} + rowid FROM {table} WHERE {child_column} = new.{parent_key});
                INSERT INTO search_index ({columns})
                    SELECT {_select(kind, number, key, title, body, 'r')} FROM {table} r
                    WHERE r.{child_column} = new.{parent_key};
            END"""
        )
