"""The monthly return's own rule, small-number suppression (stated in core/returns.py), and the
shape of its sections, against hand-worked cases."""

from __future__ import annotations

from datetime import date

import pytest

from maternity_desk.core import returns as r
from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.indicators import Indicator
from maternity_desk.core.training import ComplianceRow, Thresholds


@pytest.mark.parametrize(("real", "shown"), [
    (None, None), (0, 0), (1, "*"), (2, "*"), (5, "*"), (7, "*"),
    (8, 10), (9, 10), (10, 10), (11, 10), (12, 10), (13, 15), (14, 15), (15, 15),
    (17, 15), (18, 20), (22, 20), (23, 25), (97, 95), (98, 100), (1002, 1000), (1003, 1005),
])
def test_suppression_table(real, shown):
    assert r.suppress_count(real) == shown


@pytest.mark.parametrize("bad", [-1, 2.5, "3", True])
def test_suppression_refuses_what_is_not_a_count(bad):
    with pytest.raises(InvalidValue):
        r.suppress_count(bad)


def test_rates_come_from_the_rounded_figures():
    # 12 of 398 -> 10 of 400 -> 2.5% (the real rate would be 3.015...%)
    assert r.published(12, 398, "percent", suppress=True) == (10, 400, 2.5)
    # 13 of 2,003 per 1,000 -> 15 of 2,005 -> 7.481...
    n, d, v = r.published(13, 2003, "per_1000", suppress=True)
    assert (n, d) == (15, 2005) and v == pytest.approx(15 / 2005 * 1000)
    # a suppressed numerator or denominator suppresses the rate
    assert r.published(3, 400, "per_1000", suppress=True) == ("*", 400, "*")
    assert r.published(0, 6, "percent", suppress=True) == (0, "*", "*")
    # zero stays zero and gives a rate of zero
    assert r.published(0, 400, "per_1000", suppress=True) == (0, 400, 0.0)
    # without suppression: the real counts and rate
    assert r.published(3, 400, "per_1000", suppress=False) == (3, 400, 7.5)
    assert r.published(None, None, "percent", suppress=True) == (None, None, None)
    # a figure that is not a count (midwives' whole-time equivalents) is published as it is;
    # the births beside it are rounded: 4,213 births to 160.84 WTE -> 4,215 / 160.84
    n, d, v = r.published(4213, 160.84, "ratio", suppress=True)
    assert (n, d) == (4215, 160.84) and v == pytest.approx(4215 / 160.84)
    assert r.published(5, 2.5, "ratio", suppress=True) == ("*", 2.5, "*")


class _Spc:
    def __init__(self, value, mean=None, lower=None, upper=None, variation="common"):
        self.value, self.mean, self.lower, self.upper, self.variation = value, mean, lower, upper, variation


SMOKING = Indicator("smoking_delivery", "Smoking at time of delivery", "percent", better="lower",
                    rag_green=6.0, rag_red=11.0, baseline=11.0, baseline_year=2010,
                    target=6.0, target_year=2022, group="public health")


def _item(nums, dens, months):
    from maternity_desk.core.indicators import rate, rolling_rates

    rows = [_Spc(rate(n, d, "percent"), 9.0, 4.0, 14.0) for n, d in zip(nums, dens)]
    return r.IndicatorMonth(SMOKING, months, nums, dens, rolling_rates(nums, dens, "percent"),
                            rows, "xmr", "hit_and_miss")


def test_dashboard_row_real_and_suppressed():
    months = [f"2025-{m:02d}" for m in range(1, 13)]
    nums = [30] * 11 + [38]
    dens = [400] * 11 + [400]
    im = _item(nums, dens, months)
    row = r.dashboard_row(im, "2025-12", suppress=False)
    headers = [c.header for c in r.DASHBOARD_COLUMNS]
    got = dict(zip(headers, row))
    assert got["Numerator"] == 38 and got["Denominator"] == 400
    assert got["Rate"] == r.Rate(9.5, "percent")
    assert got["RAG"] == "amber"  # 6 < 9.5 <= 11
    # 12 months: (11 x 30 + 38) / 4,800 = 368 / 4,800 = 7.666...%
    assert got["Rolling 12 months"].value == pytest.approx(368 / 4800 * 100)
    assert got["Mean or median"] == r.Rate(9.0, "percent")
    assert got["Variation"] == "Common cause" and got["Assurance"] == "Hit and miss"
    assert got["National target"] == r.Rate(6.0, "percent") and got["Target year"] == 2022
    sup = dict(zip(headers, r.dashboard_row(im, "2025-12", suppress=True)))
    # 38 -> 40, 400 -> 400: 10% -> amber; rolling 368 -> 370 of 4,800 -> 7.708...%
    assert sup["Numerator"] == 40 and sup["Rate"] == r.Rate(10.0, "percent")
    assert sup["RAG"] == "amber"
    assert sup["Rolling 12 months"].value == pytest.approx(370 / 4800 * 100)


def test_dashboard_row_for_a_month_without_data():
    im = _item([30], [400], ["2025-01"])
    got = dict(zip([c.header for c in r.DASHBOARD_COLUMNS], r.dashboard_row(im, "2025-12", suppress=False)))
    assert got["Numerator"] is None and got["Rate"].value is None and got["RAG"] is None
    assert got["Variation"] == "No data for the month"


def test_training_section_suppressed_uses_rounded_counts():
    rows = [ComplianceRow("FM", "midwife", 139, 122, 87.8, "amber"),
            ComplianceRow("FM", "annp", 4, 4, 100.0, "green")]
    real = r.training_section(rows, date(2025, 12, 31), {"FM": "Fetal monitoring"},
                              {"midwife": "Midwife"}, Thresholds(), suppress=False)
    assert real.tables[0].rows[0][:3] == ("FM", "Fetal monitoring", "Midwife")  # the group's name, not its code
    assert real.tables[0].rows[0][3:] == (139, 122, r.Rate(87.8, "percent"), "amber")
    sup = r.training_section(rows, date(2025, 12, 31), {}, {}, Thresholds(), suppress=True)
    # 139 -> 140, 122 -> 120: 85.7% -> amber; 4 and 4 -> * and no RAG
    assert sup.tables[0].rows[0][3:] == (140, 120, r.Rate(85.7, "percent"), "amber")
    assert sup.tables[0].rows[1][3:] == ("*", "*", r.Rate("*", "percent"), None)


def test_data_rows_are_long_and_tidy():
    months = ["2025-11", "2025-12"]
    im = _item([5, 38], [400, 400], months)
    rows = r.data_rows("Unit A", "RXQ", [im], months, suppress=True)
    assert rows == [
        ("Unit A", "RXQ", "2025-11", "smoking_delivery", SMOKING.name, "percent", "*", 400, "*", "yes"),
        ("Unit A", "RXQ", "2025-12", "smoking_delivery", SMOKING.name, "percent", 40, 400, 10.0, "yes"),
    ]
    assert len(rows[0]) == len(r.DATA_COLUMNS)


def test_unavailable_section_says_so():
    s = r.unavailable("Fund", "Training fund", "No fund records in this database.")
    assert not s.available and s.row_count == 0 and s.notes == ["No fund records in this database."]


def test_trends_table_names_the_centre_line_the_chart_draws():
    """A run chart's centre line is its median: the Trends table (and the chart's legend drawn
    from it) says so; an XmR chart's is its mean."""
    from dataclasses import replace

    months = [f"2025-{m:02d}" for m in range(1, 13)]
    im = _item([30] * 12, [400] * 12, months)
    xmr = r.trends_section([im], months, suppress=False).tables[0]
    run = r.trends_section([replace(im, chart="run")], months, suppress=False).tables[0]
    assert [c.header for c in xmr.columns][2] == "Mean" and [c.header for c in run.columns][2] == "Median"
    assert run.title.endswith("Run chart")
