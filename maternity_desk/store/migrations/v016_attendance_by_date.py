"""Schema 16: attendance found by course and date.

A funded session's people trained include records with no session of their own, matched by
the session's course and date (``store.fund.people_trained``). Without an index on
``(course_code, date)`` that match read every record with no session, about 50 ms a fund and
year on a unit of 300,000 records, on each opening of Home. Nothing else changes.
"""

from __future__ import annotations

VERSION = 16


def migrate(store) -> None:
    store.execute("CREATE INDEX attendance_course_date ON attendance (course_code, date)")
