"""The dashboard picks the chart for an indicator (rare events: g-chart over the monthly and
rolling 12-month rate), the user switches it, the CUSUM states its thresholds; the 6-or-7
point choice is saved; and the main window shows a migration's message once."""

from __future__ import annotations

import gzip
import shutil
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from maternity_desk.store import dashboard as dash
from maternity_desk.store import rare_events as sr

TODAY = date(2026, 10, 15)


@pytest.fixture
def page(qtbot, demo_store):
    from maternity_desk.ui.dashboard.page import DashboardPage

    p = DashboardPage(demo_store, today=TODAY)
    qtbot.addWidget(p)
    p.show()
    p.chart  # noqa: B018 (built as when the page is first painted)
    return p


def test_rare_event_gets_a_g_chart_and_the_rolling_rate(page, qtbot):
    page._select_code("stillbirth")
    assert page.chart_combo.currentData() is None  # the default ...
    assert page._rare is not None and page._rare.chart == "g"  # ... is a g-chart for a rare event
    assert page.rare_chart.isVisible() and page.rare_chart.view.unit == "days"
    assert page.chart.rates_only and page.chart.show_rolling
    assert "Benneyan" in page.notes_label.text() and "rolling 12-month rate" in page.notes_label.text()
    text = page.rare_chart.describe_at(0, 0)
    assert "days since the event before" in text
    page._select_code("induction")
    assert page._rare is None and not page.rare_chart.isVisible() and not page.chart.rates_only


def test_user_switches_chart_and_cusum_states_thresholds(page, demo_store):
    page._select_code("stillbirth")
    page.chart_combo.setCurrentIndex(page.chart_combo.findData("run"))
    assert dash.spc_setting(demo_store, "stillbirth").chart == "run"
    assert page._rare is None and page.chart.view.chart == "run"
    page._select_code("term_perinatal_deaths")
    page.chart_combo.setCurrentIndex(page.chart_combo.findData("cusum"))
    assert page._rare.chart == "cusum" and page._rare.rows == []
    assert "reference rate" in page.notes_label.text() and page.cusum_button.isEnabled()
    sr.save_cusum_settings(demo_store, "term_perinatal_deaths", 1.5, 3.0, 5.0)
    page._show_indicator("term_perinatal_deaths")
    rows = page._rare.rows
    assert rows and rows[0].lower == 3.0 and rows[0].upper == 5.0
    notes = page.notes_label.text()
    assert "level 1 at 3.00" in notes and "level 2 at 5.00" in notes and "not the national" in notes
    assert "not the national signal" in page.rare_chart.plot.plotItem.titleLabel.text


def test_rule_points_choice_saved(page, demo_store):
    page._select_code("caesarean")
    page.points_combo.setCurrentIndex(page.points_combo.findData(6))
    assert dash.spc_setting(demo_store, "caesarean").rule_points == 6
    page.points_combo.setCurrentIndex(page.points_combo.findData(None))
    assert dash.spc_setting(demo_store, "caesarean").rule_points is None


def test_migration_message_shown_once(qtbot, tmp_path):
    from maternity_desk.store import notices, open_store
    from maternity_desk.ui.main_window import MainWindow

    fix = Path(__file__).resolve().parent.parent / "fixtures" / "v008" / "edited.sqlite.gz"
    path = tmp_path / "unit.sqlite"
    with gzip.open(fix, "rb") as src, open(path, "wb") as dst:
        shutil.copyfileobj(src, dst)
    store = open_store(path, backups=False)
    assert notices.pending(store)
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: getattr(w, "notice_box", None) is not None and w.notice_box.isVisible(), timeout=3000)
    assert w.notice_box.text().startswith("This file was brought up to date")
    assert "Kept as your unit set them" in w.notice_box.detailedText()
    assert notices.pending(store) == []  # once only
    assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'notice_shown'") == 1
    shown = w.notice_box
    shown.button(QMessageBox.StandardButton.Ok).click()
    w.show_notices()
    assert w.notice_box is shown  # nothing more to show: no second message


def test_ambition_and_rare_flag_are_editable(qtbot, store):
    """Unverified figures ship as editable data: the ambition text, its source and the
    rare-event flag are edited in the indicator dialog (by keyboard) and audited."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from maternity_desk.ui.dashboard.dialogs import IndicatorDialog

    dlg = IndicatorDialog(store, dash.indicator(store, "brain_injury_nnrd"))
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.activateWindow()
    qtbot.waitUntil(lambda: dlg.isActiveWindow(), timeout=2000)
    assert dlg.rare_event.isChecked() and "check against the published guidance" in dlg.ambition.toPlainText()
    QTest.keyClick(dlg, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dlg.ambition
    dlg.ambition.selectAll()
    qtbot.keyClicks(dlg.ambition, "Halve 4.9 per 1,000 (our network's checked figure) by 2025.")
    QTest.keyClick(dlg, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)  # the rare-event box (an animated click)
    qtbot.waitUntil(lambda: not dlg.rare_event.isChecked(), timeout=2000)
    with qtbot.waitSignal(dlg.accepted, timeout=2000):
        dlg._save()
    ind = dash.indicator(store, "brain_injury_nnrd")
    assert ind.ambition.startswith("Halve 4.9") and not ind.rare_event
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'indicator' AND action = 'update' "
                        "AND row_key = 'brain_injury_nnrd'") == 1


def test_governance_page_shows_scheme_window_percentages(qtbot, demo_store):
    from maternity_desk.ui.governance.page import GovernancePage

    p = GovernancePage(demo_store)
    qtbot.addWidget(p)
    p.refresh()
    text = p.review_compliance.text()
    assert text.startswith("Maternity Incentive Scheme year 7 (2025/26), safety action 1, deaths 01/12/2024 to 30/11/2025")
    assert "Maternity Incentive Scheme year 6" in text and "needs 95%" in text
    assert "Check against the published guidance." in text


def test_grid_takes_whole_time_equivalents_to_two_places(qtbot, store, monkeypatch):
    from maternity_desk.ui.dashboard.grid import EntryGrid

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    grid = EntryGrid(store, TODAY)
    qtbot.addWidget(grid)
    grid.refresh()
    m = grid.model
    col = 2 * [i.code for i in m.indicators].index("midwife_birth_ratio")
    grid.view.setCurrentIndex(m.index(m.months.index("2026-09"), col))
    assert grid.paste_text("3400\t123.45\n") is True
    assert dash.monthly_values(store, "midwife_birth_ratio") == [("2026-09", 3400, 123.45)]
    assert m.data(m.index(m.months.index("2026-09"), col + 1)) == "123.45"
    assert grid.paste_text("3400\t123.456\n") is False and "2 decimal places" in shown[-1]
    grid.view.setCurrentIndex(m.index(m.months.index("2026-09"), 2 * [i.code for i in m.indicators].index("induction")))
    assert grid.paste_text("120\t360.5\n") is False and "whole number" in shown[-1]


def test_scheme_years_edited(qtbot, store, monkeypatch):
    """The rule sets are data the unit corrects: a threshold and the current year, audited;
    the compliance figures follow."""
    from maternity_desk.store import pmrt as sp
    from maternity_desk.ui.governance.rule_sets import RuleSetsDialog

    dlg = RuleSetsDialog(store)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.year.currentData() == 7 and dlg.is_current.isChecked()
    assert "Check against the published guidance." in dlg.caveat.text()
    used, amount, basis, share = dlg.rows["draft_report"]
    assert used.isChecked() and (amount.value(), basis.currentData(), share.value()) == (4, "months", 60)
    share.setValue(70)
    with qtbot.waitSignal(dlg.accepted, timeout=2000):
        dlg._save()
    rs = sp.rule_set(store, 7)
    assert {m.code: m.threshold for m in rs.milestones}["draft_report"] == 70
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'gov_rule_sets' AND action = 'update'") == 1
    dlg = RuleSetsDialog(store)
    qtbot.addWidget(dlg)
    dlg.year.setCurrentIndex(dlg.year.findData(6))
    assert not dlg.is_current.isChecked() and dlg.start.text() == "08/12/2023"
    dlg.is_current.setChecked(True)
    dlg.end.setText("31/12/2023")
    with qtbot.waitSignal(dlg.accepted, timeout=2000):
        dlg._save()
    assert sp.rule_set(store).year == 6 and sp.rule_set(store, 6).period_end == date(2023, 12, 31)
    dlg = RuleSetsDialog(store)
    qtbot.addWidget(dlg)
    dlg.end.setText("01/01/2020")  # before the start: refused with a message, nothing written
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    dlg._save()
    assert shown and "ends before it starts" in shown[0]
    assert sp.rule_set(store, 6).period_end == date(2023, 12, 31)


def test_cusum_settings_through_the_page(page, demo_store, qtbot):
    from maternity_desk.ui.dashboard.rare_chart import CusumSettingsDialog

    page._select_code("term_perinatal_deaths")
    page.chart_combo.setCurrentIndex(page.chart_combo.findData("cusum"))
    page.cusum_button.click()
    dlg = page.active_dialog
    assert isinstance(dlg, CusumSettingsDialog) and dlg.isVisible()
    assert dlg.reference.value() == 0 and dlg.reference.text() == "not set"
    assert round(dlg.level_1.value(), 2) == 2.94 and round(dlg.level_2.value(), 2) == 4.60
    dlg.reference.setValue(1.6)
    dlg.accept()
    qtbot.waitUntil(lambda: page._rare is not None and page._rare.reference_rate == 1.6, timeout=2000)
    assert sr.cusum_settings(demo_store, "term_perinatal_deaths")[0] == 1.6
    assert page._rare.rows and "1.6 per 1,000" in page.notes_label.text()
    assert demo_store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'settings' "
                             "AND row_key = 'spc.cusum.reference.term_perinatal_deaths'") == 1
