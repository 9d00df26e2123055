"""Training queries and writes over the unit database, returning :mod:`core.training` objects."""

from __future__ import annotations

from datetime import date, timedelta

from maternity_desk.core.attention import Attention
from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.money import format_pence
from maternity_desk.core.periods import add_months
from maternity_desk.core.training import (
    ATTENDED,
    SESSION_STATUSES,
    STATUSES,
    Absence,
    AttendanceRecord,
    ComplianceIndex,
    ComplianceRow,
    Course,
    HistoryEntry,
    StaffGroup,
    StaffMember,
    Thresholds,
    TrainingSession,
    TrainingStatus,
    TrendPoint,
    history,
    trend_dates,
    validate_absence,
    validate_course,
    validate_staff,
)
from maternity_desk.core.words import plural

_d = date.fromisoformat


def _opt(text: str | None) -> date | None:
    return _d(text) if text else None


# --- reference data ----------------------------------------------------------------------

def staff_groups(store) -> list[StaffGroup]:
    return [
        StaffGroup(r["code"], r["name"], r["sort_order"], tuple(a for a in (r["aliases"] or "").split("|") if a))
        for r in store.query("SELECT code, name, sort_order, aliases FROM staff_group ORDER BY sort_order, code")
    ]


def group_order(store) -> dict[str, int]:
    return {g.code: i for i, g in enumerate(staff_groups(store))}


def courses(store, *, active_only: bool = False) -> list[Course]:
    groups: dict[str, list[str]] = {}
    for r in store.query(
        "SELECT cg.course_code, cg.staff_group FROM course_group cg "
        "JOIN staff_group g ON g.code = cg.staff_group ORDER BY g.sort_order"
    ):
        groups.setdefault(r[0], []).append(r[1])
    sql = "SELECT code, name, renewal_months, active, notes FROM course"
    if active_only:
        sql += " WHERE active = 1"
    rows = store.query(sql)
    out = [Course(r["code"], r["name"], r["renewal_months"], tuple(groups.get(r["code"], ())), bool(r["active"]),
                  r["notes"]) for r in rows]
    # mandatory courses first, in the order they were shipped/added, then the rest by name
    order = {c: i for i, c in enumerate(r[0] for r in store.query("SELECT code FROM course ORDER BY rowid"))}
    return sorted(out, key=lambda c: (not c.mandatory, order[c.code] if c.mandatory else 0, c.name.lower()))


def course_lookup(store) -> dict[str, str]:
    """Course code or name, lower-cased -> code (for imports and type-in)."""
    out: dict[str, str] = {}
    for c in courses(store):
        out[c.name.strip().lower()] = c.code
    for c in courses(store):
        out[c.code.lower()] = c.code
    return out


def save_course(store, course: Course, *, new: bool) -> Course:
    clean = validate_course(course, [g.code for g in staff_groups(store)])
    with store.transaction():
        if new:
            if store.scalar("SELECT 1 FROM course WHERE code = ?", (clean.code,)):
                raise InvalidValue(f"there is already a course with code {clean.code}")
            store.insert("course", {"code": clean.code, "name": clean.name,
                                    "renewal_months": clean.renewal_months, "active": int(clean.active),
                                    "notes": clean.notes}, key_col="code")
        else:
            store.update("course", "code", clean.code, {"name": clean.name, "renewal_months": clean.renewal_months,
                                                        "active": int(clean.active), "notes": clean.notes})
        before = [r[0] for r in store.query(
            "SELECT staff_group FROM course_group WHERE course_code = ? ORDER BY staff_group", (clean.code,))]
        after = sorted(clean.groups)
        if before != after:
            store.execute("DELETE FROM course_group WHERE course_code = ?", (clean.code,))
            store.executemany("INSERT INTO course_group (course_code, staff_group) VALUES (?, ?)",
                              [(clean.code, g) for g in clean.groups])
            store.audit("update", "course_group", clean.code, {"groups": before}, {"groups": after})
    return clean


def thresholds(store) -> Thresholds:
    def num(key: str, default: float) -> float:
        try:
            return float(store.get_setting(key) or default)
        except ValueError:
            return default

    return Thresholds(num("training.threshold.green", 90.0), num("training.threshold.amber", 80.0))


def save_thresholds(store, t: Thresholds) -> Thresholds:
    t = t.validated()
    with store.transaction():
        store.set_setting("training.threshold.green", f"{t.green:g}")
        store.set_setting("training.threshold.amber", f"{t.amber:g}")
    return t


# --- staff and absences ------------------------------------------------------------------

def _member(r) -> StaffMember:
    return StaffMember(r["staff_number"], r["name"], r["staff_group"], _d(r["start_date"]),
                       _opt(r["leave_date"]), r["notes"] or "")


def list_staff(store) -> list[StaffMember]:
    return [_member(r) for r in store.query(
        "SELECT staff_number, name, staff_group, start_date, leave_date, notes FROM staff ORDER BY name, staff_number")]


def get_staff(store, staff_number: str) -> StaffMember | None:
    r = store.query_one("SELECT * FROM staff WHERE staff_number = ?", (staff_number,))
    return _member(r) if r else None


def _staff_values(m: StaffMember) -> dict:
    return {"name": m.name, "staff_group": m.staff_group, "start_date": m.start_date.isoformat(),
            "leave_date": m.leave_date.isoformat() if m.leave_date else None, "notes": m.notes}


def save_staff(store, member: StaffMember, *, new: bool) -> StaffMember:
    clean = validate_staff(member)
    if clean.staff_group not in {g.code for g in staff_groups(store)}:
        raise InvalidValue(f"'{clean.staff_group}' is not a staff group")
    with store.transaction():
        exists = store.scalar("SELECT 1 FROM staff WHERE staff_number = ?", (clean.staff_number,))
        if new:
            if exists:
                raise InvalidValue(f"staff number {clean.staff_number} is already on the register")
            store.insert("staff", {"staff_number": clean.staff_number, **_staff_values(clean)}, key_col="staff_number")
        else:
            if not exists:
                raise InvalidValue(f"staff number {clean.staff_number} is not on the register")
            store.update("staff", "staff_number", clean.staff_number, _staff_values(clean))
    return clean


def delete_staff(store, staff_number: str) -> None:
    store.delete("staff", "staff_number", staff_number)


def _absence(r) -> Absence:
    return Absence(r["staff_number"], _d(r["start_date"]), _d(r["end_date"]), r["reason"] or "", r["id"])


def list_absences(store, staff_number: str | None = None) -> list[Absence]:
    if staff_number is None:
        rows = store.query("SELECT * FROM absence ORDER BY staff_number, start_date")
    else:
        rows = store.query("SELECT * FROM absence WHERE staff_number = ? ORDER BY start_date", (staff_number,))
    return [_absence(r) for r in rows]


def save_absence(store, absence: Absence) -> int:
    clean = validate_absence(absence)
    values = {"staff_number": clean.staff_number, "start_date": clean.start_date.isoformat(),
              "end_date": clean.end_date.isoformat(), "reason": clean.reason}
    with store.transaction():
        if not store.scalar("SELECT 1 FROM staff WHERE staff_number = ?", (clean.staff_number,)):
            raise InvalidValue(f"staff number {clean.staff_number} is not on the register")
        if clean.id is None:
            return store.insert("absence", values)
        store.update("absence", "id", clean.id, values)
        return clean.id


def delete_absence(store, absence_id: int) -> None:
    store.delete("absence", "id", absence_id)


def current_absences(store, as_at: date) -> dict[str, Absence]:
    d = as_at.isoformat()
    return {a.staff_number: a for a in (_absence(r) for r in store.query(
        "SELECT * FROM absence WHERE start_date <= ? AND end_date >= ?", (d, d)))}


# --- attendance --------------------------------------------------------------------------

def _record(r) -> AttendanceRecord:
    return AttendanceRecord(r["staff_number"], r["course_code"], _d(r["date"]), r["status"], r["session_id"], r["id"])


def list_attendance(store, staff_number: str | None = None) -> list[AttendanceRecord]:
    if staff_number is None:
        rows = store.query("SELECT * FROM attendance ORDER BY date, id")
    else:
        rows = store.query("SELECT * FROM attendance WHERE staff_number = ? ORDER BY date, id", (staff_number,))
    return [_record(r) for r in rows]


def person_history(store, staff_number: str) -> list[HistoryEntry]:
    return history(staff_number, list_attendance(store, staff_number), courses(store))


def save_attendance(store, rec: AttendanceRecord) -> None:
    """Add or change one person's record for a course on a date (unique per the three)."""
    if rec.status not in STATUSES:
        raise InvalidValue(f"'{rec.status}' is not an attendance status")
    with store.transaction():
        existing = store.query_one(
            "SELECT id FROM attendance WHERE staff_number = ? AND course_code = ? AND date = ?",
            (rec.staff_number, rec.course_code, rec.date.isoformat()))
        if existing:
            store.update("attendance", "id", existing[0], {"status": rec.status, "session_id": rec.session_id})
        else:
            store.insert("attendance", {"staff_number": rec.staff_number, "course_code": rec.course_code,
                                        "date": rec.date.isoformat(), "status": rec.status,
                                        "session_id": rec.session_id})


def delete_attendance(store, attendance_id: int) -> None:
    store.delete("attendance", "id", attendance_id)


# --- compliance --------------------------------------------------------------------------

#: An attendance row ``a`` that is only a booking: its session is still planned (the register
#: has not been taken). A booking never counts as training, even once the day has passed.
BOOKING = "EXISTS (SELECT 1 FROM training_session t WHERE t.id = a.session_id AND t.status = 'planned')"

def latest_attended(store, as_at: date) -> dict[tuple[str, str], date]:
    """(staff number, course) -> the latest attended date on or before ``as_at`` (bookings
    left out), for people employed then and the courses their group must take: one index seek
    per person and course, read backwards from ``as_at`` to the first record that is not a
    booking (nearly always the first one)."""
    d = as_at.isoformat()
    rows = store.conn.execute(
        "SELECT s.staff_number, cg.course_code, (SELECT a.date FROM attendance a"
        "  WHERE a.status = 'attended' AND a.course_code = cg.course_code"
        f"  AND a.staff_number = s.staff_number AND a.date <= ? AND NOT {BOOKING}"
        "  ORDER BY a.date DESC LIMIT 1)"
        " FROM staff s JOIN course_group cg ON cg.staff_group = s.staff_group"
        " WHERE s.start_date <= ? AND (s.leave_date IS NULL OR s.leave_date >= ?)",
        (d, d, d)).fetchall()
    return {(s, c): _d(last) for s, c, last in rows if last is not None}


def _attended_dates(store, as_at: date | None, since: date | None = None) -> dict[tuple[str, str], list[date]]:
    """(staff number, course) -> sorted attended dates. With ``as_at``, only the latest on or
    before it for people employed then on courses their group must take (all that one date's
    compliance needs)."""
    out: dict[tuple[str, str], list[date]] = {}
    if as_at is not None:
        return {key: [last] for key, last in latest_attended(store, as_at).items()}
    rows = store.conn.execute(
        "SELECT staff_number, course_code, date FROM attendance a WHERE status = 'attended' AND date >= ?"
        f" AND course_code IN (SELECT course_code FROM course_group) AND NOT {BOOKING}"
        " ORDER BY course_code, staff_number, date", ((since or date.min).isoformat(),)).fetchall()
    key = None
    dates: list[date] = []
    day: dict[str, date] = {}  # many records share a date: each read as a date once
    for s, c, d in rows:
        if (s, c) != key:
            key = (s, c)
            dates = out[key] = []
        when = day.get(d)
        if when is None:
            when = day[d] = _d(d)
        dates.append(when)
    return out


def compliance_index(store, as_at: date | None = None, *, since: date | None = None) -> ComplianceIndex:
    """The compliance index over the unit's data (active courses). With ``as_at`` it holds
    only the latest attended date on or before it per person and course (grouped in SQL):
    the quick path for one date's grid and lists. Without, every attended date on mandatory
    courses (on or after ``since``: for questions about dates no earlier than ``since`` plus
    the longest renewal interval)."""
    index = ComplianceIndex.from_attended_dates(
        list_staff(store), list_absences(store), courses(store, active_only=True),
        _attended_dates(store, as_at, since))
    index.group_order = group_order(store)
    return index


def compliance_as_at(store, as_at: date) -> list[ComplianceRow]:
    return compliance_index(store, as_at).compliance(as_at, thresholds(store))


def overdue_as_at(store, as_at: date) -> list[TrainingStatus]:
    return compliance_index(store, as_at).overdue(as_at)


def due_within(store, as_at: date, days: int) -> list[TrainingStatus]:
    return compliance_index(store, as_at).due_within(as_at, days)


def _trend_attended(store, first: date, last: date, since: date) -> dict[tuple[str, str], list[date]]:
    """(staff number, course) -> sorted attended dates from ``since`` to ``last`` (bookings
    left out), for people employed at some time from ``first`` to ``last`` on the active
    courses their group must take: all the trend over those dates needs.

    One query: for each such person and course, one seek into the attended records' index
    (course, staff number, date) gives that person's dates as one text, so no row is made
    per record. The few bookings (records on sessions still planned) are read apart and
    taken out, which spares a look at every record's session."""
    rows = store.query_tuples(
        "SELECT s.staff_number, cg.course_code, (SELECT group_concat(a.date) FROM attendance a"
        "  WHERE a.course_code = cg.course_code AND a.staff_number = s.staff_number"
        "  AND a.status = 'attended' AND a.date >= ? AND a.date <= ?)"
        " FROM course_group cg JOIN course c ON c.code = cg.course_code AND c.active = 1"
        " JOIN staff s ON s.staff_group = cg.staff_group"
        " WHERE s.start_date <= ? AND (s.leave_date IS NULL OR s.leave_date >= ?)",
        (since.isoformat(), last.isoformat(), last.isoformat(), first.isoformat()))
    booked = {(s, c, d) for s, c, d in store.query_tuples(
        "SELECT a.staff_number, a.course_code, a.date FROM training_session t CROSS JOIN attendance a"
        " ON a.session_id = t.id WHERE t.status = 'planned' AND a.status = 'attended'")}
    out: dict[tuple[str, str], list[date]] = {}
    day: dict[str, date] = {}  # many records share a date: each read as a date once
    for s, c, text in rows:
        if text is None:
            continue
        isos = sorted(text.split(","))  # the index's order in practice; group_concat does not promise it
        if booked:
            isos = [d for d in isos if (s, c, d) not in booked]
        out[(s, c)] = [day.get(d) or day.setdefault(d, _d(d)) for d in isos]
    return out


def monthly_trend(store, as_at: date, months: int = 24) -> list[TrendPoint]:
    """Each mandatory course's compliance at each of the last ``months`` month ends."""
    dates = trend_dates(as_at, months)
    active = courses(store, active_only=True)
    longest = max((c.renewal_months for c in active), default=12)
    # records older than this expired before the first month end: no need to read them
    since = add_months(dates[0], -longest) - timedelta(days=1)
    index = ComplianceIndex.from_attended_dates(
        list_staff(store), list_absences(store), active, _trend_attended(store, dates[0], dates[-1], since))
    index.group_order = group_order(store)
    return index.trend(dates)


# --- sessions ----------------------------------------------------------------------------

def fund_choices(store) -> list[tuple[int, str]]:
    """(fund_entry id, label) for the ledger's commitments and payments, newest first: the
    lines a session can say it was funded by."""

    rows = store.query(
        "SELECT id, date, fund_code, kind, amount_pence, description FROM fund_entry"
        " WHERE kind IN ('commitment', 'payment') ORDER BY date DESC, id DESC")
    out = []
    for r in rows:
        label = f"{r['fund_code']} {r['kind']} {_d(r['date']):%d/%m/%Y} {format_pence(r['amount_pence'])}"
        out.append((r["id"], label + (f": {r['description']}" if r["description"] else "")))
    return out


def list_sessions(store) -> list[TrainingSession]:
    rows = store.query(
        "SELECT s.id, s.course_code, s.date, s.venue, s.facilitator, s.capacity, s.status, s.fund_entry_id,"
        " SUM(a.status = 'attended') AS n_att, SUM(a.status = 'dna') AS n_dna,"
        " SUM(a.status = 'cancelled') AS n_can"
        " FROM training_session s LEFT JOIN attendance a ON a.session_id = s.id"
        " GROUP BY s.id ORDER BY s.date DESC, s.id DESC")
    return [_session(r) for r in rows]


def _session(r) -> TrainingSession:
    return TrainingSession(r["id"], r["course_code"], _d(r["date"]), r["venue"] or "", r["facilitator"] or "",
                           r["capacity"], r["status"], r["fund_entry_id"], r["n_att"] or 0, r["n_dna"] or 0,
                           r["n_can"] or 0)


def get_session(store, session_id: int) -> TrainingSession | None:
    return next((s for s in list_sessions(store) if s.id == session_id), None)


def save_session(store, session: TrainingSession, *, today: date | None = None) -> int:
    """Add or change a session. With ``today``, a session marked held on a later date is
    refused: its attendance would not count until then, so a mistyped date would go unseen."""
    if session.status not in SESSION_STATUSES:
        raise InvalidValue(f"'{session.status}' is not a session status")
    if today is not None and session.status == "held" and session.date > today:
        raise InvalidValue(
            f"the session is marked held but its date, {session.date:%d/%m/%Y}, is in the future: "
            "correct the date, or mark it planned")
    if session.capacity is not None and session.capacity < 0:
        raise InvalidValue("the capacity cannot be negative")
    if not store.scalar("SELECT 1 FROM course WHERE code = ?", (session.course_code,)):
        raise InvalidValue(f"'{session.course_code}' is not a course")
    values = {"course_code": session.course_code, "date": session.date.isoformat(),
              "venue": session.venue.strip(), "facilitator": session.facilitator.strip(),
              "capacity": session.capacity, "status": session.status, "fund_entry_id": session.fund_entry_id}
    with store.transaction():
        if session.id is None:
            return store.insert("training_session", values)
        old = store.row_dict("training_session", "id", session.id)
        store.update("training_session", "id", session.id, values)
        if old and (old["date"] != values["date"] or old["course_code"] != values["course_code"]):
            # the session moved: its attendance records move with it
            store.execute("UPDATE attendance SET date = ?, course_code = ? WHERE session_id = ?",
                          (values["date"], values["course_code"], session.id))
        return session.id


def session_attendance(store, session_id: int) -> dict[str, str]:
    return {r[0]: r[1] for r in store.query(
        "SELECT staff_number, status FROM attendance WHERE session_id = ?", (session_id,))}


def record_sign_in(store, session_id: int, statuses: dict[str, str | None]) -> dict[str, int]:
    """Write a session's register: staff number -> 'attended' / 'dna' / 'cancelled', or None
    to take the person off it. One transaction, one audit row. Returns counts by status."""
    session = get_session(store, session_id)
    if session is None:
        raise InvalidValue("the session no longer exists")
    for status in statuses.values():
        if status is not None and status not in STATUSES:
            raise InvalidValue(f"'{status}' is not an attendance status")
    d = session.date.isoformat()
    with store.transaction():
        known = {r[0] for r in store.query("SELECT staff_number FROM staff")}
        unknown = [s for s in statuses if s not in known]
        if unknown:
            raise InvalidValue(f"not on the register: {', '.join(unknown[:5])}")
        before = session_attendance(store, session_id)
        remove = [s for s, st in statuses.items() if st is None and s in before]
        if remove:
            store.executemany("DELETE FROM attendance WHERE session_id = ? AND staff_number = ?",
                              [(session_id, s) for s in remove])
        keep = [(s, session.course_code, d, st, session_id) for s, st in statuses.items() if st is not None]
        store.executemany(
            "INSERT INTO attendance (staff_number, course_code, date, status, session_id) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(staff_number, course_code, date) DO UPDATE SET status = excluded.status,"
            " session_id = excluded.session_id", keep)
        after = session_attendance(store, session_id)
        if session.status == "planned" and any(v == ATTENDED for v in after.values()):
            store.update("training_session", "id", session_id, {"status": "held"})
        if after != before:
            store.audit("sign-in", "training_session", session_id, {"register": before}, {"register": after})
    counts = {s: 0 for s in STATUSES}
    for st in after.values():
        counts[st] += 1
    return counts


def register_for(store, on: date, course: Course | None = None) -> list[StaffMember]:
    """Staff employed on ``on`` (those whose group must take ``course`` first)."""
    people = [m for m in list_staff(store) if m.employed_on(on)]
    if course is not None and course.groups:
        must = set(course.groups)
        people.sort(key=lambda m: (m.staff_group not in must, m.name.lower()))
    return people


def staff_numbers(store) -> set[str]:
    return {r[0] for r in store.query("SELECT staff_number FROM staff")}


def bulk_counts(store) -> dict[str, int]:
    return {t: store.scalar(f"SELECT count(*) FROM {t}") for t in ("staff", "absence", "attendance", "training_session")}



# --- home page ---------------------------------------------------------------------------

def attention(store, today: date) -> list[Attention]:
    """Lines for the Home page's "Needs attention" list: each course and staff group below
    the green threshold today, and how many eligible people are overdue."""
    index = compliance_index(store, today)
    t = thresholds(store)
    names = {g.code: g.name for g in staff_groups(store)}
    lines = []
    for r in index.compliance(today, t):
        if r.percent is not None and r.percent < t.green:
            lines.append(Attention(f"Training below {t.green:g}%: {r.course}, {names.get(r.staff_group, r.staff_group)} "
                                   f"{r.percent:.1f}% ({r.in_date} of {r.eligible} in date; {(r.rag or '').capitalize()})",
                                   tab="overdue", key=f"{r.course}|{r.staff_group}"))
    overdue = index.overdue(today)
    if overdue:
        people = len({s.staff_number for s in overdue})
        by_course = {c.code: 0 for c in index.courses}  # in the courses' order
        for s in overdue:
            by_course[s.course] = by_course.get(s.course, 0) + 1
        detail = ", ".join(f"{n} {course}" for course, n in by_course.items() if n)
        lines.append(Attention(f"Training overdue: {people} {'person' if people == 1 else 'people'} ({detail})",
                               tab="overdue"))
    for day, course, booked in sessions_awaiting_register(store, today):
        lines.append(f"Register not taken: {course} session of {day:%d/%m/%Y} has {plural(booked, 'person')} booked; "
                     "they count as trained once the register is taken")
    return lines


def sessions_awaiting_register(store, today: date) -> list[tuple[date, str, int]]:
    """(date, course, people booked) of each session still planned after its day with people
    booked on it: until its register is taken they are not counted as trained. (From the few
    planned sessions to their records: CROSS JOIN keeps SQLite to that order.)"""
    return [(_d(d), c, n) for d, c, n in store.conn.execute(
        "SELECT s.date, s.course_code, count(*) FROM training_session s CROSS JOIN attendance a ON a.session_id = s.id"
        " WHERE s.status = 'planned' AND s.date < ? AND a.status = 'attended'"
        " GROUP BY s.id ORDER BY s.date, s.course_code", (today.isoformat(),)).fetchall()]
