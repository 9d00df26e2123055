"""The Board report page by keyboard: the monthly figures and incident grids (typed values,
paste from Excel, checks, undo), the external item dialog with typed dates, notes, the
measures the unit records; Home's one-minute view; the export button on the Monthly return
page."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from maternity_desk.store import board as sb

TODAY = date(2026, 10, 15)


@pytest.fixture
def sync_tasks(monkeypatch):
    from maternity_desk.ui import tasks

    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())


@pytest.fixture
def page(store, qtbot):
    from maternity_desk.ui.board.page import BoardPage

    w = BoardPage(store, today=TODAY)
    qtbot.addWidget(w)
    w.resize(1200, 700)
    w.show()
    qtbot.waitExposed(w)
    return w


def _cell(grid, row, col):
    m = grid.model
    return m.index(m.rows.index(row), m.cols.index(col))


def _type(qtbot, view, text: str) -> None:
    """Type into the current cell as a user does: the first key opens the editor."""
    qtbot.keyClick(view, text[0])
    editor = view.focusWidget()
    assert editor is not view
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)


def test_page_is_listed_with_its_help():
    from maternity_desk.paths import resource
    from maternity_desk.ui import pages
    from maternity_desk.ui.board.page import BoardPage

    assert pages.page_class(pages.titles().index("Board report")) is BoardPage
    assert resource("help/board_report.md").is_file()


def test_figures_typed_checked_and_undone(page, store, qtbot):
    grid, view = page.figures, page.figures.view
    assert grid.model.rows[-1] == "2026-09" and len(grid.model.rows) == 24  # no future month
    view.setFocus()
    view.setCurrentIndex(_cell(grid, "2026-09", "one_to_one"))
    assert "One-to-one care in established labour" in grid.definition.text()
    assert "Not verified" in grid.definition.text()
    _type(qtbot, view, "97.5")
    assert sb.values(store) == {("2026-09", "one_to_one"): 97.5}
    _type(qtbot, view, "120")  # over 100%: refused, the figure kept
    assert "over 100%" in grid.status.text() and sb.values(store)[("2026-09", "one_to_one")] == 97.5
    view.setCurrentIndex(_cell(grid, "2026-09", "rota_gaps"))
    _type(qtbot, view, "-3")
    assert "negative" in grid.status.text() and ("2026-09", "rota_gaps") not in sb.values(store)
    view.setCurrentIndex(_cell(grid, "2026-09", "midwife_hours_planned"))
    _type(qtbot, view, "100")
    view.setCurrentIndex(_cell(grid, "2026-09", "midwife_hours_actual"))
    _type(qtbot, view, "301")
    assert "more than 3 times the planned" in grid.status.text()
    assert ("2026-09", "midwife_hours_actual") not in sb.values(store)
    _type(qtbot, view, "95")
    assert sb.values(store)[("2026-09", "midwife_hours_actual")] == 95.0
    audits = store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'board_value'")
    assert audits == 3
    page.refresh()  # the page shown again with nothing else written: the undo history stays
    assert grid.undo_stack.count() == 3
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ("2026-09", "midwife_hours_actual") not in sb.values(store)
    qtbot.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert sb.values(store)[("2026-09", "midwife_hours_actual")] == 95.0
    view.setCurrentIndex(_cell(grid, "2026-09", "one_to_one"))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert ("2026-09", "one_to_one") not in sb.values(store)


def test_figures_pasted_from_excel(page, store, qtbot, messages):
    grid, view = page.figures, page.figures.view
    view.setFocus()
    view.setCurrentIndex(_cell(grid, "2026-08", "midwife_hours_planned"))
    QApplication.clipboard().setText("20,000\t19000\t99.1%\r\n20100\t19500\t98\r\n")  # as Excel copies
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert sb.values(store) == {
        ("2026-08", "midwife_hours_planned"): 20000.0, ("2026-08", "midwife_hours_actual"): 19000.0,
        ("2026-08", "one_to_one"): 99.1, ("2026-09", "midwife_hours_planned"): 20100.0,
        ("2026-09", "midwife_hours_actual"): 19500.0, ("2026-09", "one_to_one"): 98.0}
    view.setCurrentIndex(_cell(grid, "2026-07", "midwife_hours_planned"))
    assert grid.paste_text("100\t400\t99\n") is False  # actual over 3x planned: nothing pasted
    assert grid.paste_text("100\t200\t101\n") is False  # over 100%
    assert "3 times" in messages[0] and "over 100%" in messages[1]
    assert not any(m == "2026-07" for m, _c in sb.values(store))
    grid.undo_stack.undo()
    assert sb.values(store) == {}


def test_incident_counts_by_keyboard(page, store, qtbot):
    page.tabs.setCurrentIndex(1)
    page.incident_month.setCurrentIndex(page.incident_month.findData("2026-08"))
    grid, view = page.incidents, page.incidents.view
    view.setFocus()
    view.setCurrentIndex(_cell(grid, "Postpartum haemorrhage", "moderate"))
    _type(qtbot, view, "2")
    view.setCurrentIndex(_cell(grid, "Postpartum haemorrhage", "death"))
    _type(qtbot, view, "1.5")
    assert "not a whole number" in grid.status.text()
    assert sb.incidents(store) == {("2026-08", "Postpartum haemorrhage", "moderate"): 2}


def test_external_item_dialog_by_keyboard(page, store, qtbot):
    from maternity_desk.ui.board.dialogs import ExternalDialog
    from tests.ui.keyboard import shown

    page.tabs.setCurrentIndex(2)
    page.add_external.click()
    dlg = shown(qtbot, page, ExternalDialog)
    dlg.kind.setFocus()
    dlg.kind.setCurrentIndex(dlg.kind.findData("regulation_28"))
    for box, text in ((dlg.received.edit, "03/09/2026"), (dlg.due.edit, "29/10/2026")):
        box.setFocus()
        box.selectAll()
        qtbot.keyClicks(box, text)
        qtbot.keyClick(box, Qt.Key.Key_Tab)
    qtbot.keyClicks(dlg.source, "HM Coroner")
    dlg.summary.setFocus()
    qtbot.keyClicks(dlg.summary, "Prevention of future deaths: CTG escalation")
    qtbot.keyClicks(dlg.owner, "Medical director")
    dlg.decision.setFocus()
    qtbot.keyClick(dlg.decision, Qt.Key.Key_Space)
    dlg.buttons.button(dlg.buttons.StandardButton.Ok).click()
    [item] = sb.externals(store)
    assert (item.kind, item.received, item.response_due, item.source, item.owner, item.for_decision) == (
        "regulation_28", date(2026, 9, 3), date(2026, 10, 29), "HM Coroner", "Medical director", True)
    assert page.external_model.rowCount() == 1
    assert page.external_model.index(0, 7).data() == "Open"


def test_notes_and_measures(page, store, qtbot):
    page.tabs.setCurrentIndex(3)
    page.note_month.setCurrentIndex(page.note_month.findData("2026-09"))
    page.note_text.setFocus()
    qtbot.keyClicks(page.note_text, "Partners asked to stay overnight")
    qtbot.keyClick(page.note_text, Qt.Key.Key_Return)
    assert [n[2:] for n in sb.notes(store)] == [("mnvp_theme", "Partners asked to stay overnight")]
    assert page.notes.count() == 1
    sb.set_recorded(store, ["one_to_one", "fft_score"])
    page.refresh()
    assert page.figures.model.cols == ["one_to_one", "fft_score"]


def test_home_one_minute_view(demo_store, qtbot, sync_tasks):
    from maternity_desk.ui.home import HomePage

    home = HomePage(demo_store, today=TODAY)
    qtbot.addWidget(home)
    home.show()
    qtbot.waitUntil(lambda: home.month_view.count() > 0)
    lines = [home.month_view.item(i) for i in range(home.month_view.count())]
    texts = [i.text() for i in lines]
    assert home.month_box.title() == "This month: Sep 2026"
    assert any(t.startswith("Midwifery fill rate: ") and "(last month " in t for t in texts)
    assert any(t.startswith("Incidents in Sep 2026: ") for t in texts)
    signals = [i for i in lines if i.data(Qt.ItemDataRole.UserRole) == "Dashboard"]
    assert signals and all(not i.icon().isNull() for i in signals)
    due = [t for t in texts if t.startswith("Due ")]
    assert due  # the demo's response due within 14 days
    with qtbot.waitSignal(home.open_page) as opened:
        home._open_attention_item(next(i for i in lines if i.text().startswith("Midwifery fill rate")))
    assert opened.args == ["Board report"]
    attention = [home.attention.item(i).text() for i in range(home.attention.count())]
    assert any(t.startswith("Responses overdue to reports or concerns from outside: ") for t in attention)
    assert any(t.startswith("Submission not yet made") for t in attention)  # the other areas' lines kept


def test_home_for_a_new_unit_shows_its_first_steps(store, qtbot, sync_tasks):
    from maternity_desk.ui.home import HomePage

    home = HomePage(store, today=TODAY)
    qtbot.addWidget(home)
    home.show()
    qtbot.waitUntil(lambda: home.attention.count() > 0)
    assert home.steps_box.isVisible() and not home.month_box.isVisible()


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx"])
def test_monthly_return_page_exports_the_board_report(demo_store, qtbot, sync_tasks, tmp_path, monkeypatch,
                                                      suffix):
    from PySide6.QtWidgets import QFileDialog

    from maternity_desk.ui.returns.page import ReturnsPage

    page = ReturnsPage(demo_store, today=TODAY)
    qtbot.addWidget(page)
    page.open_after.setChecked(False)
    target = tmp_path / f"board{suffix}"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(page.exported, timeout=30000):
        page.export_board.click()
    assert target.read_bytes()[:4] in (b"%PDF", b"PK\x03\x04")
    assert "Written to" in page.status.text()


def test_import_wizard_maps_an_incident_systems_columns(page, store, qtbot, tmp_path, sync_tasks):
    from PySide6.QtWidgets import QWizard

    f = tmp_path / "datix.csv"
    f.write_text("Period,Subcategory,Outcome grading,Number\nSep 2026,Medication,Moderate,2\n", encoding="utf-8")
    page.tabs.setCurrentIndex(1)
    w = page._import("incidents")
    w.set_file(f)
    w.next()
    combos = w.map_page.combos
    for name, header in (("month", "Period"), ("category", "Subcategory"), ("harm", "Outcome grading"),
                         ("count", "Number")):
        combos[name].setCurrentIndex(combos[name].findData(header))
    w.next()
    assert w.check_page.plan is not None, w.check_page.details.toPlainText()
    with qtbot.waitSignal(w.imported, timeout=5000):
        w.button(QWizard.WizardButton.FinishButton).click()
    assert sb.incidents(store) == {("2026-09", "Medication", "moderate"): 2}
    page.incident_month.setCurrentIndex(page.incident_month.findData("2026-09"))
    assert page.incidents.model.values[("Medication", "moderate")] == 2


def test_mnemonics_are_unique_on_each_tab(page):
    from PySide6.QtWidgets import QAbstractButton, QLabel

    def keys(widget):
        out = [lab.text()[lab.text().index("&") + 1].lower() for lab in widget.findChildren(QLabel)
               if "&" in lab.text() and lab.buddy() is not None]
        return out + [b.text()[b.text().index("&") + 1].lower() for b in widget.findChildren(QAbstractButton)
                      if "&" in b.text() and b.isVisibleTo(page)]

    tabs = [page.tabs.tabText(i)[page.tabs.tabText(i).index("&") + 1].lower() for i in range(page.tabs.count())]
    tabs.append(page.export_button.text()[page.export_button.text().index("&") + 1].lower())  # above the tabs
    for i in range(page.tabs.count()):
        page.tabs.setCurrentIndex(i)
        seen = tabs + keys(page.tabs.widget(i))
        assert len(seen) == len(set(seen)), (page.tabs.tabText(i), seen)
        assert not set(seen) & {"f", "g", "h"}  # the menu bar's


def test_export_button_leads_to_the_monthly_return_export(demo_store, qtbot, monkeypatch):
    """Alt+P on the Board report page opens the Monthly return page and starts its board-report
    export (for the month chosen there)."""
    from maternity_desk.ui.main_window import MainWindow
    from maternity_desk.ui.returns.page import ReturnsPage

    asked = []
    monkeypatch.setattr(ReturnsPage, "_export_board", lambda self: asked.append(self.chosen_month))
    w = MainWindow(demo_store)
    qtbot.addWidget(w)
    w.show()
    w.go_to("Board report")
    board = w.stack.currentWidget()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=2000)
    board.tabs.setFocus()  # the tab bar, not the figures grid (which takes typed keys)
    qtbot.keyClick(board.tabs, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(asked), timeout=3000)  # a mnemonic clicks, animated
    assert w.nav.currentItem().text() == "Monthly return"
    assert asked == [w.stack.currentWidget().chosen_month] and asked[0]
