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
