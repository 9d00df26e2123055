"""The per-user data folder is the one platformdirs names, on each system, with and without the
variables that move it: a unit's database stays where earlier versions (which asked
platformdirs) put it."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs.windows
import pytest
from platformdirs.macos import MacOS
from platformdirs.unix import Unix
from platformdirs.windows import Windows

from maternity_desk import APP_SLUG, paths

SYSTEMS = {"win32": Windows, "darwin": MacOS, "linux": Unix}


@pytest.mark.parametrize("system", sorted(SYSTEMS))
@pytest.mark.parametrize("moved", [False, True])
def test_the_data_folder_is_platformdirs_on_every_system(system, moved, monkeypatch, tmp_path):
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    # Windows always sets LOCALAPPDATA; what varies is where it points (and XDG_DATA_HOME elsewhere)
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / ("elsewhere" if moved else "home/AppData/Local")))
    for name in ("WIN_PD_OVERRIDE_LOCAL_APPDATA", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    if moved:
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    # off Windows, platformdirs cannot ask the shell for the known folder; Windows sets
    # LOCALAPPDATA from that same folder at logon, so its own fallback (the variable) stands in
    monkeypatch.setattr(platformdirs.windows, "_RESOLVE_WIN_FOLDER", platformdirs.windows.get_win_folder_from_env_vars)
    expected = Path(SYSTEMS[system](APP_SLUG, appauthor=False, roaming=False).user_data_dir)
    monkeypatch.setattr(sys, "platform", system)
    assert paths.user_data_dir() == expected
    assert expected.name == APP_SLUG


def test_a_blank_variable_is_no_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", "  ")
    monkeypatch.setattr(sys, "platform", "linux")
    assert paths.user_data_dir() == tmp_path / ".local" / "share" / APP_SLUG
