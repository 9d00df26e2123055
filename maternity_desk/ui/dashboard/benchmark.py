"""The Dashboard page's "Benchmarking" tab: an indicator over a period against peer units, as
a ranked bar chart and a funnel plot; peer units added and their figures entered. Built the
first time it is shown; its charts made the turn after.

:class:`BenchmarkTab` is a part of :class:`page.DashboardPage` (a mixin): its widgets and
handlers are attributes of the page, as the page's targets and tests name them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QMessageBox, QSplitter, QWidget

from maternity_desk.core.dashboard import period_totals, ranked
from maternity_desk.core.errors import MaternityDeskError
from maternity_desk.core.periods import month_label
from maternity_desk.ui import tasks
from maternity_desk.ui.dashboard.common import BENCHMARK
from maternity_desk.ui.dashboard.common import label as _label
from maternity_desk.ui.dashboard.flow import FlowLayout
from maternity_desk.ui.widgets import push_button as _button


class BenchmarkTab:
    """Builds the benchmarking tab, its charts and its peer units (part of the Dashboard page)."""

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
        for w in (self.bench_from, self.bench_to):
            w.setMinimumContentsLength(len("Sep 2026") + 1)  # a month and year, never clipped
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
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
        # the funnel (its exact limits, then its chart) on the next turn: the bars are painted first
        tasks.soon(self, lambda: self._draw_funnel(ind, totals, own, period))

    def _draw_funnel(self, ind, totals, own: str, period: str) -> None:
        from maternity_desk.core.dashboard import funnel

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
