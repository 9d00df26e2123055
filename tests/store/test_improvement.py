"""Improvement in the database: seeding, adoption (copy then decouple), PDSA, drivers, board."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import date

import pytest

from maternity_desk.core import improvement as qi
from maternity_desk.core.errors import InvalidValue
from maternity_desk.paths import resource
from maternity_desk.store import improvement as qs


def _audit_count(store, table: str) -> int:
    return store.scalar("SELECT count(*) FROM audit_log WHERE table_name = ?", (table,))


def test_migration_seeds_the_shipped_picklist(store):
    shipped = json.loads(resource("picklist.json").read_text(encoding="utf-8"))["projects"]
    plist = qs.picklist(store)
    assert [p.code for p in plist] == [p["code"] for p in shipped]
    assert sum(len(p.measures) for p in plist) == sum(len(p["measures"]) for p in shipped)
    assert not any(p.local for p in plist)


def test_adoption_copies_then_decouples_from_the_catalogue(store):
    pid = qs.adopt_project(store, "SFP", start_date=date(2025, 4, 1), wave="Wave 2", status="active")
    adopted = qs.project(store, pid)
    catalogue = qs.picklist_project(store, "SFP")
    assert adopted.aim_text == catalogue.suggested_aim
    assert [m.name for m in qs.measures(store, pid)] == [m.name for m in catalogue.measures]
    assert _audit_count(store, "qi_project") == 1 and _audit_count(store, "qi_measure") == 1

    # The catalogue is edited: aim rewritten, first measure renamed, last measure dropped.
    edited = replace(
        catalogue, suggested_aim="A different aim",
        measures=(replace(catalogue.measures[0], name="Renamed"), *catalogue.measures[1:-1]),
    )
    qs.save_picklist_project(store, edited, original_code="SFP")
    assert qs.picklist_project(store, "SFP").suggested_aim == "A different aim"
    again = qs.project(store, pid)
    assert again.aim_text == catalogue.suggested_aim
    assert [m.name for m in qs.measures(store, pid)] == [m.name for m in catalogue.measures]

    # ...and the other way: editing the project's copy leaves the catalogue alone.
    m0 = qs.measures(store, pid)[0]
    qs.save_measure(store, pid, replace(m0, name="Smoking at delivery (local definition)"))
    assert qs.picklist_project(store, "SFP").measures[0].name == "Renamed"

    # Deleting the catalogue entry keeps the project, which only forgets where it came from.
    qs.delete_picklist_project(store, "SFP")
    kept = qs.project(store, pid)
    assert kept.picklist_code is None and kept.aim_text == catalogue.suggested_aim
    assert len(qs.measures(store, pid)) == len(catalogue.measures)


def test_local_project_added_to_picklist_and_adopted_twice_gets_a_new_code(store):
    local = qi.PicklistProject(
        code="LOCAL-1", title="Induction of labour waits", area="Local", rationale="Delays on the ward",
        suggested_aim="Halve waits over 24 hours", local=True,
        measures=(qi.Measure(type="outcome", name="Waits over 24 hours", numerator="n", denominator="d",
                             better="lower"),),
    )
    qs.save_picklist_project(store, local)
    assert qs.picklist_project(store, "LOCAL-1").local
    with pytest.raises(InvalidValue, match="already has a project"):
        qs.save_picklist_project(store, local)
    first = qs.adopt_project(store, "LOCAL-1", start_date=date(2025, 1, 1))
    second = qs.adopt_project(store, "LOCAL-1", start_date=date(2026, 1, 1))
    assert qs.project(store, first).code == "LOCAL-1"
    assert qs.project(store, second).code == "LOCAL-1-2"


def test_abandoned_needs_reason_in_store_and_schema(store):
    pid = qs.adopt_project(store, "RFM", start_date=date(2025, 1, 1))
    p = qs.project(store, pid)
    with pytest.raises(InvalidValue, match="reason"):
        qs.save_project(store, replace(p, status="abandoned"))
    qs.save_project(store, replace(p, status="abandoned", abandon_reason="Merged into the SBL work"))
    assert qs.project(store, pid).status == "abandoned"
    with pytest.raises(sqlite3.IntegrityError), store.transaction():
        store.execute("UPDATE qi_project SET abandon_reason = '' WHERE id = ?", (pid,))


def test_pdsa_saved_inside_the_projects_life_only(store):
    pid = qs.adopt_project(store, "ATAIN", start_date=date(2025, 3, 1), status="active")
    with pytest.raises(InvalidValue, match="before the project started"):
        qs.save_pdsa(store, qi.PdsaCycle("Too early", date(2025, 2, 28), project_id=pid))
    cid = qs.save_pdsa(store, qi.PdsaCycle("Hypothermia huddle", date(2025, 3, 3), end_date=date(2025, 3, 31),
                                           project_id=pid))
    cycle = qs.pdsa_cycles(store, pid)[0]
    with pytest.raises(InvalidValue, match="study"):
        qs.save_pdsa(store, replace(cycle, act="adopt"))
    qs.save_pdsa(store, replace(cycle, study="Admissions for hypothermia 4 -> 1", act="adopt"))
    assert qs.pdsa_cycles(store, pid)[0].act == "adopt" and qs.pdsa_cycles(store, pid)[0].id == cid
    # The project's start cannot move past a cycle already recorded.
    with pytest.raises(InvalidValue, match="Hypothermia huddle"):
        qs.save_project(store, replace(qs.project(store, pid), start_date=date(2025, 3, 10)))


def test_driver_tree_kinds_follow_their_place(store):
    pid = qs.adopt_project(store, "SFP", start_date=date(2025, 1, 1))
    p1 = qs.add_driver(store, pid, None, "Every woman CO tested at booking")
    s1 = qs.add_driver(store, pid, p1, "Monitors in every clinic")
    c1 = qs.add_driver(store, pid, s1, "Spare monitor kept on the ward")
    with pytest.raises(InvalidValue, match="cannot have items"):
        qs.add_driver(store, pid, c1, "Too deep")
    kinds = {n.id: n.kind for n in qs.drivers(store, pid)}
    assert kinds == {p1: "primary", s1: "secondary", c1: "change_idea"}
    qs.rename_driver(store, c1, "Two spare monitors")
    assert qi.change_ideas(qs.drivers(store, pid)) == ["Two spare monitors"]
    qs.delete_driver(store, p1)
    assert qs.drivers(store, pid) == []
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'qi_driver' AND action = 'delete'") == 3


def test_team_and_missing_leads_on_the_board(store):
    pid = qs.adopt_project(store, "ATAIN", start_date=date(2025, 1, 1), status="active",
                           team=[qi.TeamMember("Dr A Patel", "obstetrician_lead")])
    qs.add_member(store, pid, qi.TeamMember("R Jones", "midwife_lead"))
    row = qs.board(store)[0]
    assert row.roles == ("obstetrician_lead", "midwife_lead")
    assert row.missing_leads == ("senior_manager_lead",)
    assert row.signal is None  # no data yet


def test_primary_measure_is_unique_and_moves(store):
    pid = qs.adopt_project(store, "SFP", start_date=date(2025, 1, 1))
    ms = qs.measures(store, pid)
    assert [m.is_primary for m in ms] == [True, False, False, False]
    qs.save_measure(store, pid, replace(ms[1], is_primary=True))
    assert [m.is_primary for m in qs.measures(store, pid)] == [False, True, False, False]
    qs.delete_measure(store, ms[1].id)
    assert [m.is_primary for m in qs.measures(store, pid)] == [True, False, False]


def _months(n: int) -> list[str]:
    return [f"{2024 + i // 12}-{i % 12 + 1:02d}" for i in range(n)]


def test_board_signal_from_spc_of_the_primary_measure(store):
    # ATAIN's primary measure is a p-chart of term admissions (better lower), baseline 12 months.
    pid = qs.adopt_project(store, "ATAIN", start_date=date(2024, 1, 1), status="active")
    primary = next(m for m in qs.measures(store, pid) if m.is_primary)
    qs.save_measure(store, pid, replace(primary, baseline_points=12))
    primary = next(m for m in qs.measures(store, pid) if m.is_primary)
    rows = [(20, 100)] * 12 + [(12, 100)] * 7  # 20% for a year, then 7 months at 12%: a shift
    qs.set_values(store, primary, [qi.MeasureValue(m, n, d) for m, (n, d) in zip(_months(19), rows)])
    other = qs.measures(store, pid)[1]
    qs.set_values(store, other, [qi.MeasureValue("2025-07", 1, 100)])  # not primary: no effect

    worse = qs.adopt_project(store, "SFP", start_date=date(2024, 1, 1), status="active")
    sfp = next(m for m in qs.measures(store, worse) if m.is_primary)
    qs.save_measure(store, worse, replace(sfp, baseline_points=12))
    sfp = next(m for m in qs.measures(store, worse) if m.is_primary)
    qs.set_values(store, sfp, [qi.MeasureValue(m, n, d) for m, (n, d) in zip(_months(19), rows[:12] + [(40, 100)])])

    flat = qs.adopt_project(store, "RFM", start_date=date(2024, 1, 1), status="planned")
    rfm = next(m for m in qs.measures(store, flat) if m.is_primary)
    qs.set_values(store, rfm, [qi.MeasureValue(m, 20, 100) for m in _months(6)])

    board = {r.project.code: r for r in qs.board(store)}
    assert board["ATAIN"].signal == "improving"
    assert board["ATAIN"].latest_month == "2025-07"
    assert board["SFP"].signal == "concern"  # 40% is above the 32% upper limit; smoking: lower is better
    assert board["RFM"].signal == "no change"
    groups = dict(qi.board_groups(board.values()))
    assert [r.project.code for r in groups["active"]] == ["SFP", "ATAIN"]  # by title
    assert [r.project.code for r in groups["planned"]] == ["RFM"]


def test_set_values_replaces_and_audits(store):
    pid = qs.adopt_project(store, "SFP", start_date=date(2025, 1, 1))
    m = qs.measures(store, pid)[1]  # CO test at booking: a measure of the project's own
    assert m.indicator is None
    qs.set_values(store, m, [qi.MeasureValue("2025-01", 30, 300)])
    qs.set_values(store, m, [qi.MeasureValue("2025-01", 29, 300), qi.MeasureValue("2025-02", 25, 280)])
    assert qs.measure_values(store, m.id) == [qi.MeasureValue("2025-01", 29, 300),
                                              qi.MeasureValue("2025-02", 25, 280)]
    last = store.query_one("SELECT before_json, after_json FROM audit_log WHERE table_name = 'qi_measure_value'"
                           " ORDER BY id DESC LIMIT 1")
    assert json.loads(last["before_json"]) == {"2025-01": [30, 300]}
    with pytest.raises(InvalidValue, match="larger than"):
        qs.set_values(store, m, [qi.MeasureValue("2025-03", 301, 300)])
    qs.delete_value(store, m.id, "2025-01")
    assert [v.month for v in qs.measure_values(store, m.id)] == ["2025-02"]


def test_events_and_actions(store):
    eid = qs.save_event(store, qi.ProgrammeEvent("wave_learning_session", date(2025, 6, 12),
                                                 attendees="R Jones, Dr A Patel", learning="Huddles work"))
    qs.save_action(store, eid, qi.EventAction("Start a daily huddle", "R Jones", date(2025, 7, 1)))
    ev = qs.events(store)[0]
    assert ev.title == "Wave learning session" and ev.actions[0].status == "open"
    qs.save_action(store, eid, replace(ev.actions[0], status="done"))
    assert qs.events(store)[0].actions[0].status == "done"
    qs.delete_event(store, eid)
    assert qs.events(store) == [] and store.scalar("SELECT count(*) FROM qi_event_action") == 0


def test_notes_refuse_nhs_numbers(store):
    pid = qs.adopt_project(store, "SFP", start_date=date(2025, 1, 1))
    with pytest.raises(InvalidValue, match="NHS number"):
        qs.add_note(store, pid, qi.ProjectNote(date(2025, 2, 1), "Mrs X 9434765919 declined"))
    assert qs.notes(store, pid) == []
    qs.add_note(store, pid, qi.ProjectNote(date(2025, 2, 1), "Stop-smoking adviser now on site"))
    assert qs.notes(store, pid)[0].text == "Stop-smoking adviser now on site"


def test_rebase_months_saved_audited_and_read_by_the_board(store):
    pid = qs.create_project(store, qi.Project(code="AUD", title="Audits", start_date=date(2025, 1, 1),
                                              status="active"))
    mid = qs.save_measure(store, pid, qi.Measure(type="outcome", name="Audits done", numerator="Audits",
                                                 chart="xmr", scale=1, better="higher", is_primary=True))
    [m] = qs.measures(store, pid)
    qs.set_values(store, m, [qi.MeasureValue(f"2025-{i + 1:02d}", v)
                             for i, v in enumerate([10, 12] * 3 + [20, 22] * 3)])
    # without a rebase the new level shows as improvement (see the core test for the figures)
    assert [r.signal for r in qs.board(store)] == ["improving"]
    qs.save_measure(store, pid, replace(m, rebase_months="Jul-25"))
    assert qs.measures(store, pid)[0].rebase_months == ("2025-07",)
    assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'rebase' AND row_key = ?", (str(mid),)) == 1
    assert [r.signal for r in qs.board(store)] == ["no change"]
    # saving again unchanged writes no audit row; clearing does
    qs.save_measure(store, pid, qs.measures(store, pid)[0])
    assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'rebase'") == 1
    qs.save_measure(store, pid, replace(qs.measures(store, pid)[0], rebase_months=()))
    assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'rebase'") == 2
    assert qs.measures(store, pid)[0].rebase_months == ()
    # a bad month is refused before anything is written
    with pytest.raises(InvalidValue, match="rebase month"):
        qs.save_measure(store, pid, replace(qs.measures(store, pid)[0], rebase_months="2025-13"))
    qs.save_measure(store, pid, replace(qs.measures(store, pid)[0], rebase_months="2025-07"))
    qs.delete_measure(store, mid)
    assert store.scalar("SELECT count(*) FROM qi_measure_rebase") == 0


def test_a_measure_that_is_a_dashboard_indicator_enters_the_dashboard(store):
    from maternity_desk.store import dashboard as dash
    from maternity_desk.store import data_items

    pid = qs.adopt_project(store, "SFP", start_date=date(2025, 1, 1))
    m = qs.measures(store, pid)[0]
    assert m.indicator == "smoking_delivery"
    qs.set_values(store, m, [qi.MeasureValue("2025-01", 30, 300)])
    assert dash.monthly_values(store, "smoking_delivery") == [("2025-01", 30, 300)]
    assert data_items.item_values(store) == {("2025-01", "smokers_delivery"): 30,
                                            ("2025-01", "smoking_known_delivery"): 300}
    assert store.scalar("SELECT count(*) FROM qi_measure_value") == 0
    with pytest.raises(InvalidValue, match="Dashboard"):
        qs.delete_value(store, m.id, "2025-01")
