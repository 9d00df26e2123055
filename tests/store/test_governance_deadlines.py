"""PMRT deadlines from the shipped rules and bank holidays, worked by hand across Christmas and
New Year, Easter and month ends, and the overdue listing's days overdue at month ends,
through the store and the ``overdue`` command.

Shipped rules (resources/pmrt_rules.json, with the draft report milestone added by schema 9):
reported and parents informed 7 working days after the death; review started 2 months; draft
report 4 months; report published 6 months (clamped to the month's end).
Bank holidays used (resources/bank_holidays.json, England and Wales):
2025-12-25 Thu, 2025-12-26 Fri, 2026-01-01 Thu; 2026-04-03 Good Friday, 2026-04-06 Easter
Monday; 2026-08-31 Mon summer; 2026-12-25 Fri, 2026-12-28 Mon (Boxing Day substitute),
2027-01-01 Fri; 2027-03-26 Good Friday, 2027-03-29 Easter Monday.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from maternity_desk.core import governance as g
from maternity_desk.store import governance as sg


def _case(store, ref: str, died: date, **done) -> int:
    values = {"reference": ref, "category": "stillbirth", "gestation": "38+2", "date_of_death": died, **done}
    return sg.save_review(store, g.make_review(values))


def _deadlines(store, died: date) -> dict[str, date]:
    case = g.ReviewCase(None, "x", "stillbirth", 268, died)
    return {m.code: m.due for m in g.milestone_statuses(case, sg.deadline_rules(store), sg.calendar(store), died)}


@pytest.mark.parametrize(
    "died, reported, review, draft, report",
    [
        # Wed 23 Dec 2026: Thu 24 (1); Fri 25 Christmas, weekend, Mon 28 Boxing Day substitute;
        # Tue 29 (2), Wed 30 (3), Thu 31 (4); Fri 1 Jan New Year; Mon 4 (5), Tue 5 (6), Wed 6 Jan (7)
        (date(2026, 12, 23), date(2027, 1, 6), date(2027, 2, 23), date(2027, 4, 23), date(2027, 6, 23)),
        # Tue 30 Dec 2025: Wed 31 (1); Thu 1 Jan New Year; Fri 2 (2), Mon 5 (3) .. Fri 9 Jan (7);
        # 30 Dec + 2 months = 30 Feb -> 28 Feb 2026; + 6 months = 30 Jun 2026
        (date(2025, 12, 30), date(2026, 1, 9), date(2026, 2, 28), date(2026, 4, 30), date(2026, 6, 30)),
        # Wed 24 Dec 2025: Thu 25, Fri 26 holidays; Mon 29 (1), Tue 30 (2), Wed 31 (3);
        # Thu 1 Jan holiday; Fri 2 (4), Mon 5 (5), Tue 6 (6), Wed 7 Jan (7)
        (date(2025, 12, 24), date(2026, 1, 7), date(2026, 2, 24), date(2026, 4, 24), date(2026, 6, 24)),
        # Thu 2 Apr 2026 (Easter): Fri 3 Good Friday, weekend, Mon 6 Easter Monday;
        # Tue 7 (1) .. Fri 10 (4), Mon 13 (5), Tue 14 (6), Wed 15 Apr (7)
        (date(2026, 4, 2), date(2026, 4, 15), date(2026, 6, 2), date(2026, 8, 2), date(2026, 10, 2)),
        # Wed 24 Mar 2027 (Easter): Thu 25 (1); Fri 26 Good Friday, weekend, Mon 29 Easter Monday;
        # Tue 30 (2), Wed 31 (3), Thu 1 Apr (4), Fri 2 (5), Mon 5 (6), Tue 6 Apr (7)
        (date(2027, 3, 24), date(2027, 4, 6), date(2027, 5, 24), date(2027, 7, 24), date(2027, 9, 24)),
        # Mon 31 Aug 2026, itself the summer bank holiday: Tue 1 Sep (1) .. Wed 9 Sep (7);
        # + 2 months = 31 Oct; + 4 months = 31 Dec; + 6 months = 31 Feb -> 28 Feb 2027
        (date(2026, 8, 31), date(2026, 9, 9), date(2026, 10, 31), date(2026, 12, 31), date(2027, 2, 28)),
        # 31 Aug 2027 + 6 months = 29 Feb 2028 (a leap year)
        (date(2027, 8, 31), date(2027, 9, 9), date(2027, 10, 31), date(2027, 12, 31), date(2028, 2, 29)),
    ],
)
def test_pmrt_deadlines_from_the_shipped_rules(store, died, reported, review, draft, report):
    assert _deadlines(store, died) == {"reported": reported, "parents_informed": reported,
                                       "review_started": review, "draft_report": draft,
                                       "report_published": report}


def test_a_bank_holiday_added_later_moves_the_working_day_deadline(store):
    # Thu 2 Apr 2026 reported by Wed 15 Apr; a one-off holiday on Fri 10 Apr moves it to Thu 16
    assert _deadlines(store, date(2026, 4, 2))["reported"] == date(2026, 4, 15)
    sg.add_bank_holiday(store, date(2026, 4, 10), "One-off holiday")
    assert _deadlines(store, date(2026, 4, 2))["reported"] == date(2026, 4, 16)
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'gov_bank_holidays'") == 1
    sg.remove_bank_holiday(store, date(2026, 4, 10))
    assert _deadlines(store, date(2026, 4, 2))["reported"] == date(2026, 4, 15)
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'gov_bank_holidays'") == 2


def test_days_overdue_at_month_ends(store, cli, db_path):
    # died Mon 31 Aug 2026, reported on time, nothing else done
    _case(store, "PMR-ME-1", date(2026, 8, 31), reported=date(2026, 9, 7))
    # a plan action due 31 Jan 2027
    sg.save_plan_action(store, g.make_plan_action("Fetal growth", "Audit SGA detection", "Lead", "31/01/2027"))

    def days(as_at):
        return {(i.register, i.due_date): i.days_overdue for i in sg.overdue(store, as_at)}

    # 28 Feb 2027: the report is due that day, so not yet overdue. Parents informed (due Wed
    # 9 Sep 2026): 21 (rest of Sep) + 31 + 30 + 31 + 31 (Oct-Jan) + 28 = 172. Review started (due
    # 31 Oct 2026): 30 + 31 + 31 + 28 = 120. Draft report (due 31 Dec 2026): 31 + 28 = 59.
    # Plan action (due 31 Jan): 28.
    assert days(date(2027, 2, 28)) == {
        (g.REG_REVIEWS, date(2026, 9, 9)): 172,
        (g.REG_REVIEWS, date(2026, 10, 31)): 120,
        (g.REG_REVIEWS, date(2026, 12, 31)): 59,
        (g.REG_PLAN, date(2027, 1, 31)): 28,
    }
    # 1 Mar 2027: the report (due 28 Feb) is 1 day overdue
    assert days(date(2027, 3, 1))[(g.REG_REVIEWS, date(2027, 2, 28))] == 1
    # 31 Mar 2027: report 31; draft 59 + 31 = 90; review 120 + 31 = 151; parents 172 + 31 = 203;
    # plan action 28 + 31 = 59
    at_march_end = days(date(2027, 3, 31))
    assert at_march_end == {
        (g.REG_REVIEWS, date(2026, 9, 9)): 203,
        (g.REG_REVIEWS, date(2026, 10, 31)): 151,
        (g.REG_REVIEWS, date(2026, 12, 31)): 90,
        (g.REG_REVIEWS, date(2027, 2, 28)): 31,
        (g.REG_PLAN, date(2027, 1, 31)): 59,
    }
    # the command gives the same, most overdue first
    code, out, err = cli("overdue", "--as-at", "2027-03-31", "--db", db_path, "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert [(r["register"], r["due_date"], r["days_overdue"]) for r in rows] == [
        ("Perinatal reviews", "2026-09-09", 203),
        ("Perinatal reviews", "2026-10-31", 151),
        ("Perinatal reviews", "2026-12-31", 90),
        ("Improvement plan", "2027-01-31", 59),
        ("Perinatal reviews", "2027-02-28", 31),
    ]
    assert rows[0]["item"].startswith("PMR-ME-1: Parents informed of the review")


def test_days_overdue_in_a_leap_february(store):
    # died Tue 31 Aug 2027: report due 29 Feb 2028
    _case(store, "PMR-LEAP", date(2027, 8, 31), reported=date(2027, 9, 1), parents_informed=date(2027, 9, 1),
          review_started=date(2027, 10, 1), draft_report=date(2027, 12, 20))
    sg.save_plan_action(store, g.make_plan_action("Culture", "Survey", "", "2028-01-31"))

    def days(as_at):
        return {(i.register, i.due_date): i.days_overdue for i in sg.overdue(store, as_at)}

    assert days(date(2028, 2, 29)) == {(g.REG_PLAN, date(2028, 1, 31)): 29}
    assert days(date(2028, 3, 1)) == {(g.REG_PLAN, date(2028, 1, 31)): 30,
                                      (g.REG_REVIEWS, date(2028, 2, 29)): 1}
    # published on 1 Mar 2028: late, but no longer overdue
    case = sg.reviews(store)[0]
    sg.save_review(store, g.ReviewCase(case.id, case.reference, case.category, case.gestation_days,
                                       case.date_of_death, case.reported, case.parents_informed,
                                       case.review_started, date(2028, 3, 1), draft_report=case.draft_report))
    assert days(date(2028, 3, 31)) == {(g.REG_PLAN, date(2028, 1, 31)): 60}
    states = {m.code: m.state for m in g.milestone_statuses(sg.reviews(store)[0], sg.deadline_rules(store),
                                                             sg.calendar(store), date(2028, 3, 31))}
    assert states["report_published"] == "late"


def test_deadlines_after_2030_skip_the_bank_holidays_of_their_year(store):
    """The shipped list stopped at 2030, so later deadlines came out early with no warning.
    Easter 2031: Good Friday 11 April, Easter Monday 14 April. Christmas 2035: Tuesday 25 and
    Wednesday 26 December. May 2040: early May bank holiday Monday 7 May."""
    # died Thu 10 Apr 2031: 7 working days are Tue 15 .. Fri 18, Mon 21 .. Wed 23 April
    assert _deadlines(store, date(2031, 4, 10))["reported"] == date(2031, 4, 23)
    cal = sg.calendar(store)
    assert cal.add_working_days(date(2031, 4, 10), 1) == date(2031, 4, 15)
    assert cal.add_working_days(date(2035, 12, 24), 1) == date(2035, 12, 27)
    assert cal.add_working_days(date(2040, 5, 4), 1) == date(2040, 5, 8)


def test_the_unit_still_adds_a_local_closure_day_after_2030(store):
    # Thu 10 Apr 2031 + 1 working day is Tue 15 (Easter); a closure on Tue 15 moves it to Wed 16
    sg.add_bank_holiday(store, date(2031, 4, 15), "Unit closure")
    assert sg.calendar(store).add_working_days(date(2031, 4, 10), 1) == date(2031, 4, 16)
