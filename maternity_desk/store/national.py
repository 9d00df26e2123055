"""The published national figures in the unit database: the mapping, writing an imported
file's figures (a final month replaces its provisional figures; the same file twice changes
nothing), and the benchmark for one indicator and period."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from maternity_desk.core import national as nat
from maternity_desk.core.errors import InvalidValue, MaternityDeskError
from maternity_desk.core.indicators import Indicator, rate
from maternity_desk.store import dashboard

_COLUMNS = ("source", "period", "org_level", "org_code", "org_name", "indicator_code", "numerator",
            "denominator", "rate", "rate_scale", "status", "result", "window_start", "window_end",
            "provisional", "file")
_COMPARED = _COLUMNS[:-1]  # the file name alone does not make a figure different


# --- mapping -------------------------------------------------------------------------------

def mapping_dict(store) -> dict:
    text = store.scalar("SELECT mapping_json FROM national_mapping WHERE id = 1")
    if text is None:
        from maternity_desk.paths import resource

        return json.loads(resource("national_mapping.json").read_text(encoding="utf-8"))
    return json.loads(text)


def load_mapping(store) -> nat.Mapping:
    return nat.mapping_from_dict(mapping_dict(store))


def save_mapping(store, data: dict) -> nat.Mapping:
    """Replace the mapping (checked first), audited."""
    mapping = nat.mapping_from_dict(data)
    with store.transaction():
        before = mapping_dict(store)
        store.execute(
            "INSERT INTO national_mapping (id, mapping_json) VALUES (1, ?) "
            "ON CONFLICT(id) DO UPDATE SET mapping_json = excluded.mapping_json",
            (json.dumps(data, ensure_ascii=False),),
        )
        store.audit("update", "national_mapping", 1, before, data)
    return mapping


def catalogue_codes(store) -> set[str]:
    if not store.table_exists("indicator"):
        return set()
    return {r[0] for r in store.query("SELECT code FROM indicator")}


# --- writing an imported file --------------------------------------------------------------

@dataclass(frozen=True)
class PeriodChange:
    source: str
    period: str
    action: str  # "new", "unchanged", "replaces provisional", "updates", "kept final"
    rows: int
    before: int


def _row_tuple(pv: nat.PublishedValue, file: str) -> tuple:
    return (pv.source, pv.period, pv.org_level, pv.org_code, pv.org_name, pv.indicator,
            pv.numerator, pv.denominator, pv.rate, pv.rate_scale, pv.status, pv.result,
            pv.window_start, pv.window_end, 1 if pv.provisional else 0, file)


def _existing(store, source: str, period: str) -> tuple[set[tuple], bool]:
    cols = ", ".join(_COMPARED)
    rows = store.query(f"SELECT {cols} FROM national_value WHERE source = ? AND period = ?",
                       (source, period))
    return {tuple(r) for r in rows}, any(r["provisional"] == 0 for r in rows)


def plan_changes(store, values: Sequence[nat.PublishedValue], file: str) -> list[PeriodChange]:
    """What writing ``values`` would do, period by period (nothing is written)."""
    by_period: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for pv in values:
        by_period[(pv.source, pv.period)].append(_row_tuple(pv, file)[:-1])
    out = []
    for (source, period), rows in sorted(by_period.items()):
        existing, has_final = _existing(store, source, period)
        provisional = bool(rows[0][14])
        if not existing:
            action = "new"
        elif existing == set(rows):
            action = "unchanged"
        elif provisional and has_final:
            action = "kept final"
        elif not provisional and not has_final:
            action = "replaces provisional"
        else:
            action = "updates"
        out.append(PeriodChange(source, period, action, len(rows), len(existing)))
    return out


def write_values(store, values: Sequence[nat.PublishedValue], file: str) -> list[PeriodChange]:
    """Write an imported file's figures, period by period, in the caller's transaction:
    an unchanged period is left alone; a provisional file never overwrites a final month;
    otherwise the period's rows are replaced as a whole. One audit row summarises."""
    changes = plan_changes(store, values, file)
    todo = {(c.source, c.period) for c in changes if c.action not in ("unchanged", "kept final")}
    if not todo:
        return changes
    marks = ", ".join("?" for _ in _COLUMNS)
    with store.transaction():
        for source, period in sorted(todo):
            store.execute("DELETE FROM national_value WHERE source = ? AND period = ?", (source, period))
        store.executemany(
            f"INSERT INTO national_value ({', '.join(_COLUMNS)}) VALUES ({marks})",
            (_row_tuple(pv, file) for pv in values if (pv.source, pv.period) in todo),
        )
        store.audit("import", "national_value", file, None, {
            "file": file,
            "periods": [{"source": c.source, "period": c.period, "action": c.action, "rows": c.rows,
                         "replaced_rows": c.before} for c in changes],
        })
    return changes


def delete_period(store, source: str, period: str) -> int:
    with store.transaction():
        n = store.scalar("SELECT count(*) FROM national_value WHERE source = ? AND period = ?",
                         (source, period))
        store.execute("DELETE FROM national_value WHERE source = ? AND period = ?", (source, period))
        store.audit("delete", "national_value", f"{source} {period}", {"rows": n}, None)
    return int(n or 0)


# --- reading -------------------------------------------------------------------------------

def _pv(r) -> nat.PublishedValue:
    return nat.PublishedValue(r["source"], r["period"], r["org_level"], r["org_code"], r["org_name"],
                              r["indicator_code"], r["numerator"], r["denominator"], r["rate"],
                              r["rate_scale"], r["status"], r["result"], r["window_start"],
                              r["window_end"], bool(r["provisional"]))


def loaded(store) -> list[dict]:
    """What has been imported: one entry per source and period."""
    rows = store.query(
        "SELECT source, period, count(*) AS n, max(provisional) AS provisional, "
        "count(DISTINCT org_code) AS orgs, group_concat(DISTINCT file) AS files "
        "FROM national_value GROUP BY source, period ORDER BY period DESC, source")
    return [dict(r) for r in rows]


def periods(store, code: str | None = None) -> list[str]:
    """Every period with published figures (for ``code``), newest first."""
    if code:
        rows = store.query("SELECT DISTINCT period FROM national_value WHERE indicator_code = ?", (code,))
    else:
        rows = store.query("SELECT DISTINCT period FROM national_value")
    return sorted((r[0] for r in rows), reverse=True)


def indicator_codes(store) -> list[str]:
    return [r[0] for r in store.query("SELECT DISTINCT indicator_code FROM national_value ORDER BY 1")]


def published(store, code: str, period: str, source: str | None = None) -> list[nat.PublishedValue]:
    sql = "SELECT * FROM national_value WHERE indicator_code = ? AND period = ?"
    params: list = [code, period]
    if source:
        sql += " AND source = ?"
        params.append(source)
    return [_pv(r) for r in store.query(sql + " ORDER BY org_level, org_code", params)]


def choose_source(store, code: str, period: str) -> str | None:
    """Which published source the benchmark uses for a period: the annual file for a year;
    for a month the Measures file's CQIM (published with its data-quality gates) when there
    is one, else the monthly Data file."""
    have = {r[0] for r in store.query(
        "SELECT DISTINCT source FROM national_value WHERE indicator_code = ? AND period = ?",
        (code, period))}
    for source in (nat.ANNUAL, nat.MEASURES, nat.MONTHLY_DATA):
        if source in have:
            return source
    return None


@dataclass(frozen=True)
class Benchmark:
    indicator: Indicator
    period: str
    source: str | None
    rows: list[nat.BenchmarkRow]
    months: list[str]  # the months the figures cover (a CQIM's window, a year's twelve)

    @property
    def provisional(self) -> bool:
        return any(r.provisional for r in self.rows)


def _indicator(store, code: str) -> Indicator:
    return dashboard.indicator(store, code)


def benchmark(store, code: str, period: str) -> Benchmark:
    """The benchmark for ``code`` in ``period`` (``2021-22`` or ``2024-03``)."""
    try:
        _kind, period = nat.parse_period(period)
    except InvalidValue as exc:
        raise MaternityDeskError(str(exc)) from None
    ind = _indicator(store, code)
    source = choose_source(store, code, period)
    values = published(store, code, period, source) if source else []
    months = nat.period_months(period)
    eng = next((v for v in values if v.org_level == nat.LEVEL_NATIONAL and v.window_start), None)
    if eng is not None:
        from maternity_desk.core.periods import month_range

        months = month_range(eng.window_start, eng.window_end)
    settings = store.unit_settings()
    own = None
    if store.table_exists("indicator_value"):
        from maternity_desk.store import dashboard

        own = nat.own_figure(dashboard.monthly_values(store, code), months)
    rows = nat.benchmark_rows(values, scale=ind.scale, better=ind.better,
                              ods_code=settings.ods_code, region=settings.region,
                              lms=settings.lms, own=own,
                              own_name=settings.unit_name or "This unit")
    return Benchmark(ind, period, source, rows, months)


@dataclass(frozen=True)
class YearPoint:
    period: str
    unit: float | None
    region: float | None
    england: float | None
    own: float | None


def year_on_year(store, code: str, *, source: str = nat.ANNUAL) -> list[YearPoint]:
    """The unit's published figure, its region's and England's for every period of
    ``source`` (annual by default), oldest first, with the unit's own figure beside them."""
    ind = _indicator(store, code)
    settings = store.unit_settings()
    ods, region = settings.ods_code.upper(), settings.region.upper()
    rows = store.query(
        "SELECT * FROM national_value WHERE indicator_code = ? AND source = ? AND ("
        "org_level = ? OR (org_level = ? AND upper(org_code) = ?) OR (org_level = ? AND upper(org_code) = ?))"
        " ORDER BY period",
        (code, source, nat.LEVEL_NATIONAL, nat.LEVEL_REGION, region, nat.LEVEL_PROVIDER, ods))
    per: dict[str, dict[str, float | None]] = defaultdict(dict)
    for r in rows:
        pv = _pv(r)
        value = (nat.figure(pv.numerator, pv.denominator, ind.scale, pv.rate, pv.rate_scale)
                 if pv.status == nat.OK else None)
        slot = {nat.LEVEL_NATIONAL: "england", nat.LEVEL_REGION: "region",
                nat.LEVEL_PROVIDER: "unit"}[pv.org_level]
        per[pv.period][slot] = value
    monthly = []
    if store.table_exists("indicator_value"):
        from maternity_desk.store import dashboard

        monthly = dashboard.monthly_values(store, code)

    out = []
    for period in sorted(per):
        own = nat.own_figure(monthly, nat.period_months(period))
        out.append(YearPoint(period, per[period].get("unit"), per[period].get("region"),
                             per[period].get("england"), rate(*own, ind.scale) if own else None))
    return out


def mapped_indicators(store) -> list[Indicator]:
    """Catalogue indicators the mapping can fill, in catalogue order."""

    codes = set(load_mapping(store).codes())
    return [i for i in dashboard.indicators(store) if i.code in codes]


def unit_rows(store, ods_code: str) -> list[dict]:
    """The unit's own published rows (found by its ODS code), one per source and period."""
    if not ods_code:
        return []
    rows = store.query(
        "SELECT source, period, count(*) AS indicators, max(org_name) AS org_name FROM national_value "
        "WHERE org_level = ? AND upper(org_code) = ? GROUP BY source, period ORDER BY period DESC",
        (nat.LEVEL_PROVIDER, ods_code.upper()))
    return [dict(r) for r in rows]


def insert_values(store, values: Iterable[nat.PublishedValue], file: str = "") -> None:
    """Plain bulk insert (demo data, tests), in the caller's transaction."""
    marks = ", ".join("?" for _ in _COLUMNS)
    store.executemany(f"INSERT INTO national_value ({', '.join(_COLUMNS)}) VALUES ({marks})",
                      (_row_tuple(pv, file) for pv in values))
