"""Regular expressions compiled when first used, not when their module is imported.

The modules the window's start imports (dates, identifiers, the database guard, backups) hold
about twenty patterns; compiling them all costs 2 ms of every start, and most are first needed
by an import or an edit, if ever."""

from __future__ import annotations

import re

_METHODS = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """Stands for ``re.compile(pattern, flags)``: the first use compiles it, and its methods are
    then the compiled pattern's own, held on the instance (no cost per call after the first)."""

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str):  # only for what the instance does not hold yet: the first use
        if name.startswith("__") or name in ("pattern", "flags"):  # copy, pickle, introspection
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self.flags)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)
