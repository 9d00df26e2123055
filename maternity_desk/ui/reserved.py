"""A warning label that keeps its room: as tall as the longest text it may show, at whatever
width it has, so the fields around it never move while the user types (and text never lands
in a field that moved under the cursor)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy


class ReservedLabel(QLabel):
    """A word-wrapped plain-text label whose height is that of the tallest of ``reserve_for``
    at its width (empty or shorter texts leave the same room)."""

    def __init__(self, reserve_for: Sequence[str], parent=None):
        super().__init__(parent)
        self.reserve_for = [t for t in reserve_for if t]
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _height(self, width: int) -> int:
        inner = max(1, width - 2 * self.margin() - self.contentsMargins().left() - self.contentsMargins().right())
        metrics = self.fontMetrics()
        tallest = max((metrics.boundingRect(QRect(0, 0, inner, 10_000), Qt.TextFlag.TextWordWrap, t).height()
                       for t in [*self.reserve_for, self.text() or " "]), default=metrics.height())
        return tallest + 2 * self.margin() + self.contentsMargins().top() + self.contentsMargins().bottom()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt name)
        return self._height(width)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        width = max(self.width(), 300)
        return QSize(width, self._height(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(100, self._height(max(self.width(), 300)))
