"""A chart (or any view) that, when it has nothing to show, says what is missing and offers
the action that fills it, instead of drawing empty axes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget


class EmptyState(QStackedWidget):
    """``content`` when there is something to show; otherwise a message and one button."""

    def __init__(self, content: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.content = content
        self.addWidget(content)
        page = QWidget(self)
        lay = QVBoxLayout(page)
        lay.addStretch(1)
        self.message = QLabel(page)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setAccessibleName("Nothing to show yet")
        self.message.setStyleSheet("color: #333; font-size: 11pt;")
        lay.addWidget(self.message)
        self.button = QPushButton(page)
        lay.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addStretch(2)
        self.addWidget(page)
        self._action: Callable[[], None] | None = None
        self.button.clicked.connect(lambda: self._action() if self._action else None)

    @property
    def is_empty(self) -> bool:
        return self.currentIndex() == 1

    def set_empty(self, message: str | None, action_text: str = "", action: Callable[[], None] | None = None) -> None:
        """Show ``message`` and a button ``action_text`` running ``action``; ``None`` shows
        the content again."""
        if message is None:
            self.setCurrentIndex(0)
            return
        self.message.setText(message)
        self._action = action
        self.button.setText(action_text)
        self.button.setVisible(bool(action_text and action))
        self.setCurrentIndex(1)
