"""The national store: year-on-year figures, the editable mapping (audited), what is loaded."""

from __future__ import annotations

import pytest

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.unit import UnitSettings
from maternity_desk.exchange import importing
from maternity_desk.store import national as stored
from tests.conftest import FIXTURES

HERE = FIXTURES / "national"


def _import(store, name):
    plan = importing.plan_file(store, "national", HERE / name)
    importing.commit(store, plan, backup=False)
    return plan


def test_year_on_year_unit_region_england(store):
    store.save_unit_settings(UnitSettings(unit_name="Riverside", ods_code="RXQ", region="Y59"))
    plan = _import(store, "hosp-epis-stat-mat-msdscsv-2021-22-synthetic.csv")
    assert "This unit's published figures (ODS code RXQ): 5" in plan.summary
    with store.transaction():
        # every month of 2021-22: 12 x 9 / 12 x 36 = 25 %
        store.executemany("INSERT INTO indicator_value (month, indicator_code, numerator, denominator) "
                          "VALUES (?, 'caesarean', 9, 36)",
                          [(f"{y}-{m:02d}",) for y, m in [(2021, m) for m in range(4, 13)]
                           + [(2022, m) for m in range(1, 4)]])
    (year,) = stored.year_on_year(store, "caesarean")
    # unit 30 / 100, region 75 / 300, England 250 / 1,000, own 108 / 432
    assert (year.period, year.unit, year.region, year.england, year.own) == (
        "2021-22", pytest.approx(30.0), pytest.approx(25.0), pytest.approx(25.0), pytest.approx(25.0))
    assert stored.unit_rows(store, "rxq") == [{"source": "annual", "period": "2021-22", "indicators": 5,
                                              "org_name": "BUCKINGHAMSHIRE HEALTHCARE NHS TRUST"}]
    assert [(e["source"], e["period"]) for e in stored.loaded(store)] == [("annual", "2021-22")]


def test_mapping_is_editable_and_audited(store):
    data = stored.mapping_dict(store)
    data["dimensions"]["DeliveryMethodBabyGroup"]["categories"].append("Vaginal breech")
    stored.save_mapping(store, data)
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'national_mapping'") == 1
    # the new category is now counted: RHW 15 caesarean of 5+10+5+30+5 = 55
    plan = _import(store, "msds-mar2024-exp-data.csv")
    assert not any("Vaginal breech" in w.reason for w in plan.warnings)
    row = store.query_one("SELECT numerator, denominator FROM national_value WHERE org_code = 'RHW' "
                          "AND indicator_code = 'caesarean'")
    assert tuple(row) == (15, 55)
    bad = stored.mapping_dict(store)
    bad["indicators"]["caesarean"]["numerator"] = ["Breech"]
    with pytest.raises(InvalidValue):
        stored.save_mapping(store, bad)


def test_bwoi_joins_the_catalogue(store):
    from maternity_desk.store import dashboard

    ind = dashboard.indicator(store, "bwoi")
    assert (ind.name, ind.scale, ind.better) == ("Birth without intervention", "percent", "higher")
    assert {i.code for i in stored.mapped_indicators(store)} >= {"caesarean", "bwoi", "tears_3_4"}
