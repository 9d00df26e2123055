"""What an import commits is what was checked, against the database as it is at commit.

Two desks are two real processes: one running the real ``maternity-desk`` command line, the
other the store, each with its own connection to the same file."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from maternity_desk.exchange import importing
from maternity_desk.store import open_store
from maternity_desk.store import training as st

STAFF_HEADER = "Staff Number,Name,Staff Group,Start Date\n"


def _cli(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "maternity_desk", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _python(code: str, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *map(str, args)],
                          capture_output=True, text=True, timeout=120, check=True)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_colleagues_edit_between_preview_and_commit_is_kept(db_path, tmp_path):
    store = open_store(db_path)
    f = _write(tmp_path / "staff.csv", STAFF_HEADER + "10000001,Ada Lovelace,midwife,01/04/2020\n")
    importing.import_file(store, "staff", f)
    # desk A previews a file without Notes or Leave Date (and with a new name)
    _write(f, STAFF_HEADER + "10000001,Ada King,midwife,01/04/2020\n")
    plan = importing.plan_file(store, "staff", f)
    # desk B, another process, sets the person's notes and leave date
    _python("""
        import sys
        from datetime import date
        from maternity_desk.store import open_store, training as st
        s = open_store(sys.argv[1], backups=False)
        m = st.get_staff(s, "10000001")
        st.save_staff(s, m.__class__(m.staff_number, m.name, m.staff_group, m.start_date,
                                     date(2026, 12, 31), "Moving to Leeds"), new=False)
        s.close()
    """, db_path)
    written = importing.commit(store, plan)
    m = st.get_staff(store, "10000001")
    assert (m.name, m.notes, m.leave_date.isoformat()) == ("Ada King", "Moving to Leeds", "2026-12-31")
    assert written.summary[:2] == ["0 new staff", "1 updated"]
    before, after = store.query_one(
        "SELECT before_json, after_json FROM audit_log WHERE action = 'import-update' AND table_name = 'staff'")
    assert json.loads(before) == {"staff": {"10000001": {"name": "Ada Lovelace", "staff_group": "midwife",
                                                         "start_date": "2020-04-01"}}}
    assert json.loads(after)["staff"]["10000001"]["name"] == "Ada King"
    store.close()


def test_columns_a_file_lacks_never_blank_existing_values(store, tmp_path):
    f = _write(tmp_path / "staff.csv", "Staff Number,Name,Staff Group,Start Date,Leave Date,Notes\n"
                                       "10000001,Ada Lovelace,midwife,01/04/2020,31/12/2026,Keep me\n")
    importing.import_file(store, "staff", f)
    _write(f, STAFF_HEADER + "10000001,Ada Lovelace,midwife,01/05/2020\n")
    importing.import_file(store, "staff", f)
    m = st.get_staff(store, "10000001")
    assert (m.start_date.isoformat(), m.leave_date.isoformat(), m.notes) == ("2020-05-01", "2026-12-31", "Keep me")


def _ledger(path: Path, n: int) -> Path:
    lines = ["date,fund,kind,amount,description,reference"]
    lines.append("01/04/2024,MSTF,allocation,1000000.00,Award,AW-1")
    for i in range(n - 1):
        lines.append(f"{1 + i % 28:02d}/05/2024,MSTF,payment,{10 + i % 90}.{i % 100:02d},Invoice {i},INV-{i}")
    return _write(path, "\n".join(lines) + "\n")


def _ledger_total(store) -> tuple[int, int]:
    row = store.query_one("SELECT count(*), coalesce(sum(amount_pence), 0) FROM fund_entry WHERE fund_code = 'MSTF'")
    return int(row[0]), int(row[1])


def test_two_desks_importing_one_ledger_at_once_add_it_once(db_path, tmp_path):
    open_store(db_path).close()
    f = _ledger(tmp_path / "ledger.csv", 3000)
    # the size of the file, imported alone
    alone = tmp_path / "alone.sqlite"
    open_store(alone).close()
    s = open_store(alone)
    importing.import_file(s, "ledger", f)
    expected = _ledger_total(s)
    s.close()
    assert expected[0] == 3000

    desks = [_cli("import", "ledger", f, "--db", db_path) for _ in range(2)]
    results = [d.communicate(timeout=300) for d in desks]
    for d, (_out, err) in zip(desks, results):
        assert d.returncode == 0, err
        assert "unexpected" not in err
    s = open_store(db_path)
    assert _ledger_total(s) == expected
    # and a third import, later, adds none either
    code = _cli("import", "ledger", f, "--db", db_path)
    out, err = code.communicate(timeout=300)
    assert code.returncode == 0, err
    assert "0 new ledger entries" in out
    assert _ledger_total(s) == expected
    s.close()


def test_a_ledger_line_is_found_again_by_reference_date_amount_and_kind(store, tmp_path):
    f = _write(tmp_path / "l.csv", "date,fund,kind,amount,description,supplier,reference\n"
                                   "01/04/2024,MSTF,allocation,1000,Award,,AW-1\n"
                                   "02/05/2024,MSTF,payment,10,Invoice,K2,INV-1\n")
    importing.import_file(store, "ledger", f)
    # the description and supplier corrected in the finance system: still the same lines
    _write(f, "date,fund,kind,amount,description,supplier,reference\n"
              "01/04/2024,MSTF,allocation,1000,HEE award,,AW-1\n"
              "02/05/2024,MSTF,payment,10,Invoice 1 (CTG),K2 Medical,inv-1\n")
    plan = importing.import_file(store, "ledger", f)
    assert plan.summary[0] == "0 new ledger entries"
    assert _ledger_total(store) == (2, 101000)


def test_the_same_attendance_file_committed_twice_is_found_not_refused(store, tmp_path):
    staff = _write(tmp_path / "staff.csv", STAFF_HEADER + "10000001,Ada Lovelace,midwife,01/04/2020\n"
                                                          "10000002,Mary Seacole,midwife,01/04/2020\n")
    importing.import_file(store, "staff", staff)
    f = _write(tmp_path / "att.csv", "Staff Number,Course,Date,Status\n"
                                     "10000001,FM,15/06/2025,attended\n10000002,FM,15/06/2025,DNA\n")
    # two wizards open on the same file: both previewed before either committed
    first = importing.plan_file(store, "attendance", f)
    second = importing.plan_file(store, "attendance", f)
    importing.commit(store, first)
    written = importing.commit(store, second)
    assert written.summary == ["0 new attendance records", "0 updated", "2 unchanged"]
    assert store.scalar("SELECT count(*) FROM attendance") == 2


def test_attendance_and_absence_imports_audit_the_old_values(store, tmp_path):
    staff = _write(tmp_path / "staff.csv", STAFF_HEADER + "10000001,Ada Lovelace,midwife,01/04/2020\n")
    importing.import_file(store, "staff", staff)
    f = _write(tmp_path / "att.csv", "Staff Number,Course,Date,Status\n10000001,FM,15/06/2025,DNA\n")
    importing.import_file(store, "attendance", f)
    _write(f, "Staff Number,Course,Date,Status\n10000001,FM,15/06/2025,attended\n")
    importing.import_file(store, "attendance", f)
    before, after = store.query_one("SELECT before_json, after_json FROM audit_log "
                                    "WHERE action = 'import-update' AND table_name = 'attendance'")
    (old,) = json.loads(before)["attendance"].values()
    (new,) = json.loads(after)["attendance"].values()
    assert (old["status"], new["status"]) == ("dna", "attended")

    a = _write(tmp_path / "abs.csv", "Staff Number,Start Date,End Date,Reason\n10000001,01/01/2026,31/03/2026,Sick\n")
    importing.import_file(store, "absences", a)
    _write(a, "Staff Number,Start Date,End Date,Reason\n10000001,01/01/2026,30/06/2026,Maternity leave\n")
    importing.import_file(store, "absences", a)
    before = store.scalar("SELECT before_json FROM audit_log WHERE action = 'import-update' AND table_name = 'absence'")
    (old,) = json.loads(before)["absence"].values()
    assert (old["end_date"], old["reason"]) == ("2026-03-31", "Sick")


def test_a_row_that_no_longer_passes_at_commit_refuses_the_file(store, tmp_path):
    from maternity_desk.core.errors import ValidationFailed

    staff = _write(tmp_path / "staff.csv", STAFF_HEADER + "10000001,Ada Lovelace,midwife,01/04/2020\n")
    importing.import_file(store, "staff", staff)
    f = _write(tmp_path / "att.csv", "Staff Number,Course,Date,Status\n10000001,FM,15/06/2025,attended\n")
    plan = importing.plan_file(store, "attendance", f)
    st.delete_staff(store, "10000001")  # another desk removes the person meanwhile
    audits = store.scalar("SELECT count(*) FROM audit_log")
    try:
        importing.commit(store, plan, backup=False)
    except ValidationFailed as exc:
        assert "10000001 is not on the staff register" in str(exc)
    else:
        raise AssertionError("the commit wrote rows that no longer pass")
    assert store.scalar("SELECT count(*) FROM attendance") == 0
    assert store.scalar("SELECT count(*) FROM audit_log") == audits
