"""``export return``, ``export pack`` and ``import return`` on the command line."""

from __future__ import annotations

import subprocess

from tests.exchange.test_returns_workbook import RISKY_UNIT, build_small_unit


def _small_db(store):
    build_small_unit(store)
    store.close()


def test_commands_have_help(cli):
    for argv in (("export", "return", "--help"), ("export", "pack", "--help"), ("import", "return", "--help")):
        code, out, _err = cli(*argv)
        assert code == 0 and "usage" in out.lower()


def test_export_return_and_import_it_back(store, db_path, tmp_path, cli):
    _small_db(store)
    out = tmp_path / "return.xlsx"
    code, text, err = cli("export", "return", "--month", "Dec-25", "--db", db_path, "-o", out, "--suppress")
    assert code == 0, err
    assert "2025-12" in text and "suppression applied" in text and out.exists()
    # the unit's own suppressed return is refused: it would overwrite the real figures
    code, _out, err = cli("import", "return", out, "--db", db_path, "--dry-run")
    assert code == 1 and "overwrite the real ones" in err
    plain = tmp_path / "plain.xlsx"
    assert cli("export", "return", "--month", "2025-12", "--db", db_path, "-o", plain)[0] == 0
    code, text, err = cli("import", "return", plain, "--db", db_path)
    assert code == 0, err
    assert "24 rows" in text


def test_refusals(store, db_path, tmp_path, cli):
    _small_db(store)
    code, _o, err = cli("export", "return", "--month", "2025-12", "--db", db_path, "-o", tmp_path / "x.pdf")
    assert code == 1 and "should end .xlsx" in err
    code, _o, err = cli("export", "return", "--month", "Smarch", "--db", db_path, "-o", tmp_path / "x.xlsx")
    assert code == 2
    code, _o, err = cli("export", "return", "--month", "2025-12", "--db", tmp_path / "none.sqlite",
                        "-o", tmp_path / "x.xlsx")
    assert code == 1 and "There is no database" in err


def test_export_pack_writes_a_pdf(store, db_path, tmp_path, cli, qapp):
    _small_db(store)
    out = tmp_path / "pack.pdf"
    code, text, err = cli("export", "pack", "--month", "2025-12", "--db", db_path, "-o", out)
    assert code == 0, err
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and " pages)" in text
    assert not (tmp_path / "pack.pdf.part").exists()


def test_pack_pages_read_well(demo_path, tmp_path, cli, qapp):
    """Every page has the header with the unit and month and the page number; the type is
    no smaller than about 6.5 pt; the Dashboard's two parts and its column headings repeat
    on each page of a table; a chart for each key indicator."""
    from tests.exchange.test_returns_workbook import _pdf_pages, _tool

    out = tmp_path / "pack.pdf"
    code, text, err = cli("export", "pack", "--month", "2026-09", "--db", demo_path, "-o", out)
    assert code == 0, err
    pages = [[t for _h, t, *_ in words] for words in _pdf_pages(out)]
    n = len(pages)
    assert 6 <= n <= 14 and f"({n} pages)" in text
    for i, (words, boxes) in enumerate(zip(pages, _pdf_pages(out)), start=1):
        line = " ".join(words)
        assert "Ashmoor Maternity Unit (demo): monthly return, September 2026" in line
        assert f"Page {i} of {n}" in line
        assert min(h for h, *_ in boxes) >= 8, f"page {i}: type too small"
    joined = [" ".join(w) for w in pages]
    first = next(i for i, t in enumerate(joined) if "Maternity indicators " in t and "Assurance" in t)
    second = next(i for i, t in enumerate(joined) if "Maternity indicators: SPC chart and targets" in t)
    assert second > first
    assert "Ambition trajectory" in joined[second] and "Assurance" not in joined[second]
    images = subprocess.run([_tool("pdfimages"), "-list", str(out)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    assert len(images) == 6, "a chart for each of the six key indicators"


def test_the_command_module_does_not_import_qt(python_exe):
    code = ("import sys, maternity_desk.commands.returns, maternity_desk.exchange.returns, "
            "maternity_desk.core.returns; print('PySide6' in sys.modules, 'openpyxl' in sys.modules)")
    out = subprocess.run([python_exe, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_risky_unit_name_survives_the_cli(store, db_path, tmp_path, cli):
    from python_calamine import CalamineWorkbook

    _small_db(store)
    out = tmp_path / "r.xlsx"
    assert cli("export", "return", "--month", "2025-12", "--db", db_path, "-o", out)[0] == 0
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Data").to_python()
    assert {r[0] for r in rows[1:]} == {RISKY_UNIT}


def test_pack_tables_repeat_their_headings(store, qapp):
    """Every table of the pack is written with a <thead>, which Qt repeats on each page."""
    from maternity_desk.exchange.returns import build_return
    from maternity_desk.ui.returns.pack import pack_html

    build_small_unit(store)
    html = pack_html(build_return(store, "2025-12"), {})
    assert html.count("<table class=\"grid\"") == html.count("<thead>") >= 8
