"""The import contracts in pyproject.toml ([tool.importlinter]) hold: core < store < exchange <
commands, ui < cli; Qt only under ui/ and the cli functions that open the window; core free of
SQL and workbooks; no import cycles inside core, store, exchange or commands. tests/run.sh runs
the same check before pytest; this test makes a plain pytest run check it too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def test_import_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.fail("import-linter is not installed: pip install -e '.[test]'", pytrace=False)
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_no_sql_in_the_window_or_the_command_line():
    """The store is the only place that speaks SQL: the window and the command line call named
    store functions (exchange/ is being emptied of SQL too, separately)."""
    import re

    sql = re.compile(r"\.(query|query_one|scalar|execute|executemany)\(|\.conn\b|"
                     r"\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|PRAGMA)\s")
    found = []
    for folder in ("ui", "commands"):
        for path in sorted((ROOT / "maternity_desk" / folder).rglob("*.py")):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if sql.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    cli = (ROOT / "maternity_desk" / "cli.py").read_text(encoding="utf-8")
    found += [f"maternity_desk/cli.py: {m.group(0)}" for m in sql.finditer(cli)]
    assert found == []
