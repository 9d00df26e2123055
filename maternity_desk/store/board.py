"""The board report's monthly records: the measure catalogue (which the unit records), monthly
values, incident counts by category and harm, the unit's incident categories, external items
and monthly notes. Every write is one transaction with an audit row; value writes return the
values as they were so the entry grid can undo them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from maternity_desk.core import board as b
from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.periods import month_label, shift_month

ValueChange = tuple[str, str, float | int | None]  # month, measure code, value (None deletes)
IncidentChange = tuple[str, str, str, int | None]  # month, category, harm, count (None deletes)


def _measure(r) -> b.Measure:
    return b.Measure(r["code"], r["name"], r["section"], r["kind"], r["definition"], r["better"],
                     r["standard"], r["planned"], bool(r["recorded"]), bool(r["verified"]), r["sort_order"])


def measures(store, *, recorded_only: bool = False) -> list[b.Measure]:
    sql = "SELECT * FROM board_measure" + (" WHERE recorded = 1" if recorded_only else "")
    return [_measure(r) for r in store.query(sql + " ORDER BY sort_order, code")]


def set_recorded(store, chosen: Iterable[str]) -> None:
    """The measures the unit records (the others are hidden from the form, kept in the file)."""
    chosen = set(chosen)
    with store.transaction():
        before = [m.code for m in measures(store) if m.recorded]
        store.execute("UPDATE board_measure SET recorded = 0")
        store.executemany("UPDATE board_measure SET recorded = 1 WHERE code = ?", [(c,) for c in sorted(chosen)])
        store.audit("update", "board_measure", "recorded", {"recorded": before}, {"recorded": sorted(chosen)})


def save_definition(store, code: str, definition: str) -> None:
    with store.transaction():
        store.update("board_measure", "code", code, {"definition": definition.strip()})


def _number(kind: str, v: float):
    return int(v) if kind == "count" else v


def values(store, *, first: str | None = None, last: str | None = None) -> dict[tuple[str, str], float | int]:
    kinds = {m.code: m.kind for m in measures(store)}
    sql, args = "SELECT month, measure_code, value FROM board_value WHERE 1", []
    if first:
        sql, args = sql + " AND month >= ?", [*args, first]
    if last:
        sql, args = sql + " AND month <= ?", [*args, last]
    return {(r[0], r[1]): _number(kinds.get(r[1], ""), r[2]) for r in store.query(sql, args)}


def set_values(store, changes: Sequence[ValueChange], *, action: str = "edit") -> list[ValueChange]:
    """Write several figures in one transaction with one audit row; returns them as they were."""
    if not changes:
        return []
    with store.transaction():
        before = []
        for month, code, _v in changes:
            row = store.query_one("SELECT value FROM board_value WHERE month = ? AND measure_code = ?", (month, code))
            before.append((month, code, row[0] if row else None))
        store.executemany("DELETE FROM board_value WHERE month = ? AND measure_code = ?",
                          [(m, c) for m, c, v in changes if v is None])
        store.executemany(
            "INSERT INTO board_value (month, measure_code, value) VALUES (?, ?, ?) "
            "ON CONFLICT (month, measure_code) DO UPDATE SET value = excluded.value",
            [(m, c, v) for m, c, v in changes if v is not None])
        store.audit(action, "board_value", changes[0][0] if len(changes) == 1 else None,
                    {"values": [list(x) for x in before]}, {"values": [list(x) for x in changes]})
    return before


def categories(store) -> list[str]:
    return [r[0] for r in store.query("SELECT name FROM board_category ORDER BY sort_order, name")]


def set_categories(store, names: Sequence[str]) -> None:
    """The unit's incident categories, in order. A category with incidents recorded cannot be
    removed (its counts would be lost): rename it instead."""
    clean = [n.strip() for n in names if n and n.strip()]
    if len({n.lower() for n in clean}) != len(clean):
        raise InvalidValue("each category is listed once")
    with store.transaction():
        before = categories(store)
        for gone in set(before) - set(clean):
            n = store.scalar("SELECT count(*) FROM board_incident WHERE category = ?", (gone,))
            if n:
                raise InvalidValue(f"'{gone}' has incidents recorded in {plural_months(store, gone)}; "
                                   "it cannot be removed")
            store.execute("DELETE FROM board_category WHERE name = ?", (gone,))
        for i, name in enumerate(clean):
            store.execute("INSERT INTO board_category (name, sort_order) VALUES (?, ?) "
                          "ON CONFLICT (name) DO UPDATE SET sort_order = excluded.sort_order", (name, (i + 1) * 10))
        store.audit("update", "board_category", None, {"categories": before}, {"categories": clean})


def rename_category(store, old: str, new: str) -> None:
    new = new.strip()
    if not new:
        raise InvalidValue("a category needs a name")
    with store.transaction():
        store.update("board_category", "name", old, {"name": new})


def plural_months(store, category: str) -> str:
    from maternity_desk.core.words import plural

    return plural(store.scalar("SELECT count(DISTINCT month) FROM board_incident WHERE category = ?",
                               (category,)), "month")


def incidents(store, *, first: str | None = None, last: str | None = None) -> dict[tuple[str, str, str], int]:
    sql, args = "SELECT month, category, harm, count FROM board_incident WHERE 1", []
    if first:
        sql, args = sql + " AND month >= ?", [*args, first]
    if last:
        sql, args = sql + " AND month <= ?", [*args, last]
    return {(r[0], r[1], r[2]): r[3] for r in store.query(sql, args)}


def set_incidents(store, changes: Sequence[IncidentChange], *, action: str = "edit") -> list[IncidentChange]:
    if not changes:
        return []
    with store.transaction():
        before = []
        for month, cat, harm, _n in changes:
            row = store.query_one("SELECT count FROM board_incident WHERE month = ? AND category = ? AND harm = ?",
                                  (month, cat, harm))
            before.append((month, cat, harm, row[0] if row else None))
        store.executemany("DELETE FROM board_incident WHERE month = ? AND category = ? AND harm = ?",
                          [(m, c, h) for m, c, h, n in changes if n is None])
        store.executemany(
            "INSERT INTO board_incident (month, category, harm, count) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (month, category, harm) DO UPDATE SET count = excluded.count",
            [(m, c, h, n) for m, c, h, n in changes if n is not None])
        store.audit(action, "board_incident", changes[0][0] if len({c[0] for c in changes}) == 1 else None,
                    {"counts": [list(x) for x in before]}, {"counts": [list(x) for x in changes]})
    return before


def month_figures(store, month: str) -> b.MonthFigures:
    vals = {c: v for (m, c), v in values(store, first=month, last=month).items()}
    inc = {(c, h): n for (_m, c, h), n in incidents(store, first=month, last=month).items()}
    return b.MonthFigures(month, vals, inc)


def months_held(store) -> list[str]:
    return [r[0] for r in store.query(
        "SELECT month FROM board_value UNION SELECT month FROM board_incident ORDER BY 1")]


# --- external items -----------------------------------------------------------------------------

def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _external(r) -> b.External:
    return b.External(r["id"], r["kind"], date.fromisoformat(r["received"]), r["source"], r["summary"],
                      _d(r["response_due"]), _d(r["responded"]), r["owner"], bool(r["for_decision"]))


def externals(store) -> list[b.External]:
    return [_external(r) for r in store.query("SELECT * FROM board_external ORDER BY received DESC, id DESC")]


def save_external(store, e: b.External) -> int:
    row = {"kind": e.kind, "received": e.received.isoformat(), "source": e.source, "summary": e.summary,
           "response_due": e.response_due.isoformat() if e.response_due else None,
           "responded": e.responded.isoformat() if e.responded else None,
           "owner": e.owner, "for_decision": int(e.for_decision)}
    with store.transaction():
        if e.id is None:
            return store.insert("board_external", row)
        store.update("board_external", "id", e.id, row)
        return e.id


def delete_external(store, id: int) -> None:
    with store.transaction():
        store.delete("board_external", "id", id)


# --- notes --------------------------------------------------------------------------------------

def notes(store, month: str | None = None) -> list[tuple[int, str, str, str]]:
    """(id, month, kind, text), oldest month first."""
    sql, args = "SELECT id, month, kind, text FROM board_note", ()
    if month:
        sql, args = sql + " WHERE month = ?", (month,)
    return [tuple(r) for r in store.query(sql + " ORDER BY month, id", args)]


def add_note(store, month: str, kind: str, text: str) -> int:
    if kind not in b.NOTE_LABELS:
        raise InvalidValue(f"'{kind}' is not a kind of note")
    if not text.strip():
        raise InvalidValue("the note is empty")
    with store.transaction():
        return store.insert("board_note", {"month": month, "kind": kind, "text": text.strip()})


def delete_note(store, id: int) -> None:
    with store.transaction():
        store.delete("board_note", "id", id)


# --- Home ---------------------------------------------------------------------------------------

def deadlines(store, today: date, days: int = 14) -> list[tuple[date, str, str]]:
    """(due date, what, page) for responses to external items and open governance actions due
    from today to ``days`` ahead, soonest first."""
    from maternity_desk.store import governance as sg

    end = today + timedelta(days=days)
    out = []
    for e in externals(store):
        if e.response_due and e.responded is None and today <= e.response_due <= end:
            out.append((e.response_due, f"Response to {e.kind_label.lower()}: {e.summary}", "Board report"))
    for table, label in (("gov_champion_actions", "Champions' action"), ("gov_review_actions", "Review action")):
        for a in sg.follow_ups(store, table):
            if a.status == "open" and a.due_date and today <= a.due_date <= end:
                out.append((a.due_date, f"{label}: {a.action}" + (f" ({a.owner})" if a.owner else ""), "Governance"))
    for a in sg.plan_actions(store):
        if a.status not in ("complete", "dropped") and a.due_date and today <= a.due_date <= end:
            out.append((a.due_date, f"Safety plan action: {a.action}", "Governance"))
    out.sort(key=lambda x: (x[0], x[1]))
    return out


def home_lines(store, month: str) -> list[tuple[str, str]]:
    """(line, page) for Home's one-minute view: the month's staffing and incident figures
    against the month before."""
    this, last = month_figures(store, month), month_figures(store, shift_month(month, -1))
    cat = measures(store, recorded_only=True)
    out = []
    targets = {m.planned for m in cat if m.planned}
    for m in cat:
        if m.section != "staffing" or m.code not in this.values or m.code.startswith(b.RED_FLAG_PREFIX) \
                or m.code in targets:
            continue
        now, before = this.values[m.code], last.values.get(m.code)
        if m.planned and m.kind == "hours":  # actual hours: as the fill rate
            now = b.fill_rate(now, this.values.get(m.planned))
            before = b.fill_rate(before, last.values.get(m.planned))
            m = b.Measure("fill", "Midwifery fill rate", "staffing", "percent")
            if now is None:
                continue
        was = f" (last month {b.format_value(before, m)})" if before is not None else ""
        out.append((f"{m.name}: {b.format_value(now, m)}{was}", "Board report"))
    flags = [m for m in cat if m.code.startswith(b.RED_FLAG_PREFIX)]
    if any(m.code in this.values for m in flags):
        now = sum(this.values.get(m.code, 0) for m in flags)
        before = sum(last.values.get(m.code, 0) for m in flags)
        out.append((f"Midwifery red flags: {now} (last month {before})", "Board report"))
    if this.incidents or last.incidents:
        t, p = b.harm_totals(this.incidents), b.harm_totals(last.incidents)
        out.append((f"Incidents in {month_label(month)}: {sum(t.values())} (last month {sum(p.values())}); "
                    f"moderate harm or worse {this.serious()} (last month {last.serious()})", "Board report"))
    return out


def attention(store, today: date) -> list[str]:
    """Lines for Home's "Needs attention": responses to external items that are overdue."""
    late = [e for e in externals(store) if e.status(today) == "Overdue"]
    if not late:
        return []
    from maternity_desk.core.words import plural

    oldest = min(e.response_due for e in late)
    return [f"Responses overdue to reports or concerns from outside: {plural(len(late), 'item')} "
            f"(the oldest due {oldest:%d/%m/%Y})"]


def data_stamp(store) -> tuple[int, int]:
    return store.conn.total_changes, store.scalar("PRAGMA data_version")
