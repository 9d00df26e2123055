"""Help > Guide (F1): a short offline guide per page, shipped in ``resources/help/``, with a
search over all of them. F1 opens the guide of the page in front of the user."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from maternity_desk.paths import resource


@dataclass(frozen=True)
class Guide:
    topic: str
    title: str
    text: str  # Markdown


def topic_for(page_title: str) -> str:
    """The guide file (without ``.md``) for the page with this title: "Training fund" is
    ``training_fund``."""
    return re.sub(r"\W+", "_", page_title.strip().lower()).strip("_")


def help_dir() -> Path:
    return resource("help")


def load_guides(order: list[str] | None = None) -> list[Guide]:
    """Every guide in ``resources/help``; those named in ``order`` first, in that order."""
    guides = []
    for path in sorted(help_dir().glob("*.md")):
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else path.stem
        guides.append(Guide(path.stem, first.lstrip("# ").strip() or path.stem, text))
    if order:
        rank = {t: i for i, t in enumerate(order)}
        guides.sort(key=lambda g: rank.get(g.topic, len(rank)))
    return guides


def matches(guide: Guide, text: str) -> int:
    """How often the words of ``text`` occur in ``guide`` (0 unless every word occurs)."""
    words = re.findall(r"\w+", text.lower())
    body = guide.text.lower()
    counts = [body.count(w) for w in words]
    return sum(counts) if counts and all(counts) else 0


class HelpDialog(QDialog):
    """The guides: a search box and list on the left, the chosen guide on the right."""

    def __init__(self, parent: QWidget | None = None, order: list[str] | None = None):
        super().__init__(parent)
        self.setWindowTitle("Maternity Desk guide")
        self.setAccessibleName("Guide")
        self.guides = load_guides(order)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the guides…")
        self.search.setAccessibleName("Search the guides")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Guides")
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Guide text")
        self.browser.setOpenExternalLinks(False)
        self.found = QLabel()
        self.found.setAccessibleName("Search result")
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        label = QLabel("&Find:")
        label.setBuddy(self.search)
        lv.addWidget(label)
        lv.addWidget(self.search)
        lv.addWidget(self.list, 1)
        lv.addWidget(self.found)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.browser)
        split.setStretchFactor(1, 3)
        split.setSizes([self.fontMetrics().horizontalAdvance("National benchmark") + 60, 600])
        split.setChildrenCollapsible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._find_next)
        self.list.currentItemChanged.connect(lambda item, _prev: self._show(item))
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.search.setFocus)
        self._filter("")
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 900, 620
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 80)
        self.resize(width, height)

    # --- showing -------------------------------------------------------------------------
    def show_topic(self, topic: str) -> bool:
        """Show the guide ``topic`` (clearing any search); False when there is none."""
        if self.search.text():
            self.search.clear()
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == topic:
                self.list.setCurrentRow(i)
                return True
        return False

    def current_topic(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _show(self, item: QListWidgetItem | None) -> None:
        guide = next((g for g in self.guides if item and g.topic == item.data(Qt.ItemDataRole.UserRole)), None)
        self.browser.setMarkdown(guide.text if guide else "")
        if guide and self.search.text().strip():
            self.browser.moveCursor(self.browser.textCursor().MoveOperation.Start)
            self._find_next()

    def _filter(self, text: str) -> None:
        keep = self.current_topic()
        self.list.clear()
        text = text.strip()
        shown = [(g, matches(g, text)) for g in self.guides] if text else [(g, 1) for g in self.guides]
        shown = [(g, n) for g, n in shown if n]
        if text:
            shown.sort(key=lambda gn: -gn[1])
        for guide, _n in shown:
            item = QListWidgetItem(guide.title)
            item.setData(Qt.ItemDataRole.UserRole, guide.topic)
            self.list.addItem(item)
        if text:
            self.found.setText(f"{len(shown)} guide{'' if len(shown) == 1 else 's'} mention \u201c{text}\u201d"
                               if shown else f"No guide mentions \u201c{text}\u201d")
        else:
            self.found.setText("")
        topics = [g.topic for g, _ in shown]
        row = topics.index(keep) if keep in topics and not text else 0
        if shown:
            self.list.setCurrentRow(row)
        else:
            self.browser.clear()

    def _find_next(self) -> None:
        words = re.findall(r"\w+", self.search.text())
        if words and not self.browser.find(words[0]):
            self.browser.moveCursor(self.browser.textCursor().MoveOperation.Start)
            self.browser.find(words[0], QTextDocument.FindFlag(0))
