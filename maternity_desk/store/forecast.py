"""The training forecast's reads (:mod:`maternity_desk.core.forecast`) and bookings.

There is no separate booking table: a **booking** is an ``attended`` row on a session still
``planned`` and dated today or later (the people put on a future session's register). Every
other ``attended`` row is a record already held, as the compliance grid counts it
(:func:`maternity_desk.store.training.latest_attended` reads them for both).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from maternity_desk.core import forecast as fc
from maternity_desk.core.errors import InvalidValue
from maternity_desk.store import training as st

_BOOKED = "s.status = 'planned' AND a.date >= :today"


def bookings(store, today: date, by: date | None = None) -> list[fc.Booking]:
    """Bookings on planned sessions from ``today`` (to ``by``)."""
    rows = store.conn.execute(
        "SELECT a.staff_number, a.course_code, a.date FROM attendance a"
        " JOIN training_session s ON s.id = a.session_id"
        f" WHERE a.status = 'attended' AND {_BOOKED} AND a.date <= :by ORDER BY a.date",
        {"today": today.isoformat(), "by": (by or date.max).isoformat()}).fetchall()
    return [fc.Booking(s, c, date.fromisoformat(d)) for s, c, d in rows]


def forecast(store, by: date, *, today: date | None = None, threshold: float = fc.SCHEME_THRESHOLD,
             course: str | None = None) -> list[fc.ForecastRow]:
    """Per active mandatory course (or ``course`` alone) and staff group: the forecast on
    ``by`` from the records held, the bookings and the recorded absences."""
    today = today or date.today()
    # a date already passed is answered too: no booking can fall before it, so the figures are
    # that day's compliance, with who would have had to attend
    courses = st.courses(store, active_only=True)
    if course is not None:
        courses = [c for c in courses if c.code == course.upper()]
        if not courses:
            raise InvalidValue(f"'{course}' is not an active course")
    return fc.forecast(by, today, st.list_staff(store), st.list_absences(store), courses,
                       st.latest_attended(store, by), bookings(store, today, by), threshold, st.group_order(store))


def book(store, session_id: int, staff_numbers: Iterable[str], *, today: date | None = None) -> int:
    """Put people on a planned session's register ahead of the day (one transaction, one
    audit row). Returns how many were added."""
    today = today or date.today()
    session = st.get_session(store, session_id)
    if session is None:
        raise InvalidValue("the session no longer exists")
    if session.status != "planned" or session.date < today:
        raise InvalidValue("only a planned session from today on takes bookings")
    numbers = list(dict.fromkeys(staff_numbers))
    with store.transaction():
        known = st.staff_numbers(store)
        unknown = [n for n in numbers if n not in known]
        if unknown:
            raise InvalidValue(f"not on the register: {', '.join(unknown[:5])}")
        before = st.session_attendance(store, session_id)
        new = [n for n in numbers if n not in before]
        store.executemany("INSERT INTO attendance (staff_number, course_code, date, status, session_id)"
                          " VALUES (?, ?, ?, 'attended', ?) ON CONFLICT(staff_number, course_code, date) DO NOTHING",
                          [(n, session.course_code, session.date.isoformat(), session_id) for n in new])
        after = st.session_attendance(store, session_id)
        if after != before:
            store.audit("book", "training_session", session_id, {"register": before}, {"register": after})
    return len(after) - len(before)
