"""Fund ledger arithmetic against hand-worked ledgers."""

from __future__ import annotations

from datetime import date

import pytest

from maternity_desk.core import fund as F
from maternity_desk.core.errors import InvalidValue

D = date
FUNDS = [
    F.Fund("MSTF", "Maternity Safety Training Fund"),
    F.Fund("INNOVATION", "Innovation Fund"),
    F.Fund("TRUST", "Trust training budget"),
]
CATS = [F.Category("Human factors", 30), F.Category("Backfill", 60), F.Category("Skills and drills", 50)]


def E(d, kind, pounds_pence, ref="", fund="MSTF", places=None, category=None, id=None):
    return F.LedgerEntry(date=d, fund_code=fund, kind=kind, amount_pence=pounds_pence, reference=ref,
                         places=places, category=category, id=id)


# The worked ledger (amounts in pence):
#   03/10/2016 allocation 4,125,000
#   01/11/2016 commitment PO-1 1,200,000 (40 places)
#   01/12/2016 payment    PO-1   750,000            (partial settlement)
#   10/01/2017 commitment PO-2   300,000
#   20/01/2017 payment    PO-2   320,000            (pays more than committed)
#   01/02/2017 payment    --     234,567            (backfill, no commitment)
#   01/03/2017 refund     PO-1    50,000
#   31/03/2017 payment    PO-3   100,000            (last day of 2016/17)
#   01/04/2017 payment    PO-1   450,000            (first day of 2017/18; settles PO-1)
#   02/04/2017 allocation TRUST  999,999            (another fund)
LEDGER = [
    E(D(2016, 10, 3), "allocation", 4_125_000, id=1),
    E(D(2016, 11, 1), "commitment", 1_200_000, "PO-1", places=40, category="Skills and drills", id=2),
    E(D(2016, 12, 1), "payment", 750_000, "PO-1", category="Skills and drills", id=3),
    E(D(2017, 1, 10), "commitment", 300_000, "PO-2", category="Human factors", id=4),
    E(D(2017, 1, 20), "payment", 320_000, "po-2 ", category="Human factors", id=5),
    E(D(2017, 2, 1), "payment", 234_567, category="Backfill", id=6),
    E(D(2017, 3, 1), "refund", 50_000, "PO-1", category="Skills and drills", id=7),
    E(D(2017, 3, 31), "payment", 100_000, "PO-3", id=8),
    E(D(2017, 4, 1), "payment", 450_000, "PO-1", category="Skills and drills", id=9),
    E(D(2017, 4, 2), "allocation", 999_999, fund="TRUST", id=10),
]


def test_allocated_paid_places_for_the_year():
    mstf = [e for e in LEDGER if e.fund_code == "MSTF"]
    assert F.allocated(mstf, "2016/17") == 4_125_000
    # 750,000 + 320,000 + 234,567 - 50,000 + 100,000
    assert F.paid(mstf, "2016/17") == 1_354_567
    assert F.places_bought(mstf, "2016/17") == 40
    assert F.paid(mstf, "2017/18") == 450_000


def test_outstanding_settled_by_later_payment_and_never_negative():
    mstf = [e for e in LEDGER if e.fund_code == "MSTF"]
    # PO-1: 1,200,000 - (750,000 + 450,000 paid on 1 April 2017) = 0; PO-2 overpaid -> 0
    assert F.outstanding(mstf, "2016/17") == 0
    # as the year stood on 31 March 2017 the April payment did not exist yet
    assert F.outstanding(mstf, "2016/17", as_at=D(2017, 3, 31)) == 450_000
    # the refund does not re-open PO-1
    assert F.outstanding(mstf, "2016/17", as_at=D(2017, 3, 1)) == 450_000


def test_partial_settlement_within_the_year():
    ledger = [E(D(2018, 5, 1), "commitment", 100_000, "A"), E(D(2018, 6, 1), "payment", 40_000, "A")]
    assert F.outstanding(ledger, "2018/19") == 60_000
    assert F.available(0, F.paid(ledger, "2018/19"), F.outstanding(ledger, "2018/19")) == -100_000


def test_commitments_sharing_a_reference_settle_oldest_first():
    ledger = [
        E(D(2018, 5, 1), "commitment", 10_000, "X"),
        E(D(2018, 6, 1), "commitment", 10_000, "X"),
        E(D(2018, 7, 1), "payment", 15_000, "x"),
    ]
    assert F.outstanding(ledger, "2018/19") == 5_000
    balances = F.commitment_balances(ledger, "2018/19")
    assert [(paid, left) for _, paid, left in balances] == [(10_000, 0), (5_000, 5_000)]


def test_commitment_from_earlier_year_consumes_payments_first():
    ledger = [
        E(D(2017, 3, 1), "commitment", 10_000, "X"),  # 2016/17
        E(D(2017, 4, 1), "commitment", 10_000, "X"),  # 2017/18
        E(D(2017, 5, 1), "payment", 12_000, "X"),
    ]
    assert F.outstanding(ledger, "2016/17") == 0
    assert F.outstanding(ledger, "2017/18") == 8_000


def test_figures_whole_year_and_as_at_year_end():
    fig = F.figures("MSTF", LEDGER, "2016/17", people_trained=25)
    assert fig == F.FundFigures(
        fund="MSTF", fy="2016/17", allocated_pence=4_125_000, paid_pence=1_354_567,
        outstanding_pence=0, available_pence=2_770_433, places=40, people_trained=25,
        cost_per_person_pence=54_183,  # 1,354,567 / 25 = 54,182.68
    )
    assert not fig.overspent
    at_end = F.figures("MSTF", LEDGER, "2016-17", people_trained=0, as_at=D(2017, 3, 31))
    assert at_end.outstanding_pence == 450_000
    assert at_end.available_pence == 4_125_000 - 1_354_567 - 450_000
    assert at_end.cost_per_person_pence is None


def test_overspend_is_flagged_not_refused():
    fig = F.figures("MSTF", LEDGER, "2017/18")
    assert fig.allocated_pence == 0 and fig.paid_pence == 450_000
    assert fig.available_pence == -450_000
    assert fig.overspent


def test_year_boundary_31_march_and_1_april():
    ledger = [
        E(D(2017, 3, 31), "allocation", 100, fund="TRUST"),
        E(D(2017, 4, 1), "allocation", 200, fund="TRUST"),
        E(D(2017, 3, 31), "payment", 10, fund="TRUST"),
        E(D(2017, 4, 1), "payment", 20, fund="TRUST"),
        E(D(2018, 3, 31), "refund", 5, fund="TRUST"),
        E(D(2018, 4, 1), "refund", 7, fund="TRUST"),
    ]
    assert F.allocated(ledger, "2016/17") == 100
    assert F.allocated(ledger, "2017/18") == 200
    assert F.paid(ledger, "2016/17") == 10
    assert F.paid(ledger, "2017/18") == 20 - 5
    assert F.paid(ledger, "2018/19") == -7
    assert [e.fy for e in ledger] == ["2016/17", "2017/18"] * 2 + ["2017/18", "2018/19"]


def test_refunds_exceeding_payments_make_paid_negative():
    ledger = [E(D(2019, 4, 10), "payment", 1_000, "R"), E(D(2019, 5, 10), "refund", 1_500, "R")]
    assert F.paid(ledger, "2019/20") == -500
    assert F.figures("MSTF", ledger, "2019/20").available_pence == 500


@pytest.mark.parametrize(
    "paid, people, expected",
    [(250, 100, 3), (249, 2, 125), (7, 2, 4), (5, 3, 2), (4, 3, 1), (0, 5, 0), (100, 0, None), (-7, 2, -3)],
)
def test_cost_per_person_rounds_half_up(paid, people, expected):
    assert F.cost_per_person(paid, people) == expected


def test_other_funds_entries_are_ignored():
    fig = F.figures("TRUST", LEDGER, "2017/18")
    assert fig.allocated_pence == 999_999 and fig.paid_pence == 0 and fig.available_pence == 999_999


def test_burn_down_hand_worked():
    ledger = [
        E(D(2016, 4, 1), "allocation", 1000),
        E(D(2016, 6, 1), "commitment", 300, "A"),
        E(D(2016, 7, 1), "payment", 300, "A"),
        E(D(2016, 7, 1), "payment", 100),
        E(D(2016, 3, 1), "payment", 999),  # previous year: not in this year's line
    ]
    assert F.burn_down(ledger, "2016/17") == [
        (D(2016, 4, 1), 1000), (D(2016, 6, 1), 700), (D(2016, 7, 1), 600), (D(2017, 3, 31), 600),
    ]
    assert F.ideal_line(ledger, "2016/17") == [(D(2016, 4, 1), 1000), (D(2017, 3, 31), 0)]


def test_burn_down_agrees_with_figures_as_at_each_date():
    mstf = [e for e in LEDGER if e.fund_code == "MSTF"]
    points = F.burn_down(mstf, "2016/17")
    assert points[0] == (D(2016, 4, 1), 0)
    assert points[1] == (D(2016, 10, 3), 4_125_000)
    for d, value in points:
        assert value == F.figures("MSTF", mstf, "2016/17", as_at=d).available_pence
    assert points[-1] == (D(2017, 3, 31), 4_125_000 - 1_354_567 - 450_000)


def test_spend_by_category_and_totals_by_kind():
    mstf = [e for e in LEDGER if e.fund_code == "MSTF"]
    rows = F.spend_by_category(mstf, "2016/17", CATS)
    assert [r.category for r in rows] == ["Human factors", "Skills and drills", "Backfill", F.UNCATEGORISED]
    hf, sd, bf, none = rows
    assert (hf.committed_pence, hf.outstanding_pence, hf.paid_pence) == (300_000, 0, 320_000)
    assert (sd.committed_pence, sd.payments_pence, sd.refunds_pence, sd.paid_pence) == (1_200_000, 750_000, 50_000, 700_000)
    assert bf.paid_pence == 234_567 and none.paid_pence == 100_000
    assert sum(r.paid_pence for r in rows) == F.paid(mstf, "2016/17")
    assert F.totals_by_kind(mstf, "2016/17") == {
        "allocation": 4_125_000, "commitment": 1_500_000, "payment": 1_404_567, "refund": 50_000,
    }


@pytest.mark.parametrize("text", ["MSTF", "mstf", " Mstf ", "maternity safety training fund", "MATERNITY  SAFETY TRAINING FUND"])
def test_fund_by_code_or_name_in_any_case(text):
    assert F.find_fund(FUNDS, text).code == "MSTF"


def test_unknown_fund_refused():
    with pytest.raises(InvalidValue, match="not a fund"):
        F.find_fund(FUNDS, "HEE")


def test_financial_years_listed_newest_first():
    assert F.financial_years(LEDGER, D(2019, 1, 1)) == ["2018/19", "2017/18", "2016/17"]


GOOD = {
    "date": "31/03/2017", "fund": "mstf", "kind": "Payment", "amount": "£1,234.50",
    "description": "PROMPT  course", "category": "human FACTORS", "supplier": "PROMPT Maternity Foundation",
    "reference": "PO-77", "course": "prompt", "places": "12",
}
COURSES = {"PROMPT": "PROMPT", "CTG": "CTG masterclass"}


def test_validate_entry_accepts_what_people_type():
    entry, problems = F.validate_entry(GOOD, FUNDS, CATS, COURSES)
    assert problems == []
    assert entry == F.LedgerEntry(
        date=D(2017, 3, 31), fund_code="MSTF", kind="payment", amount_pence=123_450,
        description="PROMPT course", category="Human factors", supplier="PROMPT Maternity Foundation",
        reference="PO-77", course_code="PROMPT", places=12,
    )
    entry, problems = F.validate_entry({**GOOD, "course": "ctg MASTERCLASS", "category": "", "places": None}, FUNDS, CATS, COURSES)
    assert problems == [] and entry.course_code == "CTG" and entry.category is None and entry.places is None


@pytest.mark.parametrize(
    "field, value, reason",
    [
        ("date", "", "a date is required"),
        ("date", "03/31/2017", "not a real date"),
        ("date", "yesterday", "not a date"),
        ("fund", "", "a fund is required"),
        ("fund", "HEE", "not a fund"),
        ("kind", "", "a kind is required"),
        ("kind", "invoice", "not a kind of entry"),
        ("amount", "", "an amount is required"),
        ("amount", "12.345", "fraction of a penny"),
        ("amount", "twelve", "not an amount of money"),
        ("amount", "-50", "negative"),
        ("amount", "0", "amount is zero"),
        ("category", "catering", "not a spending category"),
        ("course", "NLS", "not a course"),
        ("places", "2.5", "not a whole number"),
        ("places", "-3", "not a whole number"),
        ("places", "lots", "not a whole number"),
        ("description", "Patient 943 476 5919 attended", "NHS number"),
        ("supplier", "9434765919", "NHS number"),
        ("reference", "943-476-5919", "NHS number"),
        ("description", "x" * 501, "longer than 500"),
    ],
)
def test_validate_entry_refusals(field, value, reason):
    entry, problems = F.validate_entry({**GOOD, field: value}, FUNDS, CATS, COURSES)
    assert entry is None
    assert len(problems) == 1
    assert problems[0][0] == field
    assert reason in problems[0][1]


def test_commitment_needs_a_reference_and_all_problems_are_reported():
    entry, problems = F.validate_entry({**GOOD, "kind": "commitment", "reference": " "}, FUNDS, CATS, COURSES)
    assert entry is None and [f for f, _ in problems] == ["reference"]
    _, problems = F.validate_entry({"date": "x", "kind": "y"}, FUNDS, CATS, COURSES)
    assert [f for f, _ in problems] == ["date", "fund", "kind", "amount"]


def test_figures_for_years_equals_figures_year_by_year():
    people = {"2016/17": 25, "2017/18": 2}
    years = ["2015/16", "2016/17", "2017/18"]
    for code in ("MSTF", "TRUST"):
        many = F.figures_for_years(code, LEDGER, years, people)
        assert many == {fy: F.figures(code, LEDGER, fy, people.get(fy, 0)) for fy in years}
