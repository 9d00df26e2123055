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


def test_the_list_in_front_exports_to_excel_as_shown(qtbot, demo_store, tmp_path, monkeypatch):
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QMessageBox
    from python_calamine import CalamineWorkbook

    from maternity_desk.ui import tasks
    from maternity_desk.ui.training import list_export

    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    target = tmp_path / "overdue.xlsx"
    monkeypatch.setattr(list_export, "ask_save_path", lambda *a, **k: str(target))
    page = TrainingPage(demo_store, today=TODAY)
    qtbot.addWidget(page)
    page.show()
    page.list_course.setCurrentIndex(page.list_course.findData("PROMPT"))
    page.list_group.setCurrentIndex(page.list_group.findData("obstetric_consultant"))
    page.lists.setCurrentIndex(0)
    page.export_list_button.setFocus()
    QTest.keyClick(page.export_list_button, Qt.Key.Key_Space)
    rows = CalamineWorkbook.from_path(str(target)).get_sheet_by_name("Overdue training").to_python()
    assert rows[1][0] == "As at 15/10/2026: PROMPT, Obstetric consultant; 1 line."
    head, body = rows[3], [r for r in rows[4:] if r[0]]
    assert head == ["Course", "Course name", "Name", "Staff number", "Staff group", "Expired", "Last attended"]
    # 9 of the 10 consultants are in date on PROMPT on 15/10/2026 (the grid's cell): the tenth
    assert len(body) == 1 and {r[4] for r in body} == {"Obstetric consultant"} and {r[0] for r in body} == {"PROMPT"}
    shown = {page.overdue_model.rows[page.overdue_proxy.mapToSource(page.overdue_proxy.index(r, 0)).row()].name
             for r in range(page.overdue_proxy.rowCount())}
    assert {r[2] for r in body} == shown
    ws = load_workbook(target).active  # print settings, read back by a second reader
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$4:$4" and "Page &P of &N" in ws.oddFooter.right.text
    assert "Ashmoor" in ws.oddFooter.left.text and ws.oddFooter.center.text == "As at 15/10/2026"


def test_the_compliance_grid_keeps_its_courses_in_view_when_scrolled(qtbot, demo_store):
    """At 150% the grid is wider than its room: the course names are its pinned first column
    (the row headings), so they stay put while the staff groups scroll."""
    page = TrainingPage(demo_store, today=TODAY)
    qtbot.addWidget(page)
    page.resize(640, 480)  # about the page's room on a 1366x768 screen at 150%
    page.show()
    bar = page.grid.horizontalScrollBar()
    assert bar.maximum() > 0  # it does scroll
    bar.setValue(bar.maximum())
    header = page.grid.verticalHeader()
    assert header.isVisible()
    courses = [page.grid_model.headerData(r, Qt.Orientation.Vertical) for r in range(page.grid_model.rowCount())]
    assert courses == ["FM", "PROMPT", "NLS"]
    assert header.mapTo(page.grid, header.rect().topLeft()).x() <= page.grid.frameWidth()  # still at the left
    assert page.grid.columnViewportPosition(0) < 0  # the first group has scrolled away under it
