"""The board report's figures: checks on typed values, and what has changed and what needs the
board's decision against hand-worked months."""

from datetime import date

import pytest

from maternity_desk.core import board as b
from maternity_desk.core.errors import InvalidValue

PLANNED = b.Measure("hours_planned", "Planned midwifery hours", "staffing", "hours")
ACTUAL = b.Measure("hours_actual", "Actual midwifery hours", "staffing", "hours", planned="hours_planned")
ONE = b.Measure("one_to_one", "One-to-one care", "staffing", "percent", better="higher", standard=100)
FLAG_A = b.Measure("red_flag_a", "Red flag: a", "staffing", "count", better="lower")
FLAG_B = b.Measure("red_flag_b", "Red flag: b", "staffing", "count", better="lower")
GAPS = b.Measure("rota_gaps", "Rota gaps", "staffing", "count", better="lower")
OPENED = b.Measure("opened", "Investigations opened", "incidents", "count")
FFT = b.Measure("fft", "FFT", "voices", "percent", better="higher")
CATALOGUE = [PLANNED, ACTUAL, ONE, FLAG_A, FLAG_B, GAPS, OPENED, FFT]


@pytest.mark.parametrize("text, measure, reason", [
    ("101", ONE, "over 100%"),
    ("100.5%", ONE, "over 100%"),
    ("-1", GAPS, "negative"),
    ("2.5", GAPS, "not a whole number"),
    ("lots", PLANNED, "not a number"),
    ("-0.5", PLANNED, "negative"),
])
def test_refused_values(text, measure, reason):
    with pytest.raises(InvalidValue, match=reason):
        b.parse_value(text, measure)


def test_accepted_values():
    assert b.parse_value("100", ONE) == 100.0
    assert b.parse_value("97.5%", ONE) == 97.5
    assert b.parse_value("1,234.5", PLANNED) == 1234.5
    assert b.parse_value("3", GAPS) == 3 and isinstance(b.parse_value("3", GAPS), int)
    assert b.parse_value("  ", GAPS) is None


def test_actual_over_three_times_planned():
    assert b.month_problems({"hours_planned": 100, "hours_actual": 300}, CATALOGUE) == {}
    problems = b.month_problems({"hours_planned": 100, "hours_actual": 300.5}, CATALOGUE)
    assert list(problems) == ["hours_actual"] and "more than 3 times the planned" in problems["hours_actual"]
    assert b.month_problems({"hours_actual": 9999}, CATALOGUE) == {}  # nothing planned to compare with


def test_fill_rate():
    assert b.fill_rate(19_000, 20_000) == 95.0
    assert b.fill_rate(None, 20_000) is None and b.fill_rate(10, 0) is None


def test_what_has_changed_against_a_hand_worked_month():
    # October: 20,000 planned, 18,000 worked (90.0%); one-to-one 98%; red flags 3 + 2 = 5;
    # gaps 4; 1 investigation; FFT 95%. Incidents: 1 moderate, 2 no harm.
    last = b.MonthFigures("2026-10", {"hours_planned": 20000, "hours_actual": 18000, "one_to_one": 98.0,
                                      "red_flag_a": 3, "red_flag_b": 2, "rota_gaps": 4, "opened": 1},
                          {("PPH", "moderate"): 1, ("PPH", "no_harm"): 2})
    # November: 20,000 planned, 19,000 worked (95.0%); one-to-one 98% (no change); red flags
    # 1 + 1 = 2; gaps 6; 1 investigation (no change); FFT first recorded. Incidents: 1 moderate,
    # 1 severe, 1 death.
    this = b.MonthFigures("2026-11", {"hours_planned": 20000, "hours_actual": 19000, "one_to_one": 98.0,
                                      "red_flag_a": 1, "red_flag_b": 1, "rota_gaps": 6, "opened": 1,
                                      "fft": 93.0},
                          {("PPH", "moderate"): 1, ("Fetal monitoring", "severe"): 1,
                           ("Fetal monitoring", "death"): 1})
    assert b.changes(this, last, CATALOGUE) == [
        "Midwifery fill rate (actual / planned hours): rose from 90.0% to 95.0% (better)",
        "Midwifery red flags (all types): fell from 5 to 2 (better)",
        "Rota gaps: rose from 4 to 6 (worse)",
        "Incidents of moderate harm or worse: rose from 1 to 3 (worse)",
        "1 incident reported as a death this month",
        "First recorded this month: FFT",
    ]


def test_measures_the_unit_does_not_record_are_left_out():
    last = b.MonthFigures("2026-10", {"rota_gaps": 4}, {})
    this = b.MonthFigures("2026-11", {"rota_gaps": 6}, {})
    hidden = [b.Measure("rota_gaps", "Rota gaps", "staffing", "count", recorded=False)]
    assert b.changes(this, last, hidden) == []
    assert b.changes(this, None, CATALOGUE) == []  # no month before: nothing to compare


def test_what_needs_the_boards_decision():
    today = date(2026, 12, 2)
    this = b.MonthFigures("2026-11", {"one_to_one": 97.5}, {("PPH", "severe"): 2, ("PPH", "death"): 1})
    items = [
        b.make_external("cqc", date(2026, 10, 1), "CQC", "Triage waits", date(2026, 12, 20), None, "HoM", True),
        b.make_external("region", date(2026, 9, 1), "Region", "Cot capacity", date(2026, 10, 1)),
        b.make_external("mnsi_report", date(2026, 9, 1), "MNSI", "Answered", date(2026, 10, 1), date(2026, 9, 20)),
        b.make_external("regulation_28", date(2026, 11, 1), "Coroner", "Not yet due", date(2026, 12, 30)),
    ]
    assert b.decisions(this, CATALOGUE, items, ["Approve the establishment review"], today) == [
        "Approve the establishment review",
        "Concern raised by the CQC: Triage waits, response due 20/12/2026",
        "Response overdue since 01/10/2026: Concern raised by the region, Cot capacity",
        "One-to-one care was 97.5% in Nov 2026, below the standard of 100%",
        "2 incidents of severe harm and 1 incident reported as a death in Nov 2026: for the board's oversight",
    ]


def test_external_items_are_checked():
    with pytest.raises(InvalidValue, match="before the item was received"):
        b.make_external("cqc", date(2026, 10, 1), "", "x", date(2026, 9, 1))
    with pytest.raises(InvalidValue, match="not a kind"):
        b.make_external("press", date(2026, 10, 1), "", "x")
    with pytest.raises(InvalidValue, match="what the item is about"):
        b.make_external("cqc", date(2026, 10, 1), "", " ")
    e = b.make_external("cqc", date(2026, 10, 1), "", "x", date(2026, 10, 10))
    assert (e.status(date(2026, 10, 10)), e.status(date(2026, 10, 11))) == ("Open", "Overdue")


def test_measure_signals_against_a_hand_worked_chart():
    # 12 months alternating 95%, 96%, then 80%: mean (95.5 x 12 + 80) / 13 = 94.31; moving
    # ranges eleven of 1 and one of 16, mean 2.25; lower limit 94.31 - 2.66 x 2.25 = 88.32,
    # upper 100.30. 80% is below the lower limit: special cause, concern (higher is better);
    # the target of 100% lies between the limits: hit and miss.
    months = [f"2025-{m:02d}" for m in range(1, 13)] + ["2026-01"]
    values = {(mo, "one_to_one"): (95.0 if i % 2 == 0 else 96.0) for i, mo in enumerate(months[:12])}
    values[("2026-01", "one_to_one")] = 80.0
    values.update({(mo, "rota_gaps"): 4 for mo in months[-11:]})  # 11 months only: no signal yet
    assert b.measure_signals(CATALOGUE, values, months) == [
        ("One-to-one care", "80.0%", ("concern", "low"), "hit_and_miss")]


def test_fill_rate_signal():
    months = [f"2025-{m:02d}" for m in range(1, 13)] + ["2026-01"]
    values = {(mo, "hours_planned"): 100.0 for mo in months}
    values.update({(mo, "hours_actual"): 90.0 + (i % 2) for i, mo in enumerate(months)})
    [(name, text, (variation, side), _assurance)] = b.measure_signals(CATALOGUE, values, months)
    assert (name, text, variation, side) == ("Midwifery fill rate", "90.0%", "common", None)
