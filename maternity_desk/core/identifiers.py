"""No patient identifiers: free text that contains an NHS number is refused.

An NHS number is 10 digits, written together or as 3-3-4 with spaces (one or more, the same between each group) or hyphens, whose
last digit is the modulus-11 check digit of the first nine. Digits that are part of a longer
run of digits are not matched (a 12-digit order number is not an NHS number).

Text pasted from Word, Excel or e-mail often carries a non-breaking or thin space where a
person typed a space, or a typographic dash where they typed a hyphen; those are read as the
plain space or hyphen first, so "943\u00a0476\u00a05919" is found as well.
"""

from __future__ import annotations

import re

from maternity_desk.core.errors import InvalidValue

# Characters that Word, Excel and e-mail put where a person typed a space or a hyphen.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u2009\u202f\u2002\u2003\u2005\u2006\u200a"), " ")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")
_CANDIDATE = re.compile(r"(?<![\d])(\d{3})( +|-|)(\d{3})\2(\d{4})(?![\d])")


def nhs_number_is_valid(digits: str) -> bool:
    """The modulus-11 check on a 10-digit string."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def find_nhs_number(text: str | None) -> str | None:
    """The first valid NHS number in ``text`` as written, or None."""
    if not text:
        return None
    for m in _CANDIDATE.finditer(str(text).translate(_SPACES).translate(_DASHES)):
        if nhs_number_is_valid(m[1] + m[3] + m[4]):
            return m[0]
    return None


def refuse_patient_identifiers(text: str | None, field: str = "this text") -> str | None:
    """Return ``text`` unchanged, or raise :class:`InvalidValue` if it holds an NHS number."""
    if find_nhs_number(text):
        raise InvalidValue(
            f"{field} looks like it contains an NHS number; patient identifiers must never be "
            "stored here. Use the local case reference instead."
        )
    return text
