"""Governance store: migrations seeded from resources, audited writes, refusals, overdue and
the Home page's missing submissions."""

from datetime import date

import pytest

from maternity_desk.core import governance as g
from maternity_desk.core.errors import InvalidValue
from maternity_desk.store import governance as sg


def _audit_count(store, table):
    return store.scalar("SELECT count(*) FROM audit_log WHERE table_name = ?", (table,))


def test_seeded_catalogues(store):
    assert [r.code for r in sg.deadline_rules(store)] == list(g.MILESTONES)
    assert {(r.code, r.basis, r.amount) for r in sg.deadline_rules(store)} == {
        ("reported", "working_days", 7), ("parents_informed", "working_days", 7),
        ("review_started", "months", 2), ("draft_report", "months", 4), ("report_published", "months", 6)}
    assert [(r.code, r.required) for r in sg.champion_roles(store)] == [
        ("board", True), ("board_non_exec", True), ("obstetric", True), ("midwifery", True), ("neonatal", True)]
    codes = {d.code for d in sg.datasets(store)}
    assert codes >= {"MSDS", "MSDS_FINAL", "MBRRACE", "EBC", "MNSI", "EN", "NND"}
    assert "NMPA" not in codes  # built from national data, not a unit submission
    assert date(2024, 12, 25) in sg.calendar(store).holidays
    assert sg.meeting_gap_months(store) == 2
    assert "year 7" in store.get_setting("governance.rules_scheme")


def test_save_review_audited_and_checked(store):
    case = g.make_review({"reference": "R24-001", "category": "stillbirth", "gestation": "36+2",
                          "date_of_death": "2024-03-02"})
    rid = sg.save_review(store, case)
    assert _audit_count(store, "gov_reviews") == 1
    assert sg.reviews(store)[0].gestation_days == 254
    # the same reference (any case) refused
    with pytest.raises(InvalidValue, match="already a case"):
        sg.save_review(store, g.make_review({"reference": "r24-001", "category": "stillbirth",
                                             "gestation": "30+0", "date_of_death": "2024-03-02"}))
    # an edit that slips in an NHS number is refused and nothing changes
    bad = g.ReviewCase(rid, "R24-001", "stillbirth", 254, date(2024, 3, 2), themes="see 943 476 5919")
    with pytest.raises(InvalidValue, match="NHS number"):
        sg.save_review(store, bad)
    assert sg.reviews(store)[0].themes == ""
    # out-of-scope edit refused too
    with pytest.raises(InvalidValue, match="late fetal loss"):
        sg.save_review(store, g.ReviewCase(rid, "R24-001", "stillbirth", 160, date(2024, 3, 2)))
    sg.save_review(store, g.ReviewCase(rid, "R24-001", "stillbirth", 254, date(2024, 3, 2),
                                       reported=date(2024, 3, 5)))
    assert sg.reviews(store)[0].reported == date(2024, 3, 5)
    assert _audit_count(store, "gov_reviews") == 2


def test_database_refuses_out_of_scope_rows(store):
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError), store.transaction():
        store.execute("INSERT INTO gov_reviews (reference, category, gestation_days, date_of_death) "
                      "VALUES ('x', 'stillbirth', 160, '2024-01-01')")


def test_champions_overlap_and_vacancy(store):
    sg.save_champion(store, g.Champion(None, "board", "A Person", date(2023, 1, 1), date(2024, 3, 31)))
    with pytest.raises(InvalidValue, match="holds this role"):
        sg.save_champion(store, g.Champion(None, "board", "B Person", date(2024, 3, 1)))
    sg.save_champion(store, g.Champion(None, "board", "B Person", date(2024, 5, 1)))
    roles, champs = sg.champion_roles(store), sg.champions(store)
    assert [r.code for r in g.vacant_roles(roles, champs, date(2024, 4, 15))] == [
        "board", "board_non_exec", "obstetric", "midwifery", "neonatal"]
    assert [r.code for r in g.vacant_roles(roles, champs, date(2024, 5, 1))] == [
        "board_non_exec", "obstetric", "midwifery", "neonatal"]
    assert _audit_count(store, "gov_champions") == 2


def test_meeting_gap_setting(store):
    sg.set_meeting_gap_months(store, 3)
    assert sg.meeting_gap_months(store) == 3
    with pytest.raises(InvalidValue):
        sg.set_meeting_gap_months(store, 0)


def test_overdue_across_registers(store):
    as_at = date(2025, 3, 1)
    mid = sg.save_meeting(store, g.Meeting(None, date(2024, 11, 20), "Board, obstetric and midwifery champions"))
    sg.save_follow_up(store, "gov_champion_actions", g.FollowUp(None, mid, "Walkabout", "Board", date(2025, 2, 1)))
    sg.save_plan_action(store, g.PlanAction(None, "Smoking", "CO testing", "MW", date(2025, 2, 28), "in_progress"))
    sg.save_plan_action(store, g.PlanAction(None, "Smoking", "Done one", "MW", date(2025, 1, 1), "complete"))
    rid = sg.save_review(store, g.ReviewCase(None, "R24-100", "stillbirth", 250, date(2024, 12, 20)))
    sg.save_follow_up(store, "gov_review_actions", g.FollowUp(None, rid, "Audit CTG", "Obs", date(2025, 2, 20)))
    items = sg.overdue(store, as_at)
    got = sorted((i.register, i.due_date.isoformat(), i.days_overdue) for i in items)
    assert got == sorted([
        ("Champions' meetings", "2025-01-20", 40),
        ("Champion actions", "2025-02-01", 28),
        ("Improvement plan", "2025-02-28", 1),
        # died Fri 20 Dec 2024: reported and parents due Fri 3 Jan 2025 (57 days to 1 Mar);
        # review due 20 Feb (9 days)
        ("Perinatal reviews", "2025-01-03", 57),
        ("Perinatal reviews", "2025-01-03", 57),
        ("Perinatal reviews", "2025-02-20", 9),
        ("Review actions", "2025-02-20", 9),
    ])


def test_missing_submissions_for_home_page(store):
    with store.transaction():
        sg.save_submission(store, g.Submission(None, "MSDS", "2025-08", date(2025, 9, 30), date(2025, 9, 20), "Analyst"))
        sg.save_submission(store, g.Submission(None, "NND", "2025-09", date(2025, 10, 15), date(2025, 10, 1), "Clerk"))
        sg.save_submission(store, g.Submission(None, "MSDS_FINAL", "2025-08", date(2025, 10, 31), date(2025, 10, 20),
                                               "Analyst"))
        sg.save_submission(store, g.Submission(None, "MBRRACE", "R25-031", date(2025, 10, 2)))
    missing = sg.missing_submissions(store, date(2025, 10, 15))
    assert [(m.dataset, m.period, m.due_date, m.days_overdue) for m in missing] == [
        ("MBRRACE", "R25-031", date(2025, 10, 2), 13),
        ("MSDS", "2025-09", date(2025, 10, 31), 0),
        ("MSDS_FINAL", "2025-09", date(2025, 11, 30), 0),  # the final window: end of the second month
    ]
    with pytest.raises(InvalidValue, match="already has a submission"):
        sg.save_submission(store, g.Submission(None, "MSDS", "Aug-25", date(2025, 9, 30)))


def test_dataset_edit_rules(store):
    msds = sg.dataset(store, "MSDS")
    sg.save_dataset(store, g.Dataset("MSDS", msds.name, "monthly", 1, "20"), original_code="MSDS")
    assert sg.dataset(store, "msds").due_day == "20"
    sg.save_submission(store, g.Submission(None, "MSDS", "2025-08", date(2025, 9, 20)))
    with pytest.raises(InvalidValue, match="cadence"):
        sg.save_dataset(store, g.Dataset("MSDS", msds.name, "annual", 1, "end"), original_code="MSDS")
    sg.save_dataset(store, g.Dataset("LOCAL", "Local audit", "quarterly", 1, "10"))
    with pytest.raises(InvalidValue, match="already"):
        sg.save_dataset(store, g.Dataset("LOCAL", "Again", "quarterly", 1, "10"))


def test_deadline_rule_edit(store):
    sg.save_deadline_rule(store, "parents_informed", "working_days", 10)
    assert {r.code: r.amount for r in sg.deadline_rules(store)}["parents_informed"] == 10
    with pytest.raises(InvalidValue):
        sg.save_deadline_rule(store, "parents_informed", "weeks", 1)


def test_demo_registers(demo_store):
    from tests.conftest import DEMO_TODAY

    reviews = sg.reviews(demo_store)
    per_year = {}
    for c in reviews:
        per_year[c.date_of_death.year] = per_year.get(c.date_of_death.year, 0) + 1
    assert 20 <= per_year[DEMO_TODAY.year - 1] <= 30
    states = {g.case_status(c, DEMO_TODAY) for c in reviews}
    assert states == {"Not reported", "Reported, review not started", "Review in progress", "Report published"}
    gaps = g.meeting_gaps([m.date for m in sg.meetings(demo_store)], 2, DEMO_TODAY)
    assert any(x.next is not None for x in gaps)  # a past gap of more than two months
    assert 12 <= len(sg.plan_actions(demo_store)) <= 18
    assert {a.status for a in sg.plan_actions(demo_store)} == set(g.PLAN_STATUSES)
    late = [s for s in sg.submissions(demo_store) if s.late]
    assert len(late) == 1
    assert sg.overdue(demo_store, DEMO_TODAY)
    assert any(m.dataset == "MSDS" for m in sg.missing_submissions(demo_store, DEMO_TODAY))


def test_attention_lines_for_home(store):
    sg.save_submission(store, g.Submission(None, "MSDS", "2025-08", date(2025, 9, 30), date(2025, 9, 20), "Analyst"))
    lines = sg.attention(store, date(2025, 10, 15))
    assert ("Submission not yet made: Maternity Services Data Set (MSDS), provisional submission, Sep 2025 "
            "(due 31/10/2025)") in lines
    assert "The board safety champion (executive director) role is vacant" in lines
    assert "The board safety champion (non-executive director) role is vacant" in lines
    assert "The neonatal safety champion role is vacant" in lines
    assert not any(line.startswith("Overdue governance items") for line in lines)
