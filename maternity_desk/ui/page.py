"""What every area page is: a widget over the open :class:`Store` that can refresh itself."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget


class Page(QWidget):
    """Base for area pages.

    Signals:
        data_changed: emitted after this page wrote to the database, so other pages refresh.
        open_page: asks the window to show the page with this title (a link to another area).
        open_tab(str, str, str): asks the window to show a page (title), one of its tabs and a
            record in it (see :meth:`show_target`; "" for no record).
    """

    data_changed = Signal()
    open_page = Signal(str)
    open_tab = Signal(str, str, str)
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

    def show_record(self, kind: str, key: str) -> bool:
        """Bring the record ``key`` of ``kind`` (a kind of :mod:`maternity_desk.core.search`)
        into view and select it; False when this page does not hold it."""
        return False

    def show_target(self, tab: str, key: str | None = None) -> bool:
        """Bring the tab named ``tab`` (the page's own name for it, e.g. "overdue") to the
        front and, with a ``key``, select that record in it; False when this page has no such
        tab or record. Home's "Needs attention" lines lead here."""
        return False


def select_in(view, matches) -> bool:
    """Select, scroll to and focus the first row of ``view`` whose item satisfies ``matches``.
    The view's model is a :class:`RowsModel` or a proxy over one; a row hidden by the
    proxy's filter is not found (clear the page's filters first). False when no row matches."""
    from PySide6.QtCore import QSortFilterProxyModel  # when used: the window's start has no proxy

    model = view.model()
    source = model.sourceModel() if isinstance(model, QSortFilterProxyModel) else model
    rows = source.rows
    rows = rows() if callable(rows) else rows
    for i, row in enumerate(rows):
        if matches(row):
            index = source.index(i, 0)
            if source is not model:
                index = model.mapFromSource(index)
            if not index.isValid():
                return False
            view.setCurrentIndex(index)
            view.scrollTo(index)
            view.setFocus()
            return True
    return False
