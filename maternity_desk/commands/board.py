"""Board report command: ``export board-report --month YYYY-MM -o FILE.pdf|FILE.xlsx``.
``import staffing FILE`` and ``import incidents FILE`` come from the importer registry.

No Qt at import time: the PDF is drawn with Qt's PDF writer and the dashboard's chart widget,
imported inside :func:`_cmd_report` only, offscreen when there is no display (as ``export
pack`` does); the workbook needs no Qt.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from maternity_desk.commands.common import EXIT_OK, CliError, add_db, as_month, read
from maternity_desk.core.words import plural


def register(sub, groups) -> None:
    p = groups["export_kinds"].add_parser(
        "board-report", help="the monthly perinatal quality report to the trust board (PDF or Excel)",
        description="The board's perinatal quality report for a month: the month at a glance, staffing, "
        "incidents, investigations and external attention, mortality reviews, training, rare-event "
        "charts, feedback and actions. The file's ending (.pdf or .xlsx) chooses the format.")
    p.add_argument("--month", type=as_month, required=True, metavar="YYYY-MM", help="the month of the report")
    add_db(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the .pdf or .xlsx file to write")
    p.set_defaults(func=_cmd_report)


def _cmd_report(args) -> int:
    from datetime import date

    from maternity_desk.core.periods import month_label, month_of
    from maternity_desk.exchange.board_report import build_report

    out = Path(args.output)
    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise CliError(f"{out} should end .pdf or .xlsx")
    if args.month > month_of(date.today()):
        raise CliError(f"{month_label(args.month)} is in the future")
    report = read(args, build_report, args.month)
    try:
        if suffix == ".xlsx":
            from maternity_desk.exchange.board_workbook import write_workbook

            write_workbook(report, out)
            print(f"Board report for {month_label(args.month)} written to {out} "
                  f"({plural(len(report.sections), 'sheet')})")
            return EXIT_OK
        if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from maternity_desk.ui.board.pack import write_pack

        pages = write_pack(report, out)
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror or exc}") from exc
    print(f"Board report for {month_label(args.month)} written to {out} ({plural(pages, 'page')})")
    return EXIT_OK
