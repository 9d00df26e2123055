"""Full-text search: every kind found, ranking, and the index changing in the same
transaction as the records it describes."""

from __future__ import annotations

from datetime import date

import pytest

from maternity_desk.core.search import KIND_LABELS, match_expression
from maternity_desk.core.training import StaffMember
from maternity_desk.store import search as ss
from maternity_desk.store import training as st


def kinds(groups):
    return [g.kind for g in groups]


def titles(groups, kind):
    return [h.title for g in groups if g.kind == kind for h in g.hits]


def add_staff(store, number="12345678", name="Zelda Quartermaine", group="midwife"):
    with store.transaction():
        st.save_staff(store, StaffMember(number, name, group, date(2020, 1, 1)), new=True)


def test_match_expression_quotes_every_word_as_a_prefix():
    assert match_expression("  ") is None
    assert match_expression("bereave mid") == '"bereave"* AND "mid"*'
    # FTS5 syntax typed by a user is read as words, never as operators
    assert match_expression('a OR "b" NEAR(c)') == '"a"* AND "OR"* AND "b"* AND "NEAR"* AND "c"*'


def test_every_listed_kind_is_found_in_the_demo_unit(demo_store):
    queries = {
        "staff": "midwife", "course": "PROMPT", "session": "simulation", "ledger": "backfill",
        "project": "smoke", "plan_action": "fetal", "meeting_action": "bereavement",
        "review": "PMR", "review_action": "bereavement", "submission": "MSDS", "indicator": "stillbirth",
        "event_action": "share",
    }
    assert set(queries) == set(KIND_LABELS)
    for kind, text in queries.items():
        groups = ss.search(demo_store, text)
        assert kind in kinds(groups), (kind, text, kinds(groups))
        group = next(g for g in groups if g.kind == kind)
        assert group.label == KIND_LABELS[kind]
        assert all(h.title and h.detail for h in group.hits), group


def test_groups_follow_the_kind_order_and_stay_within_the_limit(demo_store):
    groups = ss.search(demo_store, "mid", per_kind=3)
    order = list(KIND_LABELS)
    assert kinds(groups) == sorted(kinds(groups), key=order.index)
    assert all(1 <= len(g.hits) <= 3 for g in groups)


def test_staff_found_by_name_prefix_and_by_number(store):
    add_staff(store)
    assert titles(ss.search(store, "zel quart"), "staff") == ["Zelda Quartermaine"]
    hit = ss.search(store, "12345678")[0].hits[0]
    assert (hit.kind, hit.key, hit.detail) == ("staff", "12345678", "12345678 · Midwife")
    assert ss.search(store, "zelda nobody") == []


def test_a_title_match_ranks_above_a_match_in_the_notes(store):
    with store.transaction():
        st.save_staff(store, StaffMember("11111111", "Ann Other", "midwife", date(2020, 1, 1),
                                         notes="covers for Hopkins on nights"), new=True)
        st.save_staff(store, StaffMember("22222222", "Mary Hopkins", "midwife", date(2020, 1, 1)), new=True)
    assert titles(ss.search(store, "hopkins"), "staff") == ["Mary Hopkins", "Ann Other"]


def test_edits_and_deletes_reach_the_index_in_the_same_transaction(store):
    add_staff(store)
    with store.transaction():
        st.save_staff(store, StaffMember("12345678", "Zelda Fitzgerald", "midwife", date(2020, 1, 1)), new=False)
        # seen inside the transaction that made the change
        assert titles(ss.search(store, "fitzgerald"), "staff") == ["Zelda Fitzgerald"]
    assert ss.search(store, "quartermaine") == []
    with store.transaction():
        st.delete_staff(store, "12345678")
    assert ss.search(store, "zelda") == []


def test_a_rolled_back_change_leaves_no_trace_in_the_index(store):
    with pytest.raises(RuntimeError), store.transaction():
        st.save_staff(store, StaffMember("12345678", "Zelda Quartermaine", "midwife", date(2020, 1, 1)), new=True)
        assert ss.search(store, "zelda")
        raise RuntimeError("user cancelled")
    assert ss.search(store, "zelda") == []
    assert store.scalar("SELECT count(*) FROM search_index WHERE kind = 'staff'") == 0


def test_renaming_a_course_renames_its_sessions_in_the_index(demo_store):
    before = ss.search(demo_store, "PROMPT", kinds=("session",))[0].hits[0]
    with demo_store.transaction():
        demo_store.execute("UPDATE course SET name = 'Obstetric emergencies drill' WHERE code = 'PROMPT'")
    after = ss.search(demo_store, "obstetric emergencies drill", kinds=("session",))
    assert after and before.key in [h.key for h in after[0].hits]
    assert all(h.title == "Obstetric emergencies drill" for h in after[0].hits)


def test_rebuild_writes_the_same_index(demo_store):
    count = demo_store.scalar("SELECT count(*) FROM search_index")
    assert ss.rebuild(demo_store) == count
    assert titles(ss.search(demo_store, "PROMPT"), "course")


def test_integrity_check_passes_on_the_index(demo_store):
    with demo_store.transaction():
        demo_store.execute("INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)")
