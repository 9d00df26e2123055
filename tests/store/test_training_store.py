"""Training store: seeded catalogue, register edits, sessions and sign-in, the demo unit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.training import (
    Absence,
    AttendanceRecord,
    Course,
    StaffMember,
    Thresholds,
    TrainingSession,
)
from maternity_desk.store import training as st

D = date(2025, 6, 15)


def test_seeded_groups_courses_and_thresholds(store):
    groups = st.staff_groups(store)
    assert [g.code for g in groups] == [
        "midwife", "msw", "obstetric_consultant", "obstetric_doctor", "anaesthetic_consultant",
        "anaesthetic_doctor", "neonatal_consultant", "neonatal_doctor", "neonatal_nurse", "annp"]
    assert groups[0].name == "Midwife"
    courses = {c.code: c for c in st.courses(store)}
    assert courses["FM"].renewal_months == 12
    assert set(courses["FM"].groups) == {"obstetric_consultant", "obstetric_doctor", "midwife"}
    assert set(courses["PROMPT"].groups) == {"obstetric_consultant", "obstetric_doctor", "midwife", "msw",
                                             "anaesthetic_consultant", "anaesthetic_doctor"}
    assert set(courses["NLS"].groups) == {"neonatal_consultant", "neonatal_doctor", "neonatal_nurse", "annp",
                                          "midwife"}
    assert courses["HF"].groups == () and courses["HF"].name == "Human Factors"
    assert [c.code for c in st.courses(store)][:3] == ["FM", "PROMPT", "NLS"]
    assert st.thresholds(store) == Thresholds(90.0, 80.0)


def test_staff_edit_is_audited_and_validated(store):
    m = st.save_staff(store, StaffMember("123", "Ann Lee", "midwife", date(2020, 1, 1)), new=True)
    assert st.get_staff(store, "123") == m
    with pytest.raises(InvalidValue, match="already"):
        st.save_staff(store, m, new=True)
    st.save_staff(store, StaffMember("123", "Ann Lee", "midwife", date(2020, 1, 1), date(2025, 3, 31)), new=False)
    assert st.get_staff(store, "123").leave_date == date(2025, 3, 31)
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'staff'") == 2
    with pytest.raises(InvalidValue):
        st.save_staff(store, StaffMember("124", "X", "porter", date(2020, 1, 1)), new=True)


def test_absence_round_trip_and_compliance(store):
    st.save_staff(store, StaffMember("1", "A", "midwife", date(2020, 1, 1)), new=True)
    st.save_staff(store, StaffMember("2", "B", "midwife", date(2020, 1, 1)), new=True)
    aid = st.save_absence(store, Absence("2", date(2025, 6, 1), D, "Long-term sickness"))
    st.save_attendance(store, AttendanceRecord("1", "FM", date(2025, 1, 1)))
    by = {(r.course, r.staff_group): r for r in st.compliance_as_at(store, D)}
    assert (by[("FM", "midwife")].eligible, by[("FM", "midwife")].in_date) == (1, 1)
    by = {(r.course, r.staff_group): r for r in st.compliance_as_at(store, date(2025, 6, 16))}
    assert (by[("FM", "midwife")].eligible, by[("FM", "midwife")].percent) == (2, 50.0)
    st.delete_absence(store, aid)
    assert st.list_absences(store) == []


def test_one_date_path_equals_full_index(store):
    for i in range(6):
        st.save_staff(store, StaffMember(str(i), f"P{i}", "midwife", date(2023, 1, 1)), new=True)
    for i, d in enumerate([date(2024, 5, 1), date(2024, 7, 1), date(2025, 2, 1), date(2025, 6, 20)]):
        st.save_attendance(store, AttendanceRecord(str(i), "FM", d))
    st.save_attendance(store, AttendanceRecord("0", "FM", date(2025, 5, 1), "dna"))
    full = st.compliance_index(store)
    for d in (date(2025, 4, 30), D, date(2025, 7, 1)):
        assert st.compliance_as_at(store, d) == full.compliance(d, st.thresholds(store))


def test_course_edit_changes_groups(store):
    st.save_course(store, Course("HF", "Human Factors", 36, ("midwife",)), new=False)
    assert {c.code: c for c in st.courses(store)}["HF"].groups == ("midwife",)
    with pytest.raises(InvalidValue):
        st.save_course(store, Course("fm", "again", 12), new=True)
    st.save_course(store, Course("sim", "Simulation", 12, ()), new=True)
    assert "SIM" in st.course_lookup(store).values()
    st.save_thresholds(store, Thresholds(95, 85))
    assert st.thresholds(store) == Thresholds(95.0, 85.0)


def test_session_sign_in_writes_attendance_with_session(store):
    for n in ("1", "2", "3"):
        st.save_staff(store, StaffMember(n, f"P{n}", "midwife", date(2020, 1, 1)), new=True)
    sid = st.save_session(store, TrainingSession(None, "PROMPT", D, "Sim suite", "J Bloggs", 12))
    counts = st.record_sign_in(store, sid, {"1": "attended", "2": "dna", "3": "cancelled"})
    assert counts == {"attended": 1, "dna": 1, "cancelled": 1}
    recs = {a.staff_number: a for a in st.list_attendance(store)}
    assert recs["1"].session_id == sid and recs["1"].date == D and recs["1"].course_code == "PROMPT"
    assert recs["2"].status == "dna"
    s = st.get_session(store, sid)
    assert (s.status, s.attended, s.dna, s.cancelled) == ("held", 1, 1, 1)
    # take one off, change another
    st.record_sign_in(store, sid, {"2": "attended", "3": None})
    assert st.session_attendance(store, sid) == {"1": "attended", "2": "attended"}
    assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'sign-in'") == 2
    with pytest.raises(InvalidValue):
        st.record_sign_in(store, sid, {"nobody": "attended"})
    # moving the session moves its records
    st.save_session(store, TrainingSession(sid, "PROMPT", date(2025, 6, 20), "Sim suite", "J Bloggs", 12, "held"))
    assert {a.date for a in st.list_attendance(store)} == {date(2025, 6, 20)}


def test_fund_choices_are_commitments_and_payments_newest_first(store):
    from maternity_desk.core.fund import LedgerEntry
    from maternity_desk.store import fund as store_fund

    ids = {}
    for kind, day in (("allocation", 1), ("commitment", 2), ("payment", 3), ("refund", 4)):
        ids[kind] = store_fund.add_entry(store, LedgerEntry(date(2025, 5, day), "MSTF", kind, 120000,
                                                    f"PROMPT {kind}", reference="PO-9"))
    choices = st.fund_choices(store)
    assert [c[0] for c in choices] == [ids["payment"], ids["commitment"]]  # no allocation, no refund
    assert choices[0][1] == "MSTF payment 03/05/2025 £1,200.00: PROMPT payment"
    sid = st.save_session(store, TrainingSession(None, "FM", D, fund_entry_id=ids["commitment"]))
    assert st.get_session(store, sid).fund_entry_id == ids["commitment"]
    audit = store.query_one("SELECT after_json FROM audit_log WHERE table_name = 'training_session'"
                            " AND action = 'insert'")
    assert f'"fund_entry_id": {ids["commitment"]}' in audit["after_json"]


def test_demo_compliance_dips_below_90_and_recovers(demo_store):
    from collections import defaultdict

    people = st.list_staff(demo_store)
    current = [m for m in people if m.employed_on(date(2026, 10, 15))]
    assert 220 <= len(current) <= 280
    assert len({m.staff_group for m in current}) == 10
    assert any(m.leave_date for m in people) and st.list_absences(demo_store)
    by = defaultdict(list)
    for p in st.monthly_trend(demo_store, date(2026, 10, 15), 36):
        by[p.course].append(p.percent)
    for course in ("FM", "PROMPT", "NLS"):
        series = by[course]
        low = min(series)
        assert low < 90
        assert series[-1] >= 90  # recovered
        assert max(series[series.index(low):]) >= 90
    assert demo_store.scalar("SELECT count(*) FROM training_session WHERE status = 'cancelled'") > 0
    assert demo_store.scalar("SELECT count(*) FROM attendance WHERE status = 'dna'") > 0
    # records held end today; later rows are bookings on planned sessions (the forecast's)
    assert demo_store.scalar("SELECT max(a.date) FROM attendance a LEFT JOIN training_session s"
                             " ON s.id = a.session_id WHERE s.status IS NOT 'planned'") <= "2026-10-15"
    assert demo_store.scalar("SELECT min(a.date) FROM attendance a JOIN training_session s"
                             " ON s.id = a.session_id WHERE s.status = 'planned'") >= "2026-10-15"


def test_demo_is_deterministic(tmp_path):
    from maternity_desk.demo import build_demo

    rows = []
    for name in ("a.sqlite", "b.sqlite"):
        s = build_demo(tmp_path / name, seed=7, today=date(2026, 3, 31))
        rows.append([tuple(r) for r in s.query("SELECT * FROM attendance ORDER BY id")]
                    + [tuple(r) for r in s.query("SELECT * FROM staff ORDER BY staff_number")])
        s.close()
    assert rows[0] == rows[1]


def test_trend_reading_only_recent_records_equals_full_index(demo_store):
    from maternity_desk.core.training import trend_dates

    as_at = date(2026, 10, 15)
    full = st.compliance_index(demo_store).trend(trend_dates(as_at, 24))
    assert st.monthly_trend(demo_store, as_at, 24) == full
    for d in (date(2025, 2, 28), as_at):
        assert st.compliance_as_at(demo_store, d) == st.compliance_index(demo_store).compliance(d, Thresholds())


def test_trend_counts_a_booking_only_once_the_register_is_taken(store):
    # M1 trained on 1 Mar 2024 (expired 1 Mar 2025) and is booked on a session of 10 May
    # 2025 that is still planned: not trained in May or June until the register is taken
    st.save_staff(store, StaffMember("M1", "Midwife M1", "midwife", date(2020, 1, 1)), new=True)
    st.save_staff(store, StaffMember("M2", "Midwife M2", "midwife", date(2020, 1, 1)), new=True)
    st.save_attendance(store, AttendanceRecord("M1", "FM", date(2024, 3, 1)))
    st.save_attendance(store, AttendanceRecord("M2", "FM", date(2025, 1, 20)))
    sid = st.save_session(store, TrainingSession(None, "FM", date(2025, 5, 10), status="planned"))
    st.save_attendance(store, AttendanceRecord("M1", "FM", date(2025, 5, 10), session_id=sid))

    def fm():
        return [(p.month, p.eligible, p.in_date) for p in st.monthly_trend(store, date(2025, 6, 30), 4)
                if p.course == "FM"]

    assert fm() == [("2025-03", 2, 1), ("2025-04", 2, 1), ("2025-05", 2, 1), ("2025-06", 2, 1)]
    st.record_sign_in(store, sid, {"M1": "attended"})  # the register taken: the session is held
    assert fm() == [("2025-03", 2, 1), ("2025-04", 2, 1), ("2025-05", 2, 2), ("2025-06", 2, 2)]


def _small_unit(store) -> None:
    """Four midwives and an obstetric consultant, as at D = 15 June 2025: everyone in date
    on PROMPT and NLS; on FM, M4's record expires on D itself (so overdue)."""
    for n in ("M1", "M2", "M3", "M4"):
        st.save_staff(store, StaffMember(n, f"Midwife {n}", "midwife", date(2020, 1, 1)), new=True)
        st.save_attendance(store, AttendanceRecord(n, "PROMPT", date(2025, 2, 1)))
        st.save_attendance(store, AttendanceRecord(n, "NLS", date(2025, 3, 1)))
        st.save_attendance(store, AttendanceRecord(n, "FM", date(2024, 6, 15) if n == "M4" else date(2025, 1, 10)))
    st.save_staff(store, StaffMember("C1", "Consultant", "obstetric_consultant", date(2010, 1, 1)), new=True)
    st.save_attendance(store, AttendanceRecord("C1", "FM", date(2025, 1, 1)))
    st.save_attendance(store, AttendanceRecord("C1", "PROMPT", date(2025, 2, 1)))


def test_attention_lists_groups_below_green_and_counts_overdue(store):
    assert st.attention(store, D) == []  # nobody employed: nothing below green, nobody overdue
    _small_unit(store)
    assert st.attention(store, D) == [
        "Training below 90%: FM, Midwife 75.0% (3 of 4 in date; Red)",
        "Training overdue: 1 person (1 FM)",
    ]
    assert st.attention(store, D - timedelta(days=1)) == []  # the day before, M4 is still in date
    st.save_thresholds(store, Thresholds(75.0, 60.0))
    assert st.attention(store, D) == ["Training overdue: 1 person (1 FM)"]  # 75.0% is green now
    st.save_thresholds(store, Thresholds(80.0, 70.0))
    assert st.attention(store, D)[0] == "Training below 80%: FM, Midwife 75.0% (3 of 4 in date; Amber)"
