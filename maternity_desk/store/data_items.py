"""Data items: the unit's monthly counts, each typed once. Writing a data item works out again,
in the same transaction, every indicator figure it feeds (``indicator_value`` is the worked-out
result every reader uses); conflicts a migration found are listed and settled here. Every write
is audited in its transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from maternity_desk.core.data_items import (
    Candidate,
    Conflict,
    DataItem,
    ItemGroup,
    Number,
    catalogue_from_json,
    compute,
    computed_problems,
    dependents,
    derive,
    items_of,
    parse_item_value,
)
from maternity_desk.core.errors import InvalidValue, MaternityDeskError
from maternity_desk.core.indicators import Indicator
from maternity_desk.core.periods import month_label, parse_month, shift_month
from maternity_desk.paths import resource
from maternity_desk.store import dashboard as dash

ItemChange = tuple[str, str, Number | None]  # month, item code, value (None clears it)
IndicatorRow = tuple[str, str, Number | None, Number | None]  # month, indicator, numerator, denominator


@dataclass
class Snapshot:
    """Data item figures and indicator figures as they were before a write (None: none held),
    enough to put both back exactly (undo)."""

    items: list[ItemChange] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.items or self.indicators)


@dataclass(frozen=True)
class ConflictRow:
    id: int
    month: str
    item: str
    item_name: str
    kept: Number
    candidates: tuple[Candidate, ...]
    settled_value: Number | None = None

    @property
    def values(self) -> list[Number]:
        """The different figures typed, the one kept first."""
        return list(dict.fromkeys([self.kept, *(c.value for c in self.candidates)]))


# --- catalogue ---------------------------------------------------------------------------------

def groups() -> list[ItemGroup]:
    """The groups the entry grid shows data items under, in order."""
    return catalogue_from_json(json.loads(resource("data_items.json").read_text(encoding="utf-8")))[0]


def data_items(store) -> list[DataItem]:
    return [DataItem(r["code"], r["name"], r["unit"], r["grp"], r["sort_order"], r["places"])
            for r in store.query("SELECT * FROM data_item ORDER BY sort_order, name")]


def item_values(store) -> dict[tuple[str, str], Number]:
    """Every data item figure keyed by (month, item code)."""
    return {(r[0], r[1]): r[2] for r in store.query("SELECT month, item_code, value FROM data_item_value")}


def item_months(store) -> tuple[str, str] | None:
    row = store.query_one("SELECT min(month), max(month) FROM data_item_value")
    return None if row is None or row[0] is None else (row[0], row[1])


def item_spans(store) -> dict[str, tuple[str, str, int]]:
    """Each data item's first and last month with a figure and how many months have one."""
    return {r[0]: (r[1], r[2], r[3]) for r in store.query(
        "SELECT item_code, min(month), max(month), count(*) FROM data_item_value GROUP BY item_code")}


def check_indicator_items(store, ind: Indicator) -> None:
    """:class:`InvalidValue` when ``ind`` names a data item that does not exist."""
    known = {i.code for i in data_items(store)}
    unknown = [c for c in items_of(ind) if c not in known]
    if unknown:
        raise InvalidValue(f"'{unknown[0]}' is not a data item (see 'maternity-desk data-items')")


def save_indicator(store, ind: Indicator, *, new: bool = False) -> Indicator:
    """Add or update an indicator (:func:`dashboard.save_indicator`) and, when it is worked out
    from data items, work out its months from them in the same transaction."""
    check_indicator_items(store, ind)
    with store.transaction():
        saved = dash.save_indicator(store, ind, new=new)
        recompute_indicator(store, saved)
    return saved


# --- writing -------------------------------------------------------------------------------------

def _clean(store, changes: Iterable[ItemChange]) -> list[ItemChange]:
    items = {i.code: i for i in data_items(store)}
    out: dict[tuple[str, str], Number | None] = {}
    for month, code, value in changes:
        item = items.get(code)
        if item is None:
            raise InvalidValue(f"'{code}' is not a data item (see 'maternity-desk data-items')")
        month = parse_month(month)
        try:
            value = parse_item_value(item, value)
        except InvalidValue as exc:
            raise InvalidValue(f"{item.name}, {month_label(month)}: {exc}") from None
        out[(month, code)] = value
    return [(m, c, v) for (m, c), v in out.items()]


def _frozen(store, months: set[str]) -> set[tuple[str, str]]:
    """(month, indicator) figures an open conflict holds as typed until it is settled."""
    out = set()
    if not months:
        return out
    marks = ", ".join("?" for _ in months)
    for r in store.query(f"SELECT month, candidates FROM data_item_conflict WHERE settled_at IS NULL"
                         f" AND month IN ({marks})", sorted(months)):
        out.update((r[0], c[0]) for c in json.loads(r[1]))
    return out


def _indicator_rows(store, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], tuple[Number, Number]]:
    keys = sorted(set(keys))
    out = {}
    for month in sorted({m for m, _c in keys}):
        codes = [c for m, c in keys if m == month]
        marks = ", ".join("?" for _ in codes)
        for r in store.query(f"SELECT indicator_code, numerator, denominator FROM indicator_value"
                             f" WHERE month = ? AND indicator_code IN ({marks})", (month, *codes)):
            out[(month, r[0])] = (r[1], r[2])
    return out


def _write_indicators(store, rows: Sequence[IndicatorRow]) -> None:
    deletes = [(m, c) for m, c, n, _d in rows if n is None]
    upserts = [(m, c, n, d) for m, c, n, d in rows if n is not None]
    if deletes:
        store.executemany("DELETE FROM indicator_value WHERE month = ? AND indicator_code = ?", deletes)
    if upserts:
        store.executemany(
            "INSERT INTO indicator_value (month, indicator_code, numerator, denominator) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (month, indicator_code) DO UPDATE SET numerator = excluded.numerator,"
            " denominator = excluded.denominator", upserts)


def _write_items(store, rows: Sequence[ItemChange]) -> None:
    deletes = [(m, c) for m, c, v in rows if v is None]
    upserts = [(m, c, v) for m, c, v in rows if v is not None]
    if deletes:
        store.executemany("DELETE FROM data_item_value WHERE month = ? AND item_code = ?", deletes)
    if upserts:
        store.executemany(
            "INSERT INTO data_item_value (month, item_code, value) VALUES (?, ?, ?)"
            " ON CONFLICT (month, item_code) DO UPDATE SET value = excluded.value", upserts)


def _values_around(store, months: set[str], window: int) -> dict[tuple[str, str], Number]:
    first, last = shift_month(min(months), -(window - 1)), max(months)
    return {(r[0], r[1]): r[2] for r in store.query(
        "SELECT month, item_code, value FROM data_item_value WHERE month BETWEEN ? AND ?", (first, last))}


def _recomputed(store, inds: Sequence[Indicator], keys: set[tuple[str, str]],
                cleared: set[tuple[str, str]]) -> list[IndicatorRow]:
    """The indicator figures ``keys`` now stand at: worked out where every item has a figure
    (removed when the pair fails a check), removed where an item they were worked out from was
    cleared (``cleared``), left alone otherwise (a figure typed before data items)."""
    if not keys:
        return []
    by_code = {i.code: i for i in inds}
    window = max((i.numerator_window for i in inds), default=1)
    values = _values_around(store, {m for m, _c in keys}, window)
    held = _indicator_rows(store, keys)
    out: list[IndicatorRow] = []
    for month, code in sorted(keys):
        ind = by_code[code]
        pair = compute(ind, month, values)
        if pair is not None and not computed_problems(ind, *pair):
            if held.get((month, code)) != pair:
                out.append((month, code, *pair))
        elif (pair is not None or (month, code) in cleared) and (month, code) in held:
            out.append((month, code, None, None))
    return out


def set_items(store, changes: Iterable[ItemChange], *, action: str = "edit") -> Snapshot:
    """Write data item figures (None clears one) and work out again every indicator figure
    they feed, in one transaction with one audit row. Writing an item that has an open conflict
    that month settles it. Returns what was held before, for :func:`restore`."""
    clean = _clean(store, changes)
    if not clean:
        return Snapshot()
    with store.transaction():
        inds = dash.indicators(store)
        keys = [(m, c) for m, c, _v in clean]
        held = item_values_for(store, keys)
        before_items = [(m, c, held.get((m, c))) for m, c, _v in clean]
        changed = [(m, c, v) for m, c, v in clean if held.get((m, c)) != v]
        _write_items(store, changed)
        settled = _settle_open(store, [(m, c, v) for m, c, v in clean if v is not None])
        touched = dependents(inds, [(m, c) for m, c, _v in changed])
        touched -= _frozen(store, {m for m, _c in touched})
        if settled:  # a settled conflict's indicators are worked out from the item again
            touched |= dependents(inds, settled) - _frozen(store, {m for m, _c in settled})
        cleared = dependents(inds, [(m, c) for m, c, v in changed if v is None])
        rows = _recomputed(store, inds, touched, cleared)
        before_rows = _indicator_rows(store, [(m, c) for m, c, _n, _d in rows])
        before_ind = [(m, c, *before_rows.get((m, c), (None, None))) for m, c, _n, _d in rows]
        _write_indicators(store, rows)
        store.audit(action, "data_item_value", clean[0][0] if len({m for m, _c, _v in clean}) == 1 else None,
                    {"items": [list(b) for b in before_items], "indicators": [list(r) for r in before_ind]},
                    {"items": [list(c) for c in clean], "indicators": [list(r) for r in rows],
                     **({"settled": [list(s) for s in settled]} if settled else {})})
    return Snapshot(before_items, before_ind)


def restore(store, snapshot: Snapshot, *, action: str = "undo") -> Snapshot:
    """Put data item and indicator figures back exactly as ``snapshot`` holds them (no working
    out). Returns what was held before."""
    if not snapshot:
        return Snapshot()
    with store.transaction():
        held = item_values_for(store, [(m, c) for m, c, _v in snapshot.items])
        before_items = [(m, c, held.get((m, c))) for m, c, _v in snapshot.items]
        rows = _indicator_rows(store, [(m, c) for m, c, _n, _d in snapshot.indicators])
        before_ind = [(m, c, *rows.get((m, c), (None, None))) for m, c, _n, _d in snapshot.indicators]
        _write_items(store, snapshot.items)
        _write_indicators(store, snapshot.indicators)
        store.audit(action, "data_item_value", None,
                    {"items": [list(b) for b in before_items], "indicators": [list(r) for r in before_ind]},
                    {"items": [list(c) for c in snapshot.items],
                     "indicators": [list(r) for r in snapshot.indicators]})
    return Snapshot(before_items, before_ind)


def item_values_for(store, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Number]:
    keys = sorted(set(keys))
    out = {}
    for month in sorted({m for m, _c in keys}):
        codes = [c for m, c in keys if m == month]
        marks = ", ".join("?" for _ in codes)
        for r in store.query(f"SELECT item_code, value FROM data_item_value WHERE month = ?"
                             f" AND item_code IN ({marks})", (month, *codes)):
            out[(month, r[0])] = r[1]
    return out


def recompute_indicator(store, ind: Indicator) -> int:
    """Work out every month of ``ind`` from its data items (after its items were set or
    changed); months whose items are incomplete keep what they hold. Returns figures written."""
    if not ind.from_items:
        return 0
    with store.transaction():
        months = {r[0] for r in store.query(
            f"SELECT DISTINCT month FROM data_item_value WHERE item_code IN ({', '.join('?' for _ in items_of(ind))})",
            items_of(ind))}
        keys = {(m, ind.code) for m in months}
        keys |= {(shift_month(m, k), ind.code) for m in months for k in range(1, ind.numerator_window)}
        rows = _recomputed(store, [ind], keys, set())
        if rows:
            before = _indicator_rows(store, [(m, c) for m, c, _n, _d in rows])
            _write_indicators(store, rows)
            store.audit("recompute", "indicator_value", ind.code,
                        {"values": [[m, *before.get((m, c), (None, None))] for m, c, _n, _d in rows]},
                        {"values": [[m, n, d] for m, _c, n, d in rows]})
    return len(rows)


def absorb_indicator_figures(store, rows: Sequence[IndicatorRow]) -> int:
    """After indicator figures were written as such (a file in the indicator layout, a
    returned workbook): give the data items they imply where none is held; where one is held
    with a different figure, or the rows imply one twice, list it to settle (the indicator
    figures stay as written). Returns how many items were given figures."""
    inds = dash.indicators(store)
    values = {(m, c): (n, d) for m, c, n, d in rows if n is not None}
    if not values:
        return 0
    derived, clashes = derive(inds, values)
    held = item_values_for(store, derived)
    new = [(m, c, v) for (m, c), v in sorted(derived.items()) if (m, c) not in held]
    by_key = {(x.month, x.item): x for x in clashes}
    for (m, c), v in derived.items():
        if (m, c) in held and held[(m, c)] != v:
            cands = by_key[(m, c)].candidates if (m, c) in by_key else [
                Candidate(i.code, side, v) for i in inds if (m, i.code) in values
                for side, its in (("numerator", i.numerator_items), ("denominator", i.denominator_items))
                if its == (c,) and (i.numerator_window == 1 or side == "denominator")]
            by_key[(m, c)] = Conflict(m, c, held[(m, c)], list(cands))
    with store.transaction():
        _write_items(store, new)
        store.executemany(
            "INSERT INTO data_item_conflict (month, item_code, kept, candidates) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (month, item_code) DO UPDATE SET kept = excluded.kept, candidates = excluded.candidates,"
            " settled_value = NULL, settled_at = NULL",
            [(x.month, x.item, x.kept, json.dumps([[c.indicator, c.side, c.value] for c in x.candidates]))
             for x in by_key.values()])
        if new or by_key:
            store.audit("derive", "data_item_value", None, None,
                        {"items": [list(n) for n in new], "conflicts": len(by_key)})
    return len(new)


# --- conflicts -----------------------------------------------------------------------------------

def _conflict(r, names: dict[str, str]) -> ConflictRow:
    return ConflictRow(r["id"], r["month"], r["item_code"], names.get(r["item_code"], r["item_code"]), r["kept"],
                       tuple(Candidate(*c) for c in json.loads(r["candidates"])), r["settled_value"])


def conflicts(store, *, include_settled: bool = False) -> list[ConflictRow]:
    """Data items an earlier database held twice with different figures, oldest month first."""
    names = {i.code: i.name for i in data_items(store)}
    where = "" if include_settled else " WHERE settled_at IS NULL"
    return [_conflict(r, names) for r in store.query(
        f"SELECT * FROM data_item_conflict{where} ORDER BY month, id")]


def _settle_open(store, changes: Sequence[ItemChange]) -> list[tuple[str, str]]:
    """Mark the open conflicts of the items written as settled at the figure written."""
    out = []
    now = datetime.now().isoformat(timespec="seconds")
    for month, code, value in changes:
        row = store.query_one("SELECT id FROM data_item_conflict WHERE month = ? AND item_code = ?"
                              " AND settled_at IS NULL", (month, code))
        if row is not None:
            store.execute("UPDATE data_item_conflict SET settled_value = ?, settled_at = ? WHERE id = ?",
                          (value, now, row[0]))
            out.append((month, code))
    return out


def settle_conflict(store, conflict_id: int, value: Number) -> Snapshot:
    """Settle a conflict: the data item takes ``value`` and every indicator it feeds that month
    is worked out from it (the figures typed before are replaced; the audit keeps them)."""
    row = store.query_one("SELECT month, item_code, settled_at FROM data_item_conflict WHERE id = ?",
                          (conflict_id,))
    if row is None:
        raise MaternityDeskError("That conflict no longer exists.")
    if row[2] is not None:
        raise InvalidValue("that conflict has already been settled")
    return set_items(store, [(row[0], row[1], value)], action="settle")
