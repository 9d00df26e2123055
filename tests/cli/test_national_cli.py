"""``maternity-desk import national`` and ``maternity-desk benchmark`` end to end."""

from __future__ import annotations

import json

import pytest

from maternity_desk.core.unit import UnitSettings
from tests.conftest import FIXTURES

HERE = FIXTURES / "national"


@pytest.fixture
def unit_db(store, db_path):
    store.save_unit_settings(UnitSettings(unit_name="Riverside", ods_code="RXQ", region="Y59",
                                          lms="Buckinghamshire, Oxfordshire and Berkshire West LMS"))
    with store.transaction():
        # the unit's own counts for every month of 2021-22 (April 10 / 40, May 12 / 60, the
        # ten months June to March 3 / 30 each), one month of 2020-21, and January to March 2024
        months = [f"2021-{m:02d}" for m in range(6, 13)] + ["2022-01", "2022-02", "2022-03"]
        store.executemany("INSERT INTO indicator_value (month, indicator_code, numerator, denominator) "
                          "VALUES (?, ?, ?, ?)",
                          [("2021-04", "caesarean", 10, 40), ("2021-05", "caesarean", 12, 60),
                           *[(m, "caesarean", 3, 30) for m in months],
                           ("2020-05", "caesarean", 50, 50), ("2024-01", "apgar_0_6", 1, 300),
                           ("2024-02", "apgar_0_6", 0, 350), ("2024-03", "apgar_0_6", 2, 350)])
    return db_path


def test_import_and_benchmark_annual_json(cli, unit_db):
    code, out, err = cli("import", "national", HERE / "hosp-epis-stat-mat-msdscsv-2021-22-synthetic.csv",
                         "--db", unit_db)
    assert code == 0, err
    assert "Imported hosp-epis-stat-mat-msdscsv-2021-22-synthetic.csv" in out
    code, out, err = cli("benchmark", "--indicator", "caesarean", "--period", "2021-22", "--db", unit_db, "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert rows[0] == {"org_level": "National", "org_code": "National", "org_name": "ALL SUBMITTERS",
                       "numerator": 250, "denominator": 1000, "value": 25.0, "status": "ok"}
    assert rows[1] == {"org_level": "NHS England (Region)", "org_code": "Y59",
                       "org_name": "SOUTH EAST COMMISSIONING REGION", "numerator": 75, "denominator": 300,
                       "value": 25.0, "status": "ok"}
    # own data: (10 + 12 + 10 x 3) / (40 + 60 + 10 x 30) = 52 / 400 = 13 %; May 2020 is outside 2021-22
    assert rows[2] == {"org_level": "Unit (own data)", "org_code": "RXQ", "org_name": "Riverside",
                       "numerator": 52, "denominator": 400, "value": 13.0, "status": "ok"}
    trusts = rows[3:]
    assert [r["org_code"] for r in trusts] == ["RHW", "RXQ", "RTH", "RQX"]  # 15, 30, 37.5, 40 %
    assert [r["value"] for r in trusts] == [15.0, 30.0, 37.5, 40.0]
    assert [r.get("is_unit", False) for r in trusts] == [False, True, False, False]
    assert all(set(r) <= {"org_level", "org_code", "org_name", "numerator", "denominator", "value",
                          "status", "is_unit"} for r in rows)
    assert not any(r["org_code"] == "Y56" for r in rows)  # only the unit's region


def test_benchmark_monthly_cqim_json(cli, unit_db):
    assert cli("import", "national", HERE / "msds-mar2024-exp-measures.csv", "--db", unit_db)[0] == 0
    code, out, err = cli("benchmark", "--indicator", "apgar_0_6", "--period", "2024-03", "--db", unit_db, "--json")
    assert code == 0, err
    rows = {(r["org_level"], r["org_code"]): r for r in json.loads(out)}
    assert rows[("National", "National")]["value"] == 3.0
    assert rows[("NHS England (Region)", "Y59")]["value"] == 4.0
    assert rows[("Provider", "RXQ")] == {"org_level": "Provider", "org_code": "RXQ",
                                         "org_name": "BUCKINGHAMSHIRE HEALTHCARE NHS TRUST", "numerator": 5,
                                         "denominator": 1000, "value": 5.0, "status": "ok", "is_unit": True}
    assert rows[("Provider", "RHW")]["status"] == "did_not_submit"
    assert rows[("Provider", "RHW")]["numerator"] is None
    assert rows[("Provider", "RTH")]["status"] == "low_dq"
    assert rows[("Provider", "RQX")]["status"] == "suppressed"
    # own data over the CQIM's window (Jan to Mar 2024, not March alone): 3 / 1,000 = 3.0 per 1,000
    own = rows[("Unit (own data)", "RXQ")]
    assert (own["numerator"], own["denominator"], own["value"]) == (3, 1000, 3.0)


def test_benchmark_table_and_export(cli, unit_db, tmp_path):
    cli("import", "national", HERE / "hosp-epis-stat-mat-msdscsv-2021-22-synthetic.csv", "--db", unit_db)
    code, out, err = cli("benchmark", "--indicator", "caesarean", "--period", "2021-22", "--db", unit_db)
    assert code == 0, err
    assert "disclosure-rounded" in out and "BUCKINGHAMSHIRE HEALTHCARE NHS TRUST *" in out
    dest = tmp_path / "bench.xlsx"
    code, out, err = cli("export", "benchmark", "--indicator", "caesarean", "--period", "2021-22",
                         "--db", unit_db, "-o", dest, "--method", "normal")
    assert code == 0, err
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(str(dest)).get_sheet_by_name("Benchmark").to_python()
    header = sheet[5]
    assert header[:7] == ["Rank", "Organisation level", "Code", "Organisation", "Numerator", "Denominator", "Value"]
    body = {r[2]: r for r in sheet[6:]}
    assert body["RXQ"][3].endswith("(this unit)") and body["RXQ"][6] == 30.0
    assert body["National"][9] == "rounded (published)"
    assert "rounded" in sheet[1][0]


def test_benchmark_refusals(cli, unit_db):
    code, _out, err = cli("benchmark", "--indicator", "caesarean", "--period", "2021-22", "--db", unit_db)
    assert code == 1 and "no published national figures" in err
    code, _out, err = cli("benchmark", "--indicator", "caesarean", "--period", "2021-23", "--db", unit_db)
    assert code == 1 and "not a period" in err
    code, _out, err = cli("benchmark", "--indicator", "nosuch", "--period", "2021-22", "--db", unit_db)
    assert code == 1 and "nosuch" in err


def test_import_refusal_leaves_database_unchanged(cli, unit_db):
    code, _out, err = cli("import", "national", HERE / "annual-bad-values-synthetic.csv", "--db", unit_db)
    assert code == 1
    assert "row 5, column 'Value'" in err
