"""The Governance page through its real dialogs, shown and filled in as a user would (typing,
Tab, mnemonics, Enter): review cases, plan actions, champions, bank holidays, the import
wizard; refusals (scope, dates, NHS numbers) shown plainly with nothing written."""

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

from maternity_desk.core import governance as g
from maternity_desk.store import governance as sg
from maternity_desk.ui.governance import dialogs as gd
from tests.conftest import FIXTURES
from tests.ui.keyboard import alt, click, focused, tab
from tests.ui.keyboard import shown as _shown

TODAY = date(2025, 3, 1)
NHS = "943 476 5919"  # passes the modulus-11 check (see tests/core/test_identifiers.py)


@pytest.fixture
def page(qtbot, store):
    from maternity_desk.ui.governance.page import GovernancePage

    p = GovernancePage(store, today=TODAY)
    qtbot.addWidget(p)
    p.resize(1366, 768)
    p.show()
    return p


def shown(qtbot, owner, cls):
    return _shown(qtbot, owner, cls, attr="_dialog")


def enter(qtbot) -> None:
    qtbot.keyClick(focused(), Qt.Key.Key_Return)


def press_ok(qtbot, dlg) -> None:
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def retype(qtbot, widget, text: str) -> None:
    widget.setFocus()
    if isinstance(widget, QComboBox):
        widget.lineEdit().selectAll()
    elif isinstance(widget, QPlainTextEdit):
        widget.selectAll()
    else:
        widget.selectAll()
    qtbot.keyClicks(widget, text)


# --- review cases ----------------------------------------------------------------------------

def test_add_review_case_by_keyboard(qtbot, page, store, messages):
    assert page.title == "Governance"
    assert [page.tabs.tabText(i).replace("&", "") for i in range(page.tabs.count())] == [
        "Champions", "Improvement plan", "Submissions", "Perinatal reviews (PMRT)", "Overdue", "Qualifying cases"]
    page.tabs.setCurrentIndex(3)
    click(page, "Add review case")
    dlg = shown(qtbot, page, gd.ReviewDialog)
    assert focused() is dlg.reference
    qtbot.keyClicks(focused(), "PMR-2024-031")
    tab(qtbot)
    assert focused() is dlg.category
    qtbot.keyClicks(focused(), "Stillbirth")
    tab(qtbot)
    assert focused() is dlg.gestation
    qtbot.keyClicks(focused(), "36w2d")
    tab(qtbot)
    assert focused() is dlg.death
    qtbot.keyClicks(focused(), "20/12/2024")
    # the deadline is shown as soon as the date of death is typed: Fri 20 Dec 2024 + 7 working
    # days skips Christmas, Boxing Day and New Year's Day -> Fri 3 Jan 2025
    assert dlg.deadlines["reported"].text().startswith("due 03/01/2025")
    assert dlg.deadlines["report_published"].text().startswith("due 20/06/2025")
    alt(qtbot, dlg, "m")
    assert focused() is dlg.milestones["reported"]
    qtbot.keyClicks(focused(), "23/12/2024")
    with qtbot.waitSignal(page.data_changed, timeout=2000):
        enter(qtbot)
    assert messages == [] and not dlg.isVisible()
    cases = sg.reviews(store)
    assert [(c.reference, c.gestation_days, c.reported) for c in cases] == [("PMR-2024-031", 254, date(2024, 12, 23))]
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'gov_reviews'") == 1
    assert page.review_model.rowCount() == 1
    # parents not informed by 3 Jan 2025: overdue on 1 Mar (28 + 28 + 1 = 57 days), in the Overdue tab too
    texts = [page.review_model.index(0, c).data() for c in range(page.review_model.columnCount())]
    assert "OVERDUE 57 d" in texts
    items = {(i.register, i.days_overdue) for i in page.overdue_model.rows()}
    assert ("Perinatal reviews", 57) in items


@pytest.mark.parametrize(
    "reference, gestation, category, message",
    [("Baby 943 476 5919", "36+2", "Stillbirth", "NHS number"),
     ("PMR-1", "23+0", "Stillbirth", "late fetal loss"),
     ("PMR-1", "24+0", "Late fetal loss", "is a stillbirth"),
     ("PMR-1", "21+6", "Neonatal death", "before 22+0"),
     ("PMR-1", "21+6", "Stillbirth", "outside the PMRT review scope")],
)
def test_refused_case_is_explained_and_not_saved(qtbot, page, store, messages, reference, gestation,
                                                 category, message):
    before = store.scalar("SELECT count(*) FROM audit_log")
    click(page, "Add review case")
    dlg = shown(qtbot, page, gd.ReviewDialog)
    qtbot.keyClicks(dlg.reference, reference)
    dlg.category.setFocus()
    qtbot.keyClicks(dlg.category, category.split()[0])  # a space would open the list
    assert dlg.category.currentText() == category
    qtbot.keyClicks(dlg.gestation, gestation)
    qtbot.keyClicks(dlg.death, "02/03/2024")
    press_ok(qtbot, dlg)
    assert messages and message in messages[0]
    assert dlg.isVisible() and sg.reviews(store) == []
    assert store.scalar("SELECT count(*) FROM audit_log") == before


# --- plan, champions -------------------------------------------------------------------------

def test_add_plan_action_and_champion(qtbot, page, store, messages):
    page.tabs.setCurrentIndex(1)
    click(page, "Add plan action")
    dlg = shown(qtbot, page, gd.PlanActionDialog)
    assert focused() is dlg.area
    qtbot.keyClicks(focused(), "Smoking in pregnancy")
    tab(qtbot)
    qtbot.keyClicks(focused(), "CO testing at booking")
    alt(qtbot, dlg, "d")
    assert focused() is dlg.due
    qtbot.keyClicks(focused(), "31/01/2025")
    with qtbot.waitSignal(page.data_changed, timeout=2000):
        enter(qtbot)
    assert page.plan_model.rowCount() == 1
    assert "overdue 29 d" in page.plan_model.index(0, 4).data()  # 31 Jan -> 1 Mar: 28 + 1
    assert page.progress_model.rowCount() == 2  # the area and "All areas"

    page.tabs.setCurrentIndex(0)
    click(page, "Add champion")
    dlg = shown(qtbot, page, gd.ChampionDialog)
    assert focused() is dlg.role
    qtbot.keyClicks(focused(), "Board")  # two board roles now: the executive one is first
    qtbot.keyClick(focused(), Qt.Key.Key_Home)
    assert dlg.role.currentData() == "board"
    tab(qtbot)
    qtbot.keyClicks(focused(), "A Champion")
    tab(qtbot)
    qtbot.keyClicks(focused(), "01/02/2025")
    tab(qtbot)
    qtbot.keyClicks(focused(), "01/01/2025")
    enter(qtbot)
    assert messages and "before" in messages[0] and sg.champions(store) == []
    alt(qtbot, dlg, "u")
    assert focused() is dlg.end
    focused().clear()
    with qtbot.waitSignal(page.data_changed, timeout=2000):
        enter(qtbot)
    assert [(c.role, c.person) for c in sg.champions(store)] == [("board", "A Champion")]
    assert "obstetric safety champion role is vacant" in page.champ_warnings.text()


def test_meeting_then_its_action_through_the_dialogs(qtbot, page, store, messages):
    click(page, "Add meeting")
    dlg = shown(qtbot, page, gd.MeetingDialog)
    qtbot.keyClicks(focused(), "10/01/2025")
    tab(qtbot)
    qtbot.keyClicks(focused(), "Board champion, obstetric champion")
    tab(qtbot)
    qtbot.keyClicks(focused(), "Triage waits")
    with qtbot.waitSignal(page.data_changed, timeout=2000):
        press_ok(qtbot, dlg)
    page.meeting_view.selectRow(0)
    click(page, "Add champion action")
    dlg = shown(qtbot, page, gd.FollowUpDialog)
    assert dlg.parent_box.currentText() == "10/01/2025"
    alt(qtbot, dlg, "a")
    qtbot.keyClicks(focused(), "Audit triage times")
    alt(qtbot, dlg, "d")
    qtbot.keyClicks(focused(), "31/01/2025")
    with qtbot.waitSignal(page.data_changed, timeout=2000):
        press_ok(qtbot, dlg)
    [a] = sg.follow_ups(store, "gov_champion_actions")
    assert (a.action, a.due_date, a.parent_id) == ("Audit triage times", date(2025, 1, 31), sg.meetings(store)[0].id)
    # met 10 Jan: the next meeting is due 10 Mar, so no gap yet on 1 Mar; the action is 29 days late
    assert "No champions' meeting" not in page.champ_warnings.text()
    assert "Champions' meetings" not in {i.register for i in page.overdue_model.rows()}
    assert ("Champion actions", 29) in {(i.register, i.days_overdue) for i in page.overdue_model.rows()}


# --- bank holidays ----------------------------------------------------------------------------

def test_bank_holidays_added_and_removed_from_the_rules_dialog(qtbot, page, store, messages):
    sg.save_review(store, g.make_review({"reference": "PMR-E", "category": "stillbirth", "gestation": "38+0",
                                         "date_of_death": "2026-04-02"}))
    page.tabs.setCurrentIndex(3)
    page.refresh()
    click(page, "Deadline rules")
    rules = shown(qtbot, page, gd.RulesDialog)
    alt(qtbot, rules, "h")  # the Bank holidays button's mnemonic presses it
    hol = shown(qtbot, rules, gd.BankHolidaysDialog)
    assert hol.list.count() == len(sg.bank_holidays(store))
    alt(qtbot, hol, "d")
    qtbot.keyClicks(focused(), "10/04/2026")
    tab(qtbot)
    qtbot.keyClicks(focused(), "One-off holiday")
    click(hol, "Add bank holiday")
    assert messages == []
    assert (date(2026, 4, 10), "One-off holiday") in sg.bank_holidays(store)
    assert hol.list.currentItem().text().startswith("Fri 10/04/2026")
    # the same day again is refused plainly
    qtbot.keyClicks(hol.when, "10/04/2026")
    qtbot.keyClicks(hol.title, "Again")
    click(hol, "Add bank holiday")
    assert "already a bank holiday" in messages[-1]
    with qtbot.waitSignal(page.data_changed, timeout=2000):
        hol.reject()
    rules.reject()
    # died Thu 2 Apr 2026: reported due Wed 15 Apr, one day later with the new holiday
    reported_col = [page.review_model.headerData(c, Qt.Orientation.Horizontal)
                    for c in range(page.review_model.columnCount())].index("Reported to MBRRACE-UK")
    assert page.review_model.index(0, reported_col).data() == "due 16/04/2026"
    # removed again
    click(page, "Deadline rules")
    rules = shown(qtbot, page, gd.RulesDialog)
    click(rules, "Bank holidays")
    hol = shown(qtbot, rules, gd.BankHolidaysDialog)
    row = next(i for i in range(hol.list.count()) if hol.list.item(i).text().startswith("Fri 10/04/2026"))
    hol.list.setCurrentRow(row)
    click(hol, "Remove bank holiday")
    assert (date(2026, 4, 10), "One-off holiday") not in sg.bank_holidays(store)
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'gov_bank_holidays'") == 2


def test_deadline_rules_edited_by_keyboard(qtbot, page, store, messages):
    click(page, "Deadline rules")
    dlg = shown(qtbot, page, gd.RulesDialog)
    alt(qtbot, dlg, "m")  # "Reported to MBRRACE-UK": its number of days
    assert isinstance(focused(), QSpinBox)
    focused().selectAll()
    qtbot.keyClicks(focused(), "5")
    with qtbot.waitSignal(page.data_changed, timeout=2000):
        press_ok(qtbot, dlg)
    assert {r.code: (r.basis, r.amount) for r in sg.deadline_rules(store)}["reported"] == ("working_days", 5)
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'gov_deadline_rules' "
                        "AND action = 'update'") == 1


# --- import wizard -----------------------------------------------------------------------------

def test_review_log_import_through_the_wizard(qtbot, page, store, messages, monkeypatch):
    from maternity_desk.ui import tasks

    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())
    page.tabs.setCurrentIndex(3)
    click(page, "Import review cases")
    wiz = shown(qtbot, page, QWizard)
    qtbot.keyClicks(wiz.file_page.path, str(FIXTURES / "governance" / "reviews_bad.csv"))
    wiz.next()
    wiz.next()
    problems = wiz.check_page.details.toPlainText()
    assert not wiz.check_page.isComplete()
    assert "reviews_bad.csv, row 4, column 'Case Reference'" in problems and "NHS number" in problems
    wiz.reject()
    assert sg.reviews(store) == []
    click(page, "Import review cases")
    wiz = shown(qtbot, page, QWizard)
    qtbot.keyClicks(wiz.file_page.path, str(FIXTURES / "governance" / "reviews_good.csv"))
    wiz.next()
    wiz.next()
    with qtbot.waitSignal(page.data_changed, timeout=3000):
        wiz.button(QWizard.WizardButton.FinishButton).click()
    assert page.review_model.rowCount() == 4
    assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'import' AND table_name = 'reviews'") == 1


# --- no patient identifiers in any governance dialog --------------------------------------

def _seed(store):
    sg.save_meeting(store, g.make_meeting("2025-01-10", "Board champion"))
    sg.save_review(store, g.make_review({"reference": "PMR-1", "category": "stillbirth", "gestation": "38+0",
                                         "date_of_death": "2025-01-05"}))


OPENERS = {
    "champion": ("Add champion", gd.ChampionDialog),
    "meeting": ("Add meeting", gd.MeetingDialog),
    "version": ("Add version", gd.PlanVersionDialog),
    "plan action": ("Add plan action", gd.PlanActionDialog),
    "submission": ("Record submission", gd.SubmissionDialog),
    "review": ("Add review case", gd.ReviewDialog),
    "review action": ("Add review action", gd.FollowUpDialog),
}
FILLED = {  # what else each dialog needs for the NHS number to be the only problem
    "champion": {"person": "A Champion", "start": "01/01/2025"},
    "meeting": {"when": "01/02/2025", "attendees": "Board champion"},
    "version": {"name": "Version 2", "agreed": "01/02/2025", "published": "02/02/2025", "where": "website"},
    "plan action": {"area": "Fetal growth", "text": "Audit", "due": "31/03/2025"},
    "submission": {"period": "2025-01", "due": "28/02/2025", "submitted": "27/02/2025", "by": "Data team"},
    "review": {"reference": "PMR-2", "gestation": "38+0", "death": "01/02/2025"},
    "review action": {"text": "Audit", "due": "31/03/2025"},
}
FIELDS = [
    ("champion", "person"), ("meeting", "attendees"), ("meeting", "issues"), ("meeting", "notes"),
    ("version", "name"), ("version", "where"), ("plan action", "area"), ("plan action", "text"),
    ("plan action", "owner"), ("plan action", "evidence"), ("submission", "by"), ("submission", "dq"),
    ("review", "reference"), ("review", "themes"), ("review", "notes"), ("review action", "text"),
    ("review action", "owner"),
]


@pytest.mark.parametrize("which, field", FIELDS)
def test_nhs_number_refused_in_every_governance_dialog(qtbot, page, store, messages, which, field):
    _seed(store)
    page.refresh()
    page.review_view.selectRow(0)
    before = store.scalar("SELECT count(*) FROM audit_log")
    button, cls = OPENERS[which]
    page.tabs.setCurrentIndex({"champion": 0, "meeting": 0, "version": 1, "plan action": 1, "submission": 2,
                               "review": 3, "review action": 3}[which])
    click(page, button)
    dlg = shown(qtbot, page, cls)
    for name, text in FILLED[which].items():
        if name != field:
            retype(qtbot, getattr(dlg, name), text)
    retype(qtbot, getattr(dlg, field), "see 943\u00a0476\u00a05919" if field == "notes" else f"see {NHS}")
    press_ok(qtbot, dlg)
    assert messages and "NHS number" in messages[-1], messages
    assert dlg.isVisible()
    assert store.scalar("SELECT count(*) FROM audit_log") == before


def test_nhs_number_refused_in_dataset_and_bank_holiday_names(qtbot, page, store, messages):
    before = store.scalar("SELECT count(*) FROM audit_log")
    page.tabs.setCurrentIndex(2)
    click(page, "Datasets")
    qtbot.waitUntil(lambda: getattr(page, "_dialog", None) is not None and page._dialog.isVisible())
    datasets = page._dialog
    click(datasets, "Add dataset")
    dlg = shown(qtbot, datasets, gd.DatasetDialog)
    qtbot.keyClicks(dlg.code, "LOCAL")
    qtbot.keyClicks(dlg.name, f"Audit of {NHS}")
    press_ok(qtbot, dlg)
    assert "NHS number" in messages[-1] and dlg.isVisible()
    dlg.reject()
    hol = gd.BankHolidaysDialog(store, page)
    qtbot.addWidget(hol)
    hol.show()
    qtbot.keyClicks(hol.when, "10/04/2026")
    qtbot.keyClicks(hol.title, NHS)
    click(hol, "Add bank holiday")
    assert "NHS number" in messages[-1]
    assert store.scalar("SELECT count(*) FROM audit_log") == before


# --- keyboard and accessibility of every dialog ---------------------------------------------

def test_every_dialog_has_distinct_mnemonics_and_named_controls(qtbot, store):
    from maternity_desk.ui.governance.page import DatasetsDialog

    _seed(store)
    case = sg.reviews(store)[0]
    dialogs = [
        gd.ChampionDialog(store), gd.MeetingDialog(store),
        gd.FollowUpDialog(store, "gov_review_actions", [(case.reference, case.id)], parent_id=case.id),
        gd.FollowUpDialog(store, "gov_champion_actions", [("10/01/2025", sg.meetings(store)[0].id)]),
        gd.PlanVersionDialog(store), gd.PlanActionDialog(store, areas=["A"]), gd.SubmissionDialog(store),
        gd.DatasetDialog(store), gd.ReviewDialog(store, case), gd.RulesDialog(store),
        gd.BankHolidaysDialog(store), DatasetsDialog(store),
    ]
    for dlg in dialogs:
        qtbot.addWidget(dlg)
        dlg.show()
        keys: list[str] = []
        for w in dlg.findChildren(QLabel) + dlg.findChildren(QAbstractButton):
            if not w.isVisible() or (isinstance(w, QLabel) and "<" in w.text()):
                continue
            m = re.search(r"&([^&\s])", w.text())
            if m:
                keys.append(m[1].lower())
                if isinstance(w, QLabel):
                    assert w.buddy() is not None, f"{dlg.windowTitle()}: '{w.text()}' has no buddy"
        assert len(keys) == len(set(keys)), f"{dlg.windowTitle()}: repeated mnemonics {sorted(keys)}"
        for cls in (QLineEdit, QPlainTextEdit, QComboBox, QSpinBox, QCheckBox):
            for w in dlg.findChildren(cls):
                if w.isVisible() and not isinstance(w.parent(), (QComboBox, QSpinBox)):
                    assert w.accessibleName(), f"{dlg.windowTitle()}: a {cls.__name__} has no accessible name"
        if isinstance(dlg, gd.FormDialog):
            first = dlg.focusWidget()
            assert dlg.isAncestorOf(first) and not isinstance(first, QAbstractButton), \
                f"{dlg.windowTitle()}: the focus does not start on the first field"
        assert dlg.sizeHint().height() <= 768, dlg.windowTitle()
        dlg.close()


# --- the demo unit ----------------------------------------------------------------------------

def test_demo_page_and_models(qtbot, demo_store, qtmodeltester):
    from maternity_desk.ui.governance.page import GovernancePage
    from tests.conftest import DEMO_TODAY

    p = GovernancePage(demo_store, today=DEMO_TODAY)
    qtbot.addWidget(p)
    assert p.review_model.rowCount() > 60
    assert p.overdue_model.rowCount() == len(sg.overdue(demo_store, DEMO_TODAY))
    assert "Sep 2026" in p.missing_label.text()
    assert "Earlier gaps" in p.champ_warnings.text()
    for model in (p.review_model, p.sub_model, p.plan_model, p.overdue_model, p.champ_action_model):
        qtmodeltester.check(model)
    p.review_cat.setCurrentIndex(p.review_cat.findData("late_fetal_loss"))
    shown_cats = {p.review_proxy.index(r, 1).data() for r in range(p.review_proxy.rowCount())}
    assert shown_cats == {"Late fetal loss"}
    p.as_at.setText("01/01/2030")
    p._refresh_overdue()
    assert p.overdue_model.rowCount() > len(sg.overdue(demo_store, DEMO_TODAY))


def test_page_mnemonics_are_distinct_on_every_tab_and_the_page_fits_150_percent(qtbot, demo_store):
    from maternity_desk.ui.governance.page import GovernancePage
    from tests.ui.test_improvement_page import _visible_mnemonics

    p = GovernancePage(demo_store, today=TODAY)
    qtbot.addWidget(p)
    p.resize(1366, 768)
    p.show()
    for i in range(p.tabs.count()):
        p.tabs.setCurrentIndex(i)
        keys = _visible_mnemonics(p)
        assert len(keys) == len(set(keys)), (p.tabs.tabText(i), sorted(keys))
    # 1366 x 768 at 150% leaves 910 px, less the main window's navigation (at most 200)
    assert p.minimumSizeHint().width() <= 700


def test_double_click_or_enter_opens_one_dialog(qtbot, page, store, messages):
    _seed(store)
    page.refresh()
    page.tabs.setCurrentIndex(3)
    view = page.review_view
    rect = view.visualRect(view.model().index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: any(isinstance(w, gd.ReviewDialog) and w.isVisible() for w in QApplication.topLevelWidgets()))
    opened = [w for w in QApplication.topLevelWidgets() if isinstance(w, gd.ReviewDialog) and w.isVisible()]
    assert len(opened) == 1 and opened[0].reference.text() == "PMR-1"
    opened[0].reject()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    opened = [w for w in QApplication.topLevelWidgets() if isinstance(w, gd.ReviewDialog) and w.isVisible()]
    assert len(opened) == 1
    opened[0].reject()
