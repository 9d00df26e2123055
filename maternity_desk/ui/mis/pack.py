"""The incentive-scheme declaration pack as a PDF, drawn with Qt's PDF writer the way the
monthly report pack is (``ui/returns/pack.py``): an HTML document laid out on A4 landscape
pages with a header and a page-numbered footer. Runs on the UI thread, in short steps; gather
the tracker elsewhere (``store.mis.tracker``) and pass it in."""

from __future__ import annotations

import html
from collections.abc import Generator
from datetime import datetime
from pathlib import Path

from maternity_desk import APP_NAME, __version__
from maternity_desk.core import mis
from maternity_desk.exchange.atomic import atomic_write, require_complete
from maternity_desk.exchange.mis import RAG_WORD, days_text, figure_cells, status_word
from maternity_desk.store.mis import TrackerView
from maternity_desk.ui.returns.pack import (
    DPI,
    RAG_BG,
    RAG_FG,
    draw_text_pages,
    laid_out,
    pdf_writer,
)

_E = html.escape


def _cell(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float):
        return f"{value * 100:.1f}%"
    return _E(str(value))


def pack_html(view: TrackerView) -> str:
    y = view.year
    rag = view.rag
    parts = ["<html><body style='font-family: DejaVu Sans; font-size: 8pt'>",
             f"<h2>{_E(view.unit_name)}: {_E(y.title)}</h2>",
             f"<p>As at {view.as_at:%d/%m/%Y}. Scheme status: "
             f"<span style='background:{RAG_BG.get(rag, '#fff')}; color:{RAG_FG.get(rag, '#000')}'>"
             f"&nbsp;{RAG_WORD[rag] or 'none'}&nbsp;</span>."]
    if y.declaration_due:
        parts.append(f" Board declaration due {y.declaration_due:%d/%m/%Y} ({days_text(view.days_left)}).")
    parts.append(f"</p><p><i>{_E(y.caveat)}</i></p>" if y.caveat else "</p>")
    parts.append("<table border='1' cellspacing='0' cellpadding='3' width='100%'><tr style='background:#1F4E78;"
                 "color:white'><th>Action</th><th>Question</th><th>Status</th></tr>")
    for a in view.actions:
        parts.append(f"<tr><td align='right'>{a.action.number}</td><td>{_E(a.action.title)}</td>"
                     f"<td style='background:{RAG_BG.get(a.rag, '#fff')}; color:{RAG_FG.get(a.rag, '#000')}'>"
                     f"{status_word(a.status)}</td></tr>")
    parts.append("</table>")
    heads = [("Requirement", 20), ("Status", 0), ("Owner", 0), ("Evidence saved at", 0), ("Approved by", 0),
             ("Approval date", 0), ("From", 0), ("To", 0), ("Numerator", 0), ("Denominator", 0), ("Percent", 0),
             ("Threshold", 0), ("Meets", 0), ("Notes", 12)]
    for a in view.actions:
        parts.append(f"<h3>Safety action {a.action.number}: {_E(a.action.title)}</h3>")
        parts.append("<table border='1' cellspacing='0' cellpadding='2' width='100%'><tr style='background:#1F4E78;"
                     "color:white'>" + "".join(f"<th width='{w}%'>{h}</th>" if w else f"<th>{h}</th>" for h, w in heads) + "</tr>")
        for v in a.requirements:
            r, t = v.requirement, v.tracking
            rag = mis.rag_for_status(v.status)
            cells = [r.text + ("" if r.verified == "V" else " (not verified)"), status_word(v.status), v.owner,
                     t.evidence_location, t.approval_forum, t.approval_date, *figure_cells(v), t.notes]
            row = "".join(
                f"<td style='background:{RAG_BG.get(rag, '#fff')}'>{_cell(c)}</td>" if i == 1 else f"<td>{_cell(c)}</td>"
                for i, c in enumerate(cells))
            parts.append(f"<tr>{row}</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)


def write_pack(view: TrackerView, path: Path | str) -> int:
    """Write the PDF; returns the number of pages (all at once: the command line's way)."""
    from maternity_desk.ui.tasks import run_through

    return run_through(pack_steps(view, path))


def pack_steps(view: TrackerView, path: Path | str) -> Generator[None, None, int]:
    """The PDF written in short steps, which the window runs on the UI thread one per turn of
    its event loop (``tasks.step_through``); returns the number of pages."""
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QFont, QTextDocument

    path = Path(path)
    with atomic_write(path) as tmp:
        writer = pdf_writer(tmp, f"{view.unit_name}: {view.year.title}", f"{APP_NAME} {__version__}")
        doc = QTextDocument()
        doc.setDefaultFont(QFont("DejaVu Sans", 8))
        band = int(DPI * 0.3)
        yield from laid_out(doc, writer, pack_html(view), QSizeF(writer.width(), writer.height() - 2 * band))
        pages = yield from draw_text_pages(writer, tmp, [doc], band,
                                           f"{view.unit_name}: {view.year.title}, as at {view.as_at:%d/%m/%Y}",
                                           f"Produced {datetime.now():%d/%m/%Y %H:%M} by {APP_NAME} {__version__}")
        require_complete(tmp, b"%%EOF", "PDF")
    return pages
