"""The monthly return's printed sheets speak to people: no internal codes (staff groups such
as ``obstetric_consultant``, indicators, scales such as ``per_1000``), no "None", no "1 cases",
a region by its name, statuses capitalised. The Data sheet is the part read back by
``import return``: its codes are its columns' contract and it is not scanned."""

from __future__ import annotations

import re
import shutil
from datetime import datetime

import pytest
from python_calamine import CalamineWorkbook

SNAKE = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")
NONE = re.compile(r"\bNone\b")
ONE_PLURAL = re.compile(r"(?<![\d.,])\b1 (?!of\b)([a-z]+s)\b")
BARE_REGION = re.compile(r"^Y\d\d$")


@pytest.fixture(scope="module")
def demo_return(_demo_template, tmp_path_factory):
    from maternity_desk.exchange.returns import export_return
    from maternity_desk.store import open_store

    folder = tmp_path_factory.mktemp("return-words")
    db = folder / "demo.sqlite"
    shutil.copy(_demo_template, db)
    store = open_store(db, migrate=False, backups=False)
    try:
        return export_return(store, "2026-09", folder / "return.xlsx", produced=datetime(2026, 10, 7, 9, 30))
    finally:
        store.close()


def _sheets(path):
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def test_no_code_none_or_1_plural_in_the_printed_sheets(demo_return):
    found = []
    for name, rows in _sheets(demo_return).items():
        if name == "Data":
            continue
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                if not isinstance(value, str):
                    continue
                for rx in (SNAKE, NONE, ONE_PLURAL, BARE_REGION):
                    if m := rx.search(value):
                        found.append(f"{name}!R{r}C{c}: {m.group(0)!r} in {value[:80]!r}")
    assert not found, "\n".join(found)


def test_the_training_sheet_names_staff_groups(demo_return):
    rows = _sheets(demo_return)["Training"]
    head_at = next(i for i, r in enumerate(rows) if r and r[0] == "Course code")
    head, body = rows[head_at], [r for r in rows[head_at + 1:] if r and r[0]]
    assert head[:3] == ["Course code", "Course", "Staff group"]
    groups = {r[2] for r in body}
    assert {"Midwife", "Obstetric consultant"} <= groups
    assert not any("_" in g for g in groups)


def test_the_cover_names_the_region_and_statuses_are_capitalised(demo_return):
    sheets = _sheets(demo_return)
    region = next(r[1] for r in sheets["Cover"] if r and r[0] == "Region")
    assert region == "South East (Y59)"
    improvement = sheets["Improvement"]
    head_at = next(i for i, r in enumerate(improvement) if r and r[0] == "Code")
    head = improvement[head_at]
    for row in improvement[head_at + 1:]:
        if row and row[0]:
            record = dict(zip(head, row))
            for column in ("Status", "Latest signal", "Missing leads"):
                assert record[column][:1].isupper(), (column, record[column])


def test_the_dashboard_summary_and_fund_statement_speak_to_people(demo_path, cli, tmp_path):
    found = []
    for name, args in (("summary.xlsx", ("dashboard-summary", "--as-at", "2026-10-15")),
                       ("statement.xlsx", ("statement", "--fy", "2016/17", "--fund", "MSTF"))):
        out = tmp_path / name
        code, _out, err = cli("export", *args, "--db", demo_path, "-o", out)
        assert code == 0, err
        for sheet, rows in _sheets(out).items():
            for row in rows:
                for value in row:
                    if isinstance(value, str):
                        for rx in (SNAKE, NONE, ONE_PLURAL, BARE_REGION):
                            if m := rx.search(value):
                                found.append(f"{name} {sheet}: {m.group(0)!r} in {value[:80]!r}")
    assert not found, "\n".join(found)
