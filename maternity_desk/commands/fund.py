"""Fund commands: ``fund`` (each fund's figures for a financial year) and ``export statement``
(the statement of use workbook for the funder). No Qt here."""

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
    open_for,
)
from maternity_desk.core.periods import parse_fy

_fy = argument_type(parse_fy)


def register(sub, groups) -> None:
    p = sub.add_parser(
        "fund", help="each training fund's figures for an NHS financial year",
        description="Allocated, paid (payments - refunds), outstanding commitments, available, "
        "places bought, people trained and cost per person trained, per fund.",
    )
    add_db(p)
    p.add_argument("--fy", type=_fy, metavar="YEAR",
                   help="financial year, e.g. 2016/17 (default: the year of --as-at, or the current one)")
    p.add_argument("--as-at", type=as_date, metavar="YYYY-MM-DD",
                   help="the year's figures as they stood at the end of this date (entries, payments "
                        "and attendance dated after it left out), as the monthly return shows them")
    p.add_argument("--fund", metavar="FUND", help="only this fund (code or name, any case)")
    p.add_argument("--json", action="store_true", help="print one object per fund as JSON (money in pence)")
    p.set_defaults(func=_cmd_fund)

    p = groups["export_kinds"].add_parser(
        "statement", help="a fund's statement of use for a financial year, as an Excel workbook")
    add_db(p)
    p.add_argument("--fy", type=_fy, required=True, metavar="YEAR", help="financial year, e.g. 2016/17")
    p.add_argument("--fund", required=True, metavar="FUND", help="the fund (code or name, any case), e.g. MSTF")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the .xlsx file to write")
    p.add_argument("--prepared", type=as_date, metavar="DATE", help="date printed as 'prepared on' (default: today)")
    p.set_defaults(func=_cmd_statement)


def _cmd_fund(args) -> int:
    from maternity_desk.core.money import format_pence
    from maternity_desk.core.periods import fy_of
    from maternity_desk.store import fund as store_fund

    as_at = args.as_at
    fy = args.fy or fy_of(as_at or date.today())
    store = open_for(args)
    try:
        if args.fund:
            figures = [store_fund.figures(store, store_fund.find_fund(store, args.fund).code, fy, as_at=as_at)]
        else:
            figures = store_fund.all_figures(store, fy, as_at=as_at)
    finally:
        store.close()
    if args.json:
        emit_json([f.as_dict() for f in figures])
        return EXIT_OK
    if as_at is not None:
        print(f"Financial year {fy} as it stood at the end of {as_at:%d/%m/%Y}")
    emit_table(
        ["fund", "fy", "allocated", "paid", "outstanding", "available", "places", "people trained", "cost per person"],
        [[f.fund, f.fy, format_pence(f.allocated_pence), format_pence(f.paid_pence),
          format_pence(f.outstanding_pence),
          format_pence(f.available_pence) + (" OVERSPENT" if f.overspent else ""),
          f.places, f.people_trained, format_pence(f.cost_per_person_pence) or "-"] for f in figures],
    )
    return EXIT_OK


def _cmd_statement(args) -> int:
    from maternity_desk.exchange.fund import write_statement

    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        raise CliError(f"{out} should end .xlsx (the statement is an Excel workbook)")
    store = open_for(args)
    try:
        path = write_statement(store, args.fund, args.fy, out, prepared=args.prepared or date.today())
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror or exc}") from exc
    finally:
        store.close()
    print(f"Statement of use written to {path}")
    return EXIT_OK
