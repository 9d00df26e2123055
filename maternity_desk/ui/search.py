"""The search box in the window's top bar (Ctrl+K): results as you type, grouped by kind;
Enter opens the chosen record on its page. The box is made with the window; what only its
results use (the results list, its items and fonts) is imported when they are first shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from maternity_desk.ui.qt_values import USER_ROLE

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

#: the page (by title) that shows each kind of record
KIND_PAGES = {
    "staff": "Training", "course": "Training", "session": "Training",
    "ledger": "Training fund",
    "project": "Improvement", "event_action": "Improvement",
    "plan_action": "Governance", "meeting_action": "Governance", "review": "Governance",
    "review_action": "Governance", "submission": "Governance",
    "indicator": "Dashboard",
}
# (a test holds it to the store's kinds of record: this module is loaded at start, the search itself later)

HIT_ROLE = USER_ROLE + 1


class SearchBox(QLineEdit):
    """The search field; its results list floats under it inside the window.

    Signals:
        record_chosen(str, str): the user chose a result (kind, key).
    """

    record_chosen = Signal(str, str)

    def __init__(self, window: QWidget, search):
        super().__init__()
        self._results: QTreeWidget | None = None  # made on first use: see results
        self._window = window
        self._search = search  # text -> list[SearchGroup]
        self.setPlaceholderText("Search everything (Ctrl+K)")
        self.setAccessibleName("Search")
        self.setAccessibleDescription("Finds staff, sessions, ledger entries, projects, actions, review cases, "
                                      "submissions, courses and indicators; Down to the results, Enter opens one")
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("Search everything (Ctrl+K)") + 48)
        self.setMaximumWidth(self.minimumWidth() * 2)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(40)  # keystrokes typed faster than this are searched once
        self._timer.timeout.connect(self.run)
        self.textChanged.connect(lambda _t: self._timer.start())

    @property
    def results(self) -> QTreeWidget:
        """The results list, floating under the box inside the window: made when first needed,
        not with the window (which then shows sooner)."""
        if self._results is None:
            from PySide6.QtCore import Qt
            from PySide6.QtWidgets import QAbstractItemView, QTreeWidget

            results = self._results = QTreeWidget(self._window)
            results.setAccessibleName("Search results")
            results.setHeaderHidden(True)
            results.setColumnCount(2)
            results.setRootIsDecorated(False)
            results.setIndentation(12)
            results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays in the box
            results.itemClicked.connect(lambda item, _c: self._choose(item))
            results.hide()
        return self._results

    # --- results -------------------------------------------------------------------------
    def run(self) -> None:
        """Search for the text now (the timer does this while typing)."""
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QFont
        from PySide6.QtWidgets import QTreeWidgetItem

        self._timer.stop()
        text = self.text().strip()
        groups = self._search(text) if text else []
        self.results.clear()
        if not text:
            self.results.hide()
            return
        bold = QFont(self.results.font())
        bold.setBold(True)
        for group in groups:
            head = QTreeWidgetItem([group.label, ""])
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            head.setFont(0, bold)
            self.results.addTopLevelItem(head)
            for hit in group.hits:
                item = QTreeWidgetItem(head, [hit.title, hit.detail])
                item.setData(0, HIT_ROLE, (hit.kind, hit.key))
                item.setToolTip(0, f"{hit.title}\n{hit.detail}\nOpens on the {KIND_PAGES[hit.kind]} page")
        if not groups:
            self.results.addTopLevelItem(QTreeWidgetItem([f"Nothing matches \u201c{text}\u201d", ""]))
        self.results.expandAll()
        hits = self.hit_items()
        if hits:
            self.results.setCurrentItem(hits[0])
        self._place()
        self.results.show()
        self.results.raise_()

    def hit_items(self) -> list[QTreeWidgetItem]:
        out = []
        for i in range(self.results.topLevelItemCount()):
            top = self.results.topLevelItem(i)
            out += [top.child(j) for j in range(top.childCount())]
        return out

    def _place(self) -> None:
        from PySide6.QtCore import QPoint

        window = self._window
        width = min(max(self.width(), 560), window.width() - 16)
        self.results.setColumnWidth(0, int(width * 0.55))
        rows = max(1, self.results.topLevelItemCount() + len(self.hit_items()))
        row_h = self.results.fontMetrics().lineSpacing() + 1
        height = min(rows * row_h + 2 * self.results.frameWidth() + 4, int(window.height() * 0.7))
        corner = self.mapTo(window, QPoint(self.width(), self.height()))
        x = max(8, min(corner.x() - width, window.width() - width - 8))
        self.results.setGeometry(x, corner.y() + 2, width, height)

    def _move(self, step: int) -> None:
        hits = self.hit_items()
        if not hits:
            return
        current = self.results.currentItem()
        i = hits.index(current) if current in hits else -1
        item = hits[max(0, min(len(hits) - 1, i + step))]
        self.results.setCurrentItem(item)
        self.results.scrollToItem(item)

    def _choose(self, item: QTreeWidgetItem | None) -> None:
        data = item.data(0, HIT_ROLE) if item is not None else None
        if not data:
            return
        self.results.hide()
        self.record_chosen.emit(*data)

    # --- keys ----------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt name)
        from PySide6.QtCore import Qt

        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            if self._timer.isActive() or not self.results.isVisible():
                self.run()
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 5, Qt.Key.Key_PageUp: -5}[key]
            self._move(step)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._timer.isActive() or not self.results.isVisible():
                self.run()
            self._choose(self.results.currentItem())
            return
        if key == Qt.Key.Key_Escape:
            if self.results.isVisible():
                self.results.hide()
            else:
                self.clear()
            return
        super().keyPressEvent(event)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.FocusOut and self._results is not None and not self._results.underMouse():
            QTimer.singleShot(0, self._results.hide)
        return super().event(event)
