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
    names = [r[0] for r in rows[4:]]  # indicators by name: the codes stay inside the program
    assert "Smoking at time of delivery" in names and "Stillbirth rate" in names
    assert not any("_" in cell for r in rows for cell in r if isinstance(cell, str))


def test_benchmarking_funnel(page):
    from maternity_desk.ui.dashboard.page import BENCHMARK

    page.show_tab(BENCHMARK)
    page.bench_indicator.setCurrentIndex(page.bench_indicator.findData("caesarean"))
    assert page.bench_from.currentData() == "2025-10" and page.bench_to.currentData() == "2026-09"
    assert page.funnel_chart.plot.plotItem.listDataItems()
    assert page.peer_combo.count() == 4


# --- opening fast ------------------------------------------------------------------------------

def test_page_builds_lazily_and_skips_needless_reloads(qtbot, demo_store, monkeypatch):
    from maternity_desk.ui.dashboard import page as page_module

    p = page_module.DashboardPage(demo_store, today=TODAY)
    qtbot.addWidget(p)
    # only the indicator list is filled: no chart yet, the other tabs are empty hosts
    assert p._chart is None and p._built == {page_module.INDICATORS}
    assert p.list_model.rowCount() >= 25
    calls = []
    real = dash.summary
    monkeypatch.setattr(dash, "summary", lambda *a, **k: calls.append(a) or real(*a, **k))
    p.refresh()  # the main window refreshes a page it has just built: nothing changed, nothing read
    assert calls == []
    p.resize(1366, 768)
    p.show()
    # made after the first paint, and drawn a turn later
    qtbot.waitUntil(lambda: p._chart is not None and p.chart.view is not None, timeout=3000)
    assert p.chart.view.indicator.code == p.current_code
    p.tabs.setCurrentIndex(page_module.ENTRY)  # built when first shown
    assert page_module.ENTRY in p._built and p.grid.model.rowCount() == 48  # the demo's 48 months
    from maternity_desk.store import data_items

    data_items.set_items(demo_store, [("2026-09", "caesarean_births", 1)])  # written elsewhere
    p.refresh()
    assert len(calls) == 1 and p.grid.model.value("2026-09", ("item", "caesarean_births")) == 1


def test_grid_keeps_its_undo_history_when_nothing_else_changed(grid, store):
    grid.view.setCurrentIndex(_index(grid, "2026-09", "caesarean", 0))
    assert grid.paste_text("130\t375\n")
    grid.refresh()  # e.g. the page shown again: nothing written since the grid's own write
    assert grid.undo_stack.canUndo()
    grid.undo_stack.undo()
    assert dash.monthly_values(store, "caesarean") == []


# --- the grid by keyboard and clipboard --------------------------------------------------------

def _type(qtbot, view, text: str) -> None:
    """Type into the current cell as a user does: the first key opens the editor."""
    qtbot.keyClick(view, text[0])
    editor = view.focusWidget()
    assert editor is not view
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)  # the commit is queued


def test_grid_paste_with_ctrl_v_and_typing_with_the_keyboard(grid, store, qtbot):
    from PySide6.QtWidgets import QApplication

    grid.resize(1200, 600)
    grid.show()
    qtbot.waitExposed(grid)
    view = grid.view
    view.setFocus()
    view.setCurrentIndex(_index(grid, "2026-08", "caesarean", 0))
    QApplication.clipboard().setText("130\t375\r\n120\t370\r\n")  # as Excel copies a block
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert dash.monthly_values(store, "caesarean") == [("2026-08", 130, 375), ("2026-09", 120, 370)]
    # type a pair: the numerator alone is held (incomplete), the pair is saved with its denominator
    view.setCurrentIndex(_index(grid, "2026-09", "induction", 0))
    _type(qtbot, view, "99")
    assert dash.monthly_values(store, "induction") == []
    view.setCurrentIndex(_index(grid, "2026-09", "induction", 1))
    _type(qtbot, view, "370")
    assert dash.monthly_values(store, "induction") == [("2026-09", 99, 370)]
    # a numerator above the denominator is flagged and not saved; Ctrl+Z undoes the last save
    view.setCurrentIndex(_index(grid, "2026-09", "induction", 0))
    _type(qtbot, view, "400")
    assert dash.monthly_values(store, "induction") == [("2026-09", 99, 370)]
    assert grid.model.month_status("2026-09") == "fail" and "failing a check" in grid.status.text()
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # back to 99
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the denominator out
    assert dash.monthly_values(store, "induction") == []


# --- the chart ---------------------------------------------------------------------------------

def test_annotation_labels_never_overlap(page, demo_store, qtbot):
    for month, text in (("2026-05", "New CTG training started on labour ward"),
                        ("2026-06", "Second obstetric theatre opened"),
                        ("2026-07", "Induction guideline revised")):
        dash.add_annotation(demo_store, month, text, "caesarean")
    page.resize(1366, 768)
    page.show()
    page._select_code("caesarean")
    qtbot.waitUntil(lambda: page._chart is not None)
    chart = page.chart
    qtbot.wait(150)  # the labels are laid out again for the plot's final size
    from pyqtgraph import TextItem

    labels = [i for i in chart.plot.plotItem.items if isinstance(i, TextItem) and "…" in i.textItem.toPlainText()
              or isinstance(i, TextItem) and i.textItem.toPlainText().startswith(("Second", "Induction guideline"))]
    assert len(labels) >= 3
    rects = [lab.sceneBoundingRect() for lab in labels]
    assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1:])
    assert len(set(chart.label_rows.values())) >= 2  # a month apart: stacked, not side by side
    # the full text is on hover
    i = [r.month for r in chart.view.rows].index("2026-06")
    assert "note: Second obstetric theatre opened" in chart.describe(i)


def test_an_annotation_near_the_end_keeps_its_label_on_the_plot(page, demo_store, qtbot):
    dash.add_annotation(demo_store, "2026-08", "Quantitative blood loss measurement on every birth", "caesarean")
    page.resize(1366, 768)
    page.show()
    page._select_code("caesarean")
    qtbot.waitUntil(lambda: page._chart is not None)
    qtbot.wait(150)
    from pyqtgraph import TextItem

    chart = page.chart
    label = next(i for i in chart.plot.plotItem.items
                 if isinstance(i, TextItem) and i.textItem.toPlainText().startswith("Quantitative"))
    box = chart.plot.plotItem.vb.sceneBoundingRect()
    rect = label.sceneBoundingRect()
    assert box.left() <= rect.left() and rect.right() <= box.right() + 1
    assert chart.labels_leftward  # it runs left from its line


def test_rebase_controls_by_keyboard(page, demo_store, qtbot):
    page.resize(1366, 768)
    page.show()
    page._select_code("caesarean")
    page.rebase_month.setCurrentIndex(page.rebase_month.findData("2025-01"))
    add = next(b for b in page.findChildren(type(page.remove_rebase_button))
               if b.accessibleName() == "Add rebase point")
    add.setFocus()
    qtbot.keyClick(add, Qt.Key.Key_Space)
    assert dash.spc_setting(demo_store, "caesarean").rebase_months == ("2025-01",)
    assert page.rebase_list.isEnabled() and page.rebase_list.currentText() == "Jan 2025"
    page.remove_rebase_button.setFocus()
    qtbot.keyClick(page.remove_rebase_button, Qt.Key.Key_Space)
    assert dash.spc_setting(demo_store, "caesarean").rebase_months == ()
    audits = demo_store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'spc_setting'")
    assert audits >= 3  # demo baseline + add + remove, each audited


# --- dialogs, completed with the keyboard ------------------------------------------------------

def test_new_indicator_dialog_by_keyboard(qtbot, store):
    from maternity_desk.ui.dashboard.dialogs import IndicatorDialog

    dlg = IndicatorDialog(store, None)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    assert all(w.accessibleName() for w in (dlg.code, dlg.name, dlg.scale, dlg.better, dlg.rag_green))
    dlg.code.setFocus()
    qtbot.keyClicks(dlg.code, "pool_births")
    qtbot.keyClick(dlg.code, Qt.Key.Key_Tab)
    qtbot.keyClicks(dlg.focusWidget(), "Births in water")
    assert dlg.focusWidget() is dlg.name
    with qtbot.waitSignal(dlg.accepted, timeout=2000):
        qtbot.keyClick(dlg.name, Qt.Key.Key_Return)  # OK is the default button
    ind = dash.indicator(store, "pool_births")
    assert (ind.name, ind.source) == ("Births in water", "local")
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'indicator' AND action = 'insert'") == 1


def test_annotation_dialog_by_keyboard(qtbot, demo_store):
    from maternity_desk.ui.dashboard.dialogs import AnnotationsDialog

    months = [r[0] for r in dash.monthly_values(demo_store, "caesarean")]
    dlg = AnnotationsDialog(demo_store, dash.indicator(demo_store, "caesarean"), months)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.text.setFocus()
    qtbot.keyClicks(dlg.text, "Midwife-led unit reopened")
    qtbot.keyClick(dlg.text, Qt.Key.Key_Return)  # Enter in the text adds it, and keeps the dialog open
    assert dlg.isVisible() and dlg.changed
    assert any(a.text == "Midwife-led unit reopened" for a in dash.annotations(demo_store, "caesarean"))
    assert dlg.text.text() == ""


# --- peers from another unit's monthly return ----------------------------------------------------

def test_another_units_return_becomes_peer_data_in_benchmarking(qtbot, demo_store, tmp_path, _demo_template):
    """A return exported from one demo database, imported into another, shows as a peer unit."""
    import shutil

    from maternity_desk.exchange import importing
    from maternity_desk.exchange.returns import export_return
    from maternity_desk.store import open_store
    from maternity_desk.ui.dashboard.page import BENCHMARK, DashboardPage

    other_path = tmp_path / "westbury.sqlite"
    shutil.copy(_demo_template, other_path)
    other = open_store(other_path, backups=False)
    with other.transaction():
        other.save_unit_settings(other.unit_settings()._replace(unit_name="Westbury Maternity Unit",
                                                                  ods_code="RTH"))
        other.execute("UPDATE indicator_value SET numerator = numerator + 20 "
                      "WHERE indicator_code = 'caesarean' AND numerator + 20 <= denominator")
    expected = other.query_one("SELECT sum(numerator), sum(denominator) FROM indicator_value "
                               "WHERE indicator_code = 'caesarean' AND month BETWEEN '2025-10' AND '2026-09'")
    file = export_return(other, "2026-09", tmp_path / "westbury-return.xlsx")
    other.close()

    importing.commit(demo_store, importing.plan_file(demo_store, "return", file), backup=False)
    page = DashboardPage(demo_store, today=TODAY)
    qtbot.addWidget(page)
    page.show_tab(BENCHMARK)
    assert page.peer_combo.findData("Westbury Maternity Unit") >= 0
    page.bench_indicator.setCurrentIndex(page.bench_indicator.findData("caesarean"))
    assert (page.bench_from.currentData(), page.bench_to.currentData()) == ("2025-10", "2026-09")
    westbury = next(r for r in page.bar_chart.shown if r.unit == "Westbury Maternity Unit")
    assert (westbury.numerator, westbury.denominator) == tuple(expected)
    assert any(p.unit == "Westbury Maternity Unit" for p in page.funnel_chart.points)
    assert "exact binomial" in page.funnel_chart.plot.plotItem.titleLabel.text  # as the national page
    from maternity_desk.core.funnel import FUNNEL_Z, funnel_limits

    points = page.funnel_chart.points
    centre = sum(p.numerator for p in points) / sum(p.denominator for p in points)  # pooled
    for p in points:  # each unit placed against the exact limits for its own denominator
        lo, hi = funnel_limits(centre, p.denominator, z=FUNNEL_Z["99.8%"], method="binomial")
        assert p.outside_998 == (not lo <= p.numerator / p.denominator <= hi)
    # hovering names the unit
    i = page.bar_chart.shown.index(westbury)
    assert page.bar_chart.describe_at(float(i), 0.0).startswith(f"#{i + 1} Westbury Maternity Unit")


def test_delete_the_units_own_indicator(page, demo_store, monkeypatch, qtbot):
    import json

    from maternity_desk.core.dashboard import Indicator

    dash.save_indicator(demo_store, Indicator("pool_births", "Births in water", "percent", group="intrapartum"),
                        new=True)
    dash.set_values(demo_store, [("2026-08", "pool_births", 40, 380), ("2026-09", "pool_births", 44, 371)])
    dash.add_annotation(demo_store, "2026-09", "New pool opened", "pool_births")
    page.refresh()
    page._select_code("caesarean")
    assert not page.delete_indicator_button.isEnabled()  # national indicators stay
    page._select_code("pool_births")
    assert page.delete_indicator_button.isEnabled()
    asked = []

    def answer(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.Cancel if len(asked) == 1 else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    qtbot.mouseClick(page.delete_indicator_button, Qt.MouseButton.LeftButton)
    assert "Births in water" in asked[0] and "2 monthly values" in asked[0]
    assert dash.find_indicator(demo_store, "pool_births") is not None  # Cancel kept it
    with qtbot.waitSignal(page.data_changed, timeout=2000):
        qtbot.mouseClick(page.delete_indicator_button, Qt.MouseButton.LeftButton)
    assert dash.find_indicator(demo_store, "pool_births") is None
    assert "pool_births" not in [page.list_model.row(r)[0].code for r in range(page.list_model.rowCount())]
    assert demo_store.scalar("SELECT count(*) FROM indicator_annotation WHERE indicator_code = 'pool_births'") == 0
    kept = demo_store.scalar("SELECT before_json FROM audit_log WHERE table_name = 'indicator_value' "
                             "AND action = 'delete' AND row_key = 'pool_births'")
    assert json.loads(kept) == {"2026-08": [40, 380], "2026-09": [44, 371]}
