"""The forecast read from a unit database: held records, bookings on planned sessions (rows on
a future session's register), stale bookings, and the command line's JSON contract."""

import json
from datetime import date, timedelta

import pytest

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.training import AttendanceRecord, StaffMember, TrainingSession
from maternity_desk.store import forecast as sf
from maternity_desk.store import training as st


def _unit(store, today):
    for n in ("A", "B", "C", "D"):
        st.save_staff(store, StaffMember(n, f"Midwife {n}", "midwife", date(2020, 1, 1)), new=True)
    st.save_attendance(store, AttendanceRecord("A", "NLS", today - timedelta(days=30)))
    st.save_attendance(store, AttendanceRecord("B", "NLS", today - timedelta(days=360)))  # expires in 5 days
    past = st.save_session(store, TrainingSession(None, "NLS", today - timedelta(days=2), status="planned"))
    future = st.save_session(store, TrainingSession(None, "NLS", today + timedelta(days=10), status="planned"))
    return past, future


def test_bookings_count_on_the_date_and_the_register_is_audited(store):
    today = date(2026, 10, 15)
    past, future = _unit(store, today)
    by = today + timedelta(days=20)
    row = next(r for r in sf.forecast(store, by, today=today) if (r.course, r.group) == ("NLS", "midwife"))
    # A in date; B expires 20/10; C and D never trained: 1 of 4, 3 more needed (90% of 4 = 3.6)
    assert (row.eligible, row.in_date_by, row.booked, row.needed) == (4, 1, 0, 3)
    assert [c.staff_number for c in row.must_attend] == ["C", "D", "B"]
    assert sf.book(store, future, ["C", "D"], today=today) == 2
    assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'book'") == 1
    row = next(r for r in sf.forecast(store, by, today=today) if (r.course, r.group) == ("NLS", "midwife"))
    assert (row.in_date_by, row.booked, row.needed, row.percent_by) == (3, 2, 1, 75.0)
    assert [c.staff_number for c in row.must_attend] == ["B"]
    # a forecast for a date before the session does not count its bookings
    row = next(r for r in sf.forecast(store, today + timedelta(days=9), today=today)
               if (r.course, r.group) == ("NLS", "midwife"))
    assert (row.in_date_by, row.booked) == (1, 0)  # 24/10: B expired on 20/10; the session is on 25/10
    with pytest.raises(InvalidValue, match="planned session from today"):
        sf.book(store, past, ["A"], today=today)
    # a date already passed: that day's compliance (A and B in date on 14/10), no bookings
    row = next(r for r in sf.forecast(store, today - timedelta(days=1), today=today)
               if (r.course, r.group) == ("NLS", "midwife"))
    grid = next(r for r in st.compliance_as_at(store, today - timedelta(days=1))
                if (r.course, r.staff_group) == ("NLS", "midwife"))
    assert (row.in_date_by, row.booked, row.eligible) == (grid.in_date, 0, grid.eligible) == (2, 0, 4)


def test_forecast_training_json(cli, db_path):
    from maternity_desk.store import open_store

    today = date.today()
    store = open_store(db_path)
    _, future = _unit(store, today)
    sf.book(store, future, ["C"], today=today)
    store.close()
    by = today + timedelta(days=20)
    code, out, err = cli("forecast-training", "--by", by.isoformat(), "--db", db_path, "--json")
    assert code == 0, err
    rows = {(r["course"], r["group"]): r for r in json.loads(out)}
    nls = rows[("NLS", "midwife")]
    assert {k: nls[k] for k in ("course", "group", "eligible", "in_date_by", "percent_by", "must_attend")} == {
        "course": "NLS", "group": "midwife", "eligible": 4, "in_date_by": 2, "percent_by": 50.0,
        "must_attend": ["D", "B"]}
    code, out, err = cli("forecast-training", "--by", "2001-01-01", "--db", db_path, "--json")
    assert code == 0, err  # before anyone was employed: nobody eligible
    assert all(r["eligible"] == 0 for r in json.loads(out))


def test_the_demo_shows_cases_and_bookings(demo_store):
    from maternity_desk.store import cases as sc
    from tests.conftest import DEMO_TODAY

    cases = sc.cases(demo_store)
    assert len(cases) >= 12 and {c.category for c in cases} >= {"brain_injury", "early_neonatal_death"}
    assert any(line.startswith("Qualifying case ") for line in sc.attention(demo_store, DEMO_TODAY))
    num, den = sc.sa10_reported(demo_store, DEMO_TODAY - timedelta(days=730), DEMO_TODAY, DEMO_TODAY)
    assert 0 < num <= den
    rows = sf.forecast(demo_store, DEMO_TODAY + timedelta(days=120), today=DEMO_TODAY)
    assert sum(r.booked for r in rows) > 0 and any(r.must_attend for r in rows)


def test_a_booking_is_not_training_until_the_register_is_taken(store):
    """Worked by hand: C and D are booked on the NLS session of 25/10/2026 and nobody takes its
    register. On 27/10 they are still not in date (1 of 4 midwives: A), the forecast counts
    them neither as held nor as booked, and Home asks for the register; once it is taken (C
    attended, D did not) C is in date (2 of 4)."""
    today = date(2026, 10, 15)
    _, future = _unit(store, today)
    sf.book(store, future, ["C", "D"], today=today)
    later = date(2026, 10, 27)

    def nls_midwives(on):
        return next((r.in_date, r.eligible) for r in st.compliance_as_at(store, on)
                    if (r.course, r.staff_group) == ("NLS", "midwife"))

    assert nls_midwives(later) == (1, 4)  # B expired on 20/10
    assert st.sessions_awaiting_register(store, later) == [(date(2026, 10, 25), "NLS", 2)]
    assert any(line.startswith("Register not taken: NLS session of 25/10/2026 has 2 people booked")
               for line in st.attention(store, later))
    row = next(r for r in sf.forecast(store, date(2026, 11, 1), today=later) if (r.course, r.group) == ("NLS", "midwife"))
    assert (row.in_date_by, row.booked) == (1, 0)
    # the trend (every date at once) agrees with the one-date grid
    assert st.compliance_index(store).compliance(later, st.thresholds(store))  # reads without the bookings
    trend_row = next(r for r in st.compliance_index(store).compliance(later, st.thresholds(store))
                     if (r.course, r.staff_group) == ("NLS", "midwife"))
    assert (trend_row.in_date, trend_row.eligible) == (1, 4)

    st.record_sign_in(store, future, {"C": "attended", "D": "dna"})
    assert nls_midwives(later) == (2, 4)
    assert st.sessions_awaiting_register(store, later) == []
