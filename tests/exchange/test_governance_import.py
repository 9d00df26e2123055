"""Importing the review log (``reviews``) and the submissions tracker (``submissions``):
all or nothing, every problem named by file, row, column and reason."""

from datetime import date
from pathlib import Path

import pytest

from maternity_desk.core.errors import ValidationFailed
from maternity_desk.exchange import importing
from maternity_desk.store import governance as sg

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "governance"


def test_reviews_import(store):
    plan = importing.plan_file(store, "reviews", FIX / "reviews_good.csv")
    assert plan.rows == 4 and plan.summary[0] == "4 new review cases"
    importing.commit(store, plan, backup=False)
    cases = {c.reference: c for c in sg.reviews(store)}
    assert cases["R24-001"].gestation_days == 254 and cases["R24-001"].report_published == date(2024, 7, 30)
    assert cases["R24-002"].category == "late_fetal_loss" and cases["R24-002"].gestation_days == 162
    assert cases["R24-004"].category == "post_neonatal_death"
    assert cases["R24-001"].theme_list == ["Fetal growth surveillance", "Escalation"]
    assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'import' AND table_name = 'reviews'") == 1
    # re-import updates by reference and says what it replaces
    again = importing.plan_file(store, "reviews", FIX / "reviews_good.csv")
    assert again.summary == ["0 new review cases", "4 cases already in the log updated"] and again.replaces
    importing.commit(store, again, backup=False)
    assert len(sg.reviews(store)) == 4


def test_reviews_import_refused_whole_with_every_problem(store):
    with pytest.raises(ValidationFailed) as err:
        importing.plan_file(store, "reviews", FIX / "reviews_bad.csv")
    found = {(p.row, p.column) for p in err.value.problems}
    reasons = {(p.row, p.column): p.reason for p in err.value.problems}
    assert (2, "Category") in found and "late fetal loss" in reasons[(2, "Category")]
    assert "before 22+0" in reasons[(3, "Category")]
    assert "NHS number" in reasons[(4, "Case Reference")]
    assert "is a stillbirth" in reasons[(5, "Category")]
    assert "termination" in reasons[(6, "Category")]
    assert (7, "Gestation") in found
    assert "before the date of death" in reasons[(8, "Reported")]
    assert (8, "Review started") in found
    assert (9, "Date of death") in found  # 03/31/2024: never read month-first
    assert "also on row 10" in reasons[(11, "Case Reference")]
    assert all(p.file == "reviews_bad.csv" for p in err.value.problems)
    assert sg.reviews(store) == []


def test_reviews_xlsx_with_date_cells(store, tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["reference", "category", "gestation", "date_of_death", "reported", "parents_informed",
               "review_started", "report_published", "termination"])
    ws.append(["X-1", "Stillbirth", "24+0", datetime(2025, 1, 31), datetime(2025, 2, 3), None, None, None, "no"])
    ws.append(["X-2", "Stillbirth", "30+0", datetime(2025, 1, 31), None, None, None, None, "yes"])
    path = tmp_path / "reviews.xlsx"
    wb.save(path)
    with pytest.raises(ValidationFailed) as err:
        importing.plan_file(store, "reviews", path)
    assert [(p.row, p.column) for p in err.value.problems] == [(3, "category")]
    ws.delete_rows(3)
    wb.save(path)
    importing.import_file(store, "reviews", path)
    assert sg.reviews(store)[0].date_of_death == date(2025, 1, 31)


def test_reviews_missing_column_refused(store, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("reference,category,gestation\nR1,stillbirth,30+0\n", encoding="utf-8")
    with pytest.raises(ValidationFailed, match="date_of_death"):
        importing.plan_file(store, "reviews", path)


def test_submissions_import(store):
    plan = importing.plan_file(store, "submissions", FIX / "submissions_good.csv")
    importing.commit(store, plan, backup=False)
    subs = {(s.dataset, s.period): s for s in sg.submissions(store)}
    assert subs[("MSDS", "2025-08")].due_date == date(2025, 9, 30)
    assert subs[("MSDS", "2025-09")].due_date == date(2025, 10, 31) and subs[("MSDS", "2025-09")].submitted_date is None
    assert subs[("MSDS_FINAL", "2025-08")].due_date == date(2025, 10, 31)  # end of the second month
    # Fri 19 Sep 2025 + 7 working days = Tue 30 Sep 2025
    assert subs[("MBRRACE", "R25-031")].due_date == date(2025, 9, 30)
    assert subs[("NND", "2025-09")].due_date == date(2025, 10, 20)
    assert subs[("MSDS_FINAL", "2025-08")].dq_issues == "Ethnicity missing for 3%"


def test_submissions_import_refused(store):
    with pytest.raises(ValidationFailed) as err:
        importing.plan_file(store, "submissions", FIX / "submissions_bad.csv")
    got = {(p.row, p.column) for p in err.value.problems}
    assert got == {(2, "dataset"), (3, "period"), (4, "due_date"), (5, "submitted_by"), (6, "dq_issues")}
    assert sg.submissions(store) == []


def test_nhs_numbers_refused_in_every_text_column_of_both_imports(store, tmp_path):
    """Each free-text column holding an NHS number (plain, hyphenated, or pasted with
    non-breaking spaces) is named by file, row and column; nothing is written."""
    reviews = tmp_path / "reviews.csv"
    reviews.write_text(
        "reference,category,gestation,date_of_death,reported,parents_informed,review_started,"
        "report_published,themes,notes\n"
        "R1,stillbirth,38+0,2025-01-05,,,,,Escalation,fine\n"
        "R2,stillbirth,38+0,2025-01-05,,,,,Mother 943-476-5919,\n"
        "R3,stillbirth,38+0,2025-01-05,,,,,,see 943\u00a0476\u00a05919\n"
        "9434765919,stillbirth,38+0,2025-01-05,,,,,,\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as err:
        importing.plan_file(store, "reviews", reviews)
    got = {(p.row, p.column) for p in err.value.problems if "NHS number" in p.reason}
    assert got == {(3, "themes"), (4, "notes"), (5, "reference")}
    assert all(p.file.endswith("reviews.csv") for p in err.value.problems)

    subs = tmp_path / "subs.csv"
    subs.write_text(
        "dataset,period,due_date,event_date,submitted_date,submitted_by,dq_issues\n"
        "MSDS,2025-08,,,2025-09-20,Analyst 943 476 5919,\n"
        "MSDS,2025-09,,,2025-10-20,Analyst,Baby 4010232137 missing\n"
        "MBRRACE,943 476 5919,2025-01-10,,,,\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as err:
        importing.plan_file(store, "submissions", subs)
    got = {(p.row, p.column) for p in err.value.problems if "NHS number" in p.reason}
    assert got == {(2, "submitted_by"), (3, "dq_issues"), (4, "period")}
    assert sg.reviews(store) == [] and sg.submissions(store) == []
