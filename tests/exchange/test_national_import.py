"""Importing the national published files (synthetic fixtures in the real layouts): every
header variant, the Measures codes, final-replaces-provisional, idempotent re-import,
refusals and warnings. Expected figures are worked by hand from the numbers in
tests/fixtures/national/make_fixtures.py."""

from __future__ import annotations

import pytest

from maternity_desk.core.errors import ValidationFailed
from maternity_desk.exchange import importing
from tests.conftest import FIXTURES

HERE = FIXTURES / "national"
ANNUAL = HERE / "hosp-epis-stat-mat-msdscsv-2021-22-synthetic.csv"
PROVISIONAL = HERE / "msds-mar2024Provisional-exp-data.csv"
FINAL = HERE / "msds-mar2024-exp-data.csv"
MEASURES = HERE / "msds-mar2024-exp-measures.csv"


def _import(store, path):
    plan = importing.plan_file(store, "national", path)
    importing.commit(store, plan, backup=False)
    return plan


def _fig(store, code, indicator, period, source=None, level=None):
    sql = ("SELECT numerator, denominator, status, provisional FROM national_value "
           "WHERE org_code = ? AND indicator_code = ? AND period = ?")
    params = [code, indicator, period]
    if source:
        sql += " AND source = ?"
        params.append(source)
    if level:
        sql += " AND org_level = ?"
        params.append(level)
    row = store.query_one(sql, params)
    return None if row is None else tuple(row)


def _dump(store):
    return [tuple(r) for r in store.query("SELECT * FROM national_value ORDER BY id")]


def test_annual_file_hand_worked(store):
    plan = _import(store, ANNUAL)
    assert plan.warnings == []
    # RXQ delivery method 10 + 20 caesarean of 10+20+10+50+10 = 100 (5 missing left out)
    assert _fig(store, "RXQ", "caesarean", "2021-22") == (30, 100, "ok", 0)
    assert _fig(store, "RXQ", "instrumental", "2021-22")[:2] == (10, 100)
    # onset: 20 + 5 + 5 induced of 50+10+20+5+5 = 90 (not known 7 and missing 3 left out)
    assert _fig(store, "RXQ", "induction", "2021-22")[:2] == (30, 90)
    assert _fig(store, "RXQ", "smoking_booking", "2021-22")[:2] == (5, 100)
    assert _fig(store, "Y59", "caesarean", "2021-22")[:2] == (75, 300)
    assert _fig(store, "National", "caesarean", "2021-22")[:2] == (250, 1000)
    name = store.scalar("SELECT org_name FROM national_value WHERE org_code = 'RQX' LIMIT 1")
    assert name == "HOMERTON HEALTHCARE, NHS FOUNDATION TRUST"
    assert store.scalar("SELECT DISTINCT source FROM national_value") == "annual"
    # an audit row from the import, in the same transaction
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'national_value'") == 1


def test_monthly_data_new_header_with_more_levels(store):
    plan = _import(store, FINAL)
    assert _fig(store, "National", "caesarean", "2024-03", "monthly_data") == (1300, 5000, "ok", 0)
    assert _fig(store, "RXQ", "caesarean", "2024-03")[:2] == (27, 55)
    assert _fig(store, "LMS044", "caesarean", "2024-03", level="Local Maternity System")[:2] == (50, 150)
    assert _fig(store, "RXQ50", "caesarean", "2024-03", level="Booking Site")[:2] == (25, 50)
    # a suppressed category: the whole figure is unknown, never zero
    assert _fig(store, "RHW", "smoking_booking", "2024-03") == (None, None, "suppressed", 0)
    # an unknown category is a warning, left out of the denominator: 15 of 5+10+5+30 = 50
    assert any("Vaginal breech" in w.reason and w.column == "Measure" for w in plan.warnings)
    assert _fig(store, "RHW", "caesarean", "2024-03")[:2] == (15, 50)


@pytest.mark.parametrize("name, period", [
    ("msds-dec2018-exp-data.csv", "2018-12"),  # Period "Dec-18", spaces in headers, Value
    ("msds-jan2019-exp-data.csv", "2019-01"),  # DD/MM/YYYY reporting dates, odd header case
    ("msds-feb2019-exp-data.xlsx", "2019-02"),  # a workbook with date cells
])
def test_older_header_spellings_and_xlsx(store, name, period):
    _import(store, HERE / name)
    assert _fig(store, "RXQ", "caesarean", period, "monthly_data") == (30, 100, "ok", 0)
    assert _fig(store, "National", "caesarean", period)[:2] == (250, 1000)


def test_measures_codes(store):
    plan = _import(store, MEASURES)
    rows = {(r["org_code"], r["indicator_code"]): dict(r) for r in store.query(
        "SELECT * FROM national_value WHERE source = 'measures'")}
    rxq = rows[("RXQ", "apgar_0_6")]
    assert (rxq["numerator"], rxq["denominator"], rxq["rate"], rxq["rate_scale"], rxq["status"],
            rxq["result"]) == (5, 1000, 5.0, "per_1000", "ok", "Pass")
    assert (rxq["window_start"], rxq["window_end"], rxq["period"]) == ("2024-01", "2024-03", "2024-03")
    dns = rows[("RHW", "apgar_0_6")]
    assert (dns["status"], dns["numerator"], dns["denominator"], dns["rate"]) == ("did_not_submit", None, None, None)
    low = rows[("RTH", "apgar_0_6")]  # counts published as 0 under Low DQ: stored as unknown
    assert (low["status"], low["numerator"], low["denominator"], low["result"]) == ("low_dq", None, None, "Fail")
    sup = rows[("RQX", "apgar_0_6")]
    assert (sup["status"], sup["numerator"], sup["denominator"]) == ("suppressed", None, None)
    assert rows[("National", "apgar_0_6")]["org_level"] == "National"
    pph = rows[("RXQ", "pph_1500")]
    assert (pph["window_start"], pph["window_end"]) == ("2023-12", "2024-02")
    smoke = rows[("RXQ", "smoking_delivery")]
    assert (smoke["window_start"], smoke["window_end"], smoke["rate_scale"]) == ("2024-02", "2024-02", "percent")
    assert rows[("RXQ", "bwoi")]["rate"] == 25.0  # BWOI joins the catalogue through the migration
    assert any("CQIMNewMetric" in w.reason for w in plan.warnings)
    assert not any(code == "CQIMDQ02" for code, _ in rows)
    assert any("not CQIM rates" in line for line in plan.summary)


def test_final_replaces_provisional(store):
    plan = _import(store, PROVISIONAL)
    assert _fig(store, "RXQ", "caesarean", "2024-03") == (25, 50, "ok", 1)
    plan = importing.plan_file(store, "national", FINAL)
    assert any("replaces provisional" in line for line in plan.summary)
    assert plan.replaces
    importing.commit(store, plan, backup=False)
    assert _fig(store, "RXQ", "caesarean", "2024-03") == (27, 55, "ok", 0)
    assert store.scalar("SELECT count(*) FROM national_value WHERE provisional = 1") == 0
    # a provisional file arriving after the final one leaves the final figures alone
    plan = _import(store, PROVISIONAL)
    assert any("already holds final figures" in w.reason for w in plan.warnings)
    assert _fig(store, "RXQ", "caesarean", "2024-03") == (27, 55, "ok", 0)


def test_reimport_changes_nothing(store):
    _import(store, FINAL)
    _import(store, MEASURES)
    before = _dump(store)
    plan = _import(store, FINAL)
    _import(store, MEASURES)
    assert _dump(store) == before  # the same rows, ids included
    assert all("unchanged" in line for line in plan.summary if line.startswith("2024-03"))


def test_bad_values_refuse_the_whole_file(store):
    with pytest.raises(ValidationFailed) as exc:
        _import(store, HERE / "annual-bad-values-synthetic.csv")
    problems = [(p.file, p.row, p.column) for p in exc.value.problems]
    assert ("annual-bad-values-synthetic.csv", 5, "Value") in problems
    assert ("annual-bad-values-synthetic.csv", 11, "Value") in problems
    reasons = " ".join(p.reason for p in exc.value.problems)
    assert "'n/a' is neither a count nor a published code" in reasons
    assert "'12.5' is not a whole count" in reasons
    assert store.scalar("SELECT count(*) FROM national_value") == 0


def test_dq_file_and_other_files_are_refused(store, tmp_path):
    with pytest.raises(ValidationFailed, match="data-quality"):
        importing.plan_file(store, "national", HERE / "msds-dq-file.csv")
    other = tmp_path / "staff.csv"
    other.write_text("Name,Band\nA,6\n", encoding="utf-8")
    with pytest.raises(ValidationFailed, match="not one of the published national files"):
        importing.plan_file(store, "national", other)
    wrong = tmp_path / "fake.xlsx"
    wrong.write_text("Period,Dimension\n", encoding="utf-8")
    with pytest.raises(ValidationFailed, match="not an Excel workbook"):
        importing.plan_file(store, "national", wrong)


def test_windows_1252_file_and_semicolons(store, tmp_path):
    text = ANNUAL.read_text(encoding="utf-8").replace("HOMERTON HEALTHCARE, NHS", "HOMERTON HÉALTHCARE, NHS")
    path = tmp_path / "annual-1252.csv"
    path.write_bytes(text.encode("cp1252"))
    _import(store, path)
    assert store.scalar("SELECT org_name FROM national_value WHERE org_code = 'RQX' LIMIT 1").startswith("HOMERTON HÉ")


def test_streaming_rows_allow_a_preview(store):
    from maternity_desk.exchange.national import read_published

    table = read_published(ANNUAL)
    assert table.headers[:3] == ["Period", "Dimension", "Org_Level"]
    first = table.rows[:2]
    assert [n for n, _cells in first] == [2, 3]
    assert len(table) == sum(1 for _ in table.rows)
