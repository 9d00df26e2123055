"""The rare-event charts' data: the case log's dates for an indicator, the CUSUM settings
(reference rate per indicator, the two thresholds) and the views (core/rare_view.py)."""

from __future__ import annotations

from datetime import date

from maternity_desk.core import rare_events as rare
from maternity_desk.core import rare_view as rv
from maternity_desk.core.errors import InvalidValue
from maternity_desk.store import dashboard as dash

LEVEL_1_KEY = "spc.cusum.level_1"
LEVEL_2_KEY = "spc.cusum.level_2"
REFERENCE_KEY = "spc.cusum.reference.{code}"


def case_dates(store, code: str, *, last: str | None = None) -> list[date]:
    """Dates of death in the review case log for an indicator that has one (none otherwise)."""
    spec = rv.CASE_LOG.get(code)
    if spec is None:
        return []
    categories, least = spec
    marks = ", ".join("?" for _ in categories)
    rows = store.query(f"SELECT date_of_death FROM gov_reviews WHERE category IN ({marks}) AND gestation_days >= ? "
                       "ORDER BY date_of_death", (*categories, least))
    dates = [date.fromisoformat(r[0]) for r in rows]
    return [d for d in dates if last is None or f"{d.year:04d}-{d.month:02d}" <= last]


def _float(text: str | None, default: float | None) -> float | None:
    try:
        return default if text in (None, "") else float(text)
    except ValueError:
        return default


def cusum_settings(store, code: str) -> tuple[float | None, float, float]:
    """(reference rate in the indicator's scale or None, level 1, level 2)."""
    return (_float(store.get_setting(REFERENCE_KEY.format(code=code)), None),
            _float(store.get_setting(LEVEL_1_KEY), rare.LEVEL_1),
            _float(store.get_setting(LEVEL_2_KEY), rare.LEVEL_2))


def save_cusum_settings(store, code: str, reference_rate: float | None, level_1: float, level_2: float) -> None:
    """The reference rate for one indicator and the unit's two thresholds (audited)."""
    dash.indicator(store, code)
    if reference_rate is not None and not reference_rate > 0:
        raise InvalidValue("the reference rate must be above 0 (or left empty)")
    if not 0 < level_1 <= level_2:
        raise InvalidValue("the thresholds must be above 0, level 2 not below level 1")
    with store.transaction():
        store.set_setting(REFERENCE_KEY.format(code=code), "" if reference_rate is None else repr(float(reference_rate)))
        store.set_setting(LEVEL_1_KEY, repr(float(level_1)))
        store.set_setting(LEVEL_2_KEY, repr(float(level_2)))


def view(store, code: str, chart: str, *, last: str | None = None, rule_points: int | None = None,
         reference_rate: float | None = None, level_1: float | None = None,
         level_2: float | None = None) -> rv.RareView:
    """The g-chart or CUSUM of one indicator (arguments given override the stored settings)."""
    if chart not in rv.RARE_CHARTS:
        raise InvalidValue(f"'{chart}' is not a rare-event chart ({', '.join(rv.RARE_CHARTS)})")
    s = dash.series(store, code, last=last)
    if chart == "g":
        points = rule_points or dash.spc_setting(store, code).rule_points or 7
        return rv.g_view(s, case_dates(store, code, last=last), shift_points=points)
    ref, l1, l2 = cusum_settings(store, code)
    where = "entered by the unit"
    if reference_rate is not None:
        ref, where = reference_rate, "given for this chart"
    elif ref is None:
        ref, where = england_rate(store, code)
    return rv.cusum_view(s, ref, level_1=level_1 if level_1 is not None else l1,
                         level_2=level_2 if level_2 is not None else l2, reference_from=where)


def england_rate(store, code: str) -> tuple[float | None, str]:
    """England's latest annual rate for the indicator from the imported national figures,
    when the national mapping gives one (None otherwise)."""
    from maternity_desk.store import national

    if not store.table_exists("national_value"):
        return None, ""
    latest = [p for p in national.year_on_year(store, code) if p.england is not None]
    if not latest:
        return None, ""
    return latest[-1].england, f"England's {latest[-1].period} rate from the imported national figures"
