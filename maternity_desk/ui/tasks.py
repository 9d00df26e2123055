"""Run slow work off the UI thread and hear back on it.

``run_task(parent, fn, on_done, on_error, label=...)`` runs ``fn()`` on the global
``QThreadPool`` and calls ``on_done(result)`` or ``on_error(exc)`` back on the UI thread. A
progress dialog appears only if the work takes longer than half a second. Workers that touch
the database open their own connection (``open_store(path)``); SQLite connections are not
shared across threads.

Pages read through a :class:`Latest`: ``latest.read(store, fn, on_done)`` runs ``fn(store)``
on a worker with its own connection to the same file, shows a busy cursor over the page
meanwhile, and delivers only the newest request's result (an older one still running is
dropped when it finishes), so a click or a date change never waits behind earlier work.

Tests swap :data:`runner` for :class:`SyncRunner`, which runs the function at once (and
:class:`Latest` then reads through the page's own connection).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Generator, Iterator
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger(__name__)


class _Signals(QObject):
    """Signals: finished(object), failed(object)."""

    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any]):
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # delivered to the UI thread, never lost
            log.info("background task failed: %s", exc, exc_info=True)
            self._deliver(self.signals.failed, exc)
        else:
            self._deliver(self.signals.finished, result)

    @staticmethod
    def _deliver(signal, value) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the program is closing and nobody is left to hear it
            log.info("background task finished after its window closed")


class ThreadRunner:
    def __init__(self):
        self._running: set[_Job] = set()
        self.held: list[Callable[[], None]] | None = None  # starts kept back (see after_first_paint)

    def run(self, parent: QWidget | None, fn, on_done, on_error, label: str | None = None) -> None:
        from PySide6.QtCore import Qt

        job = _Job(fn)
        job.setAutoDelete(False)
        self._running.add(job)
        dialog = None
        if label and parent is not None:
            dialog = QProgressDialog(label, None, 0, 0, parent)
            dialog.setWindowTitle("Please wait")
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(500)
            dialog.setAccessibleName(label)

        def finish(callback, value):
            self._running.discard(job)
            if dialog is not None:
                dialog.reset()
                dialog.deleteLater()
            callback(value)

        job.signals.finished.connect(lambda r: finish(on_done, r), Qt.ConnectionType.QueuedConnection)
        job.signals.failed.connect(lambda e: finish(on_error, e), Qt.ConnectionType.QueuedConnection)
        if self.held is not None:
            self.held.append(lambda: QThreadPool.globalInstance().start(job))
        else:
            QThreadPool.globalInstance().start(job)


class SyncRunner:
    """Runs the function at once on the calling thread (tests)."""

    def run(self, parent, fn, on_done, on_error, label=None) -> None:
        try:
            result = fn()
        except Exception as exc:
            on_error(exc)
        else:
            on_done(result)


runner: ThreadRunner | SyncRunner = ThreadRunner()


def run_task(parent: QWidget | None, fn: Callable[[], Any], on_done: Callable[[Any], None],
             on_error: Callable[[Exception], None], label: str | None = None) -> None:
    runner.run(parent, fn, on_done, on_error, label)


class _AfterPaint(QObject):
    """Starts the jobs kept back while a page was built, once the page has painted (or after
    a quarter of a second, whichever comes first)."""

    def __init__(self, widget: QWidget, starts: list[Callable[[], None]]):
        super().__init__(widget)
        self.widget, self.starts = widget, starts
        widget.installEventFilter(self)  # the page only: an application-wide filter would see every event
        QTimer.singleShot(250, self, self.release)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self, self.release)  # once this paint is done
        return False

    def release(self) -> None:
        if self.starts is None:
            return
        self.widget.removeEventFilter(self)
        starts, self.starts = self.starts, None
        for start in starts:
            start()


@contextlib.contextmanager
def after_first_paint(widget: Callable[[], QWidget]) -> Iterator[None]:
    """Background work asked for inside the block (a page being built asks for its figures)
    starts once the page, ``widget()`` after the block, has first painted. Workers computing
    in Python take turns with the UI thread for the interpreter's lock, so with two of them
    running, building and painting the page took about three times as long; now the page is
    painted first, with its busy state, and the figures follow. At once under
    :class:`SyncRunner` (tests)."""
    if not isinstance(runner, ThreadRunner) or runner.held is not None:
        yield
        return
    starts: list[Callable[[], None]] = []
    runner.held = starts
    try:
        yield
    finally:
        runner.held = None
        if starts:
            _AfterPaint(widget(), starts)


def soon(widget: QWidget, fn: Callable[[], Any]) -> None:
    """``fn()`` on the next turn of the event loop (dropped if ``widget`` has gone), so what
    was shown so far is painted first; at once under :class:`SyncRunner` (tests). A 1 ms
    timer, not a zero one: Qt delivers a zero timer as a posted event, ahead of every timer,
    so a chain of them (:func:`one_per_turn`) would hold the window's own timers back."""
    if isinstance(runner, SyncRunner):
        fn()
    else:
        QTimer.singleShot(1, widget, fn)


def one_per_turn(widget: QWidget, items: list, fn: Callable[[Any], Any], on_done: Callable[[list], None],
                 on_error: Callable[[Exception], None]) -> None:
    """``fn(item)`` for each of ``items`` on the UI thread, one per turn of the event loop (for
    work only the UI thread may do, such as drawing a chart widget, that would hold the window
    too long in one piece); then ``on_done(results)``. The first failure goes to ``on_error``
    and stops the rest. Dropped if ``widget`` has gone."""

    def steps():
        results = []
        for item in items:
            results.append(fn(item))
            yield
        return results

    step_through(widget, steps(), on_done, on_error)


def step_through(widget: QWidget, steps: Generator[Any, None, Any], on_done: Callable[[Any], None],
                 on_error: Callable[[Exception], None]) -> None:
    """Run ``steps``, a generator that yields after each short piece of its work, on the UI
    thread one piece per turn of the event loop; then ``on_done(its return value)``. For Qt
    work that would hold the window in one piece, and on a worker would hold it all the same
    (PySide keeps Python's lock through each Qt call, so the window's own Python code waits
    for the longest of them): writing a PDF. A failure goes to ``on_error``; dropped if
    ``widget`` has gone (the generator is then closed, and its ``finally`` blocks run)."""

    def step() -> None:
        try:
            next(steps)
        except StopIteration as done:
            on_done(done.value)
            return
        except Exception as exc:  # the caller reports it, as for a worker's failure
            on_error(exc)
            return
        soon(widget, step)

    soon(widget, step)


def run_through(steps: Generator[Any, None, Any]) -> Any:
    """All of ``steps`` (see :func:`step_through`) at once; their return value (the command
    line's way)."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def on_own_connection(store, fn: Callable[[Any], Any]) -> Callable[[], Any]:
    """A function for a worker: ``fn`` over a new connection to ``store``'s file (closed
    after). Under :class:`SyncRunner` it reads through ``store`` itself."""
    if isinstance(runner, SyncRunner):
        return lambda: fn(store)
    from maternity_desk.store import open_store

    path = store.path

    def work():
        own = open_store(path, migrate=False, backups=False)
        try:
            return fn(own)
        finally:
            own.close()

    return work


class Latest:
    """Background reads for one widget where only the newest request counts.

    ``read(store, fn, on_done)`` runs ``fn(store)`` off the UI thread; ``on_done(result)``
    is called on the UI thread only if no newer ``read`` was asked for meanwhile. While any
    read is outstanding the widget shows a busy cursor and :attr:`busy` is True. A failure of
    the newest read goes to ``on_error`` (default: the app's error dialog)."""

    def __init__(self, widget: QWidget):
        self.widget = widget
        self._asked = 0
        self._running = 0

    @property
    def busy(self) -> bool:
        return self._running > 0

    def read(self, store, fn: Callable[[Any], Any], on_done: Callable[[Any], None],
             on_error: Callable[[Exception], None] | None = None) -> None:
        from PySide6.QtCore import Qt

        self._asked += 1
        asked = self._asked
        self._running += 1
        if self._running == 1:
            self.widget.setCursor(QCursor(Qt.CursorShape.BusyCursor))

        def finish(callback, value) -> None:
            self._running -= 1
            if not shiboken6.isValid(self.widget):  # the page was closed while it read
                log.info("a page's read finished after the page closed")
                return
            if self._running == 0:
                self.widget.unsetCursor()
            if asked == self._asked:
                callback(value)

        def failed(exc) -> None:
            if on_error is not None:
                on_error(exc)
            else:
                from maternity_desk.ui.errors import show_error

                show_error(self.widget, exc, "Could not read the figures")

        run_task(None, on_own_connection(store, fn), lambda r: finish(on_done, r), lambda e: finish(failed, e))
