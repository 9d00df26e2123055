"""The qualifying-case log for safety action 10 (``gov_qualifying_cases``) and its milestone
deadlines (``gov_case_rules``): reads return :mod:`core.cases` objects; writes validate
through core, run in one transaction and leave audit rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from maternity_desk.core import cases as qc
from maternity_desk.core.attention import Attention
from maternity_desk.core.errors import InvalidValue
from maternity_desk.store import governance as sg

_COLS = ("reference", "category", "event_date", *qc.MILESTONES, "notes")


def _d(text: str | None) -> date | None:
    return None if text in (None, "") else date.fromisoformat(text)


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


# --- deadlines -------------------------------------------------------------------------------

def rules(store) -> list[qc.CaseRule]:
    """Each milestone's deadline, in the log's order."""
    return [qc.CaseRule(r["code"], r["label"], r["basis"], int(r["amount"]),
                        tuple(c for c in r["applies_to"].split(",") if c), r["verified"], r["note"])
            for r in store.query("SELECT * FROM gov_case_rules ORDER BY position")]


def save_rule(store, code: str, basis: str, amount: int) -> None:
    """A milestone's deadline as the unit keeps it (audited). A changed figure is the unit's
    own, so it is no longer marked as checked against the guidance."""
    old = next((r for r in rules(store) if r.code == code), None)
    if old is None:
        raise InvalidValue(f"'{code}' is not a case milestone")
    qc.CaseRule(code, old.label, basis, amount, old.applies_to)  # validates
    if (old.basis, old.amount) == (basis, amount):
        return
    store.update("gov_case_rules", "code", code, {"basis": basis, "amount": amount, "verified": "U"})


# --- cases ---------------------------------------------------------------------------------

def _case(r) -> qc.QualifyingCase:
    return qc.QualifyingCase(r["id"], r["reference"], r["category"], _d(r["event_date"]),
                             *(_d(r[m]) for m in qc.MILESTONES), notes=r["notes"])


def cases(store) -> list[qc.QualifyingCase]:
    """Every case, newest event first."""
    return [_case(r) for r in store.query("SELECT * FROM gov_qualifying_cases ORDER BY event_date DESC, id DESC")]


def case_row(c: qc.QualifyingCase) -> dict:
    return {"reference": c.reference, "category": c.category, "event_date": _iso(c.event_date),
            **{m: _iso(c.milestone(m)) for m in qc.MILESTONES}, "notes": c.notes}


def save_case(store, c: qc.QualifyingCase, *, today: date | None = None) -> int:
    """Insert or update a case after checking it again through core (NHS numbers, dates)."""
    values = {"id": c.id, "reference": c.reference, "category": c.category, "event_date": c.event_date,
              **{m: c.milestone(m) for m in qc.MILESTONES}, "notes": c.notes}
    c = qc.make_case(values, today=today)
    row = case_row(c)
    with store.transaction():
        clash = store.scalar("SELECT id FROM gov_qualifying_cases WHERE reference = ? COLLATE NOCASE",
                             (c.reference,))
        if clash is not None and clash != c.id:
            raise InvalidValue(f"there is already a qualifying case with the reference {c.reference}")
        if c.id is None:
            return store.insert("gov_qualifying_cases", row)
        store.update("gov_qualifying_cases", "id", c.id, row)
        return c.id


def delete_case(store, id: int) -> None:
    store.delete("gov_qualifying_cases", "id", id)


def upsert_cases(store, incoming: Iterable[qc.QualifyingCase]) -> tuple[int, int]:
    """Bulk write (imports, in the caller's transaction): new references inserted, known ones
    updated; notes already held are kept when the incoming case has none. Returns (inserted,
    updated); the import's one summary audit row is the caller's."""
    existing = {c.reference.lower(): c for c in cases(store)}
    new_rows, upd_rows = [], []
    for c in incoming:
        old = existing.get(c.reference.lower())
        if old is None:
            new_rows.append(case_row(c))
        else:
            c = replace(c, id=old.id, notes=c.notes or old.notes)
            upd_rows.append({**case_row(c), "id": old.id})
    with store.transaction():
        if new_rows:
            store.executemany(f"INSERT INTO gov_qualifying_cases ({', '.join(_COLS)}) "
                              f"VALUES ({', '.join(':' + c for c in _COLS)})", new_rows)
        if upd_rows:
            store.executemany(f"UPDATE gov_qualifying_cases SET {', '.join(f'{c} = :{c}' for c in _COLS)} "
                              "WHERE id = :id", upd_rows)
    return len(new_rows), len(upd_rows)


# --- deadlines met, overdue ------------------------------------------------------------------

def open_items(store, as_at: date, ahead_days: int = 7) -> list[qc.CaseItem]:
    return qc.open_items(cases(store), rules(store), sg.calendar(store), as_at, ahead_days)


def sa10_reported(store, start: date, end: date, as_at: date) -> tuple[int, int]:
    """(numerator, denominator) for safety action 10: the cases with the event in
    ``[start, end]`` reported to MNSI and to Early Notification (where each applies) within
    their deadlines, as at ``as_at`` (see :func:`maternity_desk.core.cases.sa10_reported`)."""
    return qc.sa10_reported(cases(store), rules(store), sg.calendar(store), start, end, as_at)


def attention(store, today: date) -> list[Attention]:
    """Lines for the Home page's "Needs attention" list: one per qualifying case with a
    milestone overdue, or due within the next week."""
    by_case: dict[str, list[qc.CaseItem]] = {}
    for item in open_items(store, today):
        by_case.setdefault(item.case.reference, []).append(item)
    lines = []
    for items in by_case.values():
        c = items[0].case
        parts = []
        for item in items:
            ms = item.milestone
            when = (f"{ms.days_overdue} day{'s' if ms.days_overdue != 1 else ''} overdue" if item.overdue
                    else "due today" if ms.due == today else f"due {ms.due:%d/%m/%Y}")
            parts.append(f"{ms.label} {when}")
        lines.append(Attention(f"Qualifying case {c.reference} ({qc.CATEGORY_LABELS[c.category].lower()}, "
                               f"{c.event_date:%d/%m/%Y}): " + "; ".join(parts), tab="cases", key=c.reference))
    return lines
