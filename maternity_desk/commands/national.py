"""``maternity-desk benchmark``: where the unit stands among the published national figures
for one indicator and period; ``maternity-desk export benchmark`` writes the same as a
workbook. (Import the published files with ``maternity-desk import national FILE``.)"""

from __future__ import annotations

import argparse
from pathlib import Path

from maternity_desk.commands.common import (
    EXIT_OK,
    CliError,
    add_db,
    emit_json,
    emit_table,
    open_for,
)


def _benchmark(args):
    from maternity_desk.core import national as nat
    from maternity_desk.store import national as stored

    store = open_for(args)
    try:
        bench = stored.benchmark(store, args.indicator, args.period)
    except BaseException:
        store.close()
        raise
    if not any(r.org_level != nat.LEVEL_UNIT for r in bench.rows):
        store.close()
        raise CliError(
            f"There are no published national figures for {bench.indicator.code} in {bench.period}; "
            "import the published file first (maternity-desk import national FILE)."
        )
    return store, bench


def _cmd_benchmark(args) -> int:
    from maternity_desk.core import national as nat
    from maternity_desk.core.indicators import format_value

    store, bench = _benchmark(args)
    store.close()
    if args.json:
        emit_json([r.as_json() for r in bench.rows])
        return EXIT_OK
    ind = bench.indicator
    _c, points = nat.funnel_points(bench.rows, ind.scale, method=args.method)
    funnel = {p.org_code: p.position for p in points}
    print(f"{ind.name} ({ind.scale_label}), {bench.period}: "
          f"{nat.SOURCE_LABELS.get(bench.source or '', 'no published file')}"
          f"{' (provisional)' if bench.provisional else ''}")
    if len(bench.months) > 1 and bench.source != nat.ANNUAL:
        print(f"Published figures cover {bench.months[0]} to {bench.months[-1]}.")
    print("Published counts are disclosure-rounded; the unit's own data are exact.")
    rows = []
    for r in bench.rows:
        rows.append([r.rank or "", r.org_level, r.org_code, r.org_name + (" *" if r.is_unit else ""),
                     r.numerator, r.denominator, format_value(r.value, ind.scale) if r.value is not None else "",
                     nat.status_text(r),
                     nat.POSITION_LABELS.get(funnel.get(r.org_code, ""), "") if r.org_level == nat.LEVEL_PROVIDER else ""])
    emit_table(["Rank", "Level", "Code", "Organisation", "Numerator", "Denominator", "Value", "Status",
                f"Funnel ({args.method})"], rows)
    return EXIT_OK


def _cmd_export(args) -> int:
    from maternity_desk.exchange.national import export_benchmark

    store, bench = _benchmark(args)
    unit_name = store.unit_settings().unit_name
    store.close()
    path = export_benchmark(bench, Path(args.output), method=args.method, unit_name=unit_name)
    print(f"Benchmark for {bench.indicator.code} in {bench.period} written to {path}")
    return EXIT_OK


def _add_common(p: argparse.ArgumentParser) -> None:
    add_db(p)
    p.add_argument("--indicator", required=True, metavar="CODE", help="the indicator code, e.g. caesarean")
    p.add_argument("--period", required=True, metavar="PERIOD",
                   help="a financial year such as 2021-22 (annual figures) or a month such as 2024-03")
    p.add_argument("--method", choices=("normal", "binomial"), default="binomial",
                   help="funnel limits: exact binomial (default) or the normal approximation")


def register(sub, groups) -> None:
    p = sub.add_parser("benchmark", help="the unit among the published national figures for one indicator",
                       description="England, the unit's region, the unit's own figure and every trust, "
                       "ranked, from the imported national published files.")
    _add_common(p)
    p.add_argument("--json", action="store_true", help="print a JSON list, one object per organisation")
    p.set_defaults(func=_cmd_benchmark)

    e = groups["export_kinds"].add_parser("benchmark", help="the national benchmark as an Excel workbook")
    _add_common(e)
    e.add_argument("-o", "--output", required=True, metavar="FILE", help="the .xlsx file to write")
    e.set_defaults(func=_cmd_export)
