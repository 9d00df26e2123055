"""``import dashboard`` with data-item columns (month, births, stillbirths, ...): detected by the
header; the indicators are worked out from the items; refusals name file, row, column, reason."""

from datetime import date

import pytest

from maternity_desk.core.errors import ValidationFailed
from maternity_desk.exchange import importing
from maternity_desk.store import dashboard as dash
from maternity_desk.store import data_items as di

TODAY = date(2026, 10, 15)


def _plan(store, path):
    return importing.plan_file(store, "dashboard", path, today=TODAY)


def test_data_item_columns_by_code_or_name(store, tmp_path):
    f = tmp_path / "items.csv"
    f.write_text("Month,births,Stillbirths (24+0 weeks or later),live_births,neonatal_deaths,caesarean_births\n"
                 "2026-03,400,2,398,3,140\n"
                 "Apr-26,380,1,379,,120\n", encoding="utf-8")
    plan = _plan(store, f)
    importing.commit(store, plan, backup=False)
    assert plan.rows == 2 and "9 figures" in plan.summary[0]
    assert dash.monthly_values(store, "stillbirth") == [("2026-03", 2, 400), ("2026-04", 1, 380)]
    assert dash.monthly_values(store, "extended_perinatal") == [("2026-03", 5, 400)]  # April: no deaths figure
    assert dash.monthly_values(store, "caesarean") == [("2026-03", 140, 400), ("2026-04", 120, 380)]
    assert di.item_values(store)[("2026-04", "live_births")] == 379
    # again with a changed figure: the month is listed as replaced
    f.write_text("month,births\n2026-03,401\n", encoding="utf-8")
    plan = _plan(store, f)
    assert plan.replaces == ["Mar 2026: 1 figure already held will be replaced"]
    importing.commit(store, plan, backup=False)
    assert dash.monthly_values(store, "stillbirth")[0] == ("2026-03", 2, 401)


def test_indicator_layout_still_read(store, tmp_path):
    f = tmp_path / "long.csv"
    f.write_text("month,indicator,numerator,denominator\n2026-03,stillbirth,2,400\n", encoding="utf-8")
    importing.commit(store, _plan(store, f), backup=False)
    assert dash.monthly_values(store, "stillbirth") == [("2026-03", 2, 400)]


def test_bad_data_item_file_refused_whole(store, tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("month,births,stillbirths,clinical_midwives_wte\n"
                 "2026-03,400,2,160.25\n"   # row 2: good
                 "2026-13,380,1,\n"         # row 3: not a month
                 "2026-05,abc,1,\n"         # row 4: not a whole number
                 "2026-06,300,301,\n"       # row 5: more stillbirths than births
                 "2026-03,10,0,\n"          # row 6: month twice
                 "2027-01,10,0,\n"          # row 7: future
                 "2026-08,10,0,160.255\n",  # row 8: three decimal places
                 encoding="utf-8")
    with pytest.raises(ValidationFailed) as err:
        _plan(store, f)
    got = {(p.file, p.row, p.column): p.reason for p in err.value.problems}
    assert set(got) == {("bad.csv", 3, "month"), ("bad.csv", 4, "births"), ("bad.csv", 5, "stillbirths"),
                        ("bad.csv", 6, "month"), ("bad.csv", 7, "month"), ("bad.csv", 8, "clinical_midwives_wte")}
    assert "whole number" in got[("bad.csv", 4, "births")]
    assert "more than the denominator" in got[("bad.csv", 5, "stillbirths")]
    assert "already on row 2" in got[("bad.csv", 6, "month")]
    assert "future" in got[("bad.csv", 7, "month")]
    assert store.scalar("SELECT count(*) FROM data_item_value") == 0


def test_unknown_column_refused(store, tmp_path):
    f = tmp_path / "odd.csv"
    f.write_text("month,births,babies born\n2026-03,400,3\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as err:
        _plan(store, f)
    [p] = err.value.problems
    assert (p.row, p.column) == (1, "babies born") and "not a data item" in p.reason


def test_indicator_layout_gives_the_items_it_implies_and_lists_disagreements(store, tmp_path):
    di.set_items(store, [("2026-03", "births", 400)])
    f = tmp_path / "long.csv"
    f.write_text("month,indicator,numerator,denominator\n"
                 "2026-03,stillbirth,2,401\n"
                 "2026-03,neonatal_death,1,399\n", encoding="utf-8")
    importing.commit(store, _plan(store, f), backup=False)
    assert dash.monthly_values(store, "stillbirth") == [("2026-03", 2, 401)]  # as imported
    items = di.item_values(store)
    assert items[("2026-03", "stillbirths")] == 2 and items[("2026-03", "live_births")] == 399
    assert items[("2026-03", "births")] == 400  # held: kept, and listed to settle
    [c] = di.conflicts(store)
    assert (c.item, c.kept, c.values) == ("births", 400, [400, 401])
