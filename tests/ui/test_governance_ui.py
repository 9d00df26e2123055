"""The Governance page: adding a review case through its dialog (saved, audited, shown),
refusals shown plainly with nothing written, and the models."""

from datetime import date

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

from maternity_desk.store import governance as sg

TODAY = date(2025, 3, 1)


@pytest.fixture(autouse=True)
def _dialogs_not_shown(monkeypatch):
    """The offscreen platform warns when a dialog is shown; the dialogs work unshown."""
    from maternity_desk.ui.governance.dialogs import FormDialog

    monkeypatch.setattr(FormDialog, "open", lambda self: None)


@pytest.fixture
def page(qtbot, store):
    from maternity_desk.ui.governance.page import GovernancePage

    p = GovernancePage(store, today=TODAY)
    qtbot.addWidget(p)
    return p


def _ok(dialog):
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_add_review_case(qtbot, page, store):
    assert page.title == "Governance"
    assert [page.tabs.tabText(i).replace("&", "") for i in range(page.tabs.count())] == [
        "Champions", "Improvement plan", "Submissions", "Perinatal reviews (PMRT)", "Overdue"]
    dialog = page._add_review()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.reference, "PMR-2024-031")
    dialog.category.setCurrentIndex(dialog.category.findData("stillbirth"))
    qtbot.keyClicks(dialog.gestation, "36w2d")
    qtbot.keyClicks(dialog.death, "20/12/2024")
    # the deadline is shown as soon as the date of death is typed (Christmas skipped)
    assert dialog.deadlines["reported"].text().startswith("due 03/01/2025")
    qtbot.keyClicks(dialog.milestones["reported"], "23/12/2024")
    with qtbot.waitSignal(page.data_changed, timeout=2000):
        _ok(dialog)
    cases = sg.reviews(store)
    assert [(c.reference, c.gestation_days, c.reported) for c in cases] == [("PMR-2024-031", 254, date(2024, 12, 23))]
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'gov_reviews'") == 1
    assert page.review_model.rowCount() == 1
    # parents not informed by 3 Jan 2025: overdue on 1 Mar (57 days), in the Overdue tab too
    texts = [page.review_model.index(0, c).data() for c in range(page.review_model.columnCount())]
    assert "OVERDUE 57 d" in texts
    items = {(i.register, i.days_overdue) for i in page.overdue_model.rows()}
    assert ("Perinatal reviews", 57) in items


@pytest.mark.parametrize(
    "reference, gestation, category, message",
    [("Baby 943 476 5919", "36+2", "stillbirth", "NHS number"),
     ("PMR-1", "23+0", "stillbirth", "late fetal loss"),
     ("PMR-1", "21+6", "neonatal_death", "before 22+0")],
)
def test_refused_case_is_explained_and_not_saved(qtbot, page, store, monkeypatch, reference, gestation,
                                                 category, message):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    dialog = page._add_review()
    qtbot.addWidget(dialog)
    dialog.reference.setText(reference)
    dialog.category.setCurrentIndex(dialog.category.findData(category))
    dialog.gestation.setText(gestation)
    dialog.death.setText("02/03/2024")
    _ok(dialog)
    assert shown and message in shown[0]
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert sg.reviews(store) == []


def test_add_plan_action_and_champion(qtbot, page, store, monkeypatch):
    dialog = page._add_plan_action()
    qtbot.addWidget(dialog)
    dialog.area.setCurrentText("Smoking in pregnancy")
    dialog.text.setPlainText("CO testing at booking")
    dialog.due.setText("31/01/2025")
    with qtbot.waitSignal(page.data_changed, timeout=2000):
        _ok(dialog)
    assert page.plan_model.rowCount() == 1
    assert "overdue 29 d" in page.plan_model.index(0, 4).data()
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    dialog = page._add_champion()
    qtbot.addWidget(dialog)
    dialog.person.setText("A Champion")
    dialog.start.setText("01/02/2025")
    dialog.end.setText("01/01/2025")
    _ok(dialog)
    assert shown and "before" in shown[0] and sg.champions(store) == []
    dialog.end.setText("")
    with qtbot.waitSignal(page.data_changed, timeout=2000):
        _ok(dialog)
    assert "obstetric safety champion role is vacant" in page.champ_warnings.text()


def test_demo_page_and_models(qtbot, demo_store, qtmodeltester):
    from maternity_desk.ui.governance.page import GovernancePage
    from tests.conftest import DEMO_TODAY

    p = GovernancePage(demo_store, today=DEMO_TODAY)
    qtbot.addWidget(p)
    assert p.review_model.rowCount() > 60
    assert p.overdue_model.rowCount() == len(sg.overdue(demo_store, DEMO_TODAY))
    assert "2026-09" in p.missing_label.text()
    assert "Earlier gaps" in p.champ_warnings.text()
    for model in (p.review_model, p.sub_model, p.plan_model, p.overdue_model, p.champ_action_model):
        qtmodeltester.check(model)
    p.review_cat.setCurrentIndex(p.review_cat.findData("late_fetal_loss"))
    shown = {p.review_proxy.index(r, 1).data() for r in range(p.review_proxy.rowCount())}
    assert shown == {"Late fetal loss"}
    p.as_at.setText("01/01/2030")
    p._refresh_overdue()
    assert p.overdue_model.rowCount() > len(sg.overdue(demo_store, DEMO_TODAY))
