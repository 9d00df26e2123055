"""The window: every module that imports Qt lives in this package (an import contract holds it).

Importing the package loads PySide6 and stops it reading the source of every module imported
after it. PySide hooks Python's imports and, for each module newly named in an import, reads
the module's whole source file to see whether it says "PySide6"; the answer only matters to a
program that selects PySide's optional naming (``from __feature__ import snake_case``), which
this one never does (tests/ui/test_startup_imports.py holds it to that). The reading cost 2-3 ms
of the window's start and a fifth of loading the chart library and the pages ahead of a first
visit (about 100 ms of 450 on a worker, holding Python's lock).

Every module is answered "does not use PySide" without reading it: what PySide itself answers
for a module whose source it cannot read, as it can read none in the installed bundle, so the
window runs as it does there. A module so answered follows the process's naming, which stays
Qt's own (``setText``) as nothing selects another. ``_mod_uses_pyside`` is private to PySide:
it is replaced only where it is found as expected; otherwise PySide goes on as before, only
slower.
"""

import sys

import PySide6.QtCore  # noqa: F401 (loads PySide's import hook: see _read_no_sources)


def _uses_pyside(_module) -> bool:
    return False


def _read_no_sources() -> None:
    feature = sys.modules.get("shibokensupport.feature")
    if callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = _uses_pyside


_read_no_sources()
