"""pyqtgraph charts for the dashboard: an indicator's trend with SPC, RAG bands, ambition line,
rolling 12-month rate and annotations; a ranked bar chart and a funnel plot of peer units.

Imported only when the dashboard page is built (pyqtgraph is heavy). PNG export only.

Signals (TrendChart):
    hovered(str): the description of the month under the mouse
"""

from __future__ import annotations

import math
from dataclasses import replace

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont

from maternity_desk.core.dashboard import Funnel, PeerRate, SpcView
from maternity_desk.core.indicators import (
    AMBITION_ENDED,
    SCALE_LABELS,
    ambition_value,
    format_value,
)
from maternity_desk.core.periods import month_label
from maternity_desk.ui.charts import (
    VARIATION_BRUSH,
    HoverChart,
    as_float,
    fit_legend_columns,
    legend_below,
    set_title,
)

RULE_TEXT = {"outside": "outside the limits", "trend": "trend", "two_of_three": "2 of 3 close to a limit",
             "shift": "shift", "astronomical": "astronomical point"}
RULE_SHORT = {"outside": "O", "trend": "T", "two_of_three": "2/3", "shift": "S", "astronomical": "A"}
RAG_FILL = {"green": (46, 125, 50, 30), "amber": (249, 168, 37, 40), "red": (198, 40, 40, 30)}


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


def _legend_below(plot_item, columns: int) -> pg.LegendItem:
    """A legend in a row under the plot (never over the data), dark text on white; as many
    entries a row as the chart's width has room for."""
    legend = legend_below(plot_item, columns, labelTextSize="8pt")
    legend.below, legend.wanted_columns = True, columns
    plot_item.legend = legend
    return legend


class _Base(HoverChart):
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        legend = self.plot.plotItem.legend
        if getattr(legend, "below", False):  # as many legend entries a row as fit
            fit_legend_columns(legend, legend.wanted_columns, self.width(), 210, self.height())


class TrendChart(_Base):
    """An indicator month by month: SPC centre and limits, RAG bands, the ambition line, the
    rolling 12-month rate and annotations (labels stacked so they never overlap)."""

    #: annotation labels: at most this many rows, each label cut to LABEL_CHARS characters
    LABEL_ROWS = 4
    LABEL_CHARS = 32

    def __init__(self, parent=None):
        self.axis = MonthAxis(orientation="bottom")
        super().__init__("Indicator chart", parent, self.axis)
        self.view: SpcView | None = None
        self.rolling: list[float | None] = []
        self.show_rag = True
        self.show_ambition = True
        self.show_rolling = True
        self.show_annotations = True
        self.rates_only = False  # rare events: the monthly rate and its rolling 12 months, no SPC
        self.annotations = []
        self.label_rows: dict[int, int] = {}  # annotation (by position) -> label row
        self.labels_leftward: set[int] = set()  # annotations whose label ends at its line
        self._label_height: float | None = None
        _legend_below(self.plot.plotItem, 5)
        # annotation labels are laid out for the plot's size: again once it is resized
        self._relayout = QTimer(self, singleShot=True, interval=80)
        self._relayout.timeout.connect(self.redraw)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        if self.view is not None and self.show_annotations and self.annotations:
            self._relayout.start()

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
            set_title(plot, "No figures entered yet", color="#444", size="10pt")
            self.axis.months = []
            return
        ind = view.indicator
        rows = view.rows
        months = [r.month for r in rows]
        self.axis.months = months
        xs = list(range(len(rows)))
        values = [as_float(r.value) for r in rows]
        chart_name = {"xmr": "XmR chart", "p": "p-chart", "run": "run chart"}[view.chart]
        if self.rates_only:
            chart_name = "monthly rate and rolling 12 months"
            rows = [replace(r, mean=None, lower=None, upper=None, special_cause=False, rule=None,
                            variation="common") for r in rows]
        title = f"{ind.name} ({ind.scale_label}), {chart_name}"
        if view.trial_limits and not self.rates_only:
            title += " (trial limits)"
        if self.show_ambition and ind.has_ambition:
            title += f"<br><span style='font-size:8pt'>National ambition line: {AMBITION_ENDED}.</span>"
        set_title(plot, title, color="#222", size="10pt")
        finite = [v for v in values if not math.isnan(v)]
        limits = [v for r in rows for v in (r.lower, r.upper, r.mean) if v is not None]
        extras = []
        if self.show_ambition and ind.has_ambition:
            extras = [ambition_value(ind, m) for m in months]
        top = max(finite + limits + [e for e in extras if e is not None] + [0.0]) * 1.08 or 1.0
        bottom = min(finite + limits + [0.0])
        rows_used = 0
        if self.show_annotations:
            self.label_rows = self._label_rows(months)
            rows_used = 1 + max(self.label_rows.values(), default=-1)
        if rows_used:  # head-room so the labels sit above the data
            top = bottom + (top - bottom) / max(0.3, 1 - self._row_step() * rows_used - 0.02)
        if self.show_rag and ind.rag_green is not None and ind.better:
            self._rag_bands(ind, bottom, top)
        centre_name = "median" if view.chart == "run" else "mean"
        if any(r.mean is not None for r in rows):
            plot.plot(xs, [as_float(r.mean) for r in rows], pen=pg.mkPen("#333", width=1.5),
                      name=centre_name, connect="finite")
        if any(r.upper is not None for r in rows):
            pen = pg.mkPen("#555", width=1, style=Qt.PenStyle.DashLine)
            plot.plot(xs, [as_float(r.upper) for r in rows], pen=pen, name="process limits", connect="finite")
            plot.plot(xs, [as_float(r.lower) for r in rows], pen=pen, connect="finite")
        if extras:
            plot.plot(xs, [as_float(v) for v in extras], pen=pg.mkPen("#2e7d32", width=2, style=Qt.PenStyle.DotLine),
                      name=f"national ambition ({ind.target:g} by {ind.target_year})")
        if self.show_rolling and any(v is not None for v in self.rolling):
            plot.plot(xs, [as_float(v) for v in self.rolling], pen=pg.mkPen("#8e24aa", width=2),
                      name="rolling 12 months", connect="finite")
        brushes = [pg.mkBrush(VARIATION_BRUSH.get(r.variation or "common", "#7f7f7f")) for r in rows]
        sizes = [9 if r.special_cause else 6 for r in rows]
        plot.plot(xs, values, pen=pg.mkPen("#9e9e9e", width=1), symbol="o", symbolSize=sizes,
                  symbolBrush=brushes, symbolPen=pg.mkPen("w", width=0.5), name="monthly rate",
                  connect="finite")
        self._rule_labels(rows, values)
        from maternity_desk.ui.dashboard.key import chart_key

        chart_key(plot, rows)  # special-cause points in the legend
        if self.show_annotations:
            self._annotations(months, bottom if bottom < 0 else 0, top)
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

    def _label_text(self, text: str) -> str:
        n = self.LABEL_CHARS
        return text if len(text) <= n else text[: n - 1] + "…"

    def _label_rows(self, months: list[str]) -> dict[int, int]:
        """Each annotation's label row: labels start at their month and run right (or end at
        it and run left, when running right would take them off the plot); a label goes on
        the first row where it does not run into the one before it."""
        from PySide6.QtGui import QFontMetrics

        index = {m: i for i, m in enumerate(months)}
        width = max(self.plot.plotItem.vb.width(), 300.0)
        per_month = width / max(len(months), 1)
        metrics = QFontMetrics(QFont())
        ends = [-1e9] * self.LABEL_ROWS
        rows: dict[int, int] = {}
        self.labels_leftward = set()
        for k, a in sorted(enumerate(self.annotations), key=lambda ka: (ka[1].month, ka[0])):
            if a.month not in index:
                continue
            at = index[a.month] * per_month
            span = metrics.horizontalAdvance(self._label_text(a.text)) + 12
            leftward = at + span > width and at - span >= 0
            start, end = (at - span, at) if leftward else (at, at + span)
            free = [r for r, e in enumerate(ends) if e <= start]
            row = free[0] if free else min(range(len(ends)), key=ends.__getitem__)
            rows[k] = row
            ends[row] = max(ends[row], end)
            if leftward:
                self.labels_leftward.add(k)
        return rows

    def _row_step(self) -> float:
        """The height of one row of annotation labels as a fraction of the plot's height."""
        if self._label_height is None:  # a label's real height: text, padding and border
            probe = pg.TextItem("Ag", fill=pg.mkBrush(255, 255, 255), border=pg.mkPen("#90caf9"))
            self._label_height = probe.boundingRect().height()
        return (self._label_height + 4) / max(self.plot.plotItem.vb.height(), 160.0)

    def _annotations(self, months: list[str], bottom: float, top: float) -> None:
        index = {m: i for i, m in enumerate(months)}
        step = self._row_step()
        for k, a in enumerate(self.annotations):
            if a.month not in index:
                continue
            x = index[a.month]
            line = pg.InfiniteLine(pos=x, angle=90, movable=False,
                                   pen=pg.mkPen("#1565c0", width=1, style=Qt.PenStyle.DashDotLine))
            line.setToolTip(f"{month_label(a.month)}: {a.text}")
            self.plot.addItem(line)
            row = self.label_rows.get(k, 0)
            label = pg.TextItem(self._label_text(a.text), color="#0d47a1",
                                anchor=(1, 0) if k in self.labels_leftward else (0, 0),
                                fill=pg.mkBrush(255, 255, 255, 215), border=pg.mkPen("#90caf9"))
            label.setToolTip(f"{month_label(a.month)}: {a.text}")
            label.setPos(x, bottom + (top - bottom) * (0.995 - step * row))
            label.setZValue(20)
            self.plot.addItem(label)

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

    def describe_at(self, x: float, y: float) -> str:
        return self.describe(int(round(x))) if self.view is not None else ""


class RankedBarChart(_Base):
    """Units ranked best first for the chosen period; the own unit in a darker colour."""

    def __init__(self, parent=None):
        super().__init__("Ranked comparison with peer units", parent)
        self.shown: list[PeerRate] = []
        self.scale = "percent"

    def set_data(self, title: str, rows: list[PeerRate], scale: str) -> None:
        plot = self.plot
        plot.clear()
        set_title(plot, title, color="#222", size="10pt")
        plot.setLabel("left", SCALE_LABELS.get(scale, scale))
        self.scale = scale
        self.shown = shown = [r for r in rows if r.value is not None]
        if not shown:
            return
        xs = list(range(len(shown)))
        heights = [r.value for r in shown]
        brushes = [pg.mkBrush("#1f4e79" if r.own else "#9ec3e6") for r in shown]
        plot.addItem(pg.BarGraphItem(x=xs, height=heights, width=0.65, brushes=brushes,
                                     pen=pg.mkPen("#1f4e79", width=0.5)))
        for x, r in zip(xs, shown):  # the scale is on the axis: the number alone over each bar
            t = pg.TextItem(format_value(r.value, scale).split(" per ")[0], color="#222", anchor=(0.5, 1.1))
            t.setPos(x, r.value)
            plot.addItem(t)
        self._name_ticks()
        plot.setXRange(-0.6, len(shown) - 0.4, padding=0)
        plot.setYRange(0, max(heights) * 1.18 or 1, padding=0)

    def _name_ticks(self) -> None:
        """Unit names under the bars, cut to the width each bar has."""
        if not self.shown:
            return
        chars = max(6, min(20, int(max(self.plot.width(), 300) / len(self.shown) / 7.5)))
        self.plot.getAxis("bottom").setTicks([[(x, _short(r.unit, chars)) for x, r in enumerate(self.shown)]])

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._name_ticks()

    def describe_at(self, x: float, y: float) -> str:
        i = int(round(x))
        if not 0 <= i < len(self.shown) or abs(x - i) > 0.35:
            return ""
        r = self.shown[i]
        return (f"#{i + 1} {r.unit}{' (this unit)' if r.own else ''}: "
                f"{format_value(r.value, self.scale)} ({r.numerator:,} of {r.denominator:,})")


def _short(name: str, n: int = 22) -> str:
    name = name.replace(" (demo peer)", "").replace(" (demo)", "")
    return name if len(name) <= n else name[: n - 1] + "…"


class FunnelChart(_Base):
    """Rate against denominator with 95% and 99.8% limits around the pooled rate; the method
    of the limits is stated under the title."""

    def __init__(self, parent=None):
        super().__init__("Funnel plot of peer units", parent)
        _legend_below(self.plot.plotItem, 4)
        self.points: list[PeerRate] = []
        self.scale = "percent"

    def clear_plot(self, message: str) -> None:
        self.plot.clear()
        self.plot.plotItem.legend.clear()
        self.points = []
        set_title(self.plot, message, color="#444", size="9pt")

    def set_data(self, title: str, funnel: Funnel, scale: str) -> None:
        plot = self.plot
        plot.clear()
        plot.plotItem.legend.clear()
        self.scale = scale
        set_title(plot, f"{title}<br><span style='font-size:8pt'>Limits: {funnel.method_label}, 95% and "
                      "99.8%, around the pooled rate</span>", color="#222", size="10pt")
        self.points = []
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
        pts = self.points = [p for p in funnel.points if p.value is not None]
        spots = [{"pos": (p.denominator, p.value), "size": 12 if p.own else 9,
                  "brush": pg.mkBrush("#1f4e79" if p.own else "#9ec3e6"),
                  "pen": pg.mkPen("#c62828" if p.outside_998 else "#1f4e79", width=2 if p.outside_95 else 1),
                  "data": p.unit} for p in pts]
        plot.addItem(pg.ScatterPlotItem(spots=spots))
        for p in pts:
            t = pg.TextItem(_short(p.unit, 18), color="#222", anchor=(0, 1))
            t.setPos(p.denominator, p.value)
            plot.addItem(t)
        plot.setLabel("bottom", "denominator (" + funnel.indicator.denominator.lower()[:40] + ")")
        plot.setLabel("left", SCALE_LABELS.get(scale, scale))

    def describe_at(self, x: float, y: float) -> str:
        """The unit nearest the pointer (within 3% of the view each way), named."""
        if not self.points:
            return ""
        (x0, x1), (y0, y1) = self.plot.plotItem.vb.viewRange()
        wx, wy = max(x1 - x0, 1e-9), max(y1 - y0, 1e-9)
        best = min(self.points, key=lambda p: ((p.denominator - x) / wx) ** 2 + ((p.value - y) / wy) ** 2)
        if ((best.denominator - x) / wx) ** 2 + ((best.value - y) / wy) ** 2 > 0.03 ** 2:
            return ""
        where = ("outside the 99.8% limits" if best.outside_998 else
                 "outside the 95% limits" if best.outside_95 else "within the 95% limits")
        return (f"{best.unit}{' (this unit)' if best.own else ''}: {format_value(best.value, self.scale)} "
                f"({best.numerator:,} of {best.denominator:,}); {where}")
