"""England and Wales bank holidays for any year, worked out by the ``holidays`` package
(offline: the standing pattern of the Banking and Financial Dealings Act 1971 with substitute
days, and the one-off days announced so far, kept up to date by the package's releases).

The unit's own closure days are kept in the database and added to these (see
:func:`maternity_desk.store.governance.calendar`). Pure Python: no files, no network.
"""

from __future__ import annotations

import threading
from datetime import date

import holidays


class EnglandAndWales:
    """``day in EnglandAndWales()`` is True for a bank holiday in England and Wales (England's
    and Wales's bank holidays are the same days). Each year is worked out when first asked
    for, once, whichever thread asks."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._days = holidays.country_holidays("GB", subdiv="ENG", categories=("public",))

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        with self._lock:
            return day in self._days

    def name(self, day: date) -> str | None:
        with self._lock:
            return self._days.get(day)


ENGLAND_AND_WALES = EnglandAndWales()
