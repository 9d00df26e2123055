"""National benchmark: the unit among the published national figures for one indicator and
period — every trust ranked, a funnel plot around England's figure, the table (to Excel) and
the year-on-year view of unit, region and England.

The page opens fast: the summary line is written at once; the charts (pyqtgraph) are made
once the page has been painted, and each tab is drawn only when it is shown. ``refresh``
re-reads only when the database changed since the page last read it.

Signals: data_changed (from :class:`Page`) after a published file was imported.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from maternity_desk.core import national as nat
from maternity_desk.core.errors import MaternityDeskError
from maternity_desk.core.indicators import format_value
from maternity_desk.exchange.national import export_benchmark
from maternity_desk.store import dashboard
from maternity_desk.store import national as stored
from maternity_desk.ui.import_wizard import ImportWizard
from maternity_desk.ui.national.models import BenchmarkModel
from maternity_desk.ui.page import Page
from maternity_desk.ui.save_as import PNG, XLSX, ask_save_path
from maternity_desk.ui.table_model import sorting_proxy
from maternity_desk.ui.widgets import push_button

RANKED, FUNNEL, TABLE, YEARS = range(4)
EMPTY_TEXT = ("No national figures have been imported yet. Download the NHS Maternity Statistics annual "
              "CSV or a Maternity Services Monthly Statistics Data or Measures file and use "
              "'Import published file…'.")


class NationalPage(Page):
    title = "National benchmark"
    description = ("The unit's figures against England, its region and every trust, from the national "
                   "published maternity statistics.")

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(store, parent)
        self.bench = None
        self.years_data: list = []
        self.centre: float | None = None
        self.points: list[nat.FunnelPoint] = []
        self._stamp = None  # the database as it was when last read
        self._charts: dict[int, QWidget] = {}
        self._drawn: set[int] = set()  # tabs showing the current selection
        self._painted = False

        from maternity_desk.ui.dashboard.flow import FlowLayout

        top = FlowLayout()  # wraps at 150% instead of squeezing the buttons' words
        self.indicator_box = QComboBox(self)
        self.indicator_box.setAccessibleName("Indicator")
        self.indicator_box.setMinimumContentsLength(28)
        self.period_box = QComboBox(self)
        self.period_box.setAccessibleName("Period")
        self.period_box.setMinimumContentsLength(9)
        self.method_box = QComboBox(self)
        self.method_box.setAccessibleName("Funnel limits method")
        for key, label in nat.FUNNEL_METHODS.items():
            self.method_box.addItem(label, key)
        self.method_box.setCurrentIndex(self.method_box.findData("binomial"))
        for text, box in (("&Indicator", self.indicator_box), ("&Period", self.period_box),
                          ("&Limits", self.method_box)):
            pair = QWidget(self)  # a label wraps with its box
            pair_layout = QHBoxLayout(pair)
            pair_layout.setContentsMargins(0, 0, 0, 0)
            label = QLabel(text, pair)
            label.setBuddy(box)
            pair_layout.addWidget(label)
            pair_layout.addWidget(box)
            top.addWidget(pair)
        self.import_button = self._button("I&mport published file…", self._import, top)
        self.export_button = self._button("E&xport to Excel…", self._export_xlsx, top)
        self.png_button = self._button("Export chart &PNG…", self._export_png, top)

        self.summary = QLabel(EMPTY_TEXT, self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Where the unit stands")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                             | Qt.TextInteractionFlag.TextSelectableByMouse)

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Benchmark views")
        self._hosts: dict[int, QWidget] = {}
        self.model = BenchmarkModel(self)
        self.proxy = sorting_proxy(self.model, self)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Benchmark table")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # England, region, unit, then by rank
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((50, 150, 70, 380, 90, 95, 70, 150, 150, 150)):
            header.resizeSection(col, width)
        header.setStretchLastSection(True)
        for index, title in ((RANKED, "&Ranked"), (FUNNEL, "&Funnel plot"), (TABLE, "&Table"),
                             (YEARS, "&Year on year")):
            if index == TABLE:
                self.tabs.addTab(self.table, title)
                continue
            host = QWidget(self)
            host_layout = QVBoxLayout(host)
            host_layout.setContentsMargins(0, 0, 0, 0)
            waiting = QLabel("Drawing the chart…", host)
            waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
            host_layout.addWidget(waiting)
            self._hosts[index] = host
            self.tabs.addTab(host, title)
        self.tabs.currentChanged.connect(self._draw_tab)

        self.hover = QLabel(" ", self)
        self.hover.setAccessibleName("Organisation under the pointer")

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.hover)

        self.indicator_box.currentIndexChanged.connect(self._on_indicator_changed)
        self.period_box.currentIndexChanged.connect(self._redraw)
        self.method_box.currentIndexChanged.connect(self._on_method_changed)
        self.refresh()

    # --- charts, made on first use -------------------------------------------------------------
    def chart(self, index: int):
        """The chart of tab ``index`` (RANKED, FUNNEL or YEARS), made on first use."""
        if index not in self._charts:
            from maternity_desk.ui.national import charts

            make = {RANKED: charts.RankedChart, FUNNEL: charts.FunnelChart, YEARS: charts.YearChart}[index]
            host = self._hosts[index]
            from maternity_desk.ui.empty import EmptyState

            chart = make(host)
            chart.hovered.connect(self.hover.setText)
            chart.state = EmptyState(chart, host)
            old = host.layout().itemAt(0).widget()
            host.layout().replaceWidget(old, chart.state)
            old.deleteLater()
            self._charts[index] = chart
        return self._charts[index]

    @property
    def ranked(self):
        self._draw_tab(RANKED, now=True)
        return self.chart(RANKED)

    @property
    def funnel(self):
        self._draw_tab(FUNNEL, now=True)
        return self.chart(FUNNEL)

    @property
    def years(self):
        self._draw_tab(YEARS, now=True)
        return self.chart(YEARS)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().paintEvent(event)
        if not self._painted:  # the visible chart is drawn once the page has appeared
            self._painted = True
            QTimer.singleShot(0, lambda: self._draw_tab(self.tabs.currentIndex()))

    def _button(self, text: str, slot, layout) -> QPushButton:
        button = push_button(text, slot, self)
        layout.addWidget(button)
        return button

    # --- reading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        if self._stamp is not None and dashboard.data_stamp(self.store) == self._stamp:
            return  # nothing was written since the page last read the database
        keep = self.indicator_box.currentData()
        with_data = set(stored.indicator_codes(self.store))
        inds = stored.mapped_indicators(self.store)
        inds.sort(key=lambda i: (i.code not in with_data, i.sort_order, i.name))
        self.indicator_box.blockSignals(True)
        self.indicator_box.clear()
        for ind in inds:
            self.indicator_box.addItem(ind.name + ("" if ind.code in with_data else " (no figures)"), ind.code)
        # keep the choice unless it has no figures while others now have
        index = self.indicator_box.findData(keep) if keep and (keep in with_data or not with_data) else -1
        self.indicator_box.setCurrentIndex(index if index >= 0 else 0)
        self.indicator_box.blockSignals(False)
        self._on_indicator_changed()
        self._stamp = dashboard.data_stamp(self.store)

    def _on_indicator_changed(self) -> None:
        code = self.indicator_box.currentData()
        keep = self.period_box.currentData()
        self.period_box.blockSignals(True)
        self.period_box.clear()
        for period in stored.periods(self.store, code) if code else []:
            self.period_box.addItem(period, period)
        index = self.period_box.findData(keep) if keep else -1
        self.period_box.setCurrentIndex(index if index >= 0 else 0)
        self.period_box.blockSignals(False)
        self._redraw()

    def set_selection(self, code: str, period: str | None = None) -> None:
        """Show ``code`` (and ``period``) as if chosen in the boxes."""
        self.indicator_box.setCurrentIndex(max(0, self.indicator_box.findData(code)))
        if period is not None:
            self.period_box.setCurrentIndex(max(0, self.period_box.findData(period)))

    @property
    def method(self) -> str:
        return self.method_box.currentData() or "binomial"

    def _on_method_changed(self) -> None:
        self._compute_funnel()
        self._drawn.clear()
        self._draw_tab(self.tabs.currentIndex())

    def _compute_funnel(self) -> None:
        """Each trust's place against the limits (for the table, summary and funnel plot)."""
        self.centre, self.points = (None, []) if self.bench is None else nat.funnel_points(
            self.bench.rows, self.bench.indicator.scale, method=self.method)
        positions = {p.org_code: p.position for p in self.points}
        if self.bench is not None:
            self.model.set_rows(self.bench.rows, self.bench.indicator.scale, positions)
            self.summary.setText(self._summary_text(self.bench, positions))

    def _redraw(self) -> None:
        """Read the benchmark for the chosen indicator and period; the visible tab is drawn now,
        the others when they are shown."""

        code, period = self.indicator_box.currentData(), self.period_box.currentData()
        self.bench, self.points, self.years_data, self.centre = None, [], [], None
        self._drawn.clear()
        has = bool(code and period)
        for b in (self.export_button, self.png_button):
            b.setEnabled(has)
        if not has:
            self.summary.setText(EMPTY_TEXT if not stored.loaded(self.store) else
                                 "No published figures for this indicator yet: choose another indicator "
                                 "or import the file that has it.")
            self.model.set_rows([], "percent")
        else:
            try:
                self.bench = stored.benchmark(self.store, code, period)
                self.years_data = stored.year_on_year(self.store, code)
            except MaternityDeskError as exc:
                self.bench = None
                self.summary.setText(str(exc))
                self.model.set_rows([], "percent")
            else:
                self._compute_funnel()
        self._draw_tab(self.tabs.currentIndex())

    def _draw_tab(self, index: int, *, now: bool = False) -> None:
        """Draw tab ``index``'s chart for the current selection, once. Before the page is first
        painted charts wait (unless ``now``); the table is filled with the selection."""
        if index not in (RANKED, FUNNEL, YEARS) or index in self._drawn:
            return
        if not now and not self._painted and index not in self._charts:
            return
        self._drawn.add(index)
        chart = self.chart(index)
        bench = self.bench
        if bench is None:
            chart.state.set_empty(self.summary.text(), "I&mport published file…", self._import)
        else:
            chart.state.set_empty(None)
        if bench is None:
            if index == RANKED:
                chart.set_rows([], "percent", "")
            elif index == FUNNEL:
                chart.set_points(None, [], "percent", self.method, "")
            else:
                chart.set_years([], "percent", "")
            return
        ind = bench.indicator
        title = f"{ind.name} ({ind.scale_label}), {bench.period}"
        rounded = " — published figures, disclosure-rounded"
        if index == RANKED:
            chart.set_rows(bench.rows, ind.scale, title + rounded, better=ind.better)
        elif index == FUNNEL:
            chart.set_points(self.centre, self.points, ind.scale, self.method, title + rounded)
        else:
            from maternity_desk.core.unit import REGIONS

            region = self.store.unit_settings().region
            chart.set_years(self.years_data, ind.scale,
                            f"{ind.name}: year on year (annual published figures, disclosure-rounded)",
                            REGIONS.get(region, "region"))

    def _summary_text(self, bench, positions: dict[str, str]) -> str:
        ind = bench.indicator
        scale = ind.scale
        parts = [f"<b>{ind.name}, {bench.period}</b> — "
                 f"{nat.SOURCE_LABELS.get(bench.source or '', 'no published file')}"
                 f"{' (provisional)' if bench.provisional else ''}."]
        if len(bench.months) > 1 and bench.source != nat.ANNUAL:
            parts.append(f"The published figures cover {bench.months[0]} to {bench.months[-1]}.")
        unit = nat.unit_row(bench.rows)
        trusts = [r for r in bench.rows if r.org_level == nat.LEVEL_PROVIDER and r.value is not None]
        settings = self.store.unit_settings()
        if unit is not None and unit.value is not None:
            place = nat.POSITION_LABELS.get(positions.get(unit.org_code, ""), "")
            parts.append(f"This unit ({unit.org_code}): <b>{format_value(unit.value, scale)}</b>, "
                         f"ranked {unit.rank} of {len(trusts)} trusts{'; ' + place if place else ''}.")
        elif unit is not None:
            parts.append(f"This unit ({unit.org_code}): {nat.STATUS_LABELS.get(unit.status, unit.status)}.")
        elif settings.ods_code:
            parts.append(f"No published figure for this unit's ODS code {settings.ods_code}.")
        else:
            parts.append("Set the unit's ODS code and region (File > Unit settings) to find its published figures.")
        for r in bench.rows:
            if r.org_level in (nat.LEVEL_NATIONAL, nat.LEVEL_REGION, nat.LEVEL_LMS, nat.LEVEL_UNIT) and r.value is not None:
                name = {nat.LEVEL_NATIONAL: "England", nat.LEVEL_UNIT: "Own data (exact)"}.get(r.org_level, r.org_name.title())
                parts.append(f"{name}: {format_value(r.value, scale)}.")
        parts.append("<i>Published counts are disclosure-rounded (1 to 7 shown as 5, others to the nearest 5); "
                     "values are computed from the rounded counts.</i>")
        return " ".join(parts)

    # --- files -------------------------------------------------------------------------------
    def _import(self) -> None:
        wizard = ImportWizard(self.store, "national", self)
        wizard.imported.connect(self._on_imported)
        wizard.open()

    def _on_imported(self, _plan=None) -> None:
        self.refresh()
        self.data_changed.emit()

    def _export_xlsx(self) -> None:
        if self.bench is None:
            return

        name = f"benchmark-{self.bench.indicator.code}-{self.bench.period}.xlsx"
        path = ask_save_path(self, "Export benchmark", name, XLSX)
        if path is None:
            return
        try:
            export_benchmark(self.bench, Path(path), method=self.method,
                             unit_name=self.store.unit_settings().unit_name)
        except (OSError, MaternityDeskError) as exc:
            QMessageBox.warning(self, "Not exported", f"The workbook could not be written: {exc}")

    def _export_png(self) -> None:
        if self.bench is None:
            return
        index = self.tabs.currentIndex()
        index = index if index in (RANKED, FUNNEL, YEARS) else RANKED
        self._draw_tab(index, now=True)
        chart = self.chart(index)
        name = f"benchmark-{self.bench.indicator.code}-{self.bench.period}.png"
        path = ask_save_path(self, "Export chart", name, PNG)
        if path is None:
            return
        try:
            chart.export_png(path)
        except OSError as exc:
            QMessageBox.warning(self, "Not exported", f"The chart could not be written: {exc}")
