"""The monthly return workbook: golden workbooks, figures re-read with a second reader
(python-calamine) against the CLI's JSON, safety (text stays text, no macros), LibreOffice,
and reading returns back (``import return``)."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from maternity_desk.core import returns as core
from tests.conftest import require_program

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
    from maternity_desk.store import fund as store_fund
    from maternity_desk.store import governance as sg
    from maternity_desk.store import improvement as qs
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
    store_fund.add_entry(store, LedgerEntry(date(2025, 4, 10), "MSTF", "allocation", 4_000_000, "Award"))
    store_fund.add_entry(store, LedgerEntry(date(2025, 5, 1), "MSTF", "payment", 123_456, "PROMPT course",
                                    category=store_fund.categories(store)[0].name, reference="INV-1", places=12))
    pid = qs.create_project(store, qi.Project("SMK", "Smoke-free pregnancy", date(2025, 1, 1), status="active"))
    qs.add_note(store, pid, qi.ProjectNote(date(2025, 11, 3), "-5 days behind the plan"))
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
                         "freeze": ws.freeze_panes, "layout": _layout(ws)}
    return out


def _layout(ws) -> dict:
    """What decides how a sheet prints."""
    ps = ws.page_setup
    return {
        "paper": (ps.orientation, ps.paperSize, ps.scale, ws.sheet_properties.pageSetUpPr.fitToPage),
        "titles": (ws.print_title_rows, ws.print_title_cols),
        "col_breaks": [b.id for b in ws.col_breaks.brk],
        "row_breaks": [b.id for b in ws.row_breaks.brk],
        "widths": {k: d.width for k, d in sorted(ws.column_dimensions.items()) if d.width},
        "heights": {k: d.height for k, d in sorted(ws.row_dimensions.items()) if d.height},
    }


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
        assert got[sheet]["layout"] == want[sheet]["layout"], sheet


def test_hand_worked_figures_read_with_calamine(small_store, tmp_path):
    out = _export(small_store, tmp_path / "r.xlsx")
    head, body = _table(_rows(out, "Dashboard"), "Indicator")
    rows = {r[head.index("Indicator")]: dict(zip(head, r)) for r in body}
    assert "Code" not in head  # codes are for the Data sheet; the printed parts name indicators
    smoking = rows["Smoking at time of delivery"]
    assert (smoking["Numerator"], smoking["Denominator"]) == (38, 400)
    assert smoking["Rate"] == pytest.approx(0.095)  # 9.5% stored as a fraction
    assert smoking["RAG"] == "Amber"
    # 12 months: (11 x 30 + 38) / 4,800
    assert smoking["Rolling 12 months"] == pytest.approx(368 / 4800)
    still = rows["Stillbirth rate"]
    assert (still["Numerator"], still["Denominator"], still["Rate"]) == (0, 400, 0)
    # 4 stillbirths in 4,800 births over the 12 months: 0.8333 per 1,000
    assert still["Rolling 12 months"] == pytest.approx(4 / 4800 * 1000)
    head, body = _table(_rows(out, "Training"), "Course code")
    fm = [dict(zip(head, r)) for r in body if r[0] == "FM" and r[2] == "Midwife"][0]
    assert (fm["Eligible"], fm["In date"], fm["Compliance"], fm["RAG"]) == (10, 9, pytest.approx(0.9), "Green")
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
    head, body = _table(_rows(out, "Dashboard"), "Indicator")
    rows = {r[head.index("Indicator")]: dict(zip(head, r)) for r in body}
    smoking = rows["Smoking at time of delivery"]
    # 38 of 400 -> 40 of 400 = 10%; the rolling 368 -> 370 of 4,800
    assert (smoking["Numerator"], smoking["Rate"]) == (40, pytest.approx(0.10))
    assert smoking["Rolling 12 months"] == pytest.approx(370 / 4800)
    # 4 stillbirths in the 12 months: suppressed, so the rolling rate is too
    assert rows["Stillbirth rate"]["Rolling 12 months"] == "*"
    data_head, data = _rows(out, "Data")[0], _rows(out, "Data")[1:]
    sept = [dict(zip(data_head, r)) for r in data if r[2] == "2025-10" and r[3] == "stillbirth"][0]
    assert (sept["numerator"], sept["value"], sept["suppressed"]) == ("*", "*", "yes")
    head, body = _table(_rows(out, "Training"), "Course code")
    fm = [dict(zip(head, r)) for r in body if r[0] == "FM" and r[2] == "Midwife"][0]
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

    from maternity_desk.exchange.returns import MIN_SCALE

    out = _export(small_store, tmp_path / "d.xlsx")
    wb = load_workbook(out)
    assert wb.properties.title.endswith("monthly return Dec 2025") and wb.properties.creator.startswith("Maternity Desk")
    assert wb.properties.category == "Monthly return" and wb.properties.identifier == "RXQ:2025-12"
    for ws in wb.worksheets:
        ps = ws.page_setup
        assert (ps.orientation, int(ps.paperSize)) == ("landscape", 9), ws.title  # A4
        # a scale of its own, never "fit to width" (which shrinks a wide sheet past reading)
        assert not ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert int(ps.scale) >= (50 if ws.title == "Data" else MIN_SCALE), ws.title
        assert "December 2025" in ws.oddHeader.center.text and "&P" in ws.oddFooter.right.text
    dash = wb["Dashboard"]
    head = [c.value for c in dash[6]]
    assert head[:8] == ["Indicator", "Numerator", "Denominator", "Rate", "RAG", "Rolling 12 months",
                        "Variation", "Assurance"]
    assert head[8] == "Indicator"  # the second printed part starts with the name again
    assert [b.id for b in dash.col_breaks.brk] == [core.DASHBOARD_PRINT_SPLIT]
    assert dash.print_title_rows == "$6:$6" and dash.freeze_panes == "B7"
    assert dash["I1"].value == core.DASHBOARD_REFERENCE_TITLE
    assert wb["Data"].freeze_panes == "A2" and wb["Data"].print_title_rows == "$1:$1"
    rag_ranges = sorted(str(r.sqref) for r in dash.conditional_formatting)
    assert rag_ranges == ["E7:E34"]  # the RAG column, a row for each of the 28 indicators
    links = [c.hyperlink.location for row in wb["Cover"].iter_rows() for c in row if c.hyperlink]
    assert links == [f"'{s}'!A1" for s in core.SHEETS[1:]]
    assert len(wb["Trends"]._charts) == 2  # stillbirth and smoking, the key indicators with data
    # the indicator's name on one line; long text wraps in a column no wider than 40
    assert dash.column_dimensions["A"].width >= len("Smoking at time of delivery")
    note = next(c for row in wb["Improvement"].iter_rows() for c in row if c.value == "-5 days behind the plan")
    assert note.alignment.wrap_text or len(note.value) < wb["Improvement"].column_dimensions[note.column_letter].width
    for ws in wb.worksheets:
        if ws.title != "Data":
            assert all(d.width <= 60 for d in ws.column_dimensions.values() if d.width), ws.title


def test_trends_tables_start_a_printed_page_when_they_would_be_split(small_store, tmp_path):
    """Each key indicator's table and chart (26 rows and a 19-row chart) fits on a page; the
    second starts a new page rather than being cut in two."""
    from openpyxl import load_workbook

    out = _export(small_store, tmp_path / "t.xlsx")
    ws = load_workbook(out)["Trends"]
    titles = [c.row for c in ws["A"] if c.font.b and c.font.sz == 12]
    assert len(titles) == 2
    assert [b.id for b in ws.row_breaks.brk] == [titles[1] - 1]


@pytest.mark.parametrize(("text", "shown"), [
    ("PMR-2025-023: Review started (neonatal death, died 23/10/2025)",
     "PMR-2025-023: Review started (neonatal death, died Oct 2025)"),
    ("A (stillbirth, died 1/2/2026) and B (died 31/12/2025)", "A (stillbirth, died Feb 2026) and B (died Dec 2025)"),
    ("Audit (died 45/13/2025)", "Audit (died (date withheld))"),
    ("Nothing to change: 23/10/2025", "Nothing to change: 23/10/2025"),
])
def test_dates_of_death_leave_as_months(text, shown):
    assert core.without_dates_of_death(text) == shown


# --- against the CLI's JSON, on the demo unit ---------------------------------------------------

#: a month in the last financial year and two in this one (the demo's 'today' is 15/10/2026)
DEMO_MONTHS = ("2026-03", "2026-09")


@pytest.fixture(scope="module")
def demo_returns(_demo_template, tmp_path_factory):
    """The demo unit's return for each of :data:`DEMO_MONTHS`, from a copy of the demo."""
    from maternity_desk.exchange.returns import export_return
    from maternity_desk.store import open_store

    folder = tmp_path_factory.mktemp("demo-returns")
    db = folder / "demo.sqlite"
    shutil.copy(_demo_template, db)
    store = open_store(db, migrate=False, backups=False)
    try:
        files = {m: export_return(store, m, folder / f"{m}.xlsx", produced=PRODUCED) for m in DEMO_MONTHS}
    finally:
        store.close()
    return db, files


def _json(cli, *argv):
    code, out, err = cli(*argv)
    assert code == 0, err
    return json.loads(out)


def _month_end(month: str) -> str:
    from maternity_desk.core.periods import month_end

    return month_end(month).isoformat()


@pytest.mark.parametrize("month", DEMO_MONTHS)
def test_dashboard_and_data_equal_the_spc_json(demo_returns, cli, month):
    db_path, files = demo_returns
    out, db = files[month], ("--db", db_path)
    head, body = _table(_rows(out, "Dashboard"), "Indicator")
    catalogue = _json(cli, "indicators", "--json", *db)
    assert len(body) == len(catalogue)
    scale_of = {i["code"]: i["scale"] for i in catalogue}
    code_of = {i["name"]: i["code"] for i in catalogue}
    data_head, *data = _rows(out, "Data")
    data = {(r[2], r[3]): dict(zip(data_head, r)) for r in data}
    months = {f"{y}-{m:02d}" for y in (2025, 2026) for m in range(1, 13)}
    window = sorted(x for x in months if x <= month)[-12:]
    checked = data_checked = 0
    for r in body:
        row = dict(zip(head, r))
        code = code_of[row["Indicator"]]
        k = 100 if scale_of[code] == "percent" else 1
        points = {p["month"]: p for p in _json(cli, "spc", "--indicator", code, "--to", month, "--json", *db)}
        assert max(points, default=month) <= month
        for m in window:  # the Data sheet: the 12 months to the return's month, as 'spc' gives
            p = points.get(m)
            if p is None or p["numerator"] is None:
                assert (m, code) not in data
                continue
            d = data.pop((m, code))
            assert (d["numerator"], d["denominator"]) == (p["numerator"], p["denominator"]), (m, code)
            assert d["value"] == pytest.approx(p["value"], rel=1e-12, abs=1e-12), (m, code)
            data_checked += 1
        p = points.get(month)
        if p is None or p["numerator"] is None:
            assert row["Numerator"] == "" and row["Variation"] == "No data for the month"
            continue
        assert (row["Numerator"], row["Denominator"]) == (p["numerator"], p["denominator"])
        for col, key in (("Rate", "value"), ("Mean or median", "mean"), ("Lower limit", "lower"), ("Upper limit", "upper")):
            if p[key] is None:
                assert row[col] == "", (code, col)
            else:
                assert row[col] * k == pytest.approx(p[key], rel=1e-12, abs=1e-12), (code, col)
        assert row["Variation"] == core.VARIATION_LABELS[p["variation"]]
        checked += 1
    assert checked >= 20 and data_checked >= 240
    assert data == {}, "the Data sheet has rows 'spc' does not"


@pytest.mark.parametrize("month", DEMO_MONTHS)
def test_training_equals_the_compliance_json(demo_returns, cli, month):
    db_path, files = demo_returns
    comp = _json(cli, "compliance", "--as-at", _month_end(month), "--json", "--db", db_path)
    head, body = _table(_rows(files[month], "Training"), "Course code")
    got = [dict(zip(head, r)) for r in body]
    assert "Staff group code" not in head  # the group's name, never its code
    from maternity_desk.store import open_store
    from maternity_desk.store import training as st

    with open_store(db_path, migrate=False, backups=False) as store:
        group_names = {g.code: g.name for g in st.staff_groups(store)}
    assert len(got) == len(comp) > 0
    for g, c in zip(got, comp):
        assert (g["Course code"], g["Staff group"], g["Eligible"], g["In date"], g["RAG"].lower() or None) == \
            (c["course"], group_names[c["staff_group"]], c["eligible"], c["in_date"], c["rag"])
        assert g["Compliance"] * 100 == pytest.approx(c["percent"], rel=1e-12)


def test_improvement_equals_the_projects_json(demo_returns, cli):
    """Signals from measure values up to the return's month, as 'projects --to MONTH'."""
    db_path, files = demo_returns
    for month in DEMO_MONTHS:
        projects = _json(cli, "projects", "--to", month, "--json", "--db", db_path)
        head, body = _table(_rows(files[month], "Improvement"), "Code")
        got = {r[0]: dict(zip(head, r)) for r in body}
        assert set(got) == {p["code"] for p in projects}
        for p in projects:
            g = got[p["code"]]
            assert g["Status"].lower() == p["status"]
            assert g["Latest signal"] == (p["latest_signal"] or "no data").capitalize()
            assert (g["Latest month"] or None) == (
                date.fromisoformat(p["latest_month"] + "-01") if p["latest_month"] else None)
            assert p["latest_month"] is None or p["latest_month"] <= month


def test_a_return_made_again_later_shows_the_same_figures(demo_store, tmp_path):
    """March's return made in April and made again after later months were entered (and a
    later month that would move the SPC limits and signals): the figures do not move."""
    from maternity_desk.core.improvement import MeasureValue
    from maternity_desk.exchange.returns import export_return
    from maternity_desk.store import dashboard as dash
    from maternity_desk.store import improvement as qs

    month = "2026-03"
    before = export_return(demo_store, month, tmp_path / "before.xlsx", produced=PRODUCED)
    for m in ("2026-11", "2026-12"):  # far above anything before: moves limits and signals
        for code in ("pph_1500", "smoking_delivery"):
            dash.set_value(demo_store, m, code, 300, 400)
        for row in qs.board(demo_store):
            primary = [x for x in qs.measures(demo_store, row.project.id) if x.is_primary]
            if primary:
                value = 0 if primary[0].denominator else 1
                qs.set_values(demo_store, primary[0], [MeasureValue(m, value, 100 if primary[0].denominator else None)])
    assert dash.spc(demo_store, "pph_1500").rows[-1].month == "2026-12"  # the later data is there
    after = export_return(demo_store, month, tmp_path / "after.xlsx", produced=PRODUCED)
    for sheet in ("Dashboard", "Trends", "Improvement", "Data"):
        assert _rows(after, sheet) == _rows(before, sheet), sheet


@pytest.mark.parametrize("month", DEMO_MONTHS)
def test_governance_equals_the_overdue_json(demo_returns, cli, month):
    db_path, files = demo_returns
    overdue = _json(cli, "overdue", "--as-at", _month_end(month), "--json", "--db", db_path)
    head, body = _table(_rows(files[month], "Governance"), "Register")
    got = [dict(zip(head, r)) for r in body]
    assert len(got) == len(overdue) > 0
    assert [(g["Register"], g["Item"], g["Due"].isoformat(), g["Days overdue"]) for g in got] == \
        [(o["register"], core.without_dates_of_death(o["item"]), o["due_date"], o["days_overdue"])
         for o in overdue]
    assert not any(re.search(r"died \d", g["Item"]) for g in got)


def _fund_sheet(path):
    head, body = _table(_rows(path, "Fund"), "Fund")
    return [dict(zip(head, r)) for r in body]


def _has_something(f) -> bool:
    """A fund the return lists: one with money or training in the year (the others have no row)."""
    return any(f[k] for k in ("allocated_pence", "paid_pence", "outstanding_pence", "available_pence",
                              "places", "people_trained"))


def _assert_fund_equal(got, figures):
    figures = [f for f in figures if _has_something(f)]
    assert [g["Fund"] for g in got] == [f["fund"] for f in figures]
    for g, f in zip(got, figures):
        for col, key in (("Allocated", "allocated_pence"), ("Paid", "paid_pence"),
                         ("Outstanding commitments", "outstanding_pence"), ("Available", "available_pence"),
                         ("Cost per person trained", "cost_per_person_pence")):
            assert (None if g[col] == "" else round(g[col] * 100)) == f[key], (g["Fund"], col)
        assert (g["Places bought"], g["People trained"]) == (f["places"], f["people_trained"])
        assert g["Financial year"] == f["fy"]


@pytest.mark.parametrize(("month", "fy"), [("2026-03", "2025/26"), ("2026-04", "2026/27"),
                                           ("2026-07", "2026/27"), ("2026-09", "2026/27")])
def test_fund_equals_the_fund_json_as_at_the_month_end(demo_returns, cli, tmp_path, month, fy):
    """The Fund sheet is the financial year to the month end: 'fund --fy FY --as-at END'."""
    from maternity_desk.exchange.returns import export_return
    from maternity_desk.store import open_store

    db_path, files = demo_returns
    out = files.get(month)
    if out is None:
        store = open_store(db_path, migrate=False, backups=False)
        try:
            out = export_return(store, month, tmp_path / f"{month}.xlsx", produced=PRODUCED)
        finally:
            store.close()
    want = _json(cli, "fund", "--fy", fy, "--as-at", _month_end(month), "--json", "--db", db_path)
    assert any(f["paid_pence"] for f in want), "a month with spending to compare"
    _assert_fund_equal(_fund_sheet(out), want)


def test_fund_months_differ(demo_returns, cli):
    """The as-at cut matters: September's figures are not the year as it stands."""
    db_path, files = demo_returns
    sept = _fund_sheet(files["2026-09"])
    whole = _json(cli, "fund", "--fy", "2026/27", "--json", "--db", db_path)
    with pytest.raises(AssertionError):
        _assert_fund_equal(sept, whole)


# --- LibreOffice -------------------------------------------------------------------------------

def _tool(name: str) -> str:
    """A program the check needs: missing, the test fails naming the package to install."""
    package = "poppler-utils" if name.startswith("pdf") else "libreoffice-calc-nogui"
    return require_program(name, package, *(("libreoffice",) if name == "soffice" else ()))


def _to_pdf(xlsx: Path, folder: Path) -> Path:
    soffice = _tool("soffice")
    profile = folder / "lo-profile"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(folder), str(xlsx)],
        capture_output=True, text=True, timeout=180)
    pdf = folder / (xlsx.stem + ".pdf")
    assert result.returncode == 0, result.stderr
    assert pdf.exists() and pdf.stat().st_size > 5000, result.stdout + result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    return pdf


def _pdf_pages(pdf: Path) -> list[list[tuple[float, str, float, float]]]:
    """Each page's words as (height in points, text, left, top), read with poppler's
    pdftotext."""
    out = subprocess.run([_tool("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        words = re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page)
        pages.append([(float(b) - float(a), html.unescape(t), float(x), float(a))
                      for x, a, b, t in words])
    return pages


def _footer_sheet(words) -> str:
    """The sheet a printed page comes from: its footer names it in the middle, after the
    month ('Sep 2026 · Dashboard'), between the unit and 'Page N of M'."""
    top = next(y for _h, t, _x, y in words if t == "Page")
    line = " ".join(t for _h, t, x, y in sorted(words, key=lambda w: w[2]) if y == top)
    return line.split(" · ", 1)[1].split(" Page ")[0]


def test_opens_in_libreoffice_and_prints_readably(demo_returns, tmp_path):
    """The demo's return converts to PDF (no repair) and every printed page is readable: no
    text smaller than about 7 pt (a word's box is about 1.3 times its type size); the
    Dashboard prints as two parts, each page starting with the indicators' names."""
    _tool("soffice")
    _db, files = demo_returns
    pages = _pdf_pages(_to_pdf(files["2026-09"], tmp_path))
    # Calibri's metrics (Carlito, package fonts-crosextra-carlito) lay the sheets out as Excel
    # does; with a wider stand-in font LibreOffice pushes the last columns onto pages of their own
    excel_like = "Carlito" in subprocess.run(["fc-match", "Calibri"], capture_output=True,
                                             text=True).stdout
    assert 10 <= len(pages) <= (30 if excel_like else 60)
    by_sheet: dict[str, list[list[str]]] = {}
    for words in pages:
        heights = sorted(h for h, *_ in words)
        assert heights and heights[0] >= 8.5, f"text too small to read: {heights[:3]}"
        assert heights[len(heights) // 2] >= 10, "most text too small to read"
        by_sheet.setdefault(_footer_sheet(words), []).append([t for _h, t, *_ in words])
    assert set(by_sheet) == set(core.SHEETS)
    dashboard = by_sheet["Dashboard"]
    assert any("Assurance" in t for t in dashboard) and any("Ambition" in t for t in dashboard)
    assert not any("Assurance" in t and "Ambition" in t for t in dashboard), "not in two parts"
    if excel_like:  # each part on a page led by the indicators' names, each key indicator
        # on a page of its own
        assert all("Indicator" in texts for texts in dashboard)
        # the two parts, each on whole pages with its headings repeated (page count follows the
        # indicator list and row heights)
        assert len(dashboard) >= 2 and len(dashboard) % 2 == 0 and len(by_sheet["Trends"]) == 6
        assert len(by_sheet["Training"]) == len(by_sheet["Fund"]) == 1


def test_suppressed_small_return_opens_in_libreoffice(small_store, tmp_path):
    _tool("soffice")
    out = _export(small_store, tmp_path / "lo.xlsx", suppress=True)
    assert len(_pdf_pages(_to_pdf(out, tmp_path))) >= 8


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
    [problem] = info.value.problems  # once, not once a row
    assert (problem.row, problem.column) == (2, "suppressed") and "(24 rows" in problem.reason
    assert "overwrite the real ones" in problem.reason
    other = open_store(tmp_path / "o.sqlite")
    try:
        other.save_unit_settings(UnitSettings(unit_name="Hilltop Maternity"))
        plan = importing.plan_file(other, "return", out)
        # 8 of 12 stillbirth months are 0 of 400 (kept), 4 are 1 of 400 (suppressed, skipped)
        assert plan.rows == 20 and "4 rows" in plan.warnings[0].reason
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
    ws.append(["Peer", "", "2025-10", "stillbirth", "", "per_1000", "x", -4, 2.5, "no"])
    ws.append(["", "", "2025-09", "stillbirth", "", "per_1000", 1, 400, 2.5, "no"])
    wb.save(tmp_path / "bad.xlsx")
    from maternity_desk.store import dashboard as dash

    before = dash.peer_units(small_store)
    with pytest.raises(ValidationFailed) as info:
        importing.plan_file(small_store, "return", tmp_path / "bad.xlsx")
    got = [(p.file, p.row, p.column) for p in info.value.problems]
    assert got == [("bad.xlsx", 2, "month"), ("bad.xlsx", 3, "indicator"), ("bad.xlsx", 4, "numerator"),
                   ("bad.xlsx", 5, "numerator"), ("bad.xlsx", 5, "denominator"), ("bad.xlsx", 6, "unit")]
    reasons = [p.reason for p in info.value.problems]
    assert "not a real month" in reasons[0] and "'nonsense'" in reasons[1]
    assert "more than the denominator" in reasons[2] and "negative" in reasons[4]
    assert dash.peer_units(small_store) == before  # nothing written


def test_the_demo_units_suppressed_return_keeps_whole_time_equivalents(demo_store):
    """Whole-time equivalents (the midwife to birth ratio's denominator) are not counts of
    people: suppression publishes them as they are and rounds the births beside them (it used
    to refuse the whole return, "'160.84' is not a count")."""
    from maternity_desk.exchange.returns import build_return

    content = build_return(demo_store, "2026-09", suppress=True)
    rows = {row[0]: row for row in content.sections[0].tables[0].rows}
    _name, births, wte, ratio = rows["Midwife to birth ratio"][:4]
    assert isinstance(wte, float) and wte != round(wte)  # as entered, not rounded to 5
    assert births % 5 == 0 and ratio.value == pytest.approx(births / wte)
