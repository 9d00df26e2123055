"""Staff, attendance and absence imports: what goes in, and every refusal."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from maternity_desk.core.errors import ValidationFailed
from maternity_desk.exchange.importing import commit, import_file, plan_file
from maternity_desk.store import training as st

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "training"


def _snapshot(store):
    return [store.query(f"SELECT * FROM {t} ORDER BY 1").__len__() for t in ("staff", "attendance", "absence")] + [
        [tuple(r) for r in store.query("SELECT * FROM staff ORDER BY staff_number")]
    ]


def _refused(store, kind, name) -> list:
    before = _snapshot(store)
    with pytest.raises(ValidationFailed) as exc:
        import_file(store, kind, FIX / name, now=None)
    assert _snapshot(store) == before
    return exc.value.problems


def _load_staff(store):
    import_file(store, "staff", FIX / "staff.csv")


# --- staff -------------------------------------------------------------------------------

def test_staff_csv_with_aliases_and_display_names(store):
    plan = plan_file(store, "staff", FIX / "staff.csv")
    assert plan.summary == ["5 new staff", "0 updated", "0 unchanged"]
    commit(store, plan)
    people = {m.staff_number: m for m in st.list_staff(store)}
    assert people["10000002"].staff_group == "obstetric_consultant"
    assert people["10000003"].staff_group == "msw"
    assert people["10000003"].leave_date == date(2025, 3, 31)
    assert people["10000001"].start_date == date(2019, 4, 1)  # UK date, day first
    assert people["10000002"].start_date == date(2015, 9, 1)
    assert people["10000004"].staff_group == "anaesthetic_doctor"
    assert people["10000001"].notes == "Band 6"
    assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'import' AND table_name = 'staff'") == 1


def test_staff_utf8_with_bom(store):
    import_file(store, "staff", FIX / "staff_bom.csv")
    assert st.get_staff(store, "10000001").name == "Amara Okafor"  # header matched despite BOM


def test_staff_windows_1252_with_accents_and_pound(store):
    import_file(store, "staff", FIX / "staff_cp1252.csv")
    a = st.get_staff(store, "20000001")
    assert a.name == "Zoë Renée Brontë"
    assert a.notes == "Course fee £250 paid"
    assert st.get_staff(store, "20000002").name == "José Müller"
    assert st.get_staff(store, "20000002").staff_group == "obstetric_doctor"


def test_staff_xlsx_with_real_date_cells_and_numeric_staff_numbers(store):
    import_file(store, "staff", FIX / "staff.xlsx")
    g = st.get_staff(store, "40000002")
    assert g.start_date == date(2016, 10, 3)
    assert g.leave_date == date(2026, 1, 31)
    assert g.staff_group == "obstetric_consultant"


def test_reimport_updates_by_staff_number(store, tmp_path):
    _load_staff(store)
    changed = tmp_path / "staff2.csv"
    changed.write_text(
        "Staff No,Name,Group,Start Date,Leave Date,Notes\n"
        "10000001,Amara Okafor,Midwife,01/04/2019,30/09/2026,Band 6\n"  # now leaving
        "10000002,Ben Carter,Obstetric consultant,01/09/2015,,\n"  # unchanged
        "10000009,New Person,Midwife,01/10/2026,,\n",
        encoding="utf-8",
    )
    plan = plan_file(store, "staff", changed)
    assert plan.summary == ["1 new staff", "1 updated", "1 unchanged"]
    commit(store, plan)
    assert st.get_staff(store, "10000001").leave_date == date(2026, 9, 30)
    assert st.get_staff(store, "10000009").name == "New Person"
    assert len(st.list_staff(store)) == 6  # people not in the file stay


def test_reimport_without_leave_column_keeps_leave_date(store, tmp_path):
    _load_staff(store)
    f = tmp_path / "s.csv"
    f.write_text("Staff Number,Name,Staff Group,Start Date\n10000003,Chloe Davies,MSW,12/01/2022\n")
    plan = plan_file(store, "staff", f)
    assert plan.summary == ["0 new staff", "0 updated", "1 unchanged"]


def test_first_and_last_name_columns(store, tmp_path):
    f = tmp_path / "esr.csv"
    f.write_text("Assignment Number,First Name,Last Name,Staff Group,Hire Date\n"
                 "55555555,Ruth,Jones,midwife,01/01/2020\n")
    import_file(store, "staff", f)
    assert st.get_staff(store, "55555555").name == "Ruth Jones"


def test_refuses_duplicate_staff_number(store):
    problems = _refused(store, "staff", "staff_duplicate.csv")
    assert len(problems) == 1
    p = problems[0]
    assert (p.file, p.row, p.column) == ("staff_duplicate.csv", 4, "Staff Number")
    assert "appears twice" in p.reason and "row 2" in p.reason


def test_refuses_leave_before_start(store):
    (p,) = _refused(store, "staff", "staff_leave_before_start.csv")
    assert (p.row, p.column) == (2, "Leave Date")
    assert "before the start date" in p.reason


def test_refuses_impossible_date_unknown_group_and_us_date_all_reported(store):
    problems = _refused(store, "staff", "staff_bad_date.csv")
    found = {(p.row, p.column) for p in problems}
    assert found == {(2, "Start Date"), (3, "Staff Group"), (4, "Start Date")}
    by_row = {p.row: p.reason for p in problems}
    assert "31/02/2026" in by_row[2] and "not a real date" in by_row[2]
    assert "Porter" in by_row[3]


def test_refuses_missing_required_column(store):
    (p,) = _refused(store, "staff", "staff_missing_column.csv")
    assert (p.file, p.row, p.column) == ("staff_missing_column.csv", 1, "staff_group")
    assert "missing" in p.reason


def test_refuses_nhs_number_in_notes(store):
    (p,) = _refused(store, "staff", "staff_nhs_number.csv")
    assert p.column == "Notes" and "NHS number" in p.reason


@pytest.mark.parametrize(
    "name,words",
    [
        ("empty.csv", "empty"),
        ("header_only.csv", "no data rows"),
        ("csv_named.xlsx", "not an Excel workbook"),
        ("workbook_named.csv", "not a CSV"),
    ],
)
def test_refuses_files_that_are_not_what_they_say_or_empty(store, name, words):
    (p,) = _refused(store, "staff", name)
    assert p.file == name and words in p.reason


# --- attendance --------------------------------------------------------------------------

def test_attendance_csv(store):
    _load_staff(store)
    plan = plan_file(store, "attendance", FIX / "attendance.csv")
    assert plan.summary == ["5 new attendance records", "0 updated", "0 unchanged"]
    commit(store, plan)
    got = {(a.staff_number, a.course_code, a.date, a.status) for a in st.list_attendance(store)}
    assert got == {
        ("10000001", "FM", date(2025, 6, 15), "attended"),
        ("10000001", "NLS", date(2025, 1, 10), "attended"),
        ("10000002", "FM", date(2025, 3, 1), "dna"),
        ("10000002", "FM", date(2025, 3, 8), "attended"),
        ("10000005", "NLS", date(2024, 11, 20), "cancelled"),
    }
    # re-import: nothing new
    assert plan_file(store, "attendance", FIX / "attendance.csv").summary == [
        "0 new attendance records", "0 updated", "5 unchanged"]


def test_attendance_xlsx_course_names_and_dates(store):
    _load_staff(store)
    import_file(store, "attendance", FIX / "attendance.xlsx")
    got = {(a.staff_number, a.course_code, a.date, a.status) for a in st.list_attendance(store)}
    assert got == {
        ("10000001", "FM", date(2025, 5, 20), "attended"),
        ("10000001", "PROMPT", date(2025, 2, 28), "attended"),
        ("10000002", "FM", date(2024, 2, 29), "dna"),
    }


def test_attendance_status_change_is_an_update(store, tmp_path):
    _load_staff(store)
    import_file(store, "attendance", FIX / "attendance.csv")
    f = tmp_path / "a.csv"
    f.write_text("Staff Number,Course,Date,Status\n10000002,FM,01/03/2025,attended\n")
    plan = plan_file(store, "attendance", f)
    assert plan.summary == ["0 new attendance records", "1 updated", "0 unchanged"]


def test_attendance_refuses_unknown_staff_course_bad_date_and_status(store):
    _load_staff(store)
    problems = _refused(store, "attendance", "attendance_unknown.csv")
    assert [(p.row, p.column) for p in problems] == [
        (3, "Staff Number"), (4, "Course"), (5, "Date"), (6, "Status")]
    assert all(p.file == "attendance_unknown.csv" for p in problems)
    assert "99999999" in problems[0].reason
    assert "Basket weaving" in problems[1].reason
    assert "31/02/2026" in problems[2].reason


def test_attendance_conflicting_duplicate_refused_identical_warned(store, tmp_path):
    _load_staff(store)
    f = tmp_path / "a.csv"
    f.write_text("Staff Number,Course,Date,Status\n10000001,FM,01/03/2025,\n10000001,FM,01/03/2025,attended\n")
    plan = plan_file(store, "attendance", f)
    assert plan.summary[0] == "1 new attendance records"
    assert len(plan.warnings) == 1 and plan.warnings[0].row == 3
    f.write_text("Staff Number,Course,Date,Status\n10000001,FM,01/03/2025,\n10000001,FM,01/03/2025,dna\n")
    with pytest.raises(ValidationFailed):
        plan_file(store, "attendance", f)


# --- absences ----------------------------------------------------------------------------

def test_absences_csv_and_reimport(store):
    _load_staff(store)
    import_file(store, "absences", FIX / "absences.csv")
    a = st.list_absences(store, "10000005")
    assert [(x.start_date, x.end_date, x.reason) for x in a] == [
        (date(2025, 1, 6), date(2025, 4, 30), "Long-term sickness")]
    assert plan_file(store, "absences", FIX / "absences.csv").summary == ["0 new absences", "0 updated", "2 unchanged"]


def test_absences_refuse_end_before_start(store):
    _load_staff(store)
    (p,) = _refused(store, "absences", "absences_end_before_start.csv")
    assert (p.row, p.column) == (2, "End Date") and "before the start date" in p.reason


def test_absences_refuse_unknown_staff(store, tmp_path):
    f = tmp_path / "ab.csv"
    shutil.copy(FIX / "absences.csv", f)
    before = _snapshot(store)
    with pytest.raises(ValidationFailed) as exc:
        import_file(store, "absences", f)
    assert [p.row for p in exc.value.problems] == [2, 3]
    assert _snapshot(store) == before
