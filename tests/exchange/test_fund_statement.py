"""The statement of use workbook, re-read with python-calamine (an independent reader); its
formula columns are evaluated here, by hand, and must agree with the values."""

from __future__ import annotations

import re
from datetime import date

import pytest

from maternity_desk.core.unit import UnitSettings
from maternity_desk.exchange import importing
from maternity_desk.exchange.fund import write_statement
from maternity_desk.store import fund as store_fund
from tests.conftest import FIXTURES, require_program

GOOD = FIXTURES / "fund" / "ledger_good.csv"


class Sheets:
    """Values read with calamine, formulas read with openpyxl, formulas evaluated on demand."""

    def __init__(self, path):
        from openpyxl import load_workbook
        from python_calamine import CalamineWorkbook

        cal = CalamineWorkbook.from_path(str(path))
        self.values = {n: cal.get_sheet_by_name(n).to_python() for n in cal.sheet_names}
        wb = load_workbook(path)
        self.formulas = {
            ws.title: {(c.row, c.column): c.value for row in ws.iter_rows() for c in row
                       if c.data_type == "f"}
            for ws in wb.worksheets
        }
        self.number_formats = {ws.title: {(c.row, c.column): c.number_format for row in ws.iter_rows() for c in row}
                               for ws in wb.worksheets}
        self.wb = wb

    def raw(self, sheet, row, col):
        rows = self.values[sheet]
        if row - 1 < len(rows) and col - 1 < len(rows[row - 1]):
            return rows[row - 1][col - 1]
        return ""

    def cell(self, sheet, row, col):
        f = self.formulas[sheet].get((row, col))
        if f is not None:
            return Formula(self, sheet, f[1:]).evaluate()
        return self.raw(sheet, row, col)

    def find(self, sheet, text, col=1):
        for r, row in enumerate(self.values[sheet], start=1):
            if len(row) >= col and row[col - 1] == text:
                return r
        raise AssertionError(f"{text!r} not in column {col} of {sheet}")


def col_no(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


TOKEN = re.compile(r"\s*(?:(?P<ref>(?:[A-Za-z]+!)?\$?[A-Z]+\$?\d+(?::\$?[A-Z]+\$?\d+)?)|(?P<num>\d+(?:\.\d+)?)|"
                   r"(?P<str>\"[^\"]*\")|(?P<fn>[A-Z]+)\(|(?P<op>[-+*/(),>=<]))")


class Formula:
    """A tiny evaluator for the formulas the statement uses: SUM, SUMIFS, MAX, IF, ROUND,
    cell references and ranges, + - * / and >."""

    def __init__(self, sheets, sheet, text):
        self.s, self.sheet, self.toks, self.i = sheets, sheet, [], 0
        pos = 0
        while pos < len(text):
            m = TOKEN.match(text, pos)
            assert m, f"cannot read formula {text!r} at {pos}"
            kind = m.lastgroup
            self.toks.append((kind, m.group(kind)))
            pos = m.end()

    def evaluate(self):
        v = self.compare()
        assert self.i == len(self.toks)
        return v

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else (None, None)

    def take(self, value=None):
        tok = self.toks[self.i]
        assert value is None or tok[1] == value, (tok, value)
        self.i += 1
        return tok

    def compare(self):
        left = self.expr()
        if self.peek()[1] == ">":
            self.take()
            return num(left) > num(self.expr())
        return left

    def expr(self):
        v = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            r = self.term()
            v = num(v) + num(r) if op == "+" else num(v) - num(r)
        return v

    def term(self):
        v = self.factor()
        while self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            r = self.factor()
            if op == "*":
                v = num(v) * num(r)
            else:
                v = num(v) / num(r) if num(r) else "#DIV/0!"  # IF evaluates both branches here
        return v

    def factor(self):
        kind, tok = self.take()
        if kind == "num":
            return float(tok)
        if kind == "str":
            return tok[1:-1]
        if tok == "-":
            return -num(self.factor())
        if tok == "(":
            v = self.compare()
            self.take(")")
            return v
        if kind == "ref":
            cells = self.cells(tok)
            return cells if ":" in tok else cells[0]
        if kind == "fn":
            args = []
            while self.peek()[1] != ")":
                args.append(self.compare())
                if self.peek()[1] == ",":
                    self.take()
            self.take(")")
            return FUNCS[tok](*args)
        raise AssertionError(f"unexpected {tok!r}")

    def cells(self, ref):
        sheet = self.sheet
        if "!" in ref:
            sheet, ref = ref.split("!")
        ref = ref.replace("$", "")
        a, _, b = ref.partition(":")
        b = b or a
        ca, ra = re.match(r"([A-Z]+)(\d+)", a).groups()
        cb, rb = re.match(r"([A-Z]+)(\d+)", b).groups()
        return [self.s.cell(sheet, r, c) for r in range(int(ra), int(rb) + 1)
                for c in range(col_no(ca), col_no(cb) + 1)]


def num(v):
    return 0.0 if v in ("", None) else float(v)


def _sumifs(total, *pairs):
    out = 0.0
    for i, value in enumerate(total):
        if all(str(pairs[k][i]).casefold() == str(pairs[k + 1]).casefold() for k in range(0, len(pairs), 2)):
            out += num(value)
    return out


FUNCS = {
    "SUM": lambda *rs: sum(num(v) for r in rs for v in (r if isinstance(r, list) else [r])),
    "SUMIFS": _sumifs,
    "MAX": lambda *vs: max(num(v) for v in vs),
    "IF": lambda c, a, b="": a if c else b,
    "ROUND": lambda v, n: v if v == "#DIV/0!" else round(num(v), int(n)),
}


@pytest.fixture
def ledger_store(store):
    store.save_unit_settings(UnitSettings(unit_name="Test Unit", trust="Test NHS Trust", ods_code="RXQ"))
    importing.import_file(store, "ledger", GOOD)
    return store


def test_statement_figures_agree_as_values_and_formulas(ledger_store, tmp_path):
    path = write_statement(ledger_store, "maternity safety training fund", "2016/17", tmp_path / "s.xlsx",
                           prepared=date(2017, 4, 30))
    sh = Sheets(path)
    assert sh.wb.sheetnames == ["Summary", "Entries", "Commitments"]
    S = "Summary"
    assert sh.raw(S, 1, 1) == "Statement of use"
    assert sh.raw(S, sh.find(S, "Unit"), 2) == "Test Unit"
    assert sh.raw(S, sh.find(S, "Fund"), 2) == "Maternity Safety Training Fund (MSTF)"
    assert sh.raw(S, sh.find(S, "Financial year"), 2) == "2016/17"
    assert sh.raw(S, sh.find(S, "Period"), 2) == "01/04/2016 to 31/03/2017"
    assert sh.raw(S, sh.find(S, "Prepared on"), 2) in (date(2017, 4, 30), "2017-04-30")

    expected = {  # hand-worked from ledger_good.csv
        "Allocated": 41_250.00, "Paid (payments - refunds)": 13_545.67, "Outstanding commitments": 0.0,
        "Available": 27_704.33, "Places bought": 64, "People trained": 0,
    }
    for label, value in expected.items():
        r = sh.find(S, label)
        assert sh.raw(S, r, 2) == pytest.approx(value), label
        if (r, 3) in sh.formulas[S]:
            assert sh.cell(S, r, 3) == pytest.approx(value, abs=0.005), label
    assert sh.raw(S, sh.find(S, "Cost per person trained"), 2) == ""
    assert sh.cell(S, sh.find(S, "Cost per person trained"), 3) == ""
    assert sh.number_formats[S][(sh.find(S, "Allocated"), 2)] == '"£"#,##0.00;[Red]-"£"#,##0.00'

    kinds = {"allocation": (1, 41_250.00), "commitment": (2, 15_000.00), "payment": (4, 14_045.67), "refund": (1, 500.00)}
    for kind, (count, amount) in kinds.items():
        r = sh.find(S, kind)
        assert sh.raw(S, r, 2) == count
        assert sh.raw(S, r, 3) == pytest.approx(amount)
        assert sh.cell(S, r, 4) == pytest.approx(amount, abs=0.005)

    cats = {  # committed, paid net, outstanding
        "Fetal growth and monitoring": (3_000.00, 3_200.00, 0.0),
        "Skills and drills": (12_000.00, 7_000.00, 0.0),
        "Backfill": (0.0, 2_345.67, 0.0),
        "Human factors": (0.0, 1_000.00, 0.0),
    }
    top = sh.find(S, "Spend by category") + 2
    got_names = [sh.raw(S, r, 1) for r in range(top, top + len(cats))]
    assert got_names == ["Human factors", "Fetal growth and monitoring", "Skills and drills", "Backfill"]
    for name, values in cats.items():
        r = sh.find(S, name)
        assert [sh.raw(S, r, c) for c in (2, 3, 4)] == pytest.approx(list(values))
        assert [sh.cell(S, r, c) for c in (5, 6, 7)] == pytest.approx(list(values), abs=0.005)
    total = top + len(cats)
    assert sh.raw(S, total, 1) == "Total"
    assert [sh.raw(S, total, c) for c in (2, 3, 4)] == pytest.approx([15_000.0, 13_545.67, 0.0])
    assert [sh.cell(S, total, c) for c in (5, 6, 7)] == pytest.approx([15_000.0, 13_545.67, 0.0], abs=0.005)

    E = "Entries"
    assert sh.raw(E, 4, 1) == "Date" and sh.raw(E, 4, 10) == "Paid, net (£)"
    assert sh.raw(E, 5, 2) == "allocation" and sh.raw(E, 5, 9) == pytest.approx(41_250.0)
    assert sh.raw(E, 12, 1) in (date(2017, 3, 31), "2017-03-31")  # the 31 March payment is in
    assert sh.raw(E, 13, 1) == "Total"  # ... and the 1 April one is not
    assert sh.cell(E, 13, 10) == pytest.approx(13_545.67, abs=0.005)


def test_statement_outstanding_commitments_as_at_an_open_year(store, tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_text(
        "date,fund,kind,amount,description,category,reference\n"
        "01/04/2020,TRUST,allocation,5000,Budget,,B\n"
        "01/05/2020,TRUST,commitment,3000,Course,Human factors,C1\n"
        "01/06/2020,TRUST,payment,1000,Part,Human factors,C1\n"
        "01/07/2020,TRUST,commitment,2500,Drills,Skills and drills,C2\n"
        "01/08/2020,TRUST,payment,500,No order,,\n",
        encoding="utf-8",
    )
    importing.import_file(store, "ledger", path)
    out = write_statement(store, "trust", "2020/21", tmp_path / "t.xlsx", prepared=date(2020, 9, 1))
    sh = Sheets(out)
    S, C = "Summary", "Commitments"
    # outstanding 2,000 + 2,500; paid 1,500; available 5,000 - 1,500 - 4,500 = -1,000 (overspent)
    for label, value in {"Outstanding commitments": 4_500.0, "Paid (payments - refunds)": 1_500.0, "Available": -1_000.0}.items():
        r = sh.find(S, label)
        assert sh.raw(S, r, 2) == pytest.approx(value)
        assert sh.cell(S, r, 3) == pytest.approx(value)
    assert "OVERSPENT" in sh.raw(S, sh.find(S, "Available"), 4)
    assert [sh.raw(C, 5, c) for c in (2, 6, 7, 8)] == ["C1", 3_000.0, 1_000.0, 2_000.0]
    assert sh.cell(C, 5, 9) == 2_000.0
    assert sh.cell(C, 7, 9) == pytest.approx(4_500.0)
    r = sh.find(S, "(no category)")
    assert sh.raw(S, r, 3) == 500.0 and sh.cell(S, r, 6) == 500.0


def test_statement_print_setup_and_text_safety(store, tmp_path):
    path = tmp_path / "l.csv"
    path.write_text("date,fund,kind,amount,description\n01/04/2020,TRUST,payment,10,=HYPERLINK(\"x\")\n",
                    encoding="utf-8")
    importing.import_file(store, "ledger", path)
    out = write_statement(store, "TRUST", "2020/21", tmp_path / "s.xlsx", prepared=date(2020, 9, 1))
    sh = Sheets(out)
    assert sh.raw("Entries", 5, 4) == '=HYPERLINK("x")'  # stays text
    assert (5, 4) not in sh.formulas["Entries"]
    for ws in sh.wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage


def test_empty_year_statement(store, tmp_path):
    out = write_statement(store, "INNOVATION", "2016/17", tmp_path / "e.xlsx", prepared=date(2017, 1, 1))
    sh = Sheets(out)
    r = sh.find("Summary", "Available")
    assert sh.raw("Summary", r, 2) == 0 and sh.cell("Summary", r, 3) == 0


def test_people_trained_and_cost_per_person_in_statement(ledger_store, tmp_path):
    s = ledger_store
    entry_id = store_fund.entries(s, "MSTF", "2016/17")[1].id  # the PROMPT commitment
    with s.transaction():
        for n in range(4):
            s.insert("staff", {"staff_number": f"S{n}", "name": f"Person {n}", "staff_group": "midwife",
                               "start_date": "2010-01-01"}, key_col="staff_number")
        sid = s.insert("training_session", {"course_code": "PROMPT", "date": "2017-02-01", "status": "held",
                                            "fund_entry_id": entry_id})
        for n, status in enumerate(["attended", "attended", "dna", "attended"]):
            s.insert("attendance", {"staff_number": f"S{n}", "course_code": "PROMPT", "date": "2017-02-01",
                                    "status": status, "session_id": sid})
    assert store_fund.people_trained(s, "MSTF", "2016/17") == 3
    out = write_statement(s, "MSTF", "2016/17", tmp_path / "p.xlsx", prepared=date(2017, 4, 30))
    sh = Sheets(out)
    r = sh.find("Summary", "Cost per person trained")
    assert sh.raw("Summary", r, 2) == pytest.approx(4_515.22)  # 1,354,567 / 3 = 451,522.33 pence
    assert sh.cell("Summary", r, 3) == pytest.approx(4_515.22)


def test_libreoffice_recalculates_the_formulas_to_the_values(demo_store, tmp_path):
    """A real spreadsheet engine works the formula columns out (openpyxl stores none of their
    results) and gets the same totals as the value columns, for the demo's 2016/17 award."""
    import subprocess

    from python_calamine import CalamineWorkbook

    soffice = require_program("soffice", "libreoffice-calc-nogui", "libreoffice")
    src = write_statement(demo_store, "MSTF", "2016/17", tmp_path / "mstf.xlsx", prepared=date(2017, 4, 30))
    out_dir = tmp_path / "recalculated"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "xlsx", "--outdir", str(out_dir), str(src)],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    rows = CalamineWorkbook.from_path(str(out_dir / "mstf.xlsx")).get_sheet_by_name("Summary").to_python()

    def row(label):
        return next(r for r in rows if r and r[0] == label)

    compared = 0
    for label in ("Allocated", "Paid (payments - refunds)", "Outstanding commitments", "Available",
                  "Places bought", "Cost per person trained"):
        value, formula = row(label)[1:3]
        assert formula == pytest.approx(value), label
        compared += 1
    assert row("Allocated")[2] == 41_250 and row("Available")[2] == pytest.approx(1_350)
    for kind in ("allocation", "commitment", "payment", "refund"):
        assert row(kind)[3] == pytest.approx(row(kind)[2]), kind
        compared += 1
    top = next(i for i, r in enumerate(rows) if r and r[0] == "Category") + 1
    for r in rows[top:]:
        if not r or r[0] in ("", None):
            break
        for value_col, formula_col in ((1, 4), (2, 5), (3, 6)):
            assert r[formula_col] == pytest.approx(r[value_col]), (r[0], value_col)
            compared += 1
    assert compared >= 10 + 3 * 7
