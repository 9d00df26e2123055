"""The bundle is built from a lock file with hashes (installer/requirements-build.txt), in
step with pyproject.toml: every dependency of the program and of the build is pinned there,
every pin carries hashes, and the PySide6 pin below 6.12 applies to Python 3.11 only."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import ROOT

LOCK = ROOT / "installer" / "requirements-build.txt"


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement).group(0)).lower()


def _pins() -> dict[str, list[str]]:
    pins: dict[str, list[str]] = {}
    current = None
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", line):
            current = f"{_name(m.group(1))}=={m.group(2)}"
            pins.setdefault(current, [])
        elif current and (h := re.search(r"--hash=sha256:([0-9a-f]{64})", line)):
            pins[current].append(h.group(1))
    return pins


def test_every_dependency_is_pinned_with_hashes():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["build"]}
    pins = _pins()
    pinned = {p.split("==")[0] for p in pins}
    assert wanted <= pinned, f"not in {LOCK.name}: {sorted(wanted - pinned)}; regenerate it (see its header)"
    assert all(hashes for hashes in pins.values()), [p for p, h in pins.items() if not h]


def test_pyside6_pin_applies_to_python_3_11_only():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pyside = [d for d in deps if _name(d) == "pyside6-essentials"]
    assert "PySide6-Essentials>=6.6,<6.12; python_version < '3.12'" in pyside
    assert all("<6.12" not in d for d in pyside if "python_version >= '3.12'" in d)
    # the lock keeps a 6.11 for Python 3.11
    assert any(p.startswith("pyside6-essentials==6.11") for p in _pins())
