"""Incentive scheme commands: ``mis`` (the tracker) and ``export mis`` (the declaration pack).

``maternity-desk mis --year 2025/26 --as-at YYYY-MM-DD --db DB [--json]``: each safety
action's status and requirements; the JSON is ``{"year", "actions": [{"number", "title",
"status", "requirements": [{"code", "text", "status", "computed", "owner", "evidence"}]}]}``
where ``computed`` is null for a judged requirement (and for a computed one the app cannot
work out yet), otherwise ``{"from", "to", "numerator", "denominator", "percent",
"threshold", "met"}``.

``maternity-desk export mis --year 2025/26 --db DB -o FILE.xlsx``: the summary sheet and a
sheet per action. ``import mis-requirements YEAR FILE`` comes from the importer registry.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from maternity_desk.commands.common import (
    EXIT_OK,
    CliError,
    add_db,
    argument_type,
    as_date,
    emit_json,
    emit_table,
    read,
)


def _parse_year(text: str) -> str:
    # core.mis is loaded when the argument is parsed: only for this command
    from maternity_desk.core.mis import parse_year_label

    return parse_year_label(text)


_year = argument_type(_parse_year)


def _cmd_mis(args) -> int:
    from maternity_desk.exchange.mis import RAG_WORD, days_text, status_word
    from maternity_desk.store import mis as sm

    as_at = args.as_at or date.today()
    view = read(args, sm.tracker, args.year, as_at)
    if args.json:
        emit_json(view.as_json())
        return EXIT_OK
    y = view.year
    print(f"{y.title}, as at {as_at:%d/%m/%Y}: {RAG_WORD[view.rag] or 'no status'}"
          + (f"; board declaration due {y.declaration_due:%d/%m/%Y} ({days_text(view.days_left)})"
             if y.declaration_due else ""))
    rows = []
    for a in view.actions:
        rows.append((f"{a.action.number}", a.action.title[:70], status_word(a.status), ""))
        for r in a.requirements:
            f = r.figure
            figure = ("not computed yet" if r.not_computed else "" if f is None
                      else f"{f.numerator} of {f.denominator}"
                      + ("" if f.percent is None else f" = {f.percent:.1f}%") + f" (needs {f.threshold:g}%)")
            rows.append(("", f"  {r.requirement.text[:68]}", status_word(r.status), figure))
    emit_table(["Action", "Requirement", "Status", "Computed"], rows)
    if y.caveat:
        print(f"note: {y.caveat}")
    return EXIT_OK


def _cmd_export(args) -> int:
    from maternity_desk.exchange.mis import export_pack

    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        raise CliError(f"{out} should end .xlsx")
    as_at = args.as_at or date.today()
    view = read(args, export_pack, args.year, as_at, out)
    print(f"Incentive scheme pack for {view.year.label} as at {as_at:%d/%m/%Y} written to {out} "
          f"(a summary and {len(view.actions)} action sheets)")
    return EXIT_OK


def register(sub, groups) -> None:
    p = sub.add_parser("mis", help="the Maternity Incentive Scheme tracker: each safety action and requirement",
                       description="Each safety action's status and its requirements, the computed ones worked "
                                   "out from the unit's records as at the date.")
    p.add_argument("--year", type=_year, default=None, metavar="YYYY/YY",
                   help="the scheme year, like 2025/26 (default: the latest open one)")
    p.add_argument("--as-at", type=as_date, default=None, metavar="YYYY-MM-DD", help="the date to judge at (default: today)")
    add_db(p)
    p.add_argument("--json", action="store_true",
                   help='print {"year", "actions": [{"number", "title", "status", "requirements": [...]}]}')
    p.set_defaults(func=_cmd_mis)

    e = groups["export_kinds"].add_parser(
        "mis", help="the incentive scheme declaration pack as an Excel workbook",
        description="A summary sheet and a sheet per safety action: requirements, status, evidence, computed "
                    "figures with their numerators and denominators.")
    e.add_argument("--year", type=_year, default=None, metavar="YYYY/YY", help="the scheme year, like 2025/26")
    e.add_argument("--as-at", type=as_date, default=None, metavar="YYYY-MM-DD", help="the date to judge at (default: today)")
    add_db(e)
    e.add_argument("-o", "--output", required=True, metavar="FILE", help="the .xlsx file to write")
    e.set_defaults(func=_cmd_export)
