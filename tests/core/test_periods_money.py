from datetime import date, datetime

import pytest

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.money import format_pence, parse_pence
from maternity_desk.core.periods import (
    add_months,
    days_in_month,
    fy_bounds,
    fy_of,
    month_end,
    month_label,
    month_range,
    parse_date,
    parse_fy,
    parse_month,
)


@pytest.mark.parametrize("text,expected", [
    ("2025-03-31", date(2025, 3, 31)),
    ("31/03/2025", date(2025, 3, 31)),
    ("1/4/2025", date(2025, 4, 1)),
    ("2025-03-31 00:00:00", date(2025, 3, 31)),
    (datetime(2025, 3, 31), date(2025, 3, 31)),
    (date(2024, 2, 29), date(2024, 2, 29)),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2026", "03/31/2025", "2025-13-01", "tomorrow", "", None, 45000,
                                  "29/02/2025"])
def test_parse_date_refuses(text):
    with pytest.raises(InvalidValue):
        parse_date(text)


@pytest.mark.parametrize("text,expected", [
    ("2025-03", "2025-03"), ("Mar-25", "2025-03"), ("March 2025", "2025-03"), ("mar 2025", "2025-03"),
    ("Sep-18", "2018-09"), ("Sept 2018", "2018-09"), (datetime(2025, 3, 1), "2025-03"), ("03/2025", "2025-03"),
    ("2025-3", "2025-03"), ("15/03/2025", "2025-03"),
])
def test_parse_month(text, expected):
    assert parse_month(text) == expected


@pytest.mark.parametrize("text", ["Smarch 2025", "2025-13", "", "25"])
def test_parse_month_refuses(text):
    with pytest.raises(InvalidValue):
        parse_month(text)


@pytest.mark.parametrize("d,n,expected", [
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2023, 1, 31), 1, date(2023, 2, 28)),
    (date(2025, 3, 31), -1, date(2025, 2, 28)),
    (date(2025, 12, 15), 1, date(2026, 1, 15)),
    (date(2025, 5, 10), 12, date(2026, 5, 10)),
])
def test_add_months_clamps(d, n, expected):
    assert add_months(d, n) == expected


def test_financial_years():
    assert fy_of(date(2017, 3, 31)) == "2016/17"
    assert fy_of(date(2017, 4, 1)) == "2017/18"
    assert parse_fy("2016-17") == parse_fy("2016/2017") == "2016/17"
    assert fy_bounds("2016/17") == (date(2016, 4, 1), date(2017, 3, 31))
    assert fy_of(date(1999, 6, 1)) == "1999/00"
    for bad in ("2016/18", "2016", "16/17", "2016/2018"):
        with pytest.raises(InvalidValue):
            parse_fy(bad)


def test_months_are_english_and_the_right_length_whatever_the_locale():
    # the interface's one month format, not the process locale's (Qt sets it from the environment)
    assert [month_label(f"2025-{m:02d}") for m in (1, 6, 9, 12)] == ["Jan 2025", "Jun 2025", "Sep 2025", "Dec 2025"]
    assert parse_month("September 2025") == parse_month("sept 2025") == parse_month("Sep 2025") == "2025-09"
    assert [days_in_month(y, 2) for y in (1900, 2000, 2023, 2024)] == [28, 29, 28, 29]
    assert [days_in_month(2025, m) for m in range(1, 13)] == [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    assert month_end("2024-02") == date(2024, 2, 29)


def test_month_range():
    assert month_range("2024-11", "2025-02") == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert month_range("2025-02", "2025-01") == []


@pytest.mark.parametrize("text,pence", [
    ("£40,000.00", 4_000_000), ("40000", 4_000_000), ("1,234.5", 123_450), ("0.01", 1), ("£ 12.30", 1230),
    (40000, 4_000_000), (1234.5, 123_450), ("1234.50", 123_450), (".5", 50),
])
def test_parse_pence(text, pence):
    assert parse_pence(text) == pence


@pytest.mark.parametrize("text", ["", None, "ten pounds", "1.234", "12.345", "1,23", "£", "12,34.00", True,
                                  "-5", "0.001"])
def test_parse_pence_refuses(text):
    with pytest.raises(InvalidValue):
        parse_pence(text)


def test_negative_only_when_allowed():
    assert parse_pence("-£5.00", allow_negative=True) == -500
    assert parse_pence("(5.00)", allow_negative=True) == -500


def test_format_pence():
    assert format_pence(4_000_000) == "£40,000.00"
    assert format_pence(-1250) == "-£12.50"
    assert format_pence(None) == ""
