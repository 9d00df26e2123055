"""A measure's SPC chart (pyqtgraph): values coloured by variation, centre line and process
limits (starting again at each rebase), the aim as a target line, and each PDSA cycle as a marker at its start month.

Imported only when a project page is first shown (pyqtgraph is heavy). PNG export only.
"""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from maternity_desk.core import improvement as qi
from maternity_desk.core.periods import month_label, shift_month
from maternity_desk.ui.charts import VARIATION_BRUSH, as_float, export_png, style_axes

ASSURANCE_TEXT = {"pass": "the aim is consistently met", "fail": "the aim will not be met without change",
                  "hit_and_miss": "the aim will be met some months and missed in others"}


def _ordinal(month: str) -> int:
    y, m = month.split("-")
    return int(y) * 12 + int(m) - 1


class _MonthAxis(pg.AxisItem):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.first: str | None = None

    def tickStrings(self, values, scale, spacing):  # noqa: N802
        if self.first is None:
            return ["" for _ in values]
        return [month_label(shift_month(self.first, int(round(v)))).replace(" 20", " ")
                if abs(v - round(v)) < 1e-6 else "" for v in values]


class MeasureChartView(QWidget):
    """Draws one :class:`~maternity_desk.core.improvement.MeasureChart`."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.axis = _MonthAxis("bottom")
        self.plot = pg.PlotWidget(self, background="w", axisItems={"bottom": self.axis})
        self.plot.setAccessibleName("Measure chart")
        self.plot.showGrid(x=False, y=True, alpha=0.15)
        self.plot.setMenuEnabled(False)
        style_axes(self.plot)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.caption.setAccessibleName("Chart summary")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.plot, 1)
        lay.addWidget(self.caption)
        self.chart: qi.MeasureChart | None = None

    def set_chart(self, chart: qi.MeasureChart | None, cycles: list[qi.PdsaCycle] = ()) -> None:
        self.chart = chart
        self.plot.clear()
        if chart is None or not chart.points:
            self.axis.first = None
            self.plot.setTitle("No data yet: enter or import monthly figures", color="#444")
            self.caption.setText("")
            return
        m = chart.measure
        first = chart.points[0].month
        self.axis.first = first
        base = _ordinal(first)
        xs = [_ordinal(p.month) - base for p in chart.points]
        unit = f" ({m.unit})" if m.unit else ""
        self.plot.setTitle(f"{m.name}{unit}", color="#222", size="10pt")
        self.plot.setLabel("left", m.unit or "value")
        line_kw = dict(connect="finite")
        dash = pg.mkPen("#888", width=1, style=Qt.PenStyle.DashLine)
        # centre line and limits drawn segment by segment: they start again at each rebase
        for seg in sorted({p.segment for p in chart.points}):
            idx = [i for i, p in enumerate(chart.points) if p.segment == seg]
            sx = [xs[i] for i in idx]
            pts = [chart.points[i] for i in idx]
            self.plot.plot(sx, [as_float(p.mean) for p in pts], pen=pg.mkPen("#222", width=1.5), **line_kw)
            self.plot.plot(sx, [as_float(p.upper) for p in pts], pen=dash, **line_kw)
            self.plot.plot(sx, [as_float(p.lower) for p in pts], pen=dash, **line_kw)
            if seg:
                self.plot.addItem(pg.InfiniteLine(
                    pos=sx[0] - 0.5, angle=90, pen=pg.mkPen("#444", width=1, style=Qt.PenStyle.DashLine),
                    label="rebase", labelOpts={"color": "#444", "position": 0.04}))
        self.plot.plot(xs, [as_float(p.value) for p in chart.points], pen=pg.mkPen("#9a9a9a", width=1),
                       symbol="o", symbolSize=7, symbolPen=None,
                       symbolBrush=[pg.mkBrush(VARIATION_BRUSH.get(p.variation, "#7f7f7f")) for p in chart.points],
                       **line_kw)
        if chart.target is not None:
            aim = pg.InfiniteLine(pos=chart.target, angle=0, pen=pg.mkPen("#2e7d32", width=1.5,
                                                                          style=Qt.PenStyle.DashDotLine),
                                  label=f"aim {chart.target:g}", labelOpts={"color": "#2e7d32", "position": 0.05})
            self.plot.addItem(aim)
        legend = []
        for n, c in enumerate((c for c in cycles if c.start_date is not None), start=1):
            x = _ordinal(f"{c.start_date.year:04d}-{c.start_date.month:02d}") - base
            marker = pg.InfiniteLine(pos=x, angle=90, pen=pg.mkPen("#7030a0", width=1, style=Qt.PenStyle.DotLine),
                                     label=f"P{n}", labelOpts={"color": "#7030a0", "position": 0.96})
            self.plot.addItem(marker)
            legend.append(f"P{n} {month_label(f'{c.start_date.year:04d}-{c.start_date.month:02d}')}: {c.title}"
                          + (f" ({c.act})" if c.act else ""))
        latest = chart.latest
        parts = [f"Latest {month_label(latest.month)}: {latest.value:,.2f}" if latest.value is not None else "",
                 f"signal: {qi.signal_of(chart) or 'no data'}"]
        if chart.assurance:
            parts.append(f"assurance: {ASSURANCE_TEXT.get(chart.assurance, chart.assurance)}")
        rebased = [p.month for prev, p in zip(chart.points, chart.points[1:]) if p.segment != prev.segment]
        if rebased:
            parts.append("rebased from " + ", ".join(month_label(mo) for mo in rebased))
        parts.extend(chart.notes)
        text = " · ".join(p for p in parts if p)
        if legend:
            text += "\nPDSA cycles: " + "; ".join(legend)
        self.caption.setText(text)

    def save_png(self, path: Path | str) -> None:
        export_png(self.plot.plotItem, path, 1400)
