"""Monthly return commands: ``export return`` (the workbook) and ``export pack`` (the PDF
report pack). ``import return FILE`` comes from the importer registry.

No Qt at import time: the PDF pack needs Qt's PDF writer and pyqtgraph, imported inside
:func:`_cmd_pack` only (offscreen when there is no display).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from maternity_desk.commands.common import EXIT_OK, CliError, add_db, as_month, read
from maternity_desk.core.words import plural


def register(sub, groups) -> None:
    p = groups["export_kinds"].add_parser(
        "return", help="the monthly return for a month as an Excel workbook",
        description="Cover, Dashboard, Trends, Training, Fund, Improvement, Governance and Data "
        "sheets for the month. --suppress applies small-number suppression to the export only.")
    p.add_argument("--month", type=as_month, required=True, metavar="YYYY-MM", help="the month of the return")
    add_db(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the .xlsx file to write")
    p.add_argument("--suppress", action="store_true",
                   help="show counts of 1 to 7 as *, round others to the nearest 5 (the database keeps the real figures)")
    p.set_defaults(func=_cmd_return)

    p = groups["export_kinds"].add_parser(
        "pack", help="the monthly return as a PDF report pack for a board paper",
        description="The same content as the monthly return, with charts, as a PDF.")
    p.add_argument("--month", type=as_month, required=True, metavar="YYYY-MM", help="the month of the return")
    add_db(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the .pdf file to write")
    p.add_argument("--suppress", action="store_true", help="apply small-number suppression")
    p.set_defaults(func=_cmd_pack)


def _output(args, suffix: str) -> Path:
    out = Path(args.output)
    if out.suffix.lower() != suffix:
        raise CliError(f"{out} should end {suffix}")
    return out


def _cmd_return(args) -> int:
    from maternity_desk.exchange.returns import build_return, write_workbook

    out = _output(args, ".xlsx")
    content = read(args, build_return, args.month, suppress=args.suppress)
    try:
        write_workbook(content, out)
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror or exc}") from exc
    rows = ", ".join(f"{name} {n}" for name, _t, n, _a in content.contents())
    print(f"Monthly return for {args.month} written to {out} ({rows})"
          + ("; small-number suppression applied" if args.suppress else ""))
    return EXIT_OK


def _headless() -> None:
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _cmd_pack(args) -> int:
    from maternity_desk.exchange.returns import build_return

    out = _output(args, ".pdf")
    content = read(args, build_return, args.month, suppress=args.suppress)
    _headless()
    from maternity_desk.ui.returns.pack import write_pack

    try:
        pages = write_pack(content, out)
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror or exc}") from exc
    print(f"Report pack for {args.month} written to {out} ({plural(pages, 'page')})")
    return EXIT_OK
