"""Governance sub-commands: ``overdue`` and ``submissions-due``.

``maternity-desk overdue --as-at YYYY-MM-DD --db DB [--json]``: every overdue item across the
governance registers (improvement plan actions, dataset submissions, perinatal review
milestones and actions, the champions' meeting gap, champion actions), most overdue first;
the JSON is a list of ``{"register", "item", "due_date", "days_overdue"}``.

``maternity-desk submissions-due --as-at YYYY-MM-DD --db DB [--json]``: the current period's
missing dataset submissions (what the Home page lists).

``maternity-desk review-compliance [--year N] --as-at YYYY-MM-DD --db DB [--json]``: for one
incentive-scheme year's window, the percentage of perinatal review cases meeting each
milestone against the scheme's threshold.
"""

from __future__ import annotations

from datetime import date

from maternity_desk.commands.common import EXIT_OK, add_db, as_date, emit_json, emit_table, read


def _cmd_overdue(args) -> int:
    from maternity_desk.store import governance as sg

    as_at = args.as_at or date.today()
    items = read(args, sg.overdue, as_at)
    if args.json:
        emit_json([i.as_json() for i in items])
        return EXIT_OK
    print(f"Overdue governance items as at {as_at:%d/%m/%Y}: {len(items)}")
    if items:
        emit_table(["Register", "Item", "Due", "Days overdue"],
                   [(i.register, i.item, f"{i.due_date:%d/%m/%Y}", i.days_overdue) for i in items])
    return EXIT_OK


def _cmd_submissions_due(args) -> int:
    from maternity_desk.store import governance as sg

    as_at = args.as_at or date.today()
    rows = read(args, sg.missing_submissions, as_at)
    if args.json:
        emit_json([{"dataset": m.dataset, "dataset_name": m.dataset_name, "period": m.period,
                    "due_date": m.due_date.isoformat(), "days_overdue": m.days_overdue} for m in rows])
        return EXIT_OK
    print(f"Submissions not yet made as at {as_at:%d/%m/%Y}: {len(rows)}")
    if rows:
        emit_table(["Dataset", "Period", "Due", "Days overdue"],
                   [(m.dataset_name, m.period, f"{m.due_date:%d/%m/%Y}", m.days_overdue or "-") for m in rows])
    return EXIT_OK


def _cmd_review_compliance(args) -> int:
    from maternity_desk.store import pmrt as sp

    as_at = args.as_at or date.today()
    rs, rows = read(args, sp.milestone_compliance, args.year, as_at=as_at)
    if args.json:
        emit_json({"year": rs.year, "label": rs.label, "period_start": rs.period_start.isoformat(),
                   "period_end": rs.period_end.isoformat(), "verified": rs.verified, "as_at": as_at.isoformat(),
                   "milestones": [r.as_json() for r in rows]})
        return EXIT_OK
    print(f"{rs.label}: deaths {rs.period_start:%d/%m/%Y} to {rs.period_end:%d/%m/%Y}, as at {as_at:%d/%m/%Y}")
    emit_table(["Milestone", "Deadline", "Met", "Missed", "Not yet due", "% met", "Threshold", "Meets"],
               [(r.label, r.deadline, r.met, r.missed, r.pending,
                 "-" if r.percent is None else f"{r.percent:.1f}%", f"{r.threshold:g}%",
                 {True: "yes", False: "no", None: "-"}[r.meets_threshold]) for r in rows])
    if rs.caveat:
        print(f"note: deadlines and thresholds not verified: {rs.caveat.lower()}")
    return EXIT_OK


def register(sub, groups) -> None:
    p = sub.add_parser("overdue", help="every overdue item across the governance registers",
                       description="List every overdue item across the governance registers (plan actions, "
                                   "dataset submissions, perinatal review milestones and actions, champions' "
                                   "meetings and actions) with its register, item, due date and days overdue.")
    p.add_argument("--as-at", type=as_date, default=None, metavar="YYYY-MM-DD",
                   help="the date to judge at (default: today)")
    add_db(p)
    p.add_argument("--json", action="store_true",
                   help='print a JSON list of {"register","item","due_date","days_overdue"}')
    p.set_defaults(func=_cmd_overdue)

    p = sub.add_parser("submissions-due", help="the current period's dataset submissions not yet made")
    p.add_argument("--as-at", type=as_date, default=None, metavar="YYYY-MM-DD",
                   help="the date to judge at (default: today)")
    add_db(p)
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p.set_defaults(func=_cmd_submissions_due)

    p = sub.add_parser("review-compliance",
                       help="per scheme year, the share of perinatal review cases meeting each milestone")
    p.add_argument("--year", type=int, default=None, metavar="N",
                   help="the incentive scheme year (default: the unit's current one)")
    p.add_argument("--as-at", type=as_date, default=None, metavar="YYYY-MM-DD",
                   help="the date to judge at (default: today)")
    add_db(p)
    p.add_argument("--json", action="store_true", help="print the window and its milestones as JSON")
    p.set_defaults(func=_cmd_review_compliance)
