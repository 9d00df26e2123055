"""Writing imported training rows: the staff register, attendance and absences. An import's
plan is the checked rows (exchange/training.py); these write them, in the caller's
transaction, with the audit trail. Split from :mod:`store.training` (reads and edits)."""

from __future__ import annotations

from contextlib import contextmanager
from operator import itemgetter

STAFF_FIELDS = ("staff_number", "name", "staff_group", "start_date", "leave_date", "notes")


def attendance_keys(store) -> dict[tuple[str, str, str], tuple[str, int]]:
    """(staff number, course, ISO date) -> (status, id) of every attendance record."""
    return {(number, course, on): (status, rec_id) for number, course, on, status, rec_id in store.query_tuples(
        "SELECT staff_number, course_code, date, status, id FROM attendance")}


def absence_keys(store) -> dict[tuple[str, str], tuple[str, str, int]]:
    """(staff number, ISO start date) -> (ISO end date, reason, id) of every absence."""
    return {(r[0], r[1]): (r[2], r[3] or "", r[4]) for r in store.query(
        "SELECT staff_number, start_date, end_date, reason, id FROM absence")}


def import_staff(store, new: list[dict], changes: list[dict], *, file: str) -> None:
    """Add ``new`` people (every field) and change others: each change holds the staff number
    and only the fields its file has, so a column the file lacks is never blanked. The audit
    records each changed person's values as they were just before, and as written."""
    with store.transaction():
        store.executemany(
            f"INSERT INTO staff ({', '.join(STAFF_FIELDS)}) VALUES ({', '.join('?' * len(STAFF_FIELDS))})",
            [tuple(x.get(c) for c in STAFF_FIELDS) for x in new])
        before: dict[str, dict] = {}
        after: dict[str, dict] = {}
        for change in changes:
            number = change["staff_number"]
            fields = [c for c in STAFF_FIELDS[1:] if c in change]
            old = store.row_dict("staff", "staff_number", number) or {}
            store.execute(f"UPDATE staff SET {', '.join(f'{c} = ?' for c in fields)} WHERE staff_number = ?",
                          [change[c] for c in fields] + [number])
            before[number] = {c: old.get(c) for c in fields}
            after[number] = {c: change[c] for c in fields}
        if new:
            store.audit("import-insert", "staff", file, None, {"staff": {x["staff_number"]: x for x in new}})
        if changes:
            store.audit("import-update", "staff", file, {"staff": before}, {"staff": after})


def _rows_by_id(store, table: str, ids: list[int]) -> dict[int, dict]:
    """The rows of ``table`` with these ids as they are now (for the audit's "before"), read
    a few hundred at a time rather than one query a row."""
    found: dict[int, dict] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        marks = ", ".join("?" * len(chunk))
        for row in store.query(f'SELECT * FROM "{table}" WHERE id IN ({marks})', chunk):
            found[row["id"]] = dict(row)
    return found


@contextmanager
def _large_cache(store, rows: int):
    """A larger page cache while many rows go in (the indexes of a large table are written
    in several orders; SQLite's default cache is 2 MB): 64 MB at most, for this write only."""
    if rows < 10_000:
        yield
        return
    before = store.scalar("PRAGMA cache_size")
    store.conn.execute("PRAGMA cache_size = -65536")
    try:
        yield
    finally:
        store.conn.execute(f"PRAGMA cache_size = {int(before)}")


def import_attendance(store, new: list[tuple[str, str, str, str]], changes: list[tuple[str, int]],
                      *, file: str) -> None:
    """Add ``new`` records (staff number, course, ISO date, status) and set the status of
    others ((status, id)); audited with each changed record's status before and after."""
    with store.transaction():
        rows = sorted(new, key=itemgetter(1, 0, 2))  # index order: far fewer page writes
        with _large_cache(store, len(rows)):
            store.executemany("INSERT INTO attendance (staff_number, course_code, date, status) VALUES (?, ?, ?, ?)",
                              rows)
        before = _rows_by_id(store, "attendance", [rec_id for _status, rec_id in changes])
        store.executemany("UPDATE attendance SET status = ? WHERE id = ?", changes)
        _audit_import(store, "attendance", file, ("staff_number", "course_code", "date", "status"), rows,
                      before, {rec_id: {**before.get(rec_id, {}), "status": status} for status, rec_id in changes})


def import_absences(store, new: list[tuple[str, str, str, str]], changes: list[tuple[str, str, int]],
                    *, file: str) -> None:
    """Add ``new`` absences (staff number, ISO start, ISO end, reason) and change the end
    date and reason of others ((end, reason, id)); audited with the old values."""
    with store.transaction():
        store.executemany("INSERT INTO absence (staff_number, start_date, end_date, reason) VALUES (?, ?, ?, ?)",
                          new)
        before = _rows_by_id(store, "absence", [absence_id for _end, _reason, absence_id in changes])
        store.executemany("UPDATE absence SET end_date = ?, reason = ? WHERE id = ?", changes)
        _audit_import(store, "absence", file, ("staff_number", "start_date", "end_date", "reason"), new, before,
                      {absence_id: {**before.get(absence_id, {}), "end_date": end, "reason": reason}
                       for end, reason, absence_id in changes})


def _audit_import(store, table: str, file: str, columns: tuple[str, ...], new: list[tuple],
                  before: dict[int, dict], after: dict[int, dict]) -> None:
    """The audit of one imported file's rows of ``table``: those added (``new``, in the order
    of ``columns``), and those changed, as they were (``before``) and as written (``after``)."""
    if new:
        store.audit("import-insert", table, file, None, {table: [dict(zip(columns, x)) for x in new]})
    if after:
        store.audit("import-update", table, file, {table: before}, {table: after})
