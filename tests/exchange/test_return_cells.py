"""A table row of the monthly return makes each cell as writing the value on its own does
(:meth:`_Sheet.put`): the same value, data type and style record, and the same widths, text
to wrap and values for the layout, whichever way the row writes it."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from maternity_desk.core import returns as core

# (value, column kind): every kind of value a table holds, and text openpyxl treats specially
VALUES = [
    ("Plain text", "text"), ("A rather longer piece of text that may wrap", "text"),
    ("Two\nlines of text, the second one longer", "text"), ("", "text"), (None, "text"),
    ("#N/A", "text"), ("#DIV/0!", "text"), ("x" * 40_000, "text"),
    ("=SUM(A1:A2)", "text"), ("-5 days", "text"), ("+44", "text"), ("@home", "text"),
    ("\tindented", "text"), (core.SUPPRESSED, "count"),
    ("green", "rag"), ("amber", "rag"), ("Not a status", "rag"),
    (0, "count"), (12345, "count"), (-3, "count"), (2.5, "count"), (1.23456, "number"), (7, "number"),
    (True, "text"), (3.0, "text"),
    (core.Rate(8.72, "per_1000"), "rate"), (core.Rate(31.5, "percent"), "rate"),
    (core.Rate(None, "percent"), "rate"), (core.Rate(core.SUPPRESSED, "per_100"), "rate"),
    (core.Money(123456), "money"), (core.Money(None), "money"),
    (core.Month("2025-12"), "month"), (date(2025, 12, 31), "date"), (datetime(2025, 12, 31, 9, 30), "date"),
    (core.Link("Training", "Training"), "link"),
]
KINDS = ["text", "count", "number", "rate", "money", "date", "month", "rag", "link"]
# every plain value (text, whole number, figure, blank, and a bool that is none of them) in
# every kind of column
VALUES += [(v, k) for v in ("green", "Plain", 4, 2.5, None, False) for k in KINDS]


def _sheet():
    from openpyxl import Workbook

    from maternity_desk.exchange.return_sheet import _Sheet

    wb = Workbook()
    content = core.ReturnContent(unit_name="Unit", trust="", ods_code="", lms="", region="", month="2025-12",
                                 produced=datetime(2026, 1, 7, 9, 30), version="test", suppressed=False,
                                 sections=[])
    return wb, _Sheet(wb, wb.active, content)


def _cells(sheet):
    wb = sheet.wb
    return {k: (c._value, c.data_type, c.number_format, tuple(c._style) if c._style else None,
                wb._alignments[c._style.alignmentId] if c._style else None,
                c.hyperlink.location if c.hyperlink else None)
            for k, c in sheet.ws._cells.items()}


def test_a_row_writes_each_cell_as_put_does():
    row = [v for v, _kind in VALUES]
    kinds = [k for _v, k in VALUES]
    _wb1, by_row = _sheet()
    by_row._row(5, 2, row, kinds)
    _wb2, by_put = _sheet()
    for i, (value, kind) in enumerate(VALUES):
        by_put.put(5, 2 + i, value, kind)
    assert _cells(by_row) == _cells(by_put)
    assert by_row.widths == by_put.widths
    assert by_row.texts == by_put.texts
    assert by_row.values == by_put.values
    assert by_row.ws._current_row == by_put.ws._current_row == 5
    by_row._row(9, 1, [], [])  # an empty row makes no cell, and so no row
    assert by_row.ws._current_row == 5
    assert list(by_row.wb._number_formats) == list(by_put.wb._number_formats)


def test_a_row_refuses_what_openpyxl_refuses():
    from openpyxl.utils.exceptions import IllegalCharacterError

    _wb, sheet = _sheet()
    with pytest.raises(IllegalCharacterError):
        sheet._row(5, 1, ["bell\x07"], ["text"])


def test_a_row_over_a_written_cell_keeps_its_style():
    _wb1, by_row = _sheet()
    _wb2, by_put = _sheet()
    for sheet in (by_row, by_put):
        sheet.font(sheet.put(5, 1, "old", measure=False), bold=True)
    by_row._row(5, 1, [12, "new"], ["count", "text"])
    by_put.put(5, 1, 12, "count")
    by_put.put(5, 2, "new", "text")
    assert _cells(by_row) == _cells(by_put)


def test_plain_values_take_the_format_cell_value_gives():
    from maternity_desk.exchange.return_sheet import _PLAIN_FORMATS, _cell_value

    for value in ("text", 3, 0, 2.5, None):
        for kind in KINDS:
            if kind == "rag" and isinstance(value, str):
                continue  # a status is written as its word, not as it is
            assert _cell_value(value, kind) == (value, _PLAIN_FORMATS.get((type(value), kind)))
