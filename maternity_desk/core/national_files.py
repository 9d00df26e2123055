"""What the national published files are: the vocabulary (sources, statuses, organisation
levels, CQIM windows, rate currencies), recognising a file from its header row, and reading
its values and periods. Part of :mod:`maternity_desk.core.national`, which re-exports every
name defined here. Pure Python: no Qt, no SQL, no files.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.indicators import PROPORTION_SCALES, SCALES
from maternity_desk.core.periods import month_of, parse_date, parse_month, shift_month

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
