"""The dashboard page: indicators with their SPC icons and chart, the monthly entry grid, the
summary table and benchmarking against peer units.

The page opens fast: only the indicator list is filled when it is built (one SPC pass over
every indicator gives its icons); the chart (pyqtgraph) is created once the page has been
painted, and the other tabs are built the first time they are shown. ``refresh`` re-reads only
when the database changed since the page last read it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from maternity_desk.core.dashboard import SpcSetting, period_totals, ranked
from maternity_desk.core.errors import MaternityDeskError
from maternity_desk.core.periods import month_label
from maternity_desk.core.words import plural
from maternity_desk.ui import tasks
from maternity_desk.ui.dashboard.flow import FlowLayout
from maternity_desk.ui.dashboard.models import IndicatorListModel, SummaryModel
from maternity_desk.ui.dashboard.reads import read_indicator, read_summary
from maternity_desk.ui.page import Page
from maternity_desk.ui.save_as import PNG, XLSX, ask_save_path
from maternity_desk.ui.table_model import sorting_proxy
from maternity_desk.ui.widgets import push_button as _button
from maternity_desk.ui.widgets import special_value_text

CHART_CHOICES = [("Default (rare events: g-chart)", None), ("XmR (individuals)", "xmr"), ("p-chart", "p"),
                 ("Run chart", "run"), ("g-chart (between events)", "g"), ("CUSUM for a doubling", "cusum")]
RULE_POINTS = [("7 points", None), ("6 points", 6)]
INDICATORS, ENTRY, SUMMARY, BENCHMARK = range(4)
TAB_TITLES = {INDICATORS: "&Indicators", ENTRY: "&Monthly entry", SUMMARY: "&Summary",
              BENCHMARK: "&Benchmarking"}


def _label(text: str, buddy, parent) -> QLabel:
    label = QLabel(text, parent)
    label.setBuddy(buddy)
    return label


class DashboardPage(Page):
    """Signals: data_changed (inherited) after figures, settings or indicators are written."""

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

    # --- the indicators tab (built at once) ----------------------------------------------------
    def _indicators_tab(self) -> QWidget:
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setChildrenCollapsible(False)
        left = QWidget(split)
        self.list_model = IndicatorListModel(self)
        self.list_proxy = sorting_proxy(self.list_model, self)
        self.list_view = QTableView(left)
        self.list_view.setAccessibleName("Indicators")
        self.list_view.setModel(self.list_proxy)
        self.list_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setSortingEnabled(True)
        self.list_view.verticalHeader().hide()
        # names sharing a start stay apart when cut ("Brain injury at…criteria)"); hover: the whole name
        self.list_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list_view.setWordWrap(False)  # one line, cut once in the middle
        self.list_view.verticalHeader().setDefaultSectionSize(26)
        hh = self.list_view.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setSectionResizeMode(IndicatorListModel.NAME, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(IndicatorListModel.VARIATION, QHeaderView.ResizeMode.Fixed)
        hh.setSectionResizeMode(IndicatorListModel.ASSURANCE, QHeaderView.ResizeMode.Fixed)
        hh.resizeSection(IndicatorListModel.VARIATION, 34)
        hh.resizeSection(IndicatorListModel.ASSURANCE, 34)
        # room for the RAG dot and the widest value, '99.99 per 1,000', at any font size
        hh.resizeSection(IndicatorListModel.LATEST,
                         self.list_view.fontMetrics().horizontalAdvance("99.99 per 1,000") + 44)
        hh.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.list_proxy.sort(-1)
        self.list_view.setIconSize(QSize(20, 20))
        self.list_view.hideColumn(IndicatorListModel.GROUP)
        self.list_view.selectionModel().currentRowChanged.connect(self._on_indicator_chosen)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.list_view)
        from maternity_desk.ui.dashboard.key import IconKey

        self.icon_key = IconKey(left)  # what the V and A icons mean
        ll.addWidget(self.icon_key)
        row = QHBoxLayout()
        row.addWidget(_button("&New indicator…", self._new_indicator, left))
        row.addWidget(_button("&Edit indicator…", self._edit_indicator, left))
        self.delete_indicator_button = _button("Delete indicator…", self._delete_indicator, left)
        self.delete_indicator_button.setToolTip("Delete one of the unit's own indicators "
                                                "(national indicators cannot be deleted)")
        self.delete_indicator_button.setEnabled(False)
        row.addWidget(self.delete_indicator_button)
        ll.addLayout(row)

        right = QWidget(split)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(4, 0, 0, 0)
        controls = FlowLayout()
        self.chart_combo = QComboBox(right)
        self.chart_combo.setAccessibleName("Chart type")
        for label, value in CHART_CHOICES:
            self.chart_combo.addItem(label, value)
        self.chart_combo.currentIndexChanged.connect(self._save_spc)
        self.baseline_spin = QSpinBox(right)
        self.baseline_spin.setAccessibleName("Baseline points")
        self.baseline_spin.setRange(1, 240)
        special_value_text(self.baseline_spin, "all points")
        self.baseline_spin.setToolTip("Fix the centre and limits from the first N points of each segment")
        self.baseline_spin.valueChanged.connect(self._save_spc)
        self.rebase_month = QComboBox(right)
        self.rebase_month.setAccessibleName("Month to rebase at")
        self.rebase_month.setToolTip("Start a new segment (new centre and limits) at this month")
        self.rebase_list = QComboBox(right)
        self.rebase_list.setAccessibleName("Rebase points")
        self.rebase_list.setMinimumContentsLength(9)
        self.rebase_list.setToolTip("Months where a new segment starts")
        self.points_combo = QComboBox(right)
        self.points_combo.setAccessibleName("Points in a shift or trend")
        self.points_combo.setToolTip("The Making Data Count tool offers 6 or 7 points for a shift or trend")
        for label, value in RULE_POINTS:
            self.points_combo.addItem(label, value)
        self.points_combo.currentIndexChanged.connect(self._save_spc)
        self.cusum_button = _button("C&USUM settings…", self._cusum_settings, right)
        self.remove_rebase_button = _button("Remo&ve", self._remove_rebase, right)
        self.remove_rebase_button.setAccessibleName("Remove rebase point")
        add = _button("A&dd", self._add_rebase, right)
        add.setAccessibleName("Add rebase point")
        for w in (_label("&Chart", self.chart_combo, right), self.chart_combo,
                  _label("Base&line", self.baseline_spin, right), self.baseline_spin,
                  _label("Rebase &at", self.rebase_month, right), self.rebase_month, add,
                  _label("Rebase &points", self.rebase_list, right), self.rebase_list,
                  self.remove_rebase_button, _label("Shift/t&rend", self.points_combo, right), self.points_combo,
                  self.cusum_button):
            controls.addWidget(w)
        rl.addLayout(controls)
        shows = FlowLayout()
        self.show_boxes = {}
        for key, label in (("rag", "RAG bands"), ("ambition", "National ambition"),
                           ("rolling", "Rolling 12 months"), ("annotations", "Annotations")):
            box = QCheckBox(label, right)
            box.setChecked(True)
            box.setAccessibleName(f"Show {label.lower()}")
            box.toggled.connect(self._on_show_toggled)
            self.show_boxes[key] = box
            shows.addWidget(box)
        shows.addWidget(_button("Anno&tations…", self._annotations, right))
        shows.addWidget(_button("E&xport PNG…", self._export_png, right))
        rl.addLayout(shows)
        self._chart_host = QVBoxLayout()
        self._chart_placeholder = QLabel("Drawing the chart…", right)
        self._chart_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._chart_host.addWidget(self._chart_placeholder, 1)
        rl.addLayout(self._chart_host, 1)
        self.hover_label = QLabel(" ", right)
        self.hover_label.setAccessibleName("Month under the pointer")
        self.hover_label.setWordWrap(True)
        self.notes_label = QLabel("", right)
        self.notes_label.setAccessibleName("About this chart")
        self.notes_label.setWordWrap(True)
        self.notes_label.setStyleSheet("color: #444;")
        rl.addWidget(self.hover_label)
        rl.addWidget(self.notes_label)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)
        split.setSizes([520, 760])  # the indicator names stay readable at 150% scaling
        return split

    @property
    def chart(self):
        """The indicator chart, created on first use (pyqtgraph is imported then)."""
        if self._chart is None:
            self._make_trend_chart()
        if self.rare_chart is None:
            self._make_rare_chart()
            self._draw_chart()
        return self._chart

    def _make_trend_chart(self) -> None:
        from maternity_desk.ui.dashboard.charts import TrendChart
        from maternity_desk.ui.empty import EmptyState

        self._chart = TrendChart(self)
        self._chart.hovered.connect(self.hover_label.setText)
        self.chart_state = EmptyState(self._chart)
        self._chart_host.replaceWidget(self._chart_placeholder, self.chart_state)
        self._chart_placeholder.deleteLater()

    def _make_rare_chart(self) -> None:
        from maternity_desk.ui.dashboard.rare_chart import RareEventChart

        self.rare_chart = RareEventChart(self)
        self.rare_chart.hovered.connect(self.hover_label.setText)
        self.rare_chart.hide()
        self._chart_host.insertWidget(0, self.rare_chart, 3)
        self._chart_host.setStretchFactor(self._chart, 2)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().paintEvent(event)
        if not self._painted:  # the chart is made once the page has appeared
            self._painted = True
            QTimer.singleShot(0, self._build_chart)

    def _build_chart(self) -> None:
        """The charts made and drawn in three turns of the event loop (each well under 100 ms),
        so a click in between is answered at once."""
        if self._chart is None:
            self._make_trend_chart()
            QTimer.singleShot(0, self._build_chart)
        elif self.rare_chart is None:
            self._make_rare_chart()
            QTimer.singleShot(0, self._draw_chart)

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

    def _make_bench_charts(self) -> None:
        from maternity_desk.ui.dashboard.charts import FunnelChart, RankedBarChart

        if self.bar_chart is not None:
            return
        charts = self._bench_split
        self.bar_chart = RankedBarChart(None)  # placed in the splitter below
        self.funnel_chart = FunnelChart(None)
        self.funnel_chart.hovered.connect(lambda text: self.bench_hover.setText(text or " "))
        self.bar_chart.hovered.connect(lambda text: self.bench_hover.setText(text or " "))
        charts.replaceWidget(0, self.bar_chart)
        charts.addWidget(self.funnel_chart)
        self._bench_waiting.deleteLater()
        tasks.soon(self, lambda: self._load_tab(BENCHMARK))

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

    def _benchmark_tab(self, host: QWidget) -> None:
        bl = host.layout()
        bl.setContentsMargins(6, 6, 6, 6)
        brow = FlowLayout()
        self.bench_indicator = QComboBox(host)
        self.bench_indicator.setAccessibleName("Indicator to compare")
        self.bench_indicator.setMinimumContentsLength(24)
        self.bench_from = QComboBox(host)
        self.bench_from.setAccessibleName("Period from")
        self.bench_to = QComboBox(host)
        self.bench_to.setAccessibleName("Period to")
        for w in (self.bench_indicator, self.bench_from, self.bench_to):
            w.currentIndexChanged.connect(self._redraw_benchmark)
        self.peer_combo = QComboBox(host)
        self.peer_combo.setAccessibleName("Peer unit")
        self.peer_combo.setMinimumContentsLength(18)
        for w in (_label("In&dicator", self.bench_indicator, host), self.bench_indicator,
                  _label("&From", self.bench_from, host), self.bench_from,
                  _label("&to", self.bench_to, host), self.bench_to,
                  _button("&Add peer unit…", self._add_peer, host),
                  _label("&Peer unit", self.peer_combo, host), self.peer_combo,
                  _button("Enter &figures…", self._enter_peer, host),
                  _button("Im&port…", self._import, host)):
            brow.addWidget(w)
        bl.addLayout(brow)
        charts = self._bench_split = QSplitter(Qt.Orientation.Horizontal, host)
        charts.setChildrenCollapsible(False)
        self._bench_waiting = QLabel("Drawing the charts…", charts)
        self._bench_waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        charts.addWidget(self._bench_waiting)
        self.bar_chart = self.funnel_chart = None  # made once the tab has been painted
        bl.addWidget(charts, 1)
        self.bench_hover = QLabel(" ", host)
        self.bench_hover.setAccessibleName("Unit under the pointer")
        self.bench_note = QLabel("", host)
        self.bench_note.setAccessibleName("About the comparison")
        self.bench_note.setWordWrap(True)
        bl.addWidget(self.bench_hover)
        bl.addWidget(self.bench_note)

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

    def _on_indicator_chosen(self, current, _previous) -> None:
        if not current.isValid() or self._loading:
            return
        code = self.list_proxy.index(current.row(), 0).data(Qt.ItemDataRole.UserRole + 2)
        if code != self.current_code:
            self.current_code = code
            self._show_indicator(code)

    def _show_indicator(self, code: str | None) -> None:
        """Read the indicator's months, SPC setting and annotations once (on a worker), and draw it."""
        if code is None:
            return
        self._reads["indicator"].read(self.store, lambda store: read_indicator(store, code),
                                      self._show_read, self._indicator_failed)

    def _indicator_failed(self, exc: Exception) -> None:
        if isinstance(exc, MaternityDeskError):
            self.notes_label.setText(str(exc))
            return
        from maternity_desk.ui.errors import show_error

        show_error(self, exc, "Could not read the indicator")

    def _show_read(self, read) -> None:
        ind, setting, series = read.indicator, read.setting, read.series
        self._view, self._rare, self._rolling, self._notes = read.view, read.rare, read.rolling, read.notes
        self.delete_indicator_button.setEnabled(ind.source == "local")
        self._loading = True
        try:
            self.chart_combo.setCurrentIndex(max(0, self.chart_combo.findData(setting.chart)))
            self.points_combo.setCurrentIndex(max(0, self.points_combo.findData(setting.rule_points)))
            self.cusum_button.setEnabled(self._rare is not None and self._rare.chart == "cusum")
            self.baseline_spin.setValue(setting.baseline or 1)
            self.rebase_list.clear()
            for m in setting.rebase_months:
                self.rebase_list.addItem(month_label(m), m)
            if not setting.rebase_months:
                self.rebase_list.addItem("none", None)
            self.rebase_list.setEnabled(bool(setting.rebase_months))
            self.remove_rebase_button.setEnabled(bool(setting.rebase_months))
            self.rebase_month.clear()
            for m in series.months[1:]:
                self.rebase_month.addItem(month_label(m), m)
            if self.rebase_month.count():
                self.rebase_month.setCurrentIndex(self.rebase_month.count() - 1)
        finally:
            self._loading = False
        self._draw_chart()
        self._describe()

    def _on_show_toggled(self, *_args) -> None:
        self._draw_chart()

    def _draw_chart(self) -> None:
        if self._chart is None or self.rare_chart is None or self._view is None:
            return
        c = self._chart
        c.show_rag = self.show_boxes["rag"].isChecked()
        c.show_ambition = self.show_boxes["ambition"].isChecked()
        c.show_rolling = self.show_boxes["rolling"].isChecked()
        c.show_annotations = self.show_boxes["annotations"].isChecked()
        c.rates_only = self._rare is not None
        c.set_data(self._view, self._rolling, self._notes)
        self.rare_chart.setVisible(self._rare is not None)
        self.rare_chart.set_view(self._rare)
        if not self._view.rows:
            self.chart_state.set_empty(
                f"No figures for {self._view.indicator.name} yet. Enter a month's numerator and "
                "denominator (or paste them from Excel) to draw its chart.",
                "Enter &figures…", lambda: self.tabs.setCurrentIndex(ENTRY))
        else:
            self.chart_state.set_empty(None)

    def _describe(self) -> None:
        view = self._view
        ind = view.indicator
        notes = [f"{ind.numerator} / {ind.denominator}."]
        if self._rare is not None:
            notes += [self._rare.thresholds_text, f"Events from {self._rare.source}." if self._rare.source else ""]
            notes += [w for w in self._rare.warnings if w not in notes]
            notes.append("Below: the monthly rate and its rolling 12-month rate.")
        notes += [w[0].upper() + w[1:] + "." for w in view.warnings]
        if ind.better is None:
            notes.append("No better direction: special causes are shown as neutral (purple).")
        flagged = [r for r in view.rows if r.special_cause] if self._rare is None else []
        if flagged:
            notes.append(f"{plural(len(flagged), 'month')} flagged; O outside the limits, T trend, "
                         "2/3 two of three close to a limit, S shift, A astronomical point (run chart). "
                         "Hover for details.")
        self.notes_label.setText(" ".join(notes))

    # --- SPC settings ------------------------------------------------------------------------
    def _current_setting(self) -> SpcSetting:
        months = tuple(m for m in (self.rebase_list.itemData(i) for i in range(self.rebase_list.count())) if m)
        base = self.baseline_spin.value()
        return SpcSetting(self.current_code, None if base < 2 else base, self.chart_combo.currentData(), months,
                          self.points_combo.currentData())

    def _save_spc(self, *_args) -> None:
        if self._loading or self.current_code is None:
            return
        self._store_setting(self._current_setting())

    def _store_setting(self, setting: SpcSetting) -> None:
        from maternity_desk.store import dashboard as dash

        try:
            dash.save_spc_setting(self.store, setting)
        except MaternityDeskError as exc:
            QMessageBox.warning(self, "Chart setting not saved", str(exc))
            return
        self._reload_summary([setting.indicator_code])
        self._show_indicator(self.current_code)
        self._written()

    def _add_rebase(self) -> None:
        month = self.rebase_month.currentData()
        if self.current_code is None or month is None:
            return
        s = self._current_setting()
        self._store_setting(SpcSetting(s.indicator_code, s.baseline, s.chart,
                                       tuple(sorted(set(s.rebase_months) | {month})), s.rule_points))

    def _remove_rebase(self) -> None:
        month = self.rebase_list.currentData()
        if month is None or self.current_code is None:
            return
        s = self._current_setting()
        self._store_setting(SpcSetting(s.indicator_code, s.baseline, s.chart,
                                       tuple(m for m in s.rebase_months if m != month), s.rule_points))

    def _cusum_settings(self) -> None:
        from maternity_desk.ui.dashboard.rare_chart import open_cusum_settings

        if self.current_code is not None:
            code = self.current_code
            self.active_dialog = open_cusum_settings(self, self.store, code,
                                                     lambda: (self._show_indicator(code), self._written()))

    # --- indicator edits -------------------------------------------------------------------------
    def _new_indicator(self) -> None:
        from maternity_desk.ui.dashboard.dialogs import IndicatorDialog

        dlg = IndicatorDialog(self.store, None, self)
        if dlg.exec() and dlg.saved:
            self.current_code = dlg.saved.code
            self.refresh()
            self.data_changed.emit()

    def _edit_indicator(self) -> None:
        from maternity_desk.store import dashboard as dash
        from maternity_desk.ui.dashboard.dialogs import IndicatorDialog

        if self.current_code is None:
            return
        dlg = IndicatorDialog(self.store, dash.indicator(self.store, self.current_code), self)
        if dlg.exec() and dlg.saved:
            self.refresh()
            self.data_changed.emit()

    def _delete_indicator(self) -> None:
        from maternity_desk.store import dashboard as dash

        if self.current_code is None:
            return
        ind = dash.indicator(self.store, self.current_code)
        if ind.source != "local":
            return
        count = len(dash.monthly_values(self.store, ind.code))
        what = (f"its {count:,} monthly value{'s' if count != 1 else ''}, notes and chart settings"
                if count else "its notes and chart settings")
        answer = QMessageBox.question(
            self, "Delete indicator",
            f"Delete the unit's own indicator '{ind.name}' ({ind.code}) with {what}?\n\n"
            "The audit log keeps a record of the values, and today's automatic backup still "
            "holds them.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            dash.delete_indicator(self.store, ind.code)
        except MaternityDeskError as exc:
            QMessageBox.warning(self, "Indicator not deleted", str(exc))
            return
        self.current_code = None
        self.refresh()
        self.data_changed.emit()

    def _annotations(self) -> None:
        from maternity_desk.store import dashboard as dash
        from maternity_desk.ui.dashboard.dialogs import AnnotationsDialog

        if self.current_code is None or self._view is None:
            return
        months = [r.month for r in self._view.rows]
        dlg = AnnotationsDialog(self.store, dash.indicator(self.store, self.current_code), months, self)
        dlg.exec()
        if dlg.changed:
            self._show_indicator(self.current_code)
            self._written()

    def _on_figures_written(self) -> None:
        self._reload_summary()
        self._show_indicator(self.current_code)
        self._written(SUMMARY, BENCHMARK)

    # --- files --------------------------------------------------------------------------------------
    def _export_png(self) -> None:
        if self.current_code is None:
            return
        path = ask_save_path(self, "Export chart", f"{self.current_code}.png", PNG)
        if path is None:
            return
        try:
            (self.rare_chart if self._rare is not None else self.chart).export_png(path)
        except OSError as exc:
            QMessageBox.warning(self, "Not exported", f"The chart could not be written: {exc}")

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

    def _import(self) -> None:
        from maternity_desk.ui.import_wizard import ImportWizard

        wizard = ImportWizard(self.store, "dashboard", self, extra={"today": self.today})
        wizard.imported.connect(self._on_imported)
        wizard.open()

    def _on_imported(self, _plan=None) -> None:
        self.refresh()
        self.data_changed.emit()

    # --- benchmarking ------------------------------------------------------------------------------
    def _fill_benchmark_controls(self) -> None:
        from maternity_desk.store import dashboard as dash

        keep = self.bench_indicator.currentData()
        keep_from, keep_to = self.bench_from.currentData(), self.bench_to.currentData()
        keep_peer = self.peer_combo.currentData()
        self.bench_indicator.clear()
        for ind in self.indicators:
            self.bench_indicator.addItem(ind.name, ind.code)
        if keep:
            self.bench_indicator.setCurrentIndex(max(0, self.bench_indicator.findData(keep)))
        span = dash.value_months(self.store)
        peers_span = dash.peer_value_months(self.store)
        firsts = [m for m in (span[0] if span else None, peers_span[0] if peers_span else None) if m]
        lasts = [m for m in (span[1] if span else None, peers_span[1] if peers_span else None) if m]
        self.bench_from.clear()
        self.bench_to.clear()
        if firsts and lasts:
            from maternity_desk.core.periods import month_range, shift_month

            months = month_range(min(firsts), max(lasts))
            for m in months:
                self.bench_from.addItem(month_label(m), m)
                self.bench_to.addItem(month_label(m), m)
            start = max(months[0], shift_month(months[-1], -11))
            i_from = self.bench_from.findData(keep_from) if keep_from else -1
            i_to = self.bench_to.findData(keep_to) if keep_to else -1
            self.bench_from.setCurrentIndex(i_from if i_from >= 0 else self.bench_from.findData(start))
            self.bench_to.setCurrentIndex(i_to if i_to >= 0 else len(months) - 1)
        self.peer_combo.clear()
        for p in dash.peer_units(self.store):
            self.peer_combo.addItem(p["name"], p["name"])
        if keep_peer:
            self.peer_combo.setCurrentIndex(max(0, self.peer_combo.findData(keep_peer)))

    def _redraw_benchmark(self, *_args) -> None:
        from maternity_desk.core.dashboard import funnel
        from maternity_desk.store import dashboard as dash

        if self._loading or BENCHMARK not in self._built or self.bar_chart is None:
            return
        code, first, last = (self.bench_indicator.currentData(), self.bench_from.currentData(),
                             self.bench_to.currentData())
        if not code or not first or not last:
            self.bench_note.setText("Enter or import peer units' figures to compare with them.")
            return
        if first > last:
            first, last = last, first
        ind = dash.indicator(self.store, code)
        own = dash.own_unit_name(self.store)
        totals = period_totals(dash.comparison_values(self.store, code), first, last)
        period = f"{month_label(first)} to {month_label(last)}"
        order = "best first" if ind.better else "highest first"
        self.bar_chart.set_data(f"{ind.name}<br>{period} ({order})", ranked(ind, totals, own), ind.scale)
        notes = []
        try:
            f = funnel(ind, totals, own, method="binomial")  # exact, as the national page
        except MaternityDeskError as exc:
            self.funnel_chart.clear_plot(str(exc))
            notes.append(str(exc))
        else:
            self.funnel_chart.set_data(f"{ind.name}<br>{period}: funnel plot", f, ind.scale)
            out = [p.unit for p in f.points if p.outside_998]
            if out:
                notes.append("Outside the 99.8% limits: " + ", ".join(out) + ".")
        if len(totals) < 2:
            notes.append("Add peer units' figures (Add peer unit, Enter figures or Import) to compare.")
        self.bench_note.setText(" ".join(notes))

    def _add_peer(self) -> None:
        from maternity_desk.ui.dashboard.dialogs import ask_peer_unit

        name = ask_peer_unit(self.store, self)
        if name:
            self._loading = True
            try:
                self._fill_benchmark_controls()
                self.peer_combo.setCurrentIndex(max(0, self.peer_combo.findData(name)))
            finally:
                self._loading = False
            self._redraw_benchmark()
            self._written()

    def _enter_peer(self) -> None:
        from maternity_desk.store import dashboard as dash
        from maternity_desk.ui.dashboard.dialogs import PeerGridDialog

        unit = self.peer_combo.currentData()
        if not unit:
            QMessageBox.information(self, "No peer unit", "Add a peer unit first.")
            return
        before = dash.data_stamp(self.store)
        dlg = PeerGridDialog(self.store, unit, self.today, self)
        dlg.exec()
        if dash.data_stamp(self.store) != before:
            self._redraw_benchmark()
            self._written()
