"""Money typed or imported as people write it (the fund ledger's amounts)."""

from __future__ import annotations

import pytest

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.money import format_pence, parse_pence


@pytest.mark.parametrize(
    "text, pence",
    [
        ("£40,000.00", 4_000_000),
        ("40000", 4_000_000),
        ("1,234.5", 123_450),
        ("£ 41,250", 4_125_000),
        ("10820", 1_082_000),
        ("0.01", 1),
        (".5", 50),
        ("1,234,567.89", 123_456_789),
        (" 12.30 ", 1_230),
        (40000, 4_000_000),
        (1234.5, 123_450),
        (0.1, 10),
    ],
)
def test_accepted(text, pence):
    assert parse_pence(text) == pence


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "required"),
        ("   ", "required"),
        (None, "required"),
        ("12.345", "fraction of a penny"),
        ("0.001", "fraction of a penny"),
        (12.345, "fraction of a penny"),
        ("forty pounds", "not an amount"),
        ("£", "not an amount"),
        ("12,34", "not an amount"),
        ("1,2345.00", "not an amount"),
        ("40k", "not an amount"),
        ("-5", "negative"),
        (True, "not an amount"),
    ],
)
def test_refused(text, reason):
    with pytest.raises(InvalidValue, match=reason):
        parse_pence(text)


def test_format_round_trip():
    assert format_pence(4_125_000) == "£41,250.00"
    assert format_pence(-450_000) == "-£4,500.00"
    assert parse_pence(format_pence(123_456_789)) == 123_456_789
