"""National benchmark: the unit among the published national figures for one indicator and
period — every trust ranked, a funnel plot around England's figure, the table (to Excel) and
the year-on-year view of unit, region and England.

Signals: data_changed (from :class:`Page`) after a published file was imported.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
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
from maternity_desk.ui.national.models import SORT_ROLE, BenchmarkModel
from maternity_desk.ui.page import Page

EMPTY_TEXT = ("No national figures have been imported yet. Download the NHS Maternity Statistics annual "
              "CSV or a Maternity Services Monthly Statistics Data or Measures file and use "
              "'Import published file…'.")


class NationalPage(Page):
    title = "National benchmark"
    description = ("The unit's figures against England, its region and every trust, from the national "
                   "published maternity statistics.")

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(store, parent)
        from maternity_desk.ui.national import charts

        self.bench = None
        self.points: list[nat.FunnelPoint] = []

        top = QHBoxLayout()
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
            label = QLabel(text, self)
            label.setBuddy(box)
            top.addWidget(label)
            top.addWidget(box)
        top.addStretch(1)
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
        self.ranked = charts.RankedChart(self)
        self.funnel = charts.FunnelChart(self)
        self.years = charts.YearChart(self)
        self.model = BenchmarkModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Benchmark table")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # England, region, unit, then by rank
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(BenchmarkModel.NAME, QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(self.ranked, "&Ranked")
        self.tabs.addTab(self.funnel, "&Funnel plot")
        self.tabs.addTab(self.table, "&Table")
        self.tabs.addTab(self.years, "&Year on year")

        self.hover = QLabel(" ", self)
        self.hover.setAccessibleName("Organisation under the pointer")
        for chart in (self.ranked, self.funnel, self.years):
            chart.hovered.connect(self.hover.setText)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.hover)

        self.indicator_box.currentIndexChanged.connect(self._on_indicator_changed)
        self.period_box.currentIndexChanged.connect(self._redraw)
        self.method_box.currentIndexChanged.connect(self._redraw)
        self.refresh()

    def _button(self, text: str, slot, layout) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        layout.addWidget(button)
        return button

    # --- reading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        from maternity_desk.store import national as stored

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

    def _on_indicator_changed(self) -> None:
        from maternity_desk.store import national as stored

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

    def _redraw(self) -> None:
        from maternity_desk.store import national as stored

        code, period = self.indicator_box.currentData(), self.period_box.currentData()
        self.bench, self.points = None, []
        has = bool(code and period)
        for b in (self.export_button, self.png_button):
            b.setEnabled(has)
        if not has:
            self.summary.setText(EMPTY_TEXT if not stored.loaded(self.store) else
                                 "No published figures for this indicator yet: choose another indicator "
                                 "or import the file that has it.")
            self.model.set_rows([], "percent")
            self.ranked.set_rows([], "percent", "")
            self.funnel.set_points(None, [], "percent", self.method, "")
            self.years.set_years([], "percent", "")
            return
        try:
            bench = stored.benchmark(self.store, code, period)
            years = stored.year_on_year(self.store, code)
        except MaternityDeskError as exc:
            self.summary.setText(str(exc))
            return
        self.bench = bench
        ind = bench.indicator
        centre, self.points = nat.funnel_points(bench.rows, ind.scale, method=self.method)
        positions = {p.org_code: p.position for p in self.points}
        self.model.set_rows(bench.rows, ind.scale, positions)
        title = f"{ind.name} ({ind.scale_label}), {bench.period}"
        self.ranked.set_rows(bench.rows, ind.scale, title + " — published figures, rounded")
        self.funnel.set_points(centre, self.points, ind.scale, self.method, title)
        region = self.store.unit_settings().region
        from maternity_desk.core.unit import REGIONS

        self.years.set_years(years, ind.scale, f"{ind.name}: year on year (annual published figures)",
                             REGIONS.get(region, "region"))
        self.summary.setText(self._summary_text(bench, positions))

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
        from maternity_desk.ui.import_wizard import ImportWizard

        wizard = ImportWizard(self.store, "national", self)
        wizard.imported.connect(self._on_imported)
        wizard.open()

    def _on_imported(self, _plan=None) -> None:
        self.refresh()
        self.data_changed.emit()

    def _export_xlsx(self) -> None:
        if self.bench is None:
            return
        from maternity_desk.exchange.national import export_benchmark

        name = f"benchmark-{self.bench.indicator.code}-{self.bench.period}.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, "Export benchmark", name, "Excel workbook (*.xlsx)")
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        try:
            export_benchmark(self.bench, Path(path), method=self.method)
        except (OSError, MaternityDeskError) as exc:
            QMessageBox.warning(self, "Not exported", f"The workbook could not be written: {exc}")

    def _export_png(self) -> None:
        if self.bench is None:
            return
        chart = {0: self.ranked, 1: self.funnel, 3: self.years}.get(self.tabs.currentIndex(), self.ranked)
        name = f"benchmark-{self.bench.indicator.code}-{self.bench.period}.png"
        path, _ = QFileDialog.getSaveFileName(self, "Export chart", name, "PNG image (*.png)")
        if not path:
            return
        if not path.lower().endswith(".png"):
            path += ".png"
        try:
            chart.export_png(path)
        except OSError as exc:
            QMessageBox.warning(self, "Not exported", f"The chart could not be written: {exc}")
