"""What the areas' pyqtgraph charts share: a plot on white with styled axes that describes the
point under the mouse, titles that keep every line, a legend in a row under the plot, PNG
export (only PNG: SVG export is broken on this Qt) and the SPC variation colours.

Imported only by the chart modules, which the pages import when they first draw a chart
(pyqtgraph is heavy)."""

from __future__ import annotations

import math
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from maternity_desk.exchange.atomic import atomic_write, require_complete

VARIATION_BRUSH = {
    "common": "#7f7f7f",
    "improvement": "#00a0e0",
    "concern": "#e46c0a",
    "neutral": "#7030a0",
}


def as_float(v) -> float:
    """``v`` as a float; None (no figure) as NaN, a gap in a line drawn with connect="finite"."""
    return math.nan if v is None else float(v)


def set_title(plot, text: str, **args) -> None:
    """``PlotItem.setTitle`` with room for every line of ``text`` (pyqtgraph fixes the title's
    row at 30 pixels, which cuts a two-line title)."""
    item = plot.plotItem if hasattr(plot, "plotItem") else plot
    item.setTitle(text, **args)
    height = max(30.0, item.titleLabel.item.boundingRect().height() + 4)
    item.titleLabel.setMaximumHeight(height)
    item.layout.setRowFixedHeight(0, height)


def style_axes(plot) -> None:
    """Dark grey left and bottom axes with near-black tick labels."""
    for name in ("left", "bottom"):
        ax = plot.getAxis(name)
        ax.setPen(pg.mkPen("#444"))
        ax.setTextPen(pg.mkPen("#222"))


def legend_below(plot_item, columns: int, **opts) -> pg.LegendItem:
    """A legend in a row under the plot (never over the data), dark text, ``columns`` entries
    a row; ``opts`` go to :class:`pyqtgraph.LegendItem`."""
    legend = pg.LegendItem(colCount=columns, labelTextColor="#222", horSpacing=18, verSpacing=-4, **opts)
    plot_item.layout.addItem(legend, 4, 1)
    return legend


def fit_legend_columns(legend, wanted: int, width: float, entry_width: int, height: float | None = None) -> None:
    """As many legend entries a row as ``width`` has room for (at most ``wanted``). Given the
    chart's ``height``, the legend shows only while the plot keeps more room than the legend
    (a short chart at 150% would otherwise be all legend); the chart's notes still say what
    its lines are."""
    columns = max(1, min(wanted, int(width // entry_width)))
    if columns != legend.columnCount:
        legend.setColumnCount(columns)
    if height is not None:
        entries = len(legend.items)
        rows = -(-entries // columns) if entries else 0
        legend_height = rows * LEGEND_ROW_HEIGHT
        plot_height = height - CHART_FRAME_HEIGHT - legend_height
        legend.setVisible(plot_height > legend_height)


#: a legend row's height, and the room a chart's title and axes take, in pixels (logical)
LEGEND_ROW_HEIGHT = 20
CHART_FRAME_HEIGHT = 70


def export_png(plot_item, path: Path | str, width: int | None = None) -> Path:
    """Write ``plot_item`` (a PlotItem) to a PNG at ``path``, ``width`` pixels wide if given."""
    from pyqtgraph.exporters import ImageExporter

    path = Path(path)
    exporter = ImageExporter(plot_item)
    if width is not None:
        exporter.parameters()["width"] = width
    with atomic_write(path) as tmp:  # the writer picks PNG by the temporary name's suffix
        exporter.export(str(tmp))
        require_complete(tmp, b"IEND", "PNG")
    return path


class HoverChart(QWidget):
    """A white pyqtgraph plot filling the widget, named ``title`` for screen readers, with a
    faint horizontal grid and styled axes. The mouse over it shows :meth:`describe_at`'s text
    as a tool tip and emits it.

    Signals:
        hovered(str): the description of what is under the mouse
    """

    hovered = Signal(str)

    def __init__(self, title: str, parent=None, axis=None, *, menu: bool = True):
        super().__init__(parent)
        self.plot = pg.PlotWidget(self, background="w", axisItems={"bottom": axis} if axis is not None else {})
        self.plot.setAccessibleName(title)
        self.plot.showGrid(x=False, y=True, alpha=0.15)
        if not menu:
            self.plot.setMenuEnabled(False)
        style_axes(self.plot)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.plot)
        self._hover_text = ""
        self.plot.scene().sigMouseMoved.connect(self._on_mouse)

    def _on_mouse(self, pos) -> None:
        if not self.plot.sceneBoundingRect().contains(pos):
            return
        point = self.plot.plotItem.vb.mapSceneToView(pos)
        self._set_hover(self.describe_at(point.x(), point.y()))

    def _set_hover(self, text: str) -> None:
        if text != self._hover_text:
            self._hover_text = text
            self.plot.setToolTip(text)
            self.hovered.emit(text)

    def describe_at(self, x: float, y: float) -> str:
        return ""

    def export_png(self, path: Path | str) -> Path:
        """The chart as a PNG at least 1200 pixels wide."""
        return export_png(self.plot.plotItem, path, max(1200, int(self.plot.width())))
