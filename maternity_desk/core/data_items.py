"""Data items: the unit's monthly counts (births, stillbirths, smokers at delivery...), each
typed once. A catalogue indicator's numerator and denominator are sums of data items
(``Indicator.numerator_items`` / ``denominator_items``); this module works them out, says which
indicators a changed item feeds, and, for a database that held only indicator figures, derives
the data items those figures imply (listing the ones typed twice with different numbers).

Pure Python: no Qt, no SQL, no files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from maternity_desk.core.dashboard import parse_count_text
from maternity_desk.core.indicators import Indicator
from maternity_desk.core.periods import shift_month

Number = int | float
#: (month, data item code) -> the month's figure
ItemValues = Mapping[tuple[str, str], Number]


@dataclass(frozen=True)
class ItemGroup:
    code: str
    name: str


@dataclass(frozen=True)
class DataItem:
    code: str
    name: str
    unit: str  # what is counted: babies, women, whole-time equivalents
    group: str = ""
    sort_order: int = 0
    places: int = 0  # decimal places (whole-time equivalents: 2)


def catalogue_from_json(data: dict) -> tuple[list[ItemGroup], list[DataItem]]:
    """The groups and items of ``resources/data_items.json``."""
    groups = [ItemGroup(g["code"], g["name"]) for g in data.get("groups", [])]
    items = [DataItem(i["code"], i["name"], i.get("unit", ""), i.get("group", ""), int(i.get("sort_order", 0)),
                      int(i.get("places", 0))) for i in data["items"]]
    return groups, items


def parse_item_value(item: DataItem, text: object) -> Number | None:
    """A typed or pasted figure for ``item``: blank -> None; else a whole number >= 0 (a number
    with up to ``item.places`` decimal places)."""
    return parse_count_text(text, places=item.places)


# --- indicators from data items --------------------------------------------------------------

def items_of(ind: Indicator) -> tuple[str, ...]:
    """Every data item the indicator reads, numerator's first, each once."""
    return tuple(dict.fromkeys((*ind.numerator_items, *ind.denominator_items)))


def numerator_months(ind: Indicator, month: str) -> list[str]:
    """The months the numerator sums: the month itself, or the window ending there."""
    return [shift_month(month, -k) for k in range(ind.numerator_window - 1, -1, -1)]


def _sum(codes: Sequence[str], months: Sequence[str], values: ItemValues) -> Number | None:
    total: Number = 0
    for m in months:
        for c in codes:
            v = values.get((m, c))
            if v is None:
                return None
            total += v
    return round(total, 2) if isinstance(total, float) else total


def compute(ind: Indicator, month: str, values: ItemValues) -> tuple[Number, Number] | None:
    """(numerator, denominator) of ``ind`` for ``month`` from data item figures; None when the
    indicator is not worked out from items or any item it needs has no figure."""
    if not ind.from_items:
        return None
    num = _sum(ind.numerator_items, numerator_months(ind, month), values)
    den = _sum(ind.denominator_items, [month], values)
    if num is None or den is None:
        return None
    return num, den


def computed_problems(ind: Indicator, num: Number, den: Number) -> list[str]:
    """Why a worked-out pair cannot stand as the indicator's figure (empty when it can)."""
    if ind.is_proportion and num > den:
        return [f"{ind.name}: the numerator ({num}) is more than the denominator ({den})"]
    return []


def dependents(indicators: Iterable[Indicator], changed: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """(month, indicator code) of every indicator figure a change to the (month, item) pairs
    ``changed`` feeds (a windowed numerator feeds the months after as well)."""
    by_item: dict[str, list[Indicator]] = {}
    for ind in indicators:
        if ind.from_items:
            for code in items_of(ind):
                by_item.setdefault(code, []).append(ind)
    out: set[tuple[str, str]] = set()
    for month, code in changed:
        for ind in by_item.get(code, ()):
            out.add((month, ind.code))
            if code in ind.numerator_items:
                out.update((shift_month(month, k), ind.code) for k in range(1, ind.numerator_window))
    return out


def feeds(indicators: Iterable[Indicator], item: str) -> list[Indicator]:
    """The indicators whose numerator or denominator counts ``item``."""
    return [i for i in indicators if item in items_of(i)]


# --- deriving data items from indicator figures -----------------------------------------------

@dataclass(frozen=True)
class Candidate:
    """One figure an indicator's numerator or denominator implies for a data item."""

    indicator: str
    side: str  # "numerator" or "denominator"
    value: Number


@dataclass
class Conflict:
    """A data item one month's indicator figures imply with different numbers."""

    month: str
    item: str
    kept: Number  # the figure the data item was given (the one most indicators agree on)
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def indicators(self) -> list[str]:
        return list(dict.fromkeys(c.indicator for c in self.candidates))


@dataclass(frozen=True)
class _Constraint:
    items: tuple[str, ...]
    value: Number
    indicator: str
    side: str


def _constraints(indicators: Sequence[Indicator], month: str,
                 values: Mapping[tuple[str, str], tuple[Number, Number]]) -> list[_Constraint]:
    out = []
    for ind in indicators:
        pair = values.get((month, ind.code))
        if pair is None or not ind.from_items:
            continue
        if ind.numerator_window == 1:
            out.append(_Constraint(ind.numerator_items, pair[0], ind.code, "numerator"))
        out.append(_Constraint(ind.denominator_items, pair[1], ind.code, "denominator"))
    return out


def derive(indicators: Sequence[Indicator], values: Mapping[tuple[str, str], tuple[Number, Number]]
           ) -> tuple[dict[tuple[str, str], Number], list[Conflict]]:
    """The data item figures the indicator figures ``values`` ((month, code) -> (numerator,
    denominator)) imply, and the items implied twice with different numbers.

    An item a single-item numerator or denominator names takes that figure; an item in a sum
    (stillbirths + neonatal deaths) takes what is left once the others are known. Where the
    figures disagree the item takes the one most of them give (the first in catalogue order on
    a tie) and a :class:`Conflict` lists every figure; a windowed numerator (births in 12
    months) is not used."""
    items: dict[tuple[str, str], Number] = {}
    conflicts: list[Conflict] = []
    for month in sorted({m for m, _c in values}):
        known: dict[str, Number] = {}
        proposals: dict[str, list[Candidate]] = {}
        cons = _constraints(indicators, month, values)
        pending = list(cons)
        while True:
            fresh: dict[str, list[Candidate]] = {}
            rest = []
            for c in pending:
                unknown = [i for i in c.items if i not in known]
                if len(unknown) == 1:
                    left = c.value - sum(known[i] for i in c.items if i in known)
                    if left >= 0:
                        fresh.setdefault(unknown[0], []).append(Candidate(c.indicator, c.side, left))
                elif unknown:
                    rest.append(c)
                    continue
                if not unknown:
                    rest.append(c)
            if not fresh:
                break
            for code, cands in fresh.items():
                proposals[code] = cands
                counts = Counter(c.value for c in cands)
                top = max(counts.values())
                known[code] = next(c.value for c in cands if counts[c.value] == top)
            pending = [c for c in rest if any(i not in known for i in c.items)]
        # every constraint now fully known: the ones that do not add up are conflicts
        by_item: dict[str, Conflict] = {}
        for c in cons:
            if any(i not in known for i in c.items):
                continue
            last = c.items[-1]
            implied = c.value - sum(known[i] for i in c.items[:-1])
            cand = Candidate(c.indicator, c.side, implied)
            if cand not in proposals.setdefault(last, []):
                proposals[last].append(cand)
        for code, cands in proposals.items():
            if code in known and len({c.value for c in cands}) > 1:
                by_item[code] = Conflict(month, code, known[code], list(cands))
        conflicts.extend(by_item[k] for k in sorted(by_item))
        items.update({(month, code): v for code, v in known.items()})
    return items, conflicts
