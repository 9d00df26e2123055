"""The key to the indicator list's V and A columns: each icon beside what it means, wrapped
onto as many lines as the list's width needs (so it fits at 150% too)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from maternity_desk.ui.dashboard import icons
from maternity_desk.ui.dashboard.flow import FlowLayout

#: (kind, code, side, words) in the order the key shows them
ENTRIES = (
    ("variation", "common", None, "common cause"),
    ("variation", "improvement", "high", "improvement"),
    ("variation", "concern", "low", "concern"),
    ("variation", "neutral", "high", "neither better nor worse"),
    ("assurance", "pass", None, "passing the target"),
    ("assurance", "fail", None, "failing the target"),
    ("assurance", "hit_and_miss", None, "hit and miss"),
)


def _entry(kind: str, code: str, side: str | None, words: str, parent: QWidget) -> QWidget:
    box = QWidget(parent)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(3)
    icon = QLabel(box)
    if kind == "variation":
        icon.setPixmap(icons.variation_pixmap(code, side, 16))
        tip = icons.VARIATION_TIPS[code] + (f" ({side})" if side and code != "common" else "")
    else:
        icon.setPixmap(icons.assurance_pixmap(code, 16))
        tip = icons.ASSURANCE_TIPS[code]
    text = QLabel(words, box)
    for w in (box, icon, text):
        w.setToolTip(tip)
    box.setAccessibleName(tip)
    row.addWidget(icon)
    row.addWidget(text)
    return box


class IconKey(QWidget):
    """"V (variation):" and "A (assurance):" with each icon and its meaning."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Key to the V and A columns")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(2, 2, 2, 2)
        outer.setSpacing(2)
        for kind, title in (("variation", "V, variation:"), ("assurance", "A, assurance:")):
            flow = FlowLayout(spacing=8)
            head = QLabel(f"<b>{title}</b>", self)
            flow.addWidget(head)
            for entry in ENTRIES:
                if entry[0] == kind:
                    flow.addWidget(_entry(*entry, self))
            outer.addLayout(flow)
        self.setStyleSheet("QLabel { color: #333; }")


#: the legend's words for special-cause points, by kind of variation
SPECIAL_CAUSE_WORDS = {"improvement": "special cause: better", "concern": "special cause: worse",
                       "neutral": "special cause"}


def chart_key(plot, rows) -> None:
    """Legend entries for a chart's special-cause points: one per kind of variation the chart
    shows, in its colour (the letters over them are explained under the chart)."""
    import pyqtgraph as pg

    from maternity_desk.ui.charts import VARIATION_BRUSH

    legend = plot.plotItem.legend
    if legend is None:
        return
    shown = {r.variation for r in rows if r.special_cause and r.value is not None}
    for kind, words in SPECIAL_CAUSE_WORDS.items():
        if kind in shown:
            sample = pg.ScatterPlotItem([], [], symbol="o", size=9, pen=pg.mkPen("w", width=0.5),
                                        brush=pg.mkBrush(VARIATION_BRUSH[kind]))
            plot.addItem(sample)
            legend.addItem(sample, words)
