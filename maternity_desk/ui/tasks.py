"""Run slow work off the UI thread and hear back on it.

``run_task(parent, fn, on_done, on_error, label=...)`` runs ``fn()`` on the global
``QThreadPool`` and calls ``on_done(result)`` or ``on_error(exc)`` back on the UI thread. A
progress dialog appears only if the work takes longer than half a second. Workers that touch
the database open their own connection (``open_store(path)``); SQLite connections are not
shared across threads.

Tests swap :data:`runner` for :class:`SyncRunner`, which runs the function at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
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

    def run(self, parent: QWidget | None, fn, on_done, on_error, label: str | None = None) -> None:
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
