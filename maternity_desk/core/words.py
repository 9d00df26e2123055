"""How counts are written to users: "1 case", "2 cases", never "1 cases" or "2 case(s)"."""

from __future__ import annotations

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
