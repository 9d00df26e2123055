"""The command line: help for every command, one-sentence errors, no Qt."""

from __future__ import annotations

import subprocess
import sys

import pytest

from maternity_desk import __version__
from maternity_desk.cli import build_parser


def _all_parsers():
    parser = build_parser()
    yield (), parser
    stack = [((), parser)]
    while stack:
        prefix, p = stack.pop()
        for action in p._actions:
            if action.__class__.__name__ == "_SubParsersAction":
                for name, sub in action.choices.items():
                    yield (*prefix, name), sub
                    stack.append(((*prefix, name), sub))


def test_every_command_has_help(cli):
    for path, parser in _all_parsers():
        code, out, err = cli(*path, "--help")
        assert code == 0, (path, err)
        assert "usage:" in out
        for action in parser._actions:
            if action.__class__.__name__ == "_SubParsersAction":
                helped = {a.dest for a in action._choices_actions if a.help}
                assert set(action.choices) <= helped, (path, set(action.choices) - helped)


def test_version(cli):
    code, out, _ = cli("--version")
    assert code == 0 and __version__ in out


def test_demo_refuses_to_overwrite_without_force(tmp_path, cli):
    db = tmp_path / "d.sqlite"
    from maternity_desk.demo import build_demo

    build_demo(db, today=__import__("datetime").date(2026, 10, 15)).close()
    code, _, err = cli("demo", "--db", db)
    assert code == 1
    assert "already exists" in err and "--force" in err
    assert "Traceback" not in err


def test_missing_database_is_one_sentence(tmp_path, cli):
    code, out, err = cli("backup", "--db", tmp_path / "nope.sqlite", "-o", tmp_path / "b.sqlite")
    assert code == 1
    assert err.count("\n") == 1 and "no database" in err.lower()


def test_usage_errors_exit_2_without_traceback(cli):
    code, _, err = cli("no-such-command")
    assert code == 2 and "Traceback" not in err


def test_backup_and_restore_commands(tmp_path, demo_path, cli):
    out_file = tmp_path / "copy.sqlite"
    code, out, err = cli("backup", "--db", demo_path, "-o", out_file)
    assert code == 0, err
    code, out, err = cli("restore", out_file, "--db", demo_path)
    assert code == 0, err
    assert "kept as" in out
    junk = tmp_path / "junk.sqlite"
    junk.write_text("hello")
    code, out, err = cli("restore", junk, "--db", demo_path)
    assert code == 1 and "not a Maternity Desk database" in err


def test_unexpected_error_is_logged_not_dumped(monkeypatch, demo_path, cli):
    import maternity_desk.store.check as check

    def boom(path):
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(check, "run_check", boom)
    code, out, err = cli("check", "--db", demo_path)
    assert code == 1
    assert "unexpected error" in err and "Traceback" not in err


def test_cli_never_imports_qt(demo_path, tmp_path):
    code = f"""
import sys
from maternity_desk.cli import main
for argv in (["check", "--db", r"{demo_path}"], ["--help"], ["import", "--help"],
             ["backup", "--db", r"{demo_path}", "-o", r"{tmp_path / 'b.sqlite'}"]):
    try:
        main(argv)
    except SystemExit:
        pass
bad = [m for m in sys.modules if m.startswith(("PySide6", "shiboken6", "pyqtgraph"))]
assert not bad, bad
print("clean")
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "clean" in r.stdout


@pytest.mark.parametrize("package", ["core", "store", "exchange", "commands", "demo"])
def test_lower_layers_never_import_qt(package):
    import pkgutil

    import maternity_desk

    path = maternity_desk.__path__[0] + "/" + package
    modules = [f"maternity_desk.{package}.{m.name}" for m in pkgutil.walk_packages([path])]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph'))]\n"
        "assert not bad, bad\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr


def test_core_imports_no_sqlite_or_files():
    import pathlib
    import re

    import maternity_desk

    core = pathlib.Path(maternity_desk.__path__[0]) / "core"
    for f in core.glob("*.py"):
        text = f.read_text()
        assert not re.search(r"^\s*(import|from) (sqlite3|sqlite_utils|PySide6|pyqtgraph|openpyxl)", text, re.M), f


def test_output_piped_into_head_is_not_an_error(demo_path):
    r = subprocess.run(f"'{sys.executable}' -m maternity_desk staff --db '{demo_path}' | head -1",
                       shell=True, capture_output=True, text=True, timeout=120)
    assert "unexpected error" not in r.stderr and "Traceback" not in r.stderr


def test_version_loads_no_more_than_the_parser():
    """``maternity-desk --version`` answers before any sub-command's parser is built: no store,
    exchange, demo or window module, no importer, no sqlite-utils or openpyxl is loaded."""
    code = (
        "import sys\n"
        "from maternity_desk.cli import main\n"
        "assert main(['--version']) == 0\n"
        "heavy = ('maternity_desk.store', 'maternity_desk.exchange', 'maternity_desk.demo', "
        "'maternity_desk.ui', 'sqlite_utils', 'openpyxl', 'PySide6', 'numpy', 'holidays')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["Maternity Desk " + __import__("maternity_desk").__version__, "[]"]


def test_building_the_parser_loads_no_importer():
    """--help and every command but `import` parse without loading the importers (the `import`
    command's KIND parsers, which list each importer's columns, are added when it is looked up)."""
    code = (
        "import sys\n"
        "from maternity_desk.cli import main\n"
        "for argv in (['--help'], ['compliance', '--help'], ['export', '--help']):\n"
        "    assert main(argv) == 0\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('maternity_desk.exchange'))\n"
        "assert main(['import', '--help']) == 0\n"
        "print('RESULT', loaded, 'maternity_desk.exchange.importing' in sys.modules)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[-1] == "RESULT [] True"
