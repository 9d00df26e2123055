"""The qualifying-case log (safety action 10): checks on a case, deadlines with bank holidays,
and the share reported to MNSI and Early Notification in time, worked out by hand."""

from datetime import date

import pytest

from maternity_desk.core import cases as qc
from maternity_desk.core.bank_holidays import ENGLAND_AND_WALES
from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.governance import WorkingCalendar

CAL = WorkingCalendar(bank_holidays=ENGLAND_AND_WALES)
ALL = qc.CATEGORIES
RULES = [
    qc.CaseRule("mnsi_referred", "Referred to MNSI", "working_days", 7, ALL),
    qc.CaseRule("en_reported", "Reported to Early Notification", "calendar_days", 30, ("brain_injury",)),
    qc.CaseRule("incident_reported", "Incident reported", "calendar_days", 3, ALL, "V"),
]


def case(ref, cat, event, mnsi=None, en=None, **kw):
    return qc.QualifyingCase(None, ref, cat, event, mnsi, en, **kw)


def test_deadlines_skip_weekends_and_bank_holidays():
    # Fri 22/12/2023: Christmas Day, Boxing Day and New Year's Day are not counted
    ms = {m.code: m for m in qc.states(case("A", "brain_injury", date(2023, 12, 22)), RULES, CAL, date(2024, 1, 2))}
    assert ms["mnsi_referred"].due == date(2024, 1, 5)
    assert ms["en_reported"].due == date(2024, 1, 21)
    assert ms["incident_reported"].due == date(2023, 12, 25) and ms["incident_reported"].days_overdue == 8
    # Thu 28/03/2024: Good Friday and Easter Monday skipped
    ms = qc.states(case("C", "brain_injury", date(2024, 3, 28)), RULES, CAL, date(2024, 3, 28))
    assert ms[0].due == date(2024, 4, 10)
    # 29/02/2024 (a Thursday): seven working days is Monday 11 March; EN does not apply
    ms = qc.states(case("B", "early_neonatal_death", date(2024, 2, 29)), RULES, CAL, date(2024, 3, 1))
    assert [m.code for m in ms] == ["mnsi_referred", "incident_reported"]
    assert ms[0].due == date(2024, 3, 11) and ms[1].due == date(2024, 3, 3)


CASES = [
    case("A", "brain_injury", date(2023, 12, 22), date(2024, 1, 5), date(2024, 1, 22)),   # EN a day late
    case("A2", "brain_injury", date(2023, 12, 22), date(2024, 1, 5), date(2024, 1, 21)),  # both on the day
    case("B", "early_neonatal_death", date(2024, 2, 29), date(2024, 3, 11)),              # MNSI on the day
    case("B2", "early_neonatal_death", date(2024, 2, 29)),                                # never referred
    case("H", "early_neonatal_death", date(2024, 2, 29), date(2024, 3, 12)),              # a day late
    case("C", "brain_injury", date(2024, 3, 28), date(2024, 4, 10)),                      # EN not yet made
    case("C2", "brain_injury", date(2024, 3, 28)),                                        # nothing yet
    case("D", "maternal_death", date(2024, 4, 9)),                                        # MNSI due 18/04
    case("G", "brain_injury", date(2024, 3, 28), date(2024, 4, 3), date(2024, 4, 5)),     # done early
    case("E", "intrapartum_stillbirth", date(2023, 11, 1), date(2023, 11, 2)),            # before the window
    case("F", "early_neonatal_death", date(2024, 4, 20)),                                 # MNSI due 30/04
]
START, END = date(2023, 12, 1), date(2024, 4, 30)


def test_sa10_on_an_as_at_date_that_is_a_deadline():
    # 10/04/2024 is C's and C2's MNSI deadline: not passed yet, and their EN deadline (27/04)
    # is ahead, so neither counts; F's event is after the date
    assert qc.sa10_reported(CASES, RULES, CAL, START, END, date(2024, 4, 10)) == (3, 6)  # A2, B, G of A A2 B B2 H G


def test_sa10_when_every_deadline_has_passed():
    # 28/04/2024: C (EN missed), C2 (both missed) and D (MNSI missed) join; F is not due until 30/04
    assert qc.sa10_reported(CASES, RULES, CAL, START, END, date(2024, 4, 28)) == (3, 9)
    assert qc.sa10_reported(CASES, RULES, CAL, START, END, date(2024, 5, 1)) == (3, 10)


def test_sa10_reports_dated_after_the_as_at_date_are_not_made_yet():
    # Sun 10/03/2024: B's referral (11/03) has not happened, its deadline not passed; A's EN is done
    assert qc.sa10_reported(CASES, RULES, CAL, START, END, date(2024, 3, 10)) == (1, 2)
    assert qc.sa10_reported(CASES, RULES, CAL, START, END, date(2023, 12, 31)) == (0, 0)


def test_checks_refuse_future_dates_and_referral_before_the_event():
    today = date(2026, 10, 15)
    good = {"reference": "QC-1", "category": "Brain injury", "event_date": "14/10/2026", "mnsi_referred": "15/10/2026"}
    c = qc.make_case(good, today=today)
    assert c.category == "brain_injury" and c.mnsi_referred == today
    _c, problems = qc.check_case({**good, "event_date": "16/10/2026", "mnsi_referred": ""}, today=today)
    assert problems == [("event_date", "the date of the event (16/10/2026) is in the future")]
    _c, problems = qc.check_case({**good, "mnsi_referred": "13/10/2026"}, today=today)
    assert problems == [("mnsi_referred", "Referred to MNSI: 13/10/2026 is before the event (14/10/2026)")]
    _c, problems = qc.check_case({**good, "category": "stillbirth at 30 weeks"}, today=today)
    assert [p[0] for p in problems] == ["category"]
    with pytest.raises(InvalidValue, match="NHS number"):
        qc.make_case({**good, "notes": "mother 943 476 5919"}, today=today)


def test_open_items_overdue_first_then_due_within_a_week():
    items = qc.open_items([case("C2", "brain_injury", date(2024, 3, 28)),
                           case("D", "maternal_death", date(2024, 4, 9), incident_reported=date(2024, 4, 9))],
                          RULES, CAL, date(2024, 4, 12))
    got = [(i.case.reference, i.milestone.code, i.milestone.days_overdue, i.milestone.due) for i in items]
    assert got == [("C2", "incident_reported", 12, date(2024, 3, 31)),
                   ("C2", "mnsi_referred", 2, date(2024, 4, 10)),
                   ("D", "mnsi_referred", None, date(2024, 4, 18))]  # 6 days ahead; C2's EN (27/04) is not
    # a week ahead is the last day listed
    items = qc.open_items([case("D", "maternal_death", date(2024, 4, 9), incident_reported=date(2024, 4, 9))],
                          RULES, CAL, date(2024, 4, 11))
    assert [(i.milestone.code, i.overdue) for i in items] == [("mnsi_referred", False)]
