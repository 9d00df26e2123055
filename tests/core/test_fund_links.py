"""A payment takes what its commitment was for; a session's likely fund line. Hand-worked."""

from __future__ import annotations

from datetime import date

from maternity_desk.core.fund import LedgerEntry, from_commitment, funding_line

C1 = LedgerEntry(date(2016, 11, 1), "MSTF", "commitment", 1_200_000, "PROMPT days", category="Skills and drills",
                 reference="PO-1001", course_code="PROMPT", places=40, id=1)
C1_LATER = LedgerEntry(date(2017, 1, 5), "MSTF", "commitment", 100_000, "PROMPT extra", category="Other",
                       reference="po-1001", course_code="PROMPT", id=5)
C2 = LedgerEntry(date(2017, 1, 10), "MSTF", "commitment", 300_000, "CTG masterclass",
                 category="Fetal growth and monitoring", reference="PO-1002", course_code="CTGM", id=2)
OTHER_FUND = LedgerEntry(date(2016, 11, 2), "TRUST", "commitment", 50_000, "Not this one", category="Travel",
                         reference="PO-1002", course_code="HF", id=3)
LEDGER = [C1, C2, OTHER_FUND, C1_LATER]


def test_payment_with_a_commitments_reference_takes_its_category_and_course():
    pay = LedgerEntry(date(2016, 12, 1), "MSTF", "payment", 750_000, "PROMPT first invoice", reference=" po-1001 ")
    got = from_commitment(pay, LEDGER)
    # the earliest PO-1001 commitment of the same fund (C1, not the later "Other" one)
    assert (got.category, got.course_code, got.places, got.amount_pence) == ("Skills and drills", "PROMPT", None,
                                                                             750_000)
    refund = LedgerEntry(date(2017, 3, 1), "MSTF", "refund", 50_000, reference="PO-1002")
    assert (from_commitment(refund, LEDGER).category, from_commitment(refund, LEDGER).course_code) == (
        "Fetal growth and monitoring", "CTGM")  # MSTF's PO-1002, not TRUST's


def test_what_is_typed_on_the_payment_is_kept_and_other_lines_are_untouched():
    typed = LedgerEntry(date(2016, 12, 1), "MSTF", "payment", 10_000, reference="PO-1001", category="Backfill")
    got = from_commitment(typed, LEDGER)
    assert (got.category, got.course_code) == ("Backfill", "PROMPT")  # only the blank course filled
    no_ref = LedgerEntry(date(2017, 2, 1), "MSTF", "payment", 234_567, "Backfill")
    assert from_commitment(no_ref, LEDGER) is no_ref
    unknown = LedgerEntry(date(2017, 2, 1), "MSTF", "payment", 1, reference="PO-9999")
    assert from_commitment(unknown, LEDGER) is unknown
    assert from_commitment(C2, LEDGER) is C2  # a commitment is what it is
    allocation = LedgerEntry(date(2016, 10, 3), "MSTF", "allocation", 4_125_000, reference="PO-1001")
    assert from_commitment(allocation, LEDGER) is allocation


def test_funding_line_for_a_session():
    pay_hf = LedgerEntry(date(2017, 3, 31), "MSTF", "payment", 100_000, course_code="HF", id=9)
    ledger = [*LEDGER, pay_hf]
    assert funding_line(ledger, "PROMPT", date(2016, 12, 5)) == C1  # earliest commitment, same year
    assert funding_line(ledger, "PROMPT", date(2017, 4, 1)) is None  # 2017/18: nothing bought that year
    assert funding_line(ledger, "HF", date(2016, 6, 1)) == OTHER_FUND  # a commitment before a payment
    assert funding_line([pay_hf], "HF", date(2016, 6, 1)) == pay_hf  # paid without a commitment
    assert funding_line(ledger, "NLS", date(2016, 12, 5)) is None
