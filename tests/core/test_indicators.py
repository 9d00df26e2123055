"""Indicator rates, RAG, the ambition line and rolling rates against hand-worked figures."""

import json

import pytest

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.indicators import (
    SCALES,
    Indicator,
    ambition_value,
    format_value,
    indicator_from_dict,
    rag,
    rate,
    rolling_rates,
)
from maternity_desk.paths import resource

CONTRACT_CODES = {
    "stillbirth", "neonatal_death", "extended_perinatal", "maternal_death", "brain_injury",
    "term_admissions", "preterm", "smoking_booking", "smoking_delivery", "pph_1500", "tears_3_4",
    "apgar_0_6", "robson_1_caesarean", "robson_2_caesarean", "robson_5_caesarean", "vbac",
    "breast_milk_first_feed", "induction", "instrumental", "spontaneous_vaginal", "caesarean",
    "booking_by_12_6", "low_birthweight_term", "skin_to_skin_1h", "midwife_birth_ratio",
}  # fmt: skip


@pytest.mark.parametrize(
    "num, den, scale, expected",
    [
        (3, 40, "percent", 7.5),
        (2, 400, "per_1000", 5.0),
        (1, 20000, "per_100000", 5.0),
        (18, 360, "per_100", 5.0),
        (4480, 160, "ratio", 28.0),
        (0, 375, "per_1000", 0.0),
        (7, 7, "percent", 100.0),
    ],
)
def test_rate_every_scale(num, den, scale, expected):
    assert rate(num, den, scale) == pytest.approx(expected)


def test_rate_none_without_denominator():
    assert rate(1, 0, "percent") is None
    assert rate(1, None, "per_1000") is None
    assert rate(None, 10, "ratio") is None


def test_rate_unknown_scale():
    with pytest.raises(InvalidValue):
        rate(1, 2, "per_10")


def test_scales_are_the_contract():
    assert SCALES == {"percent": 100, "per_1000": 1000, "per_100000": 100000, "per_100": 100, "ratio": 1}


LOWER = Indicator("stillbirth", "Stillbirth", "per_1000", better="lower", rag_green=3.5, rag_red=4.5)
HIGHER = Indicator("vbac", "VBAC", "percent", better="higher", rag_green=60.0, rag_red=50.0)


@pytest.mark.parametrize(
    "ind, value, expected",
    [
        (LOWER, 3.4, "green"), (LOWER, 3.5, "green"), (LOWER, 3.51, "amber"),
        (LOWER, 4.5, "amber"), (LOWER, 4.51, "red"),
        (HIGHER, 61, "green"), (HIGHER, 60, "green"), (HIGHER, 59.9, "amber"),
        (HIGHER, 50, "amber"), (HIGHER, 49.9, "red"),
        (LOWER, None, None),
    ],
)
def test_rag_boundaries(ind, value, expected):
    assert rag(ind, value) == expected


def test_rag_none_without_thresholds_or_direction():
    assert rag(Indicator("caesarean", "Caesarean", "percent"), 35.0) is None


STILLBIRTH = Indicator("stillbirth", "Stillbirth", "per_1000", better="lower",
                       baseline=5.1, baseline_year=2010, target=2.5, target_year=2025)


def test_ambition_line_hand_worked():
    # 2018-01: x = 2018 + 0.5/12; fraction of the way = (x - 2010.5) / 15 = 7.541667 / 15
    frac = (2018 + 0.5 / 12 - 2010.5) / 15
    assert ambition_value(STILLBIRTH, "2018-01") == pytest.approx(5.1 - 2.6 * frac)
    assert ambition_value(STILLBIRTH, "2018-01") == pytest.approx(3.79278, abs=1e-5)
    # half way (7.5 of 15 years after mid-2010) is the turn of 2017/18: 5.1 - 1.3 = 3.8
    mid = (ambition_value(STILLBIRTH, "2017-12") + ambition_value(STILLBIRTH, "2018-01")) / 2
    assert mid == pytest.approx(3.8)
    # mid-2018 is 8 of 15 years along: 5.1 - 2.6 * 8 / 15
    mid18 = (ambition_value(STILLBIRTH, "2018-06") + ambition_value(STILLBIRTH, "2018-07")) / 2
    assert mid18 == pytest.approx(3.713333, abs=1e-6)


def test_ambition_held_outside_the_line():
    assert ambition_value(STILLBIRTH, "2009-01") == 5.1
    assert ambition_value(STILLBIRTH, "2010-06") == 5.1
    assert ambition_value(STILLBIRTH, "2025-07") == 2.5
    assert ambition_value(STILLBIRTH, "2030-01") == 2.5
    assert ambition_value(Indicator("x1", "X", "percent"), "2020-01") is None


def test_rolling_rates_need_full_window():
    nums = [1, 0, 2, None, 1, 1]
    dens = [300, 300, 300, 300, 300, 300]
    got = rolling_rates(nums, dens, "per_1000", window=3)
    assert got[:2] == [None, None]
    assert got[2] == pytest.approx(3 / 900 * 1000)
    assert got[3] is None and got[4] is None and got[5] is None


def test_rolling_rates_12_months():
    nums = [1] * 12 + [13]
    dens = [375] * 13
    got = rolling_rates(nums, dens, "per_1000")
    assert got[10] is None
    assert got[11] == pytest.approx(12 / 4500 * 1000)
    assert got[12] == pytest.approx(24 / 4500 * 1000)


def test_validated_refuses_bad_entries():
    with pytest.raises(InvalidValue, match="code"):
        Indicator("Bad Code", "x", "percent").validated()
    with pytest.raises(InvalidValue, match="scale"):
        Indicator("abc", "x", "per_10").validated()
    with pytest.raises(InvalidValue, match="green threshold"):
        Indicator("abc", "x", "percent", better="lower", rag_green=5, rag_red=4).validated()
    with pytest.raises(InvalidValue, match="direction"):
        Indicator("abc", "x", "percent", rag_green=5, rag_red=4).validated()
    with pytest.raises(InvalidValue, match="p-chart"):
        Indicator("abc", "x", "ratio", chart="p").validated()
    with pytest.raises(InvalidValue, match="target year"):
        Indicator("abc", "x", "percent", baseline=5, baseline_year=2010, target=2,
                  target_year=2005).validated()


def test_format_value():
    assert format_value(35.24, "percent") == "35.2%"
    assert format_value(3.456, "per_1000") == "3.46 per 1,000"
    assert format_value(None, "percent") == ""


def test_shipped_catalogue():
    data = json.loads(resource("indicators.json").read_text(encoding="utf-8"))
    inds = [indicator_from_dict(d) for d in data["indicators"]]
    by_code = {i.code: i for i in inds}
    assert set(by_code) >= CONTRACT_CODES
    assert len(by_code) == len(inds)
    sb = by_code["stillbirth"]
    assert (sb.scale, sb.better, sb.baseline, sb.baseline_year, sb.target, sb.target_year) == (
        "per_1000", "lower", 5.1, 2010, 2.5, 2025)
    assert by_code["neonatal_death"].target == 1.0
    assert by_code["maternal_death"].target == 5.3
    assert by_code["maternal_death"].scale == "per_100000"
    assert by_code["term_admissions"].scale == "per_100"
    assert by_code["midwife_birth_ratio"].scale == "ratio"
    for ind in inds:
        assert ind.numerator and ind.denominator and ind.group and ind.chart in ("xmr", "p", "run")
