"""Fund ledger in the database: schema, audited writes, people trained, the demo ledger."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest

from maternity_desk.core import fund as core
from maternity_desk.core.errors import InvalidValue
from maternity_desk.store import fund as store_fund


def entry(**kw):
    base = dict(date=date(2016, 11, 1), fund_code="MSTF", kind="commitment", amount_pence=120_000,
                description="PROMPT", category="Skills and drills", reference="PO-1", course_code="PROMPT", places=10)
    base.update(kw)
    return core.LedgerEntry(**base)


def test_schema_seeds_funds_and_categories(store):
    assert [(f.code, f.name) for f in store_fund.funds(store)] == [
        ("MSTF", "Maternity Safety Training Fund"), ("INNOVATION", "Innovation Fund"), ("TRUST", "Trust training budget"),
    ]
    assert [c.name for c in store_fund.categories(store)] == [
        "Team leadership", "Multi-professional teamwork and communication", "Human factors",
        "Fetal growth and monitoring", "Skills and drills", "Backfill", "Travel", "Other",
    ]
    cols = {r["name"] for r in store.query("PRAGMA table_info(training_session)")}
    assert "fund_entry_id" in cols


@pytest.mark.parametrize(
    "column, value",
    [("kind", "invoice"), ("amount_pence", 0), ("amount_pence", -5), ("amount_pence", 1.5),
     ("fund_code", "NOPE"), ("category", "Catering"), ("course_code", "NOPE"), ("places", -1), ("date", "31/03/2017")],
)
def test_schema_refuses_bad_rows(store, column, value):
    row = entry().row()
    row[column] = value
    with pytest.raises(sqlite3.IntegrityError), store.transaction():
        store.insert("fund_entry", row)


def test_add_update_delete_are_audited(store):
    entry_id = store_fund.add_entry(store, entry())
    store_fund.update_entry(store, entry(id=entry_id, amount_pence=130_000))
    assert store_fund.entry(store, entry_id).amount_pence == 130_000
    store_fund.delete_entry(store, entry_id)
    assert store_fund.entry(store, entry_id) is None
    audit = store.query("SELECT action, before_json, after_json FROM audit_log WHERE table_name = 'fund_entry' ORDER BY id")
    assert [a["action"] for a in audit] == ["insert", "update", "delete"]
    assert json.loads(audit[1]["before_json"])["amount_pence"] == 120_000
    assert json.loads(audit[1]["after_json"])["amount_pence"] == 130_000


def _staff_and_session(store, entry_id, date_text="2017-02-01", course="PROMPT", link=True):
    with store.transaction():
        for n in range(5):
            if not store.row_dict("staff", "staff_number", f"S{n}"):
                store.insert("staff", {"staff_number": f"S{n}", "name": f"P {n}", "staff_group": "midwife",
                                       "start_date": "2010-01-01"}, key_col="staff_number")
        return store.insert("training_session", {"course_code": course, "date": date_text, "status": "held",
                                                 "fund_entry_id": entry_id if link else None})


def test_people_trained_counts_distinct_attendees_of_linked_sessions(store):
    e1 = store_fund.add_entry(store, entry())
    e2 = store_fund.add_entry(store, entry(date=date(2017, 4, 1), reference="PO-2"))  # 2017/18
    s1 = _staff_and_session(store, e1)
    s2 = _staff_and_session(store, e1, "2017-03-01")
    s3 = _staff_and_session(store, e2, "2017-05-01")
    s4 = _staff_and_session(store, None, "2017-03-15", link=False)
    with store.transaction():
        rows = [("S0", "2017-02-01", "attended", s1), ("S1", "2017-02-01", "attended", s1),
                ("S2", "2017-02-01", "dna", s1), ("S0", "2017-03-01", "attended", s2),  # S0 twice: once
                ("S3", "2017-05-01", "attended", s3), ("S4", "2017-03-15", "attended", s4),
                ("S4", "2017-03-01", "attended", None)]  # no session id: matched by course and date
        for staff, d, status, sid in rows:
            store.insert("attendance", {"staff_number": staff, "course_code": "PROMPT", "date": d,
                                        "status": status, "session_id": sid})
    assert store_fund.people_trained(store, "MSTF", "2016/17") == 3  # S0, S1, S4
    assert store_fund.people_trained(store, "MSTF", "2017/18") == 1  # S3
    assert store_fund.people_trained(store, "TRUST", "2016/17") == 0
    fig = store_fund.figures(store, "MSTF", "2016/17")
    assert fig.people_trained == 3 and fig.cost_per_person_pence == 0  # nothing paid yet
    store_fund.add_entry(store, entry(kind="payment", amount_pence=100_000, date=date(2017, 3, 1), places=None))
    assert store_fund.figures(store, "MSTF", "2016/17").cost_per_person_pence == 33_333  # 100,000 / 3
    # S2 and S3 booked on a funded session whose register is not taken yet: not trained
    planned = _staff_and_session(store, e1, "2017-03-20")
    with store.transaction():
        store.update("training_session", "id", planned, {"status": "planned"})
        for staff in ("S2", "S3"):
            store.insert("attendance", {"staff_number": staff, "course_code": "PROMPT", "date": "2017-03-20",
                                        "status": "attended", "session_id": planned})
    assert store_fund.people_trained(store, "MSTF", "2016/17") == 3


def test_deleting_an_entry_unlinks_its_sessions_with_audit(store):
    e1 = store_fund.add_entry(store, entry())
    sid = _staff_and_session(store, e1)
    store_fund.delete_entry(store, e1)
    assert store.scalar("SELECT fund_entry_id FROM training_session WHERE id = ?", (sid,)) is None
    unlink = store.query_one("SELECT after_json FROM audit_log WHERE table_name = 'training_session' AND action = 'update'")
    assert json.loads(unlink["after_json"])["fund_entry_id"] is None


def test_funds_and_categories_are_editable(store):
    store_fund.save_fund(store, core.Fund("hee", "Health Education England fund"))
    assert store_fund.find_fund(store, "health education england FUND").code == "HEE"
    with pytest.raises(InvalidValue, match="already a fund called"):
        store_fund.save_fund(store, core.Fund("X", "innovation fund"))
    store_fund.save_fund(store, core.Fund("HEE", "HEE fund", active=False), original_code="HEE")
    assert [f.code for f in store_fund.funds(store, active_only=True)] == ["MSTF", "INNOVATION", "TRUST"]
    store_fund.save_category(store, "Simulation", 90)
    with pytest.raises(InvalidValue, match="already a category"):
        store_fund.save_category(store, "backfill", 1)
    store_fund.add_entry(store, entry(category="Simulation"))
    with pytest.raises(InvalidValue, match="used by 1 ledger entry"):
        store_fund.delete_category(store, "Simulation")
    store_fund.save_category(store, "Simulation and drills", 90, original="Simulation")
    assert store_fund.entries(store)[0].category == "Simulation and drills"


def test_demo_ledger(demo_store):
    s = demo_store
    mstf = store_fund.figures(s, "MSTF", "2016/17")
    # hand-summed from demo/fund.py: payments 40,450 - refund 550 = 39,900; places 120+60+30+8
    assert (mstf.allocated_pence, mstf.paid_pence, mstf.outstanding_pence, mstf.available_pence, mstf.places) == (
        4_125_000, 3_990_000, 0, 135_000, 218,
    )
    inn = store_fund.figures(s, "INNOVATION", "2017/18")
    assert (inn.allocated_pence, inn.paid_pence, inn.available_pence) == (1_082_000, 1_027_000, 55_000)
    # trust budget every year from 2017/18 to the demo's today (2026/27)
    years = {r[0][:4] for r in s.query("SELECT date FROM fund_entry WHERE fund_code='TRUST' AND kind='allocation'")}
    assert years == {str(y) for y in range(2017, 2027)}
    assert store_fund.figures(s, "TRUST", "2026/27").outstanding_pence > 0  # the year is not over
    assert s.scalar("SELECT count(*) FROM fund_entry WHERE date > '2026-10-15'") == 0
    held = s.scalar("SELECT count(*) FROM training_session WHERE status = 'held'")
    if held:  # the training demo has run before us: its sessions are paid for
        linked = s.scalar("SELECT count(*) FROM training_session WHERE fund_entry_id IS NOT NULL")
        assert linked > 0
        trained = [f for y in range(2016, 2027) for f in store_fund.all_figures(s, f"{y}/{(y + 1) % 100:02d}")
                   if f.people_trained]
        assert trained
        for f in trained:
            assert f.cost_per_person_pence == (2 * f.paid_pence + f.people_trained) // (2 * f.people_trained)


def test_demo_mstf_award_trained_real_people(demo_store):
    """The demo's 2016/17 award paid for sessions whose attendance is on the register, so
    people trained and cost per person are computed, not empty."""
    from maternity_desk.store import fund as store_fund

    mstf = store_fund.figures(demo_store, "MSTF", "2016/17")
    assert mstf.people_trained > 50
    assert mstf.cost_per_person_pence == (2 * mstf.paid_pence + mstf.people_trained) // (2 * mstf.people_trained)


def test_people_trained_as_at_leaves_out_later_entries_and_attendance(store):
    """As the year stood on a date: a session linked to an entry dated after it does not count,
    nor does attendance after it."""
    e1 = store_fund.add_entry(store, entry())  # 1 Nov 2016
    e2 = store_fund.add_entry(store, entry(date=date(2017, 2, 1), reference="PO-2"))
    s1 = _staff_and_session(store, e1, "2016-12-01")
    s2 = _staff_and_session(store, e2, "2016-12-15")  # held before its entry was dated
    with store.transaction():
        for staff, d, sid in (("S0", "2016-12-01", s1), ("S1", "2017-01-20", s1), ("S2", "2016-12-15", s2)):
            store.insert("attendance", {"staff_number": staff, "course_code": "PROMPT", "date": d,
                                        "status": "attended", "session_id": sid})
    assert store_fund.people_trained(store, "MSTF", "2016/17") == 3
    assert store_fund.people_trained(store, "MSTF", "2016/17", as_at=date(2017, 3, 31)) == 3
    assert store_fund.people_trained(store, "MSTF", "2016/17", as_at=date(2017, 1, 31)) == 2  # e2 not yet dated
    assert store_fund.people_trained(store, "MSTF", "2016/17", as_at=date(2016, 12, 31)) == 1  # S1 came later
    assert store_fund.people_trained(store, "MSTF", "2016/17", as_at=date(2016, 10, 31)) == 0
    assert store_fund.figures(store, "MSTF", "2016/17", as_at=date(2017, 1, 31)).people_trained == 2


def test_attention_lists_funds_overspent_this_year(store):
    assert store_fund.attention(store, date(2017, 3, 1)) == []
    store_fund.add_entry(store, entry(kind="allocation", date=date(2016, 4, 1), amount_pence=100_000,
                                      reference="", category=None, course_code=None, places=None))
    store_fund.add_entry(store, entry(fund_code="TRUST", kind="payment", date=date(2017, 1, 10),
                                      amount_pence=25_050, reference="INV-1"))
    store_fund.add_entry(store, entry(date=date(2017, 3, 20), amount_pence=120_000))  # MSTF: 100,000 - 120,000
    # on 1 March the MSTF commitment is not yet made; TRUST has paid with nothing allocated
    assert store_fund.attention(store, date(2017, 3, 1)) == ["Training fund overspent: TRUST 2016/17 by £250.50"]
    assert store_fund.attention(store, date(2017, 3, 31)) == [
        "Training fund overspent: MSTF 2016/17 by £200.00",
        "Training fund overspent: TRUST 2016/17 by £250.50",
    ]
    assert store_fund.attention(store, date(2017, 4, 1)) == []  # a new financial year
