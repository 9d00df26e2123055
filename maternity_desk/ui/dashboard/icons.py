"""Making Data Count style icons drawn with QPainter: variation (coloured circle with an H/L
arrow or a dot for common cause) and assurance (P, F or ? in a circle)."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap, QPolygonF

COLOURS = {
    "common": QColor("#7f7f7f"),
    "improvement": QColor("#00a0e0"),
    "concern": QColor("#e46c0a"),
    "neutral": QColor("#7030a0"),
    "pass": QColor("#00a0e0"),
    "fail": QColor("#e46c0a"),
    "hit_and_miss": QColor("#7f7f7f"),
}
VARIATION_TIPS = {
    "common": "Common cause variation",
    "improvement": "Special cause: improvement",
    "concern": "Special cause: concern",
    "neutral": "Special cause: neither better nor worse",
}
ASSURANCE_TIPS = {
    "pass": "Consistently passing the target",
    "fail": "Consistently failing the target",
    "hit_and_miss": "Hit and miss: the target lies within the limits",
}
RAG_COLOURS = {"green": QColor("#2e7d32"), "amber": QColor("#f9a825"), "red": QColor("#c62828")}


def _canvas(size: int) -> tuple[QPixmap, QPainter]:
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pm, p


def _circle(p: QPainter, size: int, colour: QColor) -> None:
    p.setPen(QPen(colour.darker(120), 1.2))
    p.setBrush(QColor("white"))
    p.drawEllipse(QRectF(1, 1, size - 2, size - 2))


@lru_cache(maxsize=32)
def variation_pixmap(variation: str | None, side: str | None, size: int = 22) -> QPixmap:
    """Grey dots for common cause; a coloured circle with H (high) or L (low) and an arrow for
    special cause; an empty grey ring when there is nothing to judge."""
    pm, p = _canvas(size)
    colour = COLOURS.get(variation or "", QColor("#bdbdbd"))
    _circle(p, size, colour)
    if variation == "common":
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        for i in range(3):
            p.drawEllipse(QPointF(size * (0.3 + 0.2 * i), size * 0.55), size * 0.07, size * 0.07)
    elif variation in ("improvement", "concern", "neutral"):
        letter = "H" if side == "high" else "L" if side == "low" else "!"
        font = QFont()
        font.setBold(True)
        font.setPixelSize(int(size * 0.5))
        p.setFont(font)
        p.setPen(colour)
        p.drawText(QRectF(0, 0, size * 0.62, size), Qt.AlignmentFlag.AlignCenter, letter)
        if side in ("high", "low"):
            p.setBrush(colour)
            p.setPen(Qt.PenStyle.NoPen)
            x, up = size * 0.7, side == "high"
            y0, y1 = (size * 0.72, size * 0.28) if up else (size * 0.28, size * 0.72)
            p.drawRect(QRectF(x - size * 0.04, min(y0, y1) + (size * 0.1 if up else 0), size * 0.08,
                              abs(y1 - y0) - size * 0.1))
            tip = y1
            back = tip + (size * 0.16 if up else -size * 0.16)
            p.drawPolygon(QPolygonF([QPointF(x, tip), QPointF(x - size * 0.12, back),
                                     QPointF(x + size * 0.12, back)]))
    p.end()
    return pm


@lru_cache(maxsize=8)
def assurance_pixmap(assurance: str | None, size: int = 22) -> QPixmap:
    pm, p = _canvas(size)
    colour = COLOURS.get(assurance or "", QColor("#bdbdbd"))
    _circle(p, size, colour)
    letter = {"pass": "P", "fail": "F", "hit_and_miss": "?"}.get(assurance or "", "")
    if letter:
        font = QFont()
        font.setBold(True)
        font.setPixelSize(int(size * 0.55))
        p.setFont(font)
        p.setPen(colour)
        p.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, letter)
    p.end()
    return pm


@lru_cache(maxsize=32)
def variation_icon(variation: str | None, side: str | None) -> QIcon:
    return QIcon(variation_pixmap(variation, side))


@lru_cache(maxsize=8)
def assurance_icon(assurance: str | None) -> QIcon:
    return QIcon(assurance_pixmap(assurance))


@lru_cache(maxsize=4)
def rag_pixmap(rag: str, size: int = 14) -> QPixmap:
    pm, p = _canvas(size)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(RAG_COLOURS[rag])
    p.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    p.end()
    return pm
