"""What the marks mean: the V and A columns have a key and each icon a tooltip, the summary
table says "median" where the chart draws one, and special-cause points are in the chart's
legend."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from maternity_desk.core.dashboard import SummaryRow
from maternity_desk.ui import tasks
from maternity_desk.ui.dashboard.models import IndicatorListModel, SummaryModel
from maternity_desk.ui.dashboard.page import DashboardPage


@pytest.fixture
def page(qtbot, demo_store, monkeypatch):
    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())
    p = DashboardPage(demo_store)
    qtbot.addWidget(p)
    p.resize(1200, 700)
    p.show()
    return p


def _row(chart: str) -> SummaryRow:
    return SummaryRow("x", "Some rate", "Outcomes", "percent", "2026-09", 12.0, 11.0, 10.5, 4.0, 17.0,
                      "common", None, None, "amber", chart, "lower")


def test_the_summary_says_median_for_a_run_chart():
    model = SummaryModel()
    model.set_rows([_row("run"), _row("p")])
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Mean or median"
    assert model.data(model.index(0, 4)) == "10.5% (median)"
    assert model.data(model.index(1, 4)) == "10.5%"
    assert model.data(model.index(0, 9)) == "Amber"  # statuses capitalised


def test_the_v_and_a_columns_have_a_key_and_tooltips(page):
    texts = [w.text() for w in page.icon_key.findChildren(QLabel)]
    assert "<b>V, variation:</b>" in texts and "<b>A, assurance:</b>" in texts
    assert {"common cause", "improvement", "concern", "passing the target", "failing the target",
            "hit and miss"} <= set(texts)
    assert page.icon_key.isVisible()
    model = page.list_model
    assert model.headerData(IndicatorListModel.VARIATION, Qt.Orientation.Horizontal,
                            Qt.ItemDataRole.ToolTipRole).startswith("V: variation")
    for r in range(model.rowCount()):
        for col in (IndicatorListModel.VARIATION, IndicatorListModel.ASSURANCE):
            assert model.data(model.index(r, col), Qt.ItemDataRole.ToolTipRole)


def _legend_for(page, name):
    names = [page.list_model.row(r)[0].name for r in range(page.list_model.rowCount())]
    page.list_view.selectRow(names.index(name))
    legend = page.chart.plot.plotItem.legend
    return [label.text for _sample, label in legend.items]


def test_special_cause_points_are_in_the_legend(page):
    # the demo's PPH rate rises from late 2025 (worse); smoking at delivery falls after the
    # smoke-free pregnancy project's change (better)
    labels = _legend_for(page, "Postpartum haemorrhage of 1,500 ml or more")
    assert "special cause: worse" in labels and "special cause: better" not in labels
    assert "mean" in labels and "monthly rate" in labels
    labels = _legend_for(page, "Smoking at time of delivery")
    assert "special cause: better" in labels


def test_names_sharing_a_start_are_cut_in_the_middle(page):
    from maternity_desk.ui.dashboard.models import header_name

    robson = [header_name(f"Caesarean in Robson group {n}") for n in (1, 2, 5)]
    assert robson == ["Caesarean in\n…group 1", "Caesarean in\n…group 2", "Caesarean in\n…group 5"]
    assert header_name("Smoking at booking") == "Smoking at\nbooking"  # fits: whole
    assert page.list_view.textElideMode() == Qt.TextElideMode.ElideMiddle
    model = page.list_model
    for r in range(model.rowCount()):
        ind = model.row(r)[0]
        assert model.data(model.index(r, IndicatorListModel.NAME), Qt.ItemDataRole.ToolTipRole).startswith(ind.name)
    names = [model.row(r)[0].name for r in range(model.rowCount())]
    headings = [header_name(n) for n in names]  # the Monthly entry grid's column headings
    assert len(set(headings)) == len(headings) == len(names)


def test_a_short_chart_keeps_its_plot_larger_than_its_legend(page):
    from PySide6.QtWidgets import QApplication

    names = [page.list_model.row(r)[0].name for r in range(page.list_model.rowCount())]
    page.list_view.selectRow(names.index("Postpartum haemorrhage of 1,500 ml or more"))
    from maternity_desk.ui.dashboard.charts import TrendChart

    chart = TrendChart()  # the page's chart, on its own (a layout would size it)
    chart.set_data(page.chart.view, page.chart.rolling, page.chart.annotations)
    chart.show()
    legend = chart.plot.plotItem.legend
    for size in ((900, 520), (560, 260)):  # room for both: 6 entries in 5 columns, then in 2
        chart.resize(*size)
        QApplication.processEvents()
        assert legend.isVisible(), size
        assert chart.plot.plotItem.vb.height() > legend.boundingRect().height(), size
    chart.resize(400, 230)  # one entry a row: six rows would leave the plot less room than them
    QApplication.processEvents()
    assert not legend.isVisible()
    assert chart.plot.plotItem.vb.height() > 80  # the plot, not the legend, has the room
    chart.deleteLater()
