"""The dashboard page: indicators with their SPC icons and chart, the monthly entry grid, the
summary table and benchmarking against peer units.

The page opens fast: only the indicator list is filled when it is built (one SPC pass over
every indicator gives its icons); the chart (pyqtgraph) is created once the page has been
painted, and the other tabs are built the first time they are shown. ``refresh`` re-reads only
when the database changed since the page last read it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from maternity_desk.ui import tasks
from maternity_desk.ui.dashboard.benchmark import BenchmarkTab
from maternity_desk.ui.dashboard.common import (
    BENCHMARK,
    CHART_CHOICES,
    ENTRY,
    INDICATORS,
    RULE_POINTS,
    SUMMARY,
    TAB_TITLES,
)
from maternity_desk.ui.dashboard.entry import EntryTab
from maternity_desk.ui.dashboard.indicator_edits import IndicatorEdits
from maternity_desk.ui.dashboard.indicators import IndicatorsTab
from maternity_desk.ui.dashboard.reads import read_summary
from maternity_desk.ui.dashboard.summary import SummaryTab
from maternity_desk.ui.page import Page

__all__ = ["BENCHMARK", "CHART_CHOICES", "ENTRY", "INDICATORS", "RULE_POINTS", "SUMMARY", "TAB_TITLES",
           "DashboardPage"]


class DashboardPage(IndicatorsTab, IndicatorEdits, EntryTab, SummaryTab, BenchmarkTab, Page):
    """Signals: data_changed (inherited) after figures, settings or indicators are written.

    Each tab's building, showing and editing is in its own module (indicators and
    indicator_edits, entry, summary, benchmark); this class builds the tab widget, builds the
    other tabs when first shown, reads the database (on a worker) and hands each tab its part,
    and finds an indicator for Home's links. The tabs' handlers use the page's ``store``,
    ``today``, ``_loading``, ``_written``, ``_reload_summary`` and ``_import`` below."""

    title = "Dashboard"
    description = "Monthly indicators with SPC charts, entry grid, summary and peer benchmarking"

    def __init__(self, store, parent=None, *, today: date | None = None):
        super().__init__(store, parent)
        self.today = today or date.today()
        self._loading = False
        self.current_code: str | None = None
        self.indicators = []
        self.summaries = {}
        self.summary_rows = []
        self._view = None  # the current indicator's SPC view, series and annotations
        self._rare = None  # its g-chart or CUSUM view when it has one
        self._rolling: list = []
        self._notes: list = []
        self._chart = None
        self.rare_chart = None  # the g-chart / CUSUM, made after the trend chart
        self._painted = False
        self._stamp = None  # the database as it was when last read
        self._built: set[int] = {INDICATORS}
        self._stale: set[int] = set()
        self._reads = {part: tasks.Latest(self) for part in ("summary", "indicator")}

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Dashboard views")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.tabs)
        self.tabs.addTab(self._indicators_tab(), TAB_TITLES[INDICATORS])
        self._hosts: dict[int, QWidget] = {}
        for index in (ENTRY, SUMMARY, BENCHMARK):
            host = QWidget(self)
            QVBoxLayout(host).setContentsMargins(0, 0, 0, 0)
            self._hosts[index] = host
            self.tabs.addTab(host, TAB_TITLES[index])
        self.tabs.currentChanged.connect(self._ensure_tab)
        self.refresh()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().paintEvent(event)
        if not self._painted:  # the chart is made once the page has appeared
            self._painted = True
            QTimer.singleShot(0, self._build_chart)

    # --- the other tabs, built when first shown -----------------------------------------------
    def _ensure_tab(self, index: int) -> None:
        if index not in self._built:
            {ENTRY: self._entry_tab, SUMMARY: self._summary_tab,
             BENCHMARK: self._benchmark_tab}[index](self._hosts[index])
            self._built.add(index)
            self._stale.add(index)
        if index in self._stale:
            self._stale.discard(index)
            self._load_tab(index)

    def show_tab(self, index: int) -> None:
        """Show tab ``index`` (building it if needed)."""
        self.tabs.setCurrentIndex(index)
        self._ensure_tab(index)

    def _load_tab(self, index: int) -> None:
        if index == ENTRY:
            self.grid.refresh()
            self._count_conflicts()
        elif index == SUMMARY:
            self.summary_model.set_rows(self.summary_rows)
        elif index == BENCHMARK:
            if self.bar_chart is None:  # the charts next turn, then the figures
                tasks.soon(self, self._make_bench_charts)
                return
            self._loading = True
            try:
                self._fill_benchmark_controls()
            finally:
                self._loading = False
            self._redraw_benchmark()

    # --- loading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        from maternity_desk.store import dashboard as dash

        if self._stamp is not None and dash.data_stamp(self.store) == self._stamp:
            return  # nothing was written since the page last read the database
        self._stamp = dash.data_stamp(self.store)
        self._reads["summary"].read(self.store, read_summary, self._refreshed)

    def _refreshed(self, read) -> None:
        indicators, rows = read
        self._loading = True
        try:
            self.indicators = indicators
            self._take_summary(None, rows)
        finally:
            self._loading = False
        codes = {i.code for i in self.indicators}
        if self.current_code not in codes:
            self.current_code = None
        if self.current_code is None and self.list_proxy.rowCount():
            self.list_view.selectRow(0)
        else:
            self._show_indicator(self.current_code)
        self._stale = set(self._built) - {INDICATORS}
        current = self.tabs.currentIndex()
        if current != INDICATORS:
            self._ensure_tab(current)

    def _written(self, *stale: int) -> None:
        """After this page wrote: tabs in ``stale`` reload when next shown (or now, if shown);
        the page's view of the database is up to date again; other pages are told."""
        from maternity_desk.store import dashboard as dash

        self._stale |= set(stale) & self._built
        current = self.tabs.currentIndex()
        if current in self._stale:
            self._ensure_tab(current)
        self._stamp = dash.data_stamp(self.store)
        self.data_changed.emit()

    def _reload_summary(self, codes: list[str] | None = None) -> None:
        """SPC for every indicator (or only ``codes``): the list's icons and the summary."""
        from maternity_desk.store import dashboard as dash

        if codes is None:  # every indicator: on a worker
            self._reads["summary"].read(self.store, dash.summary, lambda rows: self._take_summary(None, rows))
        else:  # one or two: at once
            self._take_summary(codes, dash.summary(self.store, codes))

    def _take_summary(self, codes: list[str] | None, rows: list) -> None:
        if codes is None:
            self.summaries = {r.code: r for r in rows}
        else:
            for code in codes:
                self.summaries.pop(code, None)
            self.summaries.update({r.code: r for r in rows})
        self.summary_rows = [self.summaries[i.code] for i in self.indicators if i.code in self.summaries]
        keep = self.current_code
        loading, self._loading = self._loading, True
        try:
            self.list_model.set_rows([(i, self.summaries.get(i.code)) for i in self.indicators])
        finally:
            self._loading = loading
        if SUMMARY in self._built:
            self.summary_model.set_rows(self.summary_rows)
        if keep is not None:
            self._select_code(keep)

    def show_record(self, kind: str, key: str) -> bool:
        if kind != "indicator" or key not in {i.code for i in self.indicators}:
            return False
        self.tabs.setCurrentIndex(INDICATORS)
        self._select_code(key)
        self.list_view.setFocus()
        return self.current_code == key

    def _select_code(self, code: str) -> None:
        for r in range(self.list_proxy.rowCount()):
            if self.list_proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 2) == code:
                self.list_view.selectRow(r)
                return

    # --- files --------------------------------------------------------------------------------------
    def _import(self) -> None:
        from maternity_desk.ui.import_wizard import ImportWizard

        wizard = ImportWizard(self.store, "dashboard", self, extra={"today": self.today})
        wizard.imported.connect(self._on_imported)
        wizard.open()

    def _on_imported(self, _plan=None) -> None:
        self.refresh()
        self.data_changed.emit()
