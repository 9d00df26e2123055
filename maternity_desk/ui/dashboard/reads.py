"""What the dashboard page reads, as plain functions of a store: they run on a worker thread
over the worker's own connection (``ui.tasks.Latest``), never touching a widget."""

from __future__ import annotations

from dataclasses import dataclass

from maternity_desk.core.dashboard import Series, SpcSetting, SpcView, build_series, spc_view
from maternity_desk.core.indicators import Indicator
from maternity_desk.store import dashboard as dash


def rare_view_for(store, ind, setting):
    """The indicator's g-chart or CUSUM view when its chart is one (rare events by default)."""
    from maternity_desk.core.rare_view import RARE_CHARTS, default_chart
    from maternity_desk.store import rare_events as sr

    chart = default_chart(ind, setting)
    return sr.view(store, ind.code, chart) if chart in RARE_CHARTS else None


def read_summary(store) -> tuple[list[Indicator], list]:
    """The catalogue and every indicator's summary row (one SPC pass over them all)."""
    return dash.indicators(store), dash.summary(store)


@dataclass(frozen=True)
class IndicatorRead:
    """One indicator as its chart shows it."""

    indicator: Indicator
    setting: SpcSetting
    series: Series
    view: SpcView
    rare: object  # the g-chart or CUSUM view, or None
    rolling: list
    notes: list


def read_indicator(store, code: str) -> IndicatorRead:
    """The indicator's months, SPC setting and view, rare-event view and annotations (raises
    MaternityDeskError when it no longer exists)."""
    ind = dash.indicator(store, code)
    setting = dash.spc_setting(store, code)
    series = build_series(ind, dash.monthly_values(store, code))
    return IndicatorRead(ind, setting, series, spc_view(series, setting), rare_view_for(store, ind, setting),
                         series.rolling(), dash.annotations(store, code))
