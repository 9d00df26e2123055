"""``import staff|attendance|absences`` and ``compliance`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "training"


def _unit(cli, db_path):
    from maternity_desk.store import open_store

    open_store(db_path).close()
    assert cli("import", "staff", FIX / "staff.csv", "--db", db_path)[0] == 0
    assert cli("import", "attendance", FIX / "attendance.csv", "--db", db_path)[0] == 0


def test_import_summary_and_compliance_json(cli, db_path):
    from maternity_desk.store import open_store

    open_store(db_path).close()
    code, out, err = cli("import", "staff", FIX / "staff.csv", "--db", db_path)
    assert code == 0, err
    assert "5 new staff" in out and "0 updated" in out
    assert cli("import", "attendance", FIX / "attendance.csv", "--db", db_path)[0] == 0
    assert cli("import", "absences", FIX / "absences.csv", "--db", db_path)[0] == 0

    code, out, err = cli("compliance", "--as-at", "2025-06-30", "--db", db_path, "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert all(set(r) == {"course", "staff_group", "eligible", "in_date", "percent", "rag"} for r in rows)
    # one row per course and group that must take it: FM 3 + PROMPT 6 + NLS 5
    assert len(rows) == 14
    by = {(r["course"], r["staff_group"]): r for r in rows}
    # 30 Jun 2025: 10000001 midwife (FM 15/06/2025, NLS 10/01/2025), 10000003 msw left 31/03/2025,
    # 10000005 neonatal nurse (absent Jan-Apr 2025, back; NLS cancelled) -> hand-worked:
    assert by[("FM", "midwife")] == {"course": "FM", "staff_group": "midwife", "eligible": 1,
                                     "in_date": 1, "percent": 100.0, "rag": "green"}
    assert by[("FM", "obstetric_consultant")]["in_date"] == 1  # DNA 1 Mar then attended 8 Mar
    assert by[("NLS", "neonatal_nurse")] == {"course": "NLS", "staff_group": "neonatal_nurse", "eligible": 1,
                                             "in_date": 0, "percent": 0.0, "rag": "red"}
    assert by[("PROMPT", "msw")] == {"course": "PROMPT", "staff_group": "msw", "eligible": 0,
                                     "in_date": 0, "percent": None, "rag": None}
    assert by[("PROMPT", "anaesthetic_doctor")]["eligible"] == 1
    assert [r["course"] for r in rows][:3] == ["FM", "FM", "FM"]

    # absence covers 1 Feb 2025 for the neonatal nurse; the midwife's maternity leave starts 1 Jul
    rows = {(r["course"], r["staff_group"]): r for r in json.loads(
        cli("compliance", "--as-at", "2025-07-01", "--db", db_path, "--json")[1])}
    assert rows[("FM", "midwife")]["eligible"] == 0 and rows[("FM", "midwife")]["percent"] is None


def test_compliance_table_output(cli, db_path):
    _unit(cli, db_path)
    code, out, _ = cli("compliance", "--as-at", "30/06/2025", "--db", db_path)
    assert code == 0
    assert "FM" in out and "midwife" in out and "100.0%" in out


def test_refused_import_exits_non_zero_and_names_row(cli, db_path):
    from maternity_desk.store import open_store

    open_store(db_path).close()
    code, out, err = cli("import", "staff", FIX / "staff_duplicate.csv", "--db", db_path)
    assert code == 1
    assert "staff_duplicate.csv, row 4 (Ann Lee, 30000001), column 'Staff Number'" in err  # names the person
    code, out, err = cli("import", "staff", FIX / "empty.csv", "--db", db_path)
    assert code == 1 and "empty" in err
    code, out, _ = cli("staff", "--db", db_path, "--json")
    assert code == 0 and json.loads(out) == []


def test_bad_as_at_and_missing_db(cli, db_path, tmp_path):
    _unit(cli, db_path)
    assert cli("compliance", "--as-at", "31/02/2026", "--db", db_path)[0] == 2
    code, _, err = cli("compliance", "--as-at", "2025-06-30", "--db", tmp_path / "nope.sqlite")
    assert code == 1 and "no database" in err.lower()


def test_overdue_and_due_within(cli, db_path):
    _unit(cli, db_path)
    code, out, _ = cli("overdue-training", "--as-at", "2025-06-30", "--db", db_path, "--json")
    assert code == 0
    overdue = {(r["staff_number"], r["course"]) for r in json.loads(out)}
    assert ("10000005", "NLS") in overdue and ("10000001", "FM") not in overdue
    code, out, _ = cli("overdue-training", "--as-at", "2025-06-30", "--due-within", "200", "--db", db_path, "--json")
    due = json.loads(out)
    assert [(r["staff_number"], r["course"], r["expiry"]) for r in due] == [("10000001", "NLS", "2026-01-10")]


def test_every_training_command_has_help(cli):
    for cmd in ("compliance", "overdue-training", "staff"):
        code, out, _ = cli(cmd, "--help")
        assert code == 0 and "--db" in out
    for kind in ("staff", "attendance", "absences"):
        code, out, _ = cli("import", kind, "--help")
        assert code == 0 and "staff_number" in out
