"""The board report's content and workbook: the sections in their list's order, the workbook
read back by a second reader, its figures imported back (a round trip), LibreOffice opening it."""

import subprocess
from datetime import date, datetime

import pytest

from maternity_desk.exchange import board_report as br
from maternity_desk.exchange import importing
from maternity_desk.exchange.board_workbook import write_workbook
from maternity_desk.store import board as sb
from tests.conftest import require_program

TODAY = date(2026, 10, 15)
PRODUCED = datetime(2026, 10, 15, 9, 30)


@pytest.fixture
def report(demo_store):
    return br.build_report(demo_store, "2026-09", today=TODAY, produced=PRODUCED)


def test_sections_follow_their_list(report):
    assert [s.title for s in report.sections] == [
        "This month at a glance", "Staffing", "Incidents", "Investigations and external attention",
        "Qualifying cases: MNSI referrals and Early Notification",
        "Perinatal mortality reviews and learning", "Training compliance",
        "Incentive scheme: progress by safety action", "Rare events: deaths and injuries",
        "Feedback: women, families and staff", "Actions with owners and dates"]
    assert len(br.SECTIONS) == len(report.sections)
    assert report.region == "South East" and report.unit_name == "Ashmoor Maternity Unit (demo)"


def test_adding_a_section_is_one_function_and_one_entry(demo_store, monkeypatch):
    def scheme_section(ctx):
        return br.Section("scheme", "Incentive scheme progress by safety action", "Scheme",
                          [br.Para(f"Progress for {ctx.month}")])

    monkeypatch.setattr(br, "SECTIONS", (*br.SECTIONS, scheme_section))
    report = br.build_report(demo_store, "2026-09", today=TODAY)
    assert report.sections[-1].blocks[0].text == "Progress for 2026-09"


def test_workbook_read_back_by_a_second_reader(report, demo_store, tmp_path):
    from python_calamine import CalamineWorkbook

    path = write_workbook(report, tmp_path / "board.xlsx")
    wb = CalamineWorkbook.from_path(str(path))
    assert wb.sheet_names == ["Summary", "Staffing", "Incidents", "External", "Qualifying cases", "Reviews",
                              "Training", "Scheme", "Rare events", "Feedback", "Actions", "Figures",
                              "Incident counts"]
    summary = wb.get_sheet_by_name("Summary").to_python()
    cells = [str(c) for row in summary for c in row if c not in ("", None)]
    assert "South East" in cells and "September 2026" in cells
    assert "What has changed since Aug 2026" in cells
    staffing = wb.get_sheet_by_name("Staffing").to_python()
    values = {row[0]: row[1] for row in staffing if row and row[0]}
    one = sb.values(demo_store)
    assert values["One-to-one care in established labour"] == f"{one[('2026-09', 'one_to_one')]:.1f}%"
    from openpyxl import load_workbook

    ws = load_workbook(path)["Actions"]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert "Page &P of &N" in ws.oddFooter.right.text


def test_every_sheet_prints_a4_landscape_one_page_wide_with_footer(report, tmp_path):
    from tests.exchange.test_print_settings import print_settings

    settings = print_settings(write_workbook(report, tmp_path / "board.xlsx"))
    for name, s in settings.items():
        assert (s["orientation"], s["paper"], s["fit"], s["fit_width"], s["fit_height"]) == (
            "landscape", "9", True, "1", "0"), name
        assert "Ashmoor Maternity Unit (demo)" in s["footer"] and "September 2026" in s["footer"], name
        assert "Page &P of &N" in s["footer"], name
    # a sheet of one table repeats its heading row on every page
    assert all(settings[n]["titles"] for n in ("Staffing", "Reviews", "Training", "Actions", "Figures"))


def test_figures_import_back_from_the_workbook(report, demo_store, tmp_path, store):
    path = write_workbook(report, tmp_path / "board.xlsx")
    importing.import_file(store, "staffing", path, today=TODAY)
    importing.import_file(store, "incidents", path, today=TODAY)
    src = demo_store
    first, last = "2025-10", "2026-09"
    assert sb.values(store) == sb.values(src, first=first, last=last)
    assert sb.incidents(store) == sb.incidents(src, first=first, last=last)


def test_libreoffice_converts_the_workbook(report, tmp_path):
    soffice = require_program("soffice", "libreoffice-calc-nogui", "libreoffice")
    pdftotext = require_program("pdftotext", "poppler-utils")
    path = write_workbook(report, tmp_path / "board.xlsx")
    out = tmp_path / "pdf"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo'}",
                    "--convert-to", "pdf", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=180)
    pdf = out / "board.pdf"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "This month at a glance" in text and "Actions with owners and dates" in text
