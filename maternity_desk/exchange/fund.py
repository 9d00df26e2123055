"""Fund ledger files: the ``ledger`` importer (CSV/XLSX) and the statement of use workbook.

Import: every line is checked by :func:`maternity_desk.core.fund.validate_entry`; one bad
line refuses the whole file with file, row, column and reason. A line's identity is its
fund, reference, date, amount and kind: lines already in the ledger are skipped (so importing
the same file twice, or two desks importing it at once, adds it once); identical lines within
one file are all imported.

Statement: a workbook for the funder with the unit, the fund and the year on a summary sheet,
the year's entries and its commitments, and totals by kind and by category written twice:
as values and as Excel formulas over the entries, which agree.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from maternity_desk.core import fund as core
from maternity_desk.core.errors import Problem, ValidationFailed
from maternity_desk.core.money import format_pence
from maternity_desk.core.periods import fy_bounds, parse_fy
from maternity_desk.core.words import plural
from maternity_desk.exchange import xlsx
from maternity_desk.exchange.atomic import save_workbook
from maternity_desk.exchange.importer import Importer, ImportPlan
from maternity_desk.exchange.tabular import Column, MappedRows
from maternity_desk.store import fund as store_fund

COLUMNS = [
    Column("date", aliases=("entry date", "transaction date", "posted"), help="31/03/2017 or 2017-03-31"),
    Column("fund", aliases=("fund code", "fund name"), help="MSTF, INNOVATION, TRUST or the fund's name"),
    Column("kind", aliases=("type", "entry type", "transaction type"),
           help="allocation, commitment, payment or refund"),
    Column("amount", aliases=("amount (£)", "amount £", "value", "£", "amount gbp"),
           help="£1,234.50; positive, whole pence"),
    Column("description", required=False, aliases=("details", "narrative")),
    Column("category", required=False, aliases=("spend category", "spending category")),
    Column("supplier", required=False, aliases=("payee", "vendor", "provider")),
    Column("reference", required=False, aliases=("ref", "order number", "po number", "invoice"),
           help="links payments to the commitment they settle"),
    Column("course", required=False, aliases=("course code",)),
    Column("places", required=False, aliases=("places bought", "places purchased")),
]


def plan_ledger(store, rows: MappedRows) -> ImportPlan:
    """Validate every line of a ledger file; nothing is written."""
    funds = store_fund.funds(store)
    categories = store_fund.categories(store)
    courses = store_fund.courses(store)
    problems: list[Problem] = []
    parsed: list[tuple[int, core.LedgerEntry]] = []
    for row_no, values in rows:
        entry, refused = core.validate_entry(values, funds, categories, courses)
        if entry is None:
            problems += [rows.problem(row_no, field, reason) for field, reason in refused]
        else:
            parsed.append((row_no, entry))
    if problems:
        raise ValidationFailed(problems)

    touched_funds = sorted({e.fund_code for _, e in parsed})
    existing: list[core.LedgerEntry] = []
    for code in touched_funds:
        existing += store_fund.entries(store, code)
    # a payment with a commitment's reference (in the ledger or in this file) takes its category and course
    pool = existing + [e for _, e in parsed]
    filled = [(row_no, core.from_commitment(e, pool)) for row_no, e in parsed]
    took = sum(1 for (_, a), (_, b) in zip(parsed, filled, strict=True) if a != b)
    parsed = filled
    already = Counter(e.identity() for e in existing)
    new: list[core.LedgerEntry] = []
    warnings: list[Problem] = []
    for row_no, e in parsed:
        key = e.identity()
        if already[key] > 0:
            already[key] -= 1
            warnings.append(Problem(rows.file, row_no, None, "already in the ledger; skipped"))
        else:
            new.append(e)

    summary = [f"{len(new)} new ledger entr{'y' if len(new) == 1 else 'ies'}"]
    if took:
        summary.append(f"{plural(took, 'payment')} take{'s' if took == 1 else ''} the category and course of "
                       "the commitment with the same reference")
    skipped = len(parsed) - len(new)
    if skipped:
        summary.append(f"{plural(skipped, 'line')} already in the ledger, skipped")
    by_fund_year = Counter((e.fund_code, e.fy) for e in new)
    combined = existing + new
    after = {code: core.figures_for_years(code, combined, sorted({fy for c, fy in by_fund_year if c == code}))
             for code in {c for c, _ in by_fund_year}}
    for (code, fy), n in sorted(by_fund_year.items()):
        fig = after[code][fy]
        summary.append(
            f"{code} {fy}: {n} entr{'y' if n == 1 else 'ies'}; afterwards allocated "
            f"{format_pence(fig.allocated_pence)}, paid {format_pence(fig.paid_pence)}, "
            f"available {format_pence(fig.available_pence)}"
        )
        if fig.overspent:
            warnings.append(Problem(rows.file, None, None,
                                    f"{code} {fy} will be overspent by {format_pence(-fig.available_pence)}"))

    def apply(target) -> None:
        store_fund.add_entries(target, new, file=rows.file)

    return ImportPlan(kind="ledger", file=rows.file, rows=len(new), apply=apply, summary=summary, warnings=warnings)


LEDGER = Importer(
    kind="ledger",
    title="Training fund ledger lines",
    columns=COLUMNS,
    plan=plan_ledger,
    description=(
        "Ledger lines for the training funds: allocations, commitments, payments and refunds. "
        "All or nothing: one bad line refuses the file. Lines already in the ledger are skipped."
    ),
)


# --- statement of use -------------------------------------------------------------------------

SUMMARY, ENTRIES, COMMITMENTS = "Summary", "Entries", "Commitments"
ENTRY_HEADERS = ["Date", "Kind", "Category", "Description", "Supplier", "Reference", "Course",
                 "Places", "Amount (£)", "Paid, net (£)"]
COMMIT_HEADERS = ["Date", "Reference", "Description", "Supplier", "Category", "Committed (£)",
                  "Paid against reference (£)", "Outstanding (£)", "Outstanding, formula (£)"]
FIRST = 5  # first data row on the Entries and Commitments sheets (header on row 4)


def _gbp(pence: int | None) -> float | None:
    return None if pence is None else pence / 100


def write_statement(store, fund_text: str, fy: str, path: Path | str, *, prepared: date) -> Path:
    """Write the statement of use of one fund for one financial year to ``path`` (.xlsx)."""
    from openpyxl.styles import Alignment, Font

    fund = store_fund.find_fund(store, fund_text)
    fy = parse_fy(fy)
    start, end = fy_bounds(fy)
    ledger = store_fund.entries(store, fund.code)
    year = [e for e in ledger if start <= e.date <= end]
    fig = store_fund.figures(store, fund.code, fy)
    cats = store_fund.categories(store)
    unit = store.unit_settings()
    title = f"Statement of use: {fund.name} {fy}"

    wb = xlsx.new_workbook(title, f"{fund.code} {fy}")
    ws = wb.active
    ws.title = SUMMARY
    we = wb.create_sheet(ENTRIES)
    wc = wb.create_sheet(COMMITMENTS)
    bold = Font(bold=True)

    # Entries ------------------------------------------------------------------------------
    xlsx.put(we, 1, 1, f"{fund.name} ({fund.code}): ledger entries {fy}").font = Font(bold=True, size=13)
    xlsx.put(we, 2, 1, f"{start:%d/%m/%Y} to {end:%d/%m/%Y}; amounts in pounds. Paid, net: payments +, refunds -.")
    rows = [
        [e.date, e.kind, e.category or ("" if e.kind == core.ALLOCATION else core.UNCATEGORISED),
         e.description, e.supplier, e.reference, e.course_code or "", e.places,
         _gbp(e.amount_pence), _gbp(e.signed_paid_pence)]
        for e in year
    ]
    fmts = [xlsx.FMT_DATE, None, None, None, None, None, None, xlsx.FMT_INT, xlsx.FMT_GBP, xlsx.FMT_GBP]
    last = xlsx.write_table(we, FIRST - 1, ENTRY_HEADERS, rows, fmts)
    last = max(last, FIRST)  # an empty year still gives the formulas a range
    total_row = last + 1
    xlsx.put(we, total_row, 1, "Total").font = bold
    for col, letter in ((8, "H"), (10, "J")):
        xlsx.put_formula(we, total_row, col, f"=SUM({letter}{FIRST}:{letter}{last})",
                         xlsx.FMT_INT if col == 8 else xlsx.FMT_GBP).font = bold

    def rng(letter: str) -> str:
        return f"{ENTRIES}!${letter}${FIRST}:${letter}${last}"

    # Commitments ---------------------------------------------------------------------------
    balances = core.commitment_balances(ledger, fy)
    xlsx.put(wc, 1, 1, f"Commitments made in {fy} and what is still outstanding").font = Font(bold=True, size=13)
    xlsx.put(wc, 2, 1, "A commitment is settled by payments carrying its reference, whatever their date; "
                       "outstanding is never below 0.")
    crow = [
        [c.date, c.reference, c.description, c.supplier, c.category or core.UNCATEGORISED,
         _gbp(c.amount_pence), _gbp(used), _gbp(left), None]
        for c, used, left in balances
    ]
    cfmts = [xlsx.FMT_DATE, None, None, None, None, xlsx.FMT_GBP, xlsx.FMT_GBP, xlsx.FMT_GBP, xlsx.FMT_GBP]
    clast = xlsx.write_table(wc, FIRST - 1, COMMIT_HEADERS, crow, cfmts)
    for r in range(FIRST, clast + 1):
        xlsx.put_formula(wc, r, 9, f"=MAX(0,F{r}-G{r})", xlsx.FMT_GBP)
    clast = max(clast, FIRST)
    ctotal = clast + 1
    xlsx.put(wc, ctotal, 1, "Total").font = bold
    for col, letter in ((6, "F"), (7, "G"), (8, "H"), (9, "I")):
        xlsx.put_formula(wc, ctotal, col, f"=SUM({letter}{FIRST}:{letter}{clast})", xlsx.FMT_GBP).font = bold

    # Summary -------------------------------------------------------------------------------
    ws["A1"] = "Statement of use"
    ws["A1"].font = Font(bold=True, size=16)
    xlsx.put(ws, 2, 1, f"{fund.name} ({fund.code}), financial year {fy}").font = Font(bold=True, size=12)
    info = [
        ("Unit", unit.unit_name), ("Trust", unit.trust), ("ODS code", unit.ods_code),
        ("Fund", f"{fund.name} ({fund.code})"), ("Financial year", fy),
        ("Period", f"{start:%d/%m/%Y} to {end:%d/%m/%Y}"), ("Prepared on", prepared),
    ]
    r = 4
    for label, value in info:
        xlsx.put(ws, r, 1, label).font = bold
        xlsx.put(ws, r, 2, value, xlsx.FMT_DATE if isinstance(value, date) else None)
        r += 1

    r += 1
    xlsx.header_row(ws, r, ["Figure", "Value", "Formula over the entries", "Notes"])
    fig_top = r + 1
    cells: dict[str, int] = {}
    figure_rows = [
        ("allocated", "Allocated", _gbp(fig.allocated_pence), xlsx.FMT_GBP,
         f'=SUMIFS({rng("I")},{rng("B")},"allocation")', "allocations dated in the year"),
        ("paid", "Paid (payments - refunds)", _gbp(fig.paid_pence), xlsx.FMT_GBP,
         f'=SUM({rng("J")})', "payments less refunds dated in the year"),
        ("outstanding", "Outstanding commitments", _gbp(fig.outstanding_pence), xlsx.FMT_GBP,
         f"=SUM({COMMITMENTS}!$I${FIRST}:$I${clast})", "see the Commitments sheet"),
        ("available", "Available", _gbp(fig.available_pence), xlsx.FMT_GBP, None,
         "allocated - paid - outstanding" + ("; OVERSPENT" if fig.overspent else "")),
        ("places", "Places bought", fig.places, xlsx.FMT_INT, f"=SUM({rng('H')})", ""),
        ("people", "People trained", fig.people_trained, xlsx.FMT_INT, None,
         "distinct staff who attended sessions this fund paid for (training register)"),
        ("cost", "Cost per person trained", _gbp(fig.cost_per_person_pence), xlsx.FMT_GBP, None,
         "paid / people trained" if fig.people_trained else "no one recorded as trained"),
    ]
    for i, (key, *_rest) in enumerate(figure_rows):
        cells[key] = fig_top + i
    for key, label, value, fmt, formula, note in figure_rows:
        row = cells[key]
        xlsx.put(ws, row, 1, label).font = bold
        xlsx.put(ws, row, 2, value, fmt)
        if key == "available":
            formula = f"=C{cells['allocated']}-C{cells['paid']}-C{cells['outstanding']}"
        elif key == "cost":
            formula = f'=IF(B{cells["people"]}>0,ROUND(C{cells["paid"]}/B{cells["people"]},2),"")'
        if formula:
            xlsx.put_formula(ws, row, 3, formula, fmt)
        xlsx.put(ws, row, 4, note)
    r = fig_top + len(figure_rows) + 1

    xlsx.put(ws, r, 1, "Totals by kind").font = Font(bold=True, size=12)
    r += 1
    xlsx.header_row(ws, r, ["Kind", "Entries", "Amount (£)", "Amount, formula (£)"])
    kind_top = r + 1
    totals = core.totals_by_kind(year, fy)
    counts = Counter(e.kind for e in year)
    for i, kind in enumerate(core.KINDS):
        row = kind_top + i
        xlsx.put(ws, row, 1, kind)
        xlsx.put(ws, row, 2, counts.get(kind, 0), xlsx.FMT_INT)
        xlsx.put(ws, row, 3, _gbp(totals[kind]), xlsx.FMT_GBP)
        xlsx.put_formula(ws, row, 4, f'=SUMIFS({rng("I")},{rng("B")},A{row})', xlsx.FMT_GBP)
    r = kind_top + len(core.KINDS) + 1

    xlsx.put(ws, r, 1, "Spend by category").font = Font(bold=True, size=12)
    r += 1
    xlsx.header_row(ws, r, ["Category", "Committed (£)", "Paid, net (£)", "Outstanding (£)",
                            "Committed, formula (£)", "Paid, formula (£)", "Outstanding, formula (£)"])
    cat_top = r + 1
    # a category with nothing committed, paid or outstanding in the year is no row at all
    spend = [s for s in core.spend_by_category(ledger, fy, cats)
             if s.committed_pence or s.paid_pence or s.outstanding_pence]
    crng_out = f"{COMMITMENTS}!$I${FIRST}:$I${clast}"
    crng_cat = f"{COMMITMENTS}!$E${FIRST}:$E${clast}"
    for i, s in enumerate(spend):
        row = cat_top + i
        xlsx.put(ws, row, 1, s.category)
        xlsx.put(ws, row, 2, _gbp(s.committed_pence), xlsx.FMT_GBP)
        xlsx.put(ws, row, 3, _gbp(s.paid_pence), xlsx.FMT_GBP)
        xlsx.put(ws, row, 4, _gbp(s.outstanding_pence), xlsx.FMT_GBP)
        xlsx.put_formula(ws, row, 5, f'=SUMIFS({rng("I")},{rng("C")},A{row},{rng("B")},"commitment")', xlsx.FMT_GBP)
        xlsx.put_formula(ws, row, 6, f'=SUMIFS({rng("J")},{rng("C")},A{row})', xlsx.FMT_GBP)
        xlsx.put_formula(ws, row, 7, f"=SUMIFS({crng_out},{crng_cat},A{row})", xlsx.FMT_GBP)
    cat_last = cat_top + len(spend) - 1
    total = cat_last + 1
    xlsx.put(ws, total, 1, "Total").font = bold
    sums = [sum(s.committed_pence for s in spend), sum(s.paid_pence for s in spend),
            sum(s.outstanding_pence for s in spend)]
    for col, value in zip((2, 3, 4), sums):
        xlsx.put(ws, total, col, _gbp(value), xlsx.FMT_GBP).font = bold
    for col, letter in ((5, "E"), (6, "F"), (7, "G")):
        formula = f"=SUM({letter}{cat_top}:{letter}{cat_last})" if spend else "=0"
        xlsx.put_formula(ws, total, col, formula, xlsx.FMT_GBP).font = bold
    r = total + 2
    xlsx.put(ws, r, 1, "Values are computed by Maternity Desk; formula columns recompute them "
                       "from the Entries and Commitments sheets and should agree.").alignment = Alignment(wrap_text=False)

    for sheet in (ws, we, wc):
        xlsx.fit_columns(sheet, from_row=3)
    ws.column_dimensions["D"].width = 40
    ws.freeze_panes = None
    for sheet, rows in ((ws, None), (we, (FIRST - 1, FIRST - 1)), (wc, (FIRST - 1, FIRST - 1))):
        xlsx.print_setup(sheet, f"{unit.unit_name} - {title}", unit=unit.unit_name,
                         period=f"Financial year {fy}", title_rows=rows)
    path = Path(path)
    return save_workbook(wb, path)
