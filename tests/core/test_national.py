"""National published figures: header recognition, values, periods, windows, breakdown and
CQIM arithmetic, ranking and funnel placing — against hand-worked cases."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from maternity_desk.core import national as nat
from maternity_desk.core.errors import InvalidValue
from maternity_desk.paths import resource

MISSING = "Missing value / Value outside reporting parameters"


@pytest.fixture(scope="module")
def mapping():
    return nat.mapping_from_dict(json.loads(resource("national_mapping.json").read_text("utf-8")))


# --- headers -------------------------------------------------------------------------------

@pytest.mark.parametrize("headers", [
    ["Period", "Dimension", "Org_Level", "Org_Code", "Org_Name", "Measure", "Count_Of", "Value"],
    ["ReportingPeriodStartDate", "ReportingPeriodEndDate", "Dimension", "Org_Level", "Org_Code",
     "Org_Name", "Measure", "Count_Of", "Final_value"],
    ["Period", "Dimension", "Org Level", "Org Code", "Org Name", "Measure", "Count Of", "Value"],
    ["REPORTING_PERIOD_START_DATE", "Reporting Period End Date", "DIMENSION", "org level", "ORG_CODE",
     "org_name", "MEASURE", "count_of", "FINAL_VALUE"],
])
def test_breakdown_headers_are_recognised_in_every_spelling(headers):
    layout = nat.recognise(headers)
    assert layout.kind == "breakdown"
    assert layout.header("value") == headers[-1]
    assert layout.columns["org_code"] == (3 if headers[0] == "Period" else 4)


def test_final_value_is_preferred_to_value():
    layout = nat.recognise(["ReportingPeriodStartDate", "Dimension", "Org_Level", "Org_Code", "Measure",
                            "Value", "Final_value"])
    assert layout.header("value") == "Final_value"


def test_measures_header_is_recognised():
    layout = nat.recognise(["Org_Code", "Org_Name", "Org_Level", "RPStartDate", "RPEndDate",
                            "IndicatorFamily", "Indicator", "Currency", "Value"])
    assert layout.kind == nat.MEASURES
    assert layout.columns["start"] == 3


def test_dq_file_and_strangers_are_refused_with_a_reason():
    with pytest.raises(InvalidValue, match="data-quality"):
        nat.recognise(["ReportingPeriodStartDate", "Org_Code", "DataItem", "Valid", "Default"])
    with pytest.raises(InvalidValue, match="not one of the published national files"):
        nat.recognise(["Name", "Date", "Amount"])


# --- values --------------------------------------------------------------------------------

@pytest.mark.parametrize("cell, expected", [
    ("1,234", ("ok", 1234)), (0, ("ok", 0)), (15.0, ("ok", 15)), (" 40 ", ("ok", 40)),
    ("*", ("suppressed", None)), ("DNS", ("did_not_submit", None)), ("dns", ("did_not_submit", None)),
    ("Low DQ", ("low_dq", None)), ("LOW_DQ", ("low_dq", None)), ("lowdq", ("low_dq", None)),
])
def test_published_counts_and_codes(cell, expected):
    assert nat.parse_published(cell) == expected


@pytest.mark.parametrize("cell", ["n/a", "12.5", "-5", "", None, "5 babies", "Low-DQ?"])
def test_anything_else_is_refused(cell):
    with pytest.raises(InvalidValue):
        nat.parse_published(cell)


def test_rates_may_be_decimal():
    assert nat.parse_published("3.25", whole=False) == ("ok", 3.25)


# --- periods and windows -------------------------------------------------------------------

@pytest.mark.parametrize("period, start, end, expected", [
    ("2021-22", None, None, ("annual", "2021-22")),
    ("Dec-18", None, None, ("monthly_data", "2018-12")),
    (None, "01/01/2019", "31/01/2019", ("monthly_data", "2019-01")),
    (None, "2024-03-01", "2024-03-31", ("monthly_data", "2024-03")),
    (None, datetime(2019, 2, 1), datetime(2019, 2, 28), ("monthly_data", "2019-02")),
    (None, "2021-04-01", "2022-03-31", ("annual", "2021-22")),
])
def test_breakdown_period(period, start, end, expected):
    assert nat.breakdown_period(period, start, end) == expected


def test_a_two_month_period_is_refused():
    with pytest.raises(InvalidValue, match="neither one month"):
        nat.breakdown_period(None, "2024-01-01", "2024-02-29")


@pytest.mark.parametrize("cqim, month, window", [
    ("CQIMApgar", "2024-03", ("2024-01", "2024-03")),
    ("CQIMTears", "2024-01", ("2023-11", "2024-01")),  # across the year end
    ("CQIMVBAC", "2024-03", ("2024-01", "2024-03")),
    ("CQIMRobson05", "2024-03", ("2024-01", "2024-03")),
    ("CQIMPPH", "2024-03", ("2023-12", "2024-02")),
    ("CQIMSmokingDelivery", "2024-03", ("2024-02", "2024-02")),
    ("CQIMPreterm", "2024-03", ("2024-03", "2024-03")),
    ("CQIMBreastfeeding", "2024-03", ("2024-03", "2024-03")),
])
def test_cqim_windows(cqim, month, window):
    assert nat.cqim_window(cqim, month) == window


def test_measures_period_from_one_month_or_a_published_window():
    assert nat.measures_period("CQIMPPH", "01/03/2024", "31/03/2024") == ("2024-03", "2023-12", "2024-02")
    # dates already spanning the window are taken as published
    assert nat.measures_period("CQIMPPH", "2023-12-01", "2024-02-29") == ("2024-03", "2023-12", "2024-02")
    assert nat.measures_period("CQIMApgar", "2024-01-01", "2024-03-31") == ("2024-03", "2024-01", "2024-03")


def test_benchmark_period_text():
    assert nat.parse_period("2021-22") == ("annual", "2021-22")
    assert nat.parse_period("2024-03") == ("monthly", "2024-03")
    assert nat.parse_period("Mar-24") == ("monthly", "2024-03")
    with pytest.raises(InvalidValue, match="not a period"):
        nat.parse_period("2021-23")


# --- breakdowns into indicators ------------------------------------------------------------

def _add(t, dim, values, *, code="RXQ", status=None):
    for measure, v in values.items():
        st, n = (v, None) if isinstance(v, str) else ("ok", v)
        t.add("annual", "2021-22", "Provider", code, "TRUST", dim, measure, status or st, n)


def test_caesarean_from_delivery_method_hand_worked(mapping):
    t = nat.BreakdownTotals(mapping)
    _add(t, "DeliveryMethodBabyGroup", {"Elective caesarean section": 10, "Emergency caesarean section": 20,
                                        "Instrumental": 10, "Spontaneous": 50, "Other": 10, MISSING: 5})
    got = {v.indicator: (v.numerator, v.denominator) for v in t.values()}
    # denominator 10+20+10+50+10 = 100 (the 5 missing left out)
    assert got == {"caesarean": (30, 100), "instrumental": (10, 100), "spontaneous_vaginal": (50, 100)}


def test_not_known_and_missing_spellings_are_left_out(mapping):
    t = nat.BreakdownTotals(mapping)
    _add(t, "OnsetOfLabour", {"Spontaneous": 50, "Caesarean Section": 10, "Medical induction": 20,
                              "Surgical induction": 5, "Surgical and medical induction": 5,
                              "Not known": 7, "Missing Value/Value outside reporting parameters": 3})
    (v,) = t.values()
    assert (v.indicator, v.numerator, v.denominator) == ("induction", 30, 90)


def test_older_dimension_name_is_an_alias(mapping):
    t = nat.BreakdownTotals(mapping)
    _add(t, "SmokingAtBooking", {"Smoker": 5, "Non-Smoker / Ex-Smoker": 95, MISSING: 10})
    (v,) = t.values()
    assert (v.indicator, v.numerator, v.denominator) == ("smoking_booking", 5, 100)


def test_a_suppressed_category_makes_the_figure_unknown_not_zero(mapping):
    t = nat.BreakdownTotals(mapping)
    _add(t, "SmokingStatusGroupBooking", {"Smoker": "suppressed", "Non-Smoker / Ex-Smoker": 45, MISSING: 0})
    (v,) = t.values()
    assert (v.status, v.numerator, v.denominator) == ("suppressed", None, None)


def test_unknown_category_is_a_warning_and_left_out(mapping):
    t = nat.BreakdownTotals(mapping)
    warning = t.add("annual", "2021-22", "Provider", "RXQ", "T", "DeliveryMethodBabyGroup",
                    "Vaginal breech", "ok", 5)
    assert "Vaginal breech" in warning and "left out" in warning
    assert t.values() == []
    # an unmapped dimension is simply not used
    assert t.add("annual", "2021-22", "Provider", "RXQ", "T", "AgeAtBookingMotherGroup", "Under 20", "ok", 5) is None
    assert "AgeAtBookingMotherGroup" in t.unmapped_dimensions


def test_a_category_twice_is_an_error(mapping):
    t = nat.BreakdownTotals(mapping)
    _add(t, "SkinToSkinContact1HourTerm", {"Yes": 5})
    with pytest.raises(InvalidValue, match="twice"):
        _add(t, "SkinToSkinContact1HourTerm", {"yes": 5})


def test_cqim_low_dq_counts_published_as_zero_are_stored_as_unknown(mapping):
    t = nat.MeasureTotals(mapping)
    for currency, status, value in (("Numerator", "ok", 0), ("Denominator", "ok", 0),
                                    ("Rate per Thousand", "low_dq", None), ("Result", "ok", "Fail")):
        t.add("2024-03", ("2024-01", "2024-03"), "Provider", "RTH", "T", "apgar_0_6", currency, status, value)
    (v,) = t.values()
    assert (v.status, v.numerator, v.denominator, v.rate, v.result) == ("low_dq", None, None, None, "Fail")
    assert (v.window_start, v.window_end) == ("2024-01", "2024-03")


def test_cqim_rate_keeps_its_published_scale(mapping):
    t = nat.MeasureTotals(mapping)
    for currency, value in (("Numerator", 80), ("Denominator", 1000), ("Rate per Thousand", 80.0)):
        t.add("2024-03", ("2024-03", "2024-03"), "Provider", "RXQ", "T", "preterm", currency, "ok", value)
    (v,) = t.values()
    assert (v.numerator, v.denominator, v.rate, v.rate_scale) == (80, 1000, 80.0, "per_1000")
    # shown in the indicator's scale: 80 per 1,000 is 8 %
    assert nat.figure(v.numerator, v.denominator, "percent", v.rate, v.rate_scale) == pytest.approx(8.0)


def test_convert_scale():
    assert nat.convert_scale(75.0, "per_1000", "percent") == pytest.approx(7.5)
    assert nat.convert_scale(2.5, "percent", "per_1000") == pytest.approx(25.0)
    assert nat.convert_scale(None, "percent", "per_1000") is None


def test_mapping_refuses_a_numerator_outside_its_dimension():
    data = {"dimensions": {"D": {"categories": ["A", "B"]}},
            "indicators": {"x": {"dimension": "D", "numerator": ["C"]}}}
    with pytest.raises(InvalidValue, match="not categories of D"):
        nat.mapping_from_dict(data)


def test_shipped_mapping_has_the_eleven_codes_and_the_cqims(mapping):
    assert {i.code for i in mapping.indicators} == {
        "smoking_booking", "apgar_0_6", "breast_milk_first_feed", "preterm", "caesarean", "instrumental",
        "spontaneous_vaginal", "induction", "booking_by_12_6", "low_birthweight_term", "skin_to_skin_1h"}
    assert mapping.cqim("CQIMRobson02") == "robson_2_caesarean"
    assert mapping.cqim("cqimbwoi") == "bwoi"
    assert mapping.is_window("apgar_0_6") and not mapping.is_window("caesarean")


# --- benchmark -----------------------------------------------------------------------------

def _pv(level, code, num, den, status="ok", name=None):
    return nat.PublishedValue("annual", "2021-22", level, code, name or code, "caesarean", num, den,
                              status=status)


def test_benchmark_rows_order_rank_and_unit():
    values = [
        _pv("Provider", "RHW", 15, 100), _pv("Provider", "RXQ", 30, 100), _pv("Provider", "RTH", 30, 80),
        _pv("Provider", "R1K", None, None, "suppressed"),
        _pv("National", "National", 250, 1000), _pv("NHS England (Region)", "Y59", 75, 300),
        _pv("NHS England (Region)", "Y56", 100, 400),
    ]
    rows = nat.benchmark_rows(values, scale="percent", better="lower", ods_code="rxq", region="Y59",
                              own=(12, 40), own_name="Riverside")
    assert [(r.org_level, r.org_code) for r in rows] == [
        ("National", "National"), ("NHS England (Region)", "Y59"), ("Unit (own data)", "RXQ"),
        ("Provider", "RHW"), ("Provider", "RXQ"), ("Provider", "RTH"), ("Provider", "R1K")]
    assert [r.value for r in rows[:3]] == [pytest.approx(25.0), pytest.approx(25.0), pytest.approx(30.0)]
    assert rows[2].rounded is False and rows[0].rounded is True
    assert [r.rank for r in rows[3:]] == [1, 2, 3, None]  # 15 %, 30 %, 37.5 %, suppressed last
    assert [r.is_unit for r in rows] == [False, False, False, False, True, False, False]
    assert rows[4].as_json() == {"org_level": "Provider", "org_code": "RXQ", "org_name": "RXQ",
                                 "numerator": 30, "denominator": 100, "value": 30.0, "status": "ok",
                                 "is_unit": True}
    assert "is_unit" not in rows[3].as_json()
    assert rows[6].as_json()["value"] is None and rows[6].as_json()["numerator"] is None


def test_higher_is_better_ranks_highest_first():
    values = [_pv("Provider", "A", 10, 100), _pv("Provider", "B", 50, 100)]
    rows = nat.benchmark_rows(values, scale="percent", better="higher")
    assert [r.org_code for r in rows] == ["B", "A"]


def test_own_figure_adds_own_months_only():
    year = nat.period_months("2021-22")
    monthly = [("2021-03", 1, 10), ("2022-04", 4, 40)] + [(m, 2, 20) for m in year]
    assert nat.own_figure(monthly, year) == (24, 240)  # 12 x 2 of 12 x 20; March 2021 and April 2022 left out
    assert nat.own_figure(monthly, ["2020-01"]) is None


def test_own_figure_needs_every_month_of_the_period():
    year = nat.period_months("2022-23")
    # the unit's data start in November 2022: five months are not the year 2022-23
    partial = [(m, 30, 100) for m in year if m >= "2022-11"]
    assert nat.own_figure(partial, year) is None
    # a month with a missing count is a missing month
    assert nat.own_figure([(m, 30, 100) for m in year[:-1]] + [(year[-1], None, None)], year) is None
    # a CQIM's three-month window needs all three months
    assert nat.own_figure([("2024-01", 1, 300), ("2024-03", 2, 350)], ["2024-01", "2024-02", "2024-03"]) is None
    assert nat.own_figure([], []) is None


def test_funnel_limits_hand_worked():
    # England 250 / 1,000 = 25 %. A trust with 100 deliveries: normal approximation
    # sd = sqrt(0.25 x 0.75 / 100) = 0.0433013; 95 %: 25 +/- 1.959964 x 4.33013 = 16.513 .. 33.487 %;
    # 99.8 %: 25 +/- 3.090232 x 4.33013 = 11.619 .. 38.381 %.
    values = [_pv("National", "National", 250, 1000), _pv("Provider", "A", 30, 100),
              _pv("Provider", "B", 40, 100), _pv("Provider", "C", 10, 100)]
    rows = nat.benchmark_rows(values, scale="percent", better="lower")
    centre, points = nat.funnel_points(rows, "percent")
    assert centre == pytest.approx(25.0)
    by = {p.org_code: p for p in points}
    a = by["A"]
    assert (a.lower95, a.upper95) == (pytest.approx(16.513, abs=1e-3), pytest.approx(33.487, abs=1e-3))
    assert (a.lower998, a.upper998) == (pytest.approx(11.619, abs=1e-3), pytest.approx(38.381, abs=1e-3))
    assert a.position == "within"
    assert by["B"].position == "above_99.8"  # 40 % > 38.381
    assert by["C"].position == "below_99.8"  # 10 % < 11.619


def test_funnel_positions_match_classify_for_every_trust():
    from maternity_desk.core.funnel import classify

    values = [_pv("National", "National", 3300, 10000)]
    values += [_pv("Provider", f"T{i}", 20 + 7 * i, 60 + 37 * i) for i in range(40)]
    rows = nat.benchmark_rows(values, scale="percent", better=None)
    for method in ("normal", "binomial"):
        _centre, points = nat.funnel_points(rows, "percent", method=method)
        assert len(points) == 40
        got = {p.org_code: p.position for p in points}
        want = {r.org_code: classify(r.value / 100, r.denominator, 0.33, method) for r in rows[1:]}
        assert got == want
        assert len(set(got.values())) >= 3  # the case spans several positions


def test_rate_currencies_are_read_by_their_whole_number():
    # "Rate per 100,000" contains "1000": it was read as per 1,000 (maternal deaths are per 100,000)
    assert nat.currency_kind("Rate per 100,000") == (nat.CURRENCY_RATE, "per_100000")
    assert nat.currency_kind("Rate per 100000") == (nat.CURRENCY_RATE, "per_100000")
    assert nat.currency_kind("Rate per Thousand") == (nat.CURRENCY_RATE, "per_1000")
    assert nat.currency_kind("Rate per 1,000") == (nat.CURRENCY_RATE, "per_1000")
    assert nat.currency_kind("Rate") == (nat.CURRENCY_RATE, "percent")
    # a scale the program has no factor for is refused, never read as another one
    with pytest.raises(InvalidValue, match="per 10,000"):
        nat.currency_kind("Rate per 10,000")


def test_a_rate_per_100000_is_converted_by_100000():
    # 12.5 maternal deaths per 100,000 is 0.0125%, not 1.25%
    kind, scale = nat.currency_kind("Rate per 100,000")
    assert nat.convert_scale(12.5, scale, "percent") == pytest.approx(0.0125)


def test_one_table_of_rate_scales():
    from maternity_desk.core import indicators

    assert set(indicators.SCALES) == set(indicators.SCALE_TABLE)
    for code, scale in indicators.SCALE_TABLE.items():
        assert indicators.SCALES[code] == scale.factor
        assert indicators.SCALE_LABELS[code] == scale.label
        assert (code in indicators.PROPORTION_SCALES) == scale.proportion
    assert nat.convert_scale(8.5, "percent", "per_1000") == pytest.approx(85.0)
