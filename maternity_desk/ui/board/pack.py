"""The board report as a PDF: A4 landscape, drawn with QPainter on Qt's PDF writer from the
sections of :mod:`maternity_desk.exchange.board_report`.

Pages are laid out here rather than by a text document, so that nothing is split: a table
row, a bullet and a chart are never cut by a page break; a heading always has what follows it
on the same page; a table carried over repeats its heading row. Each section starts a page.
The header names the unit, the report and the month; the footer who produced it, when, and
"Page n of N". The rare-event charts are drawn by the dashboard's own chart widget.

Needs a ``QGuiApplication`` (created if there is none; the command line sets the offscreen
platform when there is no display) and runs on the UI thread, in short steps (:func:`pack_steps`):
gather the report elsewhere.
"""

from __future__ import annotations

import errno
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path

from maternity_desk.exchange import board_report as br
from maternity_desk.exchange.atomic import atomic_write, require_complete
from maternity_desk.ui.returns.pack import DPI, pdf_writer, take_chart

FONT = "DejaVu Sans"
BLUE = "#1F4E79"
RAG_BG = {"green": "#C6EFCE", "amber": "#FFEB9C", "red": "#FFC7CE"}
NUMERIC = frozenset({"count", "number", "percent"})
CHART_SIZE = (1100, 330)  # drawn at this size (pixels), as on screen


def _app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _font(points: float, bold: bool = False, italic: bool = False):
    from PySide6.QtGui import QFont

    f = QFont(FONT)
    f.setPointSizeF(points)
    f.setBold(bold)
    f.setItalic(italic)
    if hasattr(f, "setFeature"):  # no ligatures: text copied from the PDF reads "ffi", not one glyph
        for tag in ("liga", "clig"):
            f.setFeature(QFont.Tag(tag), 0)
    return f


def _cell_text(value, kind: str) -> str:
    from datetime import date

    if value is None:
        return ""
    if kind == "variation":
        return br.variation_text(value)
    if kind == "rag":
        return value[0] if isinstance(value, tuple) else str(value)
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return str(value)


@dataclass
class _Unit:
    """Something drawn whole on one page: ``draw(painter, x, y, width)``, ``height``."""

    height: float
    draw: object
    keep_with_next: bool = False
    repeat: _Unit | None = None  # a table row's heading row, repeated when a page breaks the table
    new_page: bool = False
    text: str = ""  # for tests and the log


class _Layout:
    def __init__(self, device, width: float, images: dict | None = None):
        from PySide6.QtGui import QFontMetricsF

        self.device, self.width = device, width
        self.images = images or {}  # id(chart) -> its image, drawn beforehand (see chart_images)
        self.fonts = {"h1": _font(16, True), "h2": _font(13, True), "h3": _font(10, True),
                      "body": _font(8.5), "note": _font(7.5, italic=True), "strong": _font(8.5, True),
                      "th": _font(8, True), "td": _font(8)}
        self.metrics = {k: QFontMetricsF(f, device) for k, f in self.fonts.items()}
        self.px = DPI / 72.0  # device pixels per point
        self.gap = 4 * self.px

    def text_height(self, text: str, style: str, width: float) -> float:
        from PySide6.QtCore import QRectF, Qt

        flags = int(Qt.TextFlag.TextWordWrap)
        return self.metrics[style].boundingRect(QRectF(0, 0, max(1.0, width), 1e6), flags, text).height()

    def text_unit(self, text: str, style: str, *, colour: str = "#222222", indent: float = 0,
                  bullet: bool = False, keep: bool = False, space: float | None = None,
                  new_page: bool = False) -> _Unit:
        from PySide6.QtCore import QRectF, Qt
        from PySide6.QtGui import QColor

        space = self.gap if space is None else space
        lead = 10 * self.px if bullet else 0
        h = self.text_height(text, style, self.width - indent - lead) + space
        font = self.fonts[style]

        def draw(p, x, y, w):
            p.setFont(font)
            p.setPen(QColor(colour))
            if bullet:
                p.drawText(QRectF(x + indent, y, lead, h), int(Qt.AlignmentFlag.AlignLeft), "\u2022")
            p.drawText(QRectF(x + indent + lead, y, w - indent - lead, h - space),
                       int(Qt.TextFlag.TextWordWrap), text)

        return _Unit(h, draw, keep, text=text, new_page=new_page)

    # --- tables ---------------------------------------------------------------------------------

    def grid_units(self, g: br.Grid) -> list[_Unit]:
        out = []
        if g.title:
            out.append(self.text_unit(g.title, "h3", colour="#333333", keep=True, space=2 * self.px))
        if not g.rows:
            out.append(self.text_unit(g.empty, "note"))
            return out
        shares = g.widths or [max(len(h), 6) for h in g.headers]
        total = sum(shares)
        widths = [self.width * s / total for s in shares]
        header = self._row_unit(g.headers, ["th"] * len(g.headers), widths, g.kinds, header=True)
        header.keep_with_next = True
        out.append(header)
        for i, row in enumerate(g.rows):
            u = self._row_unit(row, ["td"] * len(row), widths, g.kinds, shade=bool(i % 2))
            u.repeat = header
            out.append(u)
        out[-1].height += self.gap
        return out

    def _row_unit(self, values, styles, widths, kinds, *, header=False, shade=False) -> _Unit:
        from PySide6.QtCore import QRectF, Qt
        from PySide6.QtGui import QColor, QPen

        pad = 2.5 * self.px
        icon = 11 * self.px
        texts = [str(v) if header else _cell_text(v, k) for v, k in zip(values, kinds)]
        heights = []
        for t, w, k in zip(texts, widths, kinds):
            extra = icon + pad if (k == "variation" and not header) else 0
            heights.append(self.text_height(t, styles[0], w - 2 * pad - extra))
        h = max(heights + [icon * 0.8]) + 2 * pad
        font = self.fonts[styles[0]]

        def draw(p, x, y, w_total):
            from maternity_desk.ui.dashboard.icons import variation_pixmap

            left = x
            if header:
                p.fillRect(QRectF(x, y, sum(widths), h), QColor(BLUE))
            elif shade:
                p.fillRect(QRectF(x, y, sum(widths), h), QColor("#F2F2F2"))
            for t, w, k, v in zip(texts, widths, kinds, values):
                if not header and k == "rag" and isinstance(v, tuple) and v[1] in RAG_BG:
                    p.fillRect(QRectF(left, y, w, h), QColor(RAG_BG[v[1]]))
                tx = left + pad
                if not header and k == "variation":
                    var, side = v if isinstance(v, tuple) else (v, None)
                    pm = variation_pixmap(var, side, 64)
                    p.drawPixmap(QRectF(tx, y + (h - icon) / 2, icon, icon), pm, QRectF(pm.rect()))
                    tx += icon + pad
                align = Qt.AlignmentFlag.AlignRight if (k in NUMERIC and not header) else Qt.AlignmentFlag.AlignLeft
                p.setFont(font)
                p.setPen(QColor("#FFFFFF" if header else "#222222"))
                p.drawText(QRectF(tx, y + pad, left + w - pad - tx, h - 2 * pad),
                           int(align | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap), t)
                left += w
            p.setPen(QPen(QColor("#D9D9D9"), 0.5 * self.px))
            p.drawLine(int(x), int(y + h), int(x + sum(widths)), int(y + h))

        return _Unit(h, draw, text=" | ".join(texts))

    # --- charts ---------------------------------------------------------------------------------

    def chart_unit(self, c: br.Chart) -> _Unit:
        from PySide6.QtCore import QRectF, Qt
        from PySide6.QtGui import QColor

        image = self.images[id(c)]
        w = self.width
        img_h = w * image.height() / max(1, image.width())
        cap = self.text_height(c.caption, "note", w) if c.caption else 0
        h = img_h + cap + 2 * self.gap
        note_font = self.fonts["note"]

        def draw(p, x, y, width):
            p.drawImage(QRectF(x, y, w, img_h), image)
            if c.caption:
                p.setFont(note_font)
                p.setPen(QColor("#444444"))
                p.drawText(QRectF(x, y + img_h + self.gap / 2, w, cap), int(Qt.TextFlag.TextWordWrap), c.caption)

        return _Unit(h, draw, text=c.title + " " + c.caption)

    # --- the report -----------------------------------------------------------------------------

    def units(self, report: br.BoardReport) -> Generator[None, None, list[_Unit]]:
        """The report's units, a step each of its blocks (see ``pack_steps``)."""
        out: list[_Unit] = [
            self.text_unit("Perinatal quality report to the board", "h1", colour=BLUE, keep=True),
            self.text_unit(f"{report.unit_name}, {report.trust}. Region: {report.region or 'not set'}. "
                           f"Month: {report.month_text}. Produced {report.produced:%d/%m/%Y %H:%M} by "
                           f"{report.produced_by} with {report.version}.", "body", keep=True),
        ]
        for i, section in enumerate(report.sections):
            out.append(self.text_unit(section.title, "h2", colour=BLUE, keep=True, new_page=i > 0))
            for block in section.blocks:
                if isinstance(block, br.Para):
                    out.append(self.text_unit(block.text, block.style))
                elif isinstance(block, br.Bullets):
                    if block.title:
                        out.append(self.text_unit(block.title, "h3", colour="#333333", keep=True, space=2 * self.px))
                    if not block.items:
                        out.append(self.text_unit(block.empty, "note"))
                    for item in block.items:
                        out.append(self.text_unit(item, "body", bullet=True, space=1.5 * self.px))
                    out[-1].height += self.gap
                elif isinstance(block, br.Grid):
                    out.extend(self.grid_units(block))
                elif isinstance(block, br.Chart):
                    out.append(self.chart_unit(block))
                yield
        return out


def paginate(units: list[_Unit], height: float) -> list[list[_Unit]]:
    """Units onto pages: a unit that does not fit starts a page, a unit kept with the next
    moves with it, and a table row carried over is preceded by its heading row again."""
    pages: list[list[_Unit]] = [[]]
    used = 0.0
    i = 0
    while i < len(units):
        u = units[i]
        chain = [u]
        j = i
        while units[j].keep_with_next and j + 1 < len(units):
            j += 1
            chain.append(units[j])
        need = sum(c.height for c in chain)
        if (u.new_page and pages[-1]) or (used + need > height and pages[-1]):
            pages.append([])
            used = 0.0
            if u.repeat is not None:
                pages[-1].append(u.repeat)
                used += u.repeat.height
        pages[-1].append(u)
        used += u.height
        i += 1
    return pages


def render_rare_chart(view, size: tuple[int, int] = CHART_SIZE, zoom: float = 1.6):
    """The dashboard's rare-event chart for ``view`` as a QImage (drawn at ``size``, as on
    screen, rendered ``zoom`` times finer for print). UI thread only: made, drawn and taken in
    three steps, which the window runs on three turns of its event loop."""
    chart = new_rare_chart(size)
    draw_rare_chart(chart, view)
    return take_rare_chart(chart, zoom)


def new_rare_chart(size: tuple[int, int] = CHART_SIZE):
    """A chart widget laid out at ``size`` (a new widget for each chart: one reused keeps the
    previous chart's legend layout)."""
    import pyqtgraph.exporters  # noqa: F401  (registers ImageExporter)
    from PySide6.QtCore import Qt

    from maternity_desk.ui.dashboard.rare_chart import RareEventChart

    _app()
    chart = RareEventChart()
    chart.resize(*size)  # its tick spacing follows its width
    plot = chart.plot  # drawn alone, at the size given, laid out before it is exported
    plot.setParent(None)
    plot.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    plot.resize(*size)
    return chart


def draw_rare_chart(chart, view) -> None:
    chart.set_view(view)
    chart.plot.show()


def take_rare_chart(chart, zoom: float = 1.6):
    """The image of a chart drawn by :func:`draw_rare_chart`; the chart is then let go."""
    image = take_chart(chart.plot, zoom)
    chart.deleteLater()
    return image


def charts(report: br.BoardReport) -> list[br.Chart]:
    """The report's charts, in order."""
    return [b for section in report.sections for b in section.blocks if isinstance(b, br.Chart)]


def write_pack(report: br.BoardReport, path: Path | str, images: dict | None = None) -> int:
    """Write the PDF; returns the number of pages (the command line's way: all at once, the
    charts drawn here too; the window runs :func:`pack_steps`)."""
    from maternity_desk.ui.tasks import run_through

    if images is None:
        images = {id(c): render_rare_chart(c.view) for c in charts(report)}
    return run_through(pack_steps(report, path, images))


def pack_steps(report: br.BoardReport, path: Path | str, images: dict) -> Generator[None, None, int]:
    """The PDF written in short steps (a generator: see ``tasks.step_through``), which the
    window runs on the UI thread one per turn of its event loop; returns the number of pages.
    The charts are drawn as on screen, by chart widgets, which the window draws first, one per
    turn (``images``: id of each of :func:`charts` -> :func:`render_rare_chart`'s image)."""
    path = Path(path)
    with atomic_write(path) as tmp:
        pages = yield from _draw(report, tmp, images)
        require_complete(tmp, b"%%EOF", "PDF")
    return pages


def _draw(report: br.BoardReport, tmp: Path, images: dict) -> Generator[None, None, int]:
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QPainter

    writer = pdf_writer(tmp, report.heading, report.version)
    width, height = writer.width(), writer.height()
    band = DPI * 0.3
    layout = _Layout(writer, width, images)
    pages = paginate((yield from layout.units(report)), height - 2 * band)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(errno.EIO, f"cannot write {tmp.name}")
    try:
        small = _font(7)
        for n, units in enumerate(pages):
            if n:
                writer.newPage()
            painter.setFont(small)
            painter.setPen(QColor("#555555"))
            painter.drawText(QRectF(0, 0, width, band), int(Qt.AlignmentFlag.AlignCenter), report.heading)
            foot = QRectF(0, height - band, width, band)
            painter.drawText(foot, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             f"Produced {report.produced:%d/%m/%Y %H:%M} by {report.produced_by}")
            painter.drawText(foot, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             f"Page {n + 1} of {len(pages)}")
            y = band
            for u in units:
                u.draw(painter, 0, y, width)
                y += u.height
            yield
    finally:
        painter.end()
    return len(pages)
