"""The search box: Ctrl+K, results as you type grouped by kind, Enter opens the record."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from maternity_desk.core.search import KIND_LABELS
from maternity_desk.ui import tasks
from maternity_desk.ui.main_window import MainWindow
from maternity_desk.ui.search import KIND_PAGES


@pytest.fixture
def window(qtbot, demo_store, monkeypatch):
    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())
    w = MainWindow(demo_store)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w._install_shortcuts()
    return w


def current_title(window) -> str:
    return window.page_titles()[window.stack.currentIndex()]


def test_ctrl_k_types_into_the_search_box_and_results_are_grouped(window, qtbot):
    QTest.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    box = window.search_box
    assert box.hasFocus()
    QTest.keyClicks(box, "bereavement")
    qtbot.waitUntil(lambda: box.results.isVisible())
    heads = [box.results.topLevelItem(i).text(0) for i in range(box.results.topLevelItemCount())]
    assert "Champions' meeting actions" in heads and "Perinatal review actions" in heads
    assert heads == sorted(heads, key=list(KIND_LABELS.values()).index)
    assert box.results.currentItem() is box.hit_items()[0]
    assert box.results.geometry().right() <= window.width()


def test_down_and_enter_open_the_record_on_its_page(window, qtbot):
    box = window.search_box
    window.focus_search()
    QTest.keyClicks(box, "PROMPT")
    qtbot.waitUntil(lambda: box.results.isVisible())
    first = box.hit_items()[0].data(0, Qt.ItemDataRole.UserRole + 1)
    assert first[0] == "course"
    QTest.keyClick(box, Qt.Key.Key_Down)  # the first session
    kind, key = box.results.currentItem().data(0, Qt.ItemDataRole.UserRole + 1)
    assert kind == "session"
    QTest.keyClick(box, Qt.Key.Key_Return)
    assert not box.results.isVisible()
    assert current_title(window) == "Training"
    page = window.stack.currentWidget()
    assert page.tabs.currentIndex() == 2
    assert str(page.selected_session_id()) == key


def test_a_staff_member_opens_in_the_register_even_when_filtered_out(window, qtbot):
    training = window.page(window.page_titles().index("Training"))
    training.staff_search.setText("nobody at all")
    number = window.store.scalar("SELECT staff_number FROM staff ORDER BY name LIMIT 1")
    assert window.open_record("staff", number)
    assert current_title(window) == "Training"
    assert training.selected_member().staff_number == number


def test_every_kind_opens_its_record(window):
    assert set(KIND_PAGES) == set(KIND_LABELS), "every searchable kind needs a page"
    for kind in KIND_LABELS:
        key = window.store.scalar("SELECT record_key FROM search_index WHERE kind = ? ORDER BY rowid DESC LIMIT 1",
                                  (kind,))
        assert key is not None, f"the demo unit has no {kind}"
        assert window.open_record(kind, key), kind
        assert current_title(window) == KIND_PAGES[kind]


def test_escape_hides_then_clears_and_nothing_found_says_so(window, qtbot):
    box = window.search_box
    window.focus_search()
    QTest.keyClicks(box, "qqqzzz")
    qtbot.waitUntil(lambda: box.results.isVisible())
    assert box.results.topLevelItem(0).text(0) == "Nothing matches \u201cqqqzzz\u201d"
    QTest.keyClick(box, Qt.Key.Key_Return)  # nothing to open: nothing happens
    assert current_title(window) == "Home"
    QTest.keyClick(box, Qt.Key.Key_Escape)
    assert not box.results.isVisible() and box.text() == "qqqzzz"
    QTest.keyClick(box, Qt.Key.Key_Escape)
    assert box.text() == ""


def test_a_new_record_is_found_at_once(window, qtbot):
    from datetime import date

    from maternity_desk.core.training import StaffMember
    from maternity_desk.store import training as st

    with window.store.transaction():
        st.save_staff(window.store, StaffMember("87654321", "Philippa Quenby", "midwife", date(2024, 1, 1)), new=True)
    box = window.search_box
    window.focus_search()
    QTest.keyClicks(box, "quenby")
    QTest.keyClick(box, Qt.Key.Key_Enter)
    assert window.page(window.page_titles().index("Training")).selected_member().staff_number == "87654321"
