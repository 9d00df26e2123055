"""Training fund ledger arithmetic: allocations, commitments, payments and refunds per fund and
NHS financial year (1 April to 31 March, written ``2016/17``).

Every figure is computed here, by one function each, from a fund's ledger entries:

- :func:`allocated`: the year's ``allocation`` entries.
- :func:`paid`: the year's ``payment`` entries minus its ``refund`` entries.
- :func:`places_bought`: the sum of ``places`` on the year's entries (record the places of a
  purchase on one entry: the commitment, or the payment when nothing was committed first).
- :func:`outstanding`: for each of the year's ``commitment`` entries, its amount minus the
  payments into the same fund carrying the same reference (compared ignoring case and
  surrounding spaces), never below 0; summed.
- :func:`available`: allocated - paid - outstanding. Below 0 is an overspend: flagged
  (:attr:`FundFigures.overspent`), never refused.
- :func:`cost_per_person`: paid / people trained in pence, rounded half up; ``None`` when
  nobody was trained. People trained is counted by the store (distinct staff who attended
  sessions linked to the fund's entries of the year) and passed in.

**Payments in a later year.** A commitment is settled by every payment carrying its
reference, whatever year the payment is dated in; each payment counts as *paid* in the year it
is dated. So a course committed on 10 March 2017 for £5,000 and paid on 5 May 2017 shows, once
the payment is entered, as neither paid nor outstanding in 2016/17 (that year's money was not
spent) and as paid in 2017/18: every pound is counted against exactly one year. To see a year
as it stood on a date (e.g. 31 March 2017, when that commitment was still outstanding), pass
``as_at``: entries dated after it are ignored, payments included.

Refunds reduce *paid*; they never re-open a settled commitment.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.identifiers import refuse_patient_identifiers
from maternity_desk.core.money import parse_pence
from maternity_desk.core.periods import fy_bounds, fy_of, parse_date, parse_fy

ALLOCATION, COMMITMENT, PAYMENT, REFUND = "allocation", "commitment", "payment", "refund"
KINDS: tuple[str, ...] = (ALLOCATION, COMMITMENT, PAYMENT, REFUND)
#: the fields of a ledger line, named as the import columns are
FIELDS: tuple[str, ...] = (
    "date", "fund", "kind", "amount", "description", "category", "supplier", "reference",
    "course", "places",
)  # fmt: skip
TEXT_LIMIT = 500
UNCATEGORISED = "(no category)"


@dataclass(frozen=True)
class Fund:
    code: str
    name: str
    active: bool = True

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})"


@dataclass(frozen=True)
class Category:
    name: str
    sort_order: int = 0


@dataclass(frozen=True)
class LedgerEntry:
    date: date
    fund_code: str
    kind: str
    amount_pence: int
    description: str = ""
    category: str | None = None
    supplier: str = ""
    reference: str = ""
    course_code: str | None = None
    places: int | None = None
    id: int | None = None

    @property
    def fy(self) -> str:
        return fy_of(self.date)

    @property
    def signed_paid_pence(self) -> int:
        """What this entry adds to *paid*: + for a payment, - for a refund, else 0."""
        if self.kind == PAYMENT:
            return self.amount_pence
        if self.kind == REFUND:
            return -self.amount_pence
        return 0

    def row(self) -> dict[str, Any]:
        """The entry as a ``fund_entry`` row (without ``id``)."""
        return {
            "date": self.date.isoformat(),
            "fund_code": self.fund_code,
            "kind": self.kind,
            "amount_pence": self.amount_pence,
            "description": self.description,
            "category": self.category,
            "supplier": self.supplier,
            "reference": self.reference,
            "course_code": self.course_code,
            "places": self.places,
        }

    def identity(self) -> tuple:
        """What makes two lines the same line (used to find lines already imported): the fund,
        reference, date, amount and kind. A description or supplier corrected since the
        first import does not make the line new; identical lines are counted (a file holding
        two identical payments holds two, and importing it again adds none)."""
        return (self.fund_code, (self.reference or "").strip().lower(), self.date, self.amount_pence, self.kind)


@dataclass(frozen=True)
class FundFigures:
    fund: str
    fy: str
    allocated_pence: int
    paid_pence: int
    outstanding_pence: int
    available_pence: int
    places: int
    people_trained: int
    cost_per_person_pence: int | None

    @property
    def overspent(self) -> bool:
        return self.available_pence < 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CategorySpend:
    category: str
    committed_pence: int
    outstanding_pence: int
    payments_pence: int
    refunds_pence: int

    @property
    def paid_pence(self) -> int:
        return self.payments_pence - self.refunds_pence


# --- looking things up --------------------------------------------------------------------

def _fold(text: object) -> str:
    return " ".join(str(text or "").split()).casefold()


def find_fund(funds: Iterable[Fund], text: object) -> Fund:
    """The fund whose code or name is ``text``, in any case."""
    want = _fold(text)
    if not want:
        raise InvalidValue("a fund is required")
    funds = list(funds)
    for f in funds:
        if want in (_fold(f.code), _fold(f.name)):
            return f
    known = ", ".join(f.code for f in funds)
    raise InvalidValue(f"'{text}' is not a fund (known funds: {known})")


def find_category(categories: Iterable[Category], text: object) -> Category:
    want = _fold(text)
    categories = list(categories)
    for c in categories:
        if _fold(c.name) == want:
            return c
    known = "; ".join(c.name for c in categories)
    raise InvalidValue(f"'{text}' is not a spending category (known: {known})")


def parse_kind(text: object) -> str:
    kind = _fold(text)
    if not kind:
        raise InvalidValue("a kind is required (allocation, commitment, payment or refund)")
    if kind not in KINDS:
        raise InvalidValue(f"'{text}' is not a kind of entry: use allocation, commitment, payment or refund")
    return kind


def from_commitment(entry: LedgerEntry, entries: Iterable[LedgerEntry]) -> LedgerEntry:
    """A payment (or refund) carrying a commitment's reference takes the commitment's category
    and course where its own are blank (what it was bought for is typed once, on the
    commitment). The commitment is the earliest of the fund's with that reference (the one
    :func:`settle` pays first); a category or course typed on the payment is kept."""
    if entry.kind not in (PAYMENT, REFUND) or not entry.reference or (entry.category and entry.course_code):
        return entry
    key = settlement_key(entry.reference)
    found = [e for e in entries if e.kind == COMMITMENT and e.fund_code == entry.fund_code
             and settlement_key(e.reference) == key]
    if not found:
        return entry
    first = min(found, key=lambda e: (e.date, e.id or 0))
    return replace(entry, category=entry.category or first.category, course_code=entry.course_code or first.course_code)


def funding_line(entries: Iterable[LedgerEntry], course_code: str, on: date) -> LedgerEntry | None:
    """The ledger line a session of ``course_code`` on ``on`` was most likely paid from: the
    earliest commitment for that course in the session's financial year, else the earliest
    payment for it (a purchase paid without a commitment). None when no line names the course."""
    fy = fy_of(on)
    mine = [e for e in entries if e.course_code == course_code and e.fy == fy and e.kind in (COMMITMENT, PAYMENT)]
    for kind in (COMMITMENT, PAYMENT):
        found = [e for e in mine if e.kind == kind]
        if found:
            return min(found, key=lambda e: (e.date, e.id or 0))
    return None


def settlement_key(reference: str | None) -> str:
    """References are compared ignoring case and surrounding/doubled spaces."""
    return _fold(reference)


# --- the figures ------------------------------------------------------------------------------

def _in_year(entries: Iterable[LedgerEntry], fy: str, as_at: date | None = None) -> list[LedgerEntry]:
    start, end = fy_bounds(fy)
    if as_at is not None:
        end = min(end, as_at)
    return [e for e in entries if start <= e.date <= end]


def allocated(entries: Iterable[LedgerEntry], fy: str, as_at: date | None = None) -> int:
    """Sum of the year's allocations."""
    return sum(e.amount_pence for e in _in_year(entries, fy, as_at) if e.kind == ALLOCATION)


def paid(entries: Iterable[LedgerEntry], fy: str, as_at: date | None = None) -> int:
    """The year's payments minus its refunds (may be negative if refunds exceed payments)."""
    return sum(e.signed_paid_pence for e in _in_year(entries, fy, as_at))


def places_bought(entries: Iterable[LedgerEntry], fy: str, as_at: date | None = None) -> int:
    """Sum of ``places`` on the year's entries."""
    return sum(e.places or 0 for e in _in_year(entries, fy, as_at))


def settle(entries: Iterable[LedgerEntry], as_at: date | None = None) -> list[tuple[LedgerEntry, int, int]]:
    """Every commitment of one fund's entries (any year) with (paid against it, outstanding).

    Payments of any year dated on or before ``as_at`` (if given) settle. Several commitments
    sharing a reference are settled in date order (the earliest first), so the payments are
    never counted twice.
    """
    payments: dict[str, int] = defaultdict(int)
    commitments: dict[str, list[LedgerEntry]] = defaultdict(list)
    keys: dict[str, str] = {}
    for e in entries:
        if as_at is not None and e.date > as_at:
            continue
        if e.kind not in (PAYMENT, COMMITMENT):
            continue
        key = keys.get(e.reference)
        if key is None:
            key = keys[e.reference] = settlement_key(e.reference)
        if e.kind == PAYMENT:
            payments[key] += e.amount_pence
        else:
            commitments[key].append(e)
    out: list[tuple[LedgerEntry, int, int]] = []
    for key, group in commitments.items():
        left = payments.get(key, 0) if key else 0
        for c in sorted(group, key=lambda e: (e.date, e.id or 0)):
            used = min(left, c.amount_pence)
            left -= used
            out.append((c, used, c.amount_pence - used))
    out.sort(key=lambda t: (t[0].date, t[0].id or 0))
    return out


def commitment_balances(
    entries: Iterable[LedgerEntry], fy: str, as_at: date | None = None
) -> list[tuple[LedgerEntry, int, int]]:
    """For each of the year's commitments: (commitment, paid against its reference, outstanding).
    ``entries`` are one fund's entries of every year (see :func:`settle`)."""
    start, end = fy_bounds(fy)
    return [t for t in settle(entries, as_at) if start <= t[0].date <= end]


def outstanding(entries: Iterable[LedgerEntry], fy: str, as_at: date | None = None) -> int:
    """Sum over the year's commitments of max(0, commitment - payments with its reference)."""
    return sum(left for _, _, left in commitment_balances(entries, fy, as_at))


def available(allocated_pence: int, paid_pence: int, outstanding_pence: int) -> int:
    """allocated - paid - outstanding; negative means overspent."""
    return allocated_pence - paid_pence - outstanding_pence


def cost_per_person(paid_pence: int, people: int) -> int | None:
    """Pence per person trained, rounded half up; ``None`` when nobody was trained."""
    if people <= 0:
        return None
    return (2 * paid_pence + people) // (2 * people)


def figures(
    fund_code: str,
    entries: Iterable[LedgerEntry],
    fy: str,
    people_trained: int = 0,
    as_at: date | None = None,
) -> FundFigures:
    """All the figures of one fund and year (``entries``: the ledger, any funds, any years)."""
    fy = parse_fy(fy)
    mine = [e for e in entries if e.fund_code == fund_code]
    a = allocated(mine, fy, as_at)
    p = paid(mine, fy, as_at)
    o = outstanding(mine, fy, as_at)
    return FundFigures(
        fund=fund_code,
        fy=fy,
        allocated_pence=a,
        paid_pence=p,
        outstanding_pence=o,
        available_pence=available(a, p, o),
        places=places_bought(mine, fy, as_at),
        people_trained=people_trained,
        cost_per_person_pence=cost_per_person(p, people_trained),
    )


def figures_for_years(
    fund_code: str, entries: Iterable[LedgerEntry], years: Iterable[str], people: Mapping[str, int] | None = None
) -> dict[str, FundFigures]:
    """:func:`figures` for several years of one fund, settling the commitments once.
    Equal, year by year, to calling :func:`figures` for each."""
    mine = [e for e in entries if e.fund_code == fund_code]
    settled = settle(mine)
    people = people or {}
    by_year: dict[str, list[LedgerEntry]] = defaultdict(list)
    for e in mine:
        by_year[e.fy].append(e)
    left_by_year: dict[str, int] = defaultdict(int)
    for c, _, left in settled:
        left_by_year[c.fy] += left
    out = {}
    for fy in years:
        fy = parse_fy(fy)
        year = by_year.get(fy, [])
        a = sum(e.amount_pence for e in year if e.kind == ALLOCATION)
        p = sum(e.signed_paid_pence for e in year)
        o = left_by_year.get(fy, 0)
        n = people.get(fy, 0)
        out[fy] = FundFigures(fund_code, fy, a, p, o, available(a, p, o), sum(e.places or 0 for e in year), n,
                              cost_per_person(p, n))
    return out


def burn_down(entries: Sequence[LedgerEntry], fy: str) -> list[tuple[date, int]]:
    """Available money through the year for one fund: (date, available as the year stood at
    the end of that date), on 1 April, on every date an entry changes it, and on 31 March.

    Each point equals :func:`available` of :func:`allocated`, :func:`paid` and
    :func:`outstanding` with ``as_at`` = that date; computed in one pass over the entries.
    """
    start, end = fy_bounds(fy)
    events = sorted((e for e in entries if e.date <= end), key=lambda e: (e.date, e.id or 0))
    alloc = paid_so_far = 0
    pay_by_ref: dict[str, int] = defaultdict(int)
    commits_by_ref: dict[str, list[LedgerEntry]] = defaultdict(list)
    left_by_ref: dict[str, int] = {}

    def refresh(key: str) -> None:
        left = pay_by_ref.get(key, 0) if key else 0
        total = 0
        for c in commits_by_ref[key]:  # kept in date order
            used = min(left, c.amount_pence)
            left -= used
            if c.date >= start:
                total += c.amount_pence - used
        left_by_ref[key] = total

    points: list[tuple[date, int]] = []
    outstanding_total = 0
    i = 0
    while i < len(events):
        day = events[i].date
        touched: set[str] = set()
        while i < len(events) and events[i].date == day:
            e = events[i]
            i += 1
            key = settlement_key(e.reference)
            if e.kind == PAYMENT:
                pay_by_ref[key] += e.amount_pence
                touched.add(key)
            elif e.kind == COMMITMENT:
                commits_by_ref[key].append(e)
                touched.add(key)
            if day >= start:
                if e.kind == ALLOCATION:
                    alloc += e.amount_pence
                paid_so_far += e.signed_paid_pence
        for key in touched:
            outstanding_total -= left_by_ref.get(key, 0)
            refresh(key)
            outstanding_total += left_by_ref[key]
        if day >= start:
            if not points and day != start:
                points.append((start, 0))  # nothing of this year's is dated yet
            points.append((day, available(alloc, paid_so_far, outstanding_total)))
    if not points:
        points.append((start, 0))
    if points[-1][0] != end:
        points.append((end, points[-1][1]))
    return points


def ideal_line(entries: Sequence[LedgerEntry], fy: str) -> list[tuple[date, int]]:
    """A straight line from the year's allocation (on the date of its first allocation, or
    1 April) to zero on 31 March."""
    start, end = fy_bounds(fy)
    mine = _in_year(entries, fy)
    allocs = [e.date for e in mine if e.kind == ALLOCATION]
    begin = min(allocs) if allocs else start
    return [(begin, allocated(mine, fy)), (end, 0)]


def spend_by_category(
    entries: Iterable[LedgerEntry], fy: str, categories: Sequence[Category] = ()
) -> list[CategorySpend]:
    """Committed, outstanding, payments and refunds per category for the year (allocations
    excluded), in the categories' order; categories with no entries are left out."""
    entries = list(entries)
    fy = parse_fy(fy)
    rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for e in _in_year(entries, fy):
        name = e.category or UNCATEGORISED
        if e.kind == COMMITMENT:
            rows[name][0] += e.amount_pence
        elif e.kind == PAYMENT:
            rows[name][2] += e.amount_pence
        elif e.kind == REFUND:
            rows[name][3] += e.amount_pence
    for c, _, left in commitment_balances(entries, fy):
        rows[c.category or UNCATEGORISED][1] += left
    order = {_fold(c.name): i for i, c in enumerate(sorted(categories, key=lambda c: (c.sort_order, c.name)))}
    names = sorted(rows, key=lambda n: (order.get(_fold(n), len(order)), n == UNCATEGORISED, n))
    return [CategorySpend(n, *rows[n]) for n in names]


def totals_by_kind(entries: Iterable[LedgerEntry], fy: str) -> dict[str, int]:
    """Sum of amounts per kind for the year (every kind present, 0 when none)."""
    out = dict.fromkeys(KINDS, 0)
    for e in _in_year(entries, fy):
        out[e.kind] += e.amount_pence
    return out


def financial_years(entries: Iterable[LedgerEntry], today: date) -> list[str]:
    """Every financial year from the earliest entry's to today's, newest first."""
    years = {fy_of(e.date) for e in entries} | {fy_of(today)}
    first = min(int(y[:4]) for y in years)
    last = max(int(y[:4]) for y in years)
    return [f"{y}/{(y + 1) % 100:02d}" for y in range(last, first - 1, -1)]


# --- validating a ledger line -----------------------------------------------------------------

def _text(values: Mapping[str, Any], name: str, label: str) -> str:
    raw = values.get(name)
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = " ".join(str(raw).split())
    if len(text) > TEXT_LIMIT:
        raise InvalidValue(f"the {label} is longer than {TEXT_LIMIT} characters")
    refuse_patient_identifiers(text, f"the {label}")
    return text


def _places(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise InvalidValue(f"'{value}' is not a whole number of places")
    if isinstance(value, float):
        if not value.is_integer():
            raise InvalidValue(f"'{value}' is not a whole number of places")
        value = int(value)
    if isinstance(value, int):
        n = value
    else:
        text = str(value).strip().replace(",", "")
        if not (text.isascii() and text.isdigit()) or len(text) > 9:  # not ², not 400 digits
            raise InvalidValue(f"'{str(value)[:30]}' is not a whole number of places")
        n = int(text)
    if n < 0:
        raise InvalidValue(f"'{value}' is negative; places cannot be below 0")
    if n > 100_000:
        raise InvalidValue(f"{n} places is not believable for one entry")
    return n


def validate_entry(
    values: Mapping[str, Any],
    funds: Sequence[Fund],
    categories: Sequence[Category],
    courses: Mapping[str, str] | None = None,
    *,
    entry_id: int | None = None,
) -> tuple[LedgerEntry | None, list[tuple[str, str]]]:
    """Check one ledger line typed or imported as people write it.

    ``values`` maps :data:`FIELDS` to raw values (text or spreadsheet cells); ``courses`` maps
    course codes to names. Returns the entry, or ``None`` and every (field, reason) refused.
    """
    problems: list[tuple[str, str]] = []
    courses = courses or {}
    out: dict[str, Any] = {}

    def attempt(name: str, fn) -> None:
        try:
            out[name] = fn()
        except InvalidValue as exc:
            problems.append((name, str(exc)))

    attempt("date", lambda: parse_date(values.get("date")))
    attempt("fund", lambda: find_fund(funds, values.get("fund")).code)
    attempt("kind", lambda: parse_kind(values.get("kind")))
    attempt("amount", lambda: _amount(values.get("amount")))
    attempt("description", lambda: _text(values, "description", "description"))
    attempt("category", lambda: _category(categories, values.get("category")))
    attempt("supplier", lambda: _text(values, "supplier", "supplier"))
    attempt("reference", lambda: _text(values, "reference", "reference"))
    attempt("course", lambda: _course(courses, values.get("course")))
    attempt("places", lambda: _places(values.get("places")))
    if out.get("kind") == COMMITMENT and "reference" in out and not out["reference"]:
        problems.append(
            ("reference", "a commitment needs a reference (e.g. the order number) so the payments that settle it can be matched")
        )
    if problems:
        return None, problems
    return LedgerEntry(
        id=entry_id,
        date=out["date"],
        fund_code=out["fund"],
        kind=out["kind"],
        amount_pence=out["amount"],
        description=out["description"],
        category=out["category"],
        supplier=out["supplier"],
        reference=out["reference"],
        course_code=out["course"],
        places=out["places"],
    ), []


def _amount(value: Any) -> int:
    pence = parse_pence(value)
    if pence == 0:
        raise InvalidValue("the amount is zero; enter the amount of money (refunds are a kind, not a negative amount)")
    if pence > 100_000_000_000:
        raise InvalidValue(f"'{value}' is more than £1,000,000,000; check the amount")
    return pence


def _category(categories: Sequence[Category], value: Any) -> str | None:
    if value is None or not str(value).strip():
        return None
    return find_category(categories, value).name


def _course(courses: Mapping[str, str], value: Any) -> str | None:
    if value is None or not str(value).strip():
        return None
    want = _fold(value)
    for code, name in courses.items():
        if want in (_fold(code), _fold(name)):
            return code
    raise InvalidValue(f"'{value}' is not a course in the training register (use its code)")


def with_id(entry: LedgerEntry, entry_id: int) -> LedgerEntry:
    return replace(entry, id=entry_id)
