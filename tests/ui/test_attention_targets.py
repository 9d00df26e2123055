"""Every "Needs attention" line on Home opens the exact tab and record, by keyboard; an area
whose attention function returns plain strings still opens its page."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from maternity_desk.core.attention import Attention, as_attention
from maternity_desk.ui import home as home_module
from maternity_desk.ui import tasks
from maternity_desk.ui.governance import page as governance_page
from maternity_desk.ui.main_window import MainWindow
from maternity_desk.ui.training import page as training_page
from tests.conftest import DEMO_TODAY


class DemoDate(date):
    """``date`` whose today is the demo's: the pages read the day the demo was built for, so
    these figures hold whatever the calendar says."""

    @classmethod
    def today(cls):
        return DEMO_TODAY


@pytest.fixture
def window(qtbot, demo_store, monkeypatch):
    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())
    for module in (home_module, training_page, governance_page):
        monkeypatch.setattr(module, "date", DemoDate)
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
    page = _press(window, qtbot, "Training below 90%: PROMPT, Obstetric doctor 86.7% (13 of 15 in date")
    assert window.nav.currentItem().text() == "Training"
    assert page.tabs.currentIndex() == 0 and page.lists.currentIndex() == 0
    assert page.list_course.currentData() == "PROMPT" and page.list_group.currentData() == "obstetric_doctor"
    assert page.focusWidget() is page.overdue_view
    # 13 of 15 doctors in date: the two others are the list
    assert page.overdue_proxy.rowCount() == 2
    assert all(s.course == "PROMPT" and s.staff_group == "obstetric_doctor" for s in page.overdue_model.rows)


def test_training_overdue_opens_everyones_overdue_list(window, qtbot):
    page = _press(window, qtbot, "Training below 90%: PROMPT")  # narrowed first, then widened
    page = _press(window, qtbot, "Training overdue: 12 people (4 FM, 11 PROMPT, 2 NLS)")
    assert page.list_course.currentData() is None and page.list_group.currentData() is None
    assert page.lists.currentIndex() == 0 and page.focusWidget() is page.overdue_view
    assert page.overdue_proxy.rowCount() == 4 + 11 + 2  # a row per person and course


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

    sources = home_module.attention_sources()
    monkeypatch.setattr(home_module, "attention_sources", lambda: (*sources, (Plain, "Improvement")))
    _press(window, qtbot, "A line from an area")
    assert window.nav.currentItem().text() == "Improvement"


def test_a_qualifying_case_opens_the_case_on_its_tab(window, qtbot):
    from maternity_desk.store import cases as sc

    lines = sc.attention(window.store, window.page(0).today())
    assert lines, "the demo has a qualifying case with a milestone due"
    reference = lines[0].key
    page = _press(window, qtbot, f"Qualifying case {reference} ")
    assert window.nav.currentItem().text() == "Governance"
    assert page.tabs.tabText(page.tabs.currentIndex()).replace("&", "") == "Qualifying cases"
    tab = page.cases_tab
    chosen = tab.proxy.mapToSource(tab.view.currentIndex()).row()
    assert tab.model.rows()[chosen].reference == reference
    assert page.focusWidget() is tab.view
