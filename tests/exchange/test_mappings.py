"""Importing a workforce system's staff list and a learning system's attendance through a saved
mapping; suggestions from the values' words; problems that name the person; corrected cells."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from maternity_desk.core.errors import InvalidValue, ValidationFailed
from maternity_desk.core.mappings import (
    LEAVE_OUT,
    ValueMapping,
    suggest_course,
    suggest_staff_group,
)
from maternity_desk.exchange import importing
from maternity_desk.store import mappings as sm
from maternity_desk.store import training as st
from tests import esr

# what the app's staff groups are called, as the suggestion sees them
GROUPS = [("midwife", "Midwife"), ("msw", "Maternity support worker"),
          ("obstetric_consultant", "Obstetric consultant"), ("obstetric_doctor", "Obstetric doctor"),
          ("anaesthetic_consultant", "Anaesthetic consultant"), ("anaesthetic_doctor", "Anaesthetic doctor"),
          ("neonatal_consultant", "Neonatal consultant"), ("neonatal_doctor", "Neonatal doctor"),
          ("neonatal_nurse", "Neonatal nurse"), ("annp", "Advanced neonatal nurse practitioner")]

# the table in tests/esr.py, the answer written out by hand
SUGGESTED = {
    ("Nursing and Midwifery Registered", "Midwife"): "midwife",
    ("Nursing and Midwifery Registered", "Midwife - Specialist Practitioner"): "midwife",
    ("Nursing and Midwifery Registered", "Midwife - Manager"): "midwife",
    ("Nursing and Midwifery Registered", "Staff Nurse"): None,
    ("Nursing and Midwifery Registered", "Advanced Neonatal Nurse Practitioner"): "annp",
    ("Additional Clinical Services", "Maternity Support Worker"): "msw",
    ("Additional Clinical Services", "Healthcare Assistant"): None,
    ("Medical and Dental", "Consultant"): "obstetric_consultant",
    ("Medical and Dental", "Specialty Registrar"): "obstetric_doctor",
    ("Administrative and Clerical", "Administrator"): LEAVE_OUT,
    ("Estates and Ancillary", "Housekeeper"): LEAVE_OUT,
    ("Allied Health Professionals", "Physiotherapist"): LEAVE_OUT,
    ("Students", "Student Midwife"): LEAVE_OUT,
}


def _esr_mapping(name: str = "ESR staff list") -> ValueMapping:
    entries = {k: v for k, v in SUGGESTED.items() if v is not None}
    entries[("Nursing and Midwifery Registered", "Staff Nurse")] = "neonatal_nurse"
    entries[("Additional Clinical Services", "Healthcare Assistant")] = "msw"
    return ValueMapping(name, "staff", ("staff_group", "job_role"), entries)


@pytest.mark.parametrize(("values", "expected"), list(SUGGESTED.items()))
def test_staff_group_suggested_from_the_words(values, expected):
    assert suggest_staff_group({"staff_group": values[0], "job_role": values[1]}, GROUPS) == expected


@pytest.mark.parametrize(("values", "expected"), [
    (("Medical and Dental", "Consultant Anaesthetist"), "anaesthetic_consultant"),
    (("Medical and Dental", "Consultant Neonatologist"), "neonatal_consultant"),
    (("Medical and Dental", "Paediatric Registrar"), "neonatal_doctor"),
    (("Nursing and Midwifery Registered", "Neonatal Nurse"), "neonatal_nurse"),
    (("Additional Clinical Services", "Maternity Care Assistant"), "msw"),
    (("Midwife", ""), "midwife"),  # the app's own name
    (("obstetric consultant", ""), "obstetric_consultant"),
    (("Nursing and Midwifery Registered", ""), "midwife"),  # "midwi" is the only clue: a suggestion
    (("Additional Clinical Services", ""), None),
])
def test_more_suggestions(values, expected):
    assert suggest_staff_group({"staff_group": values[0], "job_role": values[1]}, GROUPS) == expected


def test_course_suggested_from_its_name_or_code():
    courses = [("FM", "Fetal monitoring and surveillance"), ("PROMPT", "Maternity emergencies and multi-professional "
               "training"), ("NLS", "Neonatal basic life support"), ("CTGM", "CTG masterclass"),
               ("NLS_RCUK", "Newborn Life Support (Resuscitation Council UK certificate)")]
    assert suggest_course({"course": "CTG Fetal Monitoring and Surveillance Update 2025"}, courses) == "FM"
    assert suggest_course({"course": "PROMPT Day 2025"}, courses) == "PROMPT"
    assert suggest_course({"course": "Newborn Life Support (RCUK)"}, courses) == "NLS_RCUK"
    assert suggest_course({"course": "ctg masterclass"}, courses) == "CTGM"
    assert suggest_course({"course": "Fire Safety"}, courses) is None


def test_mapping_saved_by_name_read_back_and_edited(store):
    saved = sm.save_mapping(store, _esr_mapping())
    again = sm.get_mapping(store, "esr STAFF list")  # names found in any case
    assert again.name == "ESR staff list" and again.columns == ("staff_group", "job_role")
    assert again.entries == saved.entries and len(again.entries) == 13
    assert again.target({"staff_group": "nursing and  midwifery registered", "job_role": "STAFF NURSE"}) == \
        "neonatal_nurse"
    assert again.target({"staff_group": "Students", "job_role": "Student Midwife"}) == LEAVE_OUT
    assert again.target({"staff_group": "Students", "job_role": "Student Nurse"}) is None
    edited = ValueMapping("ESR staff list", "staff", again.columns,
                          {**again.entries, ("Students", "Student Nurse"): LEAVE_OUT})
    sm.save_mapping(store, edited)
    assert [(m.name, len(m.entries)) for m, _ in sm.list_mappings(store)] == [("ESR staff list", 14)]
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'import_mapping'") == 2
    with pytest.raises(InvalidValue, match="there is already a staff mapping called 'ESR staff list'"):
        sm.save_mapping(store, ValueMapping("ESR staff list", "attendance", ("course",), {}))
    with pytest.raises(InvalidValue, match="'Medical and Dental / X' is mapped to 'surgeon'"):
        sm.save_mapping(store, ValueMapping("Other", "staff", ("staff_group", "job_role"),
                                            {("Medical and Dental", "X"): "surgeon"}))
    with pytest.raises(InvalidValue, match="needs a name"):
        sm.save_mapping(store, ValueMapping("  ", "staff", ("staff_group",), {}))


def test_esr_export_of_300_imports_through_its_mapping(store, tmp_path):
    path = esr.write(tmp_path / "esr_staff.csv")
    mapping = sm.save_mapping(store, _esr_mapping())
    plan = importing.plan_file(store, "staff", path, mapping=mapping)
    assert plan.rows == 220
    assert plan.summary == ["220 new staff", "0 updated", "0 unchanged",
                            "80 rows left out (not a maternity staff group in the mapping 'ESR staff list')"]
    importing.commit(store, plan, backup=False)
    people = st.list_staff(store)
    assert Counter(m.staff_group for m in people) == {"midwife": 120, "neonatal_nurse": 20, "annp": 5, "msw": 40,
                                                      "obstetric_consultant": 15, "obstetric_doctor": 20}
    first = next(m for m in people if m.staff_number == "20000001")
    # row 2 of the file: n = 0 -> "Ama"+"ra", "Bram"+"ock", hired 01/01/2005
    assert (first.name, first.start_date.isoformat()) == ("Amara Bramock", "2005-01-01")
    assert not any(m.staff_number == "20000261" for m in people)  # the first student: left out
    # the next import: the same file through the same mapping changes nothing
    again = importing.plan_file(store, "staff", path, mapping=sm.get_mapping(store, "ESR staff list"))
    assert again.summary[:3] == ["0 new staff", "0 updated", "220 unchanged"]


def test_a_value_missing_from_the_mapping_is_refused_naming_the_person(store, tmp_path):
    rows = esr.people()
    rows[4]["Job Role"] = "Midwife - Band 7"  # row 6 of the file; person n = 4
    path = esr.write(tmp_path / "esr.csv", rows)
    with pytest.raises(ValidationFailed) as err:
        importing.plan_file(store, "staff", path, mapping=_esr_mapping())
    assert [str(p) for p in err.value.problems] == [
        "esr.csv, row 6 (Elira Goskock, 20000005), column 'Staff Group': 'Nursing and Midwifery Registered / "
        "Midwife - Band 7' is not in the mapping 'ESR staff list' (add it in the import wizard's mapping step)"]


def test_without_a_mapping_every_row_is_refused_naming_the_person(store, tmp_path):
    path = esr.write(tmp_path / "esr.csv")
    with pytest.raises(ValidationFailed) as err:
        importing.plan_file(store, "staff", path)
    first = err.value.problems[0]
    assert (first.row, first.who, first.column) == (2, "Amara Bramock, 20000001", "Staff Group")
    assert len(err.value.problems) == 300  # the trust's own groups are none of the app's


def test_a_refused_cell_corrected_in_place_imports_the_corrected_value(store, tmp_path):
    rows = esr.people()
    rows[0]["Hire Date"] = "31/02/2005"  # row 2
    rows[9]["Employee Number"] = ""  # row 11 (n = 9: "Jon"+"ra" "Quill"+"ock")
    path = esr.write(tmp_path / "esr.csv", rows)
    mapping = _esr_mapping()
    with pytest.raises(ValidationFailed) as err:
        importing.plan_file(store, "staff", path, mapping=mapping)
    assert [(p.row, p.who, p.column, p.reason) for p in err.value.problems] == [
        (2, "Amara Bramock, 20000001", "Hire Date", "'31/02/2005' is not a real date"),
        (11, "Jonra Quillock", "Employee Number", "a staff number is required"),
    ]
    fixes = {(2, "Hire Date"): "28/02/2005", (11, "Employee Number"): "20000010"}
    plan = importing.plan_file(store, "staff", path, mapping=mapping, corrections=fixes)
    importing.commit(store, plan, backup=False)
    assert st.get_staff(store, "20000001").start_date.isoformat() == "2005-02-28"
    assert st.get_staff(store, "20000010").name == "Jonra Quillock"
    assert len(st.list_staff(store)) == 220
    with open(path, newline="", encoding="utf-8") as f:  # the file itself is not changed
        assert next(csv.DictReader(f))["Hire Date"] == "31/02/2005"


def test_attendance_course_names_mapped_and_remembered(store, tmp_path):
    importing.commit(store, importing.plan_file(store, "staff", esr.write(tmp_path / "esr.csv"),
                                                mapping=_esr_mapping()), backup=False)
    path = tmp_path / "lms.csv"
    path.write_text("Employee Number,Course Title,Completion Date\n"
                    "20000001,CTG Fetal Monitoring and Surveillance Update 2025,02/06/2025\n"
                    "20000002,PROMPT Day 2025,20/05/2025\n"
                    "20000003,Fire Safety,21/05/2025\n"
                    "20000004,FM,22/05/2025\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as err:  # the LMS's own names are not courses
        importing.plan_file(store, "attendance", path)
    assert [(p.row, p.who) for p in err.value.problems] == [(2, "Amara Bramock, 20000001"),
                                                            (3, "Belra Caldock, 20000002"),
                                                            (4, "Corra Dunnock, 20000003")]
    sm.save_mapping(store, ValueMapping("LMS courses", "attendance", ("course",), {
        ("CTG Fetal Monitoring and Surveillance Update 2025",): "FM", ("PROMPT Day 2025",): "PROMPT",
        ("Fire Safety",): LEAVE_OUT}))
    plan = importing.plan_file(store, "attendance", path, mapping=sm.get_mapping(store, "LMS courses"))
    assert plan.summary == ["3 new attendance records", "0 updated", "0 unchanged",
                            "1 row left out (not a course in the mapping 'LMS courses')"]
    importing.commit(store, plan, backup=False)
    got = sorted((a.staff_number, a.course_code, a.date.isoformat()) for a in st.list_attendance(store))
    assert got == [("20000001", "FM", "2025-06-02"), ("20000002", "PROMPT", "2025-05-20"),
                   ("20000004", "FM", "2025-05-22")]  # a value not in the mapping is read as before
