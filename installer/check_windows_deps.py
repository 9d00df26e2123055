"""Check the Windows folder's rules against the real Windows wheels, on any machine.

    python installer/check_windows_deps.py [--wheels DIR]

The Windows build cannot run here, but the DLLs it would bundle can be read. This takes the
win_amd64 wheels of PySide6-Essentials, shiboken6 and numpy at the versions installed in
this environment (``pip download`` into ``build/windows-wheels/``, or ``--wheels DIR`` that
already has them), lists the binaries the Windows folder would hold (the Qt modules the
program imports, the plugins ``bundle_rules.keep`` keeps, shiboken, numpy), reads each one's
DLL import tables (pefile) and checks that every DLL it loads is either

* in the folder: shipped in one of the wheels and kept by ``bundle_rules.keep``;
* the Python runtime (``python3.dll``, ``python3XX.dll``), which PyInstaller adds; or
* part of Windows 10 1809 or later (``WINDOWS_DLLS`` below, and the ``api-ms-win-*`` sets).

A DLL that a kept binary needs but the rules leave out, or one that is none of these, fails
the check. It also prints the folder's estimated size from the wheels (without Python's
own runtime and the program's code, a few MB more).

Exit status: 0 when every dependency is found; 1 otherwise; 2 when the wheels cannot be had.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import re
import subprocess
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import bundle_rules as rules  # noqa: E402

WHEELS = ("PySide6-Essentials", "shiboken6", "numpy")

# DLLs that Windows 10 1809+ provides (System32), named by what Qt, shiboken and numpy import.
WINDOWS_DLLS = {
    "advapi32", "authz", "bcrypt", "comdlg32", "crypt32", "d2d1", "d3d11", "d3d12", "d3d9",
    "dcomp", "dwmapi", "dwrite", "dxgi", "gdi32", "icu", "icuin", "icuuc", "imm32", "kernel32",
    "mpr", "netapi32", "ntdll", "ole32", "oleaut32", "setupapi", "shcore", "shell32", "shlwapi",
    "uiautomationcore", "user32", "userenv", "uxtheme", "version", "winmm", "ws2_32", "wtsapi32",
}
_API_SET = re.compile(r"^(api|ext)-ms-win-", re.I)
_PYTHON_DLL = re.compile(r"^python3\d*\.dll$", re.I)


def binaries(wheel: Path) -> dict[str, bytes]:
    """Every .dll and .pyd in a wheel, by its path inside the wheel (test folders left out)."""
    with zipfile.ZipFile(wheel) as zf:
        return {n: zf.read(n) for n in zf.namelist()
                if n.lower().endswith((".dll", ".pyd")) and "/tests/" not in n}


def imports(data: bytes) -> set[str]:
    """The DLL names a PE file loads, directly or delay-loaded."""
    import pefile

    pe = pefile.PE(data=data, fast_load=True)
    pe.parse_data_directories(directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_IMPORT"],
                                           pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT"]])
    entries = list(getattr(pe, "DIRECTORY_ENTRY_IMPORT", [])) + list(getattr(pe, "DIRECTORY_ENTRY_DELAY_IMPORT", []))
    return {e.dll.decode("ascii", "replace") for e in entries}


def folder_contents(found: dict[str, bytes]) -> list[str]:
    """Where the Windows folder starts from: the extension modules the program imports (the
    Qt modules it uses, shiboken, numpy) and the Qt plugins the rules keep. The DLLs these
    load are added by :func:`check`, as PyInstaller's dependency analysis adds them."""
    def starts_here(name: str) -> bool:
        low = name.lower()
        if not low.startswith("pyside6/"):
            return low.endswith(".pyd")  # shiboken6 and numpy
        if "/plugins/" in low:
            return rules.keep(name)
        return low.endswith(".pyd") and Path(name).name.split(".")[0] in rules.RUNTIME_QT_MODULES

    return [name for name in found if starts_here(name)]


def check(found: dict[str, bytes]) -> tuple[list[str], dict[str, int], list[str]]:
    """(problems, kept sizes by path, Windows DLLs relied on): follow every kept binary's
    imports through the wheels' DLLs."""
    by_name: dict[str, str] = {}
    for path in found:
        by_name.setdefault(Path(path).name.lower(), path)
    todo = folder_contents(found)
    kept: dict[str, int] = {}
    problems, system = [], set()
    while todo:
        path = todo.pop()
        if path in kept:
            continue
        kept[path] = len(found[path])
        for dll in sorted(imports(found[path])):
            low = dll.lower()
            inside = by_name.get(low)
            if inside is not None:
                if not rules.keep(inside):
                    problems.append(f"{path} needs {dll}, which the rules leave out ({inside})")
                elif inside not in kept:
                    todo.append(inside)
            elif _PYTHON_DLL.match(dll):
                continue
            elif _API_SET.match(dll) or low.removesuffix(".dll") in WINDOWS_DLLS:
                system.add(low)
            else:
                problems.append(f"{path} needs {dll}: not in the wheels, not a known part of Windows")
    return problems, kept, sorted(system)


def get_wheels(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {}
    for dist in WHEELS:
        version = importlib.metadata.version(dist)
        pattern = re.compile(rf"^{dist.replace('-', '_')}-{re.escape(version)}-.*win_amd64\.whl$", re.I)
        have = [p for p in folder.iterdir() if pattern.match(p.name)]
        if not have:
            cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                   "--platform", "win_amd64", "--python-version", f"{sys.version_info[0]}.{sys.version_info[1]}",
                   "--implementation", "cp", "--dest", str(folder), f"{dist}=={version}"]
            if subprocess.run(cmd).returncode != 0:
                raise SystemExit(f"could not download the Windows wheel of {dist} {version}")
            have = [p for p in folder.iterdir() if pattern.match(p.name)]
        if not have:
            raise SystemExit(f"no win_amd64 wheel of {dist} {version} in {folder}")
        wanted[dist] = have[0]
    return wanted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheels", type=Path, default=ROOT / "build" / "windows-wheels",
                        help="folder with (or to download) the win_amd64 wheels")
    args = parser.parse_args(argv)
    try:
        import pefile  # noqa: F401
    except ImportError:
        print("pefile is not installed: pip install -e \".[build]\"", file=sys.stderr)
        return 2
    try:
        wheels = get_wheels(args.wheels)
    except SystemExit as exc:
        print(exc, file=sys.stderr)
        return 2
    found: dict[str, bytes] = {}
    for wheel in wheels.values():
        found.update(binaries(wheel))
    problems, kept, system = check(found)
    total = sum(kept.values())
    print(f"Windows folder from {', '.join(p.name for p in wheels.values())}:")
    print(f"  {len(kept)} binaries, {total / 1e6:.1f} MB (plus Python's runtime and the program's code)")
    left_out = sum(len(b) for p, b in found.items() if p.lower().startswith("pyside6/") and p not in kept)
    print(f"  left out of the PySide6 wheel: {left_out / 1e6:.1f} MB")
    print(f"  relies on Windows for: {', '.join(system)}")
    for p in problems:
        print(f"PROBLEM: {p}")
    print("ok: every DLL the kept binaries load is in the folder or part of Windows" if not problems
          else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
