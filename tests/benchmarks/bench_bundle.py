"""Bundle benchmark: size of the one-folder build, and frozen start-up against a bare window.

    .venv/bin/python tests/benchmarks/bench_bundle.py [--no-build] [--runs 7] [--no-xz]

Builds ``dist/MaternityDesk`` and ``dist/MaternityDeskBare`` (a bare PySide6 QMainWindow frozen
by the same spec, excludes and pruning) with ``installer/build.py``, then prints:

* size unpacked, zipped (deflate, as "Send to > Compressed folder" or a portable zip) and
  as .tar.xz (about what the installer's LZMA2 gives), for both folders;
* start to window shown, median of ``--runs`` alternating runs after one warm-up each, on the
  demo unit: (a) until the program's top-level window is mapped on the X server (found by
  its _NET_WM_PID), when an X display is available; (b) until the program exits by itself
  with ``MATERNITY_DESK_EXIT_WHEN_SHOWN=1`` (it quits once its window is shown), anywhere.

Without a display it re-runs itself under ``xvfb-run`` when that exists; otherwise only (b)
is measured, on the offscreen platform. Targets: <= 180 MB unpacked, <= 75 MB compressed,
start-up <= 1.5 x the bare window.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import importlib.util
import io
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installer"))

import bundle_rules as rules  # noqa: E402

_spec = importlib.util.spec_from_file_location("md_installer_build", ROOT / "installer" / "build.py")
_build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_build)
executable, folder_size, zip_folder = _build.executable, _build.folder_size, _build.zip_folder

DIST = ROOT / "dist"


class _CountingWriter(io.RawIOBase):
    """A write-only sink that only counts bytes (compressed size without a file)."""

    def __init__(self):
        self.size = 0

    def writable(self):
        return True

    def write(self, b):
        self.size += len(b)
        return len(b)


def zip_size(folder: Path) -> int:
    sink = _CountingWriter()
    zip_folder(folder, sink, level=6)
    return sink.size


def xz_size(folder: Path) -> int:
    sink = _CountingWriter()
    with tarfile.open(fileobj=sink, mode="w:xz", preset=6) as tf:
        tf.add(folder, arcname=folder.name)
    return sink.size


# --- X11: when is the window mapped? ---------------------------------------------------------

class _XWindowAttributes(ctypes.Structure):
    _fields_ = [("x", ctypes.c_int), ("y", ctypes.c_int), ("width", ctypes.c_int), ("height", ctypes.c_int),
                ("border_width", ctypes.c_int), ("depth", ctypes.c_int), ("visual", ctypes.c_void_p),
                ("root", ctypes.c_ulong), ("class_", ctypes.c_int), ("bit_gravity", ctypes.c_int),
                ("win_gravity", ctypes.c_int), ("backing_store", ctypes.c_int),
                ("backing_planes", ctypes.c_ulong), ("backing_pixel", ctypes.c_ulong),
                ("save_under", ctypes.c_int), ("colormap", ctypes.c_ulong), ("map_installed", ctypes.c_int),
                ("map_state", ctypes.c_int), ("all_event_masks", ctypes.c_long),
                ("your_event_mask", ctypes.c_long), ("do_not_propagate_mask", ctypes.c_long),
                ("override_redirect", ctypes.c_int), ("screen", ctypes.c_void_p)]


class X11Watch:
    """Polls the X server's top-level windows for a viewable one owned by a process id."""

    IS_VIEWABLE = 2
    XA_CARDINAL = 6

    def __init__(self):
        name = ctypes.util.find_library("X11")
        if not name or not os.environ.get("DISPLAY"):
            raise OSError("no X display")
        x = self.x = ctypes.CDLL(name)
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XDefaultRootWindow.restype = ctypes.c_ulong
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
                                 ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
                                 ctypes.POINTER(ctypes.c_uint)]
        x.XGetWindowAttributes.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(_XWindowAttributes)]
        x.XInternAtom.restype = ctypes.c_ulong
        x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        x.XGetWindowProperty.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_long,
                                         ctypes.c_long, ctypes.c_int, ctypes.c_ulong,
                                         ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_int),
                                         ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_ulong),
                                         ctypes.POINTER(ctypes.c_void_p)]
        x.XFree.argtypes = [ctypes.c_void_p]
        self.display = x.XOpenDisplay(None)
        if not self.display:
            raise OSError("cannot open the X display")
        self.root = x.XDefaultRootWindow(self.display)
        self.pid_atom = x.XInternAtom(self.display, b"_NET_WM_PID", False)

    def _pid(self, window: int) -> int | None:
        kind, fmt, n, after = ctypes.c_ulong(), ctypes.c_int(), ctypes.c_ulong(), ctypes.c_ulong()
        data = ctypes.c_void_p()
        status = self.x.XGetWindowProperty(self.display, window, self.pid_atom, 0, 1, False, self.XA_CARDINAL,
                                           ctypes.byref(kind), ctypes.byref(fmt), ctypes.byref(n),
                                           ctypes.byref(after), ctypes.byref(data))
        try:
            if status != 0 or not data.value or n.value < 1:
                return None
            return ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))[0]
        finally:
            if data.value:
                self.x.XFree(data)

    def shown(self, pid: int, min_width: int = 300) -> bool:
        root, parent = ctypes.c_ulong(), ctypes.c_ulong()
        children, count = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
        if not self.x.XQueryTree(self.display, self.root, ctypes.byref(root), ctypes.byref(parent),
                                 ctypes.byref(children), ctypes.byref(count)):
            return False
        try:
            for i in range(count.value):
                window = children[i]
                attrs = _XWindowAttributes()
                if not self.x.XGetWindowAttributes(self.display, window, ctypes.byref(attrs)):
                    continue
                if attrs.map_state == self.IS_VIEWABLE and attrs.width >= min_width and self._pid(window) == pid:
                    return True
        finally:
            if children:
                self.x.XFree(children)
        return False


def time_to_mapped(watch: X11Watch, cmd: list, env: dict, timeout: float = 60.0) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - started < timeout:
            if watch.shown(proc.pid):
                return time.perf_counter() - started
            if proc.poll() is not None:
                raise RuntimeError(f"{cmd[0]} exited with {proc.returncode} before showing a window")
            time.sleep(0.002)
        raise RuntimeError(f"{cmd[0]} showed no window in {timeout} s")
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def time_to_exit(cmd: list, env: dict, timeout: float = 60.0) -> float:
    started = time.perf_counter()
    result = subprocess.run(cmd, env=dict(env, MATERNITY_DESK_EXIT_WHEN_SHOWN="1"), timeout=timeout,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({result.returncode}): {result.stderr.strip()[-400:]}")
    return elapsed


def median_pair(measure, app_cmd, bare_cmd, env, runs: int) -> tuple[float, float]:
    measure(app_cmd, env)
    measure(bare_cmd, env)  # warm-up: file cache
    app, bare = [], []
    for _ in range(runs):
        app.append(measure(app_cmd, env))
        bare.append(measure(bare_cmd, env))
    return statistics.median(app), statistics.median(bare)


def main() -> int:
    parser = argparse.ArgumentParser(description="bundle size and frozen start-up")
    parser.add_argument("--no-build", action="store_true", help="measure the folders already in dist/")
    parser.add_argument("--runs", type=int, default=7, help="start-up runs per program (median)")
    parser.add_argument("--no-xz", action="store_true", help="skip the (slow) .tar.xz size")
    args = parser.parse_args()

    if not os.environ.get("DISPLAY") and sys.platform.startswith("linux") and shutil.which("xvfb-run") \
            and not os.environ.get("BENCH_BUNDLE_NO_XVFB"):
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", sys.executable, *sys.argv]
        return subprocess.call(cmd, env=dict(os.environ, BENCH_BUNDLE_NO_XVFB="1"))

    app_dir, bare_dir = DIST / rules.APP_NAME, DIST / rules.BARE_NAME
    if not args.no_build or not (executable(app_dir).exists() and executable(bare_dir).exists()):
        for extra in ([], ["--bare"]):
            subprocess.run([sys.executable, str(ROOT / "installer" / "build.py"), *extra], check=True)

    print("\n== bundle size ==")
    print(f"{'folder':<22}{'unpacked':>12}{'zip':>12}{'tar.xz':>12}")
    sizes = {}
    for folder in (app_dir, bare_dir):
        unpacked, zipped = folder_size(folder), zip_size(folder)
        xz = None if args.no_xz else xz_size(folder)
        sizes[folder.name] = (unpacked, zipped, xz)
        print(f"{folder.name:<22}{unpacked / 1e6:>9.1f} MB{zipped / 1e6:>9.1f} MB"
              + (f"{xz / 1e6:>9.1f} MB" if xz else f"{'-':>12}"))
    unpacked, zipped, xz = sizes[app_dir.name]
    print(f"targets: unpacked <= 180 MB: {'met' if unpacked <= 180e6 else 'MISSED'}; "
          f"compressed <= 75 MB: zip {'met' if zipped <= 75e6 else 'MISSED'}"
          + (f", xz {'met' if xz <= 75e6 else 'MISSED'}" if xz else ""))

    work = Path(tempfile.mkdtemp(prefix="bench-bundle-"))
    env = dict(os.environ, MATERNITY_DESK_DATA=str(work / "data"))
    if not os.environ.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    else:
        env.pop("QT_QPA_PLATFORM", None)
    db = work / "demo.sqlite"
    subprocess.run([executable(app_dir), "demo", "--db", db], env=env, check=True, stdout=subprocess.DEVNULL)
    app_cmd, bare_cmd = [executable(app_dir), "--db", db], [executable(bare_dir)]

    print(f"\n== frozen start to window shown (median of {args.runs}, demo unit) ==")
    try:
        watch = X11Watch()
    except OSError as exc:
        watch = None
        print(f"(a) window mapped: not measured ({exc})")
    if watch is not None:
        app_t, bare_t = median_pair(lambda c, e: time_to_mapped(watch, c, e), app_cmd, bare_cmd, env, args.runs)
        print(f"(a) window mapped on X:   app {app_t * 1000:6.0f} ms   bare {bare_t * 1000:6.0f} ms   "
              f"ratio {app_t / bare_t:.2f}x (target <= 1.5x)")
    app_t, bare_t = median_pair(time_to_exit, app_cmd, bare_cmd, env, args.runs)
    print(f"(b) shown and exited:     app {app_t * 1000:6.0f} ms   bare {bare_t * 1000:6.0f} ms   "
          f"ratio {app_t / bare_t:.2f}x")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
