"""No patient identifiers: free text that contains an NHS number is refused.

An NHS number is 10 digits, written together or as 3-3-4 with spaces (or hyphens), whose
last digit is the modulus-11 check digit of the first nine. Digits that are part of a longer
run of digits are not matched (a 12-digit order number is not an NHS number).
"""

from __future__ import annotations

import re

from maternity_desk.core.errors import InvalidValue

_CANDIDATE = re.compile(r"(?<![\d])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\d])")


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
    for m in _CANDIDATE.finditer(str(text)):
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
