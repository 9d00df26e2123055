"""The national published maternity statistics: what each published file is, how its rows
become indicator figures, and how the unit is placed among its peers.

Three kinds of published file are understood, recognised from their header row (names matched
case-insensitively, ignoring spaces and underscores), never from the file name:

- ``annual``: the NHS Maternity Statistics MSDS CSV (``Period`` a financial year ``2022-23``);
- ``monthly_data``: the monthly Data file (``ReportingPeriodStartDate``... ``Final_value``, or the
  older ``Period`` ``Dec-18`` / ``Org Level`` / ``Value`` spellings);
- ``measures``: the monthly Measures file, of which the Clinical Quality Improvement Metrics
  (``IndicatorFamily = CQIM_Rate``) are kept.

Breakdown rows (``Dimension`` / ``Measure`` categories) become indicators through a
:class:`Mapping` (shipped in ``resources/national_mapping.json``): numerator = the named
categories, denominator = every known category of the dimension except the excluded ones
(``Missing value / Value outside reporting parameters`` and ``Not known``). CQIM rows keep
their published numerator, denominator and rate. Published counts are disclosure-rounded, so
every published figure here is flagged ``rounded`` and never mixed with the unit's own counts.

Pure Python: no Qt, no SQL, no files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from maternity_desk.core.funnel import FUNNEL_Z, funnel_limits
from maternity_desk.core.indicators import rate
from maternity_desk.core.national_figures import (  # noqa: F401 (defined there, used as this module's names)
    BreakdownTotals,
    DimensionMap,
    ExtraIndicator,
    IndicatorMap,
    Mapping,
    MeasureTotals,
    PublishedValue,
    _worst,
    currency_kind,
    mapping_from_dict,
    parse_result,
)
from maternity_desk.core.national_files import (  # noqa: F401 (defined there, used as this module's names)
    _CODES,
    _CURRENCIES,
    _FIELD_ALIASES,
    _FY,
    _LEVELS,
    _RATE_PER,
    _SCALE_FACTOR,
    _STATUS_WEIGHT,
    ANNUAL,
    CQIM_DQ_FAMILY,
    CQIM_RATE_FAMILY,
    CQIM_WINDOWS,
    CURRENCY_DENOMINATOR,
    CURRENCY_NUMERATOR,
    CURRENCY_RATE,
    CURRENCY_RESULT,
    DID_NOT_SUBMIT,
    LEVEL_LMS,
    LEVEL_NATIONAL,
    LEVEL_PROVIDER,
    LEVEL_REGION,
    LEVEL_UNIT,
    LOW_DQ,
    MEASURES,
    MONTHLY_DATA,
    NATIONAL_CODE,
    OK,
    PUBLISHED_CODES_TEXT,
    SOURCE_LABELS,
    SOURCES,
    STATUS_LABELS,
    STATUSES,
    SUPPRESSED,
    Layout,
    _as_date,
    _find,
    breakdown_period,
    canonical_level,
    canonical_org_code,
    cqim_window,
    fy_months,
    fy_period,
    measures_period,
    norm,
    norm_category,
    parse_period,
    parse_published,
    recognise,
)

# --- comparing ------------------------------------------------------------------------------


def convert_scale(value: float | None, from_scale: str | None, to_scale: str) -> float | None:
    """A published rate moved to the indicator's scale (``Rate per Thousand`` 85.0 ->
    8.5 %)."""
    if value is None:
        return None
    if not from_scale or from_scale == to_scale or to_scale not in _SCALE_FACTOR:
        return value
    return value / _SCALE_FACTOR[from_scale] * _SCALE_FACTOR[to_scale]


def figure(numerator: int | None, denominator: int | None, scale: str,
           published_rate: float | None = None, rate_scale: str | None = None) -> float | None:
    """The value shown for a published figure: the published rate (CQIMs) moved to the
    indicator's scale, else the rate from the (rounded) counts."""
    if published_rate is not None:
        return convert_scale(published_rate, rate_scale, scale)
    return rate(numerator, denominator, scale)


@dataclass(frozen=True)
class BenchmarkRow:
    org_level: str
    org_code: str
    org_name: str
    numerator: int | None
    denominator: int | None
    value: float | None
    status: str
    is_unit: bool = False
    rounded: bool = True  # published figures are disclosure-rounded; own data are not
    provisional: bool = False
    source: str = ""
    window_start: str | None = None
    window_end: str | None = None
    rank: int | None = None  # among providers, 1 = best (or lowest when no direction)

    def as_json(self) -> dict:
        out = {
            "org_level": self.org_level,
            "org_code": self.org_code,
            "org_name": self.org_name,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": None if self.value is None else round(self.value, 6),
            "status": self.status,
        }
        if self.is_unit:
            out["is_unit"] = True
        return out


def _row(pv: PublishedValue, scale: str, *, is_unit: bool = False) -> BenchmarkRow:
    value = figure(pv.numerator, pv.denominator, scale, pv.rate, pv.rate_scale) if pv.status == OK else None
    return BenchmarkRow(pv.org_level, pv.org_code, pv.org_name, pv.numerator, pv.denominator,
                        value, pv.status, is_unit, True, pv.provisional, pv.source,
                        pv.window_start, pv.window_end)


def rank_key(better: str | None):
    """Sort key putting the best value first (lowest first when there is no direction);
    organisations without a value go last."""
    sign = -1 if better == "higher" else 1

    def key(row: BenchmarkRow):
        return (row.value is None, 0 if row.value is None else sign * row.value, row.org_name)

    return key


def _matches_lms(pv: PublishedValue, lms: str) -> bool:
    if not lms:
        return False
    want = re.sub(r"\b(lms|lmns|local maternity (and neonatal )?system)\b", "", lms.lower())
    want = norm_category(want)
    have_code = norm_category(pv.org_code)
    have_name = norm_category(re.sub(r"\b(lms|lmns|local maternity (and neonatal )?system)\b", "",
                                     pv.org_name.lower()))
    return bool(want) and (want in (have_code, have_name))


def benchmark_rows(values: Iterable[PublishedValue], *, scale: str, better: str | None,
                   ods_code: str = "", region: str = "", lms: str = "",
                   own: tuple[int | None, int | None] | None = None,
                   own_name: str = "") -> list[BenchmarkRow]:
    """England, the unit's region, its local maternity system (when published), the unit's
    own figure from its own data (when given), then every trust ranked best first, the
    unit's published row flagged ``is_unit``."""
    values = list(values)
    ods = (ods_code or "").strip().upper()
    region = (region or "").strip().upper()
    head: list[BenchmarkRow] = []
    trusts: list[BenchmarkRow] = []
    for pv in values:
        if pv.org_level == LEVEL_NATIONAL:
            head.append(_row(pv, scale))
    for pv in values:
        if pv.org_level == LEVEL_REGION and pv.org_code.upper() == region:
            head.append(_row(pv, scale))
    for pv in values:
        if pv.org_level == LEVEL_LMS and _matches_lms(pv, lms):
            head.append(_row(pv, scale))
    if own is not None:
        num, den = own
        head.append(BenchmarkRow(LEVEL_UNIT, ods, own_name, num, den, rate(num, den, scale), OK,
                                 rounded=False, source="own"))
    for pv in values:
        if pv.org_level == LEVEL_PROVIDER:
            trusts.append(_row(pv, scale, is_unit=bool(ods) and pv.org_code.upper() == ods))
    trusts.sort(key=rank_key(better))
    ranked = []
    n = 0
    for row in trusts:
        if row.value is not None:
            n += 1
            row = replace(row, rank=n)
        ranked.append(row)
    return head + ranked


def status_text(row: BenchmarkRow) -> str:
    """The status as shown in tables: the published code, or that the figure is the unit's own."""
    if row.org_level == LEVEL_UNIT:
        return "own data (exact)"
    return STATUS_LABELS.get(row.status, row.status)


def england(rows: Sequence[BenchmarkRow]) -> BenchmarkRow | None:
    return next((r for r in rows if r.org_level == LEVEL_NATIONAL), None)


def unit_row(rows: Sequence[BenchmarkRow]) -> BenchmarkRow | None:
    return next((r for r in rows if r.is_unit), None)


@dataclass(frozen=True)
class FunnelPoint:
    org_code: str
    org_name: str
    denominator: int
    value: float
    lower95: float
    upper95: float
    lower998: float
    upper998: float
    position: str  # core.funnel.classify: within, above_95, above_99.8, below_95, below_99.8
    is_unit: bool = False


def funnel_points(rows: Sequence[BenchmarkRow], scale: str, *, method: str = "normal") -> tuple[float | None, list[FunnelPoint]]:
    """The centre (England's figure, in ``scale``) and each trust placed against the 95% and
    99.8% limits for its own denominator (limits and placing from
    :mod:`maternity_desk.core.funnel`, moved to ``scale``)."""
    eng = england(rows)
    factor = _SCALE_FACTOR.get(scale)
    if eng is None or eng.value is None or factor is None:
        return None, []
    p0 = min(1.0, max(0.0, eng.value / factor))
    points = []
    for r in rows:
        if r.org_level != LEVEL_PROVIDER or r.value is None or not r.denominator:
            continue
        l95, u95 = funnel_limits(p0, r.denominator, z=FUNNEL_Z["95%"], method=method)
        l998, u998 = funnel_limits(p0, r.denominator, z=FUNNEL_Z["99.8%"], method=method)
        points.append(FunnelPoint(r.org_code, r.org_name, r.denominator, r.value, l95 * factor,
                                  u95 * factor, l998 * factor, u998 * factor,
                                  _position(r.value / factor, l95, u95, l998, u998), r.is_unit))
    return eng.value, points


def _position(v: float, l95: float, u95: float, l998: float, u998: float) -> str:
    """:func:`maternity_desk.core.funnel.classify` from limits already worked out (a value on
    a limit is within it), so each trust's limits are computed once."""
    if v > u998:
        return "above_99.8"
    if v > u95:
        return "above_95"
    if v < l998:
        return "below_99.8"
    if v < l95:
        return "below_95"
    return "within"


FUNNEL_METHODS = {"normal": "normal approximation", "binomial": "exact binomial (Spiegelhalter)"}
POSITION_LABELS = {
    "within": "within the 95% limits",
    "above_95": "above the 95% limit",
    "above_99.8": "above the 99.8% limit",
    "below_95": "below the 95% limit",
    "below_99.8": "below the 99.8% limit",
}


def own_figure(monthly: Iterable[tuple[str, int | None, int | None]], months: Iterable[str]) -> tuple[int, int] | None:
    """The unit's own numerator and denominator over ``months`` (its own monthly counts may
    be added up: they are exact, not a published window). None unless it has figures for
    every one of those months: a part of a year is not the year it is compared with."""
    wanted = set(months)
    num = den = 0
    have: set[str] = set()
    for month, n, d in monthly:
        if month in wanted and n is not None and d is not None:
            num += n
            den += d
            have.add(month)
    return (num, den) if wanted and have == wanted else None


def period_months(period: str) -> list[str]:
    """The months a benchmark period covers (a financial year, or one month)."""
    fy = fy_period(period)
    return fy_months(fy) if fy else [period]
