"""The National benchmark page: choosers, ranked chart with the unit highlighted, funnel with
hover names, table, Excel export, year on year, and the import button's wizard."""

from __future__ import annotations

import pytest

from maternity_desk.core.unit import UnitSettings
from maternity_desk.exchange import importing
from tests.conftest import FIXTURES

HERE = FIXTURES / "national"


@pytest.fixture
def loaded(store):
    store.save_unit_settings(UnitSettings(unit_name="Riverside", ods_code="RXQ", region="Y59"))
    for name in ("hosp-epis-stat-mat-msdscsv-2021-22-synthetic.csv", "msds-mar2024-exp-measures.csv"):
        importing.commit(store, importing.plan_file(store, "national", HERE / name), backup=False)
    return store


def _page(qtbot, store):
    from maternity_desk.ui.national.page import NationalPage

    page = NationalPage(store)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    return page


def test_empty_database_says_what_to_do(qtbot, store):
    page = _page(qtbot, store)
    assert "No national figures have been imported yet" in page.summary.text()
    assert not page.export_button.isEnabled()
    assert page.title == "National benchmark"


def test_benchmark_views(qtbot, loaded):
    page = _page(qtbot, loaded)
    page.set_selection("caesarean", "2021-22")
    assert page.period_box.currentData() == "2021-22"
    text = page.summary.text()
    assert "30.0%" in text and "ranked 2 of 4" in text and "disclosure-rounded" in text
    # table: England, region, then trusts ranked; the unit's row named
    model = page.model
    assert [model.row(i).org_code for i in range(model.rowCount())] == ["National", "Y59", "RHW", "RXQ", "RTH", "RQX"]
    assert model.data(model.index(3, model.NAME)).endswith("(this unit)")
    assert model.data(model.index(3, model.VALUE)) == "30.0%"
    assert model.data(model.index(0, model.FIGURES)) == "rounded (published)"
    # ranked chart: trusts best first, the unit's bar highlighted, hover names the trust
    assert [r.org_code for r in page.ranked.bars] == ["RHW", "RXQ", "RTH", "RQX"]
    with qtbot.waitSignal(page.ranked.hovered) as sig:
        page.ranked._set_hover(page.ranked.describe_at(2.0, 10.0))  # bar n is rank n
    assert sig.args[0].startswith("#2 BUCKINGHAMSHIRE HEALTHCARE NHS TRUST [RXQ]: 30.0%")
    assert page.hover.text() == sig.args[0]
    # funnel: each trust placed, hovering near a point names it
    assert {p.org_code for p in page.points} == {"RHW", "RXQ", "RTH", "RQX"}
    rth = next(p for p in page.points if p.org_code == "RTH")
    page.funnel.plot.plotItem.vb.setRange(xRange=(0, 120), yRange=(0, 50), padding=0)
    assert page.funnel.describe_at(rth.denominator, rth.value).startswith("OXFORD UNIVERSITY HOSPITALS")
    assert "binomial" in page.funnel.plot.plotItem.titleLabel.text
    # year on year: one annual period here
    assert [y.period for y in page.years.years] == ["2021-22"]
    assert page.years.years[0].unit == pytest.approx(30.0)


def test_monthly_cqim_with_codes(qtbot, loaded):
    page = _page(qtbot, loaded)
    page.set_selection("apgar_0_6", "2024-03")
    text = page.summary.text()
    assert "2024-01 to 2024-03" in text and "5.00 per 1,000" in text
    statuses = {page.model.row(i).org_code: page.model.data(page.model.index(i, page.model.STATUS))
                for i in range(page.model.rowCount())}
    assert statuses["RHW"] == "did not submit (DNS)"
    assert statuses["RTH"] == "failed data quality (Low DQ)"
    assert statuses["RQX"] == "suppressed (*)"


def test_export_to_excel(qtbot, loaded, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog
    from python_calamine import CalamineWorkbook

    page = _page(qtbot, loaded)
    page.set_selection("caesarean", "2021-22")
    dest = tmp_path / "bench"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(dest), ""))
    page._export_xlsx()
    rows = CalamineWorkbook.from_path(str(dest) + ".xlsx").get_sheet_by_name("Benchmark").to_python()
    assert [r[2] for r in rows[6:]] == ["National", "Y59", "RHW", "RXQ", "RTH", "RQX"]


def test_import_button_opens_the_wizard_and_refreshes(qtbot, store, monkeypatch):
    from maternity_desk.ui import import_wizard

    opened = []

    def fake_open(self):
        opened.append(self.importer.kind)

    monkeypatch.setattr(import_wizard.ImportWizard, "open", fake_open)
    page = _page(qtbot, store)
    page._import()
    assert opened == ["national"]
    importing.commit(store, importing.plan_file(
        store, "national", HERE / "hosp-epis-stat-mat-msdscsv-2021-22-synthetic.csv"), backup=False)
    with qtbot.waitSignal(page.data_changed):
        page._on_imported()
    assert page.period_box.count() == 1


def test_page_draws_charts_after_first_paint_and_only_the_tab_shown(qtbot, loaded, monkeypatch):
    from maternity_desk.store import national as stored
    from maternity_desk.ui.national.page import FUNNEL, RANKED, YEARS

    page = _page(qtbot, loaded)
    assert page._charts == {}  # nothing drawn (nor pyqtgraph needed) before the page is painted
    assert "ranked" in page.summary.text()  # the summary line is there at once
    calls = []
    real = stored.benchmark
    monkeypatch.setattr(stored, "benchmark", lambda *a, **k: calls.append(a) or real(*a, **k))
    page.refresh()  # nothing changed since the page read the database
    assert calls == []
    page.show()
    qtbot.waitUntil(lambda: RANKED in page._charts, timeout=3000)
    assert set(page._charts) == {RANKED} and page.chart(RANKED).bars
    page.tabs.setCurrentIndex(YEARS)
    assert set(page._charts) == {RANKED, YEARS}
    page.method_box.setCurrentIndex(page.method_box.findData("normal"))
    assert FUNNEL not in page._charts
    page.tabs.setCurrentIndex(FUNNEL)
    assert "normal approximation" in page.chart(FUNNEL).plot.plotItem.titleLabel.text


def test_own_data_row_is_labelled_and_only_for_a_whole_year(qtbot, loaded):
    year = [f"2021-{m:02d}" for m in range(4, 13)] + ["2022-01", "2022-02", "2022-03"]
    with loaded.transaction():
        loaded.executemany("INSERT INTO indicator_value (month, indicator_code, numerator, denominator) "
                           "VALUES (?, 'caesarean', 3, 10)", [(m,) for m in year[:-1]])
    page = _page(qtbot, loaded)
    page.set_selection("caesarean", "2021-22")
    # eleven months of the year are not the year: no own-data row
    assert not any(page.model.row(i).org_level == "Unit (own data)" for i in range(page.model.rowCount()))
    from maternity_desk.store import dashboard

    dashboard.set_value(loaded, year[-1], "caesarean", 3, 10)
    page.refresh()
    page.set_selection("caesarean", "2021-22")
    own = next(i for i in range(page.model.rowCount()) if page.model.row(i).org_level == "Unit (own data)")
    assert page.model.data(page.model.index(own, page.model.VALUE)) == "30.0%"  # 36 / 120
    assert page.model.data(page.model.index(own, page.model.STATUS)) == "own data (exact)"
    assert page.model.data(page.model.index(own, page.model.FIGURES)) == "exact (own data)"
