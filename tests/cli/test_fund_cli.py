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
    assert "Imported ledger_good.csv: 10 row(s)" in out
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
