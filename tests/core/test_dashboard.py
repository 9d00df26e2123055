"""Entry checks, paste parsing, series, SPC views in scale, peers ranking and funnel."""

from datetime import date

import pytest

from maternity_desk.core.dashboard import (
    MonthValue,
    SpcSetting,
    build_series,
    check_entry,
    last_complete_month,
    month_gaps,
    parse_clipboard,
    parse_count_text,
    period_totals,
    ranked,
    spc_view,
    summarise,
)
from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.indicators import Indicator

TODAY = date(2026, 10, 15)
PCT = Indicator("caesarean", "Caesarean", "percent")
SMOKE = Indicator("smoking_delivery", "Smoking at delivery", "percent", better="lower",
                  rag_green=6.0, rag_red=10.0)
RATIO = Indicator("midwife_birth_ratio", "Ratio", "ratio", better="lower")


def test_parse_count_text():
    assert parse_count_text("") is None
    assert parse_count_text("  ") is None
    assert parse_count_text("1,234") == 1234
    assert parse_count_text("12.0") == 12
    assert parse_count_text(7) == 7
    for bad in ("-1", "1.5", "abc", "12a"):
        with pytest.raises(InvalidValue):
            parse_count_text(bad)


def test_check_entry():
    assert check_entry(PCT, "2026-09", 130, 375, TODAY) == []
    assert check_entry(PCT, "2026-10", 130, 375, TODAY) == []  # this month is not the future
    assert check_entry(PCT, "2026-11", 1, 2, TODAY) == ["2026-11 is in the future"]
    assert check_entry(PCT, "2026-09", None, None, TODAY) == []
    assert check_entry(PCT, "2026-09", 3, None, TODAY) == ["the denominator is missing"]
    assert check_entry(PCT, "2026-09", 376, 375, TODAY) == [
        "the numerator (376) is more than the denominator (375)"]
    assert check_entry(PCT, "2026-09", 375, 375, TODAY) == []
    # a ratio's numerator may exceed its denominator
    assert check_entry(RATIO, "2026-09", 4480, 160, TODAY) == []


def test_last_complete_month():
    assert last_complete_month(TODAY) == "2026-09"
    assert last_complete_month(date(2026, 1, 3)) == "2025-12"


def test_parse_clipboard_excel_block():
    text = "12\t375\r\n\"1,300\"\t4\r\n\t\r\n"
    assert parse_clipboard(text) == [["12", "375"], ["1,300", "4"], ["", ""]]
    assert parse_clipboard("") == []


def test_month_gaps():
    assert month_gaps(["2025-01", "2025-03"], "2025-01", "2025-04") == ["2025-02", "2025-04"]


def test_series_fills_gaps():
    s = build_series(PCT, [MonthValue("2025-01", 1, 4), ("2025-03", 3, 4)])
    assert s.months == ["2025-01", "2025-02", "2025-03"]
    assert s.values == [25.0, None, 75.0]


def test_spc_view_xmr_in_scale():
    # rates 10, 12, 10, 12 (%): mean 11, mean MR 2, limits 11 +/- 5.32
    vals = [("2025-01", 10, 100), ("2025-02", 12, 100), ("2025-03", 10, 100), ("2025-04", 12, 100)]
    view = spc_view(build_series(SMOKE, vals), SpcSetting("smoking_delivery"), chart="xmr")
    r = view.rows[0]
    assert r.value == pytest.approx(10.0)
    assert r.mean == pytest.approx(11.0)
    assert r.lower == pytest.approx(11 - 2.66 * 2)
    assert r.upper == pytest.approx(11 + 2.66 * 2)
    assert not any(row.special_cause for row in view.rows)
    assert view.trial_limits
    # target 6 (the green threshold) lies between the limits 5.68 and 16.32: hit and miss
    assert view.assurance == "hit_and_miss"
    s = summarise(view, build_series(SMOKE, vals))
    assert (s.latest_month, s.latest_value, s.rag) == ("2025-04", pytest.approx(12.0), "red")
    assert s.rolling_12 is None


def test_spc_view_rebase_and_baseline_months():
    vals = [(f"2025-{m:02d}", n, 100) for m, n in zip(range(1, 7), [10, 12, 10, 20, 22, 20])]
    view = spc_view(build_series(SMOKE, vals), SpcSetting("smoking_delivery", rebase_months=("2025-04",)),
                    chart="xmr")
    assert view.rows[0].mean == pytest.approx(32 / 3)
    assert view.rows[5].mean == pytest.approx(62 / 3)
    view = spc_view(build_series(SMOKE, vals), SpcSetting("smoking_delivery"), baseline=3, chart="xmr")
    assert view.rows[5].mean == pytest.approx(32 / 3)
    assert view.rows[5].special_cause


def test_period_totals_and_ranking():
    rows = [
        ("A", "2025-01", 10, 100), ("A", "2025-02", 10, 100), ("A", "2024-12", 50, 100),
        ("B", "2025-01", 5, 100), ("C", "2025-02", 0, 0),
    ]
    totals = period_totals(rows, "2025-01", "2025-02")
    assert totals == {"A": (20, 200, 2), "B": (5, 100, 1), "C": (0, 0, 1)}
    order = ranked(SMOKE, totals, "B")
    assert [r.unit for r in order] == ["B", "A", "C"]  # lower is better, no rate last
    assert order[0].own and order[0].value == pytest.approx(5.0)
    higher = Indicator("vbac", "VBAC", "percent", better="higher")
    assert [r.unit for r in ranked(higher, totals, "B")] == ["A", "B", "C"]


def test_funnel_for_peers_hand_worked():
    from maternity_desk.core.dashboard import funnel

    # pooled p0 = 70/300 = 0.23333; sd at n = 100: sqrt(p0 (1 - p0) / 100) = 0.042295
    # 95%: 0.23333 +/- 1.96 x 0.042295 = 0.1504 .. 0.3162; 99.8%: +/- 3.0902 x sd = 0.1026 .. 0.3640
    totals = {"A": (10, 100, 12), "B": (20, 100, 12), "C": (40, 100, 12)}
    f = funnel(PCT, totals, "B")
    assert f.centre == pytest.approx(23.3333, abs=1e-3)
    by = {p.unit: p for p in f.points}
    assert by["A"].outside_95 and by["A"].outside_998  # 10% < 10.26%
    assert not by["B"].outside_95 and by["B"].own  # 20% within 15.0% .. 31.6%
    assert by["C"].outside_95 and by["C"].outside_998  # 40% > 36.4%
    lows, highs = f.limits["95%"]
    assert len(f.curve_n) == len(lows) == len(highs) == 100
    with pytest.raises(InvalidValue):
        funnel(RATIO, totals, "B")
