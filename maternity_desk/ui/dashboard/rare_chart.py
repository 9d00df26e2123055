"""The dashboard's rare-event chart (pyqtgraph): a g-chart of the births or days between
events, or a CUSUM for a doubling with its two thresholds, each stating its lines on the
chart; and the small dialog for the CUSUM's reference rate and thresholds.

Imported only when the dashboard chart is built (pyqtgraph is heavy).

Signals (RareEventChart):
    hovered(str): the description of the point under the mouse
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
)

from maternity_desk.core import rare_events as rare
from maternity_desk.core.errors import MaternityDeskError
from maternity_desk.core.rare_view import RareView
from maternity_desk.ui.charts import VARIATION_BRUSH, HoverChart, as_float, legend_below, set_title

LEVEL_COLOURS = {1: "#f9a825", 2: "#c62828"}


class RareEventChart(HoverChart):
    """A g-chart (points: gaps between events, in event order) or a CUSUM (points: months)."""

    def __init__(self, parent=None):
        super().__init__("Rare-event chart", parent)
        self.view: RareView | None = None
        self.plot.plotItem.legend = legend_below(self.plot.plotItem, 4, labelTextSize="8pt")

    def set_view(self, view: RareView | None) -> None:
        self.view = view
        self.redraw()

    def redraw(self) -> None:
        plot = self.plot
        plot.clear()
        if plot.plotItem.legend is not None:
            plot.plotItem.legend.clear()
        view = self.view
        if view is None:
            return
        ind = view.indicator
        if not view.rows:
            why = view.warnings[0] if view.warnings else "No events to chart yet."
            set_title(plot, f"{ind.name}: {why}", color="#444", size="10pt")
            return
        xs = list(range(len(view.rows)))
        values = [as_float(r.value) for r in view.rows]
        if view.chart == "g":
            self._g(view, xs, values)
        else:
            self._cusum(view, xs, values)
        finite = [v for v in values if not math.isnan(v)]
        lines = [v for r in view.rows for v in (r.upper, r.mean) if v is not None]
        top = max(finite + lines + [1.0]) * 1.1
        plot.setXRange(-0.5, len(xs) - 0.5, padding=0.01)
        plot.setYRange(0, top, padding=0)
        self._ticks()

    def _ticks(self) -> None:
        """Event labels on the bottom axis, as many as fit the chart's width without overlap."""
        rows = self.view.rows if self.view is not None else []
        fits = max(2, self.width() // 95)
        step = max(1, math.ceil(len(rows) / fits))
        self.plot.getAxis("bottom").setTicks([[(i, rows[i].label) for i in range(0, len(rows), step)]])

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        if self.view is not None and self.view.rows:
            self._ticks()

    def _g(self, view: RareView, xs, values) -> None:
        plot = self.plot
        first = view.rows[0]
        title = f"{view.indicator.name}: g-chart, {view.unit} between events"
        set_title(plot, title, color="#222", size="10pt")
        if first.mean is not None:
            plot.plot(xs, [first.mean] * len(xs), pen=pg.mkPen("#333", width=1.5), name=f"mean {first.mean:.0f}")
            plot.plot(xs, [first.upper] * len(xs), pen=pg.mkPen("#555", width=1, style=Qt.PenStyle.DashLine),
                      name=f"upper limit {first.upper:.0f} (Benneyan)")
            plot.plot(xs, [view.median] * len(xs), pen=pg.mkPen("#888", width=1, style=Qt.PenStyle.DotLine),
                      name=f"median {view.median:.0f}")
        brushes = [pg.mkBrush(VARIATION_BRUSH.get(r.variation or "common", "#7f7f7f")) for r in view.rows]
        plot.plot(xs, values, pen=pg.mkPen("#9e9e9e", width=1), symbol="o",
                  symbolSize=[9 if r.special_cause else 6 for r in view.rows], symbolBrush=brushes,
                  symbolPen=pg.mkPen("w", width=0.5), name=f"{view.unit} between events", connect="finite")
        plot.setLabel("left", f"{view.unit} between events (longer is better)")

    def _cusum(self, view: RareView, xs, values) -> None:
        plot = self.plot
        set_title(plot, f"{view.indicator.name}: CUSUM for a {view.ratio:g}-fold rise (not the national signal)",
                  color="#222", size="10pt")
        for level, h in ((1, view.level_1), (2, view.level_2)):
            plot.plot(xs, [h] * len(xs), pen=pg.mkPen(LEVEL_COLOURS[level], width=1.5, style=Qt.PenStyle.DashLine),
                      name=f"level {level}: {h:.2f} ({95 if level == 1 else 99}%)"
                      if _is_default(level, h) else f"level {level}: {h:.2f}")
        brushes = [pg.mkBrush(LEVEL_COLOURS.get(_level(r.rule), "#7f7f7f")) for r in view.rows]
        plot.plot(xs, values, pen=pg.mkPen("#455a64", width=1.5), symbol="o",
                  symbolSize=[9 if r.special_cause else 5 for r in view.rows], symbolBrush=brushes,
                  symbolPen=pg.mkPen("w", width=0.5), name="CUSUM, reset after level 2", connect="finite")
        plot.setLabel("left", "CUSUM (log-likelihood ratio)")

    def describe_at(self, x: float, y: float) -> str:
        view = self.view
        if view is None or not view.rows:
            return ""
        i = int(round(x))
        if not 0 <= i < len(view.rows) or abs(x - i) > 0.4:
            return ""
        r = view.rows[i]
        if r.value is None:
            return f"{r.label}: no figures"
        if view.chart == "g":
            text = f"{r.label}: {r.value:.0f} {view.unit} since the event before"
        else:
            text = (f"{r.label}: {r.observed:g} event(s), {r.expected:.2f} expected; CUSUM {r.value:.2f}")
        return text + (f" ({r.rule.replace('_', ' ')})" if r.rule else "")


def _level(rule: str | None) -> int:
    return {"level_1": 1, "level_2": 2}.get(rule or "", 0)


def _is_default(level: int, h: float) -> bool:
    return math.isclose(h, rare.LEVEL_1 if level == 1 else rare.LEVEL_2, abs_tol=1e-9)


class CusumSettingsDialog(QDialog):
    """The reference rate for one indicator and the unit's two CUSUM thresholds."""

    def __init__(self, indicator, reference_rate: float | None, level_1: float, level_2: float, parent=None):
        super().__init__(parent)
        self.setWindowTitle("CUSUM settings")
        lay = QVBoxLayout(self)
        note = QLabel("The CUSUM looks for a doubling of the rate against a reference rate (England's, or "
                      "another you choose). The thresholds default to 95% (ln 19 = 2.94) and 99% "
                      "(ln 99 = 4.60) confidence that the rate has doubled, reading the CUSUM as the log of "
                      "the odds. It is the unit's own look, not the national signal system's.", self)
        note.setWordWrap(True)
        lay.addWidget(note)
        form = QFormLayout()
        self.reference = QDoubleSpinBox(self)
        self.reference.setRange(0.0, 100000.0)
        self.reference.setDecimals(3)
        self.reference.setSpecialValueText("not set")
        self.reference.setValue(reference_rate or 0.0)
        self.reference.setAccessibleName(f"Reference rate, {indicator.scale_label}")
        form.addRow(f"&Reference rate ({indicator.scale_label})", self.reference)
        self.level_1 = self._spin(level_1, "Level 1 threshold")
        self.level_2 = self._spin(level_2, "Level 2 threshold")
        form.addRow("Level &1 threshold", self.level_1)
        form.addRow("Level &2 threshold (resets)", self.level_2)
        lay.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _spin(self, value: float, name: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(self)
        spin.setRange(0.1, 50.0)
        spin.setDecimals(2)
        spin.setValue(value)
        spin.setAccessibleName(name)
        return spin

    def values(self) -> tuple[float | None, float, float]:
        ref = self.reference.value()
        return (ref or None), self.level_1.value(), self.level_2.value()


def open_cusum_settings(parent, store, code: str, on_saved) -> CusumSettingsDialog:
    """Open the CUSUM settings for indicator ``code`` (window-modal); on OK save them
    (audited) and call ``on_saved``; a refused value is explained and nothing is written."""
    from maternity_desk.store import dashboard as dash
    from maternity_desk.store import rare_events as sr

    ind = dash.indicator(store, code)
    dlg = CusumSettingsDialog(ind, *sr.cusum_settings(store, code), parent=parent)

    def finished(result: int) -> None:
        if result != QDialog.DialogCode.Accepted:
            return
        try:
            sr.save_cusum_settings(store, code, *dlg.values())
        except MaternityDeskError as exc:
            QMessageBox.warning(parent, "CUSUM settings not saved", str(exc))
            return
        on_saved()

    dlg.finished.connect(finished)
    dlg.open()
    return dlg
