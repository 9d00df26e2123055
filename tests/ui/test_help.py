"""F1 and Help > Guide: a guide for every page, opened for the page in front, searchable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from maternity_desk.ui import tasks
from maternity_desk.ui.help import load_guides, matches, topic_for
from maternity_desk.ui.main_window import MainWindow
from maternity_desk.ui.pages import PAGES, titles

SECTIONS = ("## What this page is for", "## The three commonest tasks", "## What the figures mean",
            "## Where the rules come from")


@pytest.fixture
def window(qtbot, demo_store, monkeypatch):
    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())
    w = MainWindow(demo_store)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w._install_shortcuts()
    return w


def test_every_page_has_a_guide_with_the_four_parts():
    guides = {g.topic: g for g in load_guides()}
    for title in titles():
        guide = guides.get(topic_for(title))
        assert guide is not None, f"no resources/help/{topic_for(title)}.md for the {title} page"
        assert guide.title == title
        for section in SECTIONS:
            assert section in guide.text, (title, section)
        tasks_part = guide.text.split(SECTIONS[1])[1].split("##")[0]
        assert [n for n in ("1. ", "2. ", "3. ") if n in tasks_part] == ["1. ", "2. ", "3. "], title


def test_f1_opens_the_guide_of_the_page_in_front(window, qtbot):
    for i, title in enumerate(titles()):
        window.nav.setCurrentRow(i)
        window.stack.currentWidget().setFocus()
        QTest.keyClick(window.stack.currentWidget(), Qt.Key.Key_F1)
        dialog = window.help_dialog
        assert dialog is not None and dialog.isVisible()
        assert dialog.current_topic() == topic_for(title)
        assert title in dialog.browser.toPlainText()
        dialog.hide()


def test_help_menu_guide_and_search(window, qtbot):
    window.act_guide.trigger()
    dialog = window.help_dialog
    assert dialog.isVisible()
    assert dialog.list.count() == len(PAGES)
    QTest.keyClicks(dialog.search, "PMRT")
    topics = [dialog.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.list.count())]
    assert topics and topics[0] == "governance"
    assert "training_fund" not in topics
    assert "mention" in dialog.found.text()
    assert dialog.browser.textCursor().selectedText() == "PMRT"  # the first mention highlighted
    dialog.search.clear()
    QTest.keyClicks(dialog.search, "zzzqqq")
    assert dialog.list.count() == 0 and dialog.found.text() == "No guide mentions \u201czzzqqq\u201d"


def test_matches_needs_every_word():
    guide = next(g for g in load_guides() if g.topic == "training")
    assert matches(guide, "PROMPT compliance") > 0
    assert matches(guide, "PROMPT zzzqqq") == 0
