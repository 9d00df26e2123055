"""A large file repeats its dates, statuses and codes on every row, and each different text is
checked once: a repeat must still be refused on its own row, naming its person and column, and
a text found good must not let a different one through."""

from __future__ import annotations

from pathlib import Path

import pytest

from maternity_desk.core.errors import ValidationFailed
from maternity_desk.core.identifiers import NhsNumberRefused, find_all
from maternity_desk.exchange.importing import commit, import_file, plan_file
from maternity_desk.store import guard

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "training"


def _attendance(folder: Path, lines: list[str]) -> Path:
    path = folder / "attendance.csv"
    path.write_text("Staff Number,Course,Date,Status\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _refusal(store, path: Path) -> list[tuple[int, str, str | None, str]]:
    with pytest.raises(ValidationFailed) as exc:
        import_file(store, "attendance", path)
    assert store.scalar("SELECT count(*) FROM attendance") == 0
    return [(p.row, p.column, p.who, p.reason) for p in exc.value.problems]


def test_a_repeated_bad_date_or_status_is_refused_on_every_row_with_its_own_person(store, tmp_path):
    import_file(store, "staff", FIX / "staff.csv")
    path = _attendance(tmp_path, [
        "10000001,FM,2024-05-01,attended",   # row 2: good
        "10000002,FM,2024-05-01,attended",   # row 3: good, the same date text
        "99999999,FM,2024-05-01,attended",   # row 4: the good date, but nobody on the register
        "10000003,FM,31/02/2024,DNA",        # row 5: no such date
        "10000004,FM,31/02/2024,DNA",        # row 6: the same text again
        "10000005,PROMPT,2024-05-01,maybe",  # row 7: not a status
        "10000005,PROMPT,2024-05-02,maybe",  # row 8: again
    ])
    assert _refusal(store, path) == [
        (4, "Staff Number", "staff number 99999999",
         "staff number 99999999 is not on the staff register (import or add the person first)"),
        (5, "Date", "Chloe Davies, 10000003", "'31/02/2024' is not a real date"),
        (6, "Date", "Dev Patel, 10000004", "'31/02/2024' is not a real date"),
        (7, "Status", "Ellen Hughes, 10000005",
         "'maybe' is not an attendance status (attended, DNA or cancelled)"),
        (8, "Status", "Ellen Hughes, 10000005",
         "'maybe' is not an attendance status (attended, DNA or cancelled)"),
    ]


def test_rows_of_texts_already_found_good_are_imported_as_written(store, tmp_path):
    import_file(store, "staff", FIX / "staff.csv")
    path = _attendance(tmp_path, [
        "10000001,FM,01/05/2024,DNA",
        "10000002,fm,01/05/2024,DNA",        # the course in other letters, the same date text
        "10000003, FM ,2024-05-01,",         # spaces round the code; a blank status is attended
        "10000001,FM,01/05/2024,DNA",        # row 5 repeats row 2
    ])
    plan = plan_file(store, "attendance", path)
    assert plan.summary == ["3 new attendance records", "0 updated", "0 unchanged"]
    assert [(p.row, p.reason) for p in plan.warnings] == [(5, "repeats row 2; counted once")]
    commit(store, plan)
    assert [tuple(r) for r in store.query(
        "SELECT staff_number, course_code, date, status FROM attendance ORDER BY staff_number")] == [
        ("10000001", "FM", "2024-05-01", "dna"),
        ("10000002", "FM", "2024-05-01", "dna"),
        ("10000003", "FM", "2024-05-01", "attended"),
    ]


def test_a_control_character_is_refused_on_each_row_beside_the_same_text_without_it(store, tmp_path):
    import_file(store, "staff", FIX / "staff.csv")
    path = _attendance(tmp_path, [
        "10000001,FM,2024-05-01,attended",
        "10000002,F\x07M,2024-05-01,attended",
        "10000003,FM,2024-05-01,attended",
        "10000004,F\x07M,2024-05-01,attended",
    ])
    problems = _refusal(store, path)
    assert [(row, column) for row, column, _who, _reason in problems] == [(3, "Course"), (5, "Course")]
    assert all("invisible control character (code 0x07) at position 2" in reason
               for _row, _column, _who, reason in problems)


def test_a_long_text_found_clean_does_not_let_another_long_text_past_the_guard():
    clean = "Imported rows: " + "x" * 5000
    assert find_all(clean) == []
    assert find_all(clean) == []  # the same text again: still clean
    holding = "y" * 5000 + " 943 476 5919"
    assert [hit.digits for hit in find_all(holding)] == ["9434765919"]
    assert [hit.digits for hit in find_all(holding)] == ["9434765919"]  # found every time
    with pytest.raises(NhsNumberRefused):
        guard.check("INSERT INTO audit_log (after_json) VALUES (?)", (holding,))
