"""Training sub-commands: ``compliance``, ``overdue-training`` and ``staff``.

``maternity-desk compliance --as-at YYYY-MM-DD --db DB [--json]``: one row per course and
staff group that must take it; the JSON is a list of
``{"course", "staff_group", "eligible", "in_date", "percent", "rag"}``.
"""

from __future__ import annotations

from datetime import date

from maternity_desk.commands.common import (
    EXIT_OK,
    add_db,
    as_date,
    emit_json,
    emit_table,
    open_for,
    read,
)


def _pct(p: float | None) -> str:
    return "-" if p is None else f"{p:.1f}%"


def _cmd_compliance(args) -> int:
    from maternity_desk.store import training as st

    as_at = args.as_at or date.today()
    rows = read(args, st.compliance_as_at, as_at)
    if args.json:
        emit_json([r.as_json() for r in rows])
        return EXIT_OK
    print(f"Training compliance as at {as_at:%d/%m/%Y}")
    emit_table(
        ["Course", "Staff group", "Eligible", "In date", "Percent", "RAG"],
        [(r.course, r.staff_group, r.eligible, r.in_date, _pct(r.percent), r.rag or "-") for r in rows],
    )
    return EXIT_OK


def _cmd_overdue(args) -> int:
    from maternity_desk.store import training as st

    as_at = args.as_at or date.today()
    store = open_for(args)
    try:
        rows = st.due_within(store, as_at, args.due_within) if args.due_within is not None else \
            st.overdue_as_at(store, as_at)
    finally:
        store.close()
    if args.json:
        emit_json([{"staff_number": r.staff_number, "name": r.name, "staff_group": r.staff_group,
                    "course": r.course, "last_attended": r.last_attended.isoformat() if r.last_attended else None,
                    "expiry": r.expiry.isoformat() if r.expiry else None} for r in rows])
        return EXIT_OK
    emit_table(["Staff number", "Name", "Staff group", "Course", "Last attended", "Expiry"],
               [(r.staff_number, r.name, r.staff_group, r.course,
                 r.last_attended.isoformat() if r.last_attended else "never",
                 r.expiry.isoformat() if r.expiry else "-") for r in rows])
    return EXIT_OK


def _cmd_staff(args) -> int:
    from maternity_desk.store import training as st

    people = read(args, st.list_staff)
    if args.current:
        on = args.current
        people = [m for m in people if m.employed_on(on)]
    if args.json:
        emit_json([{"staff_number": m.staff_number, "name": m.name, "staff_group": m.staff_group,
                    "start_date": m.start_date.isoformat(),
                    "leave_date": m.leave_date.isoformat() if m.leave_date else None, "notes": m.notes}
                   for m in people])
        return EXIT_OK
    emit_table(["Staff number", "Name", "Staff group", "Start", "Leave"],
               [(m.staff_number, m.name, m.staff_group, m.start_date.isoformat(),
                 m.leave_date.isoformat() if m.leave_date else "") for m in people])
    return EXIT_OK


def register(sub, groups) -> None:
    p = sub.add_parser("compliance", help="training compliance by course and staff group as at a date")
    p.add_argument("--as-at", type=as_date, metavar="YYYY-MM-DD", help="the date (default: today)")
    add_db(p)
    p.add_argument("--json", action="store_true", help="print a JSON list of rows")
    p.set_defaults(func=_cmd_compliance)

    p = sub.add_parser("overdue-training", help="eligible staff out of date (or due soon) as at a date")
    p.add_argument("--as-at", type=as_date, metavar="YYYY-MM-DD", help="the date (default: today)")
    p.add_argument("--due-within", type=int, metavar="DAYS",
                   help="list those in date whose training expires within DAYS days instead")
    add_db(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_cmd_overdue)

    p = sub.add_parser("staff", help="list the staff register")
    p.add_argument("--current", type=as_date, metavar="YYYY-MM-DD", help="only people employed on this date")
    add_db(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_cmd_staff)
