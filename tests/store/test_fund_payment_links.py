"""A payment saved or imported with a commitment's reference takes its category and course, so
spend by category and the course's spend need no second typing."""

from __future__ import annotations

from datetime import date

from maternity_desk.core.fund import LedgerEntry, spend_by_category
from maternity_desk.exchange import importing
from maternity_desk.store import fund as store_fund


def test_payment_saved_takes_the_commitments_category_and_course(store):
    store_fund.add_entry(store, LedgerEntry(date(2016, 11, 1), "MSTF", "commitment", 300_000, "PROMPT day",
                                            category="Skills and drills", reference="PO-7", course_code="PROMPT"))
    pid = store_fund.add_entry(store, LedgerEntry(date(2017, 1, 15), "MSTF", "payment", 300_000, "Invoice",
                                                  reference="po-7"))
    paid = store_fund.entry(store, pid)
    assert (paid.category, paid.course_code) == ("Skills and drills", "PROMPT")
    (row,) = spend_by_category(store_fund.entries(store, "MSTF"), "2016/17")
    assert (row.category, row.committed_pence, row.paid_pence) == ("Skills and drills", 300_000, 300_000)
    # edited with its category cleared: it takes the commitment's again; a typed one is kept
    store_fund.update_entry(store, LedgerEntry(date(2017, 1, 15), "MSTF", "payment", 300_000, "Invoice",
                                               category="Backfill", reference="PO-7", id=pid))
    assert (store_fund.entry(store, pid).category, store_fund.entry(store, pid).course_code) == ("Backfill", "PROMPT")


def test_ledger_import_fills_payments_from_commitments_in_the_file_or_the_ledger(store, tmp_path):
    store_fund.add_entry(store, LedgerEntry(date(2016, 10, 1), "MSTF", "commitment", 50_000, "Human factors",
                                            category="Human factors", reference="PO-3", course_code="HF"))
    path = tmp_path / "ledger.csv"
    path.write_text(
        "date,fund,kind,amount,description,category,supplier,reference,course,places\n"
        "01/11/2016,MSTF,commitment,12000,PROMPT days,Skills and drills,PROMPT Foundation,PO-1,PROMPT,40\n"
        "01/12/2016,MSTF,payment,7500,PROMPT first invoice,,PROMPT Foundation,PO-1,,\n"
        "05/12/2016,MSTF,payment,500,Human factors invoice,,CHFG,po-3,,\n"
        "06/12/2016,MSTF,payment,100,Backfill,Backfill,Bank,,,\n", encoding="utf-8")
    plan = importing.plan_file(store, "ledger", path)
    assert "2 payments take the category and course of the commitment with the same reference" in plan.summary
    importing.commit(store, plan, backup=False)
    got = {e.description: (e.category, e.course_code) for e in store_fund.entries(store, "MSTF")
           if e.kind == "payment"}
    assert got == {"PROMPT first invoice": ("Skills and drills", "PROMPT"),
                   "Human factors invoice": ("Human factors", "HF"), "Backfill": ("Backfill", None)}
