"""``maternity-desk``: the window with no sub-command; sub-commands do the same jobs without one.

This module never imports Qt at import time (a test proves it): only :func:`_open_window`
and ``--self-test`` do, inside the function. Expected failures are printed to stderr as one
sentence with a non-zero exit; anything unexpected is logged with its traceback and reported
in one sentence too.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from maternity_desk import APP_NAME, __version__
from maternity_desk.core.errors import InvalidValue, MaternityDeskError, ValidationFailed
from maternity_desk.core.words import plural

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2

# Area modules adding sub-commands: each has ``register(sub, groups)``.
COMMAND_MODULES: list[str] = [
    "maternity_desk.commands.improvement",
    "maternity_desk.commands.dashboard",
    "maternity_desk.commands.training",
    "maternity_desk.commands.fund",
    "maternity_desk.commands.governance",
    "maternity_desk.commands.national",
    "maternity_desk.commands.returns",
]


class CliError(MaternityDeskError):
    """A plain-sentence failure with its exit code."""

    def __init__(self, message: str, code: int = EXIT_FAIL):
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one sentence, exit 2, no usage dump
        raise CliError(f"{self.prog}: {message} (see --help)", EXIT_USAGE)


# --- helpers shared by the area command modules ----------------------------------------

def db_path(args) -> Path:
    from maternity_desk.paths import default_db_path

    return Path(args.db) if getattr(args, "db", None) else default_db_path()


def open_for(args, *, create: bool = False):
    """Open the database named by ``--db`` (or the default). Refuses a missing file unless
    ``create`` (so a typo in ``--db`` never silently makes an empty unit)."""
    from maternity_desk.store import open_store

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


def as_date(text: str) -> date:
    from maternity_desk.core.periods import parse_date

    try:
        return parse_date(text)
    except InvalidValue as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def as_month(text: str) -> str:
    from maternity_desk.core.periods import parse_month

    try:
        return parse_month(text)
    except InvalidValue as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def emit_json(obj) -> None:
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


# --- foundation commands -----------------------------------------------------------------

def _cmd_demo(args) -> int:
    from maternity_desk.demo import build_demo

    path = db_path(args)
    store = build_demo(path, seed=args.seed, force=args.force)
    try:
        print(f"Demo unit '{store.unit_settings().unit_name}' written to {path}")
    finally:
        store.close()
    return EXIT_OK


def _cmd_check(args) -> int:
    from maternity_desk.store.check import run_check

    report = run_check(db_path(args))
    if args.json:
        emit_json({"ok": report.ok, "path": str(report.path), "schema_version": report.schema_version,
                   "latest_version": report.latest_version, "problems": report.problems,
                   "last_backup": report.last_backup.isoformat() if report.last_backup else None,
                   "size_bytes": report.size_bytes})
    else:
        for line in report.lines():
            print(line)
    if not report.ok:
        print(f"maternity-desk: check failed: {report.problems[0]}", file=sys.stderr)
        return EXIT_FAIL
    return EXIT_OK


def _cmd_backup(args) -> int:
    from maternity_desk.store.backup import backup_to

    store = open_for(args)
    try:
        dest = backup_to(store, Path(args.output))
    finally:
        store.close()
    print(f"Backup written to {dest}")
    return EXIT_OK


def _cmd_restore(args) -> int:
    from maternity_desk.store.backup import restore

    store = open_for(args, create=True)
    try:
        kept = restore(store, Path(args.file))
    finally:
        store.close()
    print(f"Restored {args.file} into {db_path(args)}; the replaced database was kept as {kept}")
    return EXIT_OK


def _cmd_import(args) -> int:
    from maternity_desk.exchange import importing

    extra = {name: getattr(args, name) for name in importing.get(args.kind).extra_args}
    store = open_for(args)
    try:
        plan = importing.plan_file(store, args.kind, args.file, **extra)
        for w in plan.warnings:
            print(f"warning: {w}", file=sys.stderr)
        if args.dry_run:
            print(f"Checked {plan.file}: {plural(plan.rows, 'row')} would be imported; nothing written.")
        else:
            importing.commit(store, plan)
            print(f"Imported {plan.file}: {plural(plan.rows, 'row')}.")
        for line in plan.summary + [f"replaces: {r}" for r in plan.replaces]:
            print(f"  {line}")
    finally:
        store.close()
    return EXIT_OK


def _self_test(args) -> int:
    """Open the database, run ``check``, build the main window offscreen, exit 0.

    The database is ``--db``, else the unit's own database in the data folder when there is
    one (so support staff prove the program works on the real file), else a new empty one in
    a temporary folder (a fresh install, CI)."""
    import os
    import tempfile

    from maternity_desk.paths import default_db_path
    from maternity_desk.store.check import run_check

    if getattr(args, "db", None) or default_db_path().is_file():
        open_for(args).close()  # refuses a --db that names no file
        path = db_path(args)
    else:
        path = Path(tempfile.mkdtemp(prefix="md-selftest-")) / "selftest.sqlite"
        open_for(argparse.Namespace(db=str(path)), create=True).close()
    report = run_check(path)
    if not report.ok:
        raise CliError(f"self-test failed: {report.problems[0]}")
    _offscreen(os.environ, sys.platform)
    from maternity_desk.ui.app import self_test_window

    self_test_window(path)
    print(f"self-test ok: {APP_NAME} {__version__}, database {path} schema {report.schema_version}, window built")
    return EXIT_OK


def _offscreen(environ, platform: str) -> None:
    """Build the self-test's window offscreen (nothing appears on screen). Qt's offscreen
    platform looks for fonts in its own folder, which the wheels do not ship: on Windows it
    is pointed at the system's fonts, so text is measured as on screen and Qt does not warn
    that it found no fonts."""
    environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if platform == "win32" and environ["QT_QPA_PLATFORM"] == "offscreen" and "QT_QPA_FONTDIR" not in environ:
        fonts = Path(environ.get("WINDIR") or environ.get("SystemRoot") or r"C:\Windows") / "Fonts"
        if fonts.is_dir():
            environ["QT_QPA_FONTDIR"] = str(fonts)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="maternity-desk", description=f"{APP_NAME}: the unit's safety-programme records. "
                     "With no command, opens the window.")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--db", metavar="PATH", help="the unit database (default: unit.sqlite in the data folder)")
    parser.add_argument("--self-test", action="store_true",
                        help="open the database, run check, build the window offscreen, exit 0 if all is well")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("demo", help="create a realistic demo unit database")
    add_db(p)
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.add_argument("--seed", type=int, default=2016, help="random seed (same seed, same database)")
    p.set_defaults(func=_cmd_demo)

    p = sub.add_parser("check", help="integrity and foreign-key checks, schema version, last backup")
    add_db(p)
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=_cmd_check)

    p = sub.add_parser("backup", help="write a consistent copy of the database")
    add_db(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the backup file to write")
    p.set_defaults(func=_cmd_backup)

    p = sub.add_parser("restore", help="replace the database with a validated backup (the old one is kept)")
    add_db(p)
    p.add_argument("file", metavar="FILE", help="a Maternity Desk database or backup")
    p.set_defaults(func=_cmd_restore)

    from maternity_desk.exchange import importing

    p = sub.add_parser("import", help="import a CSV or XLSX file (all or nothing)")
    kinds = p.add_subparsers(dest="kind", metavar="KIND", parser_class=_Parser, required=True)
    for kind, imp in sorted(importing.importers().items()):
        k = kinds.add_parser(kind, help=imp.title, description=imp.description or imp.title)
        for extra in imp.extra_args:
            k.add_argument(extra, metavar=extra.upper())
        k.add_argument("file", metavar="FILE", help="the .csv or .xlsx file")
        add_db(k)
        k.add_argument("--dry-run", action="store_true", help="check the file and report; write nothing")
        if imp.columns:
            cols = ", ".join(c.name + ("" if c.required else " (optional)") for c in imp.columns)
            k.epilog = f"Columns: {cols}"
        k.set_defaults(func=_cmd_import)

    groups = {"sub": sub, "export": sub.add_parser("export", help="export a workbook or report")}
    groups["export_kinds"] = groups["export"].add_subparsers(dest="what", metavar="WHAT", parser_class=_Parser, required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, groups)
    if not groups["export_kinds"].choices:
        sub._name_parser_map.pop("export", None)
        sub._choices_actions[:] = [a for a in sub._choices_actions if a.dest != "export"]
    return parser


def _setup_logging() -> None:
    from maternity_desk.logsetup import setup_file_logging

    setup_file_logging()


def _window_only(argv: list[str]) -> argparse.Namespace | None:
    """The common case, ``maternity-desk [--db PATH]``, parsed without building every
    sub-command's parser (which imports every area's command module): start-up is faster."""
    if not argv:
        return argparse.Namespace(db=None, self_test=False, command=None)
    if len(argv) == 2 and argv[0] == "--db" and not argv[1].startswith("-"):
        return argparse.Namespace(db=argv[1], self_test=False, command=None)
    if len(argv) == 1 and argv[0].startswith("--db=") and len(argv[0]) > 5:
        return argparse.Namespace(db=argv[0][5:], self_test=False, command=None)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _window_only(argv) or build_parser().parse_args(argv)
        _setup_logging()
        if args.self_test:
            return _self_test(args)
        if args.command is None:
            return _open_window(args)
        return int(args.func(args) or 0)
    except SystemExit as exc:  # --help / --version
        return int(exc.code or 0)
    except CliError as exc:
        print(f"maternity-desk: {exc}" if not str(exc).startswith("maternity-desk") else str(exc), file=sys.stderr)
        return exc.code
    except ValidationFailed as exc:
        print(f"maternity-desk: {exc}", file=sys.stderr)
        return EXIT_FAIL
    except MaternityDeskError as exc:
        print(f"maternity-desk: {exc}", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        print("maternity-desk: interrupted; nothing was half-written.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. piped into `head`: the reader has all it wanted
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # a bug: log the traceback, say one sentence
        log.exception("unexpected error")
        from maternity_desk.logsetup import log_file

        print(f"maternity-desk: unexpected error ({type(exc).__name__}: {exc}); details in {log_file()}", file=sys.stderr)
        return EXIT_FAIL


def _open_window(args) -> int:
    from maternity_desk.ui.app import run_gui

    return run_gui(Path(args.db) if args.db else None)
