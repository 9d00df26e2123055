"""Dashboard tables: seeded catalogue, values, peers, annotations, SPC settings, audit."""

import pytest

from maternity_desk.core.dashboard import SpcSetting
from maternity_desk.core.errors import InvalidValue, MaternityDeskError
from maternity_desk.core.indicators import Indicator
from maternity_desk.store import dashboard as dash


def _audit_count(store, table):
    return store.scalar("SELECT count(*) FROM audit_log WHERE table_name = ?", (table,))


def test_catalogue_seeded(store):
    inds = dash.indicators(store)
    assert len(inds) >= 25
    sb = dash.indicator(store, "stillbirth")
    assert (sb.scale, sb.better, sb.target, sb.group) == ("per_1000", "lower", 2.5, "mortality")
    assert dash.find_indicator(store, "  STILLBIRTH RATE ").code == "stillbirth"
    assert dash.find_indicator(store, "nothing") is None
    with pytest.raises(MaternityDeskError):
        dash.indicator(store, "nope")


def test_add_and_edit_indicator(store):
    before = _audit_count(store, "indicator")
    ind = dash.save_indicator(store, Indicator("cardiotocograph_review", "Fresh eyes CTG review",
                                               "percent", better="higher", rag_green=95, rag_red=90,
                                               group="intrapartum"), new=True)
    assert ind.source == "local"
    assert dash.indicators(store)[-1].code == "cardiotocograph_review"
    with pytest.raises(InvalidValue, match="already exists"):
        dash.save_indicator(store, Indicator("cardiotocograph_review", "Other", "percent"), new=True)
    from dataclasses import replace

    dash.save_indicator(store, replace(dash.indicator(store, "stillbirth"), rag_green=3.0))
    assert dash.indicator(store, "stillbirth").rag_green == 3.0
    assert _audit_count(store, "indicator") == before + 2
    with pytest.raises(InvalidValue, match="national"):
        dash.delete_indicator(store, "stillbirth")
    dash.delete_indicator(store, "cardiotocograph_review")


def test_values_set_undo_and_audit(store):
    before = _audit_count(store, "indicator_value")
    prev = dash.set_values(store, [("2025-01", "caesarean", 130, 375), ("2025-02", "caesarean", 120, 370)])
    assert prev == [("2025-01", "caesarean", None, None), ("2025-02", "caesarean", None, None)]
    assert dash.monthly_values(store, "caesarean") == [("2025-01", 130, 375), ("2025-02", 120, 370)]
    old = dash.set_value(store, "2025-01", "caesarean", 131, 375)
    assert old == ("2025-01", "caesarean", 130, 375)
    dash.set_values(store, [old])  # undo
    assert dash.monthly_values(store, "caesarean")[0] == ("2025-01", 130, 375)
    dash.set_value(store, "2025-02", "caesarean", None, None)
    assert dash.monthly_values(store, "caesarean") == [("2025-01", 130, 375)]
    assert _audit_count(store, "indicator_value") == before + 4
    with pytest.raises(InvalidValue):
        dash.set_value(store, "2025-03", "caesarean", 1, None)


def test_peer_values(store):
    dash.add_peer_unit(store, "Northgate Maternity", "RXX", "LMS")
    with pytest.raises(InvalidValue):
        dash.add_peer_unit(store, "northgate maternity")
    dash.set_values(store, [("2025-01", "caesarean", 100, 300)], unit="Northgate Maternity")
    dash.set_values(store, [("2025-01", "caesarean", 130, 375)])
    assert dash.monthly_values(store, "caesarean", "Northgate Maternity") == [("2025-01", 100, 300)]
    assert dash.monthly_values(store, "caesarean") == [("2025-01", 130, 375)]
    assert dash.peer_values(store, "caesarean") == [("Northgate Maternity", "2025-01", 100, 300)]
    dash.delete_peer_unit(store, "Northgate Maternity")
    assert dash.peer_values(store, "caesarean") == []


def test_annotations_and_spc_settings(store):
    a = dash.add_annotation(store, "Mar-25", "New CTG training started", "stillbirth")
    dash.add_annotation(store, "2025-05", "New electronic record")
    assert [x.text for x in dash.annotations(store, "stillbirth")] == [
        "New CTG training started", "New electronic record"]
    assert [x.month for x in dash.annotations(store, "caesarean")] == ["2025-05"]
    dash.delete_annotation(store, a)
    assert len(dash.annotations(store)) == 1
    with pytest.raises(InvalidValue):
        dash.add_annotation(store, "2025-05", "  ")
    assert dash.spc_setting(store, "caesarean") == SpcSetting("caesarean")
    dash.save_spc_setting(store, SpcSetting("caesarean", 12, "xmr", ("2025-06", "Jan-25")))
    assert dash.spc_setting(store, "caesarean") == SpcSetting("caesarean", 12, "xmr", ("2025-01", "2025-06"))
    assert dash.spc_settings(store)["caesarean"].baseline == 12
    assert _audit_count(store, "spc_setting") == 1
    with pytest.raises(InvalidValue):
        dash.save_spc_setting(store, SpcSetting("caesarean", 1))
