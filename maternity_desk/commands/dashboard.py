"""Dashboard commands: ``indicators`` (the catalogue), ``spc`` (one indicator's SPC chart as
numbers) and ``export dashboard-summary`` (the summary workbook). No Qt here."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from maternity_desk.commands.common import (
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    add_db,
    as_date,
    as_month,
    emit_json,
    emit_table,
    open_for,
    read,
)
from maternity_desk.core.words import plural


def _positive_baseline(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of points") from None
    if n < 2:
        raise argparse.ArgumentTypeError("a baseline needs at least 2 points")
    return n


def register(sub, groups) -> None:
    p = sub.add_parser("indicators", help="list the dashboard's indicator catalogue")
    add_db(p)
    p.add_argument("--json", action="store_true", help="print the catalogue as JSON")
    p.set_defaults(func=_cmd_indicators)

    p = sub.add_parser("spc", help="one indicator's SPC chart month by month (Making Data Count)")
    add_db(p)
    p.add_argument("--indicator", required=True, metavar="CODE", help="the indicator code (see 'indicators')")
    p.add_argument("--baseline", type=_positive_baseline, metavar="N",
                   help="hold the centre and limits from the first N points of each segment")
    p.add_argument("--chart", choices=("xmr", "p", "run", "g", "cusum"),
                   help="chart type (default: the one set for the indicator, else its catalogue's monthly "
                        "chart); g: births or days between events (rare events); cusum: a CUSUM for a "
                        "doubling against a reference rate")
    p.add_argument("--rule-points", type=int, choices=(6, 7), default=None,
                   help="points in a shift or trend (the Making Data Count tool offers 6 or 7; default 7)")
    p.add_argument("--reference-rate", type=float, default=None, metavar="RATE",
                   help="cusum: the reference rate in the indicator's scale, e.g. England's per 1,000 "
                        "(default: the one saved for the indicator)")
    p.add_argument("--level-1", type=float, default=None, metavar="H",
                   help="cusum: the lower threshold (default: the unit's setting, ln 19 = 2.94, 95%%)")
    p.add_argument("--level-2", type=float, default=None, metavar="H",
                   help="cusum: the higher threshold, reset after it (default: ln 99 = 4.60, 99%%)")
    p.add_argument("--to", type=as_month, metavar="YYYY-MM",
                   help="the chart as it stood at the end of this month: later months are left out "
                        "(as the monthly return for that month draws it)")
    p.add_argument("--json", action="store_true", help="print one object per month as JSON")
    p.set_defaults(func=_cmd_spc)

    p = groups["export_kinds"].add_parser(
        "dashboard-summary", help="the dashboard summary (latest value, mean, limits, variation, "
        "assurance) as an Excel workbook")
    add_db(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the .xlsx file to write")
    p.add_argument("--as-at", type=as_date, metavar="DATE", help="date printed on the sheet (default: today)")
    p.set_defaults(func=_cmd_export_summary)


def _cmd_indicators(args) -> int:
    from maternity_desk.store import dashboard as dash

    inds = read(args, dash.indicators)
    if args.json:
        emit_json([dash.catalogue_json(i) for i in inds])
    else:
        emit_table(["code", "name", "scale", "better", "group", "chart"],
                   [[i.code, i.name, i.scale_label, i.better or "", i.group, i.chart] for i in inds])
    return EXIT_OK


def _cmd_spc(args) -> int:
    from maternity_desk.core.indicators import format_value
    from maternity_desk.store import dashboard as dash

    store = open_for(args)
    try:
        if dash.find_indicator(store, args.indicator) is None:
            raise CliError(f"there is no indicator with the code '{args.indicator}' "
                           "(see 'maternity-desk indicators')", EXIT_USAGE)
        code = dash.find_indicator(store, args.indicator).code
        if args.chart is None and dash.spc_setting(store, code).chart in ("g", "cusum"):
            args.chart = dash.spc_setting(store, code).chart  # the chart the unit chose for it
        if args.chart in ("g", "cusum"):
            from maternity_desk.store import rare_events

            rare = rare_events.view(store, code, args.chart, last=args.to, rule_points=args.rule_points,
                                    reference_rate=args.reference_rate, level_1=args.level_1,
                                    level_2=args.level_2)
            return _print_rare(rare, args)
        if args.rule_points:
            from dataclasses import replace

            from maternity_desk.core.dashboard import spc_view

            setting = replace(dash.spc_setting(store, code), rule_points=args.rule_points)
            view = spc_view(dash.series(store, code, last=args.to), setting, baseline=args.baseline,
                            chart=args.chart)
        else:
            view = dash.spc(store, code, baseline=args.baseline, chart=args.chart, last=args.to)
    finally:
        store.close()
    if args.json:
        emit_json([r.as_json() for r in view.rows])
        return EXIT_OK
    ind = view.indicator
    if not view.rows:
        print(f"{ind.name} ({ind.code}): no figures" + (f" up to {args.to}" if args.to else " yet") + ".")
        return EXIT_OK
    print(f"{ind.name} ({ind.code}), {ind.scale_label}: {view.chart} chart"
          + (f", baseline {view.baseline} points" if view.baseline else "")
          + (f", rebased at {', '.join(view.rebase_months)}" if view.rebase_months else ""))
    emit_table(["month", "numerator", "denominator", "value", "mean", "lower", "upper", "variation", "rule"],
               [[r.month, r.numerator, r.denominator, format_value(r.value, ind.scale),
                 _fmt(r.mean), _fmt(r.lower), _fmt(r.upper), r.variation or "", r.rule or ""]
                for r in view.rows])
    if view.assurance:
        print(f"assurance: {view.assurance}")
    for w in view.warnings:
        print(f"note: {w}")
    return EXIT_OK


def _print_rare(view, args) -> int:
    if args.json:
        emit_json([r.as_json() for r in view.rows])
        return EXIT_OK
    ind = view.indicator
    print(f"{ind.name} ({ind.code}): {view.thresholds_text}")
    if view.source:
        print(f"events from {view.source}")
    if not view.rows:
        pass
    elif view.chart == "g":
        emit_table(["event", view.unit or "gap", "mean", "upper", "variation", "rule"],
                   [[r.label, _fmt(r.value), _fmt(r.mean), _fmt(r.upper), r.variation or "", r.rule or ""]
                    for r in view.rows])
    else:
        emit_table(["month", "events", "expected", "cusum", "signal"],
                   [[r.label, "" if r.observed is None else f"{r.observed:g}", _fmt(r.expected), _fmt(r.value),
                     r.rule or ""] for r in view.rows])
    for w in view.warnings:
        print(f"note: {w}")
    return EXIT_OK


def _fmt(v: float | None) -> str:
    return "" if v is None else f"{v:.3f}"


def _cmd_export_summary(args) -> int:
    from maternity_desk.exchange.dashboard import write_summary
    from maternity_desk.store import dashboard as dash

    store = open_for(args)
    try:
        rows = dash.summary(store)
        name = dash.own_unit_name(store)
    finally:
        store.close()
    path = write_summary(Path(args.output), rows, unit_name=name, as_at=args.as_at or date.today())
    print(f"Dashboard summary of {plural(len(rows), 'indicator')} written to {path}")
    return EXIT_OK
