"""The shared workbook helpers: header rows styled alike, risky text kept as text."""

from __future__ import annotations

from openpyxl import Workbook, load_workbook

from maternity_desk.exchange.xlsx import HEADER_FILL, header_row, put


def test_header_cells_share_one_style_and_risky_text_stays_text(tmp_path):
    wb = Workbook()
    ws = wb.active
    header_row(ws, 2, ["=HYPERLINK(\"http://x\")", "Plain", "+44 ward", "Last"], col=3)
    path = tmp_path / "h.xlsx"
    wb.save(path)
    cells = list(load_workbook(path).active.iter_rows(min_row=2, max_row=2, min_col=3, max_col=6))[0]
    assert [c.value for c in cells] == ["=HYPERLINK(\"http://x\")", "Plain", "+44 ward", "Last"]
    assert [c.data_type for c in cells] == ["s"] * 4  # never a formula
    assert [c.quotePrefix for c in cells] == [True, False, True, False]
    for c in cells:
        assert c.font.b and c.font.color.rgb == "00FFFFFF"
        assert c.fill.fgColor.rgb == "00" + HEADER_FILL
        assert c.alignment.wrap_text and c.alignment.vertical == "center"


def test_put_keeps_a_number_format_and_quotes_only_risky_text():
    ws = Workbook().active
    assert put(ws, 1, 1, 1234, "#,##0").number_format == "#,##0"
    assert put(ws, 2, 1, "@mention").quotePrefix
    assert not put(ws, 3, 1, "ordinary").quotePrefix
