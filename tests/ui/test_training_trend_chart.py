"""The compliance trend chart keeps its lines when only the figures change (a moved date)
and makes them again when the courses or thresholds change; what it draws is checked."""

from __future__ import annotations

from datetime import date

from maternity_desk.core.training import Thresholds, TrendPoint
from maternity_desk.ui.training.trend import TrendChart


def points(values: dict[str, list[float | None]]) -> list[TrendPoint]:
    months = ["2026-07", "2026-08", "2026-09"]
    return [TrendPoint(m, date(2026, 9, 30), course, 10, 0, v)
            for course, vs in values.items() for m, v in zip(months, vs, strict=True)]


def drawn(chart: TrendChart) -> dict[str, tuple[list[float], list[float]]]:
    out = {}
    for item in chart.plot_item.listDataItems():
        xs, ys = item.getData()
        out[item.name()] = ([] if xs is None else list(xs), [] if ys is None else list(ys))
    return out


def legend(chart: TrendChart) -> list[str]:
    return [label.text for _sample, label in chart.legend.items]


def test_new_figures_for_the_same_courses_move_the_same_lines(qtbot):
    chart = TrendChart()
    qtbot.addWidget(chart)
    chart.set_points(points({"PROMPT": [80.0, None, 95.0], "FM": [70.0, 75.0, 90.0]}), Thresholds())
    lines = list(chart.plot_item.listDataItems())
    assert drawn(chart) == {"PROMPT": ([0, 2], [80.0, 95.0]), "FM": ([0, 1, 2], [70.0, 75.0, 90.0])}
    chart.set_points(points({"PROMPT": [81.0, 82.0, 83.0], "FM": [None, None, 60.0]}), Thresholds())
    assert list(chart.plot_item.listDataItems()) == lines  # the same lines, not new ones
    assert drawn(chart) == {"PROMPT": ([0, 1, 2], [81.0, 82.0, 83.0]), "FM": ([2], [60.0])}
    assert legend(chart) == ["PROMPT", "FM"]


def test_other_courses_or_thresholds_make_the_lines_and_legend_again(qtbot):
    chart = TrendChart()
    qtbot.addWidget(chart)
    chart.set_points(points({"PROMPT": [80.0, 85.0, 95.0]}), Thresholds())
    chart.set_points(points({"NLS": [50.0, 60.0, 70.0], "PROMPT": [80.0, 85.0, 95.0]}), Thresholds())
    assert legend(chart) == ["NLS", "PROMPT"]
    assert drawn(chart)["NLS"] == ([0, 1, 2], [50.0, 60.0, 70.0])
    chart.set_points(points({"NLS": [50.0, 60.0, 70.0], "PROMPT": [80.0, 85.0, 95.0]}), Thresholds(95.0, 85.0))
    levels = sorted(line.value() for line in chart.plot_item.items if hasattr(line, "value") and callable(line.value))
    assert levels == [85.0, 95.0]
    assert len(chart.plot_item.listDataItems()) == 2
