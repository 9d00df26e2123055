"""A pattern compiled on first use behaves as the compiled pattern, and compiles once."""

from __future__ import annotations

import re

from maternity_desk.core.patterns import LazyPattern


def test_a_lazy_pattern_is_compiled_on_first_use_only(monkeypatch):
    compiled = []
    real = re.compile
    monkeypatch.setattr(re, "compile", lambda *a: compiled.append(a) or real(*a))
    p = LazyPattern(r"^(\d{4})-(\d{2})$", re.ASCII)
    assert compiled == []
    assert p.match("2026-12")[1] == "2026"
    assert p.match("2026-1") is None
    assert p.search("x 2026-12") is None  # anchored
    assert p.sub("month", "2026-12") == "month"
    assert compiled == [(r"^(\d{4})-(\d{2})$", re.ASCII)]
    assert p.pattern == r"^(\d{4})-(\d{2})$" and p.flags == re.ASCII


def test_every_method_is_the_compiled_patterns_own():
    p = LazyPattern(r"a+", re.I)
    assert [m.group() for m in p.finditer("aA b aaa")] == ["aA", "aaa"]
    assert p.findall("aA b aaa") == ["aA", "aaa"]
    assert p.split("xAy") == ["x", "y"]
    assert p.fullmatch("AAA") and not p.fullmatch("AAb")
    assert p.subn("-", "aba") == ("-b-", 2)
    assert p.groups == 0  # anything else falls through to the compiled pattern


def test_copying_or_probing_a_lazy_pattern_neither_compiles_it_nor_recurses():
    import copy

    p = LazyPattern(r"\d+")
    assert not hasattr(p, "__len__")
    q = copy.copy(p)
    assert q.match("12")[0] == "12" and p.match("x") is None
