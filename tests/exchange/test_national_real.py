"""A REAL published file: NHS Maternity Statistics 2021-22, ``hosp-epis-stat-mat-msdscsv-2021-22.csv``
(NHS Digital, Open Government Licence; the copy in the public repository
nhsengland/opensource_maternity_dashboard_project, ``data/``). It is not committed here. The
test finds it through ``MATERNITY_DESK_NATIONAL_REAL`` (the file, or a folder holding it),
else ``../shared/national/``, else a local mirror of that repository; it skips, saying so,
when none is present.

The expected numbers were added up by hand from the file's rows (quoted in the comments):
numerator = the named categories, denominator = every category except ``Missing value /
Value outside reporting parameters`` (and ``Not known`` for onset of labour).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from maternity_desk.exchange import importing
from tests.conftest import ROOT

NAME = "hosp-epis-stat-mat-msdscsv-2021-22.csv"


def _find(tmp_path_factory) -> Path | None:
    env = os.environ.get("MATERNITY_DESK_NATIONAL_REAL")
    if env:
        p = Path(env)
        if p.is_dir():
            p = p / NAME
        return p if p.is_file() else None
    shared = ROOT.parent / "shared" / "national" / NAME
    if shared.is_file():
        return shared
    mirrors = Path("/work/.mirror")
    for git_dir in sorted(mirrors.glob("*opensource_maternity_dashboard_project*/repo")) if mirrors.is_dir() else []:
        try:
            data = subprocess.run(["git", "--git-dir", str(git_dir), "show", f"HEAD:data/{NAME}"],
                                  capture_output=True, check=True, timeout=60).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        dest = tmp_path_factory.mktemp("real") / NAME
        dest.write_bytes(data)
        return dest
    return None


@pytest.fixture(scope="module")
def real_file(tmp_path_factory):
    path = _find(tmp_path_factory)
    if path is None:
        pytest.skip(f"the real published file {NAME} is not here: set MATERNITY_DESK_NATIONAL_REAL to it "
                    "(from nhsengland/opensource_maternity_dashboard_project, data/)")
    return path


def _fig(store, level, code, indicator):
    row = store.query_one("SELECT numerator, denominator, status FROM national_value WHERE org_level = ? "
                          "AND org_code = ? AND indicator_code = ? AND period = '2021-22'",
                          (level, code, indicator))
    return None if row is None else tuple(row)


def test_real_annual_file_hand_checked(store, real_file):
    plan = importing.plan_file(store, "national", real_file)
    assert plan.warnings == []
    importing.commit(store, plan, backup=False)
    P, R, N = "Provider", "NHS England (Region)", "National"
    # England: caesarean 78,120 elective + 98,310 emergency of 78,120 + 98,310 + 58,035
    # instrumental + 7,600 other + 291,845 spontaneous (12,190 missing left out)
    assert _fig(store, N, "National", "caesarean") == (176430, 533910, "ok")
    # England smoking at booking: 24,295 smokers of 24,295 + 192,000 (329,800 missing)
    assert _fig(store, N, "National", "smoking_booking") == (24295, 216295, "ok")
    # England induction: 81,995 medical + 34,310 both + 27,415 surgical of those plus
    # 101,630 caesarean and 223,060 spontaneous (17,220 not known, 60,455 missing left out)
    assert _fig(store, N, "National", "induction") == (143720, 468410, "ok")
    # England Apgar 0-6: 4,555 of 4,555 + 410,335
    assert _fig(store, N, "National", "apgar_0_6") == (4555, 414890, "ok")
    # South East region Y59: caesarean 12,170 + 15,195 of 27,365 + 9,495 + 2,000 + 42,820
    assert _fig(store, R, "Y59", "caesarean") == (27365, 81680, "ok")
    # Y59 induction: 11,835 + 4,350 + 4,545 of those + 16,795 + 39,655
    assert _fig(store, R, "Y59", "induction") == (20730, 77180, "ok")
    # Buckinghamshire RXQ: caesarean 180 + 295 of 180 + 295 + 430 + 1,975 + 845
    assert _fig(store, P, "RXQ", "caesarean") == (475, 3725, "ok")
    # RXQ induction 890 + 80 + 65 of those + 590 + 2,070; smoking 5 of 30; Apgar 15 of 3,530
    assert _fig(store, P, "RXQ", "induction") == (1035, 3695, "ok")
    assert _fig(store, P, "RXQ", "smoking_booking") == (5, 30, "ok")
    assert _fig(store, P, "RXQ", "apgar_0_6") == (15, 3530, "ok")
    # Manchester R0A: caesarean 2,790 + 3,195 of 2,790 + 3,195 + 2,210 + 0 + 8,190;
    # induction 1,160 + 780 + 2,665 of those + 1,865 + 6,890
    assert _fig(store, P, "R0A", "caesarean") == (5985, 16385, "ok")
    assert _fig(store, P, "R0A", "induction") == (4605, 13360, "ok")
    # the file's shape: England, 7 regions and 124 trusts (one of them without a TotalDeliveries row)
    assert store.scalar("SELECT count(DISTINCT org_code) FROM national_value WHERE org_level = ?", (R,)) == 7
    assert store.scalar("SELECT count(DISTINCT org_code) FROM national_value WHERE org_level = ?", (P,)) == 124

