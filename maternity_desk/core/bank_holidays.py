"""England and Wales bank holidays for any year, worked out by the ``holidays`` package
(offline: the standing pattern of the Banking and Financial Dealings Act 1971 with substitute
days, and the one-off days announced so far, kept up to date by the package's releases).

The unit's own closure days are kept in the database and added to these (see
:func:`maternity_desk.store.governance.calendar`). Pure Python: no files, no network.
"""

from __future__ import annotations

import threading
from datetime import date


class EnglandAndWales:
    """``day in EnglandAndWales()`` is True for a bank holiday in England and Wales (England's
    and Wales's bank holidays are the same days). Each year is worked out when first asked
    for, once, whichever thread asks."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._days = None

    def _loaded(self):
        if self._days is None:
            # Imported when a deadline is first worked out: the package loads about 300
            # modules (every country's rules) and takes ~0.1 s, which the command line's and
            # the window's start should not pay.
            import holidays

            self._days = holidays.country_holidays("GB", subdiv="ENG", categories=("public",))
        return self._days

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        with self._lock:
            return day in self._loaded()

    def name(self, day: date) -> str | None:
        with self._lock:
            return self._loaded().get(day)


ENGLAND_AND_WALES = EnglandAndWales()
