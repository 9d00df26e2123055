"""The compliance trend chart (pyqtgraph): each course's compliance at each month end.

Imported only when the training page is built, so pyqtgraph does not slow start-up."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from maternity_desk.core.periods import month_label
from maternity_desk.core.training import Thresholds, TrendPoint
from maternity_desk.ui.charts import export_png

# colour-blind-safe (Okabe-Ito) and a different symbol per line
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
SYMBOLS = ("o", "s", "t", "d", "+", "x")


class TrendChart(pg.PlotWidget):
    """Signals: none (read-only view)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, background="w")
        self.setAccessibleName("Compliance trend chart")
        self.setMinimumHeight(180)
        self.plot_item = self.getPlotItem()
        self.plot_item.showGrid(x=False, y=True, alpha=0.25)
        self.plot_item.setLabel("left", "% in date")
        self.plot_item.setMenuEnabled(False)
        self.plot_item.hideButtons()
        self.setMouseEnabled(x=False, y=False)
        self.legend = self.plot_item.addLegend(offset=(10, 2), labelTextSize="9pt", labelTextColor="#222222",
                                              colCount=6, brush=pg.mkBrush(255, 255, 255, 220))
        self.months: list[str] = []
        self.series: dict[str, list[float | None]] = {}
        self._shape: tuple | None = None  # the courses and thresholds the lines were made for
        self._curves: dict[str, pg.PlotDataItem] = {}

    def set_points(self, points: list[TrendPoint], thresholds: Thresholds) -> None:
        months = sorted({p.month for p in points})
        self.months = months
        pos = {m: i for i, m in enumerate(months)}
        by_course: dict[str, list[float | None]] = {}
        for p in points:
            by_course.setdefault(p.course, [None] * len(months))[pos[p.month]] = p.percent
        self.series = by_course
        shape = (tuple(by_course), thresholds.green, thresholds.amber)
        if shape != self._shape:  # other courses or thresholds: lines and legend made again
            self._shape = shape
            self.plot_item.clear()
            self.legend.clear()
            self._curves = {}
            for level, colour in ((thresholds.green, "#2E7D32"), (thresholds.amber, "#B26A00")):
                line = pg.InfiniteLine(pos=level, angle=0, pen=pg.mkPen(colour, width=1, style=Qt.PenStyle.DashLine))
                self.plot_item.addItem(line)
            for i, course in enumerate(by_course):
                colour = PALETTE[i % len(PALETTE)]
                self._curves[course] = self.plot_item.plot(
                    [], [], pen=pg.mkPen(colour, width=2), symbol=SYMBOLS[i % len(SYMBOLS)], symbolSize=5,
                    symbolBrush=colour, symbolPen=colour, name=course)
        for course, values in by_course.items():  # the same lines, new figures (a moved date)
            self._curves[course].setData([x for x, v in enumerate(values) if v is not None],
                                         [v for v in values if v is not None])
        self._set_ticks()
        low = min([v for vs in by_course.values() for v in vs if v is not None] or [thresholds.amber])
        bottom = max(0, min(low, thresholds.amber) - 5)
        self.plot_item.setYRange(bottom, 106, padding=0)  # room above 100% for the markers
        step = 5 if 100 - bottom <= 40 else 10  # labelled no higher than 100%
        first = -(-bottom // step) * step
        self.plot_item.getAxis("left").setTicks([[(v, f"{v:g}") for v in range(int(first), 101, step)]])
        if months:
            self.plot_item.setXRange(-0.5, len(months) - 0.5, padding=0)

    def _set_ticks(self) -> None:
        """A month label every 1, 3, 6 or 12 months, as many as the width has room for
        (the latest month always labelled)."""
        months = self.months
        room = max(1, (self.width() - 70) // 75)
        step = next((s for s in (1, 3, 6, 12) if len(months) <= s * room), 12)
        ticks = [(i, month_label(m)) for i, m in enumerate(months) if (len(months) - 1 - i) % step == 0]
        self.plot_item.getAxis("bottom").setTicks([ticks])

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        if getattr(self, "plot_item", None) is not None and self.__dict__.get("months"):
            self._set_ticks()

    def save_png(self, path: str) -> None:
        export_png(self.plot_item, path, 1200)
