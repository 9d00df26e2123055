"""How counts are written to users: "1 case", "2 cases", never "1 cases" or "2 case(s)"."""

from __future__ import annotations

import re

#: the interface's month abbreviations, index 1-12 (fixed English, as NHS returns write them: the
#: calendar module's follow the process's locale, which Qt sets from the user's environment)
MONTH_ABBR = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_IRREGULAR = {"person": "people", "child": "children", "analysis": "analyses"}


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and ``word``, the word made plural unless ``n`` is 1 (``many`` names an irregular
    plural): ``plural(1, "case")`` is "1 case", ``plural(3, "row")`` "3 rows"."""
    if n == 1:
        return f"{n:,} {word}"
    if many is None:
        head, _, last = word.rpartition(" ")
        if last in _IRREGULAR:
            last = _IRREGULAR[last]
        elif last.endswith(("s", "x", "ch", "sh")):
            last += "es"
        elif last.endswith("y") and last[-2:-1] not in ("a", "e", "i", "o", "u"):
            last = last[:-1] + "ies"
        else:
            last += "s"
        many = f"{head} {last}".strip()
    return f"{n:,} {many}"


def titled(title: str, code: str) -> str:
    """A title with its code in brackets, unless the title already ends with it:
    "Smoke-free pregnancy (SFP)", but never "Term admissions (ATAIN) (ATAIN)"."""
    return title if not code or title.rstrip().endswith(f"({code})") else f"{title} ({code})"


def capitalised(status: str | None) -> str:
    """A stored status as users read it: "in_progress" is "In progress"; none is ""."""
    text = (status or "").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def period_label(period: str | None) -> str:
    """A stored period as users read it: a month ``2026-11`` is "Nov 2026" (the one month
    format of the interface); other periods (``2026/27``, a case reference) stay as they are."""
    text = period or ""
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        # as periods.month_label writes it (not imported: periods needs errors, which needs this)
        return f"{MONTH_ABBR[int(text[5:])]} {text[:4]}"
    return text
