"""What the search box finds: the kinds of record, their headings, and how typed text becomes
a full-text query. Pure: the index itself lives in ``store/search.py``."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: kinds in the order their groups are listed, with the heading shown above each group
KINDS: tuple[tuple[str, str], ...] = (
    ("staff", "Staff"),
    ("course", "Courses"),
    ("session", "Training sessions"),
    ("ledger", "Ledger entries"),
    ("project", "Improvement projects"),
    ("event_action", "Programme event actions"),
    ("plan_action", "Improvement plan actions"),
    ("meeting_action", "Champions' meeting actions"),
    ("review", "Perinatal review cases"),
    ("review_action", "Perinatal review actions"),
    ("submission", "Dataset submissions"),
    ("indicator", "Indicators"),
)
KIND_LABELS = dict(KINDS)
MAX_TERMS = 8

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    kind: str
    key: str
    title: str
    detail: str = ""


@dataclass(frozen=True)
class SearchGroup:
    kind: str
    label: str
    hits: tuple[SearchHit, ...]


def terms(text: str) -> list[str]:
    """The words of ``text`` (letters and digits), at most :data:`MAX_TERMS`."""
    return _WORD.findall(text or "")[:MAX_TERMS]


def match_expression(text: str) -> str | None:
    """An FTS5 query finding records holding every word of ``text``, the last word (or
    any word) as a prefix, so results follow what is typed; ``None`` when there is no word.
    Each word is quoted, so nothing typed is read as FTS5 syntax."""
    words = terms(text)
    if not words:
        return None
    return " AND ".join('"' + w.replace('"', '""') + '"*' for w in words)
