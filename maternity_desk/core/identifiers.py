"""No patient identifiers: text that contains an NHS number is refused.

An NHS number is 10 decimal digits whose last is the modulus-11 check digit of the first nine.
People write it in many ways, and so do the programs they paste from, so the digits are found
whatever separates them and whatever script they are written in:

- separators: up to three characters of white space of any kind (space, tab, non-breaking,
  thin, narrow no-break, figure spaces...), dashes of any kind, dots, and the invisible format
  characters Word and web pages leave behind (zero-width space, soft hyphen...): ``943 476
  5919``, ``943-476-5919``, ``943.476.5919``, ``94 34 76 59 19``, ``943 476-5919``;
- digits: any Unicode decimal digit (full-width ``９４３``, Arabic-Indic...), read as 0-9;
- anywhere in longer text (``Baby of mother NHS no 943 476 5919 reviewed``).

A run of digits and separators holding exactly 10 digits is a candidate, if it is one group of
10 or its groups are at most 5 digits long (``12345678 06`` is a staff number and a count,
``94347 65919`` one number). Inside a longer run a 10-digit window is a candidate when it is
one unbroken group of 10 digits, is written 3-3-4, or is set apart from its neighbours by a
different separator (``943.476.5919 12``); a 12-digit order number ``123456789012`` or a
phone number ``0161 496 0000`` is not.

Not candidates (no false alarms on the figures a unit keeps): dates (``2024-03-12``,
``12.03.2024``; a date is never joined to the digits around it), money (a run after a
currency sign, a decimal ``12345678.90``, thousands groups ``1 234 567 890``), staff numbers
of other lengths, ODS codes, and any 10 digits failing the check digit (most phone numbers).

A 10-digit *staff number* that passes the check is refused as a probable NHS number: staff
numbers in the workforce system are 8 digits (:func:`nhs_number_reason` with
``staff_number=True`` says so).

A refusal never echoes the number: :func:`mask` shows the first three digits only
(``943 *** ****``); :func:`redact` masks every NHS number in a text (for logs and audit).
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.patterns import LazyPattern

#: the most separator characters allowed between two digits of one number
MAX_GAP = 3
#: a number written in groups has none longer than this ("12345678 06" is two numbers)
MAX_GROUP = 5
_EXTRA_SEPARATORS = frozenset(".\u00b7\u2027\u2219\u30fb\uff0e\uff65")  # dots, middle dots


def _is_separator(ch: str) -> bool:
    if ch.isspace() or ch in _EXTRA_SEPARATORS:
        return True
    return unicodedata.category(ch) in ("Pd", "Cf", "Zs")


# A date (year first or last) is taken out before the digits are read, so "2024-03-12 10"
# never reads as one number. Its separators: the same dash or dot twice (a slash is never a
# separator of a number anyway).
_DATE = LazyPattern(
    r"(?<!\d)(?<!\d[-.])"
    r"(?:\d{4}([-.])\d{1,2}\1\d{1,2}(?!\d)(?!\1\d)|\d{1,2}([-.])\d{1,2}\2(?:\d{4}|\d{2})(?!\d)(?!\2\d))"
)
# Ten digits no more than MAX_GAP characters apart, whatever lies between: every NHS number
# matches, and almost no other text, so most text is passed over at the speed of one
# regular-expression search.
_TEN_DIGITS_NEAR = LazyPattern(rf"\d(?:\D{{0,{MAX_GAP}}}+\d){{9}}")


# a NamedTuple, not a frozen dataclass, as the window's start defines it (see core.errors.Problem)
class Found(NamedTuple):
    """One NHS number in a text: where it is and its digits (0-9)."""

    start: int
    end: int
    digits: str

    @property
    def masked(self) -> str:
        return mask(self.digits)


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.decimal(c)) for c in text if c.isdecimal())


def nhs_number_is_valid(digits: str) -> bool:
    """The modulus-11 check on 10 decimal digits (any script)."""
    if len(digits) != 10 or not digits.isdecimal():
        return False
    digits = _ascii_digits(digits)
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def mask(digits: str) -> str:
    """``943 *** ****``: enough to find the cell, not enough to identify anyone."""
    return f"{_ascii_digits(digits)[:3]} *** ****"


def _date_is_plausible(text: str) -> bool:
    parts = [_ascii_digits(p) for p in re.split(r"\D+", text) if p]
    if len(parts) != 3:
        return False
    if len(parts[0]) == 4:
        year, month, day = parts
    else:
        day, month, year = parts
    return 1 <= int(month) <= 12 and 1 <= int(day) <= 31 and len(year) in (2, 4)


def _groups(text: str) -> list[list[tuple[int, int, str]]]:
    """Runs of digit groups: each group (start, end, gap-before) where gap-before is the
    separator text joining it to the previous group of its run ('' for the first)."""
    runs: list[list[tuple[int, int, str]]] = []
    run: list[tuple[int, int, str]] = []
    i, n = 0, len(text)
    gap_start = None
    while i < n:
        ch = text[i]
        if ch.isdecimal():
            j = i
            while j < n and text[j].isdecimal():
                j += 1
            if run and gap_start is not None and i - gap_start <= MAX_GAP:
                run.append((i, j, text[gap_start:i]))
            else:
                if run:
                    runs.append(run)
                run = [(i, j, "")]
            i = j
            gap_start = j
            continue
        if _is_separator(ch):
            i += 1
            continue
        if run:
            runs.append(run)
            run = []
        gap_start = None
        i += 1
    if run:
        runs.append(run)
    return runs


def _is_money_or_decimal(text: str, run: list[tuple[int, int, str]]) -> bool:
    start = run[0][0]
    before = text[:start].rstrip()
    if before and unicodedata.category(before[-1]) == "Sc":
        return True  # £ 1 234 567 890, $9434765919
    sizes = [e - s for s, e, _g in run]
    gaps = [g for _s, _e, g in run[1:]]
    if len(run) == 2 and gaps[0] in (".", "\u00b7") and sizes[1] <= 2:
        return True  # 12345678.90
    # 1 234 567 890 (thousands)
    return len(run) >= 3 and sizes[0] <= 3 and all(s == 3 for s in sizes[1:]) and len(set(gaps)) == 1


def _windows(run: list[tuple[int, int, str]]):
    """Contiguous groups of a run holding exactly 10 digits that read as one number."""
    sizes = [e - s for s, e, _g in run]
    if sum(sizes) == 10:
        if len(run) == 1 or max(sizes) <= MAX_GROUP:
            yield 0, len(run)
        return
    for a in range(len(run)):
        total = 0
        for b in range(a, len(run)):
            total += sizes[b]
            if total > 10:
                break
            if total < 10:
                continue
            inner = {run[k][2] for k in range(a + 1, b + 1)}
            if a != b and max(sizes[a:b + 1]) > MAX_GROUP:
                break
            if a == b or (sizes[a:b + 1] == [3, 3, 4] and len(inner) == 1):
                yield a, b + 1
                break
            outer = {run[a][2]} if a > 0 else set()
            if b + 1 < len(run):
                outer.add(run[b + 1][2])
            if len(inner) == 1 and not (inner & outer):
                yield a, b + 1
            break


# The last long text found clean is remembered until it is searched again (held, so it cannot
# be freed and its id reused): the audit's JSON of a large import is searched by redact() and
# then by the store's guard as it is written, and a second search of the same unchangeable
# text would find the same.
_REMEMBER = 4096
_last_clean: str | None = None


def find_all(text: object) -> list[Found]:
    """Every NHS number in ``text`` (any value: numbers are read as their digits)."""
    if text is None or isinstance(text, bool):
        return []
    if isinstance(text, float):
        if not text.is_integer():
            return []
        text = str(int(text))
    elif not isinstance(text, str):
        text = str(text)
    if len(text) < 10:
        return []  # the common case, decided quickly
    global _last_clean
    if len(text) >= _REMEMBER:
        if text is _last_clean:  # this very text was just searched and found clean
            _last_clean = None  # let it go: the repeat it saves has happened
            return []
        if not _TEN_DIGITS_NEAR.search(text):
            _last_clean = text
            return []
    elif not _TEN_DIGITS_NEAR.search(text):
        return []  # the common case, decided quickly
    scan = _DATE.sub(lambda m: "#" * len(m[0]) if _date_is_plausible(m[0]) else m[0], text)
    found: list[Found] = []
    for run in _groups(scan):
        if sum(e - s for s, e, _g in run) < 10 or _is_money_or_decimal(scan, run):
            continue
        for a, b in _windows(run):
            start, end = run[a][0], run[b - 1][1]
            digits = _ascii_digits(text[start:end])
            if nhs_number_is_valid(digits):
                found.append(Found(start, end, digits))
    return found


def find_nhs_number(text: object) -> str | None:
    """The first NHS number in ``text`` as written, or None."""
    hits = find_all(text)
    if not hits:
        return None
    return str(text)[hits[0].start:hits[0].end] if isinstance(text, str) else hits[0].digits


def masked_nhs_number(text: object) -> str | None:
    """The first NHS number in ``text`` masked (``943 *** ****``), or None."""
    hits = find_all(text)
    return hits[0].masked if hits else None


def redact(text: str) -> str:
    """``text`` with every NHS number replaced by its mask (for logs and the audit log)."""
    if not isinstance(text, str):
        return text
    hits = find_all(text)
    for hit in reversed(hits):
        text = text[:hit.start] + hit.masked + text[hit.end:]
    return text


def is_staff_number_column(name: str | None) -> bool:
    return bool(name) and re.sub(r"[\s_\-.]+", "", str(name)).lower() in ("staffnumber", "staffno", "assignmentnumber")


def staff_number_reason(masked: str) -> str:
    """Why a staff number (shown ``masked``) is refused as a probable NHS number."""
    return (f"the staff number {masked} is 10 digits and passes the NHS number check digit: it is "
            "probably a patient's NHS number (staff numbers in the workforce system are 8 digits), "
            "so it is not stored")


def nhs_number_reason(value: object, *, staff_number: bool = False) -> str | None:
    """Why ``value`` is refused (naming the number only masked), or None if it is not."""
    hits = find_all(value)
    if not hits:
        return None
    masked = hits[0].masked
    if staff_number:
        return staff_number_reason(masked)
    return (f"this looks like an NHS number ({masked}); patient identifiers are never stored in "
            "Maternity Desk: remove it or use the local case reference")


class NhsNumberRefused(InvalidValue):
    """Text holding an NHS number was refused; nothing was written. The message shows the
    number masked only."""

    def __init__(self, message: str, *, masked: str, table: str | None = None,
                 column: str | None = None, row: int | None = None):
        super().__init__(message)
        self.masked = masked
        self.table = table
        self.column = column
        self.row = row


def refuse_patient_identifiers(text: str | None, field: str = "this text") -> str | None:
    """Return ``text`` unchanged, or raise :class:`NhsNumberRefused` if it holds an NHS number."""
    masked = masked_nhs_number(text)
    if masked:
        raise NhsNumberRefused(
            f"{field} looks like it contains an NHS number ({masked}); patient identifiers must "
            "never be stored here. Use the local case reference instead.",
            masked=masked, column=field,
        )
    return text
