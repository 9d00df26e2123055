"""Every "Needs attention" line on Home opens the exact tab and record, by keyboard; an area
whose attention function returns plain strings still opens its page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from maternity_desk.core.attention import Attention, as_attention
from maternity_desk.ui import home as home_module
from maternity_desk.ui import tasks
from maternity_desk.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, demo_store, monkeypatch):
    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())
    w = MainWindow(demo_store)
    qtbot.addWidget(w)
    w.show()
    return w


def _press(window, qtbot, start: str):
    home = window.page(0)
    window.nav.setCurrentRow(0)
    home._fill_attention()
    item = next(home.attention.item(i) for i in range(home.attention.count())
                if home.attention.item(i).text().startswith(start))
    home.attention.setFocus()
    home.attention.setCurrentItem(item)
    qtbot.keyClick(home.attention, Qt.Key.Key_Return)
    return window.stack.currentWidget()


def test_attention_lines_are_text_with_a_target():
    line = Attention("Training overdue: 2 people", tab="overdue")
    assert line == "Training overdue: 2 people" and line.startswith("Training")  # still a string
    assert as_attention(line, "Training").page == "Training" and as_attention(line, "Training").tab == "overdue"
    plain = as_attention("Something else", "Governance")
    assert (plain.text, plain.page, plain.tab, plain.key) == ("Something else", "Governance", None, None)


def test_a_course_below_green_opens_its_groups_overdue_list(window, qtbot):
    page = _press(window, qtbot, "Training below 90%: PROMPT, Obstetric consultant")
    assert window.nav.currentItem().text() == "Training"
    assert page.tabs.currentIndex() == 0 and page.lists.currentIndex() == 0
    assert page.list_course.currentData() == "PROMPT" and page.list_group.currentData() == "obstetric_consultant"
    assert page.focusWidget() is page.overdue_view
    # 8 of 10 consultants in date: the two others are the list
    assert page.overdue_proxy.rowCount() == 2
    assert all(s.course == "PROMPT" and s.staff_group == "obstetric_consultant" for s in page.overdue_model.rows)


def test_training_overdue_opens_everyones_overdue_list(window, qtbot):
    page = _press(window, qtbot, "Training below 90%: NLS")  # narrowed first, then widened
    page = _press(window, qtbot, "Training overdue:")
    assert page.list_course.currentData() is None and page.list_group.currentData() is None
    assert page.lists.currentIndex() == 0 and page.focusWidget() is page.overdue_view
    assert page.overdue_proxy.rowCount() == 13 + 19 + 10  # (13 FM, 19 PROMPT, 10 NLS)


def test_a_missing_submission_opens_its_dataset_on_the_submissions_tab(window, qtbot):
    page = _press(window, qtbot, "Submission not yet made: MBRRACE-UK perinatal death notification, PMR-2026-020")
    assert window.nav.currentItem().text() == "Governance"
    assert page.tabs.tabText(page.tabs.currentIndex()).replace("&", "") == "Submissions"
    assert page.sub_filter.currentData() == "MBRRACE"
    chosen = page.sub_proxy.mapToSource(page.sub_view.currentIndex()).row()
    record = page.sub_model.rows()[chosen]
    assert (record.dataset, record.period, record.submitted_date) == ("MBRRACE", "PMR-2026-020", None)
    assert page.focusWidget() is page.sub_view


def test_overdue_governance_items_open_the_overdue_tab(window, qtbot):
    page = _press(window, qtbot, "Overdue governance items")
    assert page.tabs.tabText(page.tabs.currentIndex()).replace("&", "") == "Overdue"
    assert page.focusWidget() is page.overdue_view


def test_a_plain_string_line_still_opens_its_page(window, qtbot, monkeypatch):
    class Plain:
        __name__ = "plain"

        @staticmethod
        def attention(store, today):
            return ["A line from an area that returns plain text"]

    monkeypatch.setattr(home_module, "_ATTENTION", (*home_module._ATTENTION, (Plain, "Improvement")))
    _press(window, qtbot, "A line from an area")
    assert window.nav.currentItem().text() == "Improvement"
