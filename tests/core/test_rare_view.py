"""The chart each indicator gets by default, and the g-chart and CUSUM views of an indicator
(core/rare_view.py), by hand; and ``spc --chart g`` / ``--chart cusum`` through the CLI."""

from __future__ import annotations

import json
import math
from datetime import date

import pytest

from maternity_desk.core import rare_view as rv
from maternity_desk.core.dashboard import Series, SpcSetting, chart_for, spc_view
from maternity_desk.core.indicators import Indicator

RARE = Indicator("stillbirth", "Stillbirth rate", "per_1000", "lower", chart="run", rare_event=True)
COMMON = Indicator("induction", "Induction", "percent", "lower", chart="xmr")
PROPORTION = Indicator("term_admissions", "Term admissions", "per_100", "lower", chart="p")


def test_default_chart_per_indicator():
    assert rv.default_chart(RARE) == "g"
    assert rv.default_chart(COMMON) == "xmr"
    assert rv.default_chart(PROPORTION) == "p"
    # the user's choice wins, either way
    assert rv.default_chart(RARE, SpcSetting("stillbirth", chart="run")) == "run"
    assert rv.default_chart(COMMON, SpcSetting("induction", chart="cusum")) == "cusum"
    # the monthly chart (summary, returns) stays a monthly one
    assert chart_for(RARE, SpcSetting("stillbirth", chart="g")) == "run"


def test_default_chart_for_the_shipped_catalogue(store):
    from maternity_desk.store import dashboard as dash

    charts = {i.code: rv.default_chart(i) for i in dash.indicators(store)}
    for code in ("stillbirth", "neonatal_death", "extended_perinatal", "term_perinatal_deaths", "maternal_death",
                 "brain_injury", "brain_injury_nnrd"):
        assert charts[code] == "g", code
    assert charts["term_admissions"] == "p" and charts["induction"] == "xmr" and charts["midwife_birth_ratio"] == "xmr"


def _series(ind, nums, dens):
    months = [f"2025-{m:02d}" for m in range(1, len(nums) + 1)]
    return Series(ind, months, list(nums), list(dens))


def test_g_view_from_monthly_counts_by_hand():
    # Jan 300 births, 2 events at births 100 and 200; Feb 250 births, none; Mar 300 births,
    # 1 event at 550 + 150 = 700: gaps 100 and 500
    s = _series(RARE, [2, 0, 1], [300, 250, 300])
    v = rv.g_view(s)
    assert v.unit == "births" and "monthly figures" in v.source
    assert [(r.value, r.month) for r in v.rows] == [(100.0, "2025-01"), (500.0, "2025-03")]
    assert v.rows[0].mean == 300.0
    assert v.rows[0].upper == pytest.approx(300 + 3 * math.sqrt(300 * 301))
    assert "Benneyan" in v.thresholds_text


def test_g_view_prefers_the_case_log():
    s = _series(RARE, [1, 1, 1], [300, 300, 300])
    dates = [date(2025, 1, 5), date(2025, 2, 4), date(2025, 3, 21)]
    v = rv.g_view(s, dates)
    assert v.unit == "days" and [r.value for r in v.rows] == [30.0, 45.0]
    assert [r.label for r in v.rows] == ["04/02/2025", "21/03/2025"]
    # fewer than 3 dates: the monthly counts instead
    assert rv.g_view(s, dates[:2]).unit == "births"


def test_cusum_view_by_hand():
    term = Indicator("term_perinatal_deaths", "Term deaths", "per_1000", "lower", chart="run", rare_event=True)
    s = _series(term, [0, 3, None, 2], [500, 500, 500, 500])
    v = rv.cusum_view(s, 2.0)  # 2 per 1,000: 1 expected a month
    w = math.log(2)
    assert [r.expected for r in v.rows] == [1.0, 1.0, 1.0, 1.0]
    assert v.rows[0].value == 0.0
    assert v.rows[1].value == pytest.approx(3 * w - 1)
    assert v.rows[2].value is None
    assert v.rows[3].value == pytest.approx(3 * w - 1 + 2 * w - 1)  # 2.466: below 2.944
    assert "95%" in v.thresholds_text and "not the national" in v.thresholds_text
    empty = rv.cusum_view(s, None)
    assert empty.rows == [] and "reference rate" in empty.warnings[0]


def test_six_point_rule_from_the_setting():
    ind = Indicator("x", "X", "percent", "lower", chart="xmr")
    values = [9, 11] * 6 + [8] * 6  # baseline alternates about 10; then six below
    s = Series(ind, [f"2024-{m:02d}" if m <= 12 else f"2025-{m - 12:02d}" for m in range(1, 19)],
               values, [100] * 18)
    assert not any(r.rule for r in spc_view(s, SpcSetting("x", baseline=12)).rows[12:])
    six = spc_view(s, SpcSetting("x", baseline=12, rule_points=6))
    assert {r.rule for r in six.rows[12:]} == {"shift"}


def test_spc_command_g_and_cusum(cli, demo_path):
    code, out, err = cli("spc", "--indicator", "stillbirth", "--chart", "g", "--json", "--db", demo_path)
    assert code == 0, err
    rows = json.loads(out)
    assert rows and {"label", "value", "mean", "lower", "upper", "special_cause", "rule", "variation"} <= set(rows[0])
    assert rows[0]["lower"] == 0
    code, out, err = cli("spc", "--indicator", "stillbirth", "--chart", "g", "--db", demo_path)
    assert code == 0 and "Benneyan" in out and "case log" in out
    code, out, err = cli("spc", "--indicator", "term_perinatal_deaths", "--chart", "cusum", "--db", demo_path)
    assert code == 0 and "enter the reference rate" in out
    code, out, err = cli("spc", "--indicator", "term_perinatal_deaths", "--chart", "cusum", "--reference-rate",
                         "1.6", "--json", "--db", demo_path)
    assert code == 0, err
    rows = json.loads(out)
    assert rows and all(r["upper"] == pytest.approx(math.log(99)) for r in rows)
    assert all(r["lower"] == pytest.approx(math.log(19)) for r in rows)
    assert {"observed", "expected"} <= set(rows[0])
    code, out, err = cli("spc", "--indicator", "induction", "--rule-points", "6", "--json", "--db", demo_path)
    assert code == 0 and json.loads(out)


def test_cusum_reference_from_imported_national_figures(store):
    """With no rate entered, England's latest annual figure imported for the indicator is the
    reference; an entered rate wins."""
    from maternity_desk.core import national as nat
    from maternity_desk.store import dashboard as dash
    from maternity_desk.store import national
    from maternity_desk.store import rare_events as sr

    with store.transaction():
        store.executemany("INSERT INTO indicator_value (month, indicator_code, numerator, denominator) "
                          "VALUES (?, 'term_perinatal_deaths', ?, 500)", [("2025-01", 1), ("2025-02", 3)])
        national.insert_values(store, [
            nat.PublishedValue(nat.ANNUAL, "2023-24", nat.LEVEL_NATIONAL, "ENG", "England", "term_perinatal_deaths",
                               900, 600_000),
            nat.PublishedValue(nat.ANNUAL, "2024-25", nat.LEVEL_NATIONAL, "ENG", "England", "term_perinatal_deaths",
                               1_000, 625_000)])
    view = sr.view(store, "term_perinatal_deaths", "cusum")
    assert view.reference_rate == pytest.approx(1.6)  # 1,000 / 625,000 per 1,000
    assert "England's 2024-25 rate from the imported national figures" in view.source
    assert view.rows[0].expected == pytest.approx(0.8)
    sr.save_cusum_settings(store, "term_perinatal_deaths", 2.0, 2.5, 4.0)
    view = sr.view(store, "term_perinatal_deaths", "cusum")
    assert view.reference_rate == 2.0 and "entered by the unit" in view.source
    assert (view.level_1, view.level_2) == (2.5, 4.0)
    assert dash.indicator(store, "term_perinatal_deaths").rare_event


def test_case_log_dates_per_indicator(store):
    from maternity_desk.core import governance as g
    from maternity_desk.store import governance as sg
    from maternity_desk.store import rare_events as sr

    for ref, cat, gest, died in (("A", "stillbirth", "38+0", "2025-01-05"), ("B", "neonatal_death", "30+0", "2025-02-01"),
                                 ("C", "neonatal_death", "39+2", "2025-03-01"), ("D", "late_fetal_loss", "23+0", "2025-03-05")):
        sg.save_review(store, g.make_review({"reference": ref, "category": cat, "gestation": gest,
                                             "date_of_death": died}))
    assert sr.case_dates(store, "stillbirth") == [date(2025, 1, 5)]
    assert sr.case_dates(store, "neonatal_death") == [date(2025, 2, 1), date(2025, 3, 1)]
    assert sr.case_dates(store, "extended_perinatal") == [date(2025, 1, 5), date(2025, 2, 1), date(2025, 3, 1)]
    assert sr.case_dates(store, "term_perinatal_deaths") == [date(2025, 1, 5), date(2025, 3, 1)]  # 37+0 or later
    assert sr.case_dates(store, "maternal_death") == []
    assert sr.case_dates(store, "stillbirth", last="2024-12") == []


def test_spc_command_follows_the_chart_the_unit_chose(cli, demo_path):
    from maternity_desk.core.dashboard import SpcSetting
    from maternity_desk.store import dashboard as dash
    from maternity_desk.store import open_store

    code, out, _ = cli("spc", "--indicator", "stillbirth", "--json", "--db", demo_path)
    assert code == 0 and "month" in json.loads(out)[0] and "label" not in json.loads(out)[0]  # monthly by default
    store = open_store(demo_path, backups=False)
    try:
        dash.save_spc_setting(store, SpcSetting("stillbirth", chart="g"))
    finally:
        store.close()
    code, out, _ = cli("spc", "--indicator", "stillbirth", "--json", "--db", demo_path)
    assert code == 0 and "label" in json.loads(out)[0]
