"""pyqtgraph charts for the fund page (imported when the page is built; pyqtgraph is heavy):
the burn-down of available money through the financial year against a straight line to zero,
and spend by category as horizontal bars. PNG export only."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from maternity_desk.core import fund as core
from maternity_desk.core.money import format_pence
from maternity_desk.ui.charts import export_png

ACTUAL = "#1f4e79"
IDEAL = "#7f7f7f"
OVER = "#b00020"


def _ts(d: date) -> float:
    return datetime(d.year, d.month, d.day, 12).timestamp()


class PoundAxis(pg.AxisItem):
    def tickStrings(self, values, scale, spacing):  # noqa: N802
        return [format_pence(round(v * 100)).replace(".00", "") for v in values]


def _month_ticks(start: date, end: date) -> list[list[tuple[float, str]]]:
    """A labelled tick every quarter (Apr 16, Jul 16, ...) and a plain one every month."""
    major, minor = [], []
    y, m = start.year, start.month
    while date(y, m, 1) <= end:
        d = date(y, m, 1)
        (major if (m - 4) % 3 == 0 else minor).append((_ts(d), d.strftime("%b %y") if (m - 4) % 3 == 0 else ""))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return [major, minor]


class BurnDownChart(QWidget):
    """Available money (£) on each date of the year, stepped, with the ideal straight line."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Burn-down chart of available money through the year")
        self.plot = pg.PlotWidget(
            background="w",
            axisItems={"bottom": pg.DateAxisItem(orientation="bottom"), "left": PoundAxis(orientation="left")},
        )
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.plot, 1)
        self.points: list[tuple[date, int]] = []
        self.ideal: list[tuple[date, int]] = []

    def set_data(self, points: list[tuple[date, int]], ideal: list[tuple[date, int]], title: str) -> None:
        self.points, self.ideal = points, ideal
        self.plot.clear()
        self.title.setText(f"<b>{title}</b><br><small>Solid: money available on each date. Dashed: a "
                           "straight line to zero on 31 March.</small>")
        xs, ys = [], []
        for i, (d, v) in enumerate(points):
            if i:
                xs.append(_ts(d))
                ys.append(points[i - 1][1] / 100)
            xs.append(_ts(d))
            ys.append(v / 100)
        self.plot.addItem(pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen("#999999", width=1)))
        if ideal:
            self.plot.plot([_ts(d) for d, _ in ideal], [v / 100 for _, v in ideal],
                           pen=pg.mkPen(IDEAL, width=2, style=Qt.PenStyle.DashLine), name="Straight line to zero")
        if xs:
            over = any(v < 0 for _, v in points)
            self.plot.plot(xs, ys, pen=pg.mkPen(OVER if over else ACTUAL, width=2.5), name="Available")
            self.plot.plot([_ts(d) for d, _ in points], [v / 100 for _, v in points], pen=None,
                           symbol="o", symbolSize=5, symbolBrush=ACTUAL, symbolPen=None)
        self.plot.enableAutoRange(axis="y")
        if points:
            start, end = points[0][0], points[-1][0]
            self.plot.setXRange(_ts(start) - 86400 * 3, _ts(end) + 86400 * 3, padding=0)
            self.plot.getAxis("bottom").setTicks(_month_ticks(start, end))

    def export_png(self, path: Path | str) -> None:
        export_png(self.plot.plotItem, path)


class CategoryChart(QWidget):
    """Net paid per category as horizontal bars (outstanding commitments stacked after)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Spend by category chart")
        self.title = QLabel("<small>Paid, net of refunds (dark); commitments still outstanding (light)</small>")
        self.title.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        # the plot is made when the chart is first shown (its tab is not the first): opening the
        # page does not pay for a chart nobody has looked at yet
        self.axis = self.plot = None
        self._rows: list[core.CategorySpend] | None = None

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if self.plot is None:
            self.axis = pg.AxisItem(orientation="left")
            self.plot = pg.PlotWidget(background="w",
                                      axisItems={"left": self.axis, "bottom": PoundAxis(orientation="bottom")})
            self.plot.setMenuEnabled(False)
            self.plot.setMouseEnabled(x=False, y=False)
            self.plot.hideButtons()
            self.plot.showGrid(x=True, alpha=0.15)
            font = QFont()
            font.setPointSize(8)
            self.axis.setStyle(tickFont=font)
            self.layout().addWidget(self.plot, 1)
            if self._rows is not None:
                self._draw(self._rows)

    def set_data(self, rows: list[core.CategorySpend]) -> None:
        self._rows = rows
        if self.plot is not None:
            self._draw(rows)

    def _draw(self, rows: list[core.CategorySpend]) -> None:
        self.plot.clear()
        n = len(rows)
        ys = list(range(n))[::-1]
        paid = [max(r.paid_pence, 0) / 100 for r in rows]
        left = [r.outstanding_pence / 100 for r in rows]
        if n:
            self.plot.addItem(pg.BarGraphItem(x0=[0] * n, y=ys, height=0.6, width=paid,
                                              brush=QColor(ACTUAL), pen=QPen(Qt.PenStyle.NoPen)))
            self.plot.addItem(pg.BarGraphItem(x0=paid, y=ys, height=0.6, width=left,
                                              brush=QColor("#9dc3e6"), pen=QPen(Qt.PenStyle.NoPen)))
        labels = [(y, r.category if len(r.category) <= 24 else r.category[:22] + "…") for y, r in zip(ys, rows)]
        self.axis.setTicks([labels])
        self.plot.setYRange(-0.6, max(n, 1) - 0.4)
        self.plot.enableAutoRange(axis="x")
