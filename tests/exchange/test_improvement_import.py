"""The ``measure`` importer: every problem reported, nothing half-written."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from maternity_desk.core.errors import ValidationFailed
from maternity_desk.exchange import importing
from maternity_desk.store import improvement as qs
from tests.conftest import FIXTURES

HERE = FIXTURES / "improvement"


@pytest.fixture
def atain(store):
    pid = qs.adopt_project(store, "ATAIN", start_date=date(2025, 1, 1), status="active")
    return store, pid


def _values(store, pid):
    return {m.name: [(v.month, v.numerator, v.denominator) for v in qs.measure_values(store, m.id)]
            for m in qs.measures(store, pid)}


def test_good_file_imports_every_month_format(atain):
    store, pid = atain
    plan = importing.import_file(store, "measure", HERE / "atain_good.csv", project_code="atain")
    assert plan.rows == 5
    got = _values(store, pid)
    assert got["Term admissions to the neonatal unit"] == [("2025-01", 21, 310), ("2025-02", 19, 296),
                                                          ("2025-03", 22, 305)]
    assert got["Term admissions reviewed within 7 days"] == [("2025-01", 15, 21), ("2025-02", 16, 19)]
    assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'import' AND table_name = 'measure'") == 1
    again = importing.plan_file(store, "measure", HERE / "atain_good.csv", project_code="ATAIN")
    assert any("3 months already entered" in r for r in again.replaces)


def test_bad_file_lists_every_problem_and_writes_nothing(atain):
    store, pid = atain
    with pytest.raises(ValidationFailed) as info:
        importing.plan_file(store, "measure", HERE / "atain_bad.csv", project_code="ATAIN")
    found = {(p.row, p.column) for p in info.value.problems}
    assert found == {
        (3, "month"),        # 03/31/2025: a US date, never guessed
        (4, "measure"),      # not a measure of the project
        (5, "numerator"),    # 'twelve'
        (6, "denominator"),  # 0
        (7, "numerator"),    # 25 of 21
        (8, "month"),        # 2025-01 twice for the same measure
        (9, "numerator"),    # negative
    }
    assert all(p.file == "atain_bad.csv" for p in info.value.problems)
    reasons = {p.row: p.reason for p in info.value.problems}
    assert "larger than the denominator" in reasons[7] and "row 2" in reasons[8]
    assert _values(store, pid)["Term admissions to the neonatal unit"] == []


def test_unknown_project_and_missing_column_refused(atain):
    store, _ = atain
    with pytest.raises(ValidationFailed, match="no adopted project with code 'NOPE'"):
        importing.plan_file(store, "measure", HERE / "atain_good.csv", project_code="NOPE")
    with pytest.raises(ValidationFailed, match="required column 'month'"):
        importing.plan_file(store, "measure", HERE / "atain_no_month.csv", project_code="ATAIN")


def test_xlsx_with_date_cells(atain, tmp_path):
    from openpyxl import Workbook

    store, pid = atain
    wb = Workbook()
    ws = wb.active
    ws.append(["Month", "Measure", "Numerator", "Denominator"])
    ws.append([datetime(2025, 4, 1), "Term admissions to the neonatal unit", 18, 300])
    ws.append(["Apr-25", "Term admissions reviewed within 7 days", 17, 18])
    path = tmp_path / "atain.xlsx"
    wb.save(path)
    importing.import_file(store, "measure", path, project_code="ATAIN")
    got = _values(store, pid)
    assert got["Term admissions to the neonatal unit"] == [("2025-04", 18, 300)]
    assert got["Term admissions reviewed within 7 days"] == [("2025-04", 17, 18)]
