"""``forecast-training``: whether each mandatory course and staff group will be at 90% on a date
(safety action 8), from the records held, the bookings on planned sessions and the recorded
absences, and who must attend to get there.

``maternity-desk forecast-training --by YYYY-MM-DD --db DB [--json]``: the JSON is a list of
``{"course", "group", "eligible", "in_date_by", "percent_by", "must_attend": [staff numbers],
"booked", "threshold", "meets", "needed", "not_in_date": [{"staff_number", "name",
"last_attended", "expiry"}]}``.
"""

from __future__ import annotations

from maternity_desk.commands.common import EXIT_OK, add_db, as_date, emit_json, emit_table, read


def _cmd_forecast(args) -> int:
    from maternity_desk.store import forecast as sf

    rows = read(args, sf.forecast, args.by, threshold=args.threshold, course=args.course)
    if args.json:
        emit_json([r.as_json() for r in rows])
        return EXIT_OK
    print(f"Training forecast for {args.by:%d/%m/%Y} (threshold {args.threshold:g}%)")
    emit_table(["Course", "Staff group", "Eligible", "In date", "Booked", "Percent", "Meets", "Must attend"],
               [(r.course, r.group, r.eligible, r.in_date_by, r.booked,
                 "-" if r.percent_by is None else f"{r.percent_by:.1f}%",
                 "-" if r.meets is None else ("yes" if r.meets else "no"),
                 ", ".join(c.staff_number for c in r.must_attend)) for r in rows])
    return EXIT_OK


def _percent(text: str) -> float:
    import argparse

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a percentage") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"'{text}' is not a percentage from 0 to 100")
    return value


def register(sub, groups) -> None:
    p = sub.add_parser("forecast-training",
                       help="whether each course and staff group will be at 90%% on a date, and who must attend")
    p.add_argument("--by", type=as_date, required=True, metavar="YYYY-MM-DD", help="the date to forecast")
    p.add_argument("--course", metavar="CODE", help="one course only (default: every mandatory course)")
    p.add_argument("--threshold", type=_percent, default=90.0, metavar="PERCENT", help="default 90")
    add_db(p)
    p.add_argument("--json", action="store_true", help="print a JSON list of rows")
    p.set_defaults(func=_cmd_forecast)
