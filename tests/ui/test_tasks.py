"""Background reads for a page (ui.tasks.Latest): only the newest request is shown, a busy
cursor shows while any read is outstanding, and a failure reaches the page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from maternity_desk.ui import tasks


class HeldRunner:
    """Keeps each job until the test finishes it, in any order."""

    def __init__(self):
        self.jobs = []

    def run(self, parent, fn, on_done, on_error, label=None) -> None:
        self.jobs.append((fn, on_done, on_error))

    def finish(self, i: int) -> None:
        fn, on_done, on_error = self.jobs[i]
        try:
            result = fn()
        except Exception as exc:
            on_error(exc)
        else:
            on_done(result)


def test_an_older_read_finishing_last_is_dropped(store, qtbot, monkeypatch):
    held = HeldRunner()
    monkeypatch.setattr(tasks, "runner", held)
    page = QWidget()
    qtbot.addWidget(page)
    latest = tasks.Latest(page)
    shown = []
    latest.read(store, lambda s: "as at 1 May", shown.append)
    latest.read(store, lambda s: "as at 2 May", shown.append)
    assert latest.busy and page.cursor().shape() == Qt.CursorShape.BusyCursor
    held.finish(1)  # the newer one first: shown
    assert shown == ["as at 2 May"]
    assert latest.busy  # the older one is still running
    held.finish(0)  # the older one last: dropped
    assert shown == ["as at 2 May"]
    assert not latest.busy and page.cursor().shape() == Qt.CursorShape.ArrowCursor


def test_each_read_has_its_own_connection_to_the_same_file(store, qtbot, monkeypatch):
    held = HeldRunner()
    monkeypatch.setattr(tasks, "runner", held)
    page = QWidget()
    qtbot.addWidget(page)
    seen = []
    tasks.Latest(page).read(store, lambda s: (s is store, s.path), seen.append)
    held.finish(0)
    assert seen == [(False, store.path)]


def test_a_failed_read_reaches_the_page(store, qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    errors = []

    def broken(_store):
        raise ValueError("no such table")

    tasks.Latest(page).read(store, broken, lambda r: None, errors.append)
    assert [str(e) for e in errors] == ["no such table"]


def test_work_asked_for_while_a_page_is_built_starts_once_the_page_has_painted(qtbot, monkeypatch):
    import threading

    from PySide6.QtWidgets import QLabel, QVBoxLayout

    monkeypatch.setattr(tasks, "runner", tasks.ThreadRunner())  # real threads
    started, done = [], []
    page = QWidget()
    with tasks.after_first_paint(lambda: page):
        QVBoxLayout(page).addWidget(QLabel("Opening…"))
        tasks.run_task(None, lambda: started.append(threading.get_ident()) or "figures", done.append, done.append)
    qtbot.wait(50)
    assert started == [] and done == []  # not painted yet: kept back
    page.show()  # painted
    qtbot.waitUntil(lambda: done == ["figures"], timeout=3000)
    assert started and started[0] != threading.get_ident()  # on a worker
    # outside the block: at once
    tasks.run_task(None, lambda: "more", done.append, done.append)
    qtbot.waitUntil(lambda: done == ["figures", "more"], timeout=3000)
    page.close()


def test_kept_back_work_starts_anyway_if_the_page_never_paints(qtbot, monkeypatch):
    monkeypatch.setattr(tasks, "runner", tasks.ThreadRunner())
    done = []
    page = QWidget()  # never shown
    with tasks.after_first_paint(lambda: page):
        tasks.run_task(None, lambda: "figures", done.append, done.append)
    qtbot.waitUntil(lambda: done == ["figures"], timeout=3000)  # after a quarter of a second


# --- work in short steps on the UI thread (the PDFs) ----------------------------------------------

def _steps(log: list, n: int, fail_at: int | None = None):
    for i in range(n):
        if i == fail_at:
            raise OSError("the disk is full")
        log.append(f"step {i}")
        yield
    return n


def test_steps_run_one_per_turn_with_the_windows_own_timers_between(qtbot, monkeypatch):
    from PySide6.QtCore import QTimer

    monkeypatch.setattr(tasks, "runner", tasks.ThreadRunner())  # a real event loop between steps
    page = QWidget()
    qtbot.addWidget(page)
    log, done = [], []
    beat = QTimer(page)
    beat.setInterval(0)
    beat.timeout.connect(lambda: log.append("beat") if log and log[-1] != "beat" else None)
    beat.start()
    tasks.step_through(page, _steps(log, 4), done.append, done.append)
    qtbot.waitUntil(lambda: done == [4], timeout=3000)
    steps = [i for i, entry in enumerate(log) if entry.startswith("step")]
    assert len(steps) == 4
    assert all(b - a > 1 for a, b in zip(steps, steps[1:])), log  # the window's timer ran between each two


def test_a_failed_step_reaches_the_page_and_stops_the_rest(qtbot):
    log, failed = [], []
    tasks.step_through(QWidget(), _steps(log, 4, fail_at=2), lambda n: failed.append(("done", n)), failed.append)
    assert log == ["step 0", "step 1"] and len(failed) == 1 and "disk is full" in str(failed[0])


def test_steps_left_when_the_page_goes_are_closed_and_their_file_never_appears(qtbot, monkeypatch, tmp_path):
    import gc

    import shiboken6

    from maternity_desk.exchange.atomic import atomic_write

    monkeypatch.setattr(tasks, "runner", tasks.ThreadRunner())
    target = tmp_path / "pack.pdf"

    def writing():
        with atomic_write(target) as tmp:
            tmp.write_bytes(b"%PDF-")
            for _ in range(100):
                yield

    page = QWidget()
    tasks.step_through(page, writing(), lambda _n: None, lambda _e: None)
    qtbot.wait(20)  # a few steps
    assert list(tmp_path.iterdir())  # the temporary file, being written
    page.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(page), timeout=3000)
    qtbot.wait(20)
    gc.collect()
    assert list(tmp_path.iterdir()) == [] and not target.exists()


def test_run_through_returns_what_the_steps_return():
    log = []
    assert tasks.run_through(_steps(log, 3)) == 3 and len(log) == 3
