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
