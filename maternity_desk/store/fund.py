"""The fund ledger in the unit database: reads returning :mod:`maternity_desk.core.fund`
objects, and audited writes.

People trained (the one figure that needs the training tables) is counted here and passed
to :func:`maternity_desk.core.fund.figures`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from maternity_desk.core import fund as core
from maternity_desk.core.attention import Attention
from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.money import format_pence
from maternity_desk.core.periods import fy_bounds, fy_of, parse_fy

_ENTRY_COLS = (
    "id, date, fund_code, kind, amount_pence, description, category, supplier, reference, "
    "course_code, places"
)


def _entry(row) -> core.LedgerEntry:
    return core.LedgerEntry(
        id=row["id"],
        date=date.fromisoformat(row["date"]),
        fund_code=row["fund_code"],
        kind=row["kind"],
        amount_pence=row["amount_pence"],
        description=row["description"],
        category=row["category"],
        supplier=row["supplier"],
        reference=row["reference"],
        course_code=row["course_code"],
        places=row["places"],
    )


# --- catalogues -----------------------------------------------------------------------------

def funds(store, *, active_only: bool = False) -> list[core.Fund]:
    sql = "SELECT code, name, active FROM fund"
    if active_only:
        sql += " WHERE active = 1"
    order = "CASE code WHEN 'MSTF' THEN 0 WHEN 'INNOVATION' THEN 1 WHEN 'TRUST' THEN 2 ELSE 3 END, code"
    return [core.Fund(r["code"], r["name"], bool(r["active"])) for r in store.query(f"{sql} ORDER BY {order}")]


def find_fund(store, text: str) -> core.Fund:
    """A fund by code or name, in any case (raises InvalidValue)."""
    return core.find_fund(funds(store), text)


def categories(store) -> list[core.Category]:
    rows = store.query("SELECT name, sort_order FROM fund_category ORDER BY sort_order, name")
    return [core.Category(r["name"], r["sort_order"]) for r in rows]


def courses(store) -> dict[str, str]:
    """Course codes and names from the training register (empty if it has none)."""
    return {r["code"]: r["name"] for r in store.query("SELECT code, name FROM course ORDER BY name")}


def save_fund(store, fund: core.Fund, *, original_code: str | None = None) -> None:
    """Add a fund, or change one (its code may change: entries follow it)."""
    code = " ".join(fund.code.split()).upper()
    name = " ".join(fund.name.split())
    if not code or not name:
        raise InvalidValue("a fund needs a code and a name")
    if not all(ch.isalnum() or ch in "_-" for ch in code):
        raise InvalidValue(f"'{fund.code}' is not a fund code: use letters, digits, - or _")
    for other in funds(store):
        if other.code == (original_code or ""):
            continue
        if other.code == code:
            raise InvalidValue(f"there is already a fund with the code {code}")
        if other.name.casefold() == name.casefold():
            raise InvalidValue(f"there is already a fund called {other.name}")
    values = {"code": code, "name": name, "active": 1 if fund.active else 0}
    with store.transaction():
        if original_code is None:
            store.insert("fund", values, key_col="code")
        else:
            store.update("fund", "code", original_code, values)


def save_category(store, name: str, sort_order: int, *, original: str | None = None) -> None:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidValue("a category needs a name")
    for c in categories(store):
        if c.name.casefold() == name.casefold() and (original is None or c.name.casefold() != original.casefold()):
            raise InvalidValue(f"there is already a category called {c.name}")
    with store.transaction():
        if original is None:
            store.insert("fund_category", {"name": name, "sort_order": sort_order}, key_col="name")
        else:
            store.update("fund_category", "name", original, {"name": name, "sort_order": sort_order})


def delete_category(store, name: str) -> None:
    used = store.scalar("SELECT count(*) FROM fund_entry WHERE category = ?", (name,))
    if used:
        raise InvalidValue(f"the category {name} is used by {used} ledger entr{'y' if used == 1 else 'ies'}; change them first")
    store.delete("fund_category", "name", name)


# --- the ledger -------------------------------------------------------------------------

def entries(store, fund_code: str | None = None, fy: str | None = None, *, until: date | None = None) -> list[core.LedgerEntry]:
    """Ledger entries, oldest first; of one fund and/or one financial year if given."""
    where, params = [], []
    if fund_code is not None:
        where.append("fund_code = ?")
        params.append(fund_code)
    if fy is not None:
        start, end = fy_bounds(fy)
        where.append("date BETWEEN ? AND ?")
        params += [start.isoformat(), end.isoformat()]
    if until is not None:
        where.append("date <= ?")
        params.append(until.isoformat())
    sql = f"SELECT {_ENTRY_COLS} FROM fund_entry"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return [_entry(r) for r in store.query(sql + " ORDER BY date, id", params)]


def entry(store, entry_id: int) -> core.LedgerEntry | None:
    row = store.query_one(f"SELECT {_ENTRY_COLS} FROM fund_entry WHERE id = ?", (entry_id,))
    return _entry(row) if row else None


def people_trained(store, fund_code: str, fy: str, *, as_at: date | None = None) -> int:
    """Distinct staff who attended (status 'attended') a training session linked to one of
    the fund's entries dated in the year. An attendance belongs to a session through its
    ``session_id``, or, when it has none, by the session's course and date. With ``as_at``,
    the year as it stood on that date: entries and attendance dated after it are left out.
    People booked on a session still planned are not counted until its register is taken.

    Records without a session are found from each linked session (few) by course and date
    (index ``attendance_course_date``); CROSS JOIN and the unary ``+`` keep SQLite to that
    order, not a scan of every record without a session."""
    start, end = fy_bounds(fy)
    if as_at is not None:
        end = min(end, as_at)
    last_attended = (as_at or date.max).isoformat()
    return int(
        store.scalar(
            """WITH linked AS (
                   SELECT s.id, s.course_code, s.date FROM training_session s
                   JOIN fund_entry e ON e.id = s.fund_entry_id
                   WHERE e.fund_code = ? AND e.date BETWEEN ? AND ? AND s.status <> 'planned'
               )
               SELECT count(DISTINCT staff_number) FROM (
                   SELECT a.staff_number FROM attendance a JOIN linked l ON a.session_id = l.id
                   WHERE a.status = 'attended' AND a.date <= ?
                   UNION
                   SELECT a.staff_number FROM linked l CROSS JOIN attendance a
                   ON a.course_code = l.course_code AND a.date = l.date
                   WHERE +a.session_id IS NULL AND a.status = 'attended' AND +a.date <= ?
               )""",
            (fund_code, start.isoformat(), end.isoformat(), last_attended, last_attended),
        )
        or 0
    )


def figures(store, fund_code: str, fy: str, *, as_at: date | None = None) -> core.FundFigures:
    """One fund's figures for a financial year; with ``as_at``, the year as it stood at the
    end of that date (nothing dated after it counts)."""
    fy = parse_fy(fy)
    ledger = entries(store, fund_code, until=as_at)
    people = people_trained(store, fund_code, fy, as_at=as_at)
    return core.figures(fund_code, ledger, fy, people, as_at=as_at)


def all_figures(store, fy: str, *, active_only: bool = False, as_at: date | None = None) -> list[core.FundFigures]:
    """One :class:`FundFigures` per fund, in the funds' order (as at a date if given)."""
    return [figures(store, f.code, fy, as_at=as_at) for f in funds(store, active_only=active_only)]


def linked_sessions(store, entry_id: int) -> list[int]:
    return [r[0] for r in store.query("SELECT id FROM training_session WHERE fund_entry_id = ? ORDER BY id", (entry_id,))]


def add_entry(store, e: core.LedgerEntry) -> int:
    """Insert one entry (audited); returns its id. A payment carrying a commitment's
    reference takes its category and course where they are blank (core.from_commitment)."""
    e = core.from_commitment(e, entries(store, e.fund_code))
    return int(store.insert("fund_entry", e.row()))


def update_entry(store, e: core.LedgerEntry) -> None:
    if e.id is None:
        raise ValueError("update_entry needs an entry with an id")
    e = core.from_commitment(e, entries(store, e.fund_code))
    store.update("fund_entry", "id", e.id, e.row())


def delete_entry(store, entry_id: int) -> None:
    """Delete one entry; training sessions it paid for are unlinked, each unlinking audited."""
    with store.transaction():
        for session_id in linked_sessions(store, entry_id):
            store.update("training_session", "id", session_id, {"fund_entry_id": None})
        store.delete("fund_entry", "id", entry_id)


def link_session(store, session_id: int, entry_id: int | None) -> None:
    """Record which ledger entry paid for a training session (None to unlink)."""
    store.update("training_session", "id", session_id, {"fund_entry_id": entry_id})


def add_entries(store, new: Iterable[core.LedgerEntry], *, file: str | None = None) -> int:
    """Bulk insert (for imports): one executemany; with ``file``, one audit row holding every
    line added (an import's lines are new: there is no old value to record), filed under the
    importer's name, ``ledger``, beside the import's summary row."""
    cols = list(core.LedgerEntry(date=date(2000, 1, 1), fund_code="", kind="", amount_pence=1).row())
    rows = [tuple(e.row()[c] for c in cols) for e in new]
    with store.transaction():
        store.executemany(
            f"INSERT INTO fund_entry ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})", rows
        )
        if file is not None and rows:
            store.audit("import-insert", "ledger", file, None, {"fund_entry": [dict(zip(cols, r)) for r in rows]})
    return len(rows)


def attention(store, today: date) -> list[Attention]:
    """Lines for the Home page's "Needs attention" list: funds overspent in the current
    financial year as it stands today."""

    fy = fy_of(today)
    return [Attention(f"Training fund overspent: {f.fund} {fy} by {format_pence(-f.available_pence)}",
                      tab="fund", key=f"{f.fund}|{fy}")
            for f in all_figures(store, fy, as_at=today) if f.overspent]
