"""The dashboard's rare-event charts for an indicator: which chart an indicator gets by
default, and the g-chart and CUSUM views built from its months or its case log.

* Rare events (0 to 3 a month: the indicator's ``rare_event`` flag) are shown by default as a
  g-chart beside the rolling 12-month rate; other indicators keep their catalogue chart. The
  user's choice (``SpcSetting.chart``) always wins.
* g-chart: from the case log's dates where the indicator has one (days between deaths), else
  from the monthly counts (births between events, each month's events spread evenly over its
  births, since monthly figures do not give the order).
* CUSUM: the monthly events against ``reference rate x denominator`` (the reference rate in
  the indicator's scale, e.g. England's per 1,000), looking for a doubling; the thresholds are
  settings, stated with the chart, which never claims to be the national signal.

Pure Python: no Qt, no SQL, no files.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from maternity_desk.core import rare_events as rare
from maternity_desk.core.dashboard import Series, SpcSetting, chart_for
from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.indicators import Indicator
from maternity_desk.core.periods import month_label

RARE_CHARTS = ("g", "cusum")
CHART_LABELS = {"g": "g-chart (between events)", "cusum": "CUSUM for a doubling"}
#: the review case log's categories (and least gestation, days) whose dates of death give an
#: indicator's g-chart; other indicators use their monthly counts
CASE_LOG = {
    "stillbirth": (("stillbirth",), 0),
    "neonatal_death": (("neonatal_death",), 0),
    "extended_perinatal": (("stillbirth", "neonatal_death"), 0),
    "term_perinatal_deaths": (("stillbirth", "neonatal_death"), 37 * 7),
}
MIN_CASES = 3  # a case log with fewer dates than this gives way to the monthly counts


def default_chart(indicator: Indicator, setting: SpcSetting | None = None) -> str:
    """The chart the dashboard draws for an indicator: the user's choice, else a g-chart for a
    rare event, else the catalogue's chart."""
    if setting is not None and setting.chart:
        return setting.chart
    if indicator.rare_event:
        return "g"
    return chart_for(indicator, setting)


@dataclass(frozen=True)
class RareRow:
    label: str  # the event (g-chart: the date or month of the event closing the gap) or month
    value: float | None
    mean: float | None
    lower: float | None
    upper: float | None
    special_cause: bool
    rule: str | None
    variation: str | None
    month: str | None = None
    observed: float | None = None  # CUSUM: the month's events
    expected: float | None = None  # CUSUM: the events the reference rate expects

    def as_json(self) -> dict:
        def clean(v):
            return None if v is None or (isinstance(v, float) and not math.isfinite(v)) else v

        out = {"label": self.label, "month": self.month, "value": clean(self.value), "mean": clean(self.mean),
               "lower": clean(self.lower), "upper": clean(self.upper), "special_cause": self.special_cause,
               "rule": self.rule, "variation": self.variation}
        if self.expected is not None or self.observed is not None:
            out.update(observed=self.observed, expected=clean(self.expected))
        return out


@dataclass
class RareView:
    indicator: Indicator
    chart: str  # "g" or "cusum"
    rows: list[RareRow]
    unit: str = ""  # g-chart: "days" or "births"
    source: str = ""  # where the events came from, in words
    median: float | None = None
    level_1: float | None = None
    level_2: float | None = None
    reference_rate: float | None = None
    ratio: float = rare.DOUBLING
    statement: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def thresholds_text(self) -> str:
        """What the chart's lines mean, to print with it."""
        if self.chart == "g":
            if not self.rows or self.rows[0].upper is None:
                return "g-chart: too few events for limits yet."
            r = self.rows[0]
            return (f"g-chart of {self.unit} between events: mean {r.mean:.1f}, upper limit {r.upper:.1f} "
                    f"(mean + 3 x sqrt(mean x (mean + 1)), Benneyan), lower limit 0; median {self.median:.1f}.")
        if self.reference_rate is None:
            return "CUSUM: enter the reference rate to draw it."
        return (f"CUSUM for a {self.ratio:g}-fold rise over the reference rate {self.reference_rate:g} "
                f"{'per 1,000' if self.indicator.scale == 'per_1000' else self.indicator.scale_label}: "
                f"level 1 at {self.level_1:.2f} (95%), level 2 at {self.level_2:.2f} (99%), "
                "reset after level 2. " + self.statement)


def _events_from_monthly(events: Sequence[int | None], births: Sequence[int | None]) -> list[tuple[float, int]]:
    """(position in the birth sequence, month index) of every event, a month's events spread
    evenly over its births."""
    out: list[tuple[float, int]] = []
    before = 0.0
    for i, (e, n) in enumerate(zip(events, births)):
        if e is None or n is None:
            continue
        out += [(before + n * (j + 1) / (e + 1), i) for j in range(int(e))]
        before += n
    return out


def g_view(series: Series, event_dates: Sequence[date] = (), *, shift_points: int = 7) -> RareView:
    """g-chart of ``series``' indicator: days between the case log's ``event_dates`` when
    there are at least :data:`MIN_CASES`, else births between the monthly events."""
    ind = series.indicator
    dates = sorted(event_dates)
    if len(dates) >= MIN_CASES:
        gaps = [float(x) for x in rare.gaps_between_dates(dates)]
        labels = [d.strftime("%d/%m/%Y") for d in dates[1:]]
        months = [f"{d.year:04d}-{d.month:02d}" for d in dates[1:]]
        unit, source = "days", f"the case log ({len(dates)} deaths)"
    else:
        events = _events_from_monthly(series.numerators, series.denominators)
        gaps = [float(round(b[0] - a[0])) for a, b in zip(events, events[1:])]
        months = [series.months[b[1]] for b in events[1:]]
        labels = [month_label(m) for m in months]
        unit = "births"
        source = f"the monthly figures ({len(events)} events; a month's events spread evenly over its births)"
    result = rare.g_chart(gaps, shift_points=shift_points, unit=unit)
    rows = [RareRow(labels[p.index], p.value, p.mean, p.lower, p.upper, p.special_cause, p.rule, p.variation,
                    months[p.index]) for p in result.points]
    return RareView(ind, "g", rows, unit, source, result.median, warnings=list(result.warnings))


def cusum_view(series: Series, reference_rate: float | None, *, level_1: float = rare.LEVEL_1,
               level_2: float = rare.LEVEL_2, ratio: float = rare.DOUBLING,
               reference_from: str = "entered by the unit") -> RareView:
    """CUSUM of ``series``' monthly events against ``reference_rate`` (in the indicator's scale);
    ``reference_from`` says where the reference rate came from."""
    ind = series.indicator
    source = "the monthly figures" + (f"; reference rate {reference_from}" if reference_rate is not None else "")
    view = RareView(ind, "cusum", [], source=source, level_1=level_1, level_2=level_2,
                    reference_rate=reference_rate, ratio=ratio, statement=rare.NOT_NATIONAL)
    if reference_rate is None:
        view.warnings.append("No reference rate: enter England's rate (or another reference) for this indicator "
                             "to draw the CUSUM.")
        return view
    if not isinstance(reference_rate, (int, float)) or isinstance(reference_rate, bool) or reference_rate <= 0:
        raise InvalidValue("the CUSUM reference rate must be a number above 0")
    p = reference_rate / ind.multiplier
    expected = [None if d is None else d * p for d in series.denominators]
    result = rare.cusum(series.numerators, expected, ratio=ratio, level_1=level_1, level_2=level_2)
    view.rows = [RareRow(month_label(series.months[pt.index]), pt.value, None, pt.lower, pt.upper, pt.special_cause,
                         pt.rule, pt.variation, series.months[pt.index], pt.observed, pt.denominator)
                 for pt in result.points]
    return view
