"""``import staff FILE --mapping NAME`` and ``mappings --json`` on the command line."""

from __future__ import annotations

import json

from maternity_desk.core.mappings import LEAVE_OUT, ValueMapping
from tests import esr


def _saved(db_path) -> None:
    from maternity_desk.store import mappings as sm
    from maternity_desk.store import open_store

    store = open_store(db_path)
    try:
        sm.save_mapping(store, ValueMapping("ESR staff list", "staff", ("staff_group", "job_role"), {
            ("Nursing and Midwifery Registered", "Midwife"): "midwife",
            ("Nursing and Midwifery Registered", "Midwife - Specialist Practitioner"): "midwife",
            ("Nursing and Midwifery Registered", "Midwife - Manager"): "midwife",
            ("Nursing and Midwifery Registered", "Staff Nurse"): "neonatal_nurse",
            ("Nursing and Midwifery Registered", "Advanced Neonatal Nurse Practitioner"): "annp",
            ("Additional Clinical Services", "Maternity Support Worker"): "msw",
            ("Additional Clinical Services", "Healthcare Assistant"): "msw",
            ("Medical and Dental", "Consultant"): "obstetric_consultant",
            ("Medical and Dental", "Specialty Registrar"): "obstetric_doctor",
            ("Administrative and Clerical", "Administrator"): LEAVE_OUT,
            ("Estates and Ancillary", "Housekeeper"): LEAVE_OUT,
            ("Allied Health Professionals", "Physiotherapist"): LEAVE_OUT,
            ("Students", "Student Midwife"): LEAVE_OUT,
        }))
        sm.save_mapping(store, ValueMapping("LMS courses", "attendance", ("course",), {("PROMPT Day",): "PROMPT"}))
    finally:
        store.close()


def test_import_staff_with_a_saved_mapping(cli, db_path, tmp_path):
    _saved(db_path)
    path = esr.write(tmp_path / "esr.csv")
    code, out, err = cli("import", "staff", path, "--mapping", "ESR staff list", "--db", db_path)
    assert code == 0, err
    assert "Imported esr.csv: 220 rows." in out
    assert "80 rows left out (not a maternity staff group in the mapping 'ESR staff list')" in out
    code, out, err = cli("staff", "--db", db_path, "--json")
    assert len(json.loads(out)) == 220


def test_mappings_json_lists_saved_mappings(cli, db_path):
    _saved(db_path)
    code, out, err = cli("mappings", "--db", db_path, "--json")
    assert code == 0, err
    got = json.loads(out)
    assert [(m["name"], m["kind"], m["columns"], m["entries"], m["left_out"]) for m in got] == [
        ("ESR staff list", "staff", ["staff_group", "job_role"], 13, 4),
        ("LMS courses", "attendance", ["course"], 1, 0),
    ]
    assert got[1]["values"] == [{"values": ["PROMPT Day"], "target": "PROMPT"}]
    assert {"values": ["Students", "Student Midwife"], "target": None} in got[0]["values"]
    assert set(got[0]) == {"name", "kind", "columns", "entries", "left_out", "updated", "values"}
    code, out, err = cli("mappings", "--db", db_path, "--kind", "attendance")
    assert code == 0 and "LMS courses" in out and "ESR staff list" not in out


def test_unknown_or_wrong_kind_of_mapping_is_one_sentence(cli, db_path, tmp_path):
    _saved(db_path)
    path = esr.write(tmp_path / "esr.csv")
    code, out, err = cli("import", "staff", path, "--mapping", "Nope", "--db", db_path)
    assert code != 0 and "there is no saved mapping called 'Nope'" in err and "Traceback" not in err
    code, out, err = cli("import", "staff", path, "--mapping", "LMS courses", "--db", db_path)
    assert code != 0 and "the mapping 'LMS courses' is for attendance files, not staff" in err
    code, out, err = cli("import", "absences", path, "--mapping", "LMS courses", "--db", db_path)
    assert code != 0  # absences take no mapping: a usage error


def test_no_mappings_yet(cli, db_path):
    from maternity_desk.store import open_store

    open_store(db_path).close()
    code, out, err = cli("mappings", "--db", db_path)
    assert code == 0 and "No saved mappings" in out
    assert cli("mappings", "--db", db_path, "--json")[1].strip() == "[]"


def test_demo_unit_has_its_saved_mappings(cli, demo_path):
    code, out, err = cli("mappings", "--db", demo_path, "--json")
    assert code == 0, err
    assert [(m["name"], m["kind"], m["entries"], m["left_out"]) for m in json.loads(out)] == [
        ("ESR staff list (demo)", "staff", 12, 3), ("Learning system courses (demo)", "attendance", 4, 1)]
