"""The Improvement page through its real dialogs, shown and filled in as a user would (typing,
Tab, mnemonics, Enter): adoption, PDSA entry, measures with rebase months, monthly values,
the pick-list's suggested measures, the import wizard, and refusals of NHS numbers."""

from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWizard,
)

from maternity_desk.core import improvement as qi
from maternity_desk.store import dashboard as dash
from maternity_desk.store import improvement as qs
from maternity_desk.ui.datebox import DateBox
from maternity_desk.ui.improvement import dialogs
from maternity_desk.ui.improvement.models import PdsaModel
from maternity_desk.ui.improvement.page import ImprovementPage
from tests.conftest import FIXTURES
from tests.ui.keyboard import alt, click, focused, shown, tab

TODAY = date(2026, 10, 15)
NHS = "943 476 5919"  # 9*10+4*9+3*8+4*7+7*6+6*5+5*4+9*3+1*2 = 299; 299 mod 11 = 2; 11-2 = 9: valid


def type_date(qtbot, edit: DateBox, ddmmyyyy: str) -> None:
    """Type a date into a date box as a keyboard user does: over what it shows, digits only."""
    edit.setFocus(Qt.FocusReason.TabFocusReason)
    edit.selectAll()
    qtbot.keyClicks(edit, ddmmyyyy.replace("/", ""))


def enter(qtbot) -> None:
    qtbot.keyClick(focused(), Qt.Key.Key_Return)


def press_ok(qtbot, dlg) -> None:
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def make_page(qtbot, store) -> ImprovementPage:
    page = ImprovementPage(store, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    return page


def select_pick(page, code: str) -> None:
    row = next(i for i, p in enumerate(page.pick_model.rows) if p.code == code)
    page.pick_view.selectRow(page.pick_view.model().mapFromSource(page.pick_model.index(row, 0)).row())


def select_row(view, model, pred) -> None:
    row = next(i for i, r in enumerate(model.rows) if pred(r))
    view.selectRow(view.model().mapFromSource(model.index(row, 0)).row())


# --- adoption ------------------------------------------------------------------------------

def test_adoption_by_keyboard_warns_about_missing_leads(qtbot, store, messages):
    page = make_page(qtbot, store)
    page.tabs.setCurrentIndex(1)
    select_pick(page, "SFP")
    click(page, "Adopt project")
    dlg = shown(qtbot, page, dialogs.AdoptDialog)
    assert focused() is dlg.code and dlg.code.text() == "SFP"
    assert "midwife lead" in dlg.warning.text() and "obstetrician lead" in dlg.warning.text()
    tab(qtbot)
    assert focused() is dlg.wave
    qtbot.keyClicks(focused(), "Wave 2")
    tab(qtbot)
    assert focused() is dlg.start
    type_date(qtbot, dlg.start, "01/04/2025")
    tab(qtbot)
    assert focused() is dlg.status
    qtbot.keyClicks(focused(), "Active")  # a combo box picks the item typed
    alt(qtbot, dlg, "o")
    assert focused() is dlg.leads["obstetrician_lead"]
    qtbot.keyClicks(focused(), "Dr R Osei")
    tab(qtbot)
    assert focused() is dlg.leads["midwife_lead"]
    qtbot.keyClicks(focused(), "M Lloyd")
    assert dlg.warning.text().split(":")[0] == "No senior manager lead named yet"
    with qtbot.waitSignal(page.data_changed, timeout=2000):
        enter(qtbot)  # OK is the default button
    assert messages == [] and not dlg.isVisible()
    p = qs.project_by_code(store, "SFP")
    assert (p.status, p.wave, p.start_date) == ("active", "Wave 2", date(2025, 4, 1))
    assert [m.name for m in qs.measures(store, p.id)] == [m.name for m in qs.picklist_project(store, "SFP").measures]
    assert {(m.name, m.role) for m in qs.team(store, p.id)} == {("Dr R Osei", "obstetrician_lead"),
                                                                 ("M Lloyd", "midwife_lead")}
    assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'adopt' AND table_name = 'qi_project'") == 1
    # the page opens the new project, with the warning, and the board lists it under Active
    assert page.tabs.currentWidget() is page.project_view
    assert "senior manager lead" in page.project_view.warning.text()
    active = next(page.board.topLevelItem(i) for i in range(page.board.topLevelItemCount())
                  if page.board.topLevelItem(i).text(0).startswith("Active"))
    assert active.child(0).text(1) == "SFP" and active.child(0).text(6) == "Senior manager lead"


def test_abandoned_adoption_without_reason_is_refused_and_dialog_stays(qtbot, store, messages):
    page = make_page(qtbot, store)
    page.tabs.setCurrentIndex(1)
    select_pick(page, "ATAIN")
    click(page, "Adopt project")
    dlg = shown(qtbot, page, dialogs.AdoptDialog)
    dlg.status.setFocus()
    qtbot.keyClicks(dlg.status, "Abandoned")
    assert dlg.status.currentData() == "abandoned"
    press_ok(qtbot, dlg)
    assert len(messages) == 1 and "reason" in messages[0]
    assert dlg.isVisible() and qs.projects(store) == []
    alt(qtbot, dlg, "r")
    assert focused() is dlg.reason
    qtbot.keyClicks(focused(), "Joined the regional ATAIN collaborative instead")
    with qtbot.waitSignal(page.data_changed, timeout=2000):
        press_ok(qtbot, dlg)
    assert qs.project_by_code(store, "ATAIN").status == "abandoned"


def test_cancel_writes_nothing(qtbot, store, messages):
    page = make_page(qtbot, store)
    page.tabs.setCurrentIndex(1)
    select_pick(page, "SFP")
    click(page, "Adopt project")
    dlg = shown(qtbot, page, dialogs.AdoptDialog)
    qtbot.keyClicks(dlg.leads["midwife_lead"], "M Lloyd")
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert not dlg.isVisible() and qs.projects(store) == []


# --- PDSA cycles ---------------------------------------------------------------------------

def test_pdsa_entry_through_the_dialog_applies_the_dating_rules(qtbot, store, messages):
    pid = qs.adopt_project(store, "SFP", start_date=date(2025, 4, 1), status="active")
    secondary = qs.add_driver(store, pid, qs.add_driver(store, pid, None, "Every smoker identified"),
                              "CO testing at every contact")
    qs.add_driver(store, pid, secondary, "CO at booking")
    primary = next(m for m in qs.measures(store, pid) if m.is_primary)
    qs.set_values(store, primary, [qi.MeasureValue("2025-05", 40, 350), qi.MeasureValue("2025-06", 38, 345)])
    page = make_page(qtbot, store)
    page.open_project(pid)
    view = page.project_view
    view.tabs.setCurrentIndex(3)
    click(view, "Add PDSA cycle")
    dlg = shown(qtbot, view, dialogs.PdsaDialog)
    assert focused() is dlg.title_edit
    qtbot.keyClicks(focused(), "CO monitor in every clinic")
    tab(qtbot)
    assert focused() is dlg.idea  # the project's change ideas are offered
    assert [dlg.idea.itemText(i) for i in range(dlg.idea.count())] == ["CO at booking"]
    tab(qtbot)
    assert focused() is dlg.prediction  # Tab leaves a text box rather than typing a tab
    qtbot.keyClicks(focused(), "CO recorded at 80% of bookings")
    type_date(qtbot, dlg.start, "20/03/2025")  # before the project started
    press_ok(qtbot, dlg)
    assert "before the project started" in messages[-1]
    type_date(qtbot, dlg.start, "06/05/2025")
    alt(qtbot, dlg, "e")
    assert focused() is dlg.end.check
    qtbot.keyClick(focused(), Qt.Key.Key_Space)  # tick 'set'
    type_date(qtbot, dlg.end.edit, "01/05/2025")  # ends before it starts
    press_ok(qtbot, dlg)
    assert "ends" in messages[-1]
    type_date(qtbot, dlg.end.edit, "13/06/2025")
    dlg.act.setFocus()
    qtbot.keyClicks(dlg.act, "Adopt")  # act before any study
    press_ok(qtbot, dlg)
    assert "study" in messages[-1]
    assert qs.pdsa_cycles(store, pid) == []
    alt(qtbot, dlg, "s")
    assert focused() is dlg.study
    qtbot.keyClicks(focused(), "CO recorded at 71% of bookings")
    alt(qtbot, dlg, "c")
    assert focused() is dlg.idea
    qtbot.keyClicks(focused(), "CO at booking")
    with qtbot.waitSignal(view.data_changed, timeout=2000):
        press_ok(qtbot, dlg)
    [cycle] = qs.pdsa_cycles(store, pid)
    assert (cycle.title, cycle.start_date, cycle.end_date, cycle.act, cycle.change_idea, cycle.prediction) == (
        "CO monitor in every clinic", date(2025, 5, 6), date(2025, 6, 13), "adopt", "CO at booking",
        "CO recorded at 80% of bookings")
    assert view.pdsa_model.rowCount() == 1
    assert "P1 May 2025: CO monitor in every clinic (adopt)" in view.chart_view.caption.text()


def test_driver_tree_add_and_delete(qtbot, store, messages, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    pid = qs.adopt_project(store, "ATAIN", start_date=date(2025, 1, 1))
    page = make_page(qtbot, store)
    page.open_project(pid)
    view = page.project_view
    view.tabs.setCurrentIndex(1)
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


# --- measures, values, rebase --------------------------------------------------------------

def test_monthly_value_entry_redraws_the_chart(qtbot, store, messages):
    pid = qs.adopt_project(store, "SFP", start_date=date(2025, 1, 1))
    page = make_page(qtbot, store)
    page.open_project(pid)
    view = page.project_view
    view.tabs.setCurrentIndex(2)
    click(view, "Add month")
    dlg = shown(qtbot, view, dialogs.ValueDialog)
    assert dlg.month.text() == "2026-09"  # the last complete month
    alt(qtbot, dlg, "n")
    qtbot.keyClicks(focused(), "31")
    tab(qtbot)
    qtbot.keyClicks(focused(), "30")
    enter(qtbot)
    assert "larger than the denominator" in messages[-1] and dlg.isVisible()
    dlg.denominator.selectAll()
    qtbot.keyClicks(dlg.denominator, "310")
    with qtbot.waitSignal(view.data_changed, timeout=2000):
        enter(qtbot)
    primary = next(m for m in qs.measures(store, pid) if m.is_primary)
    assert qs.measure_values(store, primary.id) == [qi.MeasureValue("2026-09", 31, 310)]
    assert view.value_model.rowCount() == 1
    assert view.chart_view.chart.points[0].value == pytest.approx(10.0)  # 31 / 310 x 100
    # smoking at delivery is the dashboard's indicator: the month is entered there, once
    assert primary.indicator == "smoking_delivery"
    assert dash.monthly_values(store, "smoking_delivery") == [("2026-09", 31, 310)]
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'data_item_value'") == 1
    assert "dashboard" in view.source_note.text()


def test_rebase_months_are_set_per_measure_in_the_dialog(qtbot, store, messages):
    """Six months at 10% then six at 5% (p-chart, n = 200 a month): one segment has p-bar 7.5%;
    rebased from the seventh month each segment has its own centre, 10% then 5%."""
    pid = qs.adopt_project(store, "SFP", start_date=date(2025, 1, 1), status="active")
    primary = next(m for m in qs.measures(store, pid) if m.is_primary)
    qs.set_values(store, primary, [qi.MeasureValue(f"2025-{mo:02d}", 20 if mo <= 6 else 10, 200)
                                   for mo in range(1, 13)])
    page = make_page(qtbot, store)
    page.open_project(pid)
    view = page.project_view
    view.tabs.setCurrentIndex(2)
    assert {round(p.mean, 6) for p in view.chart_view.chart.points} == {7.5}
    click(view, "Edit measure")
    dlg = shown(qtbot, view, dialogs.MeasureDialog)
    assert dlg.name.text() == primary.name and dlg.rebase.isVisible()
    alt(qtbot, dlg, "r")
    assert focused() is dlg.rebase
    qtbot.keyClicks(focused(), "Jul-25, 2026-13")
    press_ok(qtbot, dlg)
    assert "rebase month" in messages[-1] and dlg.isVisible()
    dlg.rebase.selectAll()
    qtbot.keyClicks(dlg.rebase, "Jul-25")
    with qtbot.waitSignal(view.data_changed, timeout=2000):
        press_ok(qtbot, dlg)
    [m] = [m for m in qs.measures(store, pid) if m.id == primary.id]
    assert m.rebase_months == ("2025-07",)
    chart = view.chart_view.chart
    assert [round(p.mean, 6) for p in chart.points] == [10.0] * 6 + [5.0] * 6
    assert [p.segment for p in chart.points] == [0] * 6 + [1] * 6
    assert "rebased from Jul 2025" in view.chart_view.caption.text()
    col = [view.measure_model.headerData(c, Qt.Orientation.Horizontal) for c in range(view.measure_model.columnCount())]
    row = next(i for i, x in enumerate(view.measure_model.rows) if x.id == m.id)
    assert view.measure_model.index(row, col.index("Rebased from")).data() == "Jul 2025"
    assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'rebase'") == 1


def test_import_wizard_for_measure_data(qtbot, store, messages, monkeypatch, tmp_path):
    from maternity_desk.ui import tasks

    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())
    pid = qs.adopt_project(store, "ATAIN", start_date=date(2025, 1, 1), status="active")
    page = make_page(qtbot, store)
    page.open_project(pid)
    view = page.project_view
    view.tabs.setCurrentIndex(2)

    # a refused file: every problem named by file, row and column; nothing written
    click(view, "Import measure data")
    wiz = shown(qtbot, view, QWizard)
    assert wiz.extra == {"project_code": "ATAIN"}
    qtbot.keyClicks(wiz.file_page.path, str(FIXTURES / "improvement" / "atain_bad.csv"))
    wiz.next()
    wiz.next()
    assert not wiz.check_page.isComplete()
    problems = wiz.check_page.details.toPlainText()
    assert "atain_bad.csv, row 3, column 'month'" in problems
    assert "atain_bad.csv, row 4, column 'measure'" in problems
    assert "atain_bad.csv, row 5, column 'numerator'" in problems
    wiz.reject()
    assert all(qs.measure_values(store, m.id) == [] for m in qs.measures(store, pid))

    # a good file: checked, imported in one go, the page redrawn
    click(view, "Import measure data")
    wiz = shown(qtbot, view, QWizard)
    qtbot.keyClicks(wiz.file_page.path, str(FIXTURES / "improvement" / "atain_good.csv"))
    wiz.next()
    wiz.next()
    assert "project ATAIN" in wiz.check_page.details.toPlainText()
    with qtbot.waitSignal(view.data_changed, timeout=3000):
        wiz.button(QWizard.WizardButton.FinishButton).click()
    got = {m.name: [(v.month, v.numerator, v.denominator) for v in qs.measure_values(store, m.id)]
           for m in qs.measures(store, pid)}
    assert got["Term admissions to the neonatal unit"] == [("2025-01", 21, 310), ("2025-02", 19, 296),
                                                          ("2025-03", 22, 305)]
    primary = view._current_measure()
    assert primary.name == "Term admissions to the neonatal unit" and view.value_model.rowCount() == 3
    assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'import' AND table_name = 'measure'") == 1


# --- the pick-list's suggested measures ---------------------------------------------------

def test_picklist_measures_added_edited_and_removed_in_the_gui(qtbot, store, messages):
    adopted = qs.adopt_project(store, "HYPO", start_date=date(2025, 1, 1))
    copies = [m.name for m in qs.measures(store, adopted)]
    page = make_page(qtbot, store)
    page.tabs.setCurrentIndex(1)
    select_pick(page, "HYPO")
    names = [m.name for m in page.pick_measure_model.rows]
    assert names == copies and len(names) == 4

    click(page, "Add measure to pick-list project")
    dlg = shown(qtbot, page, dialogs.MeasureDialog)
    assert not dlg.rebase.isVisible() and not dlg.primary.isVisible()  # no data on the pick-list
    qtbot.keyClicks(dlg.name, "Glucose checked by 4 hours")
    dlg.numerator.setFocus()
    qtbot.keyClicks(dlg.numerator, "Babies at risk with a glucose check by 4 hours")
    dlg.denominator.setFocus()
    qtbot.keyClicks(dlg.denominator, "Babies at risk of hypoglycaemia")
    with qtbot.waitSignal(page.data_changed, timeout=2000):
        press_ok(qtbot, dlg)
    assert [m.name for m in qs.picklist_project(store, "HYPO").measures] == [*names, "Glucose checked by 4 hours"]

    select_row(page.pick_measure_view, page.pick_measure_model, lambda m: m.name == names[0])
    click(page, "Edit pick-list measure")
    dlg = shown(qtbot, page, dialogs.MeasureDialog)
    assert dlg.name.text() == names[0]
    dlg.name.selectAll()
    qtbot.keyClicks(dlg.name, "Term admissions for hypoglycaemia (local wording)")
    with qtbot.waitSignal(page.data_changed, timeout=2000):
        press_ok(qtbot, dlg)

    select_row(page.pick_measure_view, page.pick_measure_model, lambda m: m.name == names[1])
    with qtbot.waitSignal(page.data_changed, timeout=2000):
        click(page, "Remove pick-list measure")
    after = [m.name for m in qs.picklist_project(store, "HYPO").measures]
    assert after == ["Term admissions for hypoglycaemia (local wording)", *names[2:], "Glucose checked by 4 hours"]
    assert [m.name for m in page.pick_measure_model.rows] == after
    # the adopted project kept its own copies
    assert [m.name for m in qs.measures(store, adopted)] == copies
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'qi_picklist_measure'") == 3


def test_picklist_measure_with_a_clashing_name_is_refused(qtbot, store, messages):
    page = make_page(qtbot, store)
    page.tabs.setCurrentIndex(1)
    select_pick(page, "SFP")
    first, second = (m.name for m in page.pick_measure_model.rows[:2])
    select_row(page.pick_measure_view, page.pick_measure_model, lambda m: m.name == second)
    click(page, "Edit pick-list measure")
    dlg = shown(qtbot, page, dialogs.MeasureDialog)
    dlg.name.selectAll()
    qtbot.keyClicks(dlg.name, first)
    press_ok(qtbot, dlg)
    assert "same name" in messages[-1] and dlg.isVisible()
    assert [m.name for m in qs.picklist_project(store, "SFP").measures][:2] == [first, second]


# --- no patient identifiers, in every improvement dialog ---------------------------------

def _project(store):
    pid = qs.adopt_project(store, "SFP", start_date=date(2025, 4, 1), status="active")
    return pid


NHS_CASES = [
    # (what opens the dialog, dialog class, the field typed into)
    ("Add PDSA cycle", dialogs.PdsaDialog, "title_edit"),
    ("Add PDSA cycle", dialogs.PdsaDialog, "prediction"),
    ("Add PDSA cycle", dialogs.PdsaDialog, "study"),
    ("Add note", dialogs.NoteDialog, "text"),
    ("Add member", dialogs.MemberDialog, "name"),
    ("Add member", dialogs.MemberDialog, "job"),
    ("Edit details and aim", dialogs.ProjectDialog, "aim_text"),
    ("Edit details and aim", dialogs.ProjectDialog, "wave"),
    ("Add measure", dialogs.MeasureDialog, "numerator"),
]


@pytest.mark.parametrize("button, cls, field", NHS_CASES)
def test_nhs_number_refused_in_project_dialogs(qtbot, store, messages, button, cls, field):
    pid = _project(store)
    page = make_page(qtbot, store)
    page.open_project(pid)
    view = page.project_view
    before = store.scalar("SELECT count(*) FROM audit_log")
    click(view, button)
    dlg = shown(qtbot, view, cls)
    widget = getattr(dlg, field)
    widget.setFocus()
    if isinstance(widget, QLineEdit):
        widget.selectAll()
    qtbot.keyClicks(widget, f"Baby of mother {NHS}")
    if cls is dialogs.PdsaDialog and field != "title_edit":
        qtbot.keyClicks(dlg.title_edit, "A cycle")
    if cls is dialogs.MemberDialog and field != "name":
        qtbot.keyClicks(dlg.name, "A Person")
    if cls is dialogs.MeasureDialog:
        qtbot.keyClicks(dlg.name, "A measure")
        qtbot.keyClicks(dlg.denominator, "All")
    press_ok(qtbot, dlg)
    assert messages and "NHS number" in messages[-1] and dlg.isVisible()
    assert store.scalar("SELECT count(*) FROM audit_log") == before


def test_nhs_number_refused_in_log_and_picklist_dialogs(qtbot, store, messages):
    page = make_page(qtbot, store)
    before = store.scalar("SELECT count(*) FROM audit_log")
    page.tabs.setCurrentIndex(3)
    click(page, "Add event")
    dlg = shown(qtbot, page, dialogs.EventDialog)
    qtbot.keyClicks(dlg.learning, "Case of 943\u00a0476\u00a05919 discussed")  # pasted, non-breaking spaces
    press_ok(qtbot, dlg)
    assert "NHS number" in messages[-1]
    dlg.reject()
    page.tabs.setCurrentIndex(1)
    click(page, "Add local project")
    dlg = shown(qtbot, page, dialogs.PicklistProjectDialog)
    qtbot.keyClicks(dlg.code, "LOCAL1")
    qtbot.keyClicks(dlg.title_edit, "Local project")
    qtbot.keyClicks(dlg.rationale, f"After the case of {NHS.replace(' ', '-')}")
    press_ok(qtbot, dlg)
    assert "NHS number" in messages[-1] and dlg.isVisible()
    assert store.scalar("SELECT count(*) FROM audit_log") == before
    assert qs.events(store) == []


# --- keyboard and accessibility of every dialog -------------------------------------------

def _dialogs(store):
    pid = _project(store)
    proj = qs.project(store, pid)
    ms = qs.measures(store, pid)
    pick = qs.picklist_project(store, "SFP")
    noop = lambda x: None  # noqa: E731
    return [
        dialogs.AdoptDialog(pick, noop, today=TODAY),
        dialogs.ProjectDialog(proj, ms, noop),
        dialogs.MemberDialog(None, noop),
        dialogs.MeasureDialog(ms[0], noop),
        dialogs.MeasureDialog(None, noop, for_picklist=True),
        dialogs.ValueDialog(ms[0], None, noop, month="2026-09"),
        dialogs.PdsaDialog(qi.PdsaCycle("", TODAY, project_id=pid), ["Idea"], noop),
        dialogs.NoteDialog(TODAY, noop),
        dialogs.EventDialog(qi.ProgrammeEvent("trust_visit", TODAY), noop),
        dialogs.ActionDialog(qi.EventAction("", "", TODAY), noop),
        dialogs.PicklistProjectDialog(None, noop),
    ]


def test_every_dialog_has_distinct_mnemonics_and_named_controls(qtbot, store):
    for dlg in _dialogs(store):
        qtbot.addWidget(dlg)
        dlg.show()
        keys: list[str] = []
        for w in dlg.findChildren(QLabel) + dlg.findChildren(QAbstractButton):
            if not w.isVisible() or (isinstance(w, QLabel) and (w.textFormat() == Qt.TextFormat.RichText
                                                                or "<" in w.text())):
                continue  # rich text shows '&' as it is
            m = re.search(r"&([^&\s])", w.text())
            if m:
                keys.append(m[1].lower())
                if isinstance(w, QLabel):
                    assert w.buddy() is not None, f"{dlg.windowTitle()}: '{w.text()}' has no buddy"
        assert len(keys) == len(set(keys)), f"{dlg.windowTitle()}: repeated mnemonics {sorted(keys)}"
        for cls in (QLineEdit, QPlainTextEdit, QComboBox, DateBox, QSpinBox, QCheckBox):
            for w in dlg.findChildren(cls):
                if w.isVisible() and not isinstance(w.parent(), (QComboBox, QSpinBox)):
                    assert w.accessibleName(), f"{dlg.windowTitle()}: a {cls.__name__} has no accessible name"
        ok = dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok.isDefault() or ok.autoDefault(), f"{dlg.windowTitle()}: Enter does not press OK"
        assert dlg.width() <= 1366 and dlg.sizeHint().height() <= 768
        dlg.close()


# --- the demo board and the programme log ------------------------------------------------

def test_demo_board_and_log(qtbot, demo_store, messages):
    page = make_page(qtbot, demo_store)
    signals = {}
    for i in range(page.board.topLevelItemCount()):
        top = page.board.topLevelItem(i)
        for j in range(top.childCount()):
            signals[top.child(j).text(1)] = top.child(j).text(5)
    assert signals == {"ATAIN": "Improving", "SFP": "Improving", "PTO": "No change"}
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


def _visible_mnemonics(root) -> list[str]:
    from PySide6.QtWidgets import QTabBar

    keys = []
    for w in root.findChildren(QLabel) + root.findChildren(QAbstractButton):
        if w.isVisible() and not (isinstance(w, QLabel) and "<" in w.text()):
            m = re.search(r"&([^&\s])", w.text())
            if m:
                keys.append(m[1].lower())
    for bar in root.findChildren(QTabBar):
        if bar.isVisible():
            for i in range(bar.count()):
                m = re.search(r"&([^&\s])", bar.tabText(i))
                if m:
                    keys.append(m[1].lower())
    return keys


def test_page_mnemonics_are_distinct_on_every_tab_and_the_page_fits_150_percent(qtbot, demo_store):
    page = make_page(qtbot, demo_store)
    seen = 0
    for i in range(page.tabs.count()):
        page.tabs.setCurrentIndex(i)
        inner = [page.project_view.tabs.setCurrentIndex(j) or j for j in range(page.project_view.tabs.count())] \
            if page.tabs.currentWidget() is page.project_view else [None]
        for j in inner:
            if j is not None:
                page.project_view.tabs.setCurrentIndex(j)
            keys = _visible_mnemonics(page)
            assert len(keys) == len(set(keys)), (page.tabs.tabText(i), j, sorted(keys))
            seen += 1
    assert seen == 3 + 5
    # 1366 x 768 at 150% leaves 910 px, less the main window's navigation (at most 200)
    assert page.minimumSizeHint().width() <= 700


def test_enter_on_a_pdsa_row_opens_it_once(qtbot, store, messages):
    pid = qs.adopt_project(store, "SFP", start_date=date(2025, 4, 1), status="active")
    qs.save_pdsa(store, qi.PdsaCycle("CO monitors", date(2025, 5, 1), project_id=pid))
    page = make_page(qtbot, store)
    page.open_project(pid)
    view = page.project_view
    view.tabs.setCurrentIndex(3)
    table = view.pdsa_view
    rect = table.visualRect(table.model().index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dlg = shown(qtbot, view, dialogs.PdsaDialog)
    assert dlg.title_edit.text() == "CO monitors"
    assert sum(isinstance(w, dialogs.PdsaDialog) and w.isVisible() for w in QApplication.topLevelWidgets()) == 1
    dlg.reject()
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    dlg = shown(qtbot, view, dialogs.PdsaDialog)
    assert dlg.title_edit.text() == "CO monitors"
    dlg.reject()
