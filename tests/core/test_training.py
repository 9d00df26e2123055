"""Compliance rules, hand-worked at every boundary the issue names."""

from __future__ import annotations

from datetime import date

import pytest

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.training import (
    Absence,
    AttendanceRecord,
    ComplianceIndex,
    ComplianceRow,
    Course,
    StaffGroup,
    StaffMember,
    Thresholds,
    compliance,
    due_within,
    expiry_date,
    history,
    monthly_trend,
    overdue,
    parse_staff_group,
    parse_status,
    percent_of,
    rag_for,
    trend_dates,
    validate_absence,
    validate_staff,
)

FM = Course("FM", "Fetal monitoring", 12, ("obstetric_consultant", "obstetric_doctor", "midwife"))
NLS = Course("NLS", "Neonatal life support", 12, ("neonatal_nurse", "midwife"))
HF = Course("HF", "Human Factors", 36, ())
D = date(2025, 6, 15)


def mw(number, start=date(2020, 1, 1), leave=None, group="midwife"):
    return StaffMember(number, f"Person {number}", group, start, leave)


def att(number, d, course="FM", status="attended"):
    return AttendanceRecord(number, course, d, status)


def row(rows, course="FM", group="midwife") -> ComplianceRow:
    return next(r for r in rows if r.course == course and r.staff_group == group)


# --- expiry ------------------------------------------------------------------------------

def test_expiry_adds_calendar_months():
    assert expiry_date(date(2024, 6, 15), 12) == date(2025, 6, 15)
    assert expiry_date(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_29_february_plus_12_months_is_28_february():
    assert expiry_date(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_29_february_record_in_date_on_27_feb_not_on_28_feb():
    staff = [mw("1")]
    a = [att("1", date(2024, 2, 29))]
    assert row(compliance(date(2025, 2, 27), staff, [], [FM], a)).in_date == 1
    assert row(compliance(date(2025, 2, 28), staff, [], [FM], a)).in_date == 0


# --- in date -----------------------------------------------------------------------------

def test_expiry_exactly_on_d_is_not_in_date():
    staff = [mw("1"), mw("2")]
    a = [att("1", date(2024, 6, 15)), att("2", date(2024, 6, 16))]  # 1 expires on D, 2 the day after
    r = row(compliance(D, staff, [], [FM], a))
    assert (r.eligible, r.in_date, r.percent) == (2, 1, 50.0)


def test_attended_on_d_itself_counts():
    r = row(compliance(D, [mw("1")], [], [FM], [att("1", D)]))
    assert r.in_date == 1 and r.percent == 100.0


def test_future_dated_attendance_after_d_does_not_count():
    staff = [mw("1"), mw("2")]
    a = [att("1", date(2025, 6, 16)), att("2", date(2023, 1, 1)), att("2", date(2025, 7, 1))]
    r = row(compliance(D, staff, [], [FM], a))
    assert (r.eligible, r.in_date) == (2, 0)


def test_latest_record_on_or_before_d_is_used():
    a = [att("1", date(2023, 1, 1)), att("1", date(2024, 12, 1)), att("1", date(2024, 3, 1))]
    assert row(compliance(D, [mw("1")], [], [FM], a)).in_date == 1


def test_dna_and_cancelled_never_count():
    staff = [mw("1"), mw("2"), mw("3")]
    a = [
        att("1", date(2025, 6, 1), status="dna"),
        att("2", date(2025, 6, 1), status="cancelled"),
        att("3", date(2025, 6, 1)),
    ]
    r = row(compliance(D, staff, [], [FM], a))
    assert (r.eligible, r.in_date, r.percent) == (3, 1, 33.3)


def test_dna_after_an_attended_record_does_not_undo_it():
    a = [att("1", date(2025, 1, 10)), att("1", date(2025, 6, 1), status="dna")]
    assert row(compliance(D, [mw("1")], [], [FM], a)).in_date == 1


def test_attendance_of_another_course_does_not_count():
    a = [att("1", date(2025, 1, 10), course="NLS")]
    rows = compliance(D, [mw("1")], [], [FM, NLS], a)
    assert row(rows, "FM").in_date == 0
    assert row(rows, "NLS").in_date == 1


# --- eligibility -------------------------------------------------------------------------

def test_leave_date_on_d_is_eligible_day_after_is_not():
    staff = [mw("1", leave=D), mw("2", leave=date(2025, 6, 14))]
    r = row(compliance(D, staff, [], [FM], []))
    assert r.eligible == 1


def test_start_date_on_d_is_eligible_starting_tomorrow_is_not():
    staff = [mw("1", start=D), mw("2", start=date(2025, 6, 16))]
    assert row(compliance(D, staff, [], [FM], [])).eligible == 1


@pytest.mark.parametrize(
    "start,end,excluded",
    [
        (date(2025, 6, 15), date(2025, 9, 1), True),  # starts on D
        (date(2025, 1, 1), date(2025, 6, 15), True),  # ends on D
        (date(2025, 6, 15), date(2025, 6, 15), True),  # one day, D
        (date(2025, 1, 1), date(2025, 6, 14), False),  # ended the day before
        (date(2025, 6, 16), date(2025, 9, 1), False),  # starts the day after
    ],
)
def test_absence_edges(start, end, excluded):
    staff = [mw("1"), mw("2")]
    a = [att("1", date(2025, 1, 1)), att("2", date(2025, 1, 1))]
    r = row(compliance(D, staff, [Absence("1", start, end, "maternity leave")], [FM], a))
    assert r.eligible == (1 if excluded else 2)
    assert r.in_date == r.eligible


def test_absent_out_of_date_person_does_not_drag_percent_down():
    staff = [mw("1"), mw("2")]
    a = [att("1", date(2025, 1, 1))]  # 2 never trained but on long-term sick leave
    rows = compliance(D, staff, [Absence("2", date(2025, 3, 1), date(2025, 12, 31))], [FM], a)
    assert row(rows).percent == 100.0


def test_group_not_taking_course_is_not_counted_and_has_no_row():
    staff = [mw("1"), mw("2", group="msw")]
    rows = compliance(D, staff, [], [FM], [att("2", date(2025, 1, 1))])
    assert {r.staff_group for r in rows} == {"obstetric_consultant", "obstetric_doctor", "midwife"}
    assert row(rows).eligible == 1 and row(rows).in_date == 0


def test_no_eligible_gives_no_percent_and_no_rag():
    rows = compliance(D, [mw("1")], [], [FM], [att("1", date(2025, 1, 1))])
    r = row(rows, "FM", "obstetric_consultant")
    assert (r.eligible, r.in_date, r.percent, r.rag) == (0, 0, None, None)


def test_course_with_no_groups_gives_no_rows():
    assert compliance(D, [mw("1")], [], [HF], [att("1", D, course="HF")]) == []


def test_rows_ordered_by_course_then_group_order():
    rows = compliance(D, [], [], [NLS, FM], [])
    assert [(r.course, r.staff_group) for r in rows] == [
        ("NLS", "midwife"), ("NLS", "neonatal_nurse"),
        ("FM", "midwife"), ("FM", "obstetric_consultant"), ("FM", "obstetric_doctor"),
    ]


# --- percent and RAG ---------------------------------------------------------------------

def test_percent_rounds_to_one_decimal():
    assert percent_of(2, 3) == 66.7
    assert percent_of(1, 3) == 33.3
    assert percent_of(9, 10) == 90.0
    assert percent_of(0, 4) == 0.0
    assert percent_of(0, 0) is None


def test_rag_boundaries():
    t = Thresholds()
    assert rag_for(90.0, t) == "green"
    assert rag_for(89.9, t) == "amber"
    assert rag_for(80.0, t) == "amber"
    assert rag_for(79.9, t) == "red"
    assert rag_for(None, t) is None
    assert rag_for(85.0, Thresholds(95, 85)) == "amber"


def test_rag_in_rows_uses_thresholds():
    staff = [mw(str(i)) for i in range(10)]
    a = [att(str(i), date(2025, 1, 1)) for i in range(9)]  # 9 of 10
    assert row(compliance(D, staff, [], [FM], a)).rag == "green"
    assert row(compliance(D, staff, [], [FM], a, Thresholds(95, 90))).rag == "amber"
    assert row(compliance(D, staff, [], [FM], a[:7])).rag == "red"


def test_thresholds_validated():
    with pytest.raises(InvalidValue):
        Thresholds(80, 90).validated()
    with pytest.raises(InvalidValue):
        Thresholds(120, 80).validated()


# --- lists -------------------------------------------------------------------------------

def test_overdue_lists_never_attended_and_expired():
    staff = [mw("1"), mw("2"), mw("3"), mw("4", leave=date(2025, 1, 1))]
    a = [att("1", date(2025, 1, 1)), att("2", date(2024, 6, 15))]  # 2 expires on D
    rows = overdue(D, staff, [], [FM], a)
    assert [(r.staff_number, r.expiry) for r in rows] == [("3", None), ("2", date(2025, 6, 15))]


def test_due_within_n_days():
    staff = [mw("1"), mw("2"), mw("3")]
    a = [
        att("1", date(2024, 6, 16)),  # expires tomorrow
        att("2", date(2024, 7, 15)),  # expires in 30 days
        att("3", date(2024, 7, 16)),  # in 31 days
    ]
    assert [r.staff_number for r in due_within(D, 30, staff, [], [FM], a)] == ["1", "2"]
    assert [r.staff_number for r in due_within(D, 1, staff, [], [FM], a)] == ["1"]
    assert due_within(D, 0, staff, [], [FM], a) == []


def test_history_newest_first_with_expiry():
    a = [att("1", date(2024, 2, 29)), att("1", date(2025, 3, 1), status="dna"), att("2", D)]
    h = history("1", a, [FM])
    assert [(e.date, e.status, e.expiry) for e in h] == [
        (date(2025, 3, 1), "dna", None),
        (date(2024, 2, 29), "attended", date(2025, 2, 28)),
    ]


# --- trend -------------------------------------------------------------------------------

def test_trend_dates_are_month_ends():
    assert trend_dates(date(2025, 6, 15), 3) == [date(2025, 3, 31), date(2025, 4, 30), date(2025, 5, 31)]
    assert trend_dates(date(2025, 6, 30), 2) == [date(2025, 5, 31), date(2025, 6, 30)]
    assert len(trend_dates(date(2025, 6, 15))) == 24


def test_monthly_trend_per_course_all_groups_together():
    staff = [mw("1"), mw("2"), StaffMember("3", "C", "obstetric_consultant", date(2020, 1, 1))]
    a = [att("1", date(2024, 3, 10)), att("3", date(2024, 4, 30))]
    pts = monthly_trend(date(2025, 5, 31), staff, [], [FM], a, months=3)
    assert [(p.month, p.eligible, p.in_date, p.percent) for p in pts] == [
        ("2025-03", 3, 1, 33.3),  # 1 expired 10 Mar; 3 in date until 30 Apr
        ("2025-04", 3, 0, 0.0),  # 3 expires on 30 Apr itself
        ("2025-05", 3, 0, 0.0),
    ]


def test_monthly_trend_counts_a_person_once_across_overlapping_records_and_skips_absence():
    # 1 renews early (both records in date in April: counted once), 2 is absent through
    # April (not eligible then), 4 leaves on 15 Apr (eligible in March only)
    staff = [mw("1"), mw("2"), mw("4", leave=date(2025, 4, 15))]
    a = [att("1", date(2024, 4, 20)), att("1", date(2025, 3, 1)), att("2", date(2024, 5, 15)),
         att("4", date(2024, 5, 5)), att("1", date(2025, 7, 1))]  # after the last month end: not counted
    ab = [Absence("2", date(2025, 4, 1), date(2025, 4, 30))]
    pts = monthly_trend(date(2025, 5, 31), staff, ab, [FM], a, months=3)
    assert [(p.month, p.eligible, p.in_date, p.percent) for p in pts] == [
        ("2025-03", 3, 3, 100.0),
        ("2025-04", 1, 1, 100.0),  # only 1: 2 absent, 4 gone
        ("2025-05", 2, 1, 50.0),  # 2 back but expired on 15 May
    ]


def test_monthly_trend_runs_cut_by_absence_leave_and_start_and_merged_across_renewals():
    # month ends 31 Jan to 30 Jun 2025. 1 renews on 10 Feb while the 2024 record still runs
    # (counted once in Feb) and is absent 20 Mar to 30 Apr (the renewal's run is cut in two);
    # 2 leaves on 30 Apr (eligible that day); 3 starts on 1 Mar with a record from before
    # (it counts once 3 is employed) that expires on 20 Jun; 4 starts on 15 Feb with none;
    # 5 is a neonatal nurse, whose group does not take FM
    staff = [mw("1"), mw("2", leave=date(2025, 4, 30)), mw("3", start=date(2025, 3, 1)),
             mw("4", start=date(2025, 2, 15), group="obstetric_consultant"), mw("5", group="neonatal_nurse")]
    a = [att("1", date(2024, 3, 15)), att("1", date(2025, 2, 10)), att("2", date(2024, 7, 1)),
         att("3", date(2024, 6, 20)), att("5", date(2025, 1, 5))]
    ab = [Absence("1", date(2025, 3, 20), date(2025, 4, 30))]
    pts = monthly_trend(date(2025, 6, 30), staff, ab, [FM], a, months=6)
    assert [(p.month, p.eligible, p.in_date, p.percent) for p in pts] == [
        ("2025-01", 2, 2, 100.0),  # 1 and 2
        ("2025-02", 3, 2, 66.7),  # 4 starts, untrained
        ("2025-03", 3, 2, 66.7),  # 1 absent; 3 starts, in date
        ("2025-04", 3, 2, 66.7),  # 1 still absent on 30 Apr; 2 there on the day they leave
        ("2025-05", 3, 2, 66.7),  # 1 back, in date on the renewal; 2 gone
        ("2025-06", 3, 1, 33.3),  # 3 expired on 20 Jun
    ]


def test_index_matches_plain_function_over_many_dates():
    staff = [mw(str(i), start=date(2023, 1 + i % 12, 1)) for i in range(30)]
    a = [att(str(i), date(2023 + i % 3, 1 + i % 12, 1 + i % 28)) for i in range(0, 30, 2)]
    ab = [Absence("3", date(2024, 1, 1), date(2024, 6, 30))]
    index = ComplianceIndex.build(staff, ab, [FM, NLS], a)
    for d in trend_dates(date(2025, 12, 31), 36):
        assert index.compliance(d, Thresholds()) == compliance(d, staff, ab, [FM, NLS], a)


# --- parsing -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text,code",
    [
        ("Midwife", "midwife"), ("midwife", "midwife"), ("MIDWIFE", "midwife"),
        ("obstetric consultant", "obstetric_consultant"),
        ("Obstetric Consultant", "obstetric_consultant"),
        ("obstetric_consultant", "obstetric_consultant"),
        ("MSW", "msw"), ("Maternity support worker", "msw"),
        ("annp", "annp"), ("Advanced Neonatal Nurse Practitioner", "annp"),
        ("  neonatal-nurse ", "neonatal_nurse"),
    ],
)
def test_parse_staff_group(text, code):
    assert parse_staff_group(text) == code


def test_parse_staff_group_with_aliases_and_refusals():
    groups = [StaffGroup("midwife", "Midwife", 0, ("Registered midwife",))]
    assert parse_staff_group("registered MIDWIFE", groups) == "midwife"
    with pytest.raises(InvalidValue, match="not a staff group"):
        parse_staff_group("Porter")
    with pytest.raises(InvalidValue, match="required"):
        parse_staff_group("  ")


@pytest.mark.parametrize(
    "text,status",
    [(None, "attended"), ("", "attended"), ("Attended", "attended"), ("DNA", "dna"),
     ("Did not attend", "dna"), ("cancelled", "cancelled"), ("Canceled", "cancelled")],
)
def test_parse_status(text, status):
    assert parse_status(text) == status


def test_parse_status_refuses_unknown():
    with pytest.raises(InvalidValue):
        parse_status("maybe")


def test_validate_staff_and_absence():
    with pytest.raises(InvalidValue, match="before the start"):
        validate_staff(StaffMember("1", "A", "midwife", date(2025, 1, 2), date(2025, 1, 1)))
    with pytest.raises(InvalidValue, match="NHS number"):
        validate_staff(StaffMember("1", "A", "midwife", date(2025, 1, 2), notes="see 943 476 5919"))
    assert validate_staff(StaffMember(" 1 ", " A ", "midwife", D)).staff_number == "1"
    with pytest.raises(InvalidValue, match="ends before"):
        validate_absence(Absence("1", date(2025, 1, 2), date(2025, 1, 1)))
    with pytest.raises(InvalidValue, match="NHS number"):
        validate_absence(Absence("1", D, D, "patient 9434765919"))
