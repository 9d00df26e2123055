"""What the frozen build leaves out (installer/bundle_rules.py) against what the program uses.

The bundle is only built in CI's bundle job; these tests catch, in the ordinary suite, a rule
that would drop something the program needs, on both wheel layouts (Windows
``PySide6/...``, Linux ``PySide6/Qt/...``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installer"))

import bundle_rules as rules  # noqa: E402

from tests.conftest import require_program  # noqa: E402

# Paths as they appear in the PySide6 6.11 wheels (win_amd64 and manylinux x86_64).
WINDOWS_KEPT = [
    "PySide6/Qt6Core.dll", "PySide6/Qt6Gui.dll", "PySide6/Qt6Widgets.dll", "PySide6/Qt6OpenGL.dll",
    "PySide6/Qt6OpenGLWidgets.dll", "PySide6/Qt6Svg.dll", "PySide6/Qt6Test.dll",
    "PySide6/QtCore.pyd", "PySide6/QtOpenGL.pyd", "PySide6/pyside6.abi3.dll",
    "PySide6/msvcp140.dll", "PySide6/msvcp140_1.dll", "PySide6/vcruntime140_1.dll",
    "PySide6/plugins/platforms/qwindows.dll", "PySide6/plugins/platforms/qoffscreen.dll",
    "PySide6/plugins/styles/qmodernwindowsstyle.dll", "PySide6/plugins/imageformats/qico.dll",
    "PySide6/plugins/imageformats/qsvg.dll", "PySide6/plugins/iconengines/qsvgicon.dll",
]
WINDOWS_DROPPED = [
    "PySide6/opengl32sw.dll",  # 20.6 MB software OpenGL: never loaded (see test below)
    "PySide6/Qt6Network.dll", "PySide6/Qt6Quick.dll", "PySide6/Qt6Qml.dll", "PySide6/Qt6Pdf.dll",
    "PySide6/plugins/platforms/qdirect2d.dll", "PySide6/plugins/tls/qschannelbackend.dll",
    "PySide6/plugins/sqldrivers/qsqlite.dll", "PySide6/plugins/imageformats/qtiff.dll",
    "PySide6/translations/qtbase_de.qm", "PySide6/qml/QtQuick/Controls/impl/qmldir",
    "PySide6/resources/icudtl.dat",
]
LINUX_KEPT = [
    "PySide6/Qt/lib/libQt6Core.so.6", "PySide6/Qt/lib/libicudata.so.73", "PySide6/Qt/lib/libQt6XcbQpa.so.6",
    "PySide6/Qt/lib/libQt6DBus.so.6", "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so", "PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
    "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
    "libQt6Core.so.6", "libQt6Gui.so.6",  # PyInstaller's top-level links
]
LINUX_DROPPED = [
    "PySide6/Qt/lib/libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Network.so.6",
    "PySide6/Qt/plugins/platforms/libqwayland.so", "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
    "PySide6/Qt/translations/qtbase_fr.qm", "libQt6Network.so.6",
]


@pytest.mark.parametrize("path", WINDOWS_KEPT + LINUX_KEPT)
def test_what_the_program_needs_is_kept(path):
    assert rules.keep(path)
    assert rules.keep(path.replace("/", "\\"))


@pytest.mark.parametrize("path", WINDOWS_DROPPED + LINUX_DROPPED)
def test_what_it_never_uses_is_left_out(path):
    assert not rules.keep(path)


def test_prune_folder_removes_only_what_the_rules_reject(tmp_path):
    internal = tmp_path / "MaternityDesk" / "_internal"
    for rel in WINDOWS_KEPT + WINDOWS_DROPPED:
        (internal / rel).parent.mkdir(parents=True, exist_ok=True)
        (internal / rel).write_bytes(b"x")
    removed = {p.relative_to(internal).as_posix() for p in rules.prune_folder(tmp_path / "MaternityDesk")}
    assert removed == set(WINDOWS_DROPPED)
    assert all((internal / rel).is_file() for rel in WINDOWS_KEPT)
    assert not (internal / "PySide6" / "translations").exists()  # emptied folders go too


@pytest.fixture(scope="module")
def full_run(tmp_path_factory):
    """One separate process that uses every part of the program (see _full_run.py)."""
    work = tmp_path_factory.mktemp("full-run")
    from maternity_desk.demo import build_demo
    from tests.conftest import DEMO_TODAY

    db = work / "demo.sqlite"
    build_demo(db, today=DEMO_TODAY).close()
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="offscreen", MATERNITY_DESK_DATA=str(work / "data"))
    proc = subprocess.run([sys.executable, str(Path(__file__).with_name("_full_run.py")), str(db), str(work)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    line = next(x for x in proc.stdout.splitlines() if x.startswith("RESULT "))
    result = json.loads(line[len("RESULT "):])
    result["work"] = work
    return result


def test_the_full_run_worked(full_run):
    assert all(code == 0 for _, code in full_run["codes"]), full_run["codes"]
    for name in ("return.xlsx", "pack.pdf", "statement.xlsx", "backup.sqlite"):
        assert (full_run["work"] / name).stat().st_size > 0


def test_no_module_the_build_leaves_out_is_imported(full_run):
    imported = set(full_run["modules"])
    qt_left_out = {f"PySide6.{m}" for m in rules.QT_MODULE_EXCLUDES}
    assert not imported & qt_left_out
    # _hashlib (OpenSSL's hashes) is tried first by hashlib, which falls back to CPython's
    # own md5/sha1/sha2/blake2 when it is missing, as it is in the bundle.
    optional = {"_hashlib"}
    used = sorted(m for m in imported - optional
                  for left_out in rules.PYTHON_EXCLUDES if m == left_out or m.startswith(left_out + "."))
    assert used == [], f"the frozen build would not have: {used}"


def test_the_qt_modules_it_runs_with_are_the_ones_listed(full_run):
    used = {m.split(".")[1] for m in full_run["modules"] if m.startswith("PySide6.Qt") and m.count(".") == 1}
    assert used == set(rules.RUNTIME_QT_MODULES)


def test_hashlib_works_without_openssl():
    code = ("import sys; sys.modules['_hashlib'] = None\n"
            "import hashlib; print(hashlib.sha256(b'abc').hexdigest()[:8], hashlib.md5(b'').hexdigest()[:4])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["ba7816bf", "d41d"]


def test_nothing_draws_with_opengl_so_the_software_renderer_can_go(full_run):
    assert full_run["use_opengl"] is False
    assert full_run["gl_widgets"] == []


def test_modules_pyqtgraph_needs_are_not_left_out():
    # pyqtgraph imports these at import time; PlotCurveItem imports QtOpenGL; colorama and
    # pydoc break start-up when left out.
    for name in ("QtOpenGL", "QtOpenGLWidgets", "QtSvg", "QtTest", "QtCore", "QtGui", "QtWidgets"):
        assert name not in rules.QT_MODULE_EXCLUDES
    assert not {"pydoc", "colorama"} & set(rules.PYTHON_EXCLUDES)


def test_zip_keeps_links_as_links(tmp_path):
    require_program("unzip", "unzip")
    import importlib.util

    spec = importlib.util.spec_from_file_location("md_build", ROOT / "installer" / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    folder = tmp_path / "MaternityDesk"
    lib = folder / "_internal" / "PySide6" / "Qt" / "lib"
    lib.mkdir(parents=True)
    payload = os.urandom(200_000)  # does not compress: stored twice, the zip would double
    (lib / "libQt6Core.so.6").write_bytes(payload)
    (folder / "_internal" / "libQt6Core.so.6").symlink_to("PySide6/Qt/lib/libQt6Core.so.6")
    (folder / "MaternityDesk").write_bytes(b"exe")
    dest = tmp_path / "out.zip"
    build.zip_folder(folder, dest)
    assert dest.stat().st_size < 300_000  # the library is stored once, not twice
    out = tmp_path / "unzipped"
    subprocess.run(["unzip", "-q", str(dest), "-d", str(out)], check=True)
    link = out / "MaternityDesk" / "_internal" / "libQt6Core.so.6"
    assert link.is_symlink() and link.read_bytes() == payload
    assert (out / "MaternityDesk" / "MaternityDesk").read_bytes() == b"exe"
