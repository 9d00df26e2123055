"""How the window responds on a large unit: every page and tab, first and later visit.

    .venv/bin/python tests/benchmarks/ui_responsiveness.py [--small] [--rebuild] [--runs N]

Builds (once, cached under build/bench/) the demo unit plus 1,000 staff and 300,000 attendance
records over ten years (``--small``: 200 staff and 30,000 records, for CI's tripwire), opens the
main window offscreen and, for each page and each of its tabs, first visit and later visit,
records:

- **block**: how long the switch itself held the event loop (the call that shows the page);
- **paint**: time from the switch to the page's own first paint (on a first visit the window
  shows "Opening…" in its place at once and builds the page in the next turn);
- **stall**: the longest gap between beats of a 5 ms heartbeat timer from the switch until
  the page settles (no background work left and 300 ms without a stall);
- **settled**: time until then (the figures are complete);
- **busy**: total time the heartbeat was late by more than 5 ms.

Modules run from compiled bytecode (build/bench/pycache), as installed. The window is left
alone for 1.5 s after it appears (as a person would before a first click: it imports the chart
library in the background then), and an empty page switch in the same run is the baseline.
Then what people do on an open page: move a date, filter, sort and export (see
:func:`interactions`). Prints one table; ``--json FILE`` also writes the figures for the
tripwire (tests/benchmarks/tripwire.py).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

CACHE = ROOT / "build" / "bench"

# Compiled bytecode, as on a person's machine (an installed package and the bundle carry it):
# kept under build/bench even where PYTHONDONTWRITEBYTECODE is set, so a page's first visit
# is not timed compiling the modules it imports (the first run writes it).
sys.dont_write_bytecode = False
sys.pycache_prefix = str(CACHE / "pycache")
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
os.environ["PYTHONPYCACHEPREFIX"] = sys.pycache_prefix


def build_unit(small: bool, rebuild: bool) -> Path:
    """The demo unit with a large training register added (cached)."""
    import random
    import tempfile
    from datetime import date

    from maternity_desk.demo import build_demo
    from maternity_desk.exchange.importing import commit, plan_file
    from tests.benchmarks.bench_training import split_csv, write_files

    path = CACHE / ("unit-small.sqlite" if small else "unit-large.sqlite")
    if path.exists() and not rebuild:
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    building = path.with_name("building-" + path.name)  # renamed once complete
    for suffix in ("", "-wal", "-shm"):
        Path(str(building) + suffix).unlink(missing_ok=True)
    store = build_demo(building, seed=2016, today=date(2026, 10, 15))
    with tempfile.TemporaryDirectory() as tmp:
        staff, attendance = write_files(Path(tmp), random.Random(2016), staff=200 if small else 1000,
                                        records=30_000 if small else 300_000)
        commit(store, plan_file(store, "staff", staff), backup=False)
        for part in split_csv(attendance, 90_000):  # one import reads at most 100,000 rows
            commit(store, plan_file(store, "attendance", part), backup=False)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    building.rename(path)
    return path


class Probe:
    """A 5 ms heartbeat and a first-paint watch."""

    def __init__(self, app):
        from PySide6.QtCore import QObject, QTimer

        self.app = app
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._beat)
        self.last = time.perf_counter()
        self.gaps: list[float] = []
        self.first_paint: float | None = None
        self.watch = None

        probe = self

        class PaintWatch(QObject):
            def eventFilter(self, obj, event):  # noqa: N802
                from PySide6.QtCore import QEvent

                if probe.first_paint is None and event.type() == QEvent.Type.Paint:
                    watch = probe.watch() if callable(probe.watch) else probe.watch
                    if watch is not None and (obj is watch or watch.isAncestorOf(obj)):
                        probe.first_paint = time.perf_counter()
                return False

        self.filter = PaintWatch()
        app.installEventFilter(self.filter)
        self.timer.start()

    def _beat(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self.last)
        self.last = now

    def reset(self, watch) -> None:
        self.gaps = []
        self.first_paint = None
        self.watch = watch
        self.last = time.perf_counter()


def settle(app, probe: Probe, start: float, limit: float = 60.0, done=None) -> float:
    """Process events until no background work is left, ``done()`` (if given) says the work
    is finished, and 300 ms pass without a stall; returns the time (since ``start``) the page
    settled."""
    from PySide6.QtCore import QThreadPool

    pool = QThreadPool.globalInstance()
    quiet_since = time.perf_counter()
    settled_at = time.perf_counter()
    while time.perf_counter() - start < limit:
        app.processEvents()
        time.sleep(0.001)
        now = time.perf_counter()
        busy = pool.activeThreadCount() > 0 or (done is not None and not done())
        if busy or (probe.gaps and probe.gaps[-1] > 0.03 and now - probe.last < 0.005):
            quiet_since = now
            settled_at = now
        if now - quiet_since > 0.3:
            break
    return settled_at - start


def visit(app, window, probe: Probe, label: str, action, watch, done=None) -> dict:
    probe.reset(watch)
    start = time.perf_counter()
    action()
    block = time.perf_counter() - start
    settled = settle(app, probe, start, done=done)
    stall = max([block, *probe.gaps]) if probe.gaps else block
    # the switch itself shows up as the first late beat, so it is counted once
    busy = sum(g - 0.005 for g in probe.gaps if g > 0.010) if probe.gaps else block
    paint = (probe.first_paint - start) if probe.first_paint else float("nan")
    return {"visit": label, "block_ms": block * 1000, "paint_ms": paint * 1000, "stall_ms": stall * 1000,
            "settled_ms": max(settled, block) * 1000, "busy_ms": busy * 1000}


def run(path: Path) -> list[dict]:
    from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

    from maternity_desk.store import open_store
    from maternity_desk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    work = CACHE / "run.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    shutil.copy(path, work)
    store = open_store(work, backups=False)
    probe = Probe(app)
    start = time.perf_counter()
    window = MainWindow(store)
    window.resize(1366, 768)
    window.show()
    probe.reset(window)
    block = time.perf_counter() - start
    while time.perf_counter() - start < 1.5:  # left alone a moment, as a person would before a first click
        app.processEvents()
        time.sleep(0.005)
    settled = settle(app, probe, start)
    rows = [{"visit": "(start-up: window built and shown)", "block_ms": block * 1000,
             "paint_ms": ((probe.first_paint or start) - start) * 1000,
             "stall_ms": max([block, *probe.gaps]) * 1000, "settled_ms": settled * 1000,
             "busy_ms": (block + sum(g - 0.005 for g in probe.gaps if g > 0.010)) * 1000}]
    blank = QWidget()
    window.stack.addWidget(blank)
    home = window.stack.widget(0)
    rows.append(visit(app, window, probe, "(empty page switch)", lambda: window.stack.setCurrentWidget(blank), blank))
    window.stack.setCurrentWidget(home)
    titles = window.page_titles()
    for round_ in ("first", "later"):
        for i, title in enumerate(titles):
            if i == 0:
                continue
            window.nav.setCurrentRow(0)
            settle(app, probe, time.perf_counter())
            # the page's own first paint: a first visit shows "Opening…" in its place at once
            # and builds the page in the next turn (its paint is the one counted)
            rows.append(visit(app, window, probe, f"{title} ({round_})", lambda i=i: window.nav.setCurrentRow(i),
                              lambda i=i: window._pages[i]))
            page = window.stack.widget(i)
            for tabs in page.findChildren(QTabWidget):
                if not tabs.isVisible():
                    continue
                for t in range(1, tabs.count()):
                    name = tabs.tabText(t).replace("&", "")
                    rows.append(visit(app, window, probe, f"  {title} > {name} ({round_})",
                                      lambda tabs=tabs, t=t: tabs.setCurrentIndex(t), tabs.widget(t)))
                tabs.setCurrentIndex(0)
    rows.extend(interactions(app, window, probe))
    window.close()
    store.close()
    return rows


def interactions(app, window, probe: Probe) -> list[dict]:
    """What people do on a page once it is open: move a date, filter, sort, export. Save
    dialogs answer with a file in a temporary folder and message boxes are skipped."""
    import tempfile

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    folder = Path(tempfile.mkdtemp(prefix="md-ui-bench-"))
    asked: list[Path] = []  # the files the exports were told to write

    def save_as(_parent, _caption, _suggested, kinds="", *_a, **_k):
        suffix = ".pdf" if kinds.startswith("PDF") else ".png" if "png" in kinds.lower() else ".xlsx"
        asked.append(folder / f"export-{len(asked)}{suffix}")
        return str(asked[-1]), kinds

    def written() -> bool:  # an export is over when its file is there (written aside, then renamed)
        return bool(asked) and asked[-1].exists()

    QFileDialog.getSaveFileName = staticmethod(save_as)
    QMessageBox.information = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok)
    titles = window.page_titles()

    def page(title: str):
        window.nav.setCurrentRow(titles.index(title))
        settle(app, probe, time.perf_counter())
        return window.page(titles.index(title))

    rows = []

    def act(label: str, action, watch) -> None:
        exporting = "exported" in label
        rows.append(visit(app, window, probe, label, action, watch, done=written if exporting else None))

    training = page("Training")
    act("Training: compliance as at a day earlier", lambda: training.as_at.setDate(training.as_at.date().addDays(-1)),
        training)
    act("Training: overdue list for one staff group", lambda: training.list_group.setCurrentIndex(1), training)
    act("Training: overdue list exported", training._export_list, training)
    training.tabs.setCurrentIndex(1)
    settle(app, probe, time.perf_counter())
    act("Training: register sorted by name, Z to A",
        lambda: training.staff_view.sortByColumn(1, Qt.SortOrder.DescendingOrder), training)
    act("Training: register for one staff group", lambda: training.group_filter.setCurrentIndex(1), training)
    fund = page("Training fund")
    act("Training fund: ledger sorted by amount", lambda: fund.table.sortByColumn(2, Qt.SortOrder.DescendingOrder),
        fund)
    act("Training fund: ledger filtered", lambda: fund.filter.setText("prompt"), fund)
    act("Training fund: statement exported", fund._export, fund)
    monthly = page("Monthly return")
    monthly.open_after.setChecked(False)  # never hand the files to the desktop's viewer
    act("Monthly return: workbook exported", monthly._export_workbook, monthly)
    act("Monthly return: report pack exported (PDF)", monthly._export_pack, monthly)
    act("Monthly return: board report exported (PDF)", monthly._export_board, monthly)
    dashboard = page("Dashboard")
    from maternity_desk.ui.dashboard.page import SUMMARY

    dashboard.tabs.setCurrentIndex(SUMMARY)
    settle(app, probe, time.perf_counter())
    act("Dashboard: summary exported", dashboard._export_summary, dashboard)
    scheme = page("Incentive scheme")
    act("Incentive scheme: workbook exported", scheme._export_workbook, scheme)
    act("Incentive scheme: PDF exported", scheme._export_pdf, scheme)
    print("exports written:", ", ".join(sorted(f"{p.name} ({p.stat().st_size // 1024} KB)" for p in folder.iterdir())))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="200 staff and 30,000 records (CI's tripwire)")
    parser.add_argument("--rebuild", action="store_true", help="build the unit again")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--runs", type=int, default=1,
                        help="runs, each in a new process; each figure is the least of them (a shared machine's noise)")
    args = parser.parse_args()
    path = build_unit(args.small, args.rebuild)
    if args.runs > 1:
        import subprocess
        import tempfile

        runs = []
        with tempfile.TemporaryDirectory() as tmp:
            for n in range(args.runs):
                out = Path(tmp) / f"run{n}.json"
                subprocess.run([sys.executable, __file__, *(["--small"] if args.small else []), "--json", str(out)],
                               check=True, stdout=subprocess.DEVNULL)
                runs.append(json.loads(out.read_text()))
        rows = [{k: (min(r[i][k] for r in runs) if k.endswith("_ms") else v) for k, v in row.items()}
                for i, row in enumerate(runs[0])]
    else:
        rows = run(path)
    print(f"unit: {path.name}")
    print(f"{'visit':<52} {'block':>8} {'paint':>8} {'stall':>8} {'settled':>8} {'busy':>8}  (ms)")
    for r in rows:
        print(f"{r['visit']:<52} {r['block_ms']:8.1f} {r['paint_ms']:8.1f} {r['stall_ms']:8.1f} "
              f"{r['settled_ms']:8.1f} {r['busy_ms']:8.1f}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
