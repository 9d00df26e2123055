"""Build Maternity Desk for this platform: the one-folder bundle, and on Windows the installer.

    python installer/build.py                 # dist/MaternityDesk/ (+ dist/MaternityDesk-<v>-setup.exe on Windows)
    python installer/build.py --smoke         # ... then start the built program and check it works
    python installer/build.py --bare          # dist/MaternityDeskBare/: a bare PySide6 window, built the same way
    python installer/build.py --zip           # also dist/MaternityDesk-<v>-<platform>.zip (portable copy)

Steps: PyInstaller on ``installer/maternity_desk.spec`` (build files in ``build/``), a second
pruning pass with the spec's rules, on Linux the removal of system libraries that only the
left-out Qt plugins needed and stripping of CPython's own libraries (never numpy's: stripping
its OpenBLAS breaks it), a check that every library still finds its dependencies, the sizes,
and on Windows Inno Setup's ``ISCC.exe`` if it is installed.

Exit status: 0 when everything asked for worked.
"""

from __future__ import annotations

import argparse
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import bundle_rules as rules  # noqa: E402
import version_info  # noqa: E402

DIST = ROOT / "dist"
BUILD = ROOT / "build"
SPEC = HERE / "maternity_desk.spec"
ISS = HERE / "MaternityDesk.iss"
IS_WIN = sys.platform == "win32"
IS_LINUX = sys.platform.startswith("linux")
EXE_SUFFIX = ".exe" if IS_WIN else ""


def say(message: str) -> None:
    print(f"[build] {message}", flush=True)


def mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


# --- PyInstaller -----------------------------------------------------------------------

def run_pyinstaller(*, bare: bool, clean: bool, debug_console: bool) -> Path:
    name = rules.BARE_NAME if bare else rules.APP_NAME
    cmd = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm", "--log-level", "WARN",
           "--distpath", str(DIST), "--workpath", str(BUILD / ("pyinstaller-bare" if bare else "pyinstaller"))]
    if clean:
        cmd.append("--clean")
    extra = (["--bare"] if bare else []) + (["--debug-console"] if debug_console else [])
    if extra:
        cmd += ["--", *extra]
    say(f"PyInstaller: {name}")
    started = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True)
    say(f"PyInstaller finished in {time.perf_counter() - started:.0f} s")
    return DIST / name


def executable(folder: Path, name: str | None = None) -> Path:
    return folder / f"{name or folder.name}{EXE_SUFFIX}"


def internal(folder: Path) -> Path:
    return folder / "_internal"


# --- pruning and checks ------------------------------------------------------------------

def folder_size(folder: Path) -> int:
    """Bytes of the files in ``folder`` (links count as nothing, as on disk)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def _is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def _ldd(path: Path, libdir: Path) -> list[tuple[str, str | None]]:
    """(name, resolved path or None) for each library ``path`` needs, transitively."""
    env = dict(os.environ, LD_LIBRARY_PATH=str(libdir))
    result = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env)
    needs = []
    for line in result.stdout.splitlines():
        line = line.strip()
        if "=>" not in line:
            continue
        name, _, rest = line.partition("=>")
        target = rest.strip().split(" (")[0].strip()
        needs.append((name.strip(), None if target.startswith("not found") or not target else target))
    return needs


def linux_prune_unreachable(folder: Path) -> list[Path]:
    """Remove top-level libraries of ``_internal`` that nothing kept links to.

    PyInstaller resolves the dependencies of every Qt plugin before the spec filters the
    plugins, so e.g. GTK, Pango and Cairo arrive for the GTK theme plugin that is then left
    out. Roots are the executable, libpython and every library inside a package folder."""
    base = internal(folder)
    # regular files only: the links PyInstaller adds beside Qt's libraries are kept as made
    top = {p for p in base.iterdir()
           if p.is_file() and not p.is_symlink() and p.name.startswith("lib") and ".so" in p.name}
    roots = [executable(folder)] + [p for p in base.rglob("*.so*") if p.parent != base and _is_elf(p)]
    roots += [p for p in top if p.name.startswith("libpython")]
    reached: set[Path] = set()
    for root in roots:
        for _name, target in _ldd(root, base):
            if target:
                reached.add(Path(target).absolute())
    removed = []
    for lib in sorted(top):
        if lib.absolute() not in reached and not lib.name.startswith("libpython"):
            lib.unlink()
            removed.append(lib)
    return removed


def linux_strip_python(folder: Path) -> int:
    """``strip --strip-unneeded`` CPython's own libraries (libpython, lib-dynload); safe, unlike
    numpy's OpenBLAS. Returns the bytes saved (0 if ``strip`` is not installed)."""
    strip = shutil.which("strip")
    if not strip:
        return 0
    base = internal(folder)
    targets = [p for p in base.glob("libpython*.so*") if not p.is_symlink()]
    targets += [p for p in base.glob("python3*/lib-dynload/*.so") if not p.is_symlink()]
    before = sum(p.stat().st_size for p in targets)
    for path in targets:
        subprocess.run([strip, "--strip-unneeded", str(path)], check=True)
    return before - sum(p.stat().st_size for p in targets)


def linux_missing_libraries(folder: Path) -> list[str]:
    """Bundled ELF files whose Qt, PySide or numpy dependencies no longer resolve (something
    pruned that was in use). Missing *system* libraries are the machine's business (ldd also
    lists those for plugins PyInstaller collected with a warning) and are not reported."""
    base = internal(folder)
    problems = []
    for path in [executable(folder), *(p for p in base.rglob("*.so*") if _is_elf(p))]:
        for name, target in _ldd(path, base):
            if target is None and (name.startswith(("libQt6", "libpyside6", "libshiboken6", "libicu"))
                                   or "openblas" in name or "gfortran" in name):
                problems.append(f"{path.relative_to(folder)} needs {name}")
    return problems


def prune(folder: Path) -> None:
    removed = rules.prune_folder(folder)
    if removed:
        say(f"pruned {len(removed)} file(s) the spec's rules reject, e.g. {removed[0].relative_to(folder)}")
    if IS_LINUX and shutil.which("ldd"):
        before = folder_size(folder)
        dropped = linux_prune_unreachable(folder)
        if dropped:
            say(f"removed {len(dropped)} unreferenced system libraries ({mb(before - folder_size(folder))}): "
                + ", ".join(p.name for p in dropped[:8]) + (" ..." if len(dropped) > 8 else ""))
        saved = linux_strip_python(folder)
        if saved:
            say(f"stripped libpython and lib-dynload: {mb(saved)} saved")
        missing = linux_missing_libraries(folder)
        if missing:
            for line in missing[:20]:
                say(f"MISSING: {line}")
            raise SystemExit("build: a library the program needs was pruned (see MISSING above)")


def report_sizes(folder: Path) -> int:
    total = folder_size(folder)
    say(f"{folder.relative_to(ROOT)}: {mb(total)} unpacked, {sum(1 for p in folder.rglob('*') if p.is_file())} files")
    base = internal(folder)
    groups: dict[str, int] = {}
    for path in base.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        rel = path.relative_to(base).as_posix()
        lower = rel.lower()
        if "icu" in path.name.lower():
            key = "ICU (Qt's Unicode data)"
        elif lower.startswith("pyside6/") and "/plugins/" in f"/{lower}":
            key = "Qt plugins"
        elif lower.startswith(("pyside6/", "shiboken6/")):
            key = "Qt + PySide6"
        elif lower.startswith("numpy"):
            key = "numpy (+ OpenBLAS)"
        elif lower.startswith(("python", "libpython", "base_library")) or "/lib-dynload/" in lower:
            key = "Python"
        elif "/" not in rel:
            key = "other libraries"
        else:
            key = rel.split("/")[0]
        groups[key] = groups.get(key, 0) + path.stat().st_size
    exes = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    groups["executable(s) with the Python code"] = exes
    for key, size in sorted(groups.items(), key=lambda kv: -kv[1])[:10]:
        say(f"  {mb(size):>9}  {key}")
    return total


def zip_folder(folder: Path, sink, *, level: int = 9) -> None:
    """Write ``folder`` into a zip at ``sink`` (a path or a writable file object).

    A symbolic link is stored as a link (its target, with the link's mode bits), as Info-ZIP's
    ``zip -y`` does and ``unzip`` restores: PyInstaller links the Qt and numpy libraries from
    ``_internal/`` into their packages on Linux and macOS, and following those links would
    store about 100 MB of libraries twice. Windows builds have no links, so nothing changes
    there.
    """
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder.parent).as_posix()
            if path.is_symlink():
                info = zipfile.ZipInfo(name, date_time=time.localtime(path.lstat().st_mtime)[:6])
                info.create_system = 3  # Unix, so the mode bits below are read
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                zf.writestr(info, os.readlink(path), compress_type=zipfile.ZIP_STORED)
            elif path.is_file():
                zf.write(path, name)


def write_zip(folder: Path) -> Path:
    version = version_info.app_version(ROOT)
    platform = "windows" if IS_WIN else sys.platform
    dest = DIST / f"{folder.name}-{version}-{platform}.zip"
    zip_folder(folder, dest)
    say(f"{dest.relative_to(ROOT)}: {mb(dest.stat().st_size)} (unzip anywhere, add portable.txt for a portable copy)")
    return dest


# --- Windows installer -------------------------------------------------------------------

def find_iscc() -> Path | None:
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return Path(found)
    for var in ("ProgramFiles(x86)", "ProgramFiles", "LOCALAPPDATA"):
        base = os.environ.get(var)
        if not base:
            continue
        for sub in ("Inno Setup 6", "Programs/Inno Setup 6"):
            candidate = Path(base) / sub / "ISCC.exe"
            if candidate.exists():
                return candidate
    return None


def build_installer(folder: Path) -> Path | None:
    iscc = find_iscc()
    if iscc is None:
        say("Inno Setup (ISCC.exe) not found: installer skipped. Install Inno Setup 6 "
            "(per-user install works) or put ISCC.exe on PATH, then run this again.")
        return None
    version = version_info.app_version(ROOT)
    numeric = ".".join(str(n) for n in version_info.version_tuple(version))
    cmd = [str(iscc), "/Q", f"/DAppVersion={version}", f"/DAppVersionNumeric={numeric}",
           f"/DBundleDir={folder}", f"/DOutDir={DIST}", str(ISS)]
    say("Inno Setup: " + " ".join(cmd))
    subprocess.run(cmd, check=True)
    setup = DIST / f"MaternityDesk-{version}-setup.exe"
    say(f"{setup.relative_to(ROOT)}: {mb(setup.stat().st_size)}")
    return setup


# --- smoke test ----------------------------------------------------------------------------

def smoke(folder: Path) -> bool:
    """Start the built program as a user would and check the answers."""
    version = version_info.app_version(ROOT)
    gui_exe = executable(folder)
    # the windowed .exe has no console to print to: read answers from its console twin
    text_exe = executable(folder, rules.CLI_NAME) if IS_WIN else gui_exe
    work = Path(tempfile.mkdtemp(prefix="md-smoke-"))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MATERNITY_DESK_DATA=str(work / "data"))
    ok = True

    def check(label: str, cmd: list, expect: str = "", env=env, timeout: int = 120) -> bool:
        nonlocal ok
        started = time.perf_counter()
        try:
            result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)
            passed = result.returncode == 0 and expect in result.stdout
            detail = (result.stdout.strip().splitlines() or [""])[-1]
            if not passed:
                detail = f"exit {result.returncode}: {(result.stdout + result.stderr).strip()[-800:]}"
        except subprocess.TimeoutExpired:
            passed, detail = False, f"no answer in {timeout} s"
        say(f"smoke {'ok  ' if passed else 'FAIL'} {label} ({time.perf_counter() - started:.1f} s) {detail}")
        if passed and result.stderr.strip():  # passed, but said something on stderr: show it
            for line in result.stderr.strip().splitlines()[-6:]:
                say(f"      stderr: {line}")
        ok = ok and passed
        return passed

    db = work / "demo.sqlite"
    check("--version", [text_exe, "--version"], f"Maternity Desk {version}")
    check("--self-test", [text_exe, "--self-test"], "self-test ok")
    if IS_WIN:
        check("windowed --self-test", [gui_exe, "--self-test"])
    check("demo", [text_exe, "demo", "--db", db], "Demo unit")
    check("check", [text_exe, "check", "--db", db], "")
    check("window shown on the demo unit", [gui_exe, "--db", db],
          env=dict(env, MATERNITY_DESK_EXIT_WHEN_SHOWN="1"))
    # portable mode: portable.txt beside the executable keeps the data in data/ beside it
    marker, data = folder / "portable.txt", folder / "data"
    had_data = data.exists()
    portable_env = {k: v for k, v in env.items() if k != "MATERNITY_DESK_DATA"}
    try:
        marker.write_text("Keep Maternity Desk's data in the data folder beside the program.\n", encoding="utf-8")
        if (check("portable demo", [text_exe, "demo", "--force"], "Demo unit", env=portable_env)
                and not (data / "unit.sqlite").exists()):
                say(f"smoke FAIL portable mode wrote no {data / 'unit.sqlite'}")
                ok = False
    finally:
        marker.unlink(missing_ok=True)
        if not had_data:
            shutil.rmtree(data, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bare", action="store_true", help="build the bare PySide6 window (benchmark baseline)")
    parser.add_argument("--smoke", action="store_true", help="start the built program and check it works")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    parser.add_argument("--zip", action="store_true", help="also write a zip of the folder (portable copy)")
    parser.add_argument("--no-installer", action="store_true", help="Windows: skip Inno Setup")
    parser.add_argument("--debug-console", action="store_true",
                        help="give the windowed executable a console (also MATERNITY_DESK_DEBUG_CONSOLE=1)")
    args = parser.parse_args(argv)
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print("build: PyInstaller is not installed; run: .venv/bin/pip install -e \".[build]\"", file=sys.stderr)
        return 2
    started = time.perf_counter()
    folder = run_pyinstaller(bare=args.bare, clean=args.clean, debug_console=args.debug_console)
    prune(folder)
    report_sizes(folder)
    if args.zip:
        write_zip(folder)
    if IS_WIN and not args.bare and not args.no_installer:
        build_installer(folder)
    ok = True
    if args.smoke and not args.bare:
        ok = smoke(folder)
    elif args.smoke:
        result = subprocess.run([executable(folder)], env=dict(os.environ, QT_QPA_PLATFORM="offscreen",
                                MATERNITY_DESK_EXIT_WHEN_SHOWN="1"), timeout=60)
        ok = result.returncode == 0
        say(f"smoke {'ok' if ok else 'FAIL'}: bare window shown and closed")
    say(f"done in {time.perf_counter() - started:.0f} s: {folder.relative_to(ROOT)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
