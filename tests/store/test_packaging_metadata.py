"""pyproject's package list matches the source folders, and resources ship with the wheel."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_folder_is_listed():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "maternity_desk").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    found.add("maternity_desk.resources")
    assert found == listed


def test_resources_folder_is_found():
    from maternity_desk.paths import resources_dir

    assert resources_dir() == ROOT / "resources"
