"""Reading files as people save them, and refusing what cannot be read."""

from __future__ import annotations

from datetime import datetime

import pytest

from maternity_desk.core.errors import ValidationFailed
from maternity_desk.exchange.tabular import Column, map_columns, parse_count, read_table

COLS = [Column("staff_number", aliases=("Assignment Number", "Staff No")), Column("name"),
        Column("notes", required=False)]


def test_utf8_bom_and_aliases(tmp_path):
    f = tmp_path / "staff.csv"
    f.write_bytes("\ufeffAssignment Number,Name\n123,Zoë Smith\n".encode())
    rows = map_columns(read_table(f), COLS)
    assert rows.rows == [(2, {"staff_number": "123", "name": "Zoë Smith"})]
    assert rows.header("staff_number") == "Assignment Number"


def test_windows_1252(tmp_path):
    f = tmp_path / "staff.csv"
    f.write_bytes("STAFF_NO;Name\r\n9;Ren\xe9e \xa3\r\n".encode("cp1252"))
    rows = map_columns(read_table(f), COLS)
    assert rows.rows[0][1]["name"] == "Renée £"


def test_xlsx_keeps_date_cells(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Staff No", "Name", "Start"])
    wb.active.append([42, "A", datetime(2025, 3, 31)])
    f = tmp_path / "s.xlsx"
    wb.save(f)
    table = read_table(f)
    assert table.rows[0] == (2, [42, "A", datetime(2025, 3, 31)])


@pytest.mark.parametrize("name,content,reason", [
    ("e.csv", b"", "empty"),
    ("e.csv", b"   \n\n", "empty"),
    ("h.csv", b"staff_number,name\n", "no data rows"),
    ("w.xlsx", b"staff_number,name\n1,a\n", "not an Excel workbook"),
    ("w.csv", b"PK\x03\x04rest-of-zip", "not a CSV"),
    ("o.xls", b"\xd0\xcf\x11\xe0", ".xls"),
    ("p.pdf", b"%PDF-1.4", "cannot be imported"),
])
def test_refusals_name_the_file(tmp_path, name, content, reason):
    f = tmp_path / name
    f.write_bytes(content)
    with pytest.raises(ValidationFailed) as exc:
        read_table(f)
    assert reason in str(exc.value)
    assert exc.value.problems[0].file == name


def test_missing_required_column_names_it(tmp_path):
    f = tmp_path / "s.csv"
    f.write_text("Name,Other\nA,B\n")
    with pytest.raises(ValidationFailed) as exc:
        map_columns(read_table(f), COLS)
    p = exc.value.problems[0]
    assert (p.file, p.row, p.column) == ("s.csv", 1, "staff_number")
    assert "missing" in p.reason


def test_parse_count():
    assert parse_count("1,234") == 1234
    assert parse_count(12.0) == 12
    for bad in ("-1", "1.5", "x", None, 2.5):
        with pytest.raises(ValueError):
            parse_count(bad)
