"""The Dashboard page's "Summary" tab: every indicator's latest month, mean, limits and
icons in one table, exported to Excel; built the first time it is shown.

:class:`SummaryTab` is a part of :class:`page.DashboardPage` (a mixin): its widgets and
handlers are attributes of the page, as the page's targets and tests name them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QMessageBox, QTableView, QWidget

from maternity_desk.core.errors import MaternityDeskError
from maternity_desk.ui.dashboard.models import SummaryModel
from maternity_desk.ui.save_as import XLSX, ask_save_path
from maternity_desk.ui.table_model import sorting_proxy
from maternity_desk.ui.widgets import push_button as _button


class SummaryTab:
    """Builds the summary tab and exports it (part of the Dashboard page)."""

    def _summary_tab(self, host: QWidget) -> None:
        sl = host.layout()
        sl.setContentsMargins(6, 6, 6, 6)
        self.summary_model = SummaryModel(self)
        proxy = sorting_proxy(self.summary_model, self)
        self.summary_view = QTableView(host)
        self.summary_view.setAccessibleName("Summary of indicators")
        self.summary_view.setModel(proxy)
        self.summary_view.setSortingEnabled(True)
        self.summary_view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # catalogue order
        self.summary_view.verticalHeader().hide()
        self.summary_view.setWordWrap(False)
        self.summary_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # hover: the whole name
        header = self.summary_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((260, 90, 110, 120, 110, 100, 100, 250, 250, 60)):
            header.resizeSection(col, width)
        sl.addWidget(self.summary_view, 1)
        srow = QHBoxLayout()
        srow.addWidget(QLabel("Mean and limits are those of each indicator's latest month; "
                              "hover over the icons for their meaning.", host), 1)
        srow.addWidget(_button("E&xport to Excel…", self._export_summary, host))
        sl.addLayout(srow)

    def _export_summary(self) -> None:
        from maternity_desk.exchange.dashboard import write_summary
        from maternity_desk.store import dashboard as dash

        path = ask_save_path(self, "Export summary", "dashboard-summary.xlsx", XLSX)
        if path is None:
            return
        try:
            write_summary(Path(path), self.summary_rows, unit_name=dash.own_unit_name(self.store),
                          as_at=self.today)
        except (OSError, MaternityDeskError) as exc:
            QMessageBox.warning(self, "Not exported", f"The workbook could not be written: {exc}")
