"""Dashboard queries and writes: the indicator catalogue, the unit's monthly values, peer
units' values, annotations and SPC settings. Every write is audited in its transaction."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import asdict

from maternity_desk.core.dashboard import (
    Annotation,
    Series,
    SpcSetting,
    SummaryRow,
    build_series,
    series_from_columns,
    spc_view,
    summary_row,
)
from maternity_desk.core.errors import InvalidValue, MaternityDeskError
from maternity_desk.core.indicators import Indicator
from maternity_desk.core.periods import parse_month

_COLS = ("code", "name", "numerator", "denominator", "scale", "better", "grp", "chart",
         "rag_green", "rag_red", "baseline", "baseline_year", "target", "target_year",
         "definition_version", "source", "notes", "sort_order", "ambition", "ambition_source", "rare_event",
         "numerator_items", "denominator_items", "numerator_window")


def _indicator(row) -> Indicator:
    d = dict(row)
    d["group"] = d.pop("grp")
    d["rare_event"] = bool(d["rare_event"])
    for key in ("numerator_items", "denominator_items"):
        d[key] = tuple(c for c in (d.get(key) or "").split("+") if c)
    return Indicator(**{k: d[k] for k in Indicator.__dataclass_fields__})


def _row(ind: Indicator) -> dict:
    d = asdict(ind)
    d["grp"] = d.pop("group")
    d["rare_event"] = 1 if d["rare_event"] else 0
    for key in ("numerator_items", "denominator_items"):
        d[key] = "+".join(d[key])
    return {c: d[c] for c in _COLS}


# --- catalogue -------------------------------------------------------------------------------

def indicators(store) -> list[Indicator]:
    """The whole catalogue in display order."""
    rows = store.query("SELECT * FROM indicator ORDER BY sort_order, name")
    return [_indicator(r) for r in rows]


def indicator(store, code: str) -> Indicator:
    row = store.query_one("SELECT * FROM indicator WHERE code = ?", (code,))
    if row is None:
        raise MaternityDeskError(
            f"There is no indicator with the code '{code}' (see 'maternity-desk indicators')."
        )
    return _indicator(row)


def find_indicator(store, text: str) -> Indicator | None:
    """An indicator by its code or its name, ignoring case and surrounding spaces."""
    key = (text or "").strip().lower()
    if not key:
        return None
    row = store.query_one(
        "SELECT * FROM indicator WHERE lower(code) = ? OR lower(trim(name)) = ?", (key, key)
    )
    return _indicator(row) if row else None


def save_indicator(store, ind: Indicator, *, new: bool = False) -> Indicator:
    """Add a new indicator (``new``; it becomes a local one) or update an existing one."""
    clean = ind.validated()
    with store.transaction():
        exists = store.scalar("SELECT 1 FROM indicator WHERE code = ?", (clean.code,))
        if new:
            if exists:
                raise InvalidValue(f"an indicator with the code '{clean.code}' already exists")
            if store.scalar(
                "SELECT 1 FROM indicator WHERE lower(trim(name)) = lower(?)", (clean.name,)
            ):
                raise InvalidValue(f"an indicator named '{clean.name}' already exists")
            order = store.scalar("SELECT coalesce(max(sort_order), 0) + 10 FROM indicator")
            values = _row(clean)
            values.update(source="local", sort_order=clean.sort_order or order)
            store.insert("indicator", values, key_col="code")
        else:
            if not exists:
                raise MaternityDeskError(f"The indicator '{clean.code}' no longer exists.")
            if store.scalar(
                "SELECT 1 FROM indicator WHERE lower(trim(name)) = lower(?) AND code <> ?",
                (clean.name, clean.code),
            ):
                raise InvalidValue(f"another indicator is already named '{clean.name}'")
            changes = _row(clean)
            changes.pop("code")
            changes.pop("source")
            store.update("indicator", "code", clean.code, changes)
    return indicator(store, clean.code)


def delete_indicator(store, code: str) -> int:
    """Remove a unit's own indicator with all its values, annotations and SPC settings
    (shipped ones are kept). The audit log keeps the values it removed. Returns how many
    monthly values went."""
    ind = indicator(store, code)
    if ind.source != "local":
        raise InvalidValue(
            f"{ind.name} is a national indicator and cannot be deleted; edit its thresholds instead"
        )
    with store.transaction():
        values = {m: [n, d] for m, n, d in monthly_values(store, code)}
        if values:
            store.audit("delete", "indicator_value", code, values, None)
        store.delete("indicator", "code", code)  # values, notes and settings cascade
    return len(values)


# --- the unit's own monthly values -----------------------------------------------------------

def monthly_values(store, code: str, unit: str | None = None, *,
                   last: str | None = None) -> list[tuple[str, int, int]]:
    """(month, numerator, denominator) in month order: the unit's own, or peer ``unit``'s;
    with ``last`` (YYYY-MM), none after that month."""
    table, where, params = "indicator_value", "indicator_code = ?", [code]
    if unit is not None:
        table, where = "peer_value", where + " AND unit = ?"
        params.append(unit)
    if last is not None:
        where += " AND month <= ?"
        params.append(last)
    rows = store.query(f"SELECT month, numerator, denominator FROM {table} WHERE {where} ORDER BY month", params)
    return [(r[0], r[1], r[2]) for r in rows]


def values_by_indicator(store, *, last: str | None = None) -> dict[str, list[tuple[str, int, int]]]:
    """Every own value, one query for all indicators: code -> [(month, numerator,
    denominator)] in month order; with ``last`` (YYYY-MM), none after that month."""
    by_code: dict[str, list[tuple[str, int, int]]] = {}
    for month, code, num, den in store.query(
            "SELECT month, indicator_code, numerator, denominator FROM indicator_value"
            + (" WHERE month <= ?" if last is not None else "") + " ORDER BY month",
            (last,) if last is not None else ()):
        by_code.setdefault(code, []).append((month, num, den))
    return by_code


def value_columns(store) -> dict[str, tuple[Sequence[str], Sequence[int], Sequence[int]]]:
    """Every own value, one query for all indicators, as columns: code -> (months,
    numerators, denominators) in month order. The rows come sorted by code and month (the
    table's (indicator_code, month) index) as plain tuples, are turned into four columns at
    once and cut at each code's first and last row; no object is made per value."""
    rows = store.query_tuples(
        "SELECT indicator_code, month, numerator, denominator FROM indicator_value "
        "ORDER BY indicator_code, month")
    if not rows:
        return {}
    codes, months, nums, dens = zip(*rows)
    out = {}
    start, n = 0, len(codes)
    while start < n:
        code = codes[start]
        # SQLite orders text byte by byte (UTF-8), which is Python's order of the same strings
        end = bisect_right(codes, code, start)
        out[code] = (months[start:end], nums[start:end], dens[start:end])
        start = end
    return out


def all_values(store) -> dict[tuple[str, str], tuple[int, int]]:
    """Every own value keyed by (month, indicator code)."""
    return {
        (r[0], r[1]): (r[2], r[3])
        for r in store.query("SELECT month, indicator_code, numerator, denominator FROM indicator_value")
    }


def value_months(store) -> tuple[str, str] | None:
    row = store.query_one("SELECT min(month), max(month) FROM indicator_value")
    return None if row is None or row[0] is None else (row[0], row[1])


def peer_value_months(store) -> tuple[str, str] | None:
    """The first and last month any peer unit has a value for (None when there are none)."""
    row = store.query_one("SELECT min(month), max(month) FROM peer_value")
    return None if row is None or row[0] is None else (row[0], row[1])


def peer_unit_values(store, unit: str) -> dict[tuple[str, str], tuple[int, int]]:
    """Every value of one peer unit keyed by (month, indicator code), as :func:`all_values`."""
    rows = store.query("SELECT month, indicator_code, numerator, denominator FROM peer_value WHERE unit = ?",
                       (unit,))
    return {(r[0], r[1]): (r[2], r[3]) for r in rows}


Change = tuple[str, str, int | None, int | None]  # month, code, numerator, denominator


def set_values(store, changes: Sequence[Change], *, action: str = "edit",
               unit: str | None = None) -> list[Change]:
    """Write several cells at once (None, None deletes the month's value) in one transaction
    with one audit row listing each value before and after. Returns the values as they were
    before, in the same shape, so the caller can undo. ``unit`` writes a peer unit's values."""
    if not changes:
        return []
    if unit is None:
        table, where, extra = "indicator_value", "", ()
    else:
        table, where, extra = "peer_value", " AND unit = ?", (unit,)
    with store.transaction():
        before: list[Change] = []
        for month, code, num, den in changes:
            if (num is None) != (den is None):
                raise InvalidValue(f"{code} {month}: give both the numerator and the denominator")
            row = store.query_one(
                f"SELECT numerator, denominator FROM {table} WHERE month = ? AND indicator_code = ?{where}",
                (month, code, *extra))
            before.append((month, code, row[0] if row else None, row[1] if row else None))
        deletes = [(m, c, *extra) for m, c, n, _d in changes if n is None]
        upserts = [(*extra, m, c, n, d) for m, c, n, d in changes if n is not None]
        if deletes:
            store.executemany(
                f"DELETE FROM {table} WHERE month = ? AND indicator_code = ?{where}", deletes)
        if upserts:
            cols = ("unit, " if unit is not None else "") + "month, indicator_code, numerator, denominator"
            marks = ", ".join("?" for _ in upserts[0])
            conflict = ("unit, " if unit is not None else "") + "month, indicator_code"
            store.executemany(
                f"INSERT INTO {table} ({cols}) VALUES ({marks}) ON CONFLICT ({conflict}) DO UPDATE "
                "SET numerator = excluded.numerator, denominator = excluded.denominator",
                upserts)
        store.audit(
            action, table, unit if unit is not None else (changes[0][0] if len(changes) == 1 else None),
            {"values": [list(b) for b in before]},
            {"values": [list(c) for c in changes]},
        )
    return before


def set_value(store, month: str, code: str, numerator: int | None, denominator: int | None) -> Change:
    """One cell; returns its previous value."""
    return set_values(store, [(month, code, numerator, denominator)])[0]


def series(store, code: str, unit: str | None = None, *, last: str | None = None) -> Series:
    """The indicator's months from its first with data to its last; with ``last``
    (YYYY-MM), months after it are left out (and none are added after the data ends)."""
    return build_series(indicator(store, code), monthly_values(store, code, unit, last=last))


# --- peers -------------------------------------------------------------------------------------

def peer_units(store) -> list[dict]:
    return [dict(r) for r in store.query("SELECT name, ods_code, peer_group FROM peer_unit ORDER BY name")]


def add_peer_unit(store, name: str, ods_code: str = "", peer_group: str = "") -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidValue("the peer unit needs a name")
    own = store.unit_settings().unit_name
    if own and name.lower() == own.lower():
        raise InvalidValue(f"'{name}' is this unit; its own figures are entered in the grid")
    with store.transaction():
        if store.scalar("SELECT 1 FROM peer_unit WHERE lower(name) = lower(?)", (name,)):
            raise InvalidValue(f"a peer unit named '{name}' already exists")
        store.insert("peer_unit", {"name": name, "ods_code": (ods_code or "").strip().upper(),
                                   "peer_group": (peer_group or "").strip()}, key_col="name")
    return name


def delete_peer_unit(store, name: str) -> None:
    with store.transaction():
        n = store.scalar("SELECT count(*) FROM peer_value WHERE unit = ?", (name,))
        store.delete("peer_unit", "name", name)
        if n:
            store.audit("delete", "peer_value", name, {"values": n}, None)


def peer_values(store, code: str) -> list[tuple[str, str, int, int]]:
    """(unit, month, numerator, denominator) for every peer unit."""
    rows = store.query(
        "SELECT unit, month, numerator, denominator FROM peer_value WHERE indicator_code = ? "
        "ORDER BY unit, month", (code,))
    return [tuple(r) for r in rows]


def peer_keys(store, unit: str) -> set[tuple[str, str]]:
    """(month, indicator code) of every value held for peer unit ``unit``."""
    return {(r[0], r[1]) for r in store.query("SELECT month, indicator_code FROM peer_value WHERE unit = ?",
                                              (unit,))}


def comparison_values(store, code: str) -> list[tuple[str, str, int, int]]:
    """The unit's own and its peers' values together, the own unit under its name."""
    own = store.unit_settings().unit_name or "This unit"
    return [(own, m, n, d) for m, n, d in monthly_values(store, code)] + peer_values(store, code)


def own_unit_name(store) -> str:
    return store.unit_settings().unit_name or "This unit"


# --- annotations ---------------------------------------------------------------------------------

def annotations(store, code: str | None = None) -> list[Annotation]:
    """Annotations for ``code`` plus those pinned to every indicator; all when code is None."""
    if code is None:
        rows = store.query("SELECT * FROM indicator_annotation ORDER BY month, id")
    else:
        rows = store.query(
            "SELECT * FROM indicator_annotation WHERE indicator_code = ? OR indicator_code IS NULL "
            "ORDER BY month, id", (code,))
    return [Annotation(r["id"], r["month"], r["indicator_code"], r["text"]) for r in rows]


def add_annotation(store, month: str, text: str, code: str | None = None) -> int:
    month = parse_month(month)
    text = (text or "").strip()
    if not text:
        raise InvalidValue("the annotation needs some text")
    if code is not None:
        indicator(store, code)
    with store.transaction():
        return store.insert("indicator_annotation",
                            {"month": month, "indicator_code": code, "text": text})


def delete_annotation(store, annotation_id: int) -> None:
    with store.transaction():
        store.delete("indicator_annotation", "id", annotation_id)


# --- SPC settings -----------------------------------------------------------------------------------

def spc_setting(store, code: str) -> SpcSetting:
    row = store.query_one("SELECT baseline, chart, rule_points FROM spc_setting WHERE indicator_code = ?", (code,))
    rebases = tuple(r[0] for r in store.query(
        "SELECT month FROM spc_rebase WHERE indicator_code = ? ORDER BY month", (code,)))
    return SpcSetting(code, row[0] if row else None, row[1] if row else None, rebases, row[2] if row else None)


def spc_settings(store) -> dict[str, SpcSetting]:
    base, points = {}, {}
    for code, baseline, chart, rule_points in store.query_tuples(
            "SELECT indicator_code, baseline, chart, rule_points FROM spc_setting"):
        base[code] = (baseline, chart)
        points[code] = rule_points
    rebases: dict[str, list[str]] = {}
    for code, month in store.query("SELECT indicator_code, month FROM spc_rebase ORDER BY month"):
        rebases.setdefault(code, []).append(month)
    codes = set(base) | set(rebases)
    return {c: SpcSetting(c, *base.get(c, (None, None)), tuple(rebases.get(c, ())), points.get(c)) for c in codes}


def save_spc_setting(store, setting: SpcSetting) -> None:
    """Baseline, chart type override and rebase months for one indicator (audited)."""

    indicator(store, setting.indicator_code)
    if setting.baseline is not None and setting.baseline < 2:
        raise InvalidValue("a baseline needs at least 2 points")
    if setting.chart not in (None, "xmr", "p", "run", "g", "cusum"):
        raise InvalidValue(f"'{setting.chart}' is not a chart type")
    if setting.rule_points not in (None, 6, 7):
        raise InvalidValue("a shift or trend is 6 or 7 points")
    months = tuple(sorted({parse_month(m) for m in setting.rebase_months}))
    old = spc_setting(store, setting.indicator_code)
    new = SpcSetting(setting.indicator_code, setting.baseline, setting.chart, months, setting.rule_points)
    if old == new:
        return
    with store.transaction():
        store.execute(
            "INSERT INTO spc_setting (indicator_code, baseline, chart, rule_points) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (indicator_code) DO UPDATE SET baseline = excluded.baseline, chart = excluded.chart, "
            "rule_points = excluded.rule_points",
            (new.indicator_code, new.baseline, new.chart, new.rule_points))
        store.execute("DELETE FROM spc_rebase WHERE indicator_code = ?", (new.indicator_code,))
        store.executemany("INSERT INTO spc_rebase (indicator_code, month) VALUES (?, ?)",
                          [(new.indicator_code, m) for m in months])
        store.audit("update", "spc_setting", new.indicator_code,
                    {"baseline": old.baseline, "chart": old.chart, "rebase": list(old.rebase_months),
                     "rule_points": old.rule_points},
                    {"baseline": new.baseline, "chart": new.chart, "rebase": list(new.rebase_months),
                     "rule_points": new.rule_points})


# --- views --------------------------------------------------------------------------------------------

def spc(store, code: str, *, baseline: int | None = None, chart: str | None = None,
        last: str | None = None):
    """The SPC view of one indicator as the user set it up; with ``last`` (YYYY-MM), as it
    stood at the end of that month: later months are left out of the chart and its limits."""
    s = series(store, code, last=last)
    return spc_view(s, spc_setting(store, code), baseline=baseline, chart=chart)


def summary(store, codes: Iterable[str] | None = None) -> list[SummaryRow]:
    """The summary table: one row per indicator with data (latest value, mean, limits,
    variation, assurance, RAG)."""
    settings = spc_settings(store)
    by_code = value_columns(store)
    wanted = set(codes) if codes is not None else None
    out = []
    for ind in indicators(store):
        if wanted is not None and ind.code not in wanted:
            continue
        columns = by_code.get(ind.code)
        if not columns:
            continue
        out.append(summary_row(series_from_columns(ind, *columns), settings.get(ind.code)))
    return out


def catalogue_json(ind: Indicator) -> dict:
    d = asdict(ind)
    d["scale_label"] = ind.scale_label
    return d



def data_stamp(store) -> tuple[int, int]:
    """Changes to the database since it was opened, by this connection and by any other: two
    equal stamps mean nothing was written in between (pages use it to skip needless reloads)."""
    return store.conn.total_changes, store.scalar("PRAGMA data_version")
