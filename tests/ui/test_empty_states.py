"""A new, empty unit: Home lists its first steps and ticks them off; charts with nothing to
draw say what is missing and offer the action that fills it; nothing claims a false success."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from maternity_desk.core.training import StaffMember
from maternity_desk.core.unit import UnitSettings
from maternity_desk.ui import tasks
from maternity_desk.ui.main_window import MainWindow

TODAY = date(2026, 10, 15)


@pytest.fixture
def window(qtbot, store, monkeypatch):
    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def step_texts(home) -> list[str]:
    return [home.steps.item(i).text() for i in range(home.steps.count())]


def test_home_lists_first_steps_and_ticks_them_off(window, qtbot):
    store = window.store
    home = window.page(0)
    assert home.steps_box.isVisible()
    assert home.steps_box.title() == "First steps (0 of 4 done)"
    assert all(t.startswith("\u25cb") for t in step_texts(home))
    store.save_unit_settings(UnitSettings(unit_name="Ashmoor Maternity Unit", trust="Ashmoor NHS Trust"))
    with store.transaction():
        from maternity_desk.store import training as st

        st.save_staff(store, StaffMember("10000001", "Ann Example", "midwife", date(2020, 1, 1)), new=True)
    home.refresh()
    assert home.steps_box.title() == "First steps (2 of 4 done)"
    assert [t[0] for t in step_texts(home)] == ["\u2714", "\u2714", "\u25cb", "\u25cb"]
    with store.transaction():
        store.execute("INSERT INTO indicator_value VALUES ('2026-09', 'stillbirth', 1, 300)")
        st.save_thresholds(store, st.Thresholds(green=95.0, amber=85.0))  # the courses step: checked
    home.refresh()
    assert not home.steps_box.isVisible()  # every step done: Home is about the work now


def test_a_step_opens_where_it_is_done(window, qtbot):
    home = window.page(0)
    home.steps.setFocus()
    home.steps.setCurrentRow(1)  # the staff register
    QTest.keyClick(home.steps, Qt.Key.Key_Return)
    assert window.page_titles()[window.stack.currentIndex()] == "Training"


def test_home_keeps_database_details_for_about(window, monkeypatch):
    home = window.page(0)
    assert not hasattr(home, "db_fields")
    seen = []
    monkeypatch.setattr(QMessageBox, "about", lambda _p, _t, text: seen.append(text))
    window.about()
    assert str(window.store.path) in seen[0] and f"schema {window.store.schema_version}" in seen[0]
    assert "Last backup" in seen[0] and "WAL" in seen[0]


def test_training_chart_without_staff_says_so_and_opens_the_register(qtbot, store):
    from maternity_desk.ui.training.page import TrainingPage

    page = TrainingPage(store, today=TODAY)
    qtbot.addWidget(page)
    assert page.chart_state.is_empty and "No staff yet" in page.chart_state.message.text()
    page.chart_state.button.click()
    assert page.tabs.currentIndex() == 1


def test_dashboard_chart_without_figures_offers_the_entry_grid(qtbot, store):
    from maternity_desk.ui.dashboard.page import ENTRY, DashboardPage

    page = DashboardPage(store, today=TODAY)
    qtbot.addWidget(page)
    page.chart  # noqa: B018 (builds it)
    assert page.chart_state.is_empty and "No figures for" in page.chart_state.message.text()
    page.chart_state.button.click()
    assert page.tabs.currentIndex() == ENTRY


def test_dashboard_chart_with_figures_draws(qtbot, demo_store):
    from maternity_desk.ui.dashboard.page import DashboardPage

    page = DashboardPage(demo_store, today=TODAY)
    qtbot.addWidget(page)
    page.chart  # noqa: B018
    assert not page.chart_state.is_empty


def test_fund_charts_without_entries_offer_to_add_one(qtbot, store, monkeypatch):
    from maternity_desk.ui.fund.page import FundPage

    page = FundPage(store, today=TODAY)
    qtbot.addWidget(page)
    assert page.burn_state.is_empty and page.spend_state.is_empty
    assert "Nothing is recorded for" in page.burn_state.message.text()
    added = []
    monkeypatch.setattr(page, "_add", lambda: added.append(True))
    page.burn_state._action = page._add
    page.burn_state.button.click()
    assert added


def test_national_charts_before_any_import_offer_the_import(qtbot, store):
    from maternity_desk.ui.national.page import RANKED, NationalPage

    page = NationalPage(store)
    qtbot.addWidget(page)
    page._draw_tab(RANKED, now=True)
    state = page.chart(RANKED).state
    assert state.is_empty and "imported" in state.message.text()
    assert state.button.text().replace("&", "") == "Import published file…"


def test_no_submissions_tracked_is_not_every_submission_made(qtbot, store):
    from maternity_desk.ui.governance.page import GovernancePage

    with store.transaction():
        store.execute("UPDATE gov_datasets SET first_period = NULL")
    page = GovernancePage(store, today=TODAY)
    qtbot.addWidget(page)
    text = page.missing_label.text()
    assert "No dataset submissions are tracked yet" in text and "Every submission" not in text
