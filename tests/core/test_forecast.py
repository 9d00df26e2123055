"""The training forecast (safety action 8) against a roster worked by hand."""

from datetime import date

from maternity_desk.core import forecast as fc
from maternity_desk.core.training import Absence, Course, StaffMember

FM = Course("FM", "Fetal monitoring", 12, ("midwife", "obstetric_doctor"))
HF = Course("HF", "Human factors", 36, ())  # no group must take it: not forecast
TODAY, BY = date(2026, 12, 1), date(2027, 3, 31)


def mw(n, start=date(2020, 1, 1), leave=None, group="midwife"):
    return StaffMember(n, f"Person {n}", group, start, leave)


STAFF = [mw(f"M{i:02d}") for i in range(1, 12)] + [
    mw("M12", leave=date(2027, 2, 28)), mw("M13", start=date(2027, 4, 1)), mw("M14"),
    mw("O1", group="obstetric_doctor"), mw("O2", group="obstetric_doctor"), mw("S1", group="msw")]
HELD = {("M01", "FM"): date(2026, 6, 1), ("M02", "FM"): date(2026, 4, 1), ("M03", "FM"): date(2026, 3, 31),
        ("M04", "FM"): date(2026, 1, 15), ("M06", "FM"): date(2026, 2, 28), ("M07", "FM"): date(2025, 9, 1),
        ("M08", "FM"): date(2026, 5, 5), ("M09", "FM"): date(2026, 7, 7), ("M10", "FM"): date(2026, 8, 8),
        ("M12", "FM"): date(2026, 8, 8), ("M14", "FM"): date(2026, 10, 10),
        ("O1", "FM"): date(2026, 11, 15), ("O2", "FM"): date(2024, 2, 29)}
BOOKINGS = [fc.Booking("M04", "FM", date(2027, 2, 10)),   # counts: expired 15/01, booked before the date
            fc.Booking("M05", "FM", date(2027, 4, 5)),    # after the date: does not count
            fc.Booking("M06", "FM", date(2027, 3, 3)),    # absent that day: does not count
            fc.Booking("M07", "FM", date(2026, 11, 20))]  # before today: a stale booking
ABSENCES = [Absence("M06", date(2027, 3, 1), date(2027, 3, 10)), Absence("M11", date(2027, 3, 20), date(2027, 6, 30))]


def test_the_hand_worked_roster():
    rows = fc.forecast(BY, TODAY, STAFF, ABSENCES, [FM, HF], HELD, BOOKINGS)
    assert [(r.course, r.group) for r in rows] == [("FM", "midwife"), ("FM", "obstetric_doctor")]
    mid, obs = rows
    # eligible: M01-M10 and M14 (M11 absent on the date, M12 left, M13 not started)
    # in date: M01 M02 (expires 01/04, the day after) M08 M09 M10 M14, and M04 by its booking;
    # M03 expires on the date itself, so is not in date on it
    assert (mid.eligible, mid.in_date_by, mid.booked, mid.percent_by) == (11, 7, 1, 63.6)
    # 90% of 11 is 9.9 people: 10 needed, 3 more; never trained first, then the longest expired
    assert mid.needed == 3 and not mid.meets
    assert [c.staff_number for c in mid.must_attend] == ["M05", "M07", "M06"]
    assert [(c.staff_number, c.expiry) for c in mid.not_in_date] == [
        ("M05", None), ("M07", date(2026, 9, 1)), ("M06", date(2027, 2, 28)), ("M03", date(2027, 3, 31))]
    # O2 trained on 29/02/2024: expired 28/02/2025; 90% of 2 is 1.8: both needed
    assert (obs.eligible, obs.in_date_by, obs.percent_by, obs.needed) == (2, 1, 50.0, 1)
    assert obs.as_json()["must_attend"] == ["O2"]
    assert set(mid.as_json()) >= {"course", "group", "eligible", "in_date_by", "percent_by", "must_attend"}


def test_leap_day_and_needed():
    staff = [mw("A"), mw("B")]
    held = {("A", "FM"): date(2027, 2, 28), ("B", "FM"): date(2027, 3, 1)}
    row = fc.forecast(date(2028, 2, 29), date(2028, 1, 1), staff, [], [FM], held, [])[0]
    assert (row.eligible, row.in_date_by) == (2, 1)  # A expired on 28/02/2028
    assert fc.needed_for(9, 10, 90) == 0 and fc.needed_for(8, 10, 90) == 1
    assert fc.needed_for(0, 7, 90) == 7 and fc.needed_for(0, 0, 90) == 0
    assert fc.needed_for(18, 20, 90) == 0 and fc.needed_for(17, 20, 90) == 1
