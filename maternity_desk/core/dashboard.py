"""The dashboard's figures: checks on a month's entry, series for charts, SPC views of an
indicator, the summary table and the comparison with peer units.

The SPC and funnel arithmetic itself lives in :mod:`maternity_desk.core.spc` and
:mod:`maternity_desk.core.funnel`; this module only chooses which chart an indicator gets,
feeds it the right numbers and turns the answer into the indicator's scale.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from maternity_desk.core import spc
from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.funnel import FUNNEL_Z, funnel_limits
from maternity_desk.core.indicators import SCALES, Indicator, rag, rate, rolling_rates
from maternity_desk.core.periods import month_of, month_range, parse_month, shift_month
from maternity_desk.core.spc_latest import latest

VARIATIONS = ("common", "improvement", "concern", "neutral")
ASSURANCES = ("pass", "fail", "hit_and_miss")


@dataclass(frozen=True)
class MonthValue:
    """One month's counts for one indicator (the unit's own, or a peer's)."""

    month: str
    numerator: int | None
    denominator: int | None


@dataclass(frozen=True)
class Annotation:
    id: int | None
    month: str
    indicator_code: str | None  # None: shown on every indicator's chart
    text: str


@dataclass(frozen=True)
class SpcSetting:
    """How the user wants an indicator's SPC chart drawn (kept in the database)."""

    indicator_code: str
    baseline: int | None = None  # points from which each segment's centre and limits are held
    chart: str | None = None  # override of the catalogue's chart type ("g"/"cusum": rare_view.py)
    rebase_months: tuple[str, ...] = ()
    rule_points: int | None = None  # shift and trend length, 6 or 7 (None: 7)


# --- entry checks ------------------------------------------------------------------------

def last_complete_month(today: date) -> str:
    return shift_month(month_of(today), -1)


#: whole-time equivalents (the denominator of a ratio indicator, e.g. births per midwife)
#: are kept to two decimal places
WTE_PLACES = 2


def denominator_places(indicator: Indicator) -> int:
    """Decimal places the indicator's denominator takes: 2 for a ratio (whole-time
    equivalents), 0 (a whole count) otherwise."""
    return WTE_PLACES if indicator.scale == "ratio" else 0


def parse_count_text(text: object, *, places: int = 0) -> int | float | None:
    """A grid cell: blank -> None, else a whole number >= 0 (``1,234`` accepted); with
    ``places``, a number >= 0 with up to that many decimal places (whole-time equivalents)."""
    what = "whole number" if not places else f"number with at most {places} decimal places"
    if text is None:
        return None
    if isinstance(text, bool):
        raise InvalidValue(f"'{text}' is not a {what}")
    if isinstance(text, int):
        value = text
    elif isinstance(text, float):
        scaled = text * 10 ** places
        if not math.isfinite(text) or abs(scaled - round(scaled)) > 1e-6:
            raise InvalidValue(f"'{text}' is not a {what}")
        value = round(text, places) if places else int(text)
    else:
        s = str(text).strip().replace(",", "")
        if not s:
            return None
        pattern = r"-?\d+(\.0+)?" if not places else rf"-?(\d+(\.\d{{1,{places}}}0*)?|\.\d{{1,{places}}})"
        if not re.fullmatch(pattern, s):
            raise InvalidValue(f"'{str(text).strip()}' is not a {what}")
        value = round(float(s), places) if places else int(float(s))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if value < 0:
        raise InvalidValue(f"'{text}' is negative: counts are 0 or more")
    return value


def check_entry(
    indicator: Indicator, month: str, numerator: int | None, denominator: int | None, today: date
) -> list[str]:
    """Every reason a month's entry for ``indicator`` cannot be accepted (empty when it can).
    Both blank is a missing month, not an error."""
    problems: list[str] = []
    if month > month_of(today):
        problems.append(f"{month} is in the future")
    if numerator is None and denominator is None:
        return problems
    if numerator is None:
        problems.append("the numerator is missing")
    if denominator is None:
        problems.append("the denominator is missing")
    for label, v, places in (("numerator", numerator, 0), ("denominator", denominator, denominator_places(indicator))):
        if v is None:
            continue
        try:
            ok = parse_count_text(v, places=places) == v and not isinstance(v, bool)
        except InvalidValue:
            ok = False
        if not ok:
            problems.append(f"the {label} must be a whole number, 0 or more" if not places else
                            f"the {label} must be a number, 0 or more, with at most {places} decimal places")
    if (
        indicator.is_proportion
        and isinstance(numerator, int)
        and isinstance(denominator, int)
        and numerator > denominator
    ):
        problems.append(
            f"the numerator ({numerator}) is more than the denominator ({denominator})"
        )
    return problems


def parse_clipboard(text: str) -> list[list[str]]:
    """A block copied from Excel: rows split on newlines, cells on tabs; the trailing newline
    Excel adds is dropped; quoted cells are unquoted."""
    if not text:
        return []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    out = []
    for line in lines:
        cells = []
        for cell in line.split("\t"):
            c = cell.strip()
            if len(c) >= 2 and c[0] == c[-1] == '"':
                c = c[1:-1].replace('""', '"')
            cells.append(c)
        out.append(cells)
    return out


def month_gaps(months_with_data: Iterable[str], first: str, last: str) -> list[str]:
    """Months from ``first`` to ``last`` with no data."""
    have = set(months_with_data)
    return [m for m in month_range(first, last) if m not in have]


# --- series -------------------------------------------------------------------------------

@dataclass
class Series:
    """An indicator's months in order, with gaps as None."""

    indicator: Indicator
    months: list[str]
    numerators: list[int | None]
    denominators: list[int | None]

    @property
    def values(self) -> list[float | None]:
        k = SCALES[self.indicator.scale]  # as rate() month by month, the scale looked up once
        nums, dens = self.numerators, self.denominators
        if None not in nums and None not in dens and 0 not in dens:  # no gap: nothing to ask per month
            return [n / d * k for n, d in zip(nums, dens)]
        return [None if n is None or d is None or d == 0 else n / d * k for n, d in zip(nums, dens)]

    def rolling(self, window: int = 12) -> list[float | None]:
        return rolling_rates(self.numerators, self.denominators, self.indicator.scale, window)

    def __len__(self) -> int:
        return len(self.months)


def build_series(
    indicator: Indicator,
    values: Iterable[MonthValue | tuple],
    *,
    first: str | None = None,
    last: str | None = None,
) -> Series:
    """Every month from the first with data (or ``first``) to the last (or ``last``)."""
    by_month: dict[str, tuple] = {}
    for v in values:
        if isinstance(v, MonthValue):
            by_month[v.month] = (v.numerator, v.denominator)
        else:
            by_month[v[0]] = (v[1], v[2])
    if not by_month and (first is None or last is None):
        return Series(indicator, [], [], [])
    first = first or min(by_month)
    last = last or max(by_month)
    months = month_range(first, last)
    gap = (None, None)
    pairs = [by_month.get(m, gap) for m in months]
    return Series(indicator, months, [p[0] for p in pairs], [p[1] for p in pairs])


def series_from_columns(indicator: Indicator, months: Sequence[str], numerators: Sequence,
                        denominators: Sequence) -> Series:
    """``build_series`` of values given as three columns in month order, each month once (as
    the database holds them). Months with no gap are taken as they are; a gap is filled as
    ``build_series`` fills it."""
    if months:
        first, last = months[0], months[-1]
        span = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1
        if span == len(months):
            return Series(indicator, list(months), list(numerators), list(denominators))
    return build_series(indicator, zip(months, numerators, denominators))


# --- SPC -----------------------------------------------------------------------------------

#: a row of the dashboard's SPC view: an :class:`~maternity_desk.core.spc.SpcPoint` in the
#: indicator's display scale, with its month, counts and side (the one SPC point type)
SpcRow = spc.SpcPoint


@dataclass
class SpcView:
    indicator: Indicator
    chart: str
    rows: list[SpcRow]
    assurance: str | None
    baseline: int | None
    rebase_months: tuple[str, ...]
    trial_limits: bool = False
    warnings: list[str] = field(default_factory=list)


def _clean(v: float | None) -> float | None:
    if v is None or (isinstance(v, float) and (math.isnan(v) or math.isinf(v))):
        return None
    return float(v)


def _scaled(v, k: float) -> float | None:
    v = _clean(v)
    return None if v is None else v * k


def chart_for(indicator: Indicator, setting: SpcSetting | None) -> str:
    """The monthly SPC chart (xmr, p or run). A rare-event chart chosen for the display (g,
    cusum; see rare_view.py) keeps the catalogue's monthly chart for the summary and returns."""
    chart = (setting.chart if setting and setting.chart else None) or indicator.chart
    if chart not in ("xmr", "p", "run"):
        chart = indicator.chart
    if chart == "p" and not indicator.is_proportion:
        chart = "xmr"
    return chart


def assurance_target(indicator: Indicator) -> float | None:
    """The local target assurance is judged against: the green RAG threshold."""
    return indicator.rag_green if indicator.better else None


def _chart_inputs(series: Series, setting: SpcSetting | None, baseline: int | None, chart: str | None):
    """What ``spc_view`` charts: (setting, chart, baseline, the chart's arguments, values, the
    multiplier from the chart's figures to the display scale)."""
    ind = series.indicator
    setting = setting or SpcSetting(ind.code)
    chart = chart if chart in ("xmr", "p", "run") else chart_for(ind, setting)
    if chart == "p" and not ind.is_proportion:
        chart = "xmr"
    points = setting.rule_points or 7
    base = baseline if baseline is not None else setting.baseline
    rebase = ()
    if setting.rebase_months:
        index = {m: i for i, m in enumerate(series.months)}
        rebase = tuple(sorted(index[m] for m in setting.rebase_months if m in index and index[m] > 0))
    target = assurance_target(ind)
    k = ind.multiplier
    values = series.values
    args = {"baseline": base, "rebase_at": rebase, "better": ind.better}
    if chart == "run":
        return setting, chart, base, args, values, 1.0
    if chart == "p":
        args.update(numerators=series.numerators, denominators=series.denominators,
                    target=None if target is None else target / k, rule_points=points)
        return setting, chart, base, args, values, k
    args.update(target=target, rule_points=points)
    return setting, chart, base, args, values, 1.0


def _chart(series: Series, setting: SpcSetting | None, baseline: int | None, chart: str | None):
    """The chart ``spc_view`` draws: (setting, chart, baseline, core result, values, the
    multiplier from the result's figures to the display scale)."""
    setting, chart, base, args, values, k_out = _chart_inputs(series, setting, baseline, chart)
    if chart == "run":
        result = spc.run_chart(values, **args)
    elif chart == "p":
        result = spc.p_chart(args.pop("numerators"), args.pop("denominators"), **args)
    else:
        result = spc.xmr(values, **args)
    return setting, chart, base, result, values, k_out


def _row(series: Series, values: list[float | None], p: spc.SpcPoint, i: int, k_out: float) -> SpcRow:
    """Point ``i`` of the core chart in the display scale, with its month, counts and side."""
    value = values[i]
    mean = _scaled(p.mean, k_out)  # the median on a run chart
    lower = _scaled(p.lower, k_out)
    upper = _scaled(p.upper, k_out)
    special, rule = p.special_cause, p.rule
    side = None
    if special and value is not None:
        if p.direction in (1, -1):
            side = "high" if p.direction == 1 else "low"
        elif rule == "trend" and i > 0 and values[i - 1] is not None:
            side = "high" if value > values[i - 1] else "low"
        elif mean is not None:
            side = "high" if value > mean else "low"
    return SpcRow(index=p.index, value=value, mean=mean, lower=lower, upper=upper,
                  special_cause=special, rule=rule, variation=p.variation, segment=p.segment,
                  in_baseline=p.in_baseline, direction=p.direction,
                  denominator=series.denominators[i], month=series.months[i],
                  numerator=series.numerators[i], side=side)


def spc_view(
    series: Series,
    setting: SpcSetting | None = None,
    *,
    baseline: int | None = None,
    chart: str | None = None,
) -> SpcView:
    """The SPC chart of ``series`` as the user set it up (``baseline``/``chart`` override)."""
    setting, chart, base, result, values, k_out = _chart(series, setting, baseline, chart)
    rows = [_row(series, values, p, i, k_out) for i, p in enumerate(result.points)]
    return SpcView(series.indicator, chart, rows, result.assurance, base,
                   tuple(setting.rebase_months), result.trial_limits, list(result.warnings))


# --- summary -------------------------------------------------------------------------------

@dataclass(frozen=True)
class SummaryRow:
    code: str
    name: str
    group: str
    scale: str
    latest_month: str | None
    latest_value: float | None
    rolling_12: float | None
    mean: float | None
    lower: float | None
    upper: float | None
    variation: str | None
    side: str | None
    assurance: str | None
    rag: str | None
    chart: str
    better: str | None


def summarise(view: SpcView, series: Series) -> SummaryRow:
    """The indicator's line in the summary table: its latest month with a value."""
    last = next((r for r in reversed(view.rows) if r.value is not None), None)
    return _summary_row(view.indicator, view.chart, view.assurance, last, series)


def summary_row(series: Series, setting: SpcSetting | None = None) -> SummaryRow:
    """``summarise(spc_view(series, setting), series)`` without making a row for every month
    (the summary table charts every indicator at once)."""
    _setting, chart, _base, args, values, k_out = _chart_inputs(series, setting, None, None)
    point, assurance = latest(chart, values, **args)  # the chart's latest point alone
    last = None if point is None else _row(series, values, point, point.index, k_out)
    return _summary_row(series.indicator, chart, assurance, last, series)


def _rolling_at(series: Series, i: int, window: int = 12) -> float | None:
    """``series.rolling(window)[i]`` alone."""
    if i + 1 < window:
        return None
    nums = series.numerators[i + 1 - window: i + 1]
    dens = series.denominators[i + 1 - window: i + 1]
    if any(v is None for v in nums) or any(v is None for v in dens):
        return None
    return rate(sum(nums), sum(dens), series.indicator.scale)


def _summary_row(ind: Indicator, chart: str, assurance: str | None, last: SpcRow | None,
                 series: Series) -> SummaryRow:
    roll = None
    if last is not None:
        roll = _rolling_at(series, series.months.index(last.month))
    return SummaryRow(
        code=ind.code, name=ind.name, group=ind.group, scale=ind.scale,
        latest_month=last.month if last else None,
        latest_value=last.value if last else None,
        rolling_12=roll,
        mean=last.mean if last else None,
        lower=last.lower if last else None,
        upper=last.upper if last else None,
        variation=last.variation if last else None,
        side=last.side if last else None,
        assurance=assurance,
        rag=rag(ind, last.value) if last else None,
        chart=chart, better=ind.better,
    )


# --- peers -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class PeerRate:
    unit: str
    numerator: int
    denominator: int
    value: float | None
    own: bool = False
    outside_95: bool = False
    outside_998: bool = False


def period_totals(
    values: Iterable[tuple[str, str, int | None, int | None]], first: str, last: str
) -> dict[str, tuple[int, int, int]]:
    """(unit, month, numerator, denominator) rows -> unit: (numerator, denominator, months)
    summed over ``first``..``last``; months with a missing count are left out."""
    totals: dict[str, list[int]] = {}
    for unit, month, num, den in values:
        if not first <= month <= last or num is None or den is None:
            continue
        t = totals.setdefault(unit, [0, 0, 0])
        t[0] += num
        t[1] += den
        t[2] += 1
    return {u: (n, d, m) for u, (n, d, m) in totals.items()}


def ranked(indicator: Indicator, totals: dict[str, tuple[int, int, int]], own_unit: str) -> list[PeerRate]:
    """Units ranked best first (by the better direction; highest first without one);
    units without a rate last."""
    rates = [
        PeerRate(u, n, d, rate(n, d, indicator.scale), own=(u == own_unit))
        for u, (n, d, _m) in totals.items()
    ]
    with_value = [r for r in rates if r.value is not None]
    without = sorted((r for r in rates if r.value is None), key=lambda r: r.unit)
    reverse = indicator.better != "lower"
    with_value.sort(key=lambda r: (r.value, r.unit), reverse=reverse)
    return with_value + without


@dataclass
class Funnel:
    """A funnel plot: each unit's rate against its denominator with limits around the
    pooled rate ``centre`` (all units together), in the indicator's scale."""

    indicator: Indicator
    centre: float | None
    points: list[PeerRate]
    curve_n: list[float]
    limits: dict[str, tuple[list[float], list[float]]]  # "95%" / "99.8%" -> (lower, upper)
    method: str = "normal"

    @property
    def method_label(self) -> str:
        return FUNNEL_METHOD_LABELS.get(self.method, self.method)


FUNNEL_METHOD_LABELS = {"normal": "normal approximation", "binomial": "exact binomial"}


def funnel(indicator: Indicator, totals: dict[str, tuple[int, int, int]], own_unit: str,
           *, points: int = 100, method: str = "normal") -> Funnel:
    """Funnel limits at 95% and 99.8% around the pooled rate of every unit in ``totals``
    (``method``: the normal approximation or exact binomial limits, see
    :mod:`maternity_desk.core.funnel`)."""

    if not indicator.is_proportion:
        raise InvalidValue(
            f"{indicator.name} is a ratio, not a proportion: a funnel plot needs a rate whose "
            "numerator is part of its denominator"
        )
    k = indicator.multiplier
    total_n = sum(n for n, _d, _m in totals.values())
    total_d = sum(d for _n, d, _m in totals.values())
    p0 = total_n / total_d if total_d else None
    units = []
    n_values = [d for _n, d, _m in totals.values() if d > 0]
    curve_n: list[float] = []
    limits: dict[str, tuple[list[float], list[float]]] = {}
    if p0 is not None and n_values:
        lo_n = max(1.0, min(n_values) * 0.5)
        hi_n = max(n_values) * 1.2
        step = (hi_n / lo_n) ** (1 / max(points - 1, 1))
        curve_n = [lo_n * step**i for i in range(points)]
        for label, z in FUNNEL_Z.items():
            lows, highs = [], []
            for n in curve_n:
                lo, hi = funnel_limits(p0, n, z=z, method=method)
                lows.append(lo * k)
                highs.append(hi * k)
            limits[label] = (lows, highs)
    for u, (n, d, _m) in sorted(totals.items()):
        value = rate(n, d, indicator.scale)
        out95 = out998 = False
        if p0 is not None and d > 0:
            p = n / d
            z95 = FUNNEL_Z.get("95%")
            z998 = FUNNEL_Z.get("99.8%")
            if z95 is not None:
                lo, hi = funnel_limits(p0, d, z=z95, method=method)
                out95 = p < lo or p > hi
            if z998 is not None:
                lo, hi = funnel_limits(p0, d, z=z998, method=method)
                out998 = p < lo or p > hi
        units.append(PeerRate(u, n, d, value, own=(u == own_unit), outside_95=out95, outside_998=out998))
    return Funnel(indicator, None if p0 is None else p0 * k, units, curve_n, limits, method)


def parse_month_or_none(text: object) -> str | None:
    try:
        return parse_month(text)
    except InvalidValue:
        return None


def latest_months(series_months: Sequence[str], n: int) -> tuple[str, str] | None:
    """The period of the last ``n`` months of ``series_months`` (for the benchmark default)."""
    if not series_months:
        return None
    last = max(series_months)
    return shift_month(last, -(n - 1)), last
