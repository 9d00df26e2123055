"""Every page of the demo unit speaks to people: its labels, buttons, tabs, group titles,
lists and table cells (headers, cells and their tooltips) carry no internal code
(``obstetric_consultant``, ``per_1000``), no "None", no "1 cases", no ISO month or date (the
interface writes "Nov 2026" and dd/mm/yyyy), no lower-case status, and no database path."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QTabWidget,
)

from maternity_desk.ui import tasks
from maternity_desk.ui.main_window import MainWindow

PATTERNS = {
    "an internal code": re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b"),
    "'None'": re.compile(r"\bNone\b"),
    "'1' before a plural": re.compile(r"(?<![\d.,])\b1 (?!of\b)[a-z]+s\b"),
    "an ISO month or date": re.compile(r"(?<![\w-])(19|20)\d\d-(0[1-9]|1[0-2])(-\d\d)?(?![\d-])"),
    "a month written out": re.compile(r"\b(January|February|March|April|June|July|August|September|October|"
                                      r"November|December) \d{4}\b"),
    "a lower-case status": re.compile(r"^(red|amber|green|open|closed|done|active|improving|overdue|submitted|late)$"),
}
ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


def _has_children(model, index) -> bool:
    try:
        return model.rowCount(index) > 0
    except TypeError:  # a list or table model: no tree
        return False


def _model_texts(model, parent=None, depth=0):
    parent = parent if parent is not None else QModelIndex()
    try:
        columns = model.columnCount(parent)
    except TypeError:  # a list model
        columns = 1
    if depth == 0:
        for c in range(columns):
            yield "header", model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
    for r in range(min(model.rowCount(parent), 300)):
        for c in range(columns):
            index = model.index(r, c, parent)
            for role in ROLES:
                yield ("cell" if role == Qt.ItemDataRole.DisplayRole else "tooltip"), model.data(index, role)
        first = model.index(r, 0, parent)
        if depth < 3 and _has_children(model, first):  # a tree's rows under this one
            yield from _model_texts(model, first, depth + 1)


def texts_of(page):
    for w in page.findChildren(QLabel):
        yield "label", w.text()
        yield "tooltip", w.toolTip()
    for w in page.findChildren(QAbstractButton):
        yield "button", w.text()
        yield "tooltip", w.toolTip()
    for w in page.findChildren(QGroupBox):
        yield "group", w.title()
    for w in page.findChildren(QTabWidget):
        for i in range(w.count()):
            yield "tab", w.tabText(i)
    for w in page.findChildren(QComboBox):
        for i in range(w.count()):
            yield "choice", w.itemText(i)
    for view in page.findChildren(QAbstractItemView):
        if view.model() is not None:
            yield from _model_texts(view.model())


@pytest.fixture
def window(qtbot, demo_store, monkeypatch):
    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())
    w = MainWindow(demo_store)
    qtbot.addWidget(w)
    w.show()
    return w


def test_no_codes_none_or_1_plural_on_any_page(window):
    found = []
    for i in range(window.nav.count()):
        window.nav.setCurrentRow(i)
        page = window.page(i)
        QApplication.processEvents()
        if hasattr(page, "_fill_attention"):
            page._fill_attention()
        title = window.page_titles()[i]
        seen = set()
        for kind, text in texts_of(page):
            if not isinstance(text, str) or not text:
                continue
            for what, rx in PATTERNS.items():
                if (m := rx.search(text)) and (kind, m.group(0)) not in seen:
                    seen.add((kind, m.group(0)))
                    found.append(f"{title}, {kind}: {what} {m.group(0)!r} in {text[:90]!r}")
            if str(window.store.path) in text:
                found.append(f"{title}, {kind}: the database path in {text[:90]!r}")
    assert len(window.page_titles()) >= 8
    assert not found, "\n".join(found)


def test_the_scan_finds_what_it_looks_for():
    """The patterns catch the words this test is for (so a pass means something)."""
    bad = ["obstetric_consultant", "per_1000", "None", "1 cases", "2026-11", "15/11/2026 or 2026-11-15",
           "November 2026", "amber"]
    good = ["Obstetric consultant", "Per 1,000", "1 case", "11 cases", "Nov 2026", "15/11/2026",
            "1 of 4 in date", "BF-2016-12", "Amber", "May 2026", "2026/27"]
    assert all(any(rx.search(t) for rx in PATTERNS.values()) for t in bad)
    assert not [t for t in good if any(rx.search(t) for rx in PATTERNS.values())]
