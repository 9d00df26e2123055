"""Importing the qualifying-case log (``cases``): all or nothing, every problem named by file,
row, column and reason; the share reported in time read back from the store."""

from datetime import date
from pathlib import Path

import pytest

from maternity_desk.core.errors import ValidationFailed
from maternity_desk.exchange import importing
from maternity_desk.store import cases as sc

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "cases"


def test_cases_import_and_reimport(store):
    plan = importing.plan_file(store, "cases", FIX / "cases_good.csv")
    assert plan.rows == 3 and plan.summary == ["3 new qualifying cases", "0 cases already in the log updated"]
    importing.commit(store, plan, backup=False)
    got = {c.reference: c for c in sc.cases(store)}
    assert got["QC-24-001"].category == "brain_injury" and got["QC-24-001"].en_reported == date(2024, 1, 21)
    assert got["QC-24-002"].event_date == date(2024, 2, 29) and got["QC-24-002"].en_reported is None
    assert got["QC-24-003"].category == "maternal_death" and got["QC-24-003"].mnsi_referred is None
    assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'import' AND table_name = 'cases'") == 1
    again = importing.plan_file(store, "cases", FIX / "cases_good.csv")
    assert again.summary == ["0 new qualifying cases", "3 cases already in the log updated"] and again.replaces
    importing.commit(store, again, backup=False)
    assert len(sc.cases(store)) == 3
    # shipped deadlines: MNSI 7 working days, EN 30 days (brain injury only). As at 10/04/2024,
    # 001 met both on the day, 002 its referral on the day (EN does not apply), 003's MNSI
    # deadline (10/04, Easter skipped) is today: not passed
    assert sc.sa10_reported(store, date(2023, 12, 1), date(2024, 4, 30), date(2024, 4, 10)) == (2, 2)
    assert sc.sa10_reported(store, date(2023, 12, 1), date(2024, 4, 30), date(2024, 4, 11)) == (2, 3)
    assert sc.sa10_reported(store, date(2024, 1, 1), date(2024, 4, 30), date(2024, 4, 11)) == (1, 2)


def test_cases_import_refused_whole_with_every_problem(store):
    with pytest.raises(ValidationFailed) as err:
        importing.plan_file(store, "cases", FIX / "cases_bad.csv")
    reasons = {(p.row, p.column): p.reason for p in err.value.problems}
    assert "before the event" in reasons[(2, "Referred to MNSI")]
    assert "in the future" in reasons[(3, "Event date")]
    assert "not a qualifying case category" in reasons[(4, "Category")]
    assert "NHS number" in reasons[(5, "Notes")]
    assert (6, "Event date") in reasons  # 03/31/2024: never read month-first
    assert "in the future" in reasons[(7, "Incident reported")]
    assert "also on row 8" in reasons[(9, "Case reference")]
    assert all(p.file == "cases_bad.csv" for p in err.value.problems)
    assert sc.cases(store) == []


def test_edits_are_checked_and_audited(store):
    from maternity_desk.core import cases as qc
    from maternity_desk.core.errors import InvalidValue

    c = qc.QualifyingCase(None, "QC-1", "maternal_death", date(2026, 10, 1))
    key = sc.save_case(store, c, today=date(2026, 10, 15))
    with pytest.raises(InvalidValue, match="already a qualifying case"):
        sc.save_case(store, c, today=date(2026, 10, 15))
    with pytest.raises(InvalidValue, match="in the future"):
        sc.save_case(store, qc.QualifyingCase(key, "QC-1", "maternal_death", date(2026, 10, 1),
                                              date(2026, 10, 16)), today=date(2026, 10, 15))
    sc.save_rule(store, "mnsi_referred", "working_days", 5)
    rule = sc.rules(store)[0]
    assert (rule.amount, rule.verified) == (5, "U")
    # 01/10/2026 (Thu) + 5 working days = Thu 08/10: overdue by 7 days on 15/10
    lines = sc.attention(store, date(2026, 10, 15))
    assert lines == ["Qualifying case QC-1 (maternal death, 01/10/2026): Incident reported 11 days overdue; "
                     "Referred to MNSI 7 days overdue; "
                     # ten working days from 01/10 is 15/10
                     "Duty of candour conversation due today; Duty of candour letter due today"]
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'gov_qualifying_cases'") == 1
