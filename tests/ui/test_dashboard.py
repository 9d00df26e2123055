"""The dashboard page and its entry grid, driven with pytest-qt."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox

from maternity_desk.store import dashboard as dash

TODAY = date(2026, 10, 15)


@pytest.fixture
def grid(qtbot, store):
    from maternity_desk.ui.dashboard.grid import EntryGrid

    g = EntryGrid(store, TODAY)
    qtbot.addWidget(g)
    g.refresh()
    return g


def _index(grid, month, code, field):
    m = grid.model
    row = m.months.index(month)
    col = 2 * [i.code for i in m.indicators].index(code) + field
    return m.index(row, col)


def test_grid_shape(grid):
    m = grid.model
    assert m.months[-1] == "2026-09"  # the last complete month; no future rows
    assert len(m.months) == 36
    assert m.columnCount() == 2 * len(m.indicators)
    assert "numerator" in m.headerData(0, Qt.Orientation.Horizontal)


def test_paste_block_saves_audits_and_undoes(grid, store):
    grid.view.setCurrentIndex(_index(grid, "2026-08", "caesarean", 0))
    audits = store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'indicator_value'")
    assert grid.paste_text("130\t375\r\n\"1,20\"\t370\r\n") is True
    # "1,20" is read as 120 (thousands separators are dropped)
    assert dash.monthly_values(store, "caesarean") == [("2026-08", 130, 375), ("2026-09", 120, 370)]
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'indicator_value'") == audits + 1
    grid.undo_stack.undo()
    assert dash.monthly_values(store, "caesarean") == []
    grid.undo_stack.redo()
    assert dash.monthly_values(store, "caesarean") == [("2026-08", 130, 375), ("2026-09", 120, 370)]


def test_paste_refused_whole(grid, store, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    grid.view.setCurrentIndex(_index(grid, "2026-08", "caesarean", 0))
    assert grid.paste_text("130\t375\n12x\t-3\n") is False
    assert "Nothing was pasted" in shown[0] and "12x" in shown[0] and "negative" in shown[0]
    assert dash.monthly_values(store, "caesarean") == []
    grid.view.setCurrentIndex(_index(grid, "2026-09", "caesarean", 0))
    assert grid.paste_text("1\t2\n3\t4\n") is False  # runs off the bottom of the grid
    assert "does not fit" in shown[1]


def test_validation_as_you_type(grid, store, qtbot):
    m = grid.model
    num = _index(grid, "2026-09", "caesarean", 0)
    den = _index(grid, "2026-09", "caesarean", 1)
    with qtbot.waitSignal(m.rejected, timeout=1000) as sig:
        assert m.setData(num, "abc") is False
    assert "whole number" in sig.args[0]
    assert m.setData(num, "400")
    assert dash.monthly_values(store, "caesarean") == []  # incomplete: not saved
    assert m.month_status("2026-09") == "fail"
    assert m.setData(den, "375")  # 400 > 375: fails, flagged, not saved
    assert dash.monthly_values(store, "caesarean") == []
    assert "more than the denominator" in m.data(num, Qt.ItemDataRole.ToolTipRole)
    assert m.data(num, Qt.ItemDataRole.BackgroundRole) is not None
    assert "failing a check" in grid.status.text()
    with qtbot.waitSignal(grid.data_changed, timeout=1000):
        assert m.setData(num, "130")
    assert dash.monthly_values(store, "caesarean") == [("2026-09", 130, 375)]
    assert m.month_status("2026-09") is None  # the only indicator in use is complete
    assert m.month_status("2026-08") == "missing"  # no figures at all


def test_ratio_allows_numerator_above_denominator(grid, store):
    m = grid.model
    m.setData(_index(grid, "2026-09", "midwife_birth_ratio", 0), "4480")
    m.setData(_index(grid, "2026-09", "midwife_birth_ratio", 1), "160")
    assert dash.monthly_values(store, "midwife_birth_ratio") == [("2026-09", 4480, 160)]


def test_delegate_turns_red(grid, qtbot):
    from maternity_desk.ui.dashboard.grid import CountDelegate

    editor = QLineEdit()
    qtbot.addWidget(editor)
    CountDelegate._check(editor, "-4")
    assert "f8c9c9" in editor.styleSheet()
    CountDelegate._check(editor, "12")
    assert editor.styleSheet() == ""


def test_clear_cells_deletes_pair(grid, store):
    dash.set_values(store, [("2026-09", "caesarean", 130, 375)])
    grid.refresh()
    sel = grid.view.selectionModel()
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    a, b = _index(grid, "2026-09", "caesarean", 0), _index(grid, "2026-09", "caesarean", 1)
    sel.select(QItemSelection(a, b), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    grid.clear_selection()
    assert dash.monthly_values(store, "caesarean") == []
    grid.undo_stack.undo()
    assert dash.monthly_values(store, "caesarean") == [("2026-09", 130, 375)]


@pytest.fixture
def page(qtbot, demo_store):
    from maternity_desk.ui.dashboard.page import DashboardPage

    p = DashboardPage(demo_store, today=TODAY)
    qtbot.addWidget(p)
    return p


def test_page_lists_indicators_with_icons(page):
    m = page.list_model
    assert m.rowCount() >= 25
    codes = [m.row(r)[0].code for r in range(m.rowCount())]
    smoking = m.row(codes.index("smoking_delivery"))[1]
    assert smoking.variation == "improvement" and smoking.side == "low"
    idx = m.index(codes.index("smoking_delivery"), m.VARIATION)
    assert not m.data(idx, Qt.ItemDataRole.DecorationRole).isNull()
    assert "improvement" in m.data(idx, Qt.ItemDataRole.ToolTipRole)


def test_chart_hover_and_png(page, tmp_path, monkeypatch):
    page._select_code("smoking_delivery")
    assert page.current_code == "smoking_delivery"
    view = page.chart.view
    last = view.rows[-1]
    text = page.chart.describe(len(view.rows) - 1)
    assert text.startswith("Sep 2026") and f"{last.numerator:,} / {last.denominator:,}" in text
    out = tmp_path / "chart.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    page._export_png()
    assert out.stat().st_size > 1000


def test_spc_controls_saved(page, demo_store):
    page._select_code("caesarean")
    page.baseline_spin.setValue(12)
    assert dash.spc_setting(demo_store, "caesarean").baseline == 12
    page.rebase_month.setCurrentIndex(page.rebase_month.findData("2025-01"))
    page._add_rebase()
    assert dash.spc_setting(demo_store, "caesarean").rebase_months == ("2025-01",)
    assert page.chart.view.rebase_months == ("2025-01",)
    assert page.rebase_list.currentText() == "Jan 2025"
    page._remove_rebase()
    assert page.rebase_list.currentText() == "none" and not page.remove_rebase_button.isEnabled()
    assert dash.spc_setting(demo_store, "caesarean").rebase_months == ()
    page.chart_combo.setCurrentIndex(page.chart_combo.findData("p"))
    assert page.chart.view.chart == "p"


def test_summary_export(page, tmp_path, monkeypatch):
    from python_calamine import CalamineWorkbook

    from maternity_desk.ui.dashboard.page import SUMMARY

    page.show_tab(SUMMARY)
    assert page.summary_model.rowCount() == len(page.summary_rows) >= 25
    out = tmp_path / "summary.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    page._export_summary()
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Summary").to_python()
    codes = [r[1] for r in rows[4:]]
    assert "smoking_delivery" in codes and "stillbirth" in codes


def test_benchmarking_funnel(page):
    from maternity_desk.ui.dashboard.page import BENCHMARK

    page.show_tab(BENCHMARK)
    page.bench_indicator.setCurrentIndex(page.bench_indicator.findData("caesarean"))
    assert page.bench_from.currentData() == "2025-10" and page.bench_to.currentData() == "2026-09"
    assert page.funnel_chart.plot.plotItem.listDataItems()
    assert page.peer_combo.count() == 4
