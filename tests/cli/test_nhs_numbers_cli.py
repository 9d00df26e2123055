"""NHS numbers on the command line: ``import`` of every kind refuses a file carrying one (file,
row, column, masked; exit 1); ``check`` finds those an older version let in (table, row,
column, masked); ``restore`` refuses a file holding one. After each refusal the number is in
no file: the database, its WAL or journal, its backups, temporary files, the log."""

from __future__ import annotations

import json
import logging
import sqlite3

import pytest

from maternity_desk import logsetup
from maternity_desk.store import open_store
from tests.exchange.nhs_cases import (
    FORM_NAMES,
    KINDS,
    cell_text,
    columns,
    files_under,
    leaks,
    prepare,
    write_file,
)

CASES = [(kind, column) for kind in KINDS for column in columns(kind)]


@pytest.fixture
def log_here(_data_folder, monkeypatch):
    """The log file of this test's data folder (file logging is set up once per process)."""
    monkeypatch.setattr(logsetup, "_installed", False)
    root = logging.getLogger()
    before = list(root.handlers)
    yield _data_folder / "logs"
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()


@pytest.fixture
def unit(tmp_path):
    """A unit database in its own folder (with room for WAL, backups and temporary files)."""
    db = tmp_path / "unit" / "unit.sqlite"
    open_store(db).close()
    return db


@pytest.mark.parametrize("kind", list(KINDS))
def test_import_of_every_kind_refuses_every_column_by_file_row_and_column(cli, unit, tmp_path, log_here, kind):
    store = open_store(unit)
    prepare(store, kind)
    imports = store.scalar("SELECT count(*) FROM audit_log WHERE action = 'import'")
    store.close()
    offset = list(KINDS).index(kind)
    for i, column in enumerate(columns(kind)):
        form = FORM_NAMES[(offset + i * 3) % len(FORM_NAMES)]
        path = write_file(tmp_path / "in", kind, column, cell_text(form, i), name=f"{kind}-{column}.csv")
        code, out, err = cli("import", kind, *KINDS[kind].cli_extra, path, "--db", unit)
        assert code == 1, (column, form, out, err)
        assert f"{path.name}, row 2, column '{column}': " in err, (column, form, err)
        assert "NHS number" in err and "943 *** ****" in err and "Traceback" not in err
        assert "Nothing was imported" in err
    store = open_store(unit, migrate=False, backups=False)
    assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'import'") == imports
    store.close()
    assert leaks(unit.parent, log_here) == []


@pytest.mark.parametrize("form", FORM_NAMES)
def test_staff_number_in_every_form_refused_on_the_command_line(cli, unit, tmp_path, log_here, form):
    path = write_file(tmp_path / "in", "staff", "staff_number", cell_text(form, 0))
    code, _out, err = cli("import", "staff", path, "--db", unit)
    assert code == 1 and "row 2, column 'staff_number'" in err and "943 *** ****" in err
    code, _out, err = cli("import", "staff", path, "--db", unit, "--dry-run")
    assert code == 1 and "943 *** ****" in err
    assert leaks(unit.parent, log_here) == []


def test_a_bare_ten_digit_staff_number_is_named_a_probable_nhs_number(cli, unit, tmp_path):
    path = write_file(tmp_path / "in", "staff", "staff_number", "9434765919")
    code, _out, err = cli("import", "staff", path, "--db", unit)
    assert code == 1
    assert "staff number 943 *** **** is 10 digits and passes the NHS number check digit" in err
    assert "8 digits" in err and "9434765919" not in err


def _older_version_writes(db, table: str, values: dict) -> None:
    """What a version without the guard could have written (no guard on this connection)."""
    raw = sqlite3.connect(db)
    cols = ", ".join(values)
    raw.execute(f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(values))})", list(values.values()))
    raw.commit()
    raw.close()


def test_check_reports_table_row_and_column_of_every_nhs_number_masked(cli, unit):
    code, out, _err = cli("check", "--db", unit)
    assert code == 0, out
    _older_version_writes(unit, "staff", {"staff_number": "10000001", "name": "Baby of 943\u00a0476\u00a05919",
                                           "staff_group": "midwife", "start_date": "2020-01-01"})
    _older_version_writes(unit, "staff", {"staff_number": "4010232137", "name": "Ann Other",
                                           "staff_group": "midwife", "start_date": "2020-01-01"})
    _older_version_writes(unit, "fund_category", {"name": "Room", "sort_order": 9434765919})
    code, out, err = cli("check", "--db", unit)
    assert code == 1
    assert "PROBLEM: NHS number 943 *** **** in table staff, row 1, column name" in out
    assert "PROBLEM: NHS number 401 *** **** in table staff, row 2, column staff_number" in out
    assert "in table fund_category, row" in out and "column sort_order" in out
    assert "result: FAILED" in out and "check failed" in err
    assert "476" not in out + err and "4010232137" not in out + err and "023 2137" not in out + err
    code, out, _err = cli("check", "--db", unit, "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False
    assert {(f["table"], f["row"], f["column"], f["masked"]) for f in report["nhs_numbers"]} >= {
        ("staff", "1", "name", "943 *** ****"), ("staff", "2", "staff_number", "401 *** ****")}
    # cleaned in the app (an edit through the store), the check passes again
    store = open_store(unit)
    store.update("staff", "staff_number", "10000001", {"name": "Baby R24-001"})
    store.conn.execute("DELETE FROM staff WHERE staff_number = '4010232137'")
    store.update("fund_category", "name", "Room", {"sort_order": 9})
    store.close()
    code, out, _err = cli("check", "--db", unit)
    assert code == 0, out


def test_restore_of_a_file_holding_an_nhs_number_is_refused_and_changes_nothing(cli, unit, tmp_path, log_here):
    older = tmp_path / "elsewhere" / "older.sqlite"
    older.parent.mkdir()
    from maternity_desk.store import migrations

    s = open_store(older, migrate=False)
    migrations.migrate(s, target=6)  # a file of an older schema, to be migrated on restore
    s.conn.execute("PRAGMA journal_mode = DELETE")
    s.close()
    _older_version_writes(older, "gov_reviews", {
        "reference": "R24-001 943-476-5919", "category": "stillbirth", "gestation_days": 250,
        "date_of_death": "2024-03-02", "reported": "2024-03-05", "parents_informed": "2024-03-06"})
    store = open_store(unit)
    store.insert("fund_category", {"name": "Kept", "sort_order": 1}, key_col="name")
    store.close()
    code, _out, err = cli("restore", older, "--db", unit)
    assert code == 1, err
    assert "943 *** ****" in err and "table gov_reviews" in err and "column reference" in err
    assert "nothing was changed" in err
    store = open_store(unit, migrate=False, backups=False)
    assert store.scalar("SELECT count(*) FROM fund_category WHERE name = 'Kept'") == 1
    assert store.scalar("SELECT count(*) FROM gov_reviews") == 0
    store.close()
    assert leaks(unit.parent, log_here) == [], files_under(unit.parent)


def test_the_log_file_never_holds_an_nhs_number(cli, unit, log_here, monkeypatch):
    """An unexpected error whose message carries the number, and a plain log line: both masked."""
    from maternity_desk import cli as cli_module

    def broken(args):
        raise RuntimeError("could not read 943 476 5919")

    monkeypatch.setattr(cli_module, "_cmd_check", broken)
    code, _out, err = cli("check", "--db", unit)
    logging.getLogger("maternity_desk.test").warning("saw %s and %s", "9434765919", "４０１０２３２１３７")
    assert code == 1
    text = (log_here / "maternity-desk.log").read_text(encoding="utf-8")
    assert "could not read 943 *** ****" in text and "saw 943 *** **** and 401 *** ****" in text
    assert leaks(log_here) == []
