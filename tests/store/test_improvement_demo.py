"""The demo unit's improvement programme (built once per session with today = 2026-10-15)."""

from __future__ import annotations

import json

from maternity_desk.store import improvement as qs


def test_demo_has_three_projects_at_different_stages(demo_store):
    board = {r.project.code: r for r in qs.board(demo_store)}
    assert {c: r.project.status for c, r in board.items()} == {
        "ATAIN": "sustaining", "SFP": "active", "PTO": "planned"}
    # the changes show as a real shift on the primary measure's chart
    assert board["ATAIN"].signal == "improving" and board["SFP"].signal == "improving"
    assert board["SFP"].latest_month == "2026-09"  # the last complete month before today
    assert board["PTO"].missing_leads == ("senior_manager_lead",)
    for code in ("ATAIN", "SFP"):
        p = qs.project_by_code(demo_store, code)
        cycles = qs.pdsa_cycles(demo_store, p.id)
        assert len(cycles) >= 4 and all(c.start_date >= p.start_date for c in cycles)
        assert any(c.act == "adopt" for c in cycles)
        assert qs.drivers(demo_store, p.id)


def test_demo_participation_log_has_actions(demo_store):
    events = qs.events(demo_store)
    kinds = {e.kind for e in events}
    assert {"learning_event", "wave_learning_session", "community_of_practice", "trust_visit",
            "coach_training", "safety_culture_survey"} <= kinds
    statuses = {a.status for e in events for a in e.actions}
    assert {"open", "done"} <= statuses


def test_demo_projects_cli(cli, demo_path):
    code, out, err = cli("projects", "--db", demo_path, "--json")
    assert code == 0, err
    data = {p["code"]: p for p in json.loads(out)}
    assert data["SFP"]["latest_signal"] == "improving"
    assert data["PTO"]["missing_leads"] == ["senior_manager_lead"]
