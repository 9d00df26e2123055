"""pyqtgraph charts for the dashboard: an indicator's trend with SPC, RAG bands, ambition line,
rolling 12-month rate and annotations; a ranked bar chart and a funnel plot of peer units.

Imported only when the dashboard page is built (pyqtgraph is heavy). PNG export only.

Signals (TrendChart):
    hovered(str): the description of the month under the mouse
"""

from __future__ import annotations

import math
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QVBoxLayout, QWidget

from maternity_desk.core.dashboard import Funnel, PeerRate, SpcView
from maternity_desk.core.indicators import ambition_value, format_value
from maternity_desk.core.periods import month_label

VARIATION_BRUSH = {
    "common": "#7f7f7f",
    "improvement": "#00a0e0",
    "concern": "#e46c0a",
    "neutral": "#7030a0",
}
RULE_TEXT = {"outside": "outside the limits", "trend": "trend", "two_of_three": "2 of 3 close to a limit",
             "shift": "shift"}
RULE_SHORT = {"outside": "O", "trend": "T", "two_of_three": "2/3", "shift": "S"}
RAG_FILL = {"green": (46, 125, 50, 30), "amber": (249, 168, 37, 40), "red": (198, 40, 40, 30)}


def _nan(v):
    return math.nan if v is None else float(v)


class MonthAxis(pg.AxisItem):
    """Month indexes shown as 'Mar 25'."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.months: list[str] = []

    def tickStrings(self, values, scale, spacing):  # noqa: N802
        out = []
        for v in values:
            i = int(round(v))
            if 0 <= i < len(self.months) and abs(v - i) < 1e-6:
                out.append(month_label(self.months[i]).replace(" 20", " "))
            else:
                out.append("")
        return out

    def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803
        n = len(self.months)
        if n == 0:
            return []
        span = max(1, int(maxVal - minVal))
        step = next(s for s in (1, 2, 3, 6, 12, 24, 48) if span / s <= max(4, size / 70))
        first = max(0, int(math.ceil(minVal)))
        major = [i for i in range(first, min(n, int(maxVal) + 1)) if i % step == 0]
        return [(step, major)]


class _Base(QWidget):
    def __init__(self, title: str, parent=None, axis=None):
        super().__init__(parent)
        axes = {"bottom": axis} if axis is not None else {}
        self.plot = pg.PlotWidget(self, background="w", axisItems=axes)
        self.plot.setAccessibleName(title)
        self.plot.showGrid(x=False, y=True, alpha=0.15)
        for name in ("left", "bottom"):
            ax = self.plot.getAxis(name)
            ax.setPen(pg.mkPen("#444"))
            ax.setTextPen(pg.mkPen("#222"))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.plot)

    def export_png(self, path: Path | str) -> Path:
        from pyqtgraph.exporters import ImageExporter

        path = Path(path)
        exporter = ImageExporter(self.plot.plotItem)
        exporter.parameters()["width"] = max(1200, int(self.plot.width()))
        exporter.export(str(path))
        return path


class TrendChart(_Base):
    hovered = Signal(str)

    def __init__(self, parent=None):
        self.axis = MonthAxis(orientation="bottom")
        super().__init__("Indicator chart", parent, self.axis)
        self.view: SpcView | None = None
        self.rolling: list[float | None] = []
        self.show_rag = True
        self.show_ambition = True
        self.show_rolling = True
        self.show_annotations = True
        self.annotations = []
        self.plot.addLegend(offset=(-8, 30), labelTextSize="8pt")
        self.plot.scene().sigMouseMoved.connect(self._on_mouse)
        self._hover_text = ""

    def set_data(self, view: SpcView, rolling: list[float | None], annotations) -> None:
        self.view = view
        self.rolling = rolling
        self.annotations = list(annotations)
        self.redraw()

    def redraw(self) -> None:
        plot = self.plot
        plot.clear()
        legend = plot.plotItem.legend
        if legend is not None:
            legend.clear()
        view = self.view
        if view is None or not view.rows:
            plot.setTitle("No figures entered yet", color="#444", size="10pt")
            self.axis.months = []
            return
        ind = view.indicator
        rows = view.rows
        months = [r.month for r in rows]
        self.axis.months = months
        xs = list(range(len(rows)))
        values = [_nan(r.value) for r in rows]
        chart_name = {"xmr": "XmR chart", "p": "p-chart", "run": "run chart"}[view.chart]
        title = f"{ind.name} ({ind.scale_label}), {chart_name}"
        if view.trial_limits:
            title += " (trial limits)"
        plot.setTitle(title, color="#222", size="10pt")
        finite = [v for v in values if not math.isnan(v)]
        limits = [v for r in rows for v in (r.lower, r.upper, r.mean) if v is not None]
        extras = []
        if self.show_ambition and ind.has_ambition:
            extras = [ambition_value(ind, m) for m in months]
        top = max(finite + limits + [e for e in extras if e is not None] + [0.0]) * 1.12 or 1.0
        bottom = min(finite + limits + [0.0])
        if self.show_rag and ind.rag_green is not None and ind.better:
            self._rag_bands(ind, bottom, top)
        centre_name = "median" if view.chart == "run" else "mean"
        if any(r.mean is not None for r in rows):
            plot.plot(xs, [_nan(r.mean) for r in rows], pen=pg.mkPen("#333", width=1.5),
                      name=centre_name, connect="finite")
        if any(r.upper is not None for r in rows):
            pen = pg.mkPen("#555", width=1, style=Qt.PenStyle.DashLine)
            plot.plot(xs, [_nan(r.upper) for r in rows], pen=pen, name="process limits", connect="finite")
            plot.plot(xs, [_nan(r.lower) for r in rows], pen=pen, connect="finite")
        if extras:
            plot.plot(xs, [_nan(v) for v in extras], pen=pg.mkPen("#2e7d32", width=2, style=Qt.PenStyle.DotLine),
                      name=f"national ambition ({ind.target:g} by {ind.target_year})")
        if self.show_rolling and any(v is not None for v in self.rolling):
            plot.plot(xs, [_nan(v) for v in self.rolling], pen=pg.mkPen("#8e24aa", width=2),
                      name="rolling 12 months", connect="finite")
        brushes = [pg.mkBrush(VARIATION_BRUSH.get(r.variation or "common", "#7f7f7f")) for r in rows]
        sizes = [9 if r.special_cause else 6 for r in rows]
        plot.plot(xs, values, pen=pg.mkPen("#9e9e9e", width=1), symbol="o", symbolSize=sizes,
                  symbolBrush=brushes, symbolPen=pg.mkPen("w", width=0.5), name="monthly rate",
                  connect="finite")
        self._rule_labels(rows, values)
        if self.show_annotations:
            self._annotations(months)
        plot.setXRange(-0.5, len(rows) - 0.5, padding=0.01)
        plot.setYRange(bottom if bottom < 0 else 0, top, padding=0)
        plot.setLabel("left", ind.scale_label)

    def _rag_bands(self, ind, bottom: float, top: float) -> None:
        g, r = ind.rag_green, ind.rag_red
        lo_edge = min(bottom, 0.0)
        hi_edge = max(top, g, r) * 1.05
        if ind.better == "lower":
            spans = [("green", lo_edge, g), ("amber", g, r), ("red", r, hi_edge)]
        else:
            spans = [("red", lo_edge, r), ("amber", r, g), ("green", g, hi_edge)]
        for rag, a, b in spans:
            if b <= a:
                continue
            region = pg.LinearRegionItem(values=(a, b), orientation="horizontal", movable=False,
                                         brush=pg.mkBrush(*RAG_FILL[rag]), pen=pg.mkPen(None))
            region.setZValue(-20)
            self.plot.addItem(region)

    def _rule_labels(self, rows, values) -> None:
        font = QFont()
        font.setPointSize(7)
        prev = None
        for i, r in enumerate(rows):
            rule = r.rule if r.special_cause else None
            if rule and rule != prev and not math.isnan(values[i]):
                t = pg.TextItem(RULE_SHORT.get(rule, rule), color=VARIATION_BRUSH.get(r.variation or "", "#333"),
                                anchor=(0.5, 1.2))
                t.setFont(font)
                t.setPos(i, values[i])
                self.plot.addItem(t)
            prev = rule

    def _annotations(self, months: list[str]) -> None:
        index = {m: i for i, m in enumerate(months)}
        for a in self.annotations:
            if a.month not in index:
                continue
            line = pg.InfiniteLine(pos=index[a.month], angle=90, movable=False,
                                   pen=pg.mkPen("#1565c0", width=1, style=Qt.PenStyle.DashDotLine),
                                   label=a.text if len(a.text) <= 30 else a.text[:28] + "…",
                                   labelOpts={"position": 0.96, "color": "#1565c0",
                                              "fill": (255, 255, 255, 200)})
            line.setToolTip(f"{month_label(a.month)}: {a.text}")
            self.plot.addItem(line)

    def describe(self, i: int) -> str:
        """What hovering over month ``i`` shows."""
        if self.view is None or not 0 <= i < len(self.view.rows):
            return ""
        r = self.view.rows[i]
        scale = self.view.indicator.scale
        if r.value is None:
            return f"{month_label(r.month)}: no figures"
        text = (f"{month_label(r.month)}: {r.numerator:,} / {r.denominator:,} = "
                f"{format_value(r.value, scale)}")
        if r.mean is not None:
            text += f"; mean {format_value(r.mean, scale)}"
        if r.lower is not None and r.upper is not None:
            text += f", limits {format_value(r.lower, scale)} to {format_value(r.upper, scale)}"
        if r.special_cause:
            text += f"; special cause ({RULE_TEXT.get(r.rule, r.rule)}): {r.variation}"
        if i < len(self.rolling) and self.rolling[i] is not None:
            text += f"; rolling 12 months {format_value(self.rolling[i], scale)}"
        notes = [a.text for a in self.annotations if a.month == r.month]
        if notes:
            text += "; note: " + " / ".join(notes)
        return text

    def _on_mouse(self, pos) -> None:
        if self.view is None or not self.plot.sceneBoundingRect().contains(pos):
            return
        point = self.plot.plotItem.vb.mapSceneToView(pos)
        i = int(round(point.x()))
        text = self.describe(i)
        if text != self._hover_text:
            self._hover_text = text
            self.plot.setToolTip(text)
            self.hovered.emit(text)


class RankedBarChart(_Base):
    """Units ranked best first for the chosen period; the own unit in a darker colour."""

    def __init__(self, parent=None):
        super().__init__("Ranked comparison with peer units", parent)

    def set_data(self, title: str, rows: list[PeerRate], scale: str) -> None:
        plot = self.plot
        plot.clear()
        plot.setTitle(title, color="#222", size="10pt")
        shown = [r for r in rows if r.value is not None]
        if not shown:
            return
        xs = list(range(len(shown)))
        heights = [r.value for r in shown]
        brushes = [pg.mkBrush("#1f4e79" if r.own else "#9ec3e6") for r in shown]
        plot.addItem(pg.BarGraphItem(x=xs, height=heights, width=0.65, brushes=brushes,
                                     pen=pg.mkPen("#1f4e79", width=0.5)))
        for x, r in zip(xs, shown):
            t = pg.TextItem(format_value(r.value, scale), color="#222", anchor=(0.5, 1.1))
            t.setPos(x, r.value)
            plot.addItem(t)
        ax = plot.getAxis("bottom")
        ax.setTicks([[(x, _short(r.unit, 16)) for x, r in zip(xs, shown)]])
        plot.setXRange(-0.6, len(shown) - 0.4, padding=0)
        plot.setYRange(0, max(heights) * 1.18 or 1, padding=0)


def _short(name: str, n: int = 22) -> str:
    name = name.replace(" (demo peer)", "").replace(" (demo)", "")
    return name if len(name) <= n else name[: n - 1] + "…"


class FunnelChart(_Base):
    """Rate against denominator with 95% and 99.8% limits around the pooled rate."""

    def __init__(self, parent=None):
        super().__init__("Funnel plot of peer units", parent)
        self.plot.addLegend(offset=(8, 8), labelTextSize="8pt")

    def set_data(self, title: str, funnel: Funnel, scale: str) -> None:
        plot = self.plot
        plot.clear()
        if plot.plotItem.legend is not None:
            plot.plotItem.legend.clear()
        plot.setTitle(title, color="#222", size="10pt")
        if funnel.centre is None:
            return
        n = funnel.curve_n
        plot.plot([n[0], n[-1]], [funnel.centre, funnel.centre], pen=pg.mkPen("#333", width=1.5),
                  name=f"pooled rate {format_value(funnel.centre, scale)}")
        styles = {"95%": Qt.PenStyle.DashLine, "99.8%": Qt.PenStyle.SolidLine}
        for label, (lows, highs) in funnel.limits.items():
            pen = pg.mkPen("#c62828" if label == "99.8%" else "#f9a825", width=1.5,
                           style=styles.get(label, Qt.PenStyle.DashLine))
            plot.plot(n, highs, pen=pen, name=f"{label} limits")
            plot.plot(n, lows, pen=pen)
        pts = [p for p in funnel.points if p.value is not None]
        spots = [{"pos": (p.denominator, p.value), "size": 12 if p.own else 9,
                  "brush": pg.mkBrush("#1f4e79" if p.own else "#9ec3e6"),
                  "pen": pg.mkPen("#c62828" if p.outside_998 else "#1f4e79", width=2 if p.outside_95 else 1),
                  "data": p.unit} for p in pts]
        scatter = pg.ScatterPlotItem(spots=spots, name="units")
        plot.addItem(scatter)
        for p in pts:
            t = pg.TextItem(_short(p.unit, 18), color="#222", anchor=(0, 1))
            t.setPos(p.denominator, p.value)
            plot.addItem(t)
        plot.setLabel("bottom", "denominator (" + funnel.indicator.denominator.lower()[:40] + ")")
        plot.setLabel("left", funnel.indicator.scale_label)

