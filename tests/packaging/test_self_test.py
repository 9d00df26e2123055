"""``--self-test`` and ``--version`` as support staff and CI run them (a separate process),
and where the program keeps its data: per user, or beside itself in portable mode."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from maternity_desk import APP_NAME, APP_SLUG, __version__, paths


def _run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "maternity_desk", *map(str, args)],
                          capture_output=True, text=True, timeout=180, env=env)


def test_version_in_its_own_process():
    proc = _run("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"{APP_NAME} {__version__}"


def test_self_test_on_a_fresh_install_leaves_the_data_folder_without_a_database(_data_folder):
    proc = _run("--self-test")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"self-test ok: {APP_NAME} {__version__}, database ")
    assert "window built" in proc.stdout
    assert str(_data_folder) not in proc.stdout  # a temporary database, not the unit's folder
    assert not (_data_folder / paths.DEFAULT_DB_NAME).exists()


def test_self_test_leaves_the_users_window_settings_alone(_data_folder):
    config = _data_folder / "config"  # XDG_CONFIG_HOME, where QSettings writes on Linux
    proc = _run("--self-test")
    assert proc.returncode == 0, proc.stderr
    written = [p.read_text(errors="replace") for p in config.rglob("*") if p.is_file()]
    assert not any("geometry" in text for text in written)


def test_self_test_opens_the_units_own_database_when_there_is_one(_data_folder, demo_path):
    unit = _data_folder / paths.DEFAULT_DB_NAME
    shutil.copy(demo_path, unit)
    proc = _run("--self-test")
    assert proc.returncode == 0, proc.stderr
    assert f"database {unit} schema " in proc.stdout


def test_self_test_on_a_damaged_database_fails_in_one_sentence(_data_folder, demo_path):
    unit = _data_folder / paths.DEFAULT_DB_NAME
    data = bytearray(demo_path.read_bytes())
    data[:100] = b"\xff" * 100  # the header is gone
    unit.write_bytes(bytes(data))
    proc = _run("--self-test")
    assert unit.read_bytes() == bytes(data)  # looked at, never changed
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert str(unit) in proc.stderr
    assert proc.stdout == ""


def test_self_test_refuses_a_db_that_is_not_there(tmp_path, cli):
    code, out, err = cli("--self-test", "--db", tmp_path / "typo.sqlite")
    assert code == 1 and "no database" in err.lower()
    assert not (tmp_path / "typo.sqlite").exists()


@pytest.fixture
def frozen(monkeypatch, tmp_path):
    """The program as PyInstaller builds it: ``sys.frozen``, the executable in its folder."""
    program = tmp_path / "Maternity Desk"
    (program / "_internal").mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(program / "MaternityDesk.exe"))
    monkeypatch.setattr(sys, "_MEIPASS", str(program / "_internal"), raising=False)
    monkeypatch.delenv("MATERNITY_DESK_DATA")
    return program


def test_installed_copy_keeps_data_in_the_per_user_folder(frozen):
    from platformdirs import user_data_dir

    assert not paths.is_portable()
    assert paths.data_dir() == Path(user_data_dir(APP_SLUG, appauthor=False, roaming=False))
    assert frozen not in paths.data_dir().parents
    assert paths.default_db_path().name == "unit.sqlite"


def test_portable_copy_keeps_everything_beside_the_program(frozen):
    (frozen / paths.PORTABLE_MARKER).write_text("")
    assert paths.is_portable()
    assert paths.data_dir() == frozen / "data"
    assert paths.default_db_path() == frozen / "data" / "unit.sqlite"
    assert paths.log_dir() == frozen / "data" / "logs"


def test_the_data_variable_wins_over_portable_mode(frozen, monkeypatch, tmp_path):
    (frozen / paths.PORTABLE_MARKER).write_text("")
    monkeypatch.setenv("MATERNITY_DESK_DATA", str(tmp_path / "support"))
    assert paths.data_dir() == tmp_path / "support"


def test_frozen_program_reads_its_catalogues_from_the_bundle(frozen):
    assert paths.resources_dir() == frozen / "_internal" / "resources"


PORTABLE_SETTINGS = """
import sys
from pathlib import Path
program = Path(sys.argv[1])
sys.frozen = True
sys.executable = str(program / "MaternityDesk.exe")
from PySide6.QtCore import QSettings
from maternity_desk.ui.app import make_app
app = make_app()
settings = QSettings()
settings.setValue("window/test", "kept")
settings.sync()
print(settings.fileName())
"""


def test_portable_copy_keeps_window_settings_in_an_ini_file_beside_the_data(tmp_path):
    program = tmp_path / "usb" / "MaternityDesk"
    program.mkdir(parents=True)
    (program / paths.PORTABLE_MARKER).write_text("")
    env = {k: v for k, v in os.environ.items() if k != "MATERNITY_DESK_DATA"}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "home-config"), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", PORTABLE_SETTINGS, str(program)],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    ini = Path(proc.stdout.strip())
    assert ini == program / "data" / APP_SLUG / f"{APP_SLUG}.ini"
    assert "kept" in ini.read_text()
    assert not (tmp_path / "home-config").exists()  # nothing left in the user's profile


def test_self_test_on_windows_measures_text_with_the_systems_fonts(tmp_path):
    from maternity_desk.cli import _offscreen

    (tmp_path / "Fonts").mkdir()
    env = {"WINDIR": str(tmp_path)}
    _offscreen(env, "win32")
    assert env == {"WINDIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen", "QT_QPA_FONTDIR": str(tmp_path / "Fonts")}
    env = {"WINDIR": str(tmp_path), "QT_QPA_PLATFORM": "windows"}  # a platform chosen by hand is left alone
    _offscreen(env, "win32")
    assert "QT_QPA_FONTDIR" not in env
    env = {}
    _offscreen(env, "linux")  # fontconfig finds the fonts
    assert env == {"QT_QPA_PLATFORM": "offscreen"}
