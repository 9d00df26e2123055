"""The board report's blocks: the plain pieces a section is made of (paragraphs, bullet lists,
tables, rare-event charts), drawn alike by the PDF (``ui/board/pack.py``) and the workbook
(``exchange/board_workbook.py``). :mod:`maternity_desk.exchange.board_report` re-exports them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Para:
    text: str
    style: str = "body"  # body, note, strong


@dataclass
class Bullets:
    items: list[str]
    empty: str = "None."
    title: str = ""


@dataclass
class Grid:
    """A table. ``kinds`` per column: text, count, number, percent, date, month, variation
    (cell: (variation, side) drawn as the Making Data Count icon with its words), rag (cell:
    (text, rag))."""

    title: str
    headers: list[str]
    rows: list[tuple]
    kinds: list[str]
    empty: str = "None."
    widths: list[float] | None = None  # shares of the width (default: from the text)


@dataclass
class Chart:
    """A rare-event chart (``view``: a core.rare_view.RareView) drawn as the dashboard draws it,
    with its data as a table in the workbook."""

    title: str
    view: Any
    caption: str = ""


@dataclass
class Section:
    key: str
    title: str
    sheet: str  # the workbook's sheet name
    blocks: list = field(default_factory=list)
