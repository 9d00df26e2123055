"""Whole-time equivalents (the midwife ratio's denominator) kept to two decimal places, from
the grid's text to the import and the database; counts stay whole numbers."""

from __future__ import annotations

from datetime import date

import pytest

from maternity_desk.core.dashboard import check_entry, denominator_places, parse_count_text
from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.indicators import Indicator

RATIO = Indicator("midwife_birth_ratio", "Midwife to birth ratio", "ratio")
PERCENT = Indicator("induction", "Induction", "percent", "lower")
TODAY = date(2026, 10, 15)


def test_places_per_indicator():
    assert denominator_places(RATIO) == 2 and denominator_places(PERCENT) == 0


@pytest.mark.parametrize("text, value", [("123.45", 123.45), ("123.4", 123.4), ("1,203.50", 1203.5), ("124", 124),
                                         ("124.00", 124), (".5", 0.5), (123.45, 123.45), (7, 7), ("", None)])
def test_two_places_accepted(text, value):
    assert parse_count_text(text, places=2) == value


@pytest.mark.parametrize("text", ["123.456", "12.3.4", "-1.5", "abc", 1.234])
def test_more_places_or_bad_text_refused(text):
    with pytest.raises(InvalidValue):
        parse_count_text(text, places=2)


def test_counts_stay_whole():
    with pytest.raises(InvalidValue, match="whole number"):
        parse_count_text("12.5")
    assert check_entry(PERCENT, "2026-09", 5, 12.5, TODAY) == ["the denominator must be a whole number, 0 or more"]
    assert check_entry(RATIO, "2026-09", 3400, 123.45, TODAY) == []
    assert "at most 2 decimal places" in check_entry(RATIO, "2026-09", 3400, 123.456, TODAY)[0]
    assert check_entry(RATIO, "2026-09", 3400.5, 123.45, TODAY) == ["the numerator must be a whole number, 0 or more"]


def test_import_and_store_keep_two_places(store, tmp_path):
    from maternity_desk.core.dashboard import build_series
    from maternity_desk.exchange import importing
    from maternity_desk.store import dashboard as dash

    path = tmp_path / "v.csv"
    path.write_text("month,indicator,numerator,denominator\n2026-08,midwife_birth_ratio,3400,123.45\n"
                    "2026-08,induction,120,360\n", encoding="utf-8")
    plan = importing.plan_file(store, "dashboard", path)
    importing.commit(store, plan, backup=False)
    assert dash.monthly_values(store, "midwife_birth_ratio") == [("2026-08", 3400, 123.45)]
    s = build_series(dash.indicator(store, "midwife_birth_ratio"), dash.monthly_values(store, "midwife_birth_ratio"))
    assert s.values[0] == pytest.approx(3400 / 123.45)
    bad = tmp_path / "b.csv"
    bad.write_text("month,indicator,numerator,denominator\n2026-08,induction,120,360.5\n", encoding="utf-8")
    with pytest.raises(Exception, match="whole number"):
        importing.plan_file(store, "dashboard", bad)
