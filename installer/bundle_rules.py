"""What goes into the frozen folder and what is left out, shared by the spec and build.py.

PyInstaller collects a Qt module's plugins and translations as soon as the module is
imported by anything. The spec filters the collected entries with :func:`keep`; build.py runs
:func:`prune_folder` on the finished folder as a second pass (same rules) and reports what it
removed, so a new PyInstaller hook that adds files cannot grow the bundle silently.

Paths are matched with forward slashes and case-insensitively. Windows wheels lay PySide6
out as ``PySide6/plugins/...`` and Linux/macOS wheels as ``PySide6/Qt/plugins/...``; both
are handled.
"""

from __future__ import annotations

import re
from pathlib import Path

APP_NAME = "MaternityDesk"          # the folder and the windowed executable
CLI_NAME = "maternity-desk-cli"     # the console twin (Windows only)
BARE_NAME = "MaternityDeskBare"     # the bare PySide6 window used by the start-up benchmark
DEBUG_CONSOLE_ENV = "MATERNITY_DESK_DEBUG_CONSOLE"

# Python modules never needed at run time. Qt modules named here are not imported by us,
# pyqtgraph, openpyxl or sqlite-utils; pyqtgraph does import QtOpenGLWidgets, QtSvg and
# QtTest at import time, so those stay. Never add pydoc (start-up breaks) or colorama
# (pyqtgraph.util.cprint imports it).
QT_MODULE_EXCLUDES = [
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtAxContainer", "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization",
    "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation",
    "QtMultimedia", "QtMultimediaWidgets", "QtNetwork", "QtNetworkAuth", "QtNfc", "QtPdf",
    "QtPdfWidgets", "QtPositioning", "QtQml", "QtQuick", "QtQuick3D", "QtQuickControls2",
    "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus",
    "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine", "QtTextToSpeech",
    "QtUiTools", "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets",
    "QtWebSockets", "QtWebView", "QtXml",
]

PYTHON_EXCLUDES = [
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "lib2to3", "ensurepip", "venv",
    "test", "unittest.test",
    # development tools that may sit in the same virtual environment
    "pytest", "_pytest", "pytestqt", "python_calamine", "ruff", "IPython", "jedi", "setuptools",
    "pip",
    # other Qt bindings pyqtgraph probes for; PySide6 is the only one we ship
    "PyQt5", "PyQt6", "PySide2", "sip",
    # parts of pyqtgraph we never use (3-D needs PyOpenGL; examples and Jupyter glue)
    "pyqtgraph.opengl", "pyqtgraph.examples", "pyqtgraph.jupyter",
    "numpy.f2py", "numpy.distutils",
    # The program is offline: no TLS. Without _hashlib, hashlib uses CPython's built-in
    # md5/sha1/sha2/sha3/blake2 (everything used here), and OpenSSL's libcrypto (about 5 MB)
    # stays out; pbkdf2_hmac and OpenSSL-only algorithms are then unavailable.
    "ssl", "_ssl", "_hashlib",
    "readline",  # interactive prompts only
]


# The Qt modules the program imports when it runs (its own, pyqtgraph's and openpyxl's
# imports; tests/packaging checks this against a real run). check_windows_deps.py starts
# from these to list the DLLs of the Windows folder.
RUNTIME_QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtOpenGL", "QtOpenGLWidgets", "QtSvg", "QtTest")


def module_excludes() -> list[str]:
    return [f"PySide6.{m}" for m in QT_MODULE_EXCLUDES] + PYTHON_EXCLUDES


# Plugin folders kept (everything else under plugins/ goes), and within some of them only
# the named plugins. platforms: Windows, X11, and the offscreen one CI and --self-test use.
KEEP_PLUGIN_DIRS = {
    "platforms", "imageformats", "iconengines", "styles", "platforminputcontexts",
    "xcbglintegrations", "printsupport",
}
KEEP_PLUGINS = {
    "platforms": re.compile(r"^(lib)?q(windows|xcb|offscreen|minimal|cocoa)\.", re.I),
    "imageformats": re.compile(r"^(lib)?q(ico|svg|jpeg|gif)\.", re.I),
    "platforminputcontexts": re.compile(r"^lib(compose|ibus)platforminputcontextplugin\.", re.I),
}

# Qt libraries that only the modules and plugins left out above use. A library in use by
# something kept is never listed here: build.py's dependency check fails the build if it is.
_UNUSED_QT_LIBS = re.compile(
    r"(^|/)(lib)?Qt6(Qml|Quick|Designer|Lottie|Labs|Wayland|Wl|Pdf|WebEngine|WebChannel|"
    r"WebSockets|WebView|Multimedia|SpatialAudio|3D|Charts|DataVisualization|Graphs|Network|"
    r"Sql|Help|UiTools|Concurrent|VirtualKeyboard|ShaderTools|VectorImage|EglFS|Positioning|"
    r"Location|Sensors|SerialPort|SerialBus|Bluetooth|Nfc|RemoteObjects|Scxml|StateMachine|"
    r"TextToSpeech|HttpServer|Xml)[^/]*$",
    re.I,
)


def _qt_relative(dest: str) -> str | None:
    """'plugins/platforms/qxcb.dll' for any PySide6 Qt file, else None."""
    parts = dest.replace("\\", "/").split("/")
    if not parts or parts[0].lower() != "pyside6":
        return None
    rest = parts[1:]
    if rest and rest[0].lower() == "qt":
        rest = rest[1:]
    return "/".join(rest)


# Windows only: Qt's software OpenGL renderer (Mesa llvmpipe, 20.6 MB in the PySide6 6.11
# wheel, the largest file of the Windows folder), which PyInstaller collects with QtGui. Qt
# loads it only for an OpenGL surface on a machine without an OpenGL 2 driver; the program
# draws with the raster engine only (no QOpenGLWidget, pyqtgraph's useOpenGL stays off), so
# it is never loaded. tests/packaging checks that no OpenGL surface is created.
_UNUSED_WINDOWS_DLLS = re.compile(r"(^|/)opengl32sw\.dll$", re.I)


def keep(dest: str) -> bool:
    """Whether a bundled file (its path inside the bundle) is kept."""
    if _UNUSED_WINDOWS_DLLS.search(dest.replace("\\", "/")):
        return False
    rel = _qt_relative(dest)
    if rel is None:
        # top-level links PyInstaller makes to Qt libraries (libQt6Network.so.6 -> PySide6/...)
        return "/" in dest.replace("\\", "/") or not _UNUSED_QT_LIBS.search(dest)
    parts = rel.split("/")
    top = parts[0].lower()
    if top == "translations":
        return False  # the app is English only; Qt's built-in strings are English
    if top in ("qml", "libexec", "resources", "metatypes", "typesystems", "include", "glue"):
        return False
    if top == "plugins" and len(parts) >= 3:
        kind, name = parts[1].lower(), parts[-1]
        if kind not in KEEP_PLUGIN_DIRS:
            return False
        rule = KEEP_PLUGINS.get(kind)
        return rule is None or bool(rule.match(name))
    return not _UNUSED_QT_LIBS.search(rel)


def filter_toc(toc):
    """Filter a PyInstaller TOC ((dest, source, typecode) tuples)."""
    return [entry for entry in toc if keep(entry[0])]


def prune_folder(folder: Path) -> list[Path]:
    """Delete files the rules reject from a built folder; return what was removed."""
    removed = []
    internal = folder / "_internal" if (folder / "_internal").is_dir() else folder
    for path in sorted(internal.rglob("*")):
        if path.is_file() and not keep(path.relative_to(internal).as_posix()):
            path.unlink()
            removed.append(path)
    for path in sorted(internal.rglob("*"), reverse=True):  # empty folders left behind
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return removed
