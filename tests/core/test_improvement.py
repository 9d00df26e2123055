"""Improvement rules against hand-worked cases."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from maternity_desk.core import improvement as qi
from maternity_desk.core.errors import InvalidValue
from maternity_desk.paths import resource

PROJECT = qi.Project(code="SFP", title="Smoke-free pregnancy", start_date=date(2025, 4, 1), status="active")
NHS_NUMBER = "943 476 5919"  # passes the modulus-11 check


def test_shipped_picklist_has_the_domain_projects_with_full_measures():
    projects = qi.parse_picklist(json.loads(resource("picklist.json").read_text(encoding="utf-8")))
    assert len(projects) >= 12
    codes = {p.code for p in projects}
    assert {"SFP", "FGR", "RFM", "MEWS", "NEWTT", "ATAIN", "PTO", "HYPO", "DIAB", "SAFE", "CS"} <= codes
    for p in projects:
        assert p.title and p.area and p.rationale and p.suggested_aim
        assert {m.type for m in p.measures} >= {"process", "balancing"}
        for m in p.measures:
            assert m.numerator and m.chart in qi.CHARTS
            if m.chart == "p":
                assert m.denominator
    pto = next(p for p in projects if p.code == "PTO")
    names = " ".join(m.name.lower() for m in pto.measures)
    for word in ("steroids", "magnesium", "antibiotics", "right place", "cord clamping",
                 "normothermia", "breast milk"):
        assert word in names


def test_adopt_copies_aim_and_measures_and_picks_the_outcome_as_primary():
    item = qi.PicklistProject(
        code="ATAIN", title="Term admissions", area="ATAIN", rationale="why", suggested_aim="Under 5 per 100",
        measures=(
            qi.Measure(type="process", name="Reviewed in 7 days", numerator="n", denominator="d", better="higher"),
            qi.Measure(type="outcome", name="Term admissions", numerator="n", denominator="d", better="lower"),
        ),
    )
    project, measures = qi.adopt(item, start_date=date(2025, 1, 6), wave="1", status="active")
    assert project.aim_text == "Under 5 per 100"
    assert project.picklist_code == "ATAIN" and project.code == "ATAIN"
    assert [m.name for m in measures] == ["Reviewed in 7 days", "Term admissions"]
    assert [m.is_primary for m in measures] == [False, True]
    assert project.aim_measure == "Term admissions"


def test_abandoned_project_needs_a_reason_and_dates_are_ordered():
    with pytest.raises(InvalidValue, match="reason"):
        qi.validate_project(replace(PROJECT, status="abandoned"))
    ok = qi.validate_project(replace(PROJECT, status="abandoned", abandon_reason="No midwife lead"))
    assert ok.abandon_reason == "No midwife lead"
    assert qi.validate_project(replace(PROJECT, abandon_reason="stale")).abandon_reason == ""
    with pytest.raises(InvalidValue, match="before the start"):
        qi.validate_project(replace(PROJECT, end_date=date(2025, 3, 31)))
    with pytest.raises(InvalidValue, match="start date"):
        qi.validate_project(replace(PROJECT, start_date=None))
    with pytest.raises(InvalidValue, match="not a project status"):
        qi.validate_project(replace(PROJECT, status="paused"))


def test_missing_leads_and_warning():
    team = [qi.TeamMember("A Obs", "obstetrician_lead"), qi.TeamMember("C Coach", "improvement_coach")]
    assert qi.missing_leads(team) == ["midwife_lead", "senior_manager_lead"]
    warning = qi.lead_warning(team)
    assert "midwife lead" in warning and "senior manager lead" in warning
    assert "obstetrician lead," not in warning.split(":")[0]
    full = team + [qi.TeamMember("B Mid", "midwife_lead"), qi.TeamMember("D Man", "senior_manager_lead")]
    assert qi.missing_leads(full) == [] and qi.lead_warning(full) is None
    assert qi.roles_filled(full) == ["obstetrician_lead", "midwife_lead", "senior_manager_lead",
                                     "improvement_coach"]
    assert qi.missing_leads([]) == list(qi.REQUIRED_LEADS)


# --- PDSA dating rules ---------------------------------------------------------------

def _cycle(**kw) -> qi.PdsaCycle:
    base = dict(title="CO test at every booking", start_date=date(2025, 5, 1), end_date=date(2025, 5, 31))
    base.update(kw)
    return qi.PdsaCycle(**base)


def test_pdsa_end_must_not_be_before_start():
    with pytest.raises(InvalidValue, match="ends"):
        qi.validate_pdsa(_cycle(end_date=date(2025, 4, 30)), PROJECT)
    same_day = qi.validate_pdsa(_cycle(end_date=date(2025, 5, 1)), PROJECT)
    assert same_day.end_date == date(2025, 5, 1)
    assert qi.validate_pdsa(_cycle(end_date=None), PROJECT).end_date is None


def test_pdsa_act_only_once_study_recorded():
    with pytest.raises(InvalidValue, match="study"):
        qi.validate_pdsa(_cycle(act="adopt"), PROJECT)
    with pytest.raises(InvalidValue, match="study"):
        qi.validate_pdsa(_cycle(act="adapt", study="   "), PROJECT)
    done = qi.validate_pdsa(_cycle(act="Adapt", study="8 of 10 bookings tested"), PROJECT)
    assert done.act == "adapt"
    with pytest.raises(InvalidValue, match="PDSA decision"):
        qi.validate_pdsa(_cycle(act="keep", study="x"), PROJECT)


def test_pdsa_within_the_projects_life():
    with pytest.raises(InvalidValue, match="before the project started"):
        qi.validate_pdsa(_cycle(start_date=date(2025, 3, 31)), PROJECT)
    assert qi.validate_pdsa(_cycle(start_date=date(2025, 4, 1)), PROJECT).start_date == date(2025, 4, 1)
    closed = replace(PROJECT, status="closed", end_date=date(2025, 5, 15))
    with pytest.raises(InvalidValue, match="ends .* after the project ended"):
        qi.validate_pdsa(_cycle(), closed)
    with pytest.raises(InvalidValue, match="needs a start date"):
        qi.validate_pdsa(_cycle(start_date=None), PROJECT)


def test_free_text_refuses_nhs_numbers():
    with pytest.raises(InvalidValue, match="NHS number"):
        qi.validate_pdsa(_cycle(study=f"Woman {NHS_NUMBER} declined"), PROJECT)
    with pytest.raises(InvalidValue, match="NHS number"):
        qi.validate_note(qi.ProjectNote(date(2025, 5, 1), f"see {NHS_NUMBER}"))
    with pytest.raises(InvalidValue, match="NHS number"):
        qi.validate_event(qi.ProgrammeEvent("trust_visit", date(2025, 5, 1), learning=NHS_NUMBER.replace(" ", "")))


# --- measures and values ----------------------------------------------------------------

SMOKING = qi.Measure(type="outcome", name="Smoking at delivery", numerator="smokers", denominator="women",
                     better="lower", chart="p", scale=100, unit="%")
SCORE = qi.Measure(type="outcome", name="Incidents", numerator="incidents", denominator="",
                   better="lower", chart="xmr", scale=1, unit="")


def test_point_value_is_rate_times_scale_or_the_count():
    assert qi.point_value(SMOKING, 30, 300) == pytest.approx(10.0)
    assert qi.point_value(replace(SMOKING, scale=1000), 3, 4000) == pytest.approx(0.75)
    assert qi.point_value(SCORE, 7, None) == 7.0


def test_value_rules():
    assert qi.validate_value(SMOKING, "Mar-25", 30, 300) == qi.MeasureValue("2025-03", 30, 300)
    with pytest.raises(InvalidValue, match="larger than the denominator"):
        qi.validate_value(SMOKING, "2025-03", 301, 300)
    with pytest.raises(InvalidValue, match="denominator is 0"):
        qi.validate_value(SMOKING, "2025-03", 0, 0)
    with pytest.raises(InvalidValue, match="needs a denominator"):
        qi.validate_value(SMOKING, "2025-03", 3, None)
    with pytest.raises(InvalidValue, match="no denominator"):
        qi.validate_value(SCORE, "2025-03", 3, 10)
    assert qi.validate_value(SCORE, "March 2025", 3, None).month == "2025-03"


def test_measure_rules():
    with pytest.raises(InvalidValue, match="denominator definition"):
        qi.validate_measure(replace(SMOKING, denominator=""))
    with pytest.raises(InvalidValue, match="scale"):
        qi.validate_measure(replace(SMOKING, scale=10))
    with pytest.raises(InvalidValue, match="better direction"):
        qi.validate_measure(replace(SMOKING, better="up"))
    assert qi.validate_measure(replace(SMOKING, better="", baseline_points="12")).baseline_points == 12


# --- driver diagram -----------------------------------------------------------------------

def test_driver_places_and_tree():
    assert qi.validate_driver(qi.DriverNode("primary", "Every woman CO tested"), None).kind == "primary"
    with pytest.raises(InvalidValue, match="secondary driver cannot go at the top"):
        qi.validate_driver(qi.DriverNode("secondary", "x"), None)
    with pytest.raises(InvalidValue, match="cannot have items"):
        qi.validate_driver(qi.DriverNode("change_idea", "x"), "change_idea")
    nodes = [
        qi.DriverNode("primary", "P1", id=1), qi.DriverNode("secondary", "S1", parent_id=1, id=2),
        qi.DriverNode("change_idea", "C1", parent_id=2, id=3, sort_order=1),
        qi.DriverNode("change_idea", "C0", parent_id=2, id=4, sort_order=0),
        qi.DriverNode("primary", "P2", id=5, sort_order=1),
    ]
    tree = qi.driver_tree(nodes)
    assert [t.node.text for t in tree] == ["P1", "P2"]
    assert [c.node.text for c in tree[0].children[0].children] == ["C0", "C1"]


# --- signal from SPC ----------------------------------------------------------------------

def _chart_with_latest(variation: str) -> qi.MeasureChart:
    point = qi.ChartPoint("2025-06", 9.0, 10.0, 5.0, 15.0, variation != "common", None, variation)
    return qi.MeasureChart(SMOKING, (point,))


@pytest.mark.parametrize("variation, signal", [
    ("improvement", "improving"), ("concern", "concern"), ("common", "no change"), ("neutral", "no change"),
])
def test_signal_mapping(variation, signal):
    assert qi.signal_of(_chart_with_latest(variation)) == signal


def test_signal_without_data_is_none():
    assert qi.signal_of(None) is None
    assert qi.signal_of(qi.MeasureChart(SMOKING, ())) is None


def _months(n: int, first: int = 2024) -> list[str]:
    return [f"{first + i // 12}-{i % 12 + 1:02d}" for i in range(n)]


def test_signal_from_a_real_xmr_shift():
    # Baseline 12 months alternating 10, 12: mean 11, mean MR 2, limits 11 +/- 5.32.
    # Then 7 months at 8: inside the limits, all below the mean -> a shift (rule 4).
    counts = [10, 12] * 6 + [8] * 7
    values = [qi.MeasureValue(m, c) for m, c in zip(_months(19), counts)]
    lower = replace(SCORE, baseline_points=12)
    ch = qi.measure_chart(lower, values)
    assert ch.points[0].mean == pytest.approx(11.0)
    assert ch.points[0].upper == pytest.approx(16.32)
    assert ch.points[-1].rule == "shift"
    assert qi.signal_of(ch) == "improving"
    assert qi.signal_of(qi.measure_chart(replace(lower, better="higher"), values)) == "concern"
    assert qi.signal_of(qi.measure_chart(replace(lower, better=None), values)) == "no change"
    steady = [qi.MeasureValue(m, c) for m, c in zip(_months(14), [10, 12] * 7)]
    assert qi.signal_of(qi.measure_chart(lower, steady)) == "no change"


def test_p_chart_values_in_display_scale_and_shift_signal():
    # 12 months of 20/100 (p = 0.2, sigma = 0.04, limits 8%..32%), then 7 months of 12/100.
    rows = [(20, 100)] * 12 + [(12, 100)] * 7
    values = [qi.MeasureValue(m, n, d) for m, (n, d) in zip(_months(19), rows)]
    ch = qi.measure_chart(replace(SMOKING, baseline_points=12), values, target=6.0)
    assert ch.points[0].value == pytest.approx(20.0)
    assert ch.points[0].mean == pytest.approx(20.0)
    assert ch.points[0].lower == pytest.approx(8.0)
    assert ch.points[0].upper == pytest.approx(32.0)
    assert ch.points[-1].value == pytest.approx(12.0)
    assert qi.signal_of(ch) == "improving"
    assert ch.assurance == "fail"  # target 6% is below the lower limit 8%: it will not be met


def test_board_groups_in_status_order():
    rows = [
        qi.board_row(replace(PROJECT, code="B", title="Beta", status="planned"), [], None),
        qi.board_row(replace(PROJECT, code="A", title="Alpha", status="active"), [], None),
        qi.board_row(replace(PROJECT, code="C", title="Aardvark", status="active"), [], None),
    ]
    groups = qi.board_groups(rows)
    assert [g for g, _ in groups] == list(qi.STATUSES)
    assert [r.project.code for r in dict(groups)["active"]] == ["C", "A"]
    assert rows[0].signal is None and rows[0].missing_leads == qi.REQUIRED_LEADS


def test_overdue_actions():
    a = qi.EventAction("Share ATAIN learning", "Ward manager", date(2025, 5, 1))
    assert qi.action_overdue(a, date(2025, 5, 2))
    assert not qi.action_overdue(a, date(2025, 5, 1))
    assert not qi.action_overdue(replace(a, status="done"), date(2025, 6, 1))
    with pytest.raises(InvalidValue, match="due date"):
        qi.validate_action(replace(a, due_date=None))


# --- rebase months ----------------------------------------------------------------------------

def test_parse_rebase_months():
    assert qi.parse_rebase_months("Jul-25; 2025-01\n2025-07, ") == ("2025-01", "2025-07")
    assert qi.parse_rebase_months(["2026-02", date(2025, 11, 30)]) == ("2025-11", "2026-02")
    assert qi.parse_rebase_months("") == () and qi.parse_rebase_months(None) == ()
    with pytest.raises(InvalidValue, match="rebase month"):
        qi.parse_rebase_months("2025-07, 2025-13")


def test_rebase_points_are_the_first_month_with_data_on_or_after_each_rebase():
    months = ["2025-01", "2025-02", "2025-04"]
    # Dec 2024: at the start, nothing; Mar 2025: no data, so Apr (point 2); May 2025: after the
    # last month, nothing; Feb 2025: point 1
    assert qi.rebase_points(months, ["2024-12", "2025-03", "2025-05", "2025-02"]) == [1, 2]
    assert qi.rebase_points(months, ["2025-01"]) == []
    assert qi.rebase_points([], ["2025-01"]) == []


def _alternating():
    """10, 12 x3 then 20, 22 x3 (Jan to Dec 2025), a count charted as XmR, higher is better."""
    m = qi.validate_measure(qi.Measure(type="outcome", name="Audits done", numerator="Audits", chart="xmr",
                                       scale=1, better="higher"))
    values = [qi.MeasureValue(f"2025-{i + 1:02d}", v) for i, v in enumerate([10, 12] * 3 + [20, 22] * 3)]
    return m, values


def test_rebase_gives_each_segment_its_own_centre_and_limits():
    m, values = _alternating()
    # one segment: mean 192/12 = 16; 11 moving ranges, ten of 2 and one of 8: mean MR 28/11;
    # limits 16 +/- 2.66 x 28/11 = 16 +/- 6.771 (9.229 to 22.771)
    whole = qi.measure_chart(m, values)
    assert whole.points[0].mean == pytest.approx(16.0)
    assert whole.points[0].upper == pytest.approx(16 + 2.66 * 28 / 11)
    # two of three beyond 2/3 of the way to the upper limit (16 + 2/3 x 6.771 = 20.51) but not
    # outside it: the 22s of Oct and Dec with the 20 between, all above the mean -> the latest
    # point is an improvement
    assert qi.signal_of(whole) == "improving"
    rebased = qi.measure_chart(replace(m, rebase_months=("2025-07",)), values)
    # Jan-Jun: mean 11, MR 2 -> 11 +/- 5.32; Jul-Dec: mean 21 -> 21 +/- 5.32
    assert [p.segment for p in rebased.points] == [0] * 6 + [1] * 6
    assert [p.mean for p in rebased.points] == pytest.approx([11.0] * 6 + [21.0] * 6)
    assert rebased.points[0].lower == pytest.approx(5.68) and rebased.points[0].upper == pytest.approx(16.32)
    assert rebased.points[-1].lower == pytest.approx(15.68) and rebased.points[-1].upper == pytest.approx(26.32)
    assert qi.signal_of(rebased) == "no change"  # the new level is now common cause


def test_measure_validation_keeps_rebase_months_sorted():
    m = qi.validate_measure(qi.Measure(type="process", name="X", numerator="n", denominator="d",
                                       rebase_months="2026-01, Jul-25"))
    assert m.rebase_months == ("2025-07", "2026-01")
