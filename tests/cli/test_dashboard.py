"""``indicators``, ``spc`` and ``export dashboard-summary`` run in-process."""

import json

import pytest

from maternity_desk.store import dashboard as dash
from maternity_desk.store import open_store

SPC_FIELDS = {"month", "numerator", "denominator", "value", "mean", "lower", "upper",
              "special_cause", "variation", "rule"}


@pytest.fixture
def filled(db_path):
    s = open_store(db_path)
    # caesarean %: 30, 32, 30, 32, 30, 32, 30, 32, 30, 32 then 45 (outside the limits)
    nums = [30, 32] * 5 + [45]
    rows = [(f"2025-{m:02d}", "caesarean", n, 100) for m, n in zip(range(1, 12), nums)]
    dash.set_values(s, rows)
    s.close()
    return db_path


def test_indicators_json(cli, filled):
    code, out, err = cli("indicators", "--db", filled, "--json")
    assert code == 0, err
    data = json.loads(out)
    by = {d["code"]: d for d in data}
    assert by["stillbirth"]["scale"] == "per_1000"
    assert by["stillbirth"]["target"] == 2.5
    assert {"code", "name", "numerator", "denominator", "scale", "better", "group", "chart"} <= set(by["vbac"])


def test_indicators_table(cli, filled):
    code, out, _ = cli("indicators", "--db", filled)
    assert code == 0 and "stillbirth" in out and "per 1,000" in out


def test_spc_json_hand_worked(cli, filled):
    code, out, err = cli("spc", "--indicator", "caesarean", "--db", filled, "--baseline", "10", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert len(rows) == 11
    assert set(rows[0]) == SPC_FIELDS
    # baseline of 10: mean 31 %, mean MR 2, limits 31 +/- 5.32
    assert rows[0]["month"] == "2025-01"
    assert rows[0]["value"] == pytest.approx(30.0)
    assert rows[0]["mean"] == pytest.approx(31.0)
    assert rows[0]["lower"] == pytest.approx(25.68)
    assert rows[0]["upper"] == pytest.approx(36.32)
    last = rows[-1]
    assert (last["numerator"], last["denominator"]) == (45, 100)
    assert last["special_cause"] is True and last["rule"] == "outside"
    assert last["variation"] == "neutral"  # caesarean has no better direction
    assert not any(r["special_cause"] for r in rows[:-1])


def test_spc_text(cli, filled):
    code, out, _ = cli("spc", "--indicator", "caesarean", "--db", filled)
    assert code == 0 and "Caesarean birth" in out and "2025-11" in out


def test_spc_unknown_indicator_and_bad_baseline(cli, filled):
    code, _, err = cli("spc", "--indicator", "nope", "--db", filled, "--json")
    assert code == 2 and "no indicator" in err
    code, _, err = cli("spc", "--indicator", "caesarean", "--db", filled, "--baseline", "1")
    assert code == 2 and "at least 2" in err


def test_spc_empty_indicator(cli, filled):
    code, out, _ = cli("spc", "--indicator", "vbac", "--db", filled, "--json", "--chart", "xmr")
    assert code == 0 and json.loads(out) == []


def test_import_and_export_summary(cli, filled, tmp_path):
    from python_calamine import CalamineWorkbook

    f = tmp_path / "v.csv"
    f.write_text("month,indicator,numerator,denominator\n2025-11,caesarean,31,100\n", encoding="utf-8")
    code, out, err = cli("import", "dashboard", f, "--db", filled, "--dry-run")
    assert code == 0, err
    assert "replaces: Nov 2025" in out
    out_file = tmp_path / "summary.xlsx"
    code, out, err = cli("export", "dashboard-summary", "--db", filled, "-o", out_file, "--as-at", "2026-10-15")
    assert code == 0, err
    rows = CalamineWorkbook.from_path(str(out_file)).get_sheet_by_name("Summary").to_python()
    assert rows[3][:2] == ["Indicator", "Group"]  # named, never by code
    assert "Code" not in rows[3] and rows[3][6] == "Mean or median"
    line = next(r for r in rows if len(r) > 1 and r[0] == "Caesarean birth")
    assert line[4] == pytest.approx(45.0)
    assert line[9].startswith("Special cause: neither")


def test_spc_to_a_month_leaves_later_months_out(cli, filled):
    code, out, err = cli("spc", "--indicator", "caesarean", "--db", filled, "--baseline", "10", "--json")
    whole = json.loads(out)
    code, out, err = cli("spc", "--indicator", "caesarean", "--db", filled, "--baseline", "10", "--to", "2025-10", "--json")
    assert code == 0, err
    cut = json.loads(out)
    assert [r["month"] for r in cut] == [r["month"] for r in whole][:10] and cut[-1]["month"] == "2025-10"
    assert cut == whole[:10]  # limits from the first 10 points: the same either way
    code, out, err = cli("spc", "--indicator", "caesarean", "--db", filled, "--to", "2024-12")
    assert code == 0 and out.strip() == "Caesarean birth (caesarean): no figures up to 2024-12."
    code, _, err = cli("spc", "--indicator", "caesarean", "--db", filled, "--to", "2025-13")
    assert code == 2 and "2025-13" in err
