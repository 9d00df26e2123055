"""REAL published files: NHS England's annual *NHS Maternity Statistics* MSDS CSVs for 2020-21
and 2022-23 (Open Government Licence; the copies kept in the public repository
nhsengland/opensource_maternity_dashboard_project, ``data/``). They are not committed here:
the tests read them from ``../shared/national/`` beside the clone (or the folder named by
``MATERNITY_DESK_NATIONAL_DIR``) and fail, saying what to put there, when they are missing.

Every expected number was added up by hand from the file's rows, quoted in the comments:
numerator = the named categories, denominator = every category except ``Missing value /
Value outside reporting parameters`` (and ``Not known`` for onset of labour).
2020-21 names two breakdowns differently (``MethodOfDelivery`` counted in babies,
``SmokingAtBooking``) and spells "Missing Value" with a capital V in some of them.
"""

from __future__ import annotations

import json

import pytest

from maternity_desk.exchange import importing
from tests.conftest import require_national_file

P, R, N = "Provider", "NHS England (Region)", "National"


def _import(store, name: str):
    plan = importing.plan_file(store, "national", require_national_file(name))
    assert plan.warnings == []
    importing.commit(store, plan, backup=False)
    return plan


def _fig(store, period, level, code, indicator):
    row = store.query_one("SELECT numerator, denominator, status FROM national_value WHERE org_level = ? "
                          "AND org_code = ? AND indicator_code = ? AND period = ?",
                          (level, code, indicator, period))
    return None if row is None else tuple(row)


def _count(store, level):
    return store.scalar("SELECT count(DISTINCT org_code) FROM national_value WHERE org_level = ?", (level,))


def test_real_annual_file_2020_21_hand_checked(store):
    plan = _import(store, "hosp-epis-stat-mat-msdscsv-2020-21.csv")
    assert plan.rows == 16160  # data rows (16,161 lines less the header)
    fig = lambda *a: _fig(store, "2020-21", *a)  # noqa: E731
    # England, MethodOfDelivery (babies): 66,055 elective + 80,335 emergency caesarean of those
    # + 55,015 instrumental + 14,530 other + 256,735 spontaneous (13,485 missing left out)
    assert fig(N, "National", "caesarean") == (146390, 472670, "ok")
    assert fig(N, "National", "instrumental") == (55015, 472670, "ok")
    # England SmokingAtBooking: 13,830 smokers of 13,830 + 92,730 (375,955 missing)
    assert fig(N, "National", "smoking_booking") == (13830, 106560, "ok")
    # England induction: 71,650 medical + 30,825 both + 21,110 surgical of those + 75,775
    # caesarean + 191,360 spontaneous (14,545 not known and 77,260 missing left out)
    assert fig(N, "National", "induction") == (123585, 390720, "ok")
    # England Apgar 0-6: 2,675 of 2,675 + 193,305 (224,920 missing)
    assert fig(N, "National", "apgar_0_6") == (2675, 195980, "ok")
    # South East region Y59: caesarean 9,980 + 11,960 of 21,940 + 9,210 + 2,645 + 38,520
    assert fig(R, "Y59", "caesarean") == (21940, 72315, "ok")
    # Y59 induction 11,580 + 4,395 + 3,560 of those + 12,140 + 33,590; smoking 2,090 of 2,090 + 19,800
    assert fig(R, "Y59", "induction") == (19535, 65265, "ok")
    assert fig(R, "Y59", "smoking_booking") == (2090, 21890, "ok")
    # Manchester R0A: caesarean 1,395 + 1,645 of 3,040 + 1,170 + 0 + 3,845;
    # induction 395 + 155 + 1,805 of those + 625 + 3,245
    assert fig(P, "R0A", "caesarean") == (3040, 8055, "ok")
    assert fig(P, "R0A", "induction") == (2355, 6225, "ok")
    # Gloucestershire RTE: caesarean 1,000 + 655 of 1,655 + 885 + 5 + 2,975; induction 1,050 +
    # 360 + 265 of those + 1,000 + 2,765; smoking 275 of 275 + 1,870; Apgar 5 of 5 + 445
    assert fig(P, "RTE", "caesarean") == (1655, 5520, "ok")
    assert fig(P, "RTE", "induction") == (1675, 5440, "ok")
    assert fig(P, "RTE", "smoking_booking") == (275, 2145, "ok")
    assert fig(P, "RTE", "apgar_0_6") == (5, 450, "ok")
    # the file's shape: England, 7 regions and 125 trusts
    assert (_count(store, N), _count(store, R), _count(store, P)) == (1, 7, 125)


def test_real_annual_file_2022_23_hand_checked(store):
    plan = _import(store, "hosp-epis-stat-mat-msdscsv-2022-23.csv")
    assert plan.rows == 15785
    fig = lambda *a: _fig(store, "2022-23", *a)  # noqa: E731
    # England, DeliveryMethodBabyGroup: 87,100 elective + 112,710 emergency caesarean of those
    # + 55,385 instrumental + 3,530 other + 269,665 spontaneous (2,610 missing left out)
    assert fig(N, "National", "caesarean") == (199810, 528390, "ok")
    assert fig(N, "National", "spontaneous_vaginal") == (269665, 528390, "ok")
    # England smoking at booking: 51,120 of 51,120 + 335,835 (144,045 missing)
    assert fig(N, "National", "smoking_booking") == (51120, 386955, "ok")
    # England induction: 85,540 + 38,915 + 31,000 of those + 126,610 caesarean + 219,265
    # spontaneous (17,135 not known and 12,535 missing left out)
    assert fig(N, "National", "induction") == (155455, 501330, "ok")
    # England Apgar 0-6: 5,460 of 5,460 + 461,555 (24,375 missing)
    assert fig(N, "National", "apgar_0_6") == (5460, 467015, "ok")
    # London region Y56: caesarean 18,060 + 22,765 of 40,825 + 11,280 + 360 + 48,815;
    # induction 18,030 + 3,575 + 3,820 of those + 26,765 + 44,310; smoking 5,660 of 5,660 + 66,610;
    # Apgar 660 of 660 + 86,445
    assert fig(R, "Y56", "caesarean") == (40825, 101280, "ok")
    assert fig(R, "Y56", "induction") == (25425, 96500, "ok")
    assert fig(R, "Y56", "smoking_booking") == (5660, 72270, "ok")
    assert fig(R, "Y56", "apgar_0_6") == (660, 87105, "ok")
    # Manchester R0A: caesarean 1,845 + 2,910 of 4,755 + 2,055 + 0 + 7,065; induction 995 +
    # 1,045 + 1,440 of those + 1,600 + 5,855; smoking 1,125 of 1,125 + 8,215; Apgar 135 of 135 + 12,380
    assert fig(P, "R0A", "caesarean") == (4755, 13875, "ok")
    assert fig(P, "R0A", "induction") == (3480, 10935, "ok")
    assert fig(P, "R0A", "smoking_booking") == (1125, 9340, "ok")
    assert fig(P, "R0A", "apgar_0_6") == (135, 12515, "ok")
    # Gloucestershire RTE: caesarean 1,050 + 860 of 1,910 + 710 + 5 + 2,580; induction 1,030 +
    # 255 + 295 of those + 1,185 + 2,440; smoking 290 of 290 + 2,110; Apgar 60 of 60 + 4,735
    assert fig(P, "RTE", "caesarean") == (1910, 5205, "ok")
    assert fig(P, "RTE", "induction") == (1580, 5205, "ok")
    assert fig(P, "RTE", "smoking_booking") == (290, 2400, "ok")
    assert fig(P, "RTE", "apgar_0_6") == (60, 4795, "ok")
    assert (_count(store, N), _count(store, R), _count(store, P)) == (1, 7, 123)


def test_two_real_years_side_by_side(store):
    """Both years in one database: each keeps its own figures, England's caesarean rate rose
    from 146,390 / 472,670 = 31.0% to 199,810 / 528,390 = 37.8%."""
    _import(store, "hosp-epis-stat-mat-msdscsv-2020-21.csv")
    _import(store, "hosp-epis-stat-mat-msdscsv-2022-23.csv")
    a = _fig(store, "2020-21", N, "National", "caesarean")
    b = _fig(store, "2022-23", N, "National", "caesarean")
    assert round(100 * a[0] / a[1], 1) == pytest.approx(31.0)
    assert round(100 * b[0] / b[1], 1) == pytest.approx(37.8)


def test_real_file_through_the_command_line(store, db_path, cli):
    """``maternity-desk import national FILE`` on the real 2022-23 file: a dry run writes
    nothing, the import writes the 1,432 figures the plan promised (England, 7 regions, 123
    trusts; 11 indicators), and ``benchmark`` then reads R0A's caesarean figure back."""
    path = require_national_file("hosp-epis-stat-mat-msdscsv-2022-23.csv")
    store.close()
    code, out, err = cli("import", "national", path, "--db", db_path, "--dry-run")
    assert code == 0, err
    assert "15,785 rows would be imported; nothing written" in out
    code, out, err = cli("import", "national", path, "--db", db_path)
    assert code == 0, err
    assert "new, 1,432 figures" in out
    code, out, err = cli("benchmark", "--indicator", "caesarean", "--period", "2022-23", "--db", db_path, "--json")
    assert code == 0, err
    rows = {r["org_code"]: r for r in json.loads(out)}
    # 199,810 / 528,390 = 37.81%; R0A 4,755 / 13,875 = 34.27%
    assert (rows["National"]["numerator"], rows["National"]["denominator"]) == (199810, 528390)
    assert rows["National"]["value"] == pytest.approx(37.81, abs=0.005)
    assert (rows["R0A"]["numerator"], rows["R0A"]["denominator"]) == (4755, 13875)
    assert rows["R0A"]["value"] == pytest.approx(34.27, abs=0.005)
