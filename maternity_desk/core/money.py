"""Money as integer pence, parsed the way people type it: ``£40,000.00``, ``40000``, ``1,234.5``."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from maternity_desk.core.errors import InvalidValue

MAX_POUNDS = 1_000_000_000  # far above any training fund; keeps pence inside SQLite's integers
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$|^\.\d+$", re.ASCII)


def parse_pence(value: object, *, allow_negative: bool = False) -> int:
    """Integer pence from text or a spreadsheet number.

    Refuses empty values, text, badly placed thousands separators and fractions of a penny.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidValue("an amount is required")
    if isinstance(value, bool):
        raise InvalidValue(f"'{value}' is not an amount of money")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    else:
        text = str(value).strip().replace("\u00a3", "").replace(" ", "")
        negative = False
        if text.startswith("(") and text.endswith(")"):
            negative, text = True, text[1:-1]
        if text.startswith("-"):
            negative, text = not negative, text[1:]
        text = text.lstrip("\u00a3")
        if not _GROUPED.match(text):
            raise InvalidValue(f"'{value}' is not an amount of money (e.g. £1,234.50)")
        try:
            amount = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise InvalidValue(f"'{value}' is not an amount of money") from None
        if negative:
            amount = -amount
    if not amount.is_finite():
        raise InvalidValue(f"'{value}' is not an amount of money")
    if abs(amount) > MAX_POUNDS:
        raise InvalidValue(f"'{str(value)[:30]}' is more than £{MAX_POUNDS:,}, the largest amount accepted")
    pence = amount * 100
    if pence != pence.to_integral_value():
        raise InvalidValue(f"'{value}' has a fraction of a penny")
    result = int(pence)
    if result < 0 and not allow_negative:
        raise InvalidValue(f"'{value}' is negative; enter the amount as a positive figure")
    return result


def format_pence(pence: int | None, *, symbol: bool = True) -> str:
    """``4000000`` -> ``£40,000.00``; negative amounts as ``-£12.50``; None as empty text."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    pounds, p = divmod(abs(int(pence)), 100)
    return f"{sign}{'£' if symbol else ''}{pounds:,}.{p:02d}"
