"""Every workbook prints well: A4 landscape, one page wide, header rows repeated, a footer with
the unit, the month (or year) and the page; figures and the text beside them apart; no rows for
empty funds. The settings are read back from the files' XML with the standard library (a reader
independent of openpyxl, which wrote them), and LibreOffice's PDF is read page by page."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from tests.conftest import FIXTURES

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def print_settings(path: Path) -> dict[str, dict]:
    """Per sheet: orientation, paper, fit, scale, footer and print titles, from the raw XML."""
    out = {}
    with zipfile.ZipFile(path) as z:
        book = ET.fromstring(z.read("xl/workbook.xml"))
        rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
                if r.tag == f"{REL}Relationship"}
        titles = {int(d.get("localSheetId")): d.text for d in book.iterfind("m:definedNames/m:definedName", NS)
                  if d.get("name") == "_xlnm.Print_Titles"}
        for i, sheet in enumerate(book.iterfind("m:sheets/m:sheet", NS)):
            target = rels[sheet.get(f"{{{NS['r']}}}id")].lstrip("/")
            xml = ET.fromstring(z.read(target if target.startswith("xl/") else f"xl/{target}"))
            setup = xml.find("m:pageSetup", NS)
            fit = xml.find("m:sheetPr/m:pageSetUpPr", NS)
            foot = xml.find("m:headerFooter/m:oddFooter", NS)
            out[sheet.get("name")] = {
                "orientation": setup.get("orientation"), "paper": setup.get("paperSize"),
                "fit": fit is not None and fit.get("fitToPage") in ("1", "true"),
                "fit_width": setup.get("fitToWidth"), "fit_height": setup.get("fitToHeight"),
                "scale": setup.get("scale"), "footer": foot.text if foot is not None else "",
                "titles": titles.get(i),
            }
    return out


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is needed to look at the printed workbooks: install libreoffice-calc-nogui "
                    "and poppler-utils")
    return found


def pdf_pages(xlsx: Path, folder: Path) -> list[str]:
    soffice = tool("soffice")
    result = subprocess.run([soffice, f"-env:UserInstallation={(folder / 'lo').as_uri()}", "--headless",
                             "--norestore", "--convert-to", "pdf", "--outdir", str(folder), str(xlsx)],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    text = subprocess.run([tool("pdftotext"), "-layout", str(folder / (xlsx.stem + ".pdf")), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [p for p in text.split("\f") if p.strip()]


@pytest.fixture
def workbooks(demo_store, demo_path, cli, tmp_path):
    """The dashboard summary, a fund statement and a monthly return of the demo unit."""
    out = {}
    for name, args in (("summary", ("dashboard-summary", "--as-at", "2026-10-15")),
                       ("statement", ("statement", "--fund", "MSTF", "--fy", "2016/17", "--prepared", "2026-10-15")),
                       ("return", ("return", "--month", "2026-09"))):
        dest = tmp_path / f"{name}.xlsx"
        code, _o, err = cli("export", *args, "--db", demo_path, "-o", dest)
        assert code == 0, err
        out[name] = dest
    return out


@pytest.fixture
def benchmark(store, db_path, cli, tmp_path):
    from maternity_desk.core.unit import UnitSettings

    store.save_unit_settings(UnitSettings(unit_name="Riverside", ods_code="RXQ", region="Y59"))
    with store.transaction():
        store.execute("INSERT INTO indicator_value VALUES ('2021-06', 'caesarean', 3, 30)")
    code, _o, err = cli("import", "national", FIXTURES / "national" / "hosp-epis-stat-mat-msdscsv-2021-22-synthetic.csv",
                        "--db", db_path)
    assert code == 0, err
    dest = tmp_path / "bench.xlsx"
    code, _o, err = cli("export", "benchmark", "--indicator", "caesarean", "--period", "2021-22", "--db", db_path,
                        "-o", dest)
    assert code == 0, err
    return dest


def _assert_prints_well(settings: dict, unit: str, period: str, *, fit: bool = True) -> None:
    for name, s in settings.items():
        assert (s["orientation"], s["paper"]) == ("landscape", "9"), name  # A4
        if fit:
            assert s["fit"] and (s["fit_width"], s["fit_height"]) == ("1", "0"), name
        else:  # the return: a scale worked out so each printed part is one page wide
            assert s["scale"] and int(s["scale"]) >= 50, name
        assert unit in s["footer"] and period in s["footer"] and "&P" in s["footer"], (name, s["footer"])


def test_summary_statement_and_benchmark_fit_one_page_wide_with_footer(workbooks, benchmark):
    summary = print_settings(workbooks["summary"])
    _assert_prints_well(summary, "Ashmoor Maternity Unit (demo)", "Sep 2026")  # its latest month
    assert summary["Summary"]["titles"] == "'Summary'!$4:$4"
    statement = print_settings(workbooks["statement"])
    _assert_prints_well(statement, "Ashmoor Maternity Unit (demo)", "2016/17")
    assert statement["Entries"]["titles"] and statement["Commitments"]["titles"]
    bench = print_settings(benchmark)
    _assert_prints_well(bench, "Riverside", "2021-22")
    assert bench["Benchmark"]["titles"] == "'Benchmark'!$6:$6"


def test_return_sheets_carry_unit_month_sheet_and_page(workbooks):
    settings = print_settings(workbooks["return"])
    _assert_prints_well(settings, "Ashmoor Maternity Unit (demo)", "Sep 2026", fit=False)
    for name, s in settings.items():
        assert "· &A" in s["footer"], name  # and the sheet's name
    assert all(settings[n]["titles"] for n in ("Dashboard", "Data"))


def test_text_beside_a_figure_is_set_apart_and_rag_is_capitalised(workbooks):
    from openpyxl import load_workbook

    for path in workbooks.values():
        for ws in load_workbook(path).worksheets:
            for row in ws.iter_rows():
                for left, cell in zip(row, row[1:]):
                    figure = (isinstance(left.value, (int, float)) and not isinstance(left.value, bool)) \
                        or left.data_type == "f"  # a formula shows a figure
                    if figure and isinstance(cell.value, str) and cell.value and cell.data_type != "f":
                        assert cell.alignment.indent >= 1, (path.name, ws.title, cell.coordinate)
    from python_calamine import CalamineWorkbook

    dash = CalamineWorkbook.from_path(str(workbooks["return"])).get_sheet_by_name("Dashboard").to_python()
    head = next(i for i, r in enumerate(dash) if r and r[0] == "Indicator")
    rag = dash[head].index("RAG")
    values = {r[rag] for r in dash[head + 1:] if r and r[0]}
    assert values <= {"Green", "Amber", "Red", ""} and {"Green", "Red"} <= values


def test_no_rows_for_empty_funds_or_categories(workbooks):
    from python_calamine import CalamineWorkbook

    fund = CalamineWorkbook.from_path(str(workbooks["return"])).get_sheet_by_name("Fund").to_python()
    head = next(i for i, r in enumerate(fund) if r and r[0] == "Fund")
    listed = [r[0] for r in fund[head + 1:] if r and r[0]]
    assert listed == ["TRUST"]  # MSTF and INNOVATION have nothing in 2026/27
    summary = CalamineWorkbook.from_path(str(workbooks["statement"])).get_sheet_by_name("Summary").to_python()
    top = next(i for i, r in enumerate(summary) if r and r[0] == "Category")
    for r in summary[top + 1:]:
        if not r[0] or r[0] == "Total":
            break
        assert any(v not in (0, 0.0, "", None) for v in r[1:4]), r


def test_libreoffice_prints_each_page_with_its_footer(workbooks, tmp_path):
    for name in ("summary", "statement", "return"):
        pages = pdf_pages(workbooks[name], tmp_path)
        assert pages, name
        for n, page in enumerate(pages, start=1):
            assert "Ashmoor Maternity Unit (demo)" in page, (name, n)
            assert re.search(rf"Page {n} of {len(pages)}", page), (name, n)
        if name == "return":
            assert all("Sep 2026" in p for p in pages)
            assert not re.search(r"\d(Red|Amber|Green)\b", "\n".join(pages)), "a figure runs into its RAG"
