"""Governance core: deadline arithmetic, scope rules, gestation, champions, plan, submissions,
overdue. Expected values are worked by hand (see the comments)."""

import json
from datetime import date

import pytest

from maternity_desk.core import governance as g
from maternity_desk.core.errors import InvalidValue
from maternity_desk.paths import resource


@pytest.fixture(scope="module")
def cal():
    data = json.loads(resource("bank_holidays.json").read_text(encoding="utf-8"))
    return g.WorkingCalendar(date.fromisoformat(e["date"]) for e in data["events"])


RULES = [
    g.DeadlineRule("reported", "Reported to MBRRACE-UK", "working_days", 7),
    g.DeadlineRule("parents_informed", "Parents informed", "working_days", 7),
    g.DeadlineRule("review_started", "Review started", "months", 2),
    g.DeadlineRule("report_published", "Report published", "months", 6),
]


# --- bank holidays as shipped -----------------------------------------------------------

def test_bank_holiday_file_covers_2015_to_2030_with_one_offs():
    data = json.loads(resource("bank_holidays.json").read_text(encoding="utf-8"))
    assert "gov.uk" in data["source"].lower()
    days = {e["date"] for e in data["events"]}
    years = {d[:4] for d in days}
    assert years == {str(y) for y in range(2015, 2031)}
    # the one-off changes of 2020, 2022 and 2023
    assert {"2020-05-08", "2022-06-02", "2022-06-03", "2022-09-19", "2023-05-08"} <= days
    assert "2020-05-04" not in days and "2022-05-30" not in days
    # substitute days: Christmas 2021 fell on a Saturday, New Year 2022 on a Saturday
    assert {"2021-12-27", "2021-12-28", "2022-01-03"} <= days
    # Easter 2025: Good Friday 18 April, Easter Monday 21 April
    assert {"2025-04-18", "2025-04-21"} <= days
    # eight a year, plus the extra days of 2022 (2) and 2023 (1)
    assert len(days) == 16 * 8 + 3


# --- working days ------------------------------------------------------------------------

@pytest.mark.parametrize(
    "start, n, expected",
    [
        # Mon 3 Mar 2025: Tue..Fri (4), Mon 10, Tue 11, Wed 12 = 7
        (date(2025, 3, 3), 7, date(2025, 3, 12)),
        # a death on a Saturday: the first working day after is Monday
        (date(2025, 3, 1), 1, date(2025, 3, 3)),
        # Fri 20 Dec 2024: Mon 23, Tue 24, (25, 26 holidays) Fri 27, Mon 30, Tue 31,
        # (1 Jan holiday) Thu 2, Fri 3 Jan 2025
        (date(2024, 12, 20), 7, date(2025, 1, 3)),
        # Wed 16 Apr 2025: Thu 17, (Good Friday 18, weekend, Easter Monday 21) Tue 22 .. Fri 25,
        # Mon 28, Tue 29
        (date(2025, 4, 16), 7, date(2025, 4, 29)),
        # Thu 23 Dec 2021: Fri 24, (Mon 27, Tue 28 substitute days) Wed 29, Thu 30, Fri 31,
        # (Mon 3 Jan 2022 substitute) Tue 4, Wed 5, Thu 6
        (date(2021, 12, 23), 7, date(2022, 1, 6)),
        # Platinum Jubilee: Wed 1 Jun 2022 + 1 working day skips Thu 2 and Fri 3 -> Mon 6
        (date(2022, 6, 1), 1, date(2022, 6, 6)),
        (date(2025, 3, 3), 0, date(2025, 3, 3)),
    ],
)
def test_add_working_days(cal, start, n, expected):
    assert cal.add_working_days(start, n) == expected
    assert g.deadline(start, "working_days", n, cal) == expected


def test_working_days_between(cal):
    assert cal.working_days_between(date(2024, 12, 20), date(2025, 1, 3)) == 7
    assert cal.working_days_between(date(2025, 1, 3), date(2024, 12, 20)) == 0


def test_negative_working_days_refused(cal):
    with pytest.raises(InvalidValue):
        cal.add_working_days(date(2025, 1, 1), -1)


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2024, 12, 30), 2, date(2025, 2, 28)),
        (date(2025, 3, 31), 2, date(2025, 5, 31)),
        (date(2025, 10, 31), 2, date(2025, 12, 31)),
        (date(2025, 6, 15), 6, date(2025, 12, 15)),
    ],
)
def test_month_deadlines_clamp_to_month_end(cal, start, months, expected):
    assert g.deadline(start, "months", months, cal) == expected


def test_rule_validation():
    with pytest.raises(InvalidValue):
        g.DeadlineRule("reported", "x", "fortnights", 1)
    with pytest.raises(InvalidValue):
        g.DeadlineRule("reported", "x", "months", -1)
    assert RULES[0].describe() == "7 working days"


# --- gestation and scope -----------------------------------------------------------------

@pytest.mark.parametrize(
    "text, days",
    [("23+4", 165), ("23w4d", 165), ("23W 4D", 165), ("23 weeks 4 days", 165), ("23 + 4", 165),
     ("24", 168), ("24w", 168), (40, 280), (40.0, 280), ("22+0", 154), ("45+0", 315)],
)
def test_parse_gestation(text, days):
    assert g.parse_gestation(text) == days


@pytest.mark.parametrize("text", ["23+7", "23.5", "abc", "", None, "46+0", "23w9d", 23.5, "-1"])
def test_parse_gestation_refused(text):
    with pytest.raises(InvalidValue):
        g.parse_gestation(text)


def test_format_gestation():
    assert g.format_gestation(165) == "23+4"
    assert g.format_gestation(168) == "24+0"


@pytest.mark.parametrize(
    "category, gest, ok, why",
    [
        ("late_fetal_loss", "22+0", True, None),
        ("late_fetal_loss", "23+6", True, None),
        ("late_fetal_loss", "24+0", False, "is a stillbirth"),
        ("late_fetal_loss", "21+6", False, "before 22+0"),
        ("stillbirth", "24+0", True, None),
        ("stillbirth", "41+2", True, None),
        ("stillbirth", "23+6", False, "late fetal loss"),
        ("stillbirth", "22+0", False, "late fetal loss"),
        ("stillbirth", "21+6", False, "before 22+0"),
        ("stillbirth", "12+0", False, "before 22+0"),
        ("neonatal_death", "22+0", True, None),
        ("neonatal_death", "21+6", False, "before 22+0"),
        ("post_neonatal_death", "25+3", True, None),
        ("post_neonatal_death", "20+0", False, "before 22+0"),
    ],
)
def test_scope(category, gest, ok, why):
    reason = g.scope_refusal(category, g.parse_gestation(gest))
    if ok:
        assert reason is None
    else:
        assert reason and why in reason


def test_terminations_out_of_scope():
    assert "termination" in g.scope_refusal("stillbirth", 200, termination=True)
    with pytest.raises(InvalidValue, match="termination"):
        g.parse_category("Termination of pregnancy")


@pytest.mark.parametrize(
    "text, code",
    [("Stillbirth", "stillbirth"), ("late fetal loss", "late_fetal_loss"), ("Neonatal death", "neonatal_death"),
     ("post-neonatal death", "post_neonatal_death"), ("NND", "neonatal_death")],
)
def test_parse_category(text, code):
    assert g.parse_category(text) == code


def _values(**over):
    v = {"reference": "R24-017", "category": "stillbirth", "gestation": "36+2", "date_of_death": "02/03/2024"}
    v.update(over)
    return v


def test_check_review_ok():
    case, problems = g.check_review(_values(reported="2024-03-05", review_started="2024-04-02",
                                            report_published="2024-07-30"))
    assert problems == []
    assert case.gestation_days == 36 * 7 + 2 and case.date_of_death == date(2024, 3, 2)


def test_check_review_collects_every_problem():
    case, problems = g.check_review(_values(reference="Baby 943 476 5919", gestation="23+1",
                                            reported="2024-03-01", report_published="2024-08-01",
                                            themes="mum 9434765919"))
    fields = [f for f, _ in problems]
    assert case is None
    assert "reference" in fields and "themes" in fields  # NHS numbers
    assert "category" in fields  # a stillbirth under 24+0
    assert "reported" in fields  # before the death
    assert "review_started" in fields  # published without a start
    assert any("NHS number" in why for _, why in problems)


def test_nhs_number_with_non_breaking_spaces_refused():
    with pytest.raises(InvalidValue, match="NHS number"):
        g.clean_text("943\u00a0476\u00a05919", "Notes")
    with pytest.raises(InvalidValue, match="NHS number"):
        g.clean_text("943\u2013476\u20135919", "Notes")
    assert g.clean_text("  R24-017 ", "Reference") == "R24-017"


def test_make_review_raises_first_problem():
    with pytest.raises(InvalidValue, match="late fetal loss"):
        g.make_review(_values(gestation="23+6"))


# --- milestones ---------------------------------------------------------------------------

def test_milestone_statuses(cal):
    # died Fri 20 Dec 2024: reported due Fri 3 Jan 2025 (see above), review due 20 Feb,
    # report due 20 Jun 2025
    case = g.ReviewCase(1, "R24-100", "stillbirth", 250, date(2024, 12, 20), reported=date(2025, 1, 6),
                        review_started=date(2025, 2, 10))
    st = {m.code: m for m in g.milestone_statuses(case, RULES, cal, date(2025, 3, 1))}
    assert st["reported"].due == date(2025, 1, 3) and st["reported"].state == "late"
    assert st["parents_informed"].state == "overdue"
    # 3 Jan -> 1 Mar 2025: 28 (rest of Jan) + 28 (Feb) + 1 = 57 days
    assert st["parents_informed"].days_overdue == 57
    assert st["review_started"].due == date(2025, 2, 20) and st["review_started"].state == "done"
    assert st["report_published"].due == date(2025, 6, 20) and st["report_published"].state == "due"
    assert g.case_status(case, date(2025, 3, 1)) == "Review in progress"
    assert g.case_status(case, date(2025, 1, 5)) == "Not reported"


def test_theme_counts():
    cases = [g.ReviewCase(None, "a", "stillbirth", 200, date(2024, 1, 1), themes="Fetal monitoring; Escalation"),
             g.ReviewCase(None, "b", "stillbirth", 200, date(2024, 1, 1), themes="fetal monitoring\nSmoking"),
             g.ReviewCase(None, "c", "stillbirth", 200, date(2024, 1, 1), themes="")]
    assert g.theme_counts(cases) == [("Fetal monitoring", 2), ("Escalation", 1), ("Smoking", 1)]


# --- champions ----------------------------------------------------------------------------

ROLES = [g.ChampionRole("board", "Board", True), g.ChampionRole("obstetric", "Obs", True),
         g.ChampionRole("midwifery", "MW", True), g.ChampionRole("neonatal", "Neo", False)]


def test_vacant_roles():
    champs = [g.Champion(1, "board", "A", date(2023, 1, 1)),
              g.Champion(2, "obstetric", "B", date(2023, 1, 1), date(2024, 6, 30)),
              g.Champion(3, "obstetric", "C", date(2024, 9, 1)),
              g.Champion(4, "midwifery", "D", date(2023, 1, 1))]
    assert g.vacant_roles(ROLES, champs, date(2024, 6, 30)) == []
    assert [r.code for r in g.vacant_roles(ROLES, champs, date(2024, 7, 1))] == ["obstetric"]
    assert g.vacant_roles(ROLES, champs, date(2024, 9, 1)) == []  # neonatal is optional
    assert [r.code for r in g.vacant_roles(ROLES, [], date(2024, 9, 1))] == ["board", "obstetric", "midwifery"]
    assert g.vacancy_periods("obstetric", champs, date(2023, 1, 1), date(2025, 1, 1)) == [
        (date(2024, 7, 1), date(2024, 8, 31))]
    assert g.vacancy_periods("neonatal", champs, date(2023, 1, 1), date(2023, 12, 31)) == [
        (date(2023, 1, 1), date(2023, 12, 31))]


def test_champion_validation():
    with pytest.raises(InvalidValue, match="before"):
        g.make_champion("board", "A", "2024-05-01", "2024-04-30", ROLES)
    with pytest.raises(InvalidValue, match="role"):
        g.make_champion("chair", "A", "2024-05-01", None, ROLES)
    with pytest.raises(InvalidValue, match="NHS number"):
        g.make_meeting("2024-05-01", "A, B", "Baby 9434765919 discussed")


def test_meeting_gaps():
    dates = [date(2025, 1, 15), date(2025, 3, 10), date(2025, 6, 20)]
    gaps = g.meeting_gaps(dates, 2, date(2025, 9, 1))
    # after 10 Mar the next was due 10 May; held 20 Jun: 21 + 20 = 41 days late
    assert gaps[0] == g.MeetingGap(date(2025, 3, 10), date(2025, 6, 20), date(2025, 5, 10), 41)
    # after 20 Jun due 20 Aug; none by 1 Sep: 12 days
    assert gaps[1] == g.MeetingGap(date(2025, 6, 20), None, date(2025, 8, 20), 12)
    assert len(gaps) == 2


def test_meeting_gap_three_months():
    # with 3 months, after 10 Mar the next is due 10 Jun: 20 Jun is 10 days late
    gaps = g.meeting_gaps([date(2025, 3, 10), date(2025, 6, 20)], 3, date(2025, 7, 1))
    assert [(x.due, x.days_late) for x in gaps] == [(date(2025, 6, 10), 10)]


# --- improvement plan ---------------------------------------------------------------------

def test_plan_progress_and_overdue():
    as_at = date(2025, 6, 30)
    acts = [
        g.make_plan_action("Fetal monitoring", "Buddy CTG review", "Lead MW", "2025-05-31", "in progress"),
        g.make_plan_action("Fetal monitoring", "Annual training", "PDM", "2025-03-31", "complete"),
        g.make_plan_action("Smoking", "CO testing at booking", "", "2025-07-31", "not started"),
        g.make_plan_action("Smoking", "Opt-out referral", "", "2025-01-31", "dropped"),
        g.make_plan_action("Smoking", "VBA training", "", None, "not_started"),
    ]
    assert acts[0].days_overdue(as_at) == 30
    assert acts[1].days_overdue(as_at) is None and acts[3].days_overdue(as_at) is None
    rows = {r.area: r for r in g.plan_progress(acts, as_at)}
    assert rows["Fetal monitoring"].in_progress == 1 and rows["Fetal monitoring"].complete == 1
    assert rows["Fetal monitoring"].overdue == 1 and rows["Fetal monitoring"].percent_complete == 50.0
    assert rows["Smoking"].dropped == 1 and rows["Smoking"].percent_complete == 0.0
    assert rows["All areas"].total == 5 and rows["All areas"].percent_complete == 25.0
    with pytest.raises(InvalidValue):
        g.parse_plan_status("finished")


def test_plan_version_validation():
    with pytest.raises(InvalidValue, match="before it was agreed"):
        g.make_plan_version("v1", "2024-05-01", "2024-04-01", "website")
    with pytest.raises(InvalidValue, match="where"):
        g.make_plan_version("v1", "2024-05-01", "2024-06-01", "")
    v = g.make_plan_version("v1", "2024-05-01", "2024-06-01", "Trust website")
    assert v.published


# --- submissions --------------------------------------------------------------------------

MSDS = g.make_dataset("MSDS", "MSDS", "monthly", 1, "end")
NND = g.make_dataset("NND", "NND", "monthly", 1, 15)
NMPA = g.make_dataset("NMPA", "NMPA", "annual", 6, "end", first_period="2023/24")
MBR = g.make_dataset("MBRRACE", "MBRRACE-UK", "per_case", due_working_days=7)
QTR = g.make_dataset("Q", "Quarterly", "quarterly", 1, 10)


def test_submission_due_rules(cal):
    assert g.submission_due(MSDS, "2025-08", cal) == date(2025, 9, 30)
    assert g.submission_due(MSDS, "2025-01", cal) == date(2025, 2, 28)
    assert g.submission_due(NND, "2025-09", cal) == date(2025, 10, 15)
    assert g.submission_due(NMPA, "2024/25", cal) == date(2025, 9, 30)
    assert g.submission_due(QTR, "2025-Q1", cal) == date(2025, 4, 10)
    assert g.submission_due(MBR, "R24-100", cal, event=date(2024, 12, 20)) == date(2025, 1, 3)


def test_periods():
    assert g.last_ended_period("monthly", date(2025, 10, 15)) == "2025-09"
    assert g.last_ended_period("monthly", date(2025, 1, 1)) == "2024-12"
    assert g.last_ended_period("annual", date(2025, 10, 15)) == "2024/25"
    assert g.last_ended_period("annual", date(2025, 3, 31)) == "2023/24"
    assert g.last_ended_period("quarterly", date(2025, 4, 1)) == "2025-Q1"
    assert g.periods_between("monthly", "2024-11", "2025-02") == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert g.parse_period("quarterly", "q3 2025") == "2025-Q3"
    assert g.parse_period("monthly", "Mar-25") == "2025-03"
    with pytest.raises(InvalidValue):
        g.parse_period("per_case", "943 476 5919")


def test_dataset_validation():
    with pytest.raises(InvalidValue, match="working days"):
        g.make_dataset("X", "X", "per_case")
    with pytest.raises(InvalidValue, match="months"):
        g.make_dataset("X", "X", "monthly")
    with pytest.raises(InvalidValue, match="cadence"):
        g.make_dataset("X", "X", "weekly", 1)
    assert g.make_dataset("nnd2", "X", "continuous", 1, 15).cadence == "monthly"


def test_missing_for_current_period(cal):
    today = date(2025, 10, 15)
    subs = [
        g.Submission(1, "MSDS", "2025-08", date(2025, 9, 30), date(2025, 9, 20), "Analyst"),
        g.Submission(2, "NND", "2025-09", date(2025, 10, 15), date(2025, 10, 10), "Data clerk"),
        g.Submission(3, "MBRRACE", "R25-031", date(2025, 10, 2)),
        g.Submission(4, "MBRRACE", "R25-030", date(2025, 9, 2), date(2025, 9, 1), "Bereavement MW"),
    ]
    missing = g.missing_for_current_period([MSDS, NND, NMPA, MBR], subs, cal, today)
    got = [(m.dataset, m.period, m.due_date, m.days_overdue) for m in missing]
    assert got == [
        ("NMPA", "2024/25", date(2025, 9, 30), 15),
        ("MBRRACE", "R25-031", date(2025, 10, 2), 13),
        ("MSDS", "2025-09", date(2025, 10, 31), 0),
    ]


def test_untracked_dataset_expects_nothing(cal):
    untracked = g.make_dataset("NEW", "New", "monthly", 1, "end")
    assert g.missing_for_current_period([untracked], [], cal, date(2025, 10, 15)) == []
    assert g.expected_submissions([untracked], [], cal, date(2025, 10, 15)) == []
    # tracked from its first recorded period: Jun recorded, Jul and Aug expected up to Sep
    subs = [g.Submission(1, "NEW", "2025-06", date(2025, 7, 31), date(2025, 7, 1), "x")]
    exp = g.expected_submissions([untracked], subs, cal, date(2025, 10, 15))
    assert sorted(s.period for s in exp) == ["2025-06", "2025-07", "2025-08", "2025-09"]


def test_submission_status():
    s = g.Submission(1, "MSDS", "2025-08", date(2025, 9, 30), date(2025, 10, 2), "x")
    assert s.late and s.status(date(2025, 10, 5)) == "Submitted late"
    assert g.Submission(1, "MSDS", "2025-08", date(2025, 9, 30)).status(date(2025, 10, 1)) == "Overdue"
    assert g.Submission(1, "MSDS", "2025-08", date(2025, 9, 30)).status(date(2025, 9, 30)) == "Due"
    with pytest.raises(InvalidValue, match="who"):
        g.make_submission(MSDS, "2025-08", "2025-09-30", "2025-09-29", "")


# --- the overdue list ---------------------------------------------------------------------

def test_overdue_items(cal):
    as_at = date(2025, 3, 1)
    reg = g.Registers(
        calendar=cal,
        rules=RULES,
        meetings=[g.Meeting(1, date(2024, 11, 20), "A, B")],
        meeting_gap_months=2,
        champion_actions=[g.FollowUp(1, 1, "Walkabout rota", "Board champion", date(2025, 2, 1)),
                          g.FollowUp(2, 1, "Closed one", "", date(2025, 1, 1), "complete", date(2025, 1, 2))],
        plan_actions=[g.PlanAction(1, "Smoking", "CO testing", "MW", date(2025, 2, 28), "in_progress")],
        datasets=[MSDS],
        submissions=[g.Submission(1, "MSDS", "2024-12", date(2025, 1, 31), date(2025, 1, 30), "x")],
        reviews=[g.ReviewCase(7, "R24-100", "stillbirth", 250, date(2024, 12, 20), reported=date(2025, 1, 2),
                              parents_informed=date(2025, 1, 2), review_started=date(2025, 2, 10))],
        review_actions=[g.FollowUp(1, 7, "Audit CTG", "Obs lead", date(2025, 2, 20))],
    )
    items = g.overdue_items(reg, as_at)
    got = {(i.register, i.due_date, i.days_overdue) for i in items}
    assert got == {
        # champions met 20 Nov 2024: next due 20 Jan 2025; 1 Mar is 11 + 28 + 1 = 40 days on
        (g.REG_MEETINGS, date(2025, 1, 20), 40),
        (g.REG_CHAMPION_ACTIONS, date(2025, 2, 1), 28),
        (g.REG_PLAN, date(2025, 2, 28), 1),
        # MSDS Jan 2025 (last ended period at 1 Mar is Feb; Jan due 28 Feb) not recorded
        (g.REG_SUBMISSIONS, date(2025, 2, 28), 1),
        (g.REG_REVIEW_ACTIONS, date(2025, 2, 20), 9),
    }
    assert [i.days_overdue for i in items] == sorted((i.days_overdue for i in items), reverse=True)
    assert items[0].as_json() == {"register": "Champions' meetings", "item": items[0].item,
                                  "due_date": "2025-01-20", "days_overdue": 40}
    # the review itself has nothing overdue: report due 20 Jun 2025
    assert not any(i.register == g.REG_REVIEWS for i in items)
    later = g.overdue_items(reg, date(2025, 6, 21))
    assert (g.REG_REVIEWS, date(2025, 6, 20), 1) in {(i.register, i.due_date, i.days_overdue) for i in later}


def test_days_overdue():
    assert g.days_overdue(date(2025, 1, 1), None, date(2025, 1, 1)) is None
    assert g.days_overdue(date(2025, 1, 1), None, date(2025, 1, 2)) == 1
    assert g.days_overdue(date(2025, 1, 1), date(2025, 1, 5), date(2025, 1, 4)) == 3
    assert g.days_overdue(date(2025, 1, 1), date(2025, 1, 5), date(2025, 1, 6)) is None
    assert g.days_overdue(None, None, date(2025, 1, 6)) is None


def test_review_dates_cannot_be_in_the_future():
    from datetime import date

    from maternity_desk.core import governance as g

    values = {"reference": "PMR-1", "category": "stillbirth", "gestation": "30+0",
              "date_of_death": "2026-11-20", "reported": "2026-11-21"}
    case, problems = g.check_review(values, today=date(2026, 11, 21))
    assert case is not None and problems == []
    case, problems = g.check_review(values, today=date(2026, 11, 20))
    assert case is None
    assert problems == [("reported", "reported to MBRRACE-UK (21/11/2026) is in the future")] or \
        [p[0] for p in problems] == ["reported"]
    case, problems = g.check_review(values, today=date(2026, 11, 19))
    assert "date_of_death" in [p[0] for p in problems]
    assert any("in the future" in p[1] for p in problems)
