"""The Incentive scheme page by keyboard: choose an action and a requirement, record its
owner, evidence and approval (typing the date), change the as-at date and see the figures
worked out again, export the workbook and the PDF."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from maternity_desk.core import governance as g
from maternity_desk.core.training import StaffMember
from maternity_desk.store import governance as sg
from maternity_desk.store import mis as sm
from maternity_desk.store import training as st
from maternity_desk.ui import tasks
from maternity_desk.ui.mis import dialogs as md
from tests.ui.keyboard import alt, focused, shown, tab

TODAY = date(2025, 6, 1)


@pytest.fixture
def page(qtbot, store, monkeypatch):
    from maternity_desk.ui.mis.page import MisPage

    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())
    st.save_staff(store, StaffMember("S100", "Alex Lead", "midwife", date(2020, 1, 1)), new=True)
    # died Thu 17 Apr 2025: due Wed 30 Apr (Easter skipped); reported on time
    sg.save_review(store, g.ReviewCase(None, "R1", "stillbirth", 270, date(2025, 4, 17), reported=date(2025, 4, 30)))
    p = MisPage(store, today=TODAY)
    qtbot.addWidget(p)
    p.resize(1366, 768)
    p.show()
    qtbot.waitExposed(p)
    return p


def test_record_a_requirement_by_keyboard(qtbot, page, store, messages):
    assert page.year.currentText() == "2025/26"
    assert "Board declaration due 03/03/2026 (275 days left)" in page.summary.text()
    assert "Not verified" in page.summary.text()
    assert page.actions_model.rowCount() == 10
    page.actions_view.setFocus()
    qtbot.keyClick(page.actions_view, Qt.Key.Key_Down)
    qtbot.keyClick(page.actions_view, Qt.Key.Key_Down)  # safety action 3
    assert page.action_title.text().startswith("&Requirements of safety action 3")
    alt(qtbot, page, "r")  # to the requirements
    assert focused() is page.reqs_view
    qtbot.keyClick(page.reqs_view, Qt.Key.Key_Return)
    dlg = shown(qtbot, page, md.TrackingDialog)
    assert focused() is dlg.status
    qtbot.keyClicks(dlg.status, "In")  # a space would open the list
    tab(qtbot)
    assert focused() in (dlg.owner, dlg.owner.lineEdit())
    qtbot.keyClicks(focused(), "Alex Lead (S100)")
    alt(qtbot, dlg, "e")
    qtbot.keyClicks(focused(), "S:\\MIS\\SA3")
    alt(qtbot, dlg, "b")
    qtbot.keyClicks(focused(), "Quality committee")
    alt(qtbot, dlg, "d")
    assert focused() is dlg.approved
    qtbot.keyClicks(focused(), "29/02/2025")  # not a real date: refused, nothing saved
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert messages and "29/02/2025" in messages[-1] and dlg.isVisible()
    assert sm.tracking(store, 7) == {}
    dlg.approved.edit.selectAll()
    qtbot.keyClicks(focused(), "28/02/2025")
    with qtbot.waitSignal(page.data_changed, timeout=2000):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    t = sm.tracking(store, 7)["sa3.pathway"]
    assert (t.status, t.owner_staff, t.owner_text, t.evidence_location, t.approval_forum, t.approval_date) == (
        "in_progress", "S100", "", "S:\\MIS\\SA3", "Quality committee", date(2025, 2, 28))
    row = page.reqs_model.rows[0]
    assert row.owner == "Alex Lead" and row.status == "in_progress"
    assert page.actions_model.rows[2].status == "in_progress"
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'mis_tracking'") == 1


def test_as_at_typed_recomputes_and_computed_figure_not_typed_over(qtbot, page, store, messages):
    first = page.view.actions[0].requirements[0]
    assert first.requirement.code == "sa1.reported"
    assert (first.figure.numerator, first.figure.denominator) == (1, 1)
    sg.save_review(store, g.ReviewCase(None, "R2", "stillbirth", 270, date(2025, 4, 28)))  # due Thu 8 May
    page.as_at.setFocus()
    page.as_at.selectAll()
    qtbot.keyClicks(focused(), "08/05/2025")  # the deadline is that day: not passed
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    f = page.view.actions[0].requirements[0].figure
    assert (page.view.as_at, f.numerator, f.denominator) == (date(2025, 5, 8), 1, 1)
    page.as_at.selectAll()
    qtbot.keyClicks(focused(), "09/05/2025")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    f = page.view.actions[0].requirements[0].figure
    assert (f.numerator, f.denominator, f.met) == (1, 2, False)
    assert page.reqs_model.data(page.reqs_model.index(0, 3)) == "1 of 2 (50.0%; needs 100%)"
    page.actions_view.selectRow(0)
    page.reqs_view.selectRow(0)
    page.reqs_view.setFocus()
    qtbot.keyClick(page.reqs_view, Qt.Key.Key_Return)
    dlg = shown(qtbot, page, md.TrackingDialog)
    assert [dlg.status.itemText(i) for i in range(dlg.status.count())] == ["Follows the figure", "Not applicable"]
    alt(qtbot, dlg, "n")
    qtbot.keyClicks(focused(), "One late report: bank holiday")
    dlg.buttons.accepted.emit()
    assert sm.tracking(store, 7)["sa1.reported"].notes == "One late report: bank holiday"
    assert page.view.actions[0].requirements[0].status == "in_progress"  # still the figure's


def test_computed_without_a_function_shows_not_computed_yet(page, store):
    from tests.store.test_mis import add_uncomputable

    add_uncomputable(store)
    page.refresh_tracker()
    page.actions_view.selectRow(5)
    texts = [page.reqs_model.data(page.reqs_model.index(r, 3)) for r in range(page.reqs_model.rowCount())]
    assert "Not computed yet" in texts


def test_exports_from_the_page(qtbot, page, tmp_path, monkeypatch):
    from python_calamine import CalamineWorkbook

    xlsx = tmp_path / "pack.xlsx"
    monkeypatch.setattr("maternity_desk.ui.mis.page.ask_save_path", lambda *a, **k: str(xlsx))
    page.export_xlsx.click()
    assert page.status.text() == f"Written to {xlsx}"
    assert CalamineWorkbook.from_path(str(xlsx)).sheet_names[0] == "Summary"
    pdf = tmp_path / "pack.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), ""))
    page.export_pdf.click()
    assert page.status.text().startswith(f"Written to {pdf}")
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_board_report_and_next_year(qtbot, page, store, messages):
    page.board_btn.click()
    dlg = shown(qtbot, page, md.BoardReportDialog)
    qtbot.keyClicks(focused(), "Apr 2025")
    tab(qtbot)
    page_box = dlg.presented
    page_box.selectAll()
    qtbot.keyClicks(focused(), "20/05/2025")
    dlg.buttons.accepted.emit()
    assert sm.board_reports(store) == [("2025-04", date(2025, 5, 20), "")]
    page.start_next.click()  # the question is answered yes (messages fixture)
    assert page.year.currentText() == "2026/27"
    assert sm.year_labels(store) == ["2024/25", "2025/26", "2026/27"]


def test_edit_wording_and_threshold(qtbot, page, store, messages):
    page.actions_view.selectRow(0)
    page.reqs_view.selectRow(0)  # reported to MBRRACE-UK: 1 of 1
    page.wording_btn.click()
    dlg = shown(qtbot, page, md.RequirementDialog)
    alt(qtbot, dlg, "h")
    dlg.threshold.selectAll()
    qtbot.keyClicks(focused(), "ninety")
    dlg.buttons.accepted.emit()
    assert messages and "not a percentage" in messages[-1] and dlg.isVisible()
    dlg.threshold.selectAll()
    qtbot.keyClicks(focused(), "95")
    alt(qtbot, dlg, "t")
    dlg.window_to.selectAll()
    qtbot.keyClicks(focused(), "31/05/2025")
    with qtbot.waitSignal(page.data_changed, timeout=2000):
        dlg.buttons.accepted.emit()
    r = next(r for r in sm.scheme_year(store, "2025/26").requirements if r.code == "sa1.reported")
    assert (r.threshold, r.window_to) == (95.0, date(2025, 5, 31))
    assert page.view.actions[0].requirements[0].figure.threshold == 95.0
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'mis_requirements' "
                        "AND action = 'update'") == 1


def test_import_asks_the_year_then_opens_the_wizard(qtbot, page, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from maternity_desk.ui.import_wizard import ImportWizard

    asked = {}

    def answer(parent, title, label, items, current, editable):
        asked["items"], asked["current"] = list(items), current
        return "2026/27", True

    monkeypatch.setattr(QInputDialog, "getItem", answer)
    page.import_btn.click()
    assert asked["items"] == ["2024/25", "2025/26", "2026/27"] and asked["current"] == 1
    wizard = page.active_dialog
    assert isinstance(wizard, ImportWizard) and wizard.extra == {"year": "2026/27"}
    wizard.reject()
