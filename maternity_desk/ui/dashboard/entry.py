"""The Dashboard page's "Monthly entry" tab: the data-item entry grid, figures to settle and
importing a file; built the first time it is shown.

:class:`EntryTab` is a part of :class:`page.DashboardPage` (a mixin): its widgets and handlers
are attributes of the page, as the page's targets and tests name them."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from maternity_desk.ui.dashboard.common import BENCHMARK, SUMMARY
from maternity_desk.ui.widgets import push_button as _button


class EntryTab:
    """Builds the monthly entry tab and answers its writes (part of the Dashboard page)."""

    def _entry_tab(self, host: QWidget) -> None:
        from maternity_desk.ui.dashboard.item_grid import ItemEntryGrid

        el = host.layout()
        el.setContentsMargins(6, 6, 6, 6)
        self.grid = ItemEntryGrid(self.store, self.today, parent=host)
        self.grid.data_changed.connect(self._on_figures_written)
        bar = QHBoxLayout()
        note = QLabel("Type each month's counts once, or paste (Ctrl+V) a block copied from Excel: each "
                      "figure is saved as it is typed and the rates it feeds are worked out beside it.", host)
        note.setWordWrap(True)
        bar.addWidget(note, 1)
        self.settle_button = _button("Figures to &settle…", self._settle_figures, host)
        bar.addWidget(self.settle_button)
        bar.addWidget(_button("&Import file…", self._import, host))
        el.addLayout(bar)
        el.addWidget(self.grid, 1)

    def _on_figures_written(self) -> None:
        self._reload_summary()
        self._show_indicator(self.current_code)
        self._written(SUMMARY, BENCHMARK)

    def _count_conflicts(self) -> None:
        from maternity_desk.store import data_items

        n = len(data_items.conflicts(self.store))
        self.settle_button.setVisible(bool(n))
        self.settle_button.setText(f"Figures to &settle ({n})…")

    def _settle_figures(self) -> None:
        from maternity_desk.ui.dashboard.conflicts import ConflictsDialog

        self.active_dialog = ConflictsDialog(self.store, self)
        self.active_dialog.exec()
        if self.active_dialog.settled:
            self.grid.refresh(force=True)
            self._on_figures_written()
            self.data_changed.emit()
        self._count_conflicts()
