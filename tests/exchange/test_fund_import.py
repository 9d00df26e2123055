"""The ``ledger`` importer: all or nothing, every refusal named by file, row, column, reason."""

from __future__ import annotations

import shutil

import pytest

from maternity_desk.core.errors import ValidationFailed
from maternity_desk.exchange import importing
from maternity_desk.store import fund as store_fund
from tests.conftest import FIXTURES

GOOD = FIXTURES / "fund" / "ledger_good.csv"
BAD = FIXTURES / "fund" / "ledger_bad.csv"


def test_ledger_kind_is_registered_with_its_columns():
    imp = importing.get("ledger")
    assert [c.name for c in imp.columns] == [
        "date", "fund", "kind", "amount", "description", "category", "supplier", "reference", "course", "places",
    ]


def test_import_good_file_gives_hand_worked_figures(store):
    plan = importing.import_file(store, "ledger", GOOD)
    assert plan.rows == 10
    assert store.scalar("SELECT count(*) FROM fund_entry") == 10
    fig = store_fund.figures(store, "MSTF", "2016/17")
    assert (fig.allocated_pence, fig.paid_pence, fig.outstanding_pence, fig.available_pence, fig.places) == (
        4_125_000, 1_354_567, 0, 2_770_433, 64,
    )
    nxt = store_fund.figures(store, "MSTF", "2017/18")
    assert nxt.paid_pence == 450_000 and nxt.available_pence == -450_000
    assert store_fund.figures(store, "INNOVATION", "2017/18").allocated_pence == 1_082_000
    e = store_fund.entries(store, "MSTF")[1]
    assert (e.category, e.course_code, e.places, e.reference) == ("Skills and drills", "PROMPT", 40, "PO-1001")
    # one audit row for the whole import
    assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'import' AND table_name = 'ledger'") == 1


def test_overspend_is_warned_not_refused(store):
    plan = importing.plan_file(store, "ledger", GOOD)
    assert any("MSTF 2017/18 will be overspent by £4,500.00" in str(w) for w in plan.warnings)


def test_reimporting_the_same_file_adds_nothing(store):
    importing.import_file(store, "ledger", GOOD)
    plan = importing.import_file(store, "ledger", GOOD)
    assert plan.rows == 0
    assert store.scalar("SELECT count(*) FROM fund_entry") == 10
    assert "10 lines already in the ledger, skipped" in plan.summary


def test_xlsx_with_real_dates_and_numbers(store, tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Date", "Fund", "Type", "Amount (£)", "Description", "Category", "Payee", "Ref", "Course code", "Places bought"])
    ws.append([datetime(2016, 10, 3), "mstf", "Allocation", 41250, "Award", None, "HEE", "A1", None, None])
    ws.append([datetime(2017, 3, 31), "MSTF", "payment", 1234.5, "PROMPT", "Skills and drills", "PROMPT", "P1", "prompt", 12])
    path = tmp_path / "ledger.xlsx"
    wb.save(path)
    importing.import_file(store, "ledger", path)
    fig = store_fund.figures(store, "MSTF", "2016/17")
    assert (fig.allocated_pence, fig.paid_pence, fig.places) == (4_125_000, 123_450, 12)


EXPECTED_REFUSALS = [
    (2, "date", "not a real date"),
    (3, "fund", "not a fund"),
    (4, "kind", "not a kind of entry"),
    (5, "amount", "fraction of a penny"),
    (6, "amount", "not an amount of money"),
    (7, "amount", "an amount is required"),
    (8, "category", "not a spending category"),
    (9, "course", "not a course"),
    (10, "places", "not a whole number"),
    (11, "description", "NHS number"),
    (12, "reference", "a commitment needs a reference"),
    (13, "amount", "negative"),
]


def test_every_refusal_named_and_nothing_written(store):
    with pytest.raises(ValidationFailed) as info:
        importing.import_file(store, "ledger", BAD)
    got = [(p.file, p.row, p.column) for p in info.value.problems]
    assert got == [("ledger_bad.csv", row, col) for row, col, _ in EXPECTED_REFUSALS]
    for problem, (_, _, reason) in zip(info.value.problems, EXPECTED_REFUSALS):
        assert reason in problem.reason
    assert store.scalar("SELECT count(*) FROM fund_entry") == 0
    assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'import'") == 0


def test_one_bad_line_refuses_the_good_ones(store, tmp_path):
    path = tmp_path / "mixed.csv"
    text = GOOD.read_text(encoding="utf-8") + "01/04/2017,MSTF,payment,£1.005,oops,,,,,\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        importing.import_file(store, "ledger", path)
    assert [(p.row, p.column) for p in info.value.problems] == [(12, "amount")]
    assert store.scalar("SELECT count(*) FROM fund_entry") == 0


def test_headers_as_the_file_spells_them_in_problems(store, tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text("Entry Date,Fund Code,Type,Amount (£)\n01/04/2017,MSTF,payment,abc\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        importing.plan_file(store, "ledger", path)
    p = info.value.problems[0]
    assert (p.row, p.column) == (2, "Amount (£)")


def test_missing_required_column_refused(store, tmp_path):
    path = tmp_path / "nokind.csv"
    path.write_text("date,fund,amount\n01/04/2017,MSTF,100\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        importing.plan_file(store, "ledger", path)
    assert "required column 'kind'" in info.value.problems[0].reason


def test_empty_and_wrong_type_files_refused(store, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    fake = tmp_path / "fake.xlsx"
    shutil.copy(GOOD, fake)
    for path, reason in ((empty, "empty"), (fake, "not an Excel workbook")):
        with pytest.raises(ValidationFailed) as info:
            importing.plan_file(store, "ledger", path)
        assert reason in info.value.problems[0].reason
