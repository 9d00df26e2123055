"""The incentive-scheme tracker's pure rules (core/mis.py), against hand-worked cases."""

from __future__ import annotations

import json
from datetime import date

import pytest

from maternity_desk.core import mis
from maternity_desk.core.errors import InvalidValue
from maternity_desk.paths import resource

D = date


def test_deadline_counts_done_passed_and_not_yet_due():
    as_at = D(2025, 5, 9)
    items = [
        (D(2025, 4, 30), D(2025, 4, 30)),  # done on the deadline: met
        (D(2025, 4, 30), D(2025, 5, 1)),  # done a day late: counted, not met
        (D(2025, 5, 8), None),  # deadline passed, not done: counted, not met
        (D(2025, 5, 9), None),  # deadline on the as-at date: not passed yet, not counted
        (D(2025, 5, 12), None),  # not yet due: not counted
        (D(2025, 5, 12), D(2025, 5, 9)),  # already done before its deadline: counted and met
        (D(2025, 5, 12), D(2025, 5, 10)),  # done after the as-at date: as at then, not done
    ]
    assert mis.deadline_counts(items, as_at) == (2, 4)


def test_window_months_only_months_beginning_inside():
    assert mis.window_months(D(2025, 4, 1), D(2025, 6, 30)) == ["2025-04", "2025-05", "2025-06"]
    # a window from 8 December holds January onwards, and the month it ends in
    assert mis.window_months(D(2023, 12, 8), D(2024, 2, 10)) == ["2024-01", "2024-02"]


def test_two_month_blocks_clamp_to_month_ends():
    blocks = mis.two_month_blocks(D(2023, 12, 31), D(2024, 6, 30))
    # 31 Dec + 2 months = 29 Feb 2024 (leap year): the block ends the day before
    assert blocks[0] == (D(2023, 12, 31), D(2024, 2, 28))
    assert blocks[1] == (D(2024, 2, 29), D(2024, 4, 29))
    assert blocks[-1][1] == D(2024, 6, 30)


def test_meeting_blocks_hand_worked():
    meetings = [D(2025, 4, 15), D(2025, 7, 31), D(2025, 10, 1)]
    start, end = D(2025, 4, 1), D(2026, 3, 31)
    # as at 15 Oct: Apr-May held, Jun-Jul held (31 Jul), Aug-Sep none (ended), Oct-Nov held already
    assert mis.meeting_blocks(meetings, start, end, D(2025, 10, 15)) == (3, 4)
    # as at 30 Sep: the Aug-Sep block ends that day (not over yet); the 1 Oct meeting is in the future
    assert mis.meeting_blocks(meetings, start, end, D(2025, 9, 30)) == (2, 2)
    # the whole year: six blocks, three held
    assert mis.meeting_blocks(meetings, start, end, D(2026, 6, 1)) == (3, 6)


def test_board_report_months_hand_worked():
    start, end = D(2025, 4, 1), D(2026, 3, 31)
    # April, May and July reported; as at 1 Aug: April to July have ended (4), 3 reported
    assert mis.board_report_months(["2025-04", "2025-05", "2025-07"], start, end, D(2025, 8, 1)) == (3, 4)
    # as at 31 July, July has not ended, but it is already reported: counted
    assert mis.board_report_months(["2025-04", "2025-05", "2025-07"], start, end, D(2025, 7, 31)) == (3, 4)
    assert mis.board_report_months([], start, end, D(2025, 4, 30)) == (0, 0)


def test_figure_percent_and_met():
    f = mis.Figure(D(2025, 4, 1), D(2025, 8, 1), 9, 10, 90.0)
    assert f.percent == 90.0 and f.met is True
    assert mis.Figure(D(2025, 4, 1), D(2025, 8, 1), 0, 0, 90.0).met is None
    assert f.as_json() == {"from": "2025-04-01", "to": "2025-08-01", "numerator": 9, "denominator": 10,
                           "percent": 90.0, "threshold": 90.0, "met": True}


def test_action_status_follows_requirements():
    assert mis.action_status(["met", "met", "not_applicable"]) == "met"
    assert mis.action_status(["met", "not_met"]) == "not_met"
    assert mis.action_status(["not_started", "not_started"]) == "not_started"
    assert mis.action_status(["met", "not_started"]) == "in_progress"
    assert mis.action_status(["not_applicable"]) == "not_applicable"
    assert mis.scheme_rag(["met", "in_progress"]) == "amber"
    assert mis.scheme_rag(["met", "not_met"]) == "red"
    assert mis.scheme_rag(["met", "not_applicable"]) == "green"


def test_computed_status():
    req = mis.Requirement("x.y", 1, "t", "", "computed", D(2025, 4, 1), D(2025, 11, 30), 90.0)
    below = mis.Figure(D(2025, 4, 1), D(2025, 6, 1), 8, 10, 90.0)
    assert mis.computed_status(below, req, D(2025, 6, 1)) == "in_progress"
    assert mis.computed_status(below, req, D(2025, 11, 30)) == "not_met"
    assert mis.computed_status(mis.Figure(D(2025, 4, 1), D(2025, 6, 1), 0, 0, 90.0), req, D(2025, 6, 1)) == "not_started"


@pytest.mark.parametrize("value, why", [
    ({"action": "11", "code": "sa11.x", "text": "t"}, "action"),
    ({"action": "1", "code": "sa1 x", "text": "t"}, "code"),
    ({"action": "1", "code": "sa1.x", "text": "t", "how": "computed", "window_from": "2025-04-01",
      "window_to": "2025-11-30", "threshold": "ninety"}, "threshold"),
    ({"action": "1", "code": "sa1.x", "text": "t", "how": "computed", "window_from": "2025-04-01",
      "window_to": "2025-11-30", "threshold": "120"}, "threshold"),
    ({"action": "1", "code": "sa1.x", "text": "t", "how": "computed"}, "window_from"),
])
def test_make_requirement_refusals(value, why):
    with pytest.raises(InvalidValue, match=f"^{why}: "):
        mis.make_requirement(value)


def test_threshold_accepts_percent_sign():
    assert mis.parse_threshold("95%") == 95.0


def test_next_year_moves_windows_a_year_and_clamps_29_february():
    year = mis.SchemeYear(8, "2027/28", "y8", D(2028, 3, 1), "", "U", True, (mis.Action(1, "a"),), (
        mis.Requirement("sa1.reported", 1, "t", "", "computed", D(2027, 3, 1), D(2028, 2, 29), 100.0, "V"),))
    nxt = mis.next_year(year)
    assert (nxt.number, nxt.label, nxt.closed) == (9, "2028/29", False)
    r = nxt.requirements[0]
    assert (r.window_from, r.window_to, r.verified) == (D(2028, 3, 1), D(2029, 2, 28), "U")
    assert nxt.declaration_due == D(2029, 3, 1)


@pytest.mark.parametrize("name", ["mis/year6.json", "mis/year7.json"])
def test_shipped_years_are_whole_and_say_not_verified(name):
    data = json.loads(resource(name).read_text(encoding="utf-8"))
    year = mis.scheme_year_from_data(data)
    assert [a.number for a in year.actions] == list(range(1, 11))
    assert all(year.requirements_of(n) for n in range(1, 11))
    assert year.caveat == mis.NOT_VERIFIED
    codes = {r.code for r in year.requirements}
    assert {"sa1.reported", "sa1.parents_informed", "sa1.review_started", "sa1.draft_report",
            "sa1.report_published", "sa2.msds", "sa9.champion_meetings", "sa9.board_reports",
            "sa10.reported", "sa8.FM.midwife", "sa8.NLS.midwife", "sa8.PROMPT.msw"} <= codes
    assert all(r.computed for r in year.requirements if r.code.startswith("sa8."))


def test_year_label():
    assert mis.parse_year_label("2025 / 26") == "2025/26"
    with pytest.raises(InvalidValue):
        mis.parse_year_label("2025/27")
