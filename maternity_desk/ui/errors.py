"""Unhandled errors: logged with their traceback, then shown in a dialog whose report can be
copied for support. Expected failures (``MaternityDeskError``) are shown as a plain message."""

from __future__ import annotations

import logging
import sys
import traceback

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from maternity_desk import APP_NAME, __version__
from maternity_desk.core.errors import MaternityDeskError
from maternity_desk.logsetup import log_file

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, exc: BaseException, title: str = "Could not do that") -> None:
    """Expected failures as a plain message; anything else as the crash dialog."""
    # here and below: what only an error needs, loaded then (the window starts sooner)
    from PySide6.QtWidgets import QMessageBox

    if isinstance(exc, MaternityDeskError):
        QMessageBox.warning(parent, title, str(exc))
    else:
        log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
        ErrorDialog(report_text(type(exc), exc, exc.__traceback__), parent).exec()


def report_text(exc_type, exc, tb) -> str:
    import platform

    lines = [
        f"{APP_NAME} {__version__}",
        f"Python {platform.python_version()} on {platform.platform()}",
        f"Log file: {log_file()}",
        "",
        *traceback.format_exception(exc_type, exc, tb),
    ]
    return "\n".join(line.rstrip("\n") for line in lines)


class ErrorDialog(QDialog):
    def __init__(self, report: str, parent: QWidget | None = None):
        from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME}: something went wrong")
        layout = QVBoxLayout(self)
        label = QLabel(
            "Something went wrong that Maternity Desk did not expect. Your saved work is safe: "
            "every change is saved in one step, or not at all.\n\nThe report below has been "
            "written to the log. Copy it to your IT support or the app's maintainers."
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        self.details = QPlainTextEdit(report)
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Error report")
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("&Copy report", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self._copy)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def _copy(self) -> None:
        QApplication.clipboard().setText(self.details.toPlainText())


def install_excepthook() -> None:
    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("unhandled exception", exc_info=(exc_type, exc, tb))
        if QApplication.instance() is None:
            sys.__excepthook__(exc_type, exc, tb)
            return
        if isinstance(exc, MaternityDeskError):
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(QApplication.activeWindow(), APP_NAME, str(exc))
            return
        ErrorDialog(report_text(exc_type, exc, tb), QApplication.activeWindow()).exec()

    sys.excepthook = hook


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def install_qt_message_handler() -> None:
    qt_log = logging.getLogger("qt")

    def handler(mode, context, message):
        qt_log.log(_QT_LEVELS.get(mode, logging.INFO), "%s", message)

    qInstallMessageHandler(handler)
