"""``maternity-desk overdue`` and ``submissions-due``; ``import reviews`` through the CLI."""

import json
from pathlib import Path

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "governance"


def test_overdue_json_on_a_hand_built_unit(cli, db_path):
    code, _, _ = cli("import", "reviews", FIX / "reviews_good.csv", "--db", db_path)
    assert code == 1  # no database yet: refused, nothing created
    from maternity_desk.store import open_store

    open_store(db_path).close()
    code, out, err = cli("import", "reviews", FIX / "reviews_good.csv", "--db", db_path)
    assert code == 0, err
    code, out, err = cli("overdue", "--as-at", "2025-01-31", "--db", db_path, "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert all(set(r) == {"register", "item", "due_date", "days_overdue"} for r in rows)
    by_item = {(r["item"].split(":")[0], r["due_date"]): r["days_overdue"] for r in rows}
    # R24-003 died Fri 20 Dec 2024: reported due Fri 3 Jan 2025; 31 Jan is 28 days on
    assert by_item[("R24-003", "2025-01-03")] == 28
    # R24-002 (died 10 Apr 2024, review never started): review due 10 Jun 2024, 235 days on
    assert by_item[("R24-002", "2024-06-10")] == 235
    # R24-004 started its review; report due 1 Nov 2024 (6 months after 1 May): 91 days
    assert by_item[("R24-004", "2024-11-01")] == 91
    assert "R24-001" not in {k[0] for k in by_item}
    assert [r["days_overdue"] for r in rows] == sorted((r["days_overdue"] for r in rows), reverse=True)


def test_overdue_table_and_bad_date(cli, demo_path):
    code, out, _ = cli("overdue", "--as-at", "2026-10-15", "--db", demo_path)
    assert code == 0 and "Overdue governance items as at 15/10/2026" in out and "Days overdue" in out
    code, _, err = cli("overdue", "--as-at", "31/02/2026", "--db", demo_path)
    assert code == 2 and "not a real date" in err


def test_overdue_json_demo(cli, demo_path):
    code, out, _ = cli("overdue", "--as-at", "2026-10-15", "--db", demo_path, "--json")
    rows = json.loads(out)
    assert code == 0 and rows
    assert {"Improvement plan", "Perinatal reviews"} <= {r["register"] for r in rows}


def test_submissions_due(cli, demo_path):
    code, out, _ = cli("submissions-due", "--as-at", "2026-10-15", "--db", demo_path, "--json")
    rows = json.loads(out)
    assert code == 0 and any(r["dataset"] == "MSDS" and r["period"] == "2026-09" for r in rows)


def test_import_reviews_refusal_reported(cli, db_path):
    from maternity_desk.store import open_store

    open_store(db_path).close()
    code, _, err = cli("import", "reviews", FIX / "reviews_bad.csv", "--db", db_path)
    assert code == 1 and "Nothing was imported" in err and "row 4, column 'Case Reference'" in err


def test_help(cli):
    code, out, _ = cli("import", "reviews", "--help")
    assert code == 0 and "reference" in out and "report_published" in out
    code, out, _ = cli("overdue", "--help")
    assert code == 0 and "--as-at" in out
