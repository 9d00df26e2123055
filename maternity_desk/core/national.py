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
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.funnel import FUNNEL_Z, funnel_limits
from maternity_desk.core.indicators import PROPORTION_SCALES, SCALES, rate
from maternity_desk.core.periods import month_of, parse_date, parse_month, shift_month

# --- vocabulary ----------------------------------------------------------------------------

ANNUAL, MONTHLY_DATA, MEASURES = "annual", "monthly_data", "measures"
SOURCES = (ANNUAL, MONTHLY_DATA, MEASURES)
SOURCE_LABELS = {
    ANNUAL: "NHS Maternity Statistics (annual)",
    MONTHLY_DATA: "Maternity Services Monthly Statistics: Data file",
    MEASURES: "Maternity Services Monthly Statistics: Measures (CQIMs)",
}
OK, SUPPRESSED, DID_NOT_SUBMIT, LOW_DQ = "ok", "suppressed", "did_not_submit", "low_dq"
STATUSES = (OK, SUPPRESSED, DID_NOT_SUBMIT, LOW_DQ)
STATUS_LABELS = {
    OK: "published",
    SUPPRESSED: "suppressed (*)",
    DID_NOT_SUBMIT: "did not submit (DNS)",
    LOW_DQ: "failed data quality (Low DQ)",
}
#: when an indicator's parts carry different codes, the figure takes the most serious one
_STATUS_WEIGHT = {OK: 0, SUPPRESSED: 1, LOW_DQ: 2, DID_NOT_SUBMIT: 3}

LEVEL_NATIONAL = "National"
LEVEL_REGION = "NHS England (Region)"
LEVEL_LMS = "Local Maternity System"
LEVEL_PROVIDER = "Provider"
LEVEL_UNIT = "Unit (own data)"
NATIONAL_CODE = "National"
_LEVELS = {
    "national": LEVEL_NATIONAL,
    "england": LEVEL_NATIONAL,
    "nhsengland(region)": LEVEL_REGION,
    "nhsenglandregion": LEVEL_REGION,
    "region": LEVEL_REGION,
    "commissioningregion": LEVEL_REGION,
    "localmaternitysystem": LEVEL_LMS,
    "lms": LEVEL_LMS,
    "provider": LEVEL_PROVIDER,
    "trust": LEVEL_PROVIDER,
    "mbrracegrouping": "MBRRACE Grouping",
    "bookingsite": "Booking Site",
    "deliverysite": "Delivery Site",
}

_CODES = {"*": SUPPRESSED, "dns": DID_NOT_SUBMIT, "lowdq": LOW_DQ}
PUBLISHED_CODES_TEXT = "*, DNS or Low DQ"

#: CQIMs whose figure covers a window rather than the reporting month M:
#: (months in the window, months before M at which the window ends)
CQIM_WINDOWS: dict[str, tuple[int, int]] = {
    "cqimapgar": (3, 0),
    "cqimtears": (3, 0),
    "cqimvbac": (3, 0),
    "cqimrobson01": (3, 0),
    "cqimrobson02": (3, 0),
    "cqimrobson05": (3, 0),
    "cqimpph": (3, 1),
    "cqimsmokingdelivery": (1, 1),
}
CQIM_RATE_FAMILY = "cqimrate"
CQIM_DQ_FAMILY = "cqimdqmeasure"
#: the Measures file's Currency values
CURRENCY_NUMERATOR, CURRENCY_DENOMINATOR, CURRENCY_RATE, CURRENCY_RESULT = (
    "numerator", "denominator", "rate", "result")  # fmt: skip
_CURRENCIES = {
    "numerator": (CURRENCY_NUMERATOR, None),
    "denominator": (CURRENCY_DENOMINATOR, None),
    "rate": (CURRENCY_RATE, "percent"),
    "result": (CURRENCY_RESULT, None),
}
#: the scales a published rate can be converted between (proportions, from core.indicators)
_SCALE_FACTOR = {code: SCALES[code] for code in sorted(PROPORTION_SCALES)}
#: "Rate per <n>" currencies, by n
_RATE_PER = {int(f): code for code, f in _SCALE_FACTOR.items() if code != "percent"}


def norm(text: object) -> str:
    """Header/code matching: lower case, no spaces or underscores."""
    return re.sub(r"[\s_]+", "", str(text or "")).lower()


def norm_category(text: object) -> str:
    """Category matching: lower case, letters, digits and the signs that carry meaning only
    (``Missing Value/Value outside...`` and ``Missing value / Value outside...`` match)."""
    return re.sub(r"[^0-9a-z<>=+]+", "", str(text or "").lower())


def canonical_level(text: object) -> str:
    raw = str(text or "").strip()
    return _LEVELS.get(norm(raw), raw)


def canonical_org_code(level: str, code: object) -> str:
    text = str(code or "").strip().upper()
    if level == LEVEL_NATIONAL:
        return NATIONAL_CODE
    return text


# --- recognising a file from its header ----------------------------------------------------

_FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "period": ("period", "reportingperiod"),
    "start": ("reportingperiodstartdate", "rpstartdate", "reportingperiodstart", "startdate"),
    "end": ("reportingperiodenddate", "rpenddate", "reportingperiodend", "enddate"),
    "dimension": ("dimension",),
    "org_level": ("orglevel", "organisationlevel"),
    "org_code": ("orgcode", "organisationcode"),
    "org_name": ("orgname", "organisationname"),
    "measure": ("measure",),
    "count_of": ("countof",),
    "value": ("finalvalue", "value"),
    "family": ("indicatorfamily",),
    "indicator": ("indicator",),
    "currency": ("currency",),
    "status": ("status", "datastatus", "publicationstatus"),
}


@dataclass(frozen=True)
class Layout:
    """What kind of published file a header row belongs to and where each field is."""

    kind: str  # "breakdown" (annual or monthly Data) or MEASURES
    columns: dict[str, int]
    headers: tuple[str, ...]

    def header(self, name: str) -> str:
        idx = self.columns.get(name)
        return self.headers[idx] if idx is not None else name


def _find(headers: Sequence[str], name: str) -> int | None:
    normed = [norm(h) for h in headers]
    for alias in _FIELD_ALIASES[name]:
        if alias in normed:
            return normed.index(alias)
    return None


def recognise(headers: Sequence[object]) -> Layout:
    """The file kind from its header row, or :class:`InvalidValue` saying what it is not."""
    heads = tuple("" if h is None else str(h).strip() for h in headers)
    cols = {name: idx for name in _FIELD_ALIASES if (idx := _find(heads, name)) is not None}
    normed = {norm(h) for h in heads}
    if {"family", "indicator", "currency", "value", "org_code"} <= cols.keys() and (
        "start" in cols or "end" in cols
    ):
        return Layout(MEASURES, cols, heads)
    if {"dimension", "measure", "org_code", "org_level", "value"} <= cols.keys() and (
        "period" in cols or "start" in cols
    ):
        return Layout("breakdown", cols, heads)
    if "dataitem" in normed:
        raise InvalidValue(
            "this is the monthly data-quality (DQ) file, which is not needed: import the Data "
            "or Measures file of the same release"
        )
    raise InvalidValue(
        "the header is not one of the published national files (the annual MSDS CSV, the "
        "monthly Data file or the monthly Measures file): expected columns such as Dimension, "
        "Org_Level, Org_Code, Measure and Value, or IndicatorFamily, Indicator, Currency and Value"
    )


# --- values and periods --------------------------------------------------------------------


def parse_published(value: object, *, whole: bool = True) -> tuple[str, float | int | None]:
    """``(status, number)`` from a published cell: a count (or, with ``whole=False``, a
    rate) gives ``("ok", n)``; ``*`` / ``DNS`` / ``Low DQ`` give their status and ``None``.
    Anything else is :class:`InvalidValue`."""
    if isinstance(value, bool):
        raise InvalidValue(f"'{value}' is neither a count nor a published code ({PUBLISHED_CODES_TEXT})")
    if isinstance(value, int):
        number: float | int = value
    elif isinstance(value, float):
        number = value
    else:
        text = "" if value is None else str(value).strip()
        if not text:
            raise InvalidValue(f"the value is empty: a count or a published code ({PUBLISHED_CODES_TEXT}) is required")
        code = _CODES.get(norm(text))
        if code:
            return code, None
        cleaned = text.replace(",", "")
        if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
            raise InvalidValue(f"'{text}' is neither a count nor a published code ({PUBLISHED_CODES_TEXT})")
        number = float(cleaned) if "." in cleaned else int(cleaned)
    if number < 0:
        raise InvalidValue(f"'{value}' is negative")
    if whole:
        if isinstance(number, float):
            if not number.is_integer():
                raise InvalidValue(f"'{value}' is not a whole count")
            number = int(number)
        return OK, number
    return OK, float(number)


_FY = re.compile(r"^(\d{4})\s*[-/]\s*(\d{2}|\d{4})$")


def fy_period(text: object) -> str | None:
    """``2022-23`` (also ``2022/23``, ``2022-2023``) -> ``2022-23``; None if not a year."""
    m = _FY.match(str(text or "").strip())
    if not m:
        return None
    start, end = int(m[1]), int(m[2])
    if end % 100 != (start + 1) % 100 or (end >= 100 and end != start + 1):
        return None
    return f"{start}-{(start + 1) % 100:02d}"


def fy_months(period: str) -> list[str]:
    start = int(period[:4])
    return [f"{start}-{m:02d}" for m in range(4, 13)] + [f"{start + 1}-{m:02d}" for m in range(1, 4)]


def parse_period(text: object) -> tuple[str, str]:
    """A benchmark period: ``2021-22`` -> ``("annual", "2021-22")``; ``2024-03`` or
    ``Mar-24`` -> ``("monthly", "2024-03")``. A year written like a month is read as a year
    (``2011-12`` is 2011-12, not December 2011: national figures start long after)."""
    fy = fy_period(text)
    if fy:
        return "annual", fy
    try:
        return "monthly", parse_month(text)
    except InvalidValue:
        raise InvalidValue(
            f"'{text}' is not a period: use a financial year such as 2021-22 or a month such as 2024-03"
        ) from None


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if " " in text and re.match(r"^\d", text):  # "2024-03-01 00:00:00" from some exports
        text = text.split(" ", 1)[0]
    return parse_date(text)


def breakdown_period(period: object, start: object, end: object) -> tuple[str, str]:
    """``(source, period)`` of a breakdown row: the reporting-period dates win when the file
    has them (a single month -> monthly; April to March -> annual); otherwise ``Period`` is a
    financial year (annual) or a month such as ``Dec-18`` (monthly)."""
    if start not in (None, ""):
        first = _as_date(start)
        last = _as_date(end) if end not in (None, "") else None
        if last is None or month_of(first) == month_of(last):
            return MONTHLY_DATA, month_of(first)
        if first.month == 4 and first.day == 1 and last == date(first.year + 1, 3, 31):
            return ANNUAL, f"{first.year}-{(first.year + 1) % 100:02d}"
        raise InvalidValue(
            f"the reporting period {first.isoformat()} to {last.isoformat()} is neither one month "
            "nor one financial year"
        )
    fy = fy_period(period)
    if fy:
        return ANNUAL, fy
    if period in (None, ""):
        raise InvalidValue("the period is empty")
    return MONTHLY_DATA, parse_month(period)


def cqim_window(cqim: str, month: str) -> tuple[str, str]:
    """The months a CQIM published for reporting month ``month`` covers:
    Apgar, Tears, VBAC and Robson groups the 3 months ending in M; PPH the 3 months ending
    M-1; smoking at delivery M-1; the others M itself."""
    length, lag = CQIM_WINDOWS.get(norm(cqim), (1, 0))
    end = shift_month(month, -lag)
    return shift_month(end, -(length - 1)), end


def measures_period(cqim: str, start: object, end: object) -> tuple[str, str, str]:
    """``(reporting month, window start, window end)`` of a Measures row. When the row's
    dates are one month, that is the reporting month and the window follows
    :func:`cqim_window`; when they already span the window, they are taken as published."""
    first = _as_date(start) if start not in (None, "") else None
    last = _as_date(end) if end not in (None, "") else None
    if first is None and last is None:
        raise InvalidValue("the reporting period dates are empty")
    first = first or last
    last = last or first
    if last < first:
        raise InvalidValue(f"the reporting period ends ({last.isoformat()}) before it starts")
    m1, m2 = month_of(first), month_of(last)
    if m1 == m2:
        w1, w2 = cqim_window(cqim, m1)
        return m1, w1, w2
    _length, lag = CQIM_WINDOWS.get(norm(cqim), (1, 0))
    return shift_month(m2, lag), m1, m2


# --- the mapping from breakdowns to indicators ---------------------------------------------


@dataclass(frozen=True)
class DimensionMap:
    dimension: str
    aliases: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()  # counted in the denominator
    excluded: tuple[str, ...] = ()  # known, left out of the denominator


@dataclass(frozen=True)
class IndicatorMap:
    code: str
    dimension: str
    numerator: tuple[str, ...]


@dataclass(frozen=True)
class ExtraIndicator:
    """An indicator the mapping adds to the dashboard catalogue (e.g. ``bwoi``)."""

    code: str
    name: str
    scale: str
    better: str | None = None
    numerator: str = ""
    denominator: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Mapping:
    dimensions: tuple[DimensionMap, ...]
    indicators: tuple[IndicatorMap, ...]
    cqims: dict[str, str]  # CQIM code as published -> indicator code
    extra_indicators: tuple[ExtraIndicator, ...] = ()
    _dims: dict[str, DimensionMap] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        dims = {}
        for d in self.dimensions:
            for name in (d.dimension, *d.aliases):
                dims[norm(name)] = d
        by_dim: dict[str, list[IndicatorMap]] = {}
        for i in self.indicators:
            by_dim.setdefault(norm(i.dimension), []).append(i)
        object.__setattr__(self, "_dims", dims)
        object.__setattr__(self, "_by_dim", by_dim)
        object.__setattr__(self, "_seen", {})

    def dimension(self, name: object) -> DimensionMap | None:
        seen = self._seen  # the same few names arrive on every row of a file
        if name not in seen:
            seen[name] = self._dims.get(norm(name))
        return seen[name]

    def cqim(self, code: object) -> str | None:
        wanted = norm(code)
        return next((v for k, v in self.cqims.items() if norm(k) == wanted), None)

    def codes(self) -> list[str]:
        out = [i.code for i in self.indicators]
        out += [c for c in self.cqims.values() if c not in out]
        return out

    def indicators_for(self, dim: DimensionMap) -> list[IndicatorMap]:
        return self._by_dim.get(norm(dim.dimension), [])

    def is_window(self, code: str) -> bool:
        """True when the indicator's CQIM covers more than its reporting month."""
        return any(c == code and norm(k) in CQIM_WINDOWS for k, c in self.cqims.items())


def mapping_from_dict(data: dict) -> Mapping:
    """Build and check a :class:`Mapping` from the JSON shape of ``national_mapping.json``."""
    if not isinstance(data, dict):
        raise InvalidValue("the national mapping must be a JSON object")
    excluded_default = tuple(data.get("excluded_categories") or ())
    dims = []
    for name, spec in (data.get("dimensions") or {}).items():
        cats = tuple(spec.get("categories") or ())
        if not cats:
            raise InvalidValue(f"dimension {name} in the national mapping lists no categories")
        dims.append(DimensionMap(name, tuple(spec.get("aliases") or ()), cats,
                                 tuple(spec.get("excluded") or excluded_default)))
    by_dim = {norm(d.dimension): d for d in dims}
    inds = []
    for code, spec in (data.get("indicators") or {}).items():
        dim = by_dim.get(norm(spec.get("dimension")))
        if dim is None:
            raise InvalidValue(f"indicator {code} in the national mapping names an unknown dimension")
        num = tuple(spec.get("numerator") or ())
        known = {norm_category(c) for c in dim.categories}
        missing = [c for c in num if norm_category(c) not in known]
        if not num or missing:
            raise InvalidValue(
                f"indicator {code} in the national mapping: numerator categories "
                f"{', '.join(missing) or '(none)'} are not categories of {dim.dimension}"
            )
        inds.append(IndicatorMap(code, dim.dimension, num))
    extras = tuple(
        ExtraIndicator(code, spec.get("name") or code, spec.get("scale") or "percent", spec.get("better"),
                       spec.get("numerator") or "", spec.get("denominator") or "", spec.get("notes") or "")
        for code, spec in (data.get("extra_indicators") or {}).items()
    )
    return Mapping(tuple(dims), tuple(inds), dict(data.get("cqims") or {}), extras)


# --- published figures ---------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedValue:
    """One published figure for one organisation, period and indicator."""

    source: str
    period: str  # "2022-23" (annual) or "2024-03" (monthly)
    org_level: str
    org_code: str
    org_name: str
    indicator: str
    numerator: int | None
    denominator: int | None
    rate: float | None = None  # as published (CQIMs), in rate_scale
    rate_scale: str | None = None
    status: str = OK
    result: str | None = None  # CQIM Pass / Fail (providers)
    window_start: str | None = None
    window_end: str | None = None
    provisional: bool = False

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.source, self.period, self.org_level, self.org_code, self.indicator)


def _worst(a: str, b: str) -> str:
    return a if _STATUS_WEIGHT[a] >= _STATUS_WEIGHT[b] else b


class BreakdownTotals:
    """Accumulates breakdown rows (streamed, one at a time) into indicator figures.

    ``add`` returns None, or a warning reason when the category is not in the mapping (the
    row is then left out); a category given twice for the same organisation is an error.
    """

    def __init__(self, mapping: Mapping):
        self.mapping = mapping
        # (source, period, level, code, dimension) -> [name, {category: (status, count)}]
        self._cells: dict[tuple, list] = {}
        self._roles: dict[tuple[str, object], str | None] = {}
        self._cats: dict[object, str] = {}
        self.unmapped_dimensions: set[str] = set()

    def role(self, dim: DimensionMap, measure: object) -> str | None:
        key = (dim.dimension, measure)
        if key not in self._roles:
            cat = norm_category(measure)
            if any(norm_category(c) == cat for c in dim.categories):
                self._roles[key] = "counted"
            elif any(norm_category(c) == cat for c in dim.excluded):
                self._roles[key] = "excluded"
            else:
                self._roles[key] = None
        return self._roles[key]

    def add(self, source: str, period: str, level: str, code: str, name: str,
            dimension: str, measure: object, status: str, count: int | None) -> str | None:
        dim = self.mapping.dimension(dimension)
        if dim is None:
            self.unmapped_dimensions.add(dimension)
            return None
        role = self.role(dim, measure)
        if role is None:
            return f"category '{measure}' of {dimension} is not in the national mapping; left out"
        if role == "excluded":
            return None
        key = (source, period, level, code, dim.dimension)
        cell = self._cells.get(key)
        if cell is None:
            cell = self._cells[key] = [name, {}]
        cat = self._cats.get(measure)
        if cat is None:
            cat = self._cats[measure] = norm_category(measure)
        if cat in cell[1]:
            raise InvalidValue(
                f"{dimension} '{measure}' is given twice for {code} in {period}"
            )
        cell[1][cat] = (status, count)
        return None

    def values(self, *, provisional: bool = False) -> list[PublishedValue]:
        out: list[PublishedValue] = []
        for (source, period, level, code, dim_name), (name, cats) in self._cells.items():
            dim = self.mapping.dimension(dim_name)
            for ind in self.mapping.indicators_for(dim):
                num_cats = {norm_category(c) for c in ind.numerator}
                status, numerator, denominator = OK, 0, 0
                for cat, (st, n) in cats.items():
                    status = _worst(status, st)
                    if st == OK:
                        denominator += n
                        if cat in num_cats:
                            numerator += n
                if status != OK:
                    numerator = denominator = None
                out.append(PublishedValue(source, period, level, code, name, ind.code,
                                          numerator, denominator, status=status,
                                          window_start=period if source != ANNUAL else None,
                                          window_end=period if source != ANNUAL else None,
                                          provisional=provisional))
        return out


class MeasureTotals:
    """Accumulates the Measures file's CQIM rows: one figure per organisation, month and
    indicator from its Numerator / Denominator / Rate / Result rows."""

    def __init__(self, mapping: Mapping):
        self.mapping = mapping
        self._cells: dict[tuple, dict] = {}

    def add(self, period: str, window: tuple[str, str], level: str, code: str, name: str,
            indicator: str, currency: object, status: str, value: float | str | None) -> None:
        key = (period, level, code, indicator)
        cell = self._cells.get(key)
        if cell is None:
            cell = self._cells[key] = {"name": name, "window": window, "status": OK}
        kind, scale = currency_kind(currency)
        if kind in cell:
            raise InvalidValue(f"{indicator} {currency} is given twice for {code} in {period}")
        cell[kind] = value
        if kind == CURRENCY_RATE:
            cell["scale"] = scale
        if kind != CURRENCY_RESULT:
            cell["status"] = _worst(cell["status"], status)

    def values(self, *, provisional: bool = False) -> list[PublishedValue]:
        out = []
        for (period, level, code, indicator), cell in self._cells.items():
            status = cell["status"]
            ok = status == OK
            num = cell.get(CURRENCY_NUMERATOR)
            den = cell.get(CURRENCY_DENOMINATOR)
            rate = cell.get(CURRENCY_RATE)
            out.append(PublishedValue(
                MEASURES, period, level, code, cell["name"], indicator,
                int(num) if ok and num is not None else None,
                int(den) if ok and den is not None else None,
                float(rate) if ok and rate is not None else None,
                cell.get("scale") if ok and rate is not None else None,
                status, cell.get(CURRENCY_RESULT), cell["window"][0], cell["window"][1],
                provisional,
            ))
        return out


def currency_kind(currency: object) -> tuple[str, str | None]:
    """``(kind, rate scale)`` of a Measures ``Currency``; :class:`InvalidValue` if unknown."""
    key = re.sub(r"[^a-z0-9]", "", str(currency or "").lower())
    if key in _CURRENCIES:
        return _CURRENCIES[key]
    if key.startswith("rate"):
        # "Rate per 100,000" holds "1000" too: read the whole number, never a part of it
        per = re.search(r"per(\d+|hundredthousand|tenthousand|thousand|hundred)", key)
        if per is None:
            return CURRENCY_RATE, "per_1000" if "thousand" in key else "percent"
        words = {"hundred": 100, "thousand": 1000, "tenthousand": 10000, "hundredthousand": 100000}
        n = words.get(per.group(1)) or int(per.group(1))
        if n not in _RATE_PER:
            raise InvalidValue(f"currency '{currency}' is a rate per {n:,}, which Maternity Desk does not "
                               "convert (it reads %, per 100, per 1,000 and per 100,000)")
        return CURRENCY_RATE, _RATE_PER[n]
    raise InvalidValue(f"currency '{currency}' is not one of Numerator, Denominator, Rate, Result")


def parse_result(value: object) -> tuple[str, str | None]:
    """A CQIM ``Result`` cell: ``Pass`` / ``Fail``, or a published code."""
    text = str(value or "").strip()
    if text.lower() in ("pass", "fail"):
        return OK, text.capitalize()
    status, _n = parse_published(value, whole=False)
    return status, None


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
