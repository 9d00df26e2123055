"""The monthly entry grid over data items, driven by the keyboard: typing a figure saves it and
the rates it feeds; paste from Excel; undo puts the database back; completeness markers."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from maternity_desk.store import dashboard as dash
from maternity_desk.store import data_items as di

TODAY = date(2026, 10, 15)


@pytest.fixture
def grid(qtbot, store):
    from maternity_desk.ui.dashboard.item_grid import ItemEntryGrid

    g = ItemEntryGrid(store, TODAY)
    qtbot.addWidget(g)
    g.resize(1200, 600)
    g.show()
    qtbot.waitExposed(g)
    g.activateWindow()
    g.refresh(force=True)
    return g


def _type(qtbot, grid, month, code, text):
    m = grid.model
    index = m.index(m.months.index(month), m.column_of("item", code))
    grid.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is grid.view, timeout=2000)
    grid.view.setCurrentIndex(index)
    qtbot.keyClick(grid.view, text[0])  # typing on a cell opens its editor with that key
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.parent() is grid.view.viewport()
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: grid.view.state() != grid.view.State.EditingState)  # the commit is queued


def test_typing_items_saves_them_and_the_rates_beside(qtbot, grid, store):
    m = grid.model
    assert m.month_status("2026-09") is None  # no figures at all yet: nothing is "missing"
    _type(qtbot, grid, "2026-09", "births", "400")
    assert di.item_values(store) == {("2026-09", "births"): 400}
    _type(qtbot, grid, "2026-09", "stillbirths", "2")
    assert dash.monthly_values(store, "stillbirth") == [("2026-09", 2, 400)]
    rate_col = m.column_of("rate", "stillbirth")
    assert m.data(m.index(m.months.index("2026-09"), rate_col)) == "5.00 per 1,000"
    assert not m.flags(m.index(0, rate_col)) & Qt.ItemFlag.ItemIsEditable
    # months before the unit's first figure are not missing; a month after it without a figure
    # for an item tracked since is, and the marker updates as the user types
    assert m.month_status("2026-08") is None and m.month_status("2026-09") is None
    _type(qtbot, grid, "2026-07", "births", "390")
    assert m.month_status("2026-06") is None and m.month_status("2026-07") is None
    assert m.month_status("2026-08") == "missing" and m.headerData(
        m.months.index("2026-08"), Qt.Orientation.Vertical).endswith("…")
    grid.undo_stack.undo()
    assert m.month_status("2026-08") is None
    # undo (Ctrl+Z) puts the item and the indicator figure back as they were
    grid.view.setFocus()
    qtbot.keyClick(grid.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert di.item_values(store) == {("2026-09", "births"): 400}
    assert dash.monthly_values(store, "stillbirth") == []


def test_paste_block_from_excel_and_undo(qtbot, grid, store):
    m = grid.model
    start = m.index(m.months.index("2026-08"), m.column_of("item", "births"))
    grid.view.setCurrentIndex(start)
    # births, live births across; two months down (the births group's first two items)
    assert m.columns[start.column() + 1].code == "live_births"
    assert grid.paste_text("380\t379\r\n400\t398\r\n")
    assert dash.all_values(store) == {}  # no indicator needs only births and live births
    assert di.item_values(store) == {("2026-08", "births"): 380, ("2026-08", "live_births"): 379,
                                     ("2026-09", "births"): 400, ("2026-09", "live_births"): 398}
    _type(qtbot, grid, "2026-09", "neonatal_deaths", "1")
    assert dash.monthly_values(store, "neonatal_death") == [("2026-09", 1, 398)]
    assert m.month_status("2026-08") is None  # neonatal deaths are tracked from September
    grid.undo_stack.undo()
    grid.undo_stack.undo()
    assert di.item_values(store) == {} and dash.all_values(store) == {}
    grid.undo_stack.redo()
    assert len(di.item_values(store)) == 4


def test_paste_over_a_rate_or_a_bad_figure_refused(qtbot, grid, store, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    m = grid.model
    grid.view.setCurrentIndex(m.index(0, m.column_of("item", "births")))
    assert not grid.paste_text("12\tabc")
    assert "whole number" in warned[-1] and di.item_values(store) == {}


def test_a_worked_out_pair_failing_a_check_marks_the_month(qtbot, grid, store):
    _type(qtbot, grid, "2026-09", "smoking_known_delivery", "20")
    _type(qtbot, grid, "2026-09", "smokers_delivery", "29")
    assert grid.model.month_status("2026-09") == "fail"
    assert "failing a check" in grid.status.text()
    assert dash.monthly_values(store, "smoking_delivery") == []


def test_grid_screenshot_of_the_demo(qtbot, demo_store, tmp_path):
    from maternity_desk.ui.dashboard.item_grid import ItemEntryGrid

    g = ItemEntryGrid(demo_store, TODAY)
    qtbot.addWidget(g)
    g.resize(1400, 600)
    g.show()
    g.refresh(force=True)
    m = g.model
    assert m.rowCount() == 48 and m.flagged_months() == ([], [])
    assert g.grab().save(str(tmp_path / "grid.png"))


def test_conflicts_listed_and_settled_by_keyboard(qtbot, db_path):
    from maternity_desk.store import db as dbmod
    from maternity_desk.store import migrations, open_store
    from maternity_desk.store.migrations import v014_data_items
    from maternity_desk.ui.dashboard.conflicts import ConflictsDialog

    conn, _ = dbmod.connect(db_path)
    old = dbmod.Store(db_path, conn, network=False)
    migrations.migrate(old, target=migrations.modules().index(v014_data_items))
    with old.transaction():
        old.executemany("INSERT INTO indicator_value (month, indicator_code, numerator, denominator)"
                        " VALUES (?, ?, ?, ?)", [("2026-03", "stillbirth", 2, 400), ("2026-03", "preterm", 30, 401)])
    old.close()
    store = open_store(db_path)
    try:
        dlg = ConflictsDialog(store)
        qtbot.addWidget(dlg)
        dlg.show()
        qtbot.waitExposed(dlg)
        assert dlg.table.rowCount() == 1 and dlg.table.item(0, 1).text().startswith("Total births")
        assert "401 (Preterm" in dlg.table.item(0, 2).text()
        assert [dlg.value.itemText(i) for i in range(dlg.value.count())] == ["400", "401"]
        dlg.grab().save(str(db_path.parent / "conflicts.png"))
        dlg.value.setFocus()
        qtbot.keyClick(dlg.value, Qt.Key.Key_Down)  # 401
        dlg.settle.setFocus()
        qtbot.keyClick(dlg.settle, Qt.Key.Key_Space)
        assert dlg.settled == 1 and dlg.table.rowCount() == 0
        assert dash.monthly_values(store, "stillbirth") == [("2026-03", 2, 401)]
        assert di.item_values(store)[("2026-03", "births")] == 401
    finally:
        store.close()
