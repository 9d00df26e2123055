"""Start-up: process start to main window shown on the demo database, against a bare PySide6
QMainWindow measured in the same run (target <= 1.3x); and `check` on the demo database.

Both run with compiled bytecode, as on a person's machine (an installed package and the bundle
carry it; a source checkout writes it on the first start): the byte-code cache goes to a
temporary folder even where PYTHONDONTWRITEBYTECODE is set, and the first, untimed runs fill it.

Run: .venv/bin/python tests/benchmarks/bench_startup.py [--runs 9] [--instructions]
Uses the offscreen platform unless DISPLAY is set (run under xvfb-run for a real X server).

Wall-clock times on a shared or virtual machine vary by 10-30% from run to run. With
``--instructions`` (needs valgrind) each start is also counted in instructions executed, from the
process's start to its first frame, every thread (callgrind): the same program gives the same
count to within 0.1% whatever else the machine is doing, so a change of a few ms shows. Only
work on the processor counts: the system's own (files opened, memory first touched) does not.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Each prints "shown" and quits on the window's first paint event, the moment it is shown: the
# clock stops at "shown", so what each does on its way out (the app closes its database and
# saves the window's place) is not start-up.
BARE = """
import sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow()
w.resize(1280, 720)
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print("shown", flush=True)
            app.quit()
        return False
f = FirstPaint()
w.installEventFilter(f)
w.show()
app.exec()
"""

# The least a real window does before its first paint, for scale: the Qt namespace's enums, a
# navigation list, text (which loads the fonts), a menu bar and a status bar.
MINIMAL = BARE.replace("w.resize(1280, 720)", """w.resize(1280, 720)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QWidget
c = QWidget()
row = QHBoxLayout(c)
nav = QListWidget()
nav.addItems(["Home", "Training", "Dashboard", "Training fund", "Improvement", "Governance"])
row.addWidget(nav)
row.addWidget(QLabel("Ashmoor Maternity Unit", alignment=Qt.AlignmentFlag.AlignLeft))
w.setCentralWidget(c)
w.menuBar().addMenu("&File")
w.statusBar().showMessage("Ready")""")


def timed(cmd: list[str], env: dict) -> float:
    """Seconds from starting ``cmd`` to its printing "shown" (or, if it prints nothing, to its end)."""
    t = time.perf_counter()
    with subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as proc:
        for line in proc.stdout:
            if line.strip() == "shown":
                shown = time.perf_counter() - t
                break
        else:
            shown = None
        proc.stdout.read()
        if proc.wait() != 0:
            raise subprocess.CalledProcessError(proc.returncode, cmd)
    return shown if shown is not None else time.perf_counter() - t


# Counting instructions, each program ends the moment it prints "shown" (its first frame), as the
# clock stops there: what each does on its way out (closing the database, saving the window's
# place, Python's and Qt's teardown) is not start-up, and a bare window's heavier share of it
# would flatter the ratio (measured on the same code: 1.19 to the exit, 1.27 to the first frame).
UNTIL_SHOWN = """
import builtins, os, sys
_print = builtins.print
def _print_then_end(*a, **k):
    _print(*a, **k)
    if a == ("shown",):
        sys.stdout.flush()
        os._exit(0)
builtins.print = _print_then_end
"""


def until_shown(cmd: list[str]) -> list[str]:
    """``cmd`` (``python -c CODE ...`` or ``python -m MODULE ...``) ending at its first frame."""
    python, how, what, *rest = cmd
    body = what if how == "-c" else f"import runpy; runpy.run_module({what!r}, run_name='__main__', alter_sys=True)"
    return [python, "-c", UNTIL_SHOWN + body, *rest]


def instructions(cmd: list[str], env: dict) -> int:
    """Instructions executed by ``cmd`` from its start to its first frame, every thread
    (valgrind's callgrind; ~40x slower)."""
    run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *until_shown(cmd)],
                         env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return int(re.search(r"Collected : (\d+)", run.stderr)[1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--instructions", action="store_true", help="also count instructions (needs valgrind)")
    args = ap.parse_args()
    env = dict(os.environ)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    tmp = Path(tempfile.mkdtemp(prefix="md-bench-"))
    env["MATERNITY_DESK_DATA"] = str(tmp / "data")
    env["XDG_CONFIG_HOME"] = str(tmp / "config")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    db = tmp / "demo.sqlite"
    subprocess.run([sys.executable, "-m", "maternity_desk", "demo", "--db", str(db)], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    app_env = dict(env, MATERNITY_DESK_EXIT_WHEN_SHOWN="1")
    app_cmd = [sys.executable, "-m", "maternity_desk", "--db", str(db)]
    bare_cmd = [sys.executable, "-c", BARE]
    minimal_cmd = [sys.executable, "-c", MINIMAL]
    timed(app_cmd, app_env)  # warm the file cache
    timed(bare_cmd, env)
    app_t, bare_t, ratios, minimal_ratios = [], [], [], []
    for _ in range(args.runs):
        a = timed(app_cmd, app_env)
        b = timed(bare_cmd, env)
        m = timed(minimal_cmd, env)
        app_t.append(a)
        bare_t.append(b)
        ratios.append(a / b)
        minimal_ratios.append(m / b)
    print(f"platform: {env.get('QT_QPA_PLATFORM', 'xcb')}, runs: {args.runs}")
    print(f"main window on demo db: median {statistics.median(app_t):.3f} s (min {min(app_t):.3f}, max {max(app_t):.3f})")
    print(f"bare QMainWindow:       median {statistics.median(bare_t):.3f} s (min {min(bare_t):.3f}, max {max(bare_t):.3f})")
    print(f"ratio (pairwise median): {statistics.median(ratios):.3f}x  (target <= 1.3x)")
    print(f"for scale, a window with a list, a label, a menu and a status bar: {statistics.median(minimal_ratios):.3f}x")
    if args.instructions:
        if not shutil.which("valgrind"):
            raise SystemExit("--instructions needs valgrind (apt-get install valgrind)")
        counts = {name: instructions(cmd, app_env if name == "main window" else env)
                  for name, cmd in (("main window", app_cmd), ("bare", bare_cmd), ("minimal", minimal_cmd))}
        print(f"instructions: main window {counts['main window'] / 1e6:,.0f} M, bare {counts['bare'] / 1e6:,.0f} M,"
              f" minimal {counts['minimal'] / 1e6:,.0f} M")
        print(f"ratio in instructions: {counts['main window'] / counts['bare']:.3f}x  (target <= 1.3x);"
              f" the minimal window {counts['minimal'] / counts['bare']:.3f}x")
    checks = [timed([sys.executable, "-m", "maternity_desk", "check", "--db", str(db)], env) for _ in range(5)]
    size = db.stat().st_size
    print(f"check on demo db ({size / 1e6:.1f} MB): median {statistics.median(checks):.3f} s (whole process)")
    from maternity_desk.store.check import run_check

    report = run_check(db)
    print(f"check in-process: {report.seconds:.3f} s")


if __name__ == "__main__":
    main()
