"""Dates, calendar months and NHS financial years, parsed the way UK users write them.

Months are ``YYYY-MM`` strings; dates are :class:`datetime.date`. Nothing here reads the
clock: callers pass ``today``.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, timedelta

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.patterns import LazyPattern
from maternity_desk.core.words import MONTH_ABBR

_ISO = LazyPattern(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)
_UK = LazyPattern(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$", re.ASCII)
_ISO_DT = LazyPattern(r"^(\d{4})-(\d{2})-(\d{2})[ T]00:00(:00(\.0+)?)?$", re.ASCII)
_MONTH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")
_MONTHS = {m.lower(): i for i, m in enumerate(MONTH_ABBR) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(_MONTH_NAMES) if m})
_MONTHS["sept"] = 9
EXCEL_EPOCH = date(1899, 12, 30)


FIRST_YEAR, LAST_YEAR = 1900, 2100  # outside these a date is a typing slip, not a record


def _make(y: int, m: int, d: int, text: str) -> date:
    try:
        made = date(y, m, d)
    except ValueError:
        raise InvalidValue(f"'{text}' is not a real date") from None
    return in_range(made, text)


def in_range(d: date, text: object = None) -> date:
    """``d`` if its year is 1900 to 2100, else refused."""
    if not FIRST_YEAR <= d.year <= LAST_YEAR:
        raise InvalidValue(f"'{text or d.isoformat()}' is outside the years {FIRST_YEAR} to {LAST_YEAR} "
                           "(is the year mistyped?)")
    return d


def parse_date(value: object) -> date:
    """A date from an ISO ``2025-03-31``, a UK ``31/03/2025`` or a real spreadsheet date cell.

    Month-first (US) dates are never guessed: ``03/31/2025`` is refused as impossible.
    """
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise InvalidValue(f"'{value}' has a time of day; a date was expected")
        return in_range(value.date(), value.date().strftime("%d/%m/%Y"))
    if isinstance(value, date):
        return in_range(value, value.strftime("%d/%m/%Y"))
    if value is None:
        raise InvalidValue("a date is required")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise InvalidValue(f"'{value}' is a number, not a date")
    text = str(value).strip()
    if not text:
        raise InvalidValue("a date is required")
    if m := _ISO.match(text):
        return _make(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _ISO_DT.match(text):
        return _make(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _UK.match(text):
        return _make(int(m[3]), int(m[2]), int(m[1]), text)
    raise InvalidValue(f"'{text}' is not a date (use 31/03/2025 or 2025-03-31)")


_TYPED_COMPACT = LazyPattern(r"^(\d{2})(\d{2})(\d{4})$")
_TYPED_UK = LazyPattern(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")


def parse_typed_date(text: str) -> date:
    """A date as a person types it in a date box: ``25/11/2026``, ``5/1/2026``, ``25-11-2026``,
    ``25.11.2026``, ``25112026`` (day, month, year: the UK order) or ``2026-11-25``.

    Exactly as meant or refused: never a guessed month-first date, never a two-digit year,
    never a date rolled over into the next month."""
    text = (text or "").strip()
    if not text:
        raise InvalidValue("a date is required (dd/mm/yyyy)")
    if m := _TYPED_COMPACT.match(text):
        return _make(int(m[3]), int(m[2]), int(m[1]), text)
    if m := _TYPED_UK.match(text):
        return _make(int(m[3]), int(m[2]), int(m[1]), text)
    if m := _ISO.match(text):
        return _make(int(m[1]), int(m[2]), int(m[3]), text)
    raise InvalidValue(f"'{text}' is not a date: type it as dd/mm/yyyy, e.g. 25/11/2026")


def parse_optional_date(value: object) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_date(value)


def excel_serial_to_date(serial: float) -> date:
    return EXCEL_EPOCH + timedelta(days=int(serial))


def month_of(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


_MONTH_ISO = LazyPattern(r"^(\d{4})-(\d{1,2})$")
_MONTH_NAME = LazyPattern(r"^([A-Za-z]+)[\s\-/']*(\d{2}|\d{4})$")


def parse_month(value: object) -> str:
    """A ``YYYY-MM`` month from ``2025-03``, ``Mar-25``, ``March 2025``, ``03/2025`` or a
    spreadsheet date (any day of the month)."""
    if isinstance(value, (date, datetime)):
        return month_of(value if isinstance(value, date) else value.date())
    if value is None:
        raise InvalidValue("a month is required")
    text = str(value).strip()
    if not text:
        raise InvalidValue("a month is required")
    if m := _MONTH_ISO.match(text):
        y, mo = int(m[1]), int(m[2])
    elif m := _MONTH_NAME.match(text):
        name = m[1].lower()
        if name not in _MONTHS:
            raise InvalidValue(f"'{text}' is not a month (use 2025-03, Mar-25 or March 2025)")
        mo = _MONTHS[name]
        y = int(m[2])
        if y < 100:
            y += 2000
    elif m := re.match(r"^(\d{1,2})/(\d{4})$", text):
        y, mo = int(m[2]), int(m[1])
    else:
        try:
            return month_of(parse_date(text))
        except InvalidValue:
            raise InvalidValue(
                f"'{text}' is not a month (use 2025-03, Mar-25 or March 2025)"
            ) from None
    if not 1 <= mo <= 12 or not 1900 <= y <= 2200:
        raise InvalidValue(f"'{text}' is not a real month")
    return f"{y:04d}-{mo:02d}"


def month_start(month: str) -> date:
    y, m = (int(p) for p in month.split("-"))
    return date(y, m, 1)


def days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def month_end(month: str) -> date:
    y, m = (int(p) for p in month.split("-"))
    return date(y, m, days_in_month(y, m))


def add_months(d: date, months: int) -> date:
    """Calendar-wise month arithmetic, the day clamped to the month's end
    (29 Feb 2024 + 12 months = 28 Feb 2025)."""
    total = d.year * 12 + (d.month - 1) + months
    y, m = divmod(total, 12)
    m += 1
    return date(y, m, min(d.day, days_in_month(y, m)))


def shift_month(month: str, n: int) -> str:
    return month_of(add_months(month_start(month), n))


def month_range(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` inclusive (empty if last < first)."""
    return list(_month_range(first, last))


@functools.lru_cache(maxsize=256)  # a summary asks for the same range for every indicator
def _month_range(first: str, last: str) -> tuple[str, ...]:
    if first > last:
        return ()
    start = month_start(first)  # refuses a month that is not one, as before
    y, m = start.year, start.month
    out = [first]
    while True:  # month by month in whole numbers (a chart asks for 120 of them at a time)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        month = f"{y:04d}-{m:02d}"
        if month > last:
            return tuple(out)
        out.append(month)


def month_label(month: str) -> str:
    """``2025-03`` -> ``Mar 2025``."""
    d = month_start(month)
    return f"{MONTH_ABBR[d.month]} {d.year}"


# --- NHS financial years (1 April to 31 March, written 2016/17) -------------------------

_FY = LazyPattern(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$")


def fy_of(d: date) -> str:
    start = d.year if d.month >= 4 else d.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def parse_fy(value: object) -> str:
    """``2016/17``, ``2016-17`` or ``2016/2017`` -> ``2016/17``."""
    text = str(value or "").strip()
    m = _FY.match(text)
    if not m:
        raise InvalidValue(f"'{text}' is not a financial year (use 2016/17)")
    start, end = int(m[1]), int(m[2])
    if end % 100 != (start + 1) % 100 or (end >= 100 and end != start + 1):
        raise InvalidValue(f"'{text}' is not a financial year: the years must be consecutive")
    return f"{start}/{(start + 1) % 100:02d}"


def fy_bounds(fy: str) -> tuple[date, date]:
    start = int(parse_fy(fy)[:4])
    return date(start, 4, 1), date(start + 1, 3, 31)
