"""Importing the board report's figures (``staffing``) and incident counts (``incidents``):
all or nothing, every refusal named by file, row, column and reason."""

from datetime import date
from pathlib import Path

import pytest

from maternity_desk.core.errors import ValidationFailed
from maternity_desk.exchange import importing
from maternity_desk.store import board as sb

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "board"
TODAY = date(2026, 10, 15)


def test_staffing_import_maps_the_export_columns(store):
    plan = importing.plan_file(store, "staffing", FIX / "staffing_good.csv", today=TODAY)
    assert plan.summary == ["8 figures across 2 months, Aug 2026 to Sep 2026"] and not plan.replaces
    importing.commit(store, plan, backup=False)
    values = sb.values(store)
    assert values[("2026-08", "midwife_hours_planned")] == 20000.0
    assert values[("2026-08", "midwife_hours_actual")] == 18950.5
    assert values[("2026-08", "one_to_one")] == 99.2
    assert values[("2026-09", "red_flag_triage")] == 4
    assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'import' AND table_name = 'staffing'") == 1
    again = importing.plan_file(store, "staffing", FIX / "staffing_good.csv", today=TODAY)
    assert again.replaces == ["Aug 2026: figures already held are replaced",
                              "Sep 2026: figures already held are replaced"]


def test_staffing_import_refused_whole(store):
    with pytest.raises(ValidationFailed) as caught:
        importing.plan_file(store, "staffing", FIX / "staffing_bad.csv", today=TODAY)
    found = [(p.row, p.column, p.reason) for p in caught.value.problems]
    assert (2, "value", "'101' is over 100%") in found
    assert (3, "value", "'-2' is negative; medical rota gaps cannot be below 0") in found
    assert (6, "month", "Mar 2027 is in the future") in found
    assert (7, "measure", "'agency spend' is not a measure in the unit's catalogue") in found
    assert (5, "value", "actual midwifery hours (3,500.0) is more than 3 times the planned (1,000.0)") in found
    assert len(found) == 5
    assert all(p.file == "staffing_bad.csv" for p in caught.value.problems)
    assert sb.values(store) == {}


def test_actual_hours_are_checked_against_planned_hours_already_held(store, tmp_path):
    sb.set_values(store, [("2026-08", "midwife_hours_planned", 100.0)])
    f = tmp_path / "actual.csv"
    f.write_text("month,measure,value\n2026-08,midwife_hours_actual,301\n", encoding="utf-8")
    with pytest.raises(ValidationFailed, match=r"row 2, column 'value': actual midwifery hours \(301.0\) is more"):
        importing.plan_file(store, "staffing", f, today=TODAY)
    f.write_text("month,measure,value\n2026-08,midwife_hours_actual,300\n", encoding="utf-8")
    importing.import_file(store, "staffing", f, today=TODAY)
    assert sb.values(store)[("2026-08", "midwife_hours_actual")] == 300.0


def test_incidents_import(store):
    plan = importing.plan_file(store, "incidents", FIX / "incidents_good.csv", today=TODAY)
    assert plan.summary == ["11 incidents in 5 counts across 2 months, Aug 2026 to Sep 2026"]
    importing.commit(store, plan, backup=False)
    assert sb.incidents(store) == {
        ("2026-08", "Postpartum haemorrhage", "no_harm"): 5, ("2026-08", "Postpartum haemorrhage", "moderate"): 1,
        ("2026-08", "Fetal monitoring", "low"): 3, ("2026-09", "Delay in care", "severe"): 1,
        ("2026-09", "Medication", "death"): 1}


def test_incidents_import_refused_whole(store):
    with pytest.raises(ValidationFailed) as caught:
        importing.plan_file(store, "incidents", FIX / "incidents_bad.csv", today=TODAY)
    found = [(p.row, p.column, p.reason) for p in caught.value.problems]
    assert found == [
        (2, "count", "'-1' is negative; incident count cannot be below 0"),
        (3, "category", "'Car parking' is not in the unit's list of incident categories"),
        (4, "month", "Jan 2027 is in the future"),
        (5, "harm", "'catastrophe' is not a harm level (no harm, low, moderate, severe or death)"),
    ]
    assert sb.incidents(store) == {}


def test_a_category_the_unit_adds_is_accepted(store, tmp_path):
    sb.set_categories(store, [*sb.categories(store), "Car parking"])
    f = tmp_path / "i.csv"
    f.write_text("month,category,harm,count\n2026-08,car parking,low,2\n", encoding="utf-8")
    importing.import_file(store, "incidents", f, today=TODAY)
    assert sb.incidents(store) == {("2026-08", "Car parking", "low"): 2}


def test_command_line_import_refuses_and_writes_nothing(cli, db_path, store):
    code, out, err = cli("import", "staffing", str(FIX / "staffing_bad.csv"), "--db", str(db_path))
    assert code == 1 and "staffing_bad.csv, row 2, column 'value': '101' is over 100%" in err
    code, out, err = cli("import", "incidents", str(FIX / "incidents_good.csv"), "--db", str(db_path))
    assert code == 0, err
    assert "Imported incidents_good.csv: 5 rows." in out
