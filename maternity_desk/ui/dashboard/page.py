"""The dashboard page: indicators with their SPC icons and chart, the monthly entry grid, the
summary table and benchmarking against peer units."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSize, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
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
from maternity_desk.ui.dashboard.models import SORT_ROLE, IndicatorListModel, SummaryModel
from maternity_desk.ui.page import Page

CHART_CHOICES = [("As the catalogue says", None), ("XmR (individuals)", "xmr"), ("p-chart", "p"),
                 ("Run chart", "run")]


def _button(text: str, slot, parent) -> QPushButton:
    b = QPushButton(text, parent)
    b.setAccessibleName(text.replace("&", "").rstrip("…"))
    b.clicked.connect(slot)
    return b


class DashboardPage(Page):
    """Signals: data_changed (inherited) after figures, settings or indicators are written."""

    title = "Dashboard"
    description = "Monthly indicators with SPC charts, entry grid, summary and peer benchmarking"

    def __init__(self, store, parent=None, *, today: date | None = None):
        super().__init__(store, parent)
        from maternity_desk.ui.dashboard.charts import FunnelChart, RankedBarChart, TrendChart
        from maternity_desk.ui.dashboard.grid import EntryGrid

        self.today = today or date.today()
        self._loading = False
        self.current_code: str | None = None
        self.summaries = {}

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Dashboard views")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.tabs)

        # --- indicators and chart ------------------------------------------------------------
        charts_tab = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(charts_tab)
        self.list_model = IndicatorListModel(self)
        self.list_proxy = QSortFilterProxyModel(self)
        self.list_proxy.setSourceModel(self.list_model)
        self.list_proxy.setSortRole(SORT_ROLE)
        self.list_view = QTableView(left)
        self.list_view.setAccessibleName("Indicators")
        self.list_view.setModel(self.list_proxy)
        self.list_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setSortingEnabled(True)
        self.list_view.verticalHeader().hide()
        self.list_view.verticalHeader().setDefaultSectionSize(26)
        hh = self.list_view.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(IndicatorListModel.NAME, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(IndicatorListModel.VARIATION, QHeaderView.ResizeMode.Fixed)
        hh.setSectionResizeMode(IndicatorListModel.ASSURANCE, QHeaderView.ResizeMode.Fixed)
        hh.resizeSection(IndicatorListModel.VARIATION, 34)
        hh.resizeSection(IndicatorListModel.ASSURANCE, 34)
        hh.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.list_proxy.sort(-1)
        self.list_view.setIconSize(QSize(20, 20))
        self.list_view.hideColumn(IndicatorListModel.GROUP)
        self.list_view.selectionModel().currentRowChanged.connect(self._on_indicator_chosen)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.list_view)
        row = QHBoxLayout()
        row.addWidget(_button("&New indicator…", self._new_indicator, left))
        row.addWidget(_button("&Edit indicator…", self._edit_indicator, left))
        ll.addLayout(row)

        right = QWidget(charts_tab)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(4, 0, 0, 0)
        controls = QHBoxLayout()
        self.chart_combo = QComboBox(right)
        self.chart_combo.setAccessibleName("Chart type")
        for label, value in CHART_CHOICES:
            self.chart_combo.addItem(label, value)
        self.chart_combo.currentIndexChanged.connect(self._save_spc)
        self.baseline_spin = QSpinBox(right)
        self.baseline_spin.setAccessibleName("Baseline points")
        self.baseline_spin.setRange(1, 240)
        self.baseline_spin.setSpecialValueText("all points")
        self.baseline_spin.setToolTip("Fix the centre and limits from the first N points of each segment")
        self.baseline_spin.valueChanged.connect(self._save_spc)
        controls.addWidget(QLabel("Chart", right))
        controls.addWidget(self.chart_combo)
        controls.addWidget(QLabel("Baseline", right))
        controls.addWidget(self.baseline_spin)
        self.rebase_month = QComboBox(right)
        self.rebase_month.setAccessibleName("Rebase month")
        controls.addWidget(QLabel("Rebase at", right))
        controls.addWidget(self.rebase_month)
        controls.addWidget(_button("Add", self._add_rebase, right))
        self.rebase_list = QListWidget(right)
        self.rebase_list.setAccessibleName("Rebase points")
        self.rebase_list.setMaximumHeight(48)
        self.rebase_list.setMaximumWidth(110)
        controls.addWidget(self.rebase_list)
        controls.addWidget(_button("Remove", self._remove_rebase, right))
        controls.addStretch(1)
        rl.addLayout(controls)
        shows = QHBoxLayout()
        self.show_boxes = {}
        for key, label in (("rag", "RAG bands"), ("ambition", "National ambition"),
                           ("rolling", "Rolling 12 months"), ("annotations", "Annotations")):
            box = QCheckBox(label, right)
            box.setChecked(True)
            box.setAccessibleName(f"Show {label.lower()}")
            box.toggled.connect(self._redraw)
            self.show_boxes[key] = box
            shows.addWidget(box)
        shows.addStretch(1)
        shows.addWidget(_button("Annotations…", self._annotations, right))
        shows.addWidget(_button("Export PNG…", self._export_png, right))
        rl.addLayout(shows)
        self.chart = TrendChart(right)
        rl.addWidget(self.chart, 1)
        self.hover_label = QLabel(" ", right)
        self.hover_label.setAccessibleName("Month under the pointer")
        self.hover_label.setWordWrap(True)
        self.chart.hovered.connect(self.hover_label.setText)
        self.notes_label = QLabel("", right)
        self.notes_label.setWordWrap(True)
        self.notes_label.setStyleSheet("color: #555;")
        rl.addWidget(self.hover_label)
        rl.addWidget(self.notes_label)
        charts_tab.addWidget(left)
        charts_tab.addWidget(right)
        charts_tab.setSizes([440, 900])
        self.tabs.addTab(charts_tab, "&Indicators")

        # --- monthly entry ---------------------------------------------------------------------
        entry = QWidget(self)
        el = QVBoxLayout(entry)
        self.grid = EntryGrid(store, self.today, parent=entry)
        self.grid.data_changed.connect(self._on_figures_written)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Type or paste (Ctrl+V) a block copied from Excel. A pair is saved when "
                             "both figures are in and pass the checks.", entry))
        bar.addStretch(1)
        bar.addWidget(_button("&Import file…", self._import, entry))
        el.addLayout(bar)
        el.addWidget(self.grid, 1)
        self.tabs.addTab(entry, "&Monthly entry")

        # --- summary -----------------------------------------------------------------------------
        summary = QWidget(self)
        sl = QVBoxLayout(summary)
        self.summary_model = SummaryModel(self)
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.summary_model)
        proxy.setSortRole(SORT_ROLE)
        self.summary_view = QTableView(summary)
        self.summary_view.setAccessibleName("Summary of indicators")
        self.summary_view.setModel(proxy)
        self.summary_view.setSortingEnabled(True)
        self.summary_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.summary_view.horizontalHeader().setStretchLastSection(True)
        sl.addWidget(self.summary_view, 1)
        srow = QHBoxLayout()
        srow.addStretch(1)
        srow.addWidget(_button("E&xport to Excel…", self._export_summary, summary))
        sl.addLayout(srow)
        self.tabs.addTab(summary, "&Summary")

        # --- benchmarking ---------------------------------------------------------------------
        bench = QWidget(self)
        bl = QVBoxLayout(bench)
        brow = QHBoxLayout()
        self.bench_indicator = QComboBox(bench)
        self.bench_indicator.setAccessibleName("Indicator to compare")
        self.bench_from = QComboBox(bench)
        self.bench_from.setAccessibleName("Period from")
        self.bench_to = QComboBox(bench)
        self.bench_to.setAccessibleName("Period to")
        for w in (self.bench_indicator, self.bench_from, self.bench_to):
            w.currentIndexChanged.connect(self._redraw_benchmark)
        brow.addWidget(QLabel("Indicator", bench))
        brow.addWidget(self.bench_indicator, 1)
        brow.addWidget(QLabel("From", bench))
        brow.addWidget(self.bench_from)
        brow.addWidget(QLabel("to", bench))
        brow.addWidget(self.bench_to)
        self.peer_combo = QComboBox(bench)
        self.peer_combo.setAccessibleName("Peer unit")
        brow.addWidget(_button("Add peer unit…", self._add_peer, bench))
        brow.addWidget(self.peer_combo)
        brow.addWidget(_button("Enter figures…", self._enter_peer, bench))
        brow.addWidget(_button("Import…", self._import, bench))
        bl.addLayout(brow)
        charts = QHBoxLayout()
        self.bar_chart = RankedBarChart(bench)
        self.funnel_chart = FunnelChart(bench)
        charts.addWidget(self.bar_chart, 1)
        charts.addWidget(self.funnel_chart, 1)
        bl.addLayout(charts, 1)
        self.bench_note = QLabel("", bench)
        self.bench_note.setWordWrap(True)
        bl.addWidget(self.bench_note)
        self.tabs.addTab(bench, "&Benchmarking")

        self.refresh()

    # --- loading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        from maternity_desk.store import dashboard as dash

        self._loading = True
        try:
            self.indicators = dash.indicators(self.store)
            self._reload_summary()
            self.grid.refresh()
            self._fill_benchmark_controls()
        finally:
            self._loading = False
        if self.current_code is None and self.list_proxy.rowCount():
            self.list_view.selectRow(0)
        else:
            self._show_indicator(self.current_code)
        self._redraw_benchmark()

    def _reload_summary(self) -> None:
        from maternity_desk.store import dashboard as dash

        rows = dash.summary(self.store)
        self.summaries = {r.code: r for r in rows}
        keep = self.current_code
        self.list_model.set_rows([(i, self.summaries.get(i.code)) for i in self.indicators])
        self.summary_model.set_rows(rows)
        if keep is not None:
            self._select_code(keep)

    def _select_code(self, code: str) -> None:
        for r in range(self.list_proxy.rowCount()):
            if self.list_proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 2) == code:
                self.list_view.selectRow(r)
                return

    def _on_indicator_chosen(self, current, _previous) -> None:
        if not current.isValid():
            return
        code = self.list_proxy.index(current.row(), 0).data(Qt.ItemDataRole.UserRole + 2)
        if code != self.current_code:
            self.current_code = code
            self._show_indicator(code)

    def _show_indicator(self, code: str | None) -> None:
        from maternity_desk.store import dashboard as dash

        if code is None:
            return
        setting = dash.spc_setting(self.store, code)
        series = dash.series(self.store, code)
        self._loading = True
        try:
            self.chart_combo.setCurrentIndex(max(0, self.chart_combo.findData(setting.chart)))
            self.baseline_spin.setValue(setting.baseline or 1)
            self.rebase_list.clear()
            self.rebase_list.addItems([month_label(m) for m in setting.rebase_months])
            for i, m in enumerate(setting.rebase_months):
                self.rebase_list.item(i).setData(256, m)
            self.rebase_month.clear()
            for m in series.months[1:]:
                self.rebase_month.addItem(month_label(m), m)
            if self.rebase_month.count():
                self.rebase_month.setCurrentIndex(self.rebase_month.count() - 1)
        finally:
            self._loading = False
        self._redraw()

    def _redraw(self, *_args) -> None:
        from maternity_desk.store import dashboard as dash

        code = self.current_code
        if code is None:
            return
        try:
            view = dash.spc(self.store, code)
        except MaternityDeskError as exc:
            self.notes_label.setText(str(exc))
            return
        series = dash.series(self.store, code)
        c = self.chart
        c.show_rag = self.show_boxes["rag"].isChecked()
        c.show_ambition = self.show_boxes["ambition"].isChecked()
        c.show_rolling = self.show_boxes["rolling"].isChecked()
        c.show_annotations = self.show_boxes["annotations"].isChecked()
        c.set_data(view, series.rolling(), dash.annotations(self.store, code))
        ind = view.indicator
        notes = [f"{ind.numerator} / {ind.denominator}."]
        notes += [w[0].upper() + w[1:] + "." for w in view.warnings]
        if ind.better is None:
            notes.append("No better direction: special causes are shown as neutral (purple).")
        flagged = [r for r in view.rows if r.special_cause]
        if flagged:
            notes.append(f"{len(flagged)} month(s) flagged; O outside the limits, T trend, "
                         "2/3 two of three close to a limit, S shift. Hover for details.")
        self.notes_label.setText(" ".join(notes))

    # --- SPC settings ------------------------------------------------------------------------
    def _current_setting(self) -> SpcSetting:
        months = tuple(self.rebase_list.item(i).data(256) for i in range(self.rebase_list.count()))
        base = self.baseline_spin.value()
        return SpcSetting(self.current_code, None if base < 2 else base, self.chart_combo.currentData(), months)

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
        self._reload_summary()
        self._show_indicator(self.current_code)
        self.data_changed.emit()

    def _add_rebase(self) -> None:
        month = self.rebase_month.currentData()
        if self.current_code is None or month is None:
            return
        s = self._current_setting()
        self._store_setting(SpcSetting(s.indicator_code, s.baseline, s.chart,
                                       tuple(sorted(set(s.rebase_months) | {month}))))

    def _remove_rebase(self) -> None:
        item = self.rebase_list.currentItem()
        if item is None or self.current_code is None:
            return
        s = self._current_setting()
        self._store_setting(SpcSetting(s.indicator_code, s.baseline, s.chart,
                                       tuple(m for m in s.rebase_months if m != item.data(256))))

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

    def _annotations(self) -> None:
        from maternity_desk.store import dashboard as dash
        from maternity_desk.ui.dashboard.dialogs import AnnotationsDialog

        if self.current_code is None:
            return
        months = dash.series(self.store, self.current_code).months
        dlg = AnnotationsDialog(self.store, dash.indicator(self.store, self.current_code), months, self)
        dlg.exec()
        if dlg.changed:
            self._redraw()
            self.data_changed.emit()

    def _on_figures_written(self) -> None:
        self._reload_summary()
        self._redraw()
        self.data_changed.emit()

    # --- files --------------------------------------------------------------------------------------
    def _export_png(self) -> None:
        if self.current_code is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export chart", f"{self.current_code}.png", "PNG image (*.png)")
        if not path:
            return
        if not path.lower().endswith(".png"):
            path += ".png"
        self.chart.export_png(path)

    def _export_summary(self) -> None:
        from maternity_desk.exchange.dashboard import write_summary
        from maternity_desk.store import dashboard as dash

        path, _ = QFileDialog.getSaveFileName(self, "Export summary", "dashboard-summary.xlsx",
                                              "Excel workbook (*.xlsx)")
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        try:
            write_summary(Path(path), self.summary_model.rows(), unit_name=dash.own_unit_name(self.store),
                          as_at=self.today)
        except (OSError, MaternityDeskError) as exc:
            QMessageBox.warning(self, "Not exported", f"The workbook could not be written: {exc}")

    def _import(self) -> None:
        from maternity_desk.ui.import_wizard import ImportWizard

        wizard = ImportWizard(self.store, "dashboard", self, extra={"today": self.today})
        wizard.imported.connect(lambda _plan: (self.refresh(), self.data_changed.emit()))
        wizard.open()

    # --- benchmarking ------------------------------------------------------------------------------
    def _fill_benchmark_controls(self) -> None:
        from maternity_desk.store import dashboard as dash

        keep = self.bench_indicator.currentData()
        self.bench_indicator.clear()
        for ind in self.indicators:
            self.bench_indicator.addItem(ind.name, ind.code)
        if keep:
            self.bench_indicator.setCurrentIndex(max(0, self.bench_indicator.findData(keep)))
        span = dash.value_months(self.store)
        peers_span = self.store.query_one("SELECT min(month), max(month) FROM peer_value")
        firsts = [m for m in (span[0] if span else None, peers_span[0]) if m]
        lasts = [m for m in (span[1] if span else None, peers_span[1]) if m]
        self.bench_from.clear()
        self.bench_to.clear()
        if firsts and lasts:
            from maternity_desk.core.periods import month_range, shift_month

            months = month_range(min(firsts), max(lasts))
            for m in months:
                self.bench_from.addItem(month_label(m), m)
                self.bench_to.addItem(month_label(m), m)
            start = max(months[0], shift_month(months[-1], -11))
            self.bench_from.setCurrentIndex(self.bench_from.findData(start))
            self.bench_to.setCurrentIndex(len(months) - 1)
        self.peer_combo.clear()
        for p in dash.peer_units(self.store):
            self.peer_combo.addItem(p["name"], p["name"])

    def _redraw_benchmark(self, *_args) -> None:
        from maternity_desk.core.dashboard import funnel
        from maternity_desk.store import dashboard as dash

        if self._loading:
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
        self.bar_chart.set_data(f"{ind.name}, {period} (best first)", ranked(ind, totals, own), ind.scale)
        notes = []
        try:
            f = funnel(ind, totals, own)
        except MaternityDeskError as exc:
            notes.append(str(exc))
        except ImportError:
            notes.append("The funnel plot is not available in this version.")
        else:
            self.funnel_chart.set_data(f"{ind.name}, {period}: funnel plot", f, ind.scale)
            out = [p.unit for p in f.points if p.outside_998]
            if out:
                notes.append("Outside the 99.8% limits: " + ", ".join(out) + ".")
        if len(totals) < 2:
            notes.append("Add peer units' figures (Add peer unit, Enter figures or Import) to compare.")
        self.bench_note.setText(" ".join(notes))

    def _add_peer(self) -> None:
        from maternity_desk.ui.dashboard.dialogs import ask_peer_unit

        if ask_peer_unit(self.store, self):
            self._loading = True
            try:
                self._fill_benchmark_controls()
            finally:
                self._loading = False
            self._redraw_benchmark()
            self.data_changed.emit()

    def _enter_peer(self) -> None:
        from maternity_desk.ui.dashboard.dialogs import PeerGridDialog

        unit = self.peer_combo.currentData()
        if not unit:
            QMessageBox.information(self, "No peer unit", "Add a peer unit first.")
            return
        dlg = PeerGridDialog(self.store, unit, self.today, self)
        dlg.exec()
        self._redraw_benchmark()
        self.data_changed.emit()
