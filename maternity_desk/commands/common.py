"""What the command line's modules share: the exit codes, :class:`CliError`, the parser class,
opening the database named by ``--db``, argument types and the two output shapes (JSON, a
plain table). ``cli.py`` and every ``commands/*`` module import this; nothing here imports
them back, so the command modules never reach into ``cli``.

Handlers import the store, exchange and core modules they need when they run, so building the
parser (``--help``, ``--version``) loads only argparse and the command modules."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from maternity_desk.core.errors import InvalidValue, MaternityDeskError
from maternity_desk.core.periods import parse_date, parse_month
from maternity_desk.paths import default_db_path

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class CliError(MaternityDeskError):
    """A plain-sentence failure with its exit code."""

    def __init__(self, message: str, code: int = EXIT_FAIL):
        super().__init__(message)
        self.code = code


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one sentence, exit 2, no usage dump
        raise CliError(f"{self.prog}: {message} (see --help)", EXIT_USAGE)


def db_path(args) -> Path:
    return Path(args.db) if getattr(args, "db", None) else default_db_path()


def open_for(args, *, create: bool = False):
    """Open the database named by ``--db`` (or the default). Refuses a missing file unless
    ``create`` (so a typo in ``--db`` never silently makes an empty unit)."""
    from maternity_desk.store import open_store  # when a command runs (see the module's note)

    path = db_path(args)
    if not create and not path.exists():
        raise CliError(f"There is no database at {path}; create one with 'maternity-desk demo --db {path}' or in the app.")
    return open_store(path, create=create)


def read(args, fn, *fn_args, **fn_kwargs):
    """``fn(store, ...)`` on the database named by ``--db``, closed again afterwards: the
    shape of every read-only command."""
    store = open_for(args)
    try:
        return fn(store, *fn_args, **fn_kwargs)
    finally:
        store.close()


def argument_type(parse):
    """An argparse ``type`` from a parser that raises InvalidValue: its reason becomes the
    command line's one-sentence error."""
    def convert(text: str):
        try:
            return parse(text)
        except InvalidValue as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = parse.__name__
    return convert


as_date = argument_type(parse_date)
as_month = argument_type(parse_month)


def emit_json(obj) -> None:
    import json  # here: the window's start (which imports this module) never needs it

    json.dump(obj, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def emit_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    for n, r in enumerate(cells):
        print("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                   help="the unit database (default: unit.sqlite in the data folder)")
