"""The demo unit's dashboard: 48 months to the last complete month, believable rates, one
improvement and one concern for SPC to find, peers for benchmarking."""

import json

import pytest

from maternity_desk.core.indicators import rate
from maternity_desk.paths import resource
from maternity_desk.store import dashboard as dash


def _overall(store, code):
    v = dash.monthly_values(store, code)
    return rate(sum(x[1] for x in v), sum(x[2] for x in v), dash.indicator(store, code).scale)


def test_demo_months_and_rates(demo_store):
    assert dash.value_months(demo_store) == ("2022-10", "2026-09")  # today 2026-10-15
    shipped = json.loads(resource("indicators.json").read_text(encoding="utf-8"))["indicators"]
    for item in shipped:
        assert len(dash.monthly_values(demo_store, item["code"])) == 48, item["code"]
    births = sum(d for _m, _n, d in dash.monthly_values(demo_store, "caesarean")) / 4
    assert 4200 < births < 4800
    assert 2.5 < _overall(demo_store, "stillbirth") < 4.5
    assert 0.8 < _overall(demo_store, "neonatal_death") < 2.2
    assert 32 < _overall(demo_store, "caesarean") < 38
    assert 32 < _overall(demo_store, "induction") < 38
    assert 25 < _overall(demo_store, "midwife_birth_ratio") < 32


def test_demo_spc_signals(demo_store):
    smoking = dash.spc(demo_store, "smoking_delivery", chart="xmr")
    assert smoking.rows[0].value == pytest.approx(
        rate(smoking.rows[0].numerator, smoking.rows[0].denominator, "percent"))
    assert sum(r.variation == "improvement" for r in smoking.rows[-12:]) >= 6
    assert not any(r.variation == "concern" for r in smoking.rows)
    pph = dash.spc(demo_store, "pph_1500", chart="xmr")
    assert any(r.variation == "concern" for r in pph.rows[-12:])


def test_demo_peers_and_annotations(demo_store):
    assert len(dash.peer_units(demo_store)) == 4
    assert len({u for u, *_ in dash.peer_values(demo_store, "caesarean")}) == 4
    assert any("Tobacco" in a.text for a in dash.annotations(demo_store, "smoking_delivery"))
