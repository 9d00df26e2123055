"""The monthly return workbook: golden workbooks, figures re-read with a second reader
(python-calamine) against the CLI's JSON, safety (text stays text, no macros), LibreOffice,
and reading returns back (``import return``)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from maternity_desk.core import returns as core

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
PRODUCED = datetime(2026, 1, 7, 9, 30)
RISKY_UNIT = '=HYPERLINK("http://example.com","click")'
MONTH = "2025-12"


def build_small_unit(store) -> None:
    """A small unit whose figures are worked out by hand in the tests below."""
    from maternity_desk.core import governance as g
    from maternity_desk.core import improvement as qi
    from maternity_desk.core.fund import LedgerEntry
    from maternity_desk.core.training import AttendanceRecord, StaffMember
    from maternity_desk.core.unit import UnitSettings
    from maternity_desk.store import dashboard as dash
    from maternity_desk.store import fund as sf
    from maternity_desk.store import governance as sg
    from maternity_desk.store import improvement as si
    from maternity_desk.store import training as st

    store.save_unit_settings(UnitSettings(unit_name=RISKY_UNIT, trust="Test Hospitals NHS Trust",
                                          ods_code="RXQ", lms="Test LMS", region="Y59"))
    months = [f"2025-{m:02d}" for m in range(1, 13)]
    values = []
    for i, m in enumerate(months):
        values.append((m, "stillbirth", 1 if i % 3 == 0 else 0, 400))
        values.append((m, "smoking_delivery", 30, 400))
    values[-1] = ("2025-12", "smoking_delivery", 38, 400)
    dash.set_values(store, values)
    for n in range(10):
        st.save_staff(store, StaffMember(f"M{n:03d}", f"Midwife {n}", "midwife", date(2020, 1, 1)), new=True)
        if n < 9:
            st.save_attendance(store, AttendanceRecord(f"M{n:03d}", "FM", date(2025, 6, 1), "attended"))
    sf.add_entry(store, LedgerEntry(date(2025, 4, 10), "MSTF", "allocation", 4_000_000, "Award"))
    sf.add_entry(store, LedgerEntry(date(2025, 5, 1), "MSTF", "payment", 123_456, "PROMPT course",
                                    category=sf.categories(store)[0].name, reference="INV-1", places=12))
    pid = si.create_project(store, qi.Project("SMK", "Smoke-free pregnancy", date(2025, 1, 1), status="active"))
    si.add_note(store, pid, qi.ProjectNote(date(2025, 11, 3), "-5 days behind the plan"))
    sg.save_champion(store, g.Champion(None, "board", "Dr Board Champion", date(2024, 1, 1)))
    sg.save_plan_action(store, g.PlanAction(None, "Staffing", "Recruit two midwives", "Head of midwifery",
                                            date(2025, 11, 30), "in_progress"))


@pytest.fixture
def small_store(store):
    build_small_unit(store)
    return store


def _export(store, path, *, suppress=False):
    from maternity_desk.exchange.returns import export_return

    return export_return(store, MONTH, path, suppress=suppress, produced=PRODUCED)


def _snapshot(path: Path) -> dict:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    out = {"sheets": wb.sheetnames}
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    cells[c.coordinate] = (c.value, c.number_format)
        out[ws.title] = {"cells": cells, "merges": sorted(str(r) for r in ws.merged_cells.ranges),
                         "freeze": ws.freeze_panes}
    return out


def _rows(path: Path, sheet: str) -> list[list]:
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def _table(rows: list[list], first_header: str) -> tuple[list[str], list[list]]:
    """The table whose header row starts with ``first_header`` (rows until a blank one)."""
    start = next(i for i, r in enumerate(rows) if r and r[0] == first_header)
    body = []
    for r in rows[start + 1:]:
        if all(v in ("", None) for v in r):
            break
        body.append(r)
    return rows[start], body


@pytest.mark.parametrize("suppress", [False, True], ids=["real", "suppressed"])
def test_golden_workbook(small_store, tmp_path, suppress):
    name = "return_small_suppressed.xlsx" if suppress else "return_small.xlsx"
    out = _export(small_store, tmp_path / name, suppress=suppress)
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1" or not golden.exists():
        GOLDEN.mkdir(exist_ok=True)
        shutil.copy(out, golden)
        if os.environ.get("UPDATE_GOLDEN") != "1":
            pytest.fail(f"golden workbook {golden.name} was missing and has been written: review it")
    got, want = _snapshot(out), _snapshot(golden)
    assert got["sheets"] == want["sheets"] == ["Cover", *core.SHEETS[1:]]
    for sheet in want["sheets"]:
        assert got[sheet]["merges"] == want[sheet]["merges"], sheet
        assert got[sheet]["freeze"] == want[sheet]["freeze"], sheet
        assert got[sheet]["cells"] == want[sheet]["cells"], sheet


def test_hand_worked_figures_read_with_calamine(small_store, tmp_path):
    out = _export(small_store, tmp_path / "r.xlsx")
    head, body = _table(_rows(out, "Dashboard"), "Group")
    rows = {r[head.index("Code")]: dict(zip(head, r)) for r in body}
    smoking = rows["smoking_delivery"]
    assert (smoking["Numerator"], smoking["Denominator"]) == (38, 400)
    assert smoking["Rate"] == pytest.approx(0.095)  # 9.5% stored as a fraction
    assert smoking["RAG"] == "amber"
    # 12 months: (11 x 30 + 38) / 4,800
    assert smoking["Rolling 12 months"] == pytest.approx(368 / 4800)
    still = rows["stillbirth"]
    assert (still["Numerator"], still["Denominator"], still["Rate"]) == (0, 400, 0)
    # 4 stillbirths in 4,800 births over the 12 months: 0.8333 per 1,000
    assert still["Rolling 12 months"] == pytest.approx(4 / 4800 * 1000)
    head, body = _table(_rows(out, "Training"), "Course code")
    fm = [dict(zip(head, r)) for r in body if r[0] == "FM" and r[2] == "midwife"][0]
    assert (fm["Eligible"], fm["In date"], fm["Compliance"], fm["RAG"]) == (10, 9, pytest.approx(0.9), "green")
    head, body = _table(_rows(out, "Fund"), "Fund")
    mstf = dict(zip(head, body[0]))
    assert mstf["Allocated"] == 40_000 and mstf["Paid"] == pytest.approx(1234.56)
    assert mstf["Available"] == pytest.approx(40_000 - 1234.56) and mstf["Places bought"] == 12
    head, body = _table(_rows(out, "Improvement"), "Code")
    assert dict(zip(head, body[0]))["Latest note"] == "-5 days behind the plan"
    head, body = _table(_rows(out, "Governance"), "Register")
    plan = [dict(zip(head, r)) for r in body if r[0] == "Improvement plan"][0]
    assert plan["Days overdue"] == 31 and plan["Due"] == date(2025, 11, 30)


def test_suppressed_figures(small_store, tmp_path):
    out = _export(small_store, tmp_path / "s.xlsx", suppress=True)
    head, body = _table(_rows(out, "Dashboard"), "Group")
    rows = {r[head.index("Code")]: dict(zip(head, r)) for r in body}
    # 38 of 400 -> 40 of 400 = 10%; the rolling 368 -> 370 of 4,800
    assert (rows["smoking_delivery"]["Numerator"], rows["smoking_delivery"]["Rate"]) == (40, pytest.approx(0.10))
    assert rows["smoking_delivery"]["Rolling 12 months"] == pytest.approx(370 / 4800)
    # 4 stillbirths in the 12 months: suppressed, so the rolling rate is too
    assert rows["stillbirth"]["Rolling 12 months"] == "*"
    data_head, data = _rows(out, "Data")[0], _rows(out, "Data")[1:]
    sept = [dict(zip(data_head, r)) for r in data if r[2] == "2025-10" and r[3] == "stillbirth"][0]
    assert (sept["numerator"], sept["value"], sept["suppressed"]) == ("*", "*", "yes")
    head, body = _table(_rows(out, "Training"), "Course code")
    fm = [dict(zip(head, r)) for r in body if r[0] == "FM" and r[2] == "midwife"][0]
    assert (fm["Eligible"], fm["In date"], fm["Compliance"]) == (10, 10, pytest.approx(1.0))
    cover = _rows(out, "Cover")
    assert ["Small-number suppression", "Applied", "", ""] in [r[:4] for r in cover]
    assert any(str(r[0]).startswith("Small-number suppression applied") for r in cover)
    # the database keeps the real figures
    from maternity_desk.store import dashboard as dash

    assert dash.all_values(small_store)[("2025-12", "smoking_delivery")] == (38, 400)


def test_formula_looking_text_stays_text(small_store, tmp_path):
    out = _export(small_store, tmp_path / "t.xlsx")
    cover = _rows(out, "Cover")
    assert [r for r in cover if r[0] == "Unit"][0][1] == RISKY_UNIT
    assert _rows(out, "Data")[1][0] == RISKY_UNIT
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        sheets = [z.read(n).decode() for n in names if n.startswith("xl/worksheets/sheet")]
        content_types = z.read("[Content_Types].xml").decode()
    assert not any("<f>" in s or "<f " in s for s in sheets), "a formula was written"
    assert not any("vbaProject" in n for n in names) and "macroEnabled" not in content_types
    from openpyxl import load_workbook

    wb = load_workbook(out)
    cell = next(c for row in wb["Improvement"].iter_rows() for c in row if c.value == "-5 days behind the plan")
    assert cell.data_type == "s" and cell.quotePrefix
    unit_cell = wb["Data"]["A2"]
    assert unit_cell.data_type == "s" and unit_cell.quotePrefix


def test_workbook_dressing(small_store, tmp_path):
    from openpyxl import load_workbook

    out = _export(small_store, tmp_path / "d.xlsx")
    wb = load_workbook(out)
    assert wb.properties.title.endswith("monthly return Dec 2025") and wb.properties.creator.startswith("Maternity Desk")
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        assert "December 2025" in ws.oddHeader.center.text
    assert wb["Dashboard"].freeze_panes == "A7" and wb["Data"].freeze_panes == "A2"
    rag_ranges = [str(r.sqref) for r in wb["Dashboard"].conditional_formatting]
    assert rag_ranges == ["H7:H32"] or rag_ranges[0].startswith("H")
    links = [c.hyperlink.location for row in wb["Cover"].iter_rows() for c in row if c.hyperlink]
    assert links == [f"'{s}'!A1" for s in core.SHEETS[1:]]
    assert len(wb["Trends"]._charts) == 2  # stillbirth and smoking, the key indicators with data
    assert wb["Dashboard"].column_dimensions["B"].width >= len("Smoking at time of delivery")


# --- against the CLI's JSON, on the demo unit ---------------------------------------------------

DEMO_MONTH = "2026-09"
DEMO_END = "2026-09-30"


@pytest.fixture
def demo_return(demo_store, demo_path, tmp_path):
    from maternity_desk.exchange.returns import export_return

    return export_return(demo_store, DEMO_MONTH, tmp_path / "demo.xlsx", produced=PRODUCED)


def _json(cli, *argv):
    code, out, err = cli(*argv)
    assert code == 0, err
    return json.loads(out)


def test_every_figure_equals_the_cli_json(demo_return, demo_path, cli):
    db = ("--db", demo_path)
    # dashboard: the month's row of each indicator's 'spc' JSON
    head, body = _table(_rows(demo_return, "Dashboard"), "Group")
    assert len(body) == len(_json(cli, "indicators", "--json", *db))
    scale_of = {i["code"]: i["scale"] for i in _json(cli, "indicators", "--json", *db)}
    checked = 0
    for r in body:
        row = dict(zip(head, r))
        code = row["Code"]
        k = 100 if scale_of[code] == "percent" else 1
        points = {p["month"]: p for p in _json(cli, "spc", "--indicator", code, "--json", *db)}
        p = points.get(DEMO_MONTH)
        if p is None or p["numerator"] is None:
            assert row["Numerator"] == ""
            continue
        assert (row["Numerator"], row["Denominator"]) == (p["numerator"], p["denominator"])
        for col, key in (("Rate", "value"), ("Mean", "mean"), ("Lower limit", "lower"), ("Upper limit", "upper")):
            if p[key] is None:
                assert row[col] == "", (code, col)
            else:
                assert row[col] * k == pytest.approx(p[key], rel=1e-12, abs=1e-12), (code, col)
        assert row["Variation"] == core.VARIATION_LABELS[p["variation"]]
        checked += 1
    assert checked >= 20
    # training: 'compliance --as-at' the month end
    comp = _json(cli, "compliance", "--as-at", DEMO_END, "--json", *db)
    head, body = _table(_rows(demo_return, "Training"), "Course code")
    got = [dict(zip(head, r)) for r in body]
    assert len(got) == len(comp) > 0
    for g, c in zip(got, comp):
        assert (g["Course code"], g["Staff group code"], g["Eligible"], g["In date"], g["RAG"] or None) == \
            (c["course"], c["staff_group"], c["eligible"], c["in_date"], c["rag"])
        assert g["Compliance"] * 100 == pytest.approx(c["percent"], rel=1e-12)
    # improvement: 'projects'
    projects = _json(cli, "projects", "--json", *db)
    head, body = _table(_rows(demo_return, "Improvement"), "Code")
    got = {r[0]: dict(zip(head, r)) for r in body}
    assert set(got) == {p["code"] for p in projects}
    for p in projects:
        g = got[p["code"]]
        assert g["Status"].lower() == p["status"]
        assert g["Latest signal"] == (p["latest_signal"] or "No data")
        assert (g["Latest month"] or None) == (date.fromisoformat(p["latest_month"] + "-01") if p["latest_month"] else None)
    # governance: 'overdue --as-at' the month end
    overdue = _json(cli, "overdue", "--as-at", DEMO_END, "--json", *db)
    head, body = _table(_rows(demo_return, "Governance"), "Register")
    got = [dict(zip(head, r)) for r in body]
    assert [(g["Register"], g["Item"], g["Due"].isoformat(), g["Days overdue"]) for g in got] == \
        [(o["register"], o["item"], o["due_date"], o["days_overdue"]) for o in overdue]


def _fund_sheet(path):
    head, body = _table(_rows(path, "Fund"), "Fund")
    return [dict(zip(head, r)) for r in body]


def _assert_fund_equal(got, figures):
    assert [g["Fund"] for g in got] == [f["fund"] for f in figures]
    for g, f in zip(got, figures):
        for col, key in (("Allocated", "allocated_pence"), ("Paid", "paid_pence"),
                         ("Outstanding commitments", "outstanding_pence"), ("Available", "available_pence"),
                         ("Cost per person trained", "cost_per_person_pence")):
            assert (None if g[col] == "" else round(g[col] * 100)) == f[key], (g["Fund"], col)
        assert (g["Places bought"], g["People trained"]) == (f["places"], f["people_trained"])
        assert g["Financial year"] == f["fy"]


def test_fund_figures_equal_the_cli_json(demo_store, demo_path, cli, tmp_path):
    """The Fund sheet is the financial year to the month end (``store.fund.figures`` with
    ``as_at``); 'fund --fy' gives the year as it stands, with no as-at option. The two agree
    for a month ending after the ledger's last entry: the demo's ledger runs into October 2026
    (the month its 'today' falls in), so the October return is compared with the CLI."""
    from maternity_desk.exchange.returns import export_return
    from maternity_desk.store import fund as sf

    assert demo_store.scalar("SELECT max(date) FROM fund_entry") <= "2026-10-31"
    out = export_return(demo_store, "2026-10", tmp_path / "oct.xlsx", produced=PRODUCED)
    _assert_fund_equal(_fund_sheet(out), _json(cli, "fund", "--fy", "2026/27", "--json", "--db", demo_path))
    # the September return: the same function, as at 30 September (October's spending left out)
    out = export_return(demo_store, DEMO_MONTH, tmp_path / "sep.xlsx", produced=PRODUCED)
    sept = [sf.figures(demo_store, f.code, "2026/27", as_at=date(2026, 9, 30)).as_dict()
            for f in sf.funds(demo_store)]
    _assert_fund_equal(_fund_sheet(out), sept)
    assert sept != _json(cli, "fund", "--fy", "2026/27", "--json", "--db", demo_path)


# --- LibreOffice -------------------------------------------------------------------------------

def test_opens_in_libreoffice(small_store, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: install libreoffice-calc-nogui to run this check")
    out = _export(small_store, tmp_path / "lo.xlsx", suppress=True)
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "lo.pdf"
    assert result.returncode == 0, result.stderr
    assert pdf.exists() and pdf.stat().st_size > 5000, result.stdout + result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")


# --- reading returns back ----------------------------------------------------------------------

def test_own_return_round_trips_to_identical_figures(small_store, tmp_path, db_path):
    from maternity_desk.exchange import importing
    from maternity_desk.store import dashboard as dash
    from maternity_desk.store import open_store

    out = _export(small_store, tmp_path / "own.xlsx")
    before = dash.all_values(small_store)
    fresh = open_store(tmp_path / "fresh.sqlite")
    try:
        fresh.save_unit_settings(small_store.unit_settings())
        plan = importing.import_file(fresh, "return", out, now=PRODUCED)
        assert plan.rows == len(before) == 24
        assert dash.all_values(fresh) == before
        assert dash.peer_units(fresh) == []
    finally:
        fresh.close()
    # and into the unit itself: nothing changes
    importing.import_file(small_store, "return", out, now=PRODUCED)
    assert dash.all_values(small_store) == before


def test_another_units_return_becomes_peer_data(small_store, tmp_path):
    from maternity_desk.core.unit import UnitSettings
    from maternity_desk.exchange import importing
    from maternity_desk.store import dashboard as dash
    from maternity_desk.store import open_store

    out = _export(small_store, tmp_path / "peer.xlsx")
    other = open_store(tmp_path / "other.sqlite")
    try:
        other.save_unit_settings(UnitSettings(unit_name="Hilltop Maternity", ods_code="RTH"))
        plan = importing.plan_file(other, "return", out)
        assert any("new peer unit" in s for s in plan.summary)
        importing.commit(other, plan, now=PRODUCED)
        peers = dash.peer_units(other)
        assert [(p["name"], p["ods_code"]) for p in peers] == [(RISKY_UNIT, "RXQ")]
        got = {(m, c): (n, d) for _u, m, n, d, c in (
            (*v, code) for code in ("stillbirth", "smoking_delivery") for v in dash.peer_values(other, code))}
        assert got == dash.all_values(small_store)
        assert dash.all_values(other) == {}
    finally:
        other.close()


def test_suppressed_returns(small_store, tmp_path):
    from maternity_desk.core.errors import ValidationFailed
    from maternity_desk.core.unit import UnitSettings
    from maternity_desk.exchange import importing
    from maternity_desk.store import dashboard as dash
    from maternity_desk.store import open_store

    out = _export(small_store, tmp_path / "sup.xlsx", suppress=True)
    with pytest.raises(ValidationFailed) as info:  # the unit's own rounded figures: refused
        importing.plan_file(small_store, "return", out)
    assert "overwrite the real ones" in str(info.value)
    other = open_store(tmp_path / "o.sqlite")
    try:
        other.save_unit_settings(UnitSettings(unit_name="Hilltop Maternity"))
        plan = importing.plan_file(other, "return", out)
        # 8 of 12 stillbirth months are 0 of 400 (kept), 4 are 1 of 400 (suppressed, skipped)
        assert plan.rows == 20 and "4 row(s)" in plan.warnings[0].reason
        importing.commit(other, plan, now=PRODUCED)
        assert (RISKY_UNIT, "2025-12", 40, 400) in dash.peer_values(other, "smoking_delivery")
    finally:
        other.close()


def test_a_bad_data_sheet_is_refused_whole(small_store, tmp_path):
    from openpyxl import Workbook

    from maternity_desk.core.errors import ValidationFailed
    from maternity_desk.exchange import importing

    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(list(core.DATA_COLUMNS))
    ws.append(["Peer", "", "2025-13", "stillbirth", "", "per_1000", 1, 400, 2.5, "no"])
    ws.append(["Peer", "", "2025-11", "nonsense", "", "per_1000", 1, 400, 2.5, "no"])
    ws.append(["Peer", "", "2025-11", "stillbirth", "", "per_1000", 500, 400, 2.5, "no"])
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(ValidationFailed) as info:
        importing.plan_file(small_store, "return", tmp_path / "bad.xlsx")
    rows = sorted(p.row for p in info.value.problems)
    assert rows == [2, 3, 4]
