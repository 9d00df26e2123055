"""Draw the application icon with Qt and write ``resources/icon.png`` and ``resources/icon.ico``.

The mark is a run chart whose line draws an "M" over a dashed centre line, white on NHS
blue. Each size is painted separately (thicker strokes, fewer details when small) so the
16-pixel icon stays legible. The .ico holds 16-48 px as classic 32-bit bitmaps (any
Windows program can read those) and 256 px as PNG, as Windows itself does.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python installer/make_icon.py`` and commit the
two files; the build does not regenerate them.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen  # noqa: E402

NHS_BLUE = QColor("#005EB8")
DARK_BLUE = QColor("#003087")
WHITE = QColor("#FFFFFF")
PINK = QColor("#F6A2C0")
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 256)
ROOT = Path(__file__).resolve().parent.parent


def render(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    margin = 0.0 if size <= 24 else s * 0.04
    box = QRectF(margin, margin, s - 2 * margin, s - 2 * margin)
    radius = box.width() * (0.16 if size > 24 else 0.12)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(NHS_BLUE)
    p.drawRoundedRect(box, radius, radius)
    if size >= 32:  # a darker band at the foot gives depth at larger sizes
        band = QPainterPath()
        band.addRoundedRect(box, radius, radius)
        clip = QPainterPath()
        clip.addRect(QRectF(box.left(), box.top() + box.height() * 0.80, box.width(), box.height()))
        p.setBrush(DARK_BLUE)
        p.drawPath(band.intersected(clip))

    def at(x: float, y: float) -> QPointF:  # 0..1 inside the box
        return QPointF(box.left() + x * box.width(), box.top() + y * box.height())

    if size >= 24:  # dashed centre line of the run chart
        pen = QPen(PINK, max(1.0, s * 0.03))
        pen.setDashPattern([2.0, 1.6])
        p.setPen(pen)
        p.drawLine(at(0.12, 0.52), at(0.88, 0.52))

    points = [at(0.18, 0.74), at(0.30, 0.26), at(0.50, 0.60), at(0.70, 0.26), at(0.82, 0.74)]
    width = s * (0.13 if size <= 20 else 0.10 if size <= 48 else 0.085)
    pen = QPen(WHITE, width)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    path = QPainterPath(points[0])
    for point in points[1:]:
        path.lineTo(point)
    p.drawPath(path)
    if size >= 32:  # the data points
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(WHITE)
        r = width * 0.8
        for point in points:
            p.drawEllipse(point, r, r)
        p.setBrush(PINK)  # the latest point, highlighted
        p.drawEllipse(points[-1], r * 0.55, r * 0.55)
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def bmp_icon_bytes(image: QImage) -> bytes:
    """A 32-bit BGRA DIB as an .ico entry: header (height doubled), pixels bottom-up, AND mask."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)  # BGRA in memory, straight alpha
    w, h = image.width(), image.height()
    header = struct.pack("<IiiHHIIiiII", 40, w, h * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = [bytes(image.constScanLine(y))[: w * 4] for y in range(h)]
    mask_row = ((w + 31) // 32) * 4
    return header + b"".join(reversed(rows)) + b"\0" * mask_row * h


def ico_bytes(sizes=ICO_SIZES) -> bytes:
    entries, blobs = [], []
    offset = 6 + 16 * len(sizes)
    for size in sizes:
        image = render(size)
        blob = png_bytes(image) if size >= 256 else bmp_icon_bytes(image)
        dim = 0 if size >= 256 else size
        entries.append(struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset))
        blobs.append(blob)
        offset += len(blob)
    return struct.pack("<HHH", 0, 1, len(sizes)) + b"".join(entries) + b"".join(blobs)


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    out = ROOT / "resources"
    out.mkdir(exist_ok=True)
    render(256).save(str(out / "icon.png"), "PNG")
    (out / "icon.ico").write_bytes(ico_bytes())
    print(f"wrote {out / 'icon.png'} and {out / 'icon.ico'} ({', '.join(map(str, ICO_SIZES))} px)")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
