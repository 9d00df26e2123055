"""pyqtgraph charts for the national benchmark: every trust ranked (the unit highlighted,
England and the region as lines), a funnel plot around England's figure, and the year-on-year
view of unit, region and England.

Imported only when the benchmark page is built (pyqtgraph is heavy). PNG export only.

Signals (every chart):
    hovered(str): the organisation (or year) under the mouse, with its figure
"""

from __future__ import annotations

import bisect
import math

import pyqtgraph as pg

from maternity_desk.core import national as nat
from maternity_desk.core.funnel import funnel_curve
from maternity_desk.core.indicators import SCALE_LABELS, format_value
from maternity_desk.ui.charts import HoverChart, fit_legend_columns, legend_below, set_title

UNIT = "#d9480f"
OWN = "#6a1b9a"
TRUST = "#8fa9c8"
ENGLAND = "#1f4e79"
REGION = "#2e7d32"
LIMIT_95 = "#7f7f7f"
LIMIT_998 = "#c62828"


class _Chart(HoverChart):
    LEGEND_OFFSET: tuple[int, int] | None = None  # None: a row under the plot

    def __init__(self, title: str, parent=None, axis=None):
        super().__init__(title, parent, axis, menu=False)
        if self.LEGEND_OFFSET is None:  # under the plot, never over the bars or points
            self.legend = legend_below(self.plot.plotItem, 4)
        else:
            self.legend = self.plot.addLegend(offset=self.LEGEND_OFFSET, labelTextColor="#222",
                                              brush=pg.mkBrush(255, 255, 255, 220), pen=pg.mkPen("#bbb"))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        if self.LEGEND_OFFSET is None:  # as many legend entries a row as fit
            fit_legend_columns(self.legend, 4, self.width(), 230)

    def clear(self) -> None:
        self.plot.clear()
        self.legend.clear()


def _label(row: nat.BenchmarkRow, scale: str) -> str:
    value = "no figure" if row.value is None else format_value(row.value, scale)
    counts = "" if row.numerator is None else f" ({row.numerator:,} of {row.denominator:,})"
    status = "" if row.status == nat.OK else f", {nat.STATUS_LABELS.get(row.status, row.status)}"
    return f"{row.org_name} [{row.org_code}]: {value}{counts}{status}"


class RankedChart(_Chart):
    """Every trust with a figure as a bar, best first; the unit's bar highlighted; England,
    the region and the unit's own figure as horizontal lines."""

    def __init__(self, parent=None):
        super().__init__("Trusts ranked", parent)
        self.plot.getAxis("bottom").setLabel("trusts, ranked (best first)")
        self.bars: list[nat.BenchmarkRow] = []
        self.scale = "percent"

    def set_rows(self, rows: list[nat.BenchmarkRow], scale: str, title: str, better: str | None = None) -> None:
        self.clear()
        self.scale = scale
        self.bars = [r for r in rows if r.org_level == nat.LEVEL_PROVIDER and r.value is not None]
        set_title(self.plot, title, color="#222", size="10pt")
        self.plot.getAxis("left").setLabel(nat_scale_label(scale))
        self.plot.getAxis("bottom").setLabel(
            "trusts by rank (" + ("best first" if better else "lowest first") + ")")
        if not self.bars:
            return
        xs = list(range(1, len(self.bars) + 1))  # bar n is rank n
        heights = [r.value for r in self.bars]
        brushes = [pg.mkBrush(UNIT if r.is_unit else TRUST) for r in self.bars]
        self.plot.addItem(pg.BarGraphItem(x=xs, height=heights, width=0.8, brushes=brushes,
                                          pens=[pg.mkPen(None)] * len(xs)))
        self.legend.addItem(pg.BarGraphItem(x=[0], height=[0], width=0.8, brush=UNIT), "this unit (published)")
        for row in rows:
            if row.value is None or row.org_level == nat.LEVEL_PROVIDER:
                continue
            colour = {nat.LEVEL_NATIONAL: ENGLAND, nat.LEVEL_REGION: REGION, nat.LEVEL_UNIT: OWN}.get(
                row.org_level, UNIT)
            style = pg.QtCore.Qt.PenStyle.DashLine if row.org_level == nat.LEVEL_UNIT else pg.QtCore.Qt.PenStyle.SolidLine
            name = "England" if row.org_level == nat.LEVEL_NATIONAL else (
                "own data (exact)" if row.org_level == nat.LEVEL_UNIT else row.org_name.title())
            line = pg.PlotDataItem([0.5, len(xs) + 0.5], [row.value, row.value],
                                   pen=pg.mkPen(colour, width=2, style=style))
            self.plot.addItem(line)
            self.legend.addItem(line, name)
        self.plot.setXRange(0, len(xs) + 1, padding=0)
        top = max(heights + [r.value for r in rows if r.value is not None])
        self.plot.setYRange(0, top * 1.08 if top > 0 else 1, padding=0)

    def describe_at(self, x: float, y: float) -> str:
        i = int(round(x)) - 1
        if 0 <= i < len(self.bars) and abs(x - (i + 1)) <= 0.45:
            row = self.bars[i]
            return f"#{row.rank} {_label(row, self.scale)}"
        return ""


def nat_scale_label(scale: str) -> str:
    return SCALE_LABELS.get(scale, scale)


class FunnelChart(_Chart):
    """Rate against denominator, with 95% and 99.8% limits around England's figure."""

    LEGEND_OFFSET = (-10, 10)  # top right: the funnel's mouth is on the left

    def __init__(self, parent=None):
        super().__init__("Funnel plot", parent)
        self.plot.getAxis("bottom").setLabel("denominator")
        self.points: list[nat.FunnelPoint] = []
        self.scale = "percent"
        self._sorted: list[tuple[int, int]] = []

    def set_points(self, centre: float | None, points: list[nat.FunnelPoint], scale: str, method: str,
                   title: str) -> None:

        self.clear()
        self.scale = scale
        self.points = points
        self._sorted = sorted((p.denominator, i) for i, p in enumerate(points))
        label = nat.FUNNEL_METHODS.get(method, method)
        set_title(self.plot, f"{title}<br><span style='font-size:8pt'>Limits: {label}, 95% and 99.8%, "
                           "around England's figure</span>", color="#222", size="10pt")
        self.plot.getAxis("left").setLabel(nat_scale_label(scale))
        if centre is None or not points:
            return
        factor = {"percent": 100.0, "per_100": 100.0, "per_1000": 1000.0, "per_100000": 100000.0}[scale]
        n_max = max(p.denominator for p in points) * 1.05
        n_min = max(1.0, min(p.denominator for p in points) * 0.9)
        curve = funnel_curve(min(1.0, max(0.0, centre / factor)), n_min, n_max, points=80, method=method)
        xs = curve.n
        for ys, colour, name in ((curve.upper_95, LIMIT_95, "95% limits"), (curve.lower_95, LIMIT_95, None),
                                 (curve.upper_998, LIMIT_998, "99.8% limits"), (curve.lower_998, LIMIT_998, None)):
            item = pg.PlotDataItem(xs, [y * factor for y in ys],
                                   pen=pg.mkPen(colour, width=1.5, style=pg.QtCore.Qt.PenStyle.DashLine))
            self.plot.addItem(item)
            if name:
                self.legend.addItem(item, name)
        mid = pg.PlotDataItem([n_min, n_max], [centre, centre], pen=pg.mkPen(ENGLAND, width=2))
        self.plot.addItem(mid)
        self.legend.addItem(mid, f"England {format_value(centre, scale)}")
        others = [p for p in points if not p.is_unit]
        self.plot.addItem(pg.ScatterPlotItem([p.denominator for p in others], [p.value for p in others],
                                             size=7, brush=pg.mkBrush(TRUST), pen=pg.mkPen("#44546a")))
        unit = [p for p in points if p.is_unit]
        if unit:
            item = pg.ScatterPlotItem([p.denominator for p in unit], [p.value for p in unit], size=13,
                                      symbol="d", brush=pg.mkBrush(UNIT), pen=pg.mkPen("#222"))
            self.plot.addItem(item)
            self.legend.addItem(item, "this unit (published)")
        self.plot.setXRange(0, n_max, padding=0.02)

    def describe_at(self, x: float, y: float) -> str:
        if not self.points:
            return ""
        vb = self.plot.plotItem.vb
        (x0, x1), (y0, y1) = vb.viewRange()
        wx, wy = max(x1 - x0, 1e-9), max(y1 - y0, 1e-9)
        best, best_d = None, math.inf
        lo = bisect.bisect_left(self._sorted, (x - wx * 0.03, -1))
        hi = bisect.bisect_right(self._sorted, (x + wx * 0.03, len(self.points)))
        for _n, i in self._sorted[lo:hi]:
            p = self.points[i]
            d = ((p.denominator - x) / wx) ** 2 + ((p.value - y) / wy) ** 2
            if d < best_d:
                best, best_d = p, d
        if best is None or best_d > 0.03 ** 2:
            return ""
        return (f"{best.org_name} [{best.org_code}]: {format_value(best.value, self.scale)} of "
                f"{best.denominator:,}; {nat.POSITION_LABELS.get(best.position, best.position)}")


class YearAxis(pg.AxisItem):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.labels: list[str] = []

    def tickStrings(self, values, scale, spacing):  # noqa: N802
        return [self.labels[int(round(v))] if 0 <= int(round(v)) < len(self.labels) and abs(v - round(v)) < 1e-6
                else "" for v in values]

    def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803
        return [(1, list(range(len(self.labels))))]


class YearChart(_Chart):
    """Unit (published and own data), region and England, one point per year."""

    def __init__(self, parent=None):
        self.axis = YearAxis(orientation="bottom")
        super().__init__("Year on year", parent, axis=self.axis)
        self.years: list = []
        self.scale = "percent"

    def set_years(self, years, scale: str, title: str, region_name: str = "region") -> None:
        self.clear()
        self.scale = scale
        self.years = list(years)
        self.axis.labels = [y.period for y in self.years]
        set_title(self.plot, title, color="#222", size="10pt")
        self.plot.getAxis("left").setLabel(nat_scale_label(scale))
        xs = list(range(len(self.years)))
        series = (("unit", UNIT, "this unit (published)"), ("region", REGION, region_name),
                  ("england", ENGLAND, "England"), ("own", OWN, "own data (exact, whole years only)"))
        for attr, colour, name in series:
            ys = [math.nan if getattr(y, attr) is None else getattr(y, attr) for y in self.years]
            if all(math.isnan(v) for v in ys):
                continue
            style = pg.QtCore.Qt.PenStyle.DashLine if attr == "own" else pg.QtCore.Qt.PenStyle.SolidLine
            item = pg.PlotDataItem(xs, ys, pen=pg.mkPen(colour, width=2, style=style), symbol="o",
                                   symbolBrush=colour, symbolSize=7, connect="finite")
            self.plot.addItem(item)
            self.legend.addItem(item, name)
        if xs:
            self.plot.setXRange(-0.5, len(xs) - 0.5, padding=0)

    def describe_at(self, x: float, y: float) -> str:
        i = int(round(x))
        if not 0 <= i < len(self.years):
            return ""
        yp = self.years[i]

        def f(v):
            return "no figure" if v is None else format_value(v, self.scale)

        return (f"{yp.period}: unit {f(yp.unit)}, own data {f(yp.own)}, region {f(yp.region)}, "
                f"England {f(yp.england)}")
