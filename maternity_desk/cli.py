"""``maternity-desk``: the window with no sub-command; sub-commands do the same jobs without one.

This module never imports Qt at import time (a test proves it): only :func:`_open_window`
and ``--self-test`` do, inside the function. Expected failures are printed to stderr as one
sentence with a non-zero exit; anything unexpected is logged with its traceback and reported
in one sentence too.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from maternity_desk import APP_NAME, __version__
from maternity_desk.commands.common import (
    EXIT_FAIL,
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    Parser,
    add_db,
    db_path,
    emit_json,
    open_for,
)
from maternity_desk.core.errors import MaternityDeskError, ValidationFailed
from maternity_desk.core.words import plural
from maternity_desk.logsetup import log_file, setup_file_logging
from maternity_desk.paths import default_db_path

log = logging.getLogger(__name__)

__all__ = ["EXIT_FAIL", "EXIT_OK", "EXIT_USAGE", "CliError", "build_parser", "main"]

def command_modules() -> tuple:
    """The area modules adding sub-commands, in the order their commands are listed: each has
    ``register(sub, groups)``. They are imported here, when the parser is built, so opening the
    window (``maternity-desk [--db PATH]``, parsed without the parser: see :func:`_window_only`)
    never loads them. Handlers (theirs and this module's) import the store, exchange and core
    modules they need when they run, so --help and building the parser load only argparse and
    these modules; --version is answered before even that (see main)."""
    from maternity_desk.commands import (
        board,
        dashboard,
        data_items,
        forecast,
        fund,
        governance,
        improvement,
        mappings,
        mis,
        national,
        returns,
        training,
    )

    return (improvement, dashboard, training, fund, governance, national, returns, mis, forecast, board, data_items,
            mappings)


# --- foundation commands -----------------------------------------------------------------

def _cmd_demo(args) -> int:
    # every area's demo data: loaded for this command only
    from maternity_desk.demo import build_demo

    path = db_path(args)
    replacing = args.force and path.is_file() and path.stat().st_size > 0
    store = build_demo(path, seed=args.seed, force=args.force)
    try:
        print(f"Demo unit '{store.unit_settings().unit_name}' written to {path}")
        if replacing:
            from maternity_desk.store.backup import list_backups

            kept = next((b.path for b in list_backups(path) if b.reason.startswith("before-demo")), None)
            print(f"The database it replaced was kept as {kept}")
    finally:
        store.close()
    return EXIT_OK


def _cmd_check(args) -> int:
    from maternity_desk.store import check  # handlers load the store when they run

    report = check.run_check(db_path(args))
    if args.json:
        emit_json({"ok": report.ok, "path": str(report.path), "schema_version": report.schema_version,
                   "latest_version": report.latest_version, "problems": report.problems,
                   "last_backup": report.last_backup.isoformat() if report.last_backup else None,
                   "size_bytes": report.size_bytes,
                   "nhs_numbers": [{"table": f.table, "row": f.row, "column": f.column, "masked": f.masked}
                                   for f in report.nhs_numbers]})
    else:
        for line in report.lines():
            print(line)
    if not report.ok:
        print(f"maternity-desk: check failed: {report.problems[0]}", file=sys.stderr)
        return EXIT_FAIL
    return EXIT_OK


def _cmd_backup(args) -> int:
    from maternity_desk.store import backup as backups

    store = open_for(args)
    try:
        dest = backups.backup_to(store, Path(args.output))
    finally:
        store.close()
    print(f"Backup written to {dest}")
    return EXIT_OK


def _cmd_restore(args) -> int:
    from maternity_desk.store import backup as backups

    store = open_for(args, create=True)
    try:
        kept = backups.restore(store, Path(args.file))
    finally:
        store.close()
    print(f"Restored {args.file} into {db_path(args)}; the replaced database was kept as {kept}")
    return EXIT_OK


def _cmd_import(args) -> int:
    from maternity_desk.exchange import importing  # every importer: see build_parser

    extra = {name: getattr(args, name) for name in importing.get(args.kind).extra_args}
    store = open_for(args)
    try:
        if getattr(args, "mapping", None):
            extra["mapping"] = _saved_mapping(store, args.kind, args.mapping)
        plan = importing.plan_file(store, args.kind, args.file, **extra)
        for w in plan.warnings:
            print(f"warning: {w}", file=sys.stderr)
        if args.dry_run:
            print(f"Checked {plan.file}: {plural(plan.rows, 'row')} would be imported; nothing written.")
        else:
            plan = importing.commit(store, plan)
            print(f"Imported {plan.file}: {plural(plan.rows, 'row')}.")
        for line in plan.summary + [f"replaces: {r}" for r in plan.replaces]:
            print(f"  {line}")
    finally:
        store.close()
    return EXIT_OK


def _saved_mapping(store, kind: str, name: str):
    from maternity_desk.store import mappings as sm

    found = sm.get_mapping(store, name)
    if found is None:
        raise CliError(f"there is no saved mapping called '{name}' (maternity-desk mappings lists them).")
    if found.kind != kind:
        raise CliError(f"the mapping '{found.name}' is for {found.kind} files, not {kind}.")
    return found


def _self_test(args) -> int:
    """Open the database, run ``check``, build the main window offscreen, exit 0.

    The database is ``--db``, else the unit's own database in the data folder when there is
    one (so support staff prove the program works on the real file), else a new empty one in
    a temporary folder (a fresh install, CI)."""
    from maternity_desk.store import check

    if getattr(args, "db", None) or default_db_path().is_file():
        open_for(args).close()  # refuses a --db that names no file
        path = db_path(args)
    else:
        import tempfile

        path = Path(tempfile.mkdtemp(prefix="md-selftest-")) / "selftest.sqlite"
        open_for(argparse.Namespace(db=str(path)), create=True).close()
    report = check.run_check(path)
    if not report.ok:
        raise CliError(f"self-test failed: {report.problems[0]}")
    _offscreen(os.environ, sys.platform)
    from maternity_desk.ui.app import self_test_window  # Qt: only here and in _open_window

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


class _ParsersBuiltOnLookup(dict):
    """A sub-parsers action's parsers by name, where some are completed (``complete(parser)``)
    the first time they are looked up: by argparse when it parses or helps that command, or by
    anyone walking the parser tree. Names and one-line help are there from the start."""

    def __init__(self, parsers: dict, complete: dict):
        super().__init__(parsers)
        self._complete = dict(complete)

    def __getitem__(self, name):
        parser = super().__getitem__(name)
        if name in self._complete:
            self._complete.pop(name)(parser)
        return parser

    def get(self, name, default=None):
        if name not in self:
            return default
        return self[name]

    def values(self):
        return [self[name] for name in self]

    def items(self):
        return [(name, self[name]) for name in self]


def _add_import_kinds(p: argparse.ArgumentParser) -> None:
    from maternity_desk.exchange import importing  # every importer: see build_parser

    kinds = p.add_subparsers(dest="kind", metavar="KIND", parser_class=Parser, required=True)
    for kind, imp in sorted(importing.importers().items()):
        k = kinds.add_parser(kind, help=imp.title, description=imp.description or imp.title)
        for extra in imp.extra_args:
            k.add_argument(extra, metavar=extra.upper())
        k.add_argument("file", metavar="FILE", help="the .csv or .xlsx file")
        add_db(k)
        k.add_argument("--dry-run", action="store_true", help="check the file and report; write nothing")
        if imp.mapping is not None:
            k.add_argument("--mapping", metavar="NAME",
                           help="read the file's own values through this saved mapping (see: mappings)")
        if imp.columns:
            cols = ", ".join(c.name + ("" if c.required else " (optional)") for c in imp.columns)
            k.epilog = f"Columns: {cols}"
        k.set_defaults(func=_cmd_import)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="maternity-desk", description=f"{APP_NAME}: the unit's safety-programme records. "
                     "With no command, opens the window.")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--db", metavar="PATH", help="the unit database (default: unit.sqlite in the data folder)")
    parser.add_argument("--self-test", action="store_true",
                        help="open the database, run check, build the window offscreen, exit 0 if all is well")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    p = sub.add_parser("demo", help="create a realistic demo unit database")
    add_db(p)
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.add_argument("--seed", type=int, default=2016, help="random seed (same seed, same database)")
    p.set_defaults(func=_cmd_demo)

    p = sub.add_parser("check", help="integrity and foreign-key checks, NHS numbers in the text, schema version, last backup")
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

    p = sub.add_parser("import", help="import a CSV or XLSX file (all or nothing)")
    p.set_defaults(func=_cmd_import)
    # Its KIND sub-commands list each importer's columns, so adding them loads every importer
    # (and the core modules they check rows with): that happens when `import` is looked up
    # (parsing or helping `import ...`), not for --help or any other command.
    lazy = _ParsersBuiltOnLookup(sub._name_parser_map, {"import": _add_import_kinds})
    sub._name_parser_map = sub.choices = lazy

    groups = {"sub": sub, "export": sub.add_parser("export", help="export a workbook or report")}
    groups["export_kinds"] = groups["export"].add_subparsers(dest="what", metavar="WHAT", parser_class=Parser, required=True)
    for module in command_modules():
        module.register(sub, groups)
    if not groups["export_kinds"].choices:
        sub._name_parser_map.pop("export", None)
        sub._choices_actions[:] = [a for a in sub._choices_actions if a.dest != "export"]
    return parser


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


def main(argv: Sequence[str] | None = None, *, collector_paused: bool = False) -> int:
    """The program; ``collector_paused``: the start paused Python's cycle collector (see
    :mod:`maternity_desk.launch`), which every sub-command turns back on at once."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--version"]:  # answered before any sub-command's parser (or importer) is built
        print(f"{APP_NAME} {__version__}")
        return EXIT_OK
    try:
        args = _window_only(argv) or build_parser().parse_args(argv)
        if collector_paused and (args.self_test or args.command is not None):
            import gc

            gc.enable()  # only the window's start waits for it
        setup_file_logging()
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
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # a bug: log the traceback, say one sentence
        damaged = _schema_damage(exc, argv)
        if damaged:
            log.warning("schema damage: %s", exc)
            print(f"maternity-desk: {damaged}", file=sys.stderr)
            return EXIT_FAIL
        log.exception("unexpected error")
        print(f"maternity-desk: unexpected error ({type(exc).__name__}: {exc}); details in {log_file()}", file=sys.stderr)
        return EXIT_FAIL


def _schema_damage(exc: Exception, argv: list[str]) -> str | None:
    """The sentence for a database whose tables are not the ones this program made (a table
    renamed or dropped by another tool), or None for any other error."""
    import sqlite3

    text = str(exc)
    if not isinstance(exc, sqlite3.OperationalError) or not text.startswith(("no such table", "no such column")):
        return None
    db = next((argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--db"), None) or "the database"
    return (f"{db} does not hold the tables this program expects ({text}); nothing was written. "
            "Run 'maternity-desk check' to see what differs, and restore a backup.")


def _open_window(args) -> int:
    import gc

    # The window's start makes over 100,000 objects that live as long as the program, and next
    # to no garbage: the garbage collector, which would walk them again and again as they are
    # made (about 5% of the start), waits until the first frame (ui.app.resume_collector).
    # Started as a program it has been paused from the first import (launch.run); here too
    # for main() called by other code.
    gc.disable()
    from maternity_desk.ui.app import run_gui  # Qt: the one place the window is opened

    return run_gui(Path(args.db) if args.db else None)
