"""The Windows-only parts, checked where they can be on any machine: the windowed
executable's console hook (with a stand-in for the Windows console calls) and the installer
script against the names the program itself uses."""

from __future__ import annotations

import os
import re
import sys
import types
from pathlib import Path

import pytest

from maternity_desk import APP_NAME, APP_SLUG

ROOT = Path(__file__).resolve().parents[2]
HOOK = ROOT / "installer" / "hooks" / "rthook_console.py"
ISS = ROOT / "installer" / "MaternityDesk.iss"
sys.path.insert(0, str(ROOT / "installer"))

import bundle_rules as rules  # noqa: E402


class _Kernel32:
    def __init__(self, *, attach_ok=True):
        self.calls = []
        self.attach_ok = attach_ok

    def AttachConsole(self, pid):  # noqa: N802 (Windows API name)
        self.calls.append(("AttachConsole", pid))
        return 1 if self.attach_ok else 0

    def AllocConsole(self):  # noqa: N802
        self.calls.append(("AllocConsole",))
        return 1

    def SetConsoleTitleW(self, title):  # noqa: N802
        self.calls.append(("SetConsoleTitleW", title))


@pytest.fixture
def windowed(monkeypatch, tmp_path):
    """A windowed Windows executable: no stdout/stderr; CONOUT$/CONIN$ are files here."""
    kernel32 = _Kernel32()
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr("ctypes.windll", types.SimpleNamespace(kernel32=kernel32), raising=False)
    monkeypatch.delenv(rules.DEBUG_CONSOLE_ENV, raising=False)
    monkeypatch.chdir(tmp_path)  # open("CONOUT$") writes a file here instead of a console
    registered = []
    monkeypatch.setattr("atexit.register", registered.append)
    monkeypatch.setattr("faulthandler.enable", lambda *a, **k: None)
    kernel32.registered = registered
    kernel32.opened = []
    yield kernel32
    for f in kernel32.opened:
        f.close()


def _run_hook(argv, monkeypatch):
    """Run the hook as PyInstaller does, before the program, in a windowed process (no
    stdout/stderr; set here because pytest puts its own back between fixtures and test)."""
    monkeypatch.setattr(sys, "argv", argv)
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    monkeypatch.setattr(sys, "stdin", sys.stdin)  # put back after the test if the hook replaces it
    stdin = sys.stdin
    exec(compile(HOOK.read_text(encoding="utf-8"), str(HOOK), "exec"), {"__name__": "rthook"})
    opened = sys.modules["ctypes"].windll.kernel32.opened
    opened.extend({id(f): f for f in (sys.stdout, sys.stderr)}.values())
    if sys.stdin is not stdin:
        opened.append(sys.stdin)
    return sys.stdout


def test_started_from_the_start_menu_output_goes_nowhere(windowed, monkeypatch):
    out = _run_hook(["MaternityDesk.exe"], monkeypatch)
    assert windowed.calls == []
    assert out is sys.stderr and out.name == os.devnull
    print("no crash on print", file=sys.stderr)


def test_started_from_a_command_prompt_it_writes_into_that_console(windowed, monkeypatch, tmp_path):
    out = _run_hook(["MaternityDesk.exe", "--version"], monkeypatch)
    assert windowed.calls == [("AttachConsole", -1)]
    print("Maternity Desk 0.1.0")
    out.flush()
    assert (tmp_path / "CONOUT$").read_text(encoding="utf-8") == "Maternity Desk 0.1.0\n"
    assert windowed.registered == []  # no "press Enter" outside debug mode


def test_no_parent_console_falls_back_to_nowhere(windowed, monkeypatch, tmp_path):
    windowed.attach_ok = False
    out = _run_hook(["MaternityDesk.exe", "--db", "x.sqlite"], monkeypatch)
    assert out.name == os.devnull
    assert not (tmp_path / "CONOUT$").exists()


def test_debug_console_opens_a_window_that_waits(windowed, monkeypatch, tmp_path):
    monkeypatch.setenv(rules.DEBUG_CONSOLE_ENV, "1")
    (tmp_path / "CONIN$").write_text("\n", encoding="utf-8")
    import logging

    handlers = list(logging.getLogger().handlers)
    try:
        _run_hook(["MaternityDesk.exe"], monkeypatch)
        assert windowed.calls[0] == ("AllocConsole",)
        assert ("SetConsoleTitleW", "Maternity Desk debug console") in windowed.calls
        assert len(windowed.registered) == 1  # waits for Enter at exit
        logging.getLogger("maternity_desk.test").warning("seen in the console")
        sys.stdout.flush()
        assert "seen in the console" in (tmp_path / "CONOUT$").read_text(encoding="utf-8")
        windowed.registered[0]()  # at exit: asks, reads the Enter from the console, returns
        sys.stdout.flush()
        assert "Press Enter to close this window" in (tmp_path / "CONOUT$").read_text(encoding="utf-8")
    finally:
        for h in logging.getLogger().handlers[:]:
            if h not in handlers:
                logging.getLogger().removeHandler(h)


def test_the_hook_does_nothing_in_a_console_or_off_windows(monkeypatch):
    before = sys.stdout
    monkeypatch.setattr(sys, "argv", ["maternity-desk", "--version"])
    exec(compile(HOOK.read_text(encoding="utf-8"), str(HOOK), "exec"), {"__name__": "rthook"})
    assert sys.stdout is before


def _iss_defines() -> dict[str, str]:
    text = ISS.read_text(encoding="utf-8")
    return dict(re.findall(r'^#define (\w+) "([^"]*)"', text, re.M))


def _iss_setup() -> dict[str, str]:
    text = ISS.read_text(encoding="utf-8")
    section = text.split("[Setup]", 1)[1].split("\n[", 1)[0]
    return dict(re.findall(r"^(\w+)=(.*)$", section, re.M))


def test_installer_names_match_the_program():
    from platformdirs import user_data_dir

    defines = _iss_defines()
    assert defines["AppName"] == APP_NAME
    assert defines["AppExe"] == f"{rules.APP_NAME}.exe"
    assert defines["CliExe"] == f"{rules.CLI_NAME}.exe"
    # the data folder the uninstaller offers to delete is the one the program uses
    assert defines["DataFolder"] == APP_SLUG == Path(user_data_dir(APP_SLUG, appauthor=False, roaming=False)).name
    # QSettings keeps the window's place under HKCU\Software\<organisation>
    assert defines["SettingsKey"] == f"Software\\{APP_SLUG}"


def test_installer_is_per_user_and_never_asks_for_an_administrator():
    setup = _iss_setup()
    assert setup["PrivilegesRequired"] == "lowest"
    assert "PrivilegesRequiredOverridesAllowed" not in setup  # no "install for all users" offer
    assert setup["DefaultDirName"] == r"{localappdata}\Programs\{#AppName}"
    assert setup["MinVersion"] == "10.0.17763"  # Windows 10 1809: the oldest Qt 6.8+ runs on
    assert setup["OutputBaseFilename"] == "MaternityDesk-{#AppVersion}-setup"
    text = ISS.read_text(encoding="utf-8")
    assert "{commonprograms}" not in text and "{commondesktop}" not in text and "HKLM" not in text
    assert r'Excludes: "\portable.txt,\data"' in text  # a developer's portable data is never shipped
    assert "UninstallSilent()" in text  # a silent uninstall keeps the data


def test_installer_version_is_read_from_the_same_place_as_the_program():
    import version_info

    from maternity_desk import __version__

    assert version_info.app_version(ROOT) == __version__
    assert version_info.version_tuple("1.2.3rc1") == (1, 2, 3, 0)
    assert version_info.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert r"..\maternity_desk\__init__.py" in ISS.read_text(encoding="utf-8")


def test_windows_dependency_check_finds_a_dll_the_rules_would_drop(monkeypatch):
    """installer/check_windows_deps.py on stand-in binaries (import tables given directly)."""
    import check_windows_deps as deps

    tables = {
        "PySide6/QtSvg.pyd": {"Qt6Svg.dll", "pyside6.abi3.dll", "python3.dll"},
        "PySide6/Qt6Svg.dll": {"Qt6Core.dll", "KERNEL32.dll", "api-ms-win-crt-heap-l1-1-0.dll"},
        "PySide6/Qt6Core.dll": {"icuuc.dll", "MSVCP140.dll"},
        "PySide6/pyside6.abi3.dll": {"Qt6Core.dll"},
        "PySide6/MSVCP140.dll": set(),
        "PySide6/plugins/platforms/qwindows.dll": {"Qt6Core.dll", "d3d9.dll"},
        "PySide6/plugins/platforms/qdirect2d.dll": {"Qt6Network.dll"},  # left out: not followed
        "PySide6/Qt6Network.dll": {"Qt6Core.dll"},
        "numpy/_core/_multiarray_umath.cp311-win_amd64.pyd": {"python311.dll", "libscipy_openblas64_.dll"},
        "numpy.libs/libscipy_openblas64_.dll": {"KERNEL32.dll"},
    }
    monkeypatch.setattr(deps, "imports", lambda data: tables[data.decode()])
    found = {path: path.encode() for path in tables}
    problems, kept, system = deps.check(found)
    assert problems == []
    assert "PySide6/Qt6Network.dll" not in kept and "PySide6/plugins/platforms/qdirect2d.dll" not in kept
    assert "numpy.libs/libscipy_openblas64_.dll" in kept and "PySide6/MSVCP140.dll" in kept
    assert {"icuuc.dll", "d3d9.dll", "kernel32.dll"} <= set(system)

    tables["PySide6/Qt6Svg.dll"] |= {"Qt6Network.dll", "mystery.dll"}  # what a rule change could break
    problems, _, _ = deps.check(found)
    assert any("needs Qt6Network.dll, which the rules leave out" in p for p in problems)
    assert any("needs mystery.dll: not in the wheels" in p for p in problems)
