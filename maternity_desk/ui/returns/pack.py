"""The report pack: the monthly return as a PDF for a board paper, written with Qt's PDF
writer, the key indicators' charts rendered with pyqtgraph.

:func:`write_pack` needs a ``QGuiApplication`` (one is created if none exists; the command line
sets the offscreen platform when there is no display). Its charts are drawn on the UI thread
(:func:`render_chart`), and the PDF is written there too in short steps (:func:`pack_steps`).
"""

from __future__ import annotations

import errno
import html
import math
from collections.abc import Generator
from datetime import date, datetime
from pathlib import Path

from maternity_desk.core import returns as core
from maternity_desk.core.indicators import format_value
from maternity_desk.core.money import format_pence
from maternity_desk.core.periods import month_label, month_start
from maternity_desk.exchange.atomic import atomic_write, require_complete

DPI = 150
MARGIN_MM = 12
RAG_BG = {"green": "#C6EFCE", "amber": "#FFEB9C", "red": "#FFC7CE"}
RAG_FG = {"green": "#006100", "amber": "#9C5700", "red": "#9C0006"}
CHART_SIZE = (600, 320)
CHARTS_PER_ROW = 2


def _app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def cell_text(value) -> str:
    """One value of the return as the pack prints it."""
    if value is None:
        return ""
    if isinstance(value, core.Rate):
        if value.value == core.SUPPRESSED:
            return core.SUPPRESSED
        return format_value(value.value, value.scale) if value.value is not None else ""
    if isinstance(value, core.Money):
        return format_pence(value.pence)
    if isinstance(value, core.Month):
        return month_label(value.month)
    if isinstance(value, core.Link):
        return value.text
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


#: columns the pack leaves out to fit a page (the workbook has them)
PACK_SKIP = frozenset({"Group", "Code", "Scale", "Course code", "Staff group code", "Target year",
                       "Fund", "Financial year", "Ended"})


def _weights(t: core.Table) -> list[int]:
    """Each column's share of a table's width: its longest text (a heading's longest word,
    a cell's text), within limits so that one long note does not squeeze the figures."""
    out = []
    for i, c in enumerate(t.columns):
        longest = max((len(w) for w in c.header.split()), default=4)
        for row in t.rows:
            longest = max(longest, len(cell_text(row[i])))
        out.append(min(longest, 22) + 2 if c.kind == "text" else max(longest, 5) + 2)
    return out


def _table_html(t: core.Table) -> str:
    out = []
    seen: set[str] = set()
    keep = []
    for i, c in enumerate(t.columns):  # a heading shown once (the workbook repeats the name)
        if c.header not in PACK_SKIP and c.header not in seen:
            keep.append(i)
            seen.add(c.header)
    t = core.Table(tuple(t.columns[i] for i in keep), [tuple(r[i] for i in keep) for r in t.rows],
                   t.title, t.empty, t.chart)
    if t.title:
        out.append(f"<h3>{html.escape(t.title)}</h3>")
    if not t.rows:
        out.append(f"<p><i>{html.escape(t.empty)}</i></p>")
        return "".join(out)
    weights = _weights(t)
    total = sum(weights)
    out.append('<table class="grid" width="100%" cellspacing="0" cellpadding="3"><thead><tr>')
    for c, w in zip(t.columns, weights):  # <thead>: the heading repeats on every page
        align = ' align="right"' if c.kind in NUMERIC else ""
        out.append(f'<th width="{100 * w / total:.1f}%"{align}>{html.escape(c.header)}</th>')
    out.append("</tr></thead>")
    for i, row in enumerate(t.rows):
        shade = ' bgcolor="#F2F2F2"' if i % 2 else ""
        out.append(f"<tr{shade}>")
        for col, v in zip(t.columns, row):
            text = html.escape(cell_text(v))
            numeric = col.kind in NUMERIC or isinstance(v, (int, float))
            attrs = ' align="right"' if numeric else ""
            if col.kind == "rag" and v in RAG_BG:
                attrs += f' bgcolor="{RAG_BG[v]}"'
                text = f'<span style="color:{RAG_FG[v]}">{text}</span>'
            out.append(f"<td{attrs}>{text}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


NUMERIC = frozenset({"count", "rate", "money", "number"})


def render_chart(t: core.Table, size: tuple[int, int] = CHART_SIZE, zoom: float = 2.0,
                 title: str | None = None):
    """A Trends table (month, rate, mean, lower, upper, ambition) drawn with pyqtgraph; a QImage
    ``zoom`` times ``size`` (drawn at ``size``, so text keeps its size against the plot, and
    rendered finer for print). UI thread only: made, drawn and taken in three steps, which the
    window runs on three turns of its event loop."""
    plot = new_chart(size)
    draw_chart(plot, t, title)
    return take_chart(plot, zoom)


def new_chart(size: tuple[int, int] = CHART_SIZE):
    """A chart widget laid out at ``size``, never on screen."""
    import pyqtgraph as pg
    import pyqtgraph.exporters  # noqa: F401  (registers ImageExporter)
    from PySide6.QtCore import Qt

    _app()
    plot = pg.PlotWidget(background="w")
    plot.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    plot.resize(*size)
    return plot


def draw_chart(plot, t: core.Table, title: str | None = None) -> None:
    """Table ``t`` drawn on a chart from :func:`new_chart`."""
    import pyqtgraph as pg
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont

    item = plot.getPlotItem()
    if title:  # in the picture, so a page break cannot part a chart from its title
        item.setTitle(html.escape(title), color="#222222", size="11pt", bold=True)
    item.showGrid(x=False, y=True, alpha=0.2)
    xs = list(range(len(t.rows)))

    def col(i):
        return [math.nan if r[i].value in (None, core.SUPPRESSED) else float(r[i].value) for r in t.rows]

    legend = item.addLegend(offset=(8, 2), labelTextColor="#333333", colCount=5,
                            labelTextSize="16pt", brush=pg.mkBrush(255, 255, 255, 230))
    styles = [("Rate", 1, pg.mkPen("#1F4E79", width=2), "o"),
              (t.columns[2].header, 2, pg.mkPen("#7F7F7F", width=1.5, style=Qt.PenStyle.DashLine), None),
              ("Lower limit", 3, pg.mkPen("#C00000", width=1.2, style=Qt.PenStyle.DotLine), None),
              ("Upper limit", 4, pg.mkPen("#C00000", width=1.2, style=Qt.PenStyle.DotLine), None),
              ("Ambition", 5, pg.mkPen("#00B050", width=1.5, style=Qt.PenStyle.DashDotLine), None)]
    low, high = math.inf, -math.inf
    for name, i, pen, symbol in styles:
        ys = col(i)
        finite = [y for y in ys if not math.isnan(y)]
        if not finite:
            continue
        low, high = min(low, *finite), max(high, *finite)
        kw = dict(symbol=symbol, symbolSize=5, symbolBrush="#1F4E79", symbolPen=None) if symbol else {}
        item.plot(xs, ys, pen=pen, name=name, connect="finite", **kw)
    if low <= high:  # room above the lines for the legend
        span = (high - low) or abs(high) or 1.0
        item.setYRange(min(0.0, low) if low >= 0 else low - 0.05 * span, high + 0.3 * span, padding=0)
    item.setXRange(-0.5, len(xs) - 0.5, padding=0)
    step = max(1, len(xs) // 8)
    ticks = [(x, month_label(t.rows[x][0].month)) for x in xs[::step]]
    font = QFont("DejaVu Sans")
    font.setPixelSize(11)
    for axis in ("left", "bottom"):
        a = item.getAxis(axis)
        a.setPen("#555555")
        a.setTextPen("#333333")
        a.setStyle(tickFont=font)
    item.getAxis("bottom").setTicks([ticks, []])
    legend.setZValue(10)
    plot.show()  # laid out at its size, with its title and legend (never on screen)


def take_chart(plot, zoom: float = 2.0):
    """The image of a chart drawn by :func:`draw_chart`, ``zoom`` times its size; the chart is
    then let go."""
    import pyqtgraph.exporters

    exporter = pyqtgraph.exporters.ImageExporter(plot.scene())
    exporter.parameters()["width"] = int(plot.width() * zoom)
    image = exporter.export(toBytes=True)
    plot.hide()
    plot.deleteLater()
    return image


STYLE = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 8pt; color: #222222; }
h1 { color: #1F4E79; font-size: 16pt; }
h2 { color: #1F4E79; font-size: 13pt; margin-top: 6px; }
h3 { color: #333333; font-size: 10pt; margin-bottom: 2px; }
table.grid { border-collapse: collapse; border: 1px solid #BFBFBF; }
table.grid th { background-color: #1F4E79; color: #FFFFFF; font-weight: bold; text-align: left; }
table.grid td { border-bottom: 1px solid #D9D9D9; }
p.note { color: #444444; }
"""


BREAK = ' style="page-break-before: always"'


def pack_html(content: core.ReturnContent, chart_names: dict[int, str], chart_width: int = 560) -> str:
    """The pack as one HTML document for QTextDocument; ``chart_names`` maps a Trends table's
    index to the resource name of its rendered chart, drawn ``chart_width`` wide (document
    pixels). Each section starts a page."""
    parts = pack_parts(content, chart_names, chart_width)
    return parts[0] + "".join(p.replace("<h2>", f"<h2{BREAK}>", 1) for p in parts[1:])


def pack_parts(content: core.ReturnContent, chart_names: dict[int, str], chart_width: int = 560) -> list[str]:
    """The pack as HTML documents, one a run of pages: the cover and contents, then one a
    section (each starts a page). Laid out one by one, each is a short piece of work."""
    e = html.escape
    head = f"<html><head><style>{STYLE}</style></head><body>"
    parts = [head]
    parts.append("<h1>Monthly maternity return</h1>")
    parts.append(f"<p><b>{e(content.unit_name)}</b>: {month_start(content.month):%B %Y}</p>")
    facts = [("Trust", content.trust), ("ODS code", content.ods_code),
             ("Local maternity system", content.lms), ("Region", content.region),
             ("Produced", f"{content.produced:%d/%m/%Y %H:%M} by {content.version}"),
             ("Small-number suppression", "Applied" if content.suppressed else "Not applied")]
    parts.append('<table cellpadding="2">')
    parts.extend(f"<tr><td><b>{e(k)}</b></td><td>{e(v or '')}</td></tr>" for k, v in facts)
    parts.append("</table>")
    parts.append(f'<p class="note">{e(content.suppression_text)}</p>')
    parts.append("<h3>Contents</h3><ul>")
    for sheet, title, _n, available in content.contents():
        if sheet == "Data":
            continue
        parts.append(f"<li>{e(title)}" + ("" if available else " (not available)") + "</li>")
    parts.append("</ul>")
    docs = [parts]
    for section in content.sections:
        if section.sheet == "Data":
            docs[-1].append('<p class="note">The figures in long form (the Data sheet) are in the '
                            "monthly return workbook.</p>")
            continue
        parts = [head, f"<h2>{e(section.title)}</h2>"]
        docs.append(parts)
        parts.extend(f'<p class="note">{e(n)}</p>' for n in section.notes)
        if section.sheet == "Dashboard" and section.tables:  # in two parts, as it prints
            t, split = section.tables[0], core.DASHBOARD_PRINT_SPLIT
            parts.append(_table_html(core.Table(t.columns[:split], [r[:split] for r in t.rows])))
            parts.append(f"<h2{BREAK}>{e(core.DASHBOARD_REFERENCE_TITLE)}</h2>")
            parts.extend(f'<p class="note">{e(n)}</p>' for n in section.side_notes)
            parts.append(_table_html(core.Table(t.columns[split:], [r[split:] for r in t.rows])))
            continue
        if section.sheet == "Trends":
            cells = [f'<img src="{chart_names[i]}" width="{chart_width}" '
                     f'height="{chart_width * CHART_SIZE[1] // CHART_SIZE[0]}">'
                     for i, t in enumerate(section.tables) if i in chart_names]
            parts.append('<table width="100%" cellpadding="4">')
            for i in range(0, len(cells), CHARTS_PER_ROW):
                row = cells[i:i + CHARTS_PER_ROW]
                parts.append("<tr>" + "".join(f'<td width="50%">{c}</td>' for c in row) + "</tr>")
            parts.append("</table>")
            continue
        parts.extend(_table_html(t) for t in section.tables)
    return ["".join(d) + "</body></html>" for d in docs]


def chart_tables(content: core.ReturnContent) -> list[tuple[int, core.Table]]:
    """The Trends tables drawn as charts: (position among the Trends tables, table)."""
    trends = next((s for s in content.sections if s.sheet == "Trends"), None)
    return [(i, t) for i, t in enumerate(trends.tables) if t.chart and t.rows] if trends is not None else []


def write_pack(content: core.ReturnContent, path: Path | str, images: dict | None = None) -> int:
    """Write the PDF; returns the number of pages (the command line's way: all at once, the
    charts drawn here too; the window runs :func:`pack_steps`)."""
    from maternity_desk.ui.tasks import run_through

    if images is None:
        _app()
        images = {i: render_chart(t, title=t.chart) for i, t in chart_tables(content)}
    return run_through(pack_steps(content, path, images))


def pack_steps(content: core.ReturnContent, path: Path | str, images: dict) -> Generator[None, None, int]:
    """The PDF written in short steps (a generator: see ``tasks.step_through``), which the
    window runs on the UI thread one per turn of its event loop; returns the number of pages.
    ``images``: position of each of :func:`chart_tables` -> :func:`render_chart`'s image (the
    charts are chart widgets, which the window draws first, one per turn)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QFont, QTextDocument

    path = Path(path)
    names = {i: f"chart{i}.png" for i in images}

    def document():
        doc = QTextDocument()
        doc.setDefaultFont(QFont("DejaVu Sans", 8))
        for i, image in images.items():
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(names[i]), image)
        return doc

    with atomic_write(path) as tmp:
        pages = yield from _draw_pack(content, document, names, tmp)
        require_complete(tmp, b"%%EOF", "PDF")
    return pages


def pdf_writer(tmp: Path, title: str, creator: str):
    """A landscape A4 PDF writer at :data:`DPI` with :data:`MARGIN_MM` margins (the report
    pack's, the board report's and the incentive scheme's)."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter

    writer = QPdfWriter(str(tmp))
    writer.setResolution(DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                     QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)))
    writer.setTitle(title)
    writer.setCreator(creator)
    return writer


def _draw_pack(content: core.ReturnContent, document, names: dict[int, str], tmp: Path) -> Generator[None, None, int]:
    from PySide6.QtCore import QSizeF

    writer = pdf_writer(tmp, f"{content.unit_name}: monthly return {month_label(content.month)}", content.version)
    width, height = writer.width(), writer.height()
    band = int(DPI * 0.3)  # header and footer bands
    body = QSizeF(width, height - 2 * band)
    # an image's HTML width is in logical pixels (96 per inch), scaled to the writer's DPI
    docs = []
    for part in pack_parts(content, names, int(body.width() * 0.47 * 96 / DPI)):
        doc = yield from laid_out(document(), writer, part, body)
        docs.append(doc)
    header = f"{content.unit_name}: monthly return, {month_start(content.month):%B %Y}"
    if content.suppressed:
        header += " (small-number suppression applied)"
    return (yield from draw_text_pages(writer, tmp, docs, band, header,
                                       f"Produced {content.produced:%d/%m/%Y %H:%M} by {content.version}"))


def laid_out(doc, writer, html_text: str, body) -> Generator[None, None, object]:
    """Text document ``doc`` given ``html_text`` and laid out on ``writer``'s pages of size
    ``body``, in two steps (reading the HTML, then the layout)."""
    doc.documentLayout().setPaintDevice(writer)
    doc.setHtml(html_text)
    yield
    doc.setPageSize(body)
    doc.pageCount()  # laid out now
    yield
    return doc


def draw_text_pages(writer, tmp: Path, docs: list, band: int, header: str, produced: str
                    ) -> Generator[None, None, int]:
    """Each of ``docs`` (text documents laid out for ``writer``'s page less a ``band`` above
    and below) drawn page by page, a step each: ``header`` centred above, ``produced`` and
    "Page n of N" below. Returns N. The report pack's and the incentive scheme's PDFs."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFont, QPainter

    width, height = writer.width(), writer.height()
    counts = [doc.pageCount() for doc in docs]
    pages = sum(counts)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(errno.EIO, f"cannot write {tmp.name}")
    try:
        small = QFont("DejaVu Sans", 7)
        number = 0
        for doc, count in zip(docs, counts, strict=True):
            body = doc.pageSize()
            for page in range(count):
                if number:
                    writer.newPage()
                number += 1
                painter.setFont(small)
                painter.setPen("#555555")
                painter.drawText(QRectF(0, 0, width, band), 0x0004 | 0x0080, header)  # centre, vcentre
                painter.drawText(QRectF(0, height - band, width, band), 0x0002 | 0x0080,
                                 f"Page {number} of {pages}")
                painter.drawText(QRectF(0, height - band, width, band), 0x0001 | 0x0080, produced)
                painter.save()
                painter.translate(0, band - page * body.height())
                doc.drawContents(painter, QRectF(0, page * body.height(), body.width(), body.height()))
                painter.restore()
                yield
    finally:
        painter.end()
    return pages
