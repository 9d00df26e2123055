"""What every area page is: a widget over the open :class:`Store` that can refresh itself."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget


class Page(QWidget):
    """Base for area pages.

    Signals:
        data_changed: emitted after this page wrote to the database, so other pages refresh.
        open_page: asks the window to show the page with this title (a link to another area).
    """

    data_changed = Signal()
    open_page = Signal(str)
    title = "Page"
    #: accessible description read by screen readers when the page is shown
    description = ""

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setAccessibleName(self.title)
        if self.description:
            self.setAccessibleDescription(self.description)

    def refresh(self) -> None:
        """Re-read what the page shows from the database."""
