"""Every file of the hostile corpus through the real command line: a one-sentence refusal
naming the file (and row and column where there is one), or a correct import; never
"unexpected error", never a traceback, and a refused file changes nothing."""

from __future__ import annotations

import hashlib
import importlib.util
import sqlite3
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent.parent / "fixtures" / "hostile"


def _maker():
    spec = importlib.util.spec_from_file_location("make_hostile", HERE / "make_hostile.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_hostile", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus():
    out = HERE / "generated"  # ignored by git: built afresh by every run
    return out, _maker().build(out)


def _content(db: Path) -> str:
    conn = sqlite3.connect(db)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT IN "
                                         "('audit_log', 'settings') ORDER BY name")]
    h = hashlib.sha256()
    for t in tables:
        for row in conn.execute(f'SELECT * FROM "{t}" ORDER BY 1'):
            h.update(repr(tuple(row)).encode())
    conn.close()
    return h.hexdigest()


def test_every_hostile_file_is_refused_clearly_or_imported_correctly(corpus, demo_path, cli):
    out, cases = corpus
    assert len(cases) >= 37
    failures = []
    for c in cases:
        before = _content(demo_path)
        code, stdout, stderr = cli("import", c.kind, *c.args, out / c.name, "--db", demo_path)
        said = stdout + stderr
        if "unexpected" in said or "Traceback" in said:
            failures.append(f"{c.name}: {said.strip()}")
            continue
        if c.expect == "refused":
            if code != 1 or c.words not in stderr or c.name not in stderr:
                failures.append(f"{c.name}: exit {code}, expected a refusal with '{c.words}': {said.strip()}")
            elif _content(demo_path) != before:
                failures.append(f"{c.name}: refused, yet the database changed")
        elif code != 0 or c.words not in stdout:
            failures.append(f"{c.name}: exit {code}, expected an import saying '{c.words}': {said.strip()}")
    assert not failures, "\n".join(failures)


def test_an_xlsx_whose_dimension_understates_its_size_is_read_whole(corpus, store, cli):
    from maternity_desk.exchange.tabular import read_table

    out, _cases = corpus
    table = read_table(out / "dimension_understated.xlsx")
    assert [r[0] for r in table.rows] == [2, 3, 4, 5, 6, 7]


def test_utf16_text_from_excel_keeps_every_letter(corpus, store):
    from maternity_desk.exchange.tabular import read_table

    out, _cases = corpus
    table = read_table(out / "unicode_text_utf16.txt")
    assert table.headers == ["Staff Number", "Name", "Staff Group", "Start Date"]
    assert table.rows[0][1][1] == "Zo\u00eb \u0141ukasz"
