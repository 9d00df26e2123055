"""The ``dashboard`` importer: formats, refusals (all problems at once), peers, re-import."""

from datetime import date
from pathlib import Path

import pytest

from maternity_desk.core.errors import ValidationFailed
from maternity_desk.exchange import importing
from maternity_desk.store import dashboard as dash

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "dashboard"
TODAY = date(2026, 10, 15)


def _import(store, name):
    plan = importing.plan_file(store, "dashboard", FIX / name, today=TODAY)
    importing.commit(store, plan, backup=False)
    return plan


def test_importer_registered():
    imp = importing.get("dashboard")
    assert [c.name for c in imp.columns] == ["month", "indicator", "numerator", "denominator", "unit"]


def test_good_file_every_month_format(store):
    plan = _import(store, "values_good.csv")
    assert plan.rows == 5 and plan.replaces == []
    assert dash.monthly_values(store, "stillbirth") == [("2025-03", 1, 371), ("2025-04", 2, 380)]
    assert dash.monthly_values(store, "caesarean") == [("2025-03", 130, 371), ("2025-04", 128, 380)]
    assert dash.monthly_values(store, "smoking_delivery") == [("2025-03", 37, 360)]
    assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'import'") >= 1


def test_excel_dates(store):
    _import(store, "values_excel_dates.xlsx")
    assert dash.monthly_values(store, "stillbirth") == [("2025-03", 1, 371)]
    assert dash.monthly_values(store, "caesarean") == [("2025-04", 128, 380)]
    assert dash.monthly_values(store, "induction") == [("2025-03", 120, 371)]


def test_refusals_list_every_problem_and_write_nothing(store):
    with pytest.raises(ValidationFailed) as err:
        importing.plan_file(store, "dashboard", FIX / "values_bad.csv", today=TODAY)
    got = {(p.row, p.column): p.reason for p in err.value.problems}
    assert set(got) == {(2, "month"), (3, "indicator"), (4, "numerator"), (5, "numerator"),
                        (6, "month"), (8, "month"), (9, "numerator")}
    assert "not a real month" in got[(2, "month")]
    assert "not an indicator" in got[(3, "indicator")]
    assert "more than the denominator" in got[(4, "numerator")]
    assert "negative" in got[(5, "numerator")]
    assert "future" in got[(6, "month")]
    assert "already on row 7" in got[(8, "month")]
    assert "whole number" in got[(9, "numerator")]
    assert store.scalar("SELECT count(*) FROM indicator_value") == 0


def test_missing_column_refused(store, tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("month,indicator,numerator\n2025-03,stillbirth,1\n", encoding="utf-8")
    with pytest.raises(ValidationFailed, match="denominator"):
        importing.plan_file(store, "dashboard", f, today=TODAY)


def test_reimport_replaces_and_says_so(store):
    _import(store, "values_good.csv")
    plan = importing.plan_file(store, "dashboard", FIX / "values_reimport.csv", today=TODAY)
    assert len(plan.replaces) == 1
    assert plan.replaces[0].startswith("Apr 2025")
    assert "1 indicator value already held will be replaced" in plan.replaces[0]
    importing.commit(store, plan, backup=False)
    assert dash.monthly_values(store, "stillbirth") == [
        ("2025-03", 1, 371), ("2025-04", 3, 381), ("2025-05", 0, 366)]
    # the other indicators of the month are left alone
    assert dash.monthly_values(store, "caesarean")[1] == ("2025-04", 128, 380)


def test_peer_unit_column(store):
    store.save_unit_settings(store.unit_settings().__class__(unit_name="Riverside"))
    plan = _import(store, "values_peers.csv")
    assert any("2 new peer units" in s for s in plan.summary)
    assert dash.monthly_values(store, "caesarean") == [("2025-03", 130, 371)]
    assert dash.monthly_values(store, "caesarean", "Northgate Maternity") == [
        ("2025-03", 100, 300), ("2025-04", 95, 290)]
    assert [p["name"] for p in dash.peer_units(store)] == ["Hillside Birth Centre", "Northgate Maternity"]
    again = importing.plan_file(store, "dashboard", FIX / "values_peers.csv", today=TODAY)
    assert any("Northgate Maternity" in r and "Mar 2025" in r for r in again.replaces)
    assert not any("new peer" in s for s in again.summary)
