"""Paths between pages, by keyboard: a compliance cell opens its course's and staff group's
overdue list; the lists filter by staff group."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from maternity_desk.ui.training.page import TrainingPage

TODAY = date(2026, 10, 15)


def test_enter_on_a_compliance_cell_opens_its_overdue_list(qtbot, demo_store):
    page = TrainingPage(demo_store, today=TODAY)
    qtbot.addWidget(page)
    page.show()
    model = page.grid_model
    cell = next(model.index(r, c) for r in range(model.rowCount()) for c in range(model.columnCount())
                if (row := model.row_at(model.index(r, c))) is not None
                and row.course == "PROMPT" and row.staff_group == "midwife")
    page.grid.setFocus()
    page.grid.setCurrentIndex(cell)
    QTest.keyClick(page.grid, Qt.Key.Key_Return)
    assert page.list_course.currentData() == "PROMPT" and page.list_group.currentData() == "midwife"
    assert page.lists.currentIndex() == 0 and page.focusWidget() is page.overdue_view
    shown = [page.overdue_model.rows[page.overdue_proxy.mapToSource(page.overdue_proxy.index(r, 0)).row()]
             for r in range(page.overdue_proxy.rowCount())]
    assert shown and all(s.course == "PROMPT" and s.staff_group == "midwife" for s in shown)
    everyone = page._index.overdue(page.as_at_date())
    assert len(shown) == sum(s.course == "PROMPT" and s.staff_group == "midwife" for s in everyone)


def test_lists_filter_by_staff_group(qtbot, demo_store):
    page = TrainingPage(demo_store, today=TODAY)
    qtbot.addWidget(page)
    everyone = page.overdue_proxy.rowCount()
    page.list_group.setCurrentIndex(page.list_group.findData("midwife"))
    midwives = page.overdue_proxy.rowCount()
    assert 0 < midwives < everyone
    assert all(s.staff_group == "midwife" for s in page.overdue_model.rows)
    assert all(s.staff_group == "midwife" for s in page.due_model.rows)
    assert "Overdue (" in page.lists.tabText(0).replace("&", "")
