"""``maternity-desk fund`` and ``export statement``, run in-process."""

from __future__ import annotations

import json

from tests.conftest import FIXTURES

GOOD = FIXTURES / "fund" / "ledger_good.csv"
KEYS = ["fund", "fy", "allocated_pence", "paid_pence", "outstanding_pence", "available_pence",
        "places", "people_trained", "cost_per_person_pence"]


def test_import_ledger_then_fund_json(cli, db_path, store):
    code, out, err = cli("import", "ledger", GOOD, "--db", db_path)
    assert code == 0, err
    assert "Imported ledger_good.csv: 10 rows" in out
    assert "MSTF 2017/18 will be overspent" in err
    code, out, err = cli("fund", "--fy", "2016/17", "--db", db_path, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert [d["fund"] for d in data] == ["MSTF", "INNOVATION", "TRUST"]
    assert all(list(d) == KEYS for d in data)
    assert data[0] == {
        "fund": "MSTF", "fy": "2016/17", "allocated_pence": 4_125_000, "paid_pence": 1_354_567,
        "outstanding_pence": 0, "available_pence": 2_770_433, "places": 64, "people_trained": 0,
        "cost_per_person_pence": None,
    }
    assert data[1]["allocated_pence"] == 0 and data[1]["cost_per_person_pence"] is None


def test_fund_filter_by_name_and_year_forms(cli, db_path, store):
    cli("import", "ledger", GOOD, "--db", db_path)
    code, out, _ = cli("fund", "--fy", "2017-18", "--fund", "maternity safety training fund", "--db", db_path, "--json")
    assert code == 0
    (row,) = json.loads(out)
    assert row["fy"] == "2017/18" and row["available_pence"] == -450_000


def test_fund_table_output_flags_overspend(cli, db_path, store):
    cli("import", "ledger", GOOD, "--db", db_path)
    code, out, _ = cli("fund", "--fy", "2017/18", "--db", db_path)
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("MSTF"))
    assert "-£4,500.00 OVERSPENT" in line


def test_refusals(cli, db_path, store, tmp_path):
    code, _, err = cli("fund", "--fy", "2016/18", "--db", db_path)
    assert code == 2 and "consecutive" in err
    code, _, err = cli("fund", "--fy", "2016/17", "--fund", "HEE", "--db", db_path)
    assert code == 1 and "'HEE' is not a fund" in err
    code, _, err = cli("fund", "--fy", "2016/17", "--db", tmp_path / "missing.sqlite")
    assert code == 1 and "There is no database" in err
    code, _, err = cli("import", "ledger", FIXTURES / "fund" / "ledger_bad.csv", "--db", db_path)
    assert code == 1 and "12 problems" in err and "ledger_bad.csv, row 5, column 'amount'" in err
    code, _, err = cli("export", "statement", "--fy", "2016/17", "--fund", "MSTF", "--db", db_path, "-o", tmp_path / "s.csv")
    assert code == 1 and ".xlsx" in err


def test_export_statement(cli, db_path, store, tmp_path):
    cli("import", "ledger", GOOD, "--db", db_path)
    out_file = tmp_path / "statement.xlsx"
    code, out, err = cli("export", "statement", "--fy", "2016/17", "--fund", "mstf", "--db", db_path,
                         "-o", out_file, "--prepared", "30/04/2017")
    assert code == 0, err
    assert "Statement of use written to" in out
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(out_file)).get_sheet_by_name("Summary").to_python()
    allocated = next(r for r in rows if r and r[0] == "Allocated")
    assert allocated[1] == 41_250.0


def test_help(cli):
    code, out, _ = cli("fund", "--help")
    assert code == 0 and "--fy" in out and "--json" in out
    code, out, _ = cli("export", "statement", "--help")
    assert code == 0 and "--fund" in out


def test_fund_as_at_hand_worked(cli, db_path, store):
    """ledger_good.csv, MSTF 2016/17 as it stood at the end of 31 January 2017: the award
    £41,250; PO-1001 committed £12,000 with £7,500 paid (£4,500 outstanding); PO-1002 committed
    £3,000 and settled by the £3,200 payment (outstanding 0, never below). Paid £10,700;
    available £41,250 - £10,700 - £4,500 = £26,050. Places 40 + 24."""
    cli("import", "ledger", GOOD, "--db", db_path)
    code, out, err = cli("fund", "--fy", "2016/17", "--fund", "MSTF", "--as-at", "2017-01-31", "--db", db_path,
                         "--json")
    assert code == 0, err
    (row,) = json.loads(out)
    assert list(row) == KEYS
    assert row == {"fund": "MSTF", "fy": "2016/17", "allocated_pence": 4_125_000, "paid_pence": 1_070_000,
                   "outstanding_pence": 450_000, "available_pence": 2_605_000, "places": 64,
                   "people_trained": 0, "cost_per_person_pence": None}
    # 31 March: every 2016/17 line in (paid £13,545.67) but PO-1001's last £4,500 is paid on
    # 1 April, so it is still outstanding that night; the year as it stands now has it settled
    code, out, _ = cli("fund", "--as-at", "31/03/2017", "--fund", "mstf", "--db", db_path, "--json")
    (row,) = json.loads(out)
    assert (row["fy"], row["paid_pence"], row["outstanding_pence"], row["available_pence"]) == \
        ("2016/17", 1_354_567, 450_000, 2_320_433)  # the year defaults to the as-at date's
    code, out, _ = cli("fund", "--fy", "2016/17", "--fund", "mstf", "--db", db_path, "--json")
    assert json.loads(out)[0]["outstanding_pence"] == 0
    # the table says which date it is
    code, out, _ = cli("fund", "--fy", "2016/17", "--as-at", "2017-01-31", "--db", db_path)
    assert code == 0 and "as it stood at the end of 31/01/2017" in out
    assert next(line for line in out.splitlines() if line.startswith("MSTF")).split()[5] == "£26,050.00"


def test_fund_as_at_refuses_impossible_date(cli, db_path, store):
    code, _, err = cli("fund", "--as-at", "31/02/2017", "--db", db_path)
    assert code == 2 and "not a real date" in err
    code, out, _ = cli("fund", "--help")
    assert "--as-at" in out


def test_monthly_return_fund_sheet_equals_fund_as_at_for_any_month(demo_store, demo_path, cli, tmp_path):
    """The return's Fund sheet is the financial year to the month end: for each month checked,
    'fund --as-at <month end>' gives the same figures, field by field."""
    from python_calamine import CalamineWorkbook

    from maternity_desk.exchange.returns import export_return

    checked = 0
    for month, end in (("2026-04", "2026-04-30"), ("2026-06", "2026-06-30"), ("2026-09", "2026-09-30")):
        path = export_return(demo_store, month, tmp_path / f"{month}.xlsx")
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Fund").to_python()
        start = next(i for i, r in enumerate(rows) if r and r[0] == "Fund")
        head = rows[start]
        sheet = []
        for r in rows[start + 1:]:
            if all(v in ("", None) for v in r):
                break
            sheet.append(dict(zip(head, r)))
        code, out, err = cli("fund", "--as-at", end, "--json", "--db", demo_path)
        assert code == 0, err
        every = json.loads(out)
        # a fund with nothing in the year has no row (a printed return lists what was done)
        figures = [f for f in every if any(f[k] for k in ("allocated_pence", "paid_pence", "outstanding_pence",
                                                          "available_pence", "places", "people_trained"))]
        assert len(figures) < len(every)
        assert [s["Fund"] for s in sheet] == [f["fund"] for f in figures]
        for s, f in zip(sheet, figures):
            assert s["Financial year"] == f["fy"] == "2026/27"
            for col, key in (("Allocated", "allocated_pence"), ("Paid", "paid_pence"),
                             ("Outstanding commitments", "outstanding_pence"), ("Available", "available_pence"),
                             ("Cost per person trained", "cost_per_person_pence")):
                assert (None if s[col] == "" else round(s[col] * 100)) == f[key], (month, f["fund"], col)
            assert (s["Places bought"], s["People trained"]) == (f["places"], f["people_trained"])
            checked += 1
    assert checked == 3
    # the months differ (the check is not comparing a constant)
    april = json.loads(cli("fund", "--as-at", "2026-04-30", "--json", "--db", demo_path)[1])
    september = json.loads(cli("fund", "--as-at", "2026-09-30", "--json", "--db", demo_path)[1])
    assert april != september
