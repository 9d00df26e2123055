"""``mis --json`` (the contract), ``export mis`` re-read by a second reader, and the
requirements sheet importer (``import mis-requirements YEAR FILE``), good and bad."""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest

from maternity_desk.core import governance as g
from maternity_desk.store import governance as sg
from maternity_desk.store import mis as sm
from maternity_desk.store import open_store


def _reviews(db_path):
    s = open_store(db_path)
    try:
        # died Thu 17 Apr 2025, due Wed 30 Apr (Easter skipped): one on time, one late
        sg.save_review(s, g.ReviewCase(None, "R1", "stillbirth", 270, date(2025, 4, 17), reported=date(2025, 4, 30)))
        sg.save_review(s, g.ReviewCase(None, "R2", "stillbirth", 270, date(2025, 4, 17), reported=date(2025, 5, 2)))
    finally:
        s.close()


def test_json_contract(cli, store, db_path):
    store.close()
    _reviews(db_path)
    code, out, err = cli("mis", "--year", "2025/26", "--as-at", "2025-06-01", "--db", db_path, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"year", "actions"} and data["year"] == "2025/26"
    assert [a["number"] for a in data["actions"]] == list(range(1, 11))
    for a in data["actions"]:
        assert set(a) == {"number", "title", "status", "requirements"}
        for r in a["requirements"]:
            assert set(r) == {"code", "text", "status", "computed", "owner", "evidence"}
            if r["computed"] is not None:
                assert set(r["computed"]) == {"from", "to", "numerator", "denominator", "percent", "threshold", "met"}
    reqs = {r["code"]: r for a in data["actions"] for r in a["requirements"]}
    assert reqs["sa1.reported"]["computed"] == {"from": "2024-12-01", "to": "2025-06-01", "numerator": 1,
                                                 "denominator": 2, "percent": 50.0, "threshold": 100.0, "met": False}
    assert reqs["sa1.reported"]["status"] == "in_progress"
    assert reqs["sa3.pathway"]["computed"] is None  # judged
    assert data["actions"][0]["status"] == "in_progress"


def test_unknown_year_is_one_sentence(cli, store, db_path):
    store.close()
    code, out, err = cli("mis", "--year", "2031/32", "--db", db_path)
    assert code == 1 and "no incentive scheme year 2031/32" in err and "Traceback" not in err


def test_export_re_read_by_a_second_reader(cli, store, db_path, tmp_path):
    store.close()
    _reviews(db_path)
    out_file = tmp_path / "mis.xlsx"
    code, out, err = cli("export", "mis", "--year", "2025/26", "--as-at", "2025-06-01", "--db", db_path, "-o", out_file)
    assert code == 0, err
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(out_file))
    assert wb.sheet_names == ["Summary"] + [f"Action {n}" for n in range(1, 11)]
    summary = wb.get_sheet_by_name("Summary").to_python()
    assert "2025/26" in summary[0][0] and "Not verified" in summary[3][0]
    header = summary[5]
    assert header[:3] == ["Safety action", "Question", "Status"]
    assert [r[0] for r in summary[6:16]] == [float(n) for n in range(1, 11)]
    sa1 = wb.get_sheet_by_name("Action 1").to_python()
    head = sa1[3]
    row = next(r for r in sa1[4:] if r[0].startswith("Deaths reported"))
    cell = dict(zip(head, row))
    assert (cell["Numerator"], cell["Denominator"], cell["Percent"], cell["Threshold"]) == (1, 2, 0.5, 1)
    assert cell["Meets threshold"] == "No" and cell["Status"] == "In progress"
    assert cell["Window from"] == date(2024, 12, 1) and cell["Window to"] == date(2025, 6, 1)
    ws = load_workbook(out_file)["Action 1"]
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$4:$4"
    assert ws.oddFooter.right.text == "Page &P of &N"


def write_sheet(path, rows):
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Action", "Code", "Text", "Evidence", "How", "Window from", "Window to", "Threshold"])
        w.writerows(rows)
    return path


GOOD = [
    ["1", "sa1.reported", "Deaths reported in 7 working days", "Tool report", "computed", "01/12/2025", "30/11/2026", "100"],
    ["3", "sa3.pathway", "Transitional care pathway", "", "judged", "", "", ""],
    ["8", "sa8.FM.midwife", "Fetal monitoring: midwives", "", "computed", "2025-12-01", "2026-11-30", "90%"],
]


def test_import_new_year(cli, store, db_path, tmp_path):
    store.close()
    f = write_sheet(tmp_path / "y8.csv", GOOD)
    code, out, err = cli("import", "mis-requirements", "2026/27", f, "--db", db_path)
    assert code == 0, err
    s = open_store(db_path)
    try:
        y = sm.scheme_year(s, "2026/27")
        assert y.number == 8 and [r.code for r in y.requirements] == ["sa1.reported", "sa3.pathway", "sa8.FM.midwife"]
        assert y.requirements[2].threshold == 90.0 and len(y.actions) == 10
        assert s.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'mis_requirements'") == 1
    finally:
        s.close()


@pytest.mark.parametrize("bad_row, row, column, why", [
    (["11", "sa11.x", "An eleventh action", "", "judged", "", "", ""], 5, "Action", "no safety action 11"),
    (["3", "sa3.pathway", "Twice", "", "judged", "", "", ""], 5, "Code", "also on row 3"),
    (["2", "sa2.msds", "MSDS", "", "computed", "2025-12-01", "2026-11-30", "ninety"], 5, "Threshold", "not a percentage"),
    (["2", "sa2.msds", "MSDS", "", "computed", "2025-12-01", "2026-11-30", "150"], 5, "Threshold", "not a percentage"),
])
def test_bad_sheets_refused_whole(cli, store, db_path, tmp_path, bad_row, row, column, why):
    store.close()
    f = write_sheet(tmp_path / "bad.csv", [*GOOD, bad_row])
    code, out, err = cli("import", "mis-requirements", "2025/26", f, "--db", db_path)
    assert code != 0
    assert f"bad.csv, row {row}, column '{column}'" in err and why in err
    s = open_store(db_path)
    try:  # nothing written: year 7 still has its shipped requirements
        assert len(sm.scheme_year(s, "2025/26").requirements) > 30
    finally:
        s.close()


def test_closed_year_refuses_a_sheet(cli, store, db_path, tmp_path):
    sm.close_year(store, "2024/25")
    store.close()
    f = write_sheet(tmp_path / "y6.csv", GOOD)
    code, out, err = cli("import", "mis-requirements", "2024/25", f, "--db", db_path)
    assert code != 0 and "closed" in err


def test_reimport_keeps_tracking_of_codes_still_listed(cli, store, db_path, tmp_path):
    from maternity_desk.core import mis

    sm.save_tracking(store, "2025/26", mis.Tracking("sa3.pathway", "met", notes="Approved"))
    sm.save_tracking(store, "2025/26", mis.Tracking("sa3.term_admissions", "in_progress"))
    store.close()
    f = write_sheet(tmp_path / "y7.csv", GOOD)
    code, out, err = cli("import", "mis-requirements", "2025/26", f, "--db", db_path)
    assert code == 0, err
    s = open_store(db_path)
    try:
        t = sm.tracking(s, 7)
        assert set(t) == {"sa3.pathway"} and t["sa3.pathway"].notes == "Approved"
    finally:
        s.close()


def test_not_computed_yet_in_json_and_workbook(cli, store, db_path, tmp_path):
    from tests.store.test_mis import add_uncomputable

    add_uncomputable(store)
    store.close()
    code, out, err = cli("mis", "--year", "2025/26", "--as-at", "2025-06-01", "--db", db_path, "--json")
    reqs = {r["code"]: r for a in json.loads(out)["actions"] for r in a["requirements"]}
    assert reqs["sa6.tool_share"]["computed"] is None and reqs["sa6.tool_share"]["status"] == "not_started"
    out_file = tmp_path / "mis.xlsx"
    code, out, err = cli("export", "mis", "--year", "2025/26", "--as-at", "2025-06-01", "--db", db_path, "-o", out_file)
    from python_calamine import CalamineWorkbook

    sa6 = CalamineWorkbook.from_path(str(out_file)).get_sheet_by_name("Action 6").to_python()
    assert any("Not computed yet" in r for r in sa6[4:])
