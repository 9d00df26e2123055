"""The Improvement page through its dialogs: adoption, PDSA entry, drivers, values, board."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QPushButton

from maternity_desk.core import improvement as qi
from maternity_desk.store import improvement as qs
from maternity_desk.ui.improvement import dialogs
from maternity_desk.ui.improvement.models import PdsaModel
from maternity_desk.ui.improvement.page import ImprovementPage

TODAY = date(2026, 10, 15)


@pytest.fixture
def warnings(monkeypatch):
    """QMessageBox answers recorded; dialogs are driven without being shown (the offscreen
    platform warns about showing top-level windows)."""
    seen: list[str] = []
    monkeypatch.setattr(dialogs.EditDialog, "open", lambda self: None)

    def warn(parent, title, text, *a, **k):
        seen.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", warn)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    return seen


def click(widget, name: str) -> None:
    found = [b for b in widget.findChildren(QPushButton) if b.accessibleName() == name]
    assert found, f"no button '{name}'"
    found[0].click()


def ok(dlg) -> None:
    dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def make_page(qtbot, store) -> ImprovementPage:
    page = ImprovementPage(store, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    return page


def select_pick(page, code: str) -> None:
    row = next(i for i, p in enumerate(page.pick_model.rows) if p.code == code)
    page.pick_view.selectRow(page.pick_view.model().mapFromSource(page.pick_model.index(row, 0)).row())


def test_adoption_through_the_dialog_warns_about_missing_leads(qtbot, store, warnings):
    page = make_page(qtbot, store)
    select_pick(page, "SFP")
    click(page, "Adopt project")
    dlg = page.active_dialog
    assert isinstance(dlg, dialogs.AdoptDialog)
    assert "midwife lead" in dlg.warning.text() and "obstetrician lead" in dlg.warning.text()
    dlg.wave.setText("Wave 2")
    dlg.start.setDate(QDate(2025, 4, 1))
    dlg.status.setCurrentIndex(dlg.status.findData("active"))
    qtbot.keyClicks(dlg.leads["obstetrician_lead"], "Dr R Osei")
    qtbot.keyClicks(dlg.leads["midwife_lead"], "M Lloyd")
    assert dlg.warning.text().split(":")[0] == "No senior manager lead named yet"
    with qtbot.waitSignal(page.data_changed, timeout=2000):
        ok(dlg)
    assert warnings == []
    p = qs.project_by_code(store, "SFP")
    assert (p.status, p.wave, p.start_date) == ("active", "Wave 2", date(2025, 4, 1))
    assert [m.name for m in qs.measures(store, p.id)] == [m.name for m in qs.picklist_project(store, "SFP").measures]
    assert {(m.name, m.role) for m in qs.team(store, p.id)} == {("Dr R Osei", "obstetrician_lead"),
                                                                 ("M Lloyd", "midwife_lead")}
    # the page opens the new project, with the warning, and the board lists it under Active
    assert page.tabs.currentWidget() is page.project_view
    assert "senior manager lead" in page.project_view.warning.text()
    active = next(page.board.topLevelItem(i) for i in range(page.board.topLevelItemCount())
                  if page.board.topLevelItem(i).text(0).startswith("Active"))
    assert active.child(0).text(1) == "SFP" and active.child(0).text(6) == "senior manager lead"


def test_abandoned_adoption_without_reason_is_refused_and_dialog_stays(qtbot, store, warnings):
    page = make_page(qtbot, store)
    select_pick(page, "ATAIN")
    click(page, "Adopt project")
    dlg = page.active_dialog
    dlg.status.setCurrentIndex(dlg.status.findData("abandoned"))
    ok(dlg)
    assert len(warnings) == 1 and "reason" in warnings[0]
    assert dlg.result() == 0 and qs.projects(store) == []
    dlg.reason.setText("Joined the regional ATAIN collaborative instead")
    ok(dlg)
    assert qs.project_by_code(store, "ATAIN").status == "abandoned"


def test_pdsa_entry_through_the_dialog_applies_the_dating_rules(qtbot, store, warnings):
    pid = qs.adopt_project(store, "SFP", start_date=date(2025, 4, 1), status="active")
    qs.add_driver(store, pid, qs.add_driver(store, pid, None, "Every smoker identified"), "CO at booking")
    primary = next(m for m in qs.measures(store, pid) if m.is_primary)
    qs.set_values(store, primary, [qi.MeasureValue("2025-05", 40, 350), qi.MeasureValue("2025-06", 38, 345)])
    page = make_page(qtbot, store)
    page.open_project(pid)
    view = page.project_view
    click(view, "Add PDSA cycle")
    dlg = view.active_dialog
    assert isinstance(dlg, dialogs.PdsaDialog)
    qtbot.keyClicks(dlg.title_edit, "CO monitor in every clinic")
    dlg.start.setDate(QDate(2025, 3, 20))  # before the project started
    ok(dlg)
    assert "before the project started" in warnings[-1]
    dlg.start.setDate(QDate(2025, 5, 6))
    dlg.end.set_value(date(2025, 5, 1))  # ends before it starts
    ok(dlg)
    assert "ends" in warnings[-1]
    dlg.end.set_value(date(2025, 6, 13))
    dlg.act.setCurrentIndex(dlg.act.findData("adopt"))  # act before any study
    ok(dlg)
    assert "study" in warnings[-1]
    assert qs.pdsa_cycles(store, pid) == []
    dlg.study.setPlainText("CO recorded at 71% of bookings")
    dlg.idea.setCurrentText("CO at booking")
    with qtbot.waitSignal(view.data_changed, timeout=2000):
        ok(dlg)
    [cycle] = qs.pdsa_cycles(store, pid)
    assert (cycle.title, cycle.start_date, cycle.end_date, cycle.act, cycle.change_idea) == (
        "CO monitor in every clinic", date(2025, 5, 6), date(2025, 6, 13), "adopt", "CO at booking")
    assert view.pdsa_model.rowCount() == 1
    assert "P1 May 2025: CO monitor in every clinic (adopt)" in view.chart_view.caption.text()


def test_driver_tree_add_and_delete(qtbot, store, warnings, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    pid = qs.adopt_project(store, "ATAIN", start_date=date(2025, 1, 1))
    page = make_page(qtbot, store)
    page.open_project(pid)
    view = page.project_view
    answers = iter(["Babies kept warm", "Temperature within an hour", "Hats for every baby"])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (next(answers), True))
    click(view, "Add primary driver")
    view.tree.setCurrentItem(view.tree.topLevelItem(0))
    click(view, "Add under selected")
    view.tree.setCurrentItem(view.tree.topLevelItem(0).child(0))
    click(view, "Add under selected")
    leaf = view.tree.topLevelItem(0).child(0).child(0)
    assert (leaf.text(0), leaf.text(1)) == ("Hats for every baby", "Change idea")
    leaf.setText(0, "Hats and skin-to-skin")  # in-place rename
    assert qi.change_ideas(qs.drivers(store, pid)) == ["Hats and skin-to-skin"]
    view.tree.setCurrentItem(view.tree.topLevelItem(0))
    click(view, "Delete item")
    assert qs.drivers(store, pid) == [] and view.tree.topLevelItemCount() == 0


def test_monthly_value_entry_redraws_the_chart(qtbot, store, warnings):
    pid = qs.adopt_project(store, "SFP", start_date=date(2025, 1, 1))
    page = make_page(qtbot, store)
    page.open_project(pid)
    view = page.project_view
    click(view, "Add month")
    dlg = view.active_dialog
    assert dlg.month.text() == "2026-09"
    dlg.numerator.setText("31")
    dlg.denominator.setText("30")
    ok(dlg)
    assert "larger than the denominator" in warnings[-1]
    dlg.denominator.setText("310")
    ok(dlg)
    primary = next(m for m in qs.measures(store, pid) if m.is_primary)
    assert qs.measure_values(store, primary.id) == [qi.MeasureValue("2026-09", 31, 310)]
    assert view.value_model.rowCount() == 1
    assert view.chart_view.chart.points[0].value == pytest.approx(10.0)


def test_demo_board_and_log(qtbot, demo_store, warnings):
    page = make_page(qtbot, demo_store)
    signals = {}
    for i in range(page.board.topLevelItemCount()):
        top = page.board.topLevelItem(i)
        for j in range(top.childCount()):
            signals[top.child(j).text(1)] = top.child(j).text(5)
    assert signals == {"ATAIN": "improving", "SFP": "improving", "PTO": "no change"}
    assert page.event_model.rowCount() >= 10
    launch = next(i for i, e in enumerate(page.event_model.rows) if e.title == "Wave 3 launch")
    page.event_view.selectRow(page.event_view.model().mapFromSource(page.event_model.index(launch, 0)).row())
    assert page.action_model.rowCount() == 2
    overdue = next(i for i, e in enumerate(page.event_model.rows) if e.title == "Safety-culture survey, round 3")
    page.event_view.selectRow(page.event_view.model().mapFromSource(page.event_model.index(overdue, 0)).row())
    due = page.action_model.index(0, 2)
    assert page.action_model.data(due, Qt.ItemDataRole.ForegroundRole) is not None  # overdue in red


def test_pdsa_model(qtmodeltester):
    model = PdsaModel()
    model.set_rows([qi.PdsaCycle("A", date(2025, 1, 1), end_date=date(2025, 2, 1), act="adopt", study="ok"),
                    qi.PdsaCycle("B", date(2025, 3, 1))])
    qtmodeltester.check(model)
    assert model.data(model.index(1, 4)) == "in progress"
