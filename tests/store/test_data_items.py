"""Data items: every indicator worked out from hand-worked months, the migration on a database
with figures typed twice (conflicts) and on the demo, settling a conflict, and project measures
that are dashboard indicators."""

from __future__ import annotations

import json

import pytest

from maternity_desk.store import dashboard as dash
from maternity_desk.store import data_items as di
from maternity_desk.store import db as dbmod
from maternity_desk.store import improvement as qs
from maternity_desk.store import migrations, open_store
from maternity_desk.store.migrations import v014_data_items

MONTH = "2026-03"
ITEMS = {
    "births": 400, "live_births": 398, "maternities": 395, "preterm_births": 30, "term_births": 370,
    "term_live_births": 369, "term_singleton_live_births": 360, "term_live_births_weighed": 368,
    "stillbirths": 2, "stillbirths_term": 1, "neonatal_deaths": 3, "neonatal_deaths_term": 1,
    "maternal_deaths": 0, "inductions": 140, "spontaneous_vaginal_births": 200, "instrumental_births": 60,
    "caesarean_births": 140, "term_vaginal_births": 240, "tears_3_4": 7, "pph_1500": 11,
    "robson_1_women": 84, "robson_1_caesareans": 13, "robson_2_women": 76, "robson_2_caesareans": 31,
    "robson_5_women": 60, "robson_5_caesareans": 44, "vbac_laboured": 26, "vbac_births": 16,
    "brain_injuries": 1, "brain_injuries_nnrd": 2, "term_admissions": 20, "apgar_0_6": 4,
    "low_birthweight_term": 9, "skin_to_skin_1h": 300, "first_feed_known": 395, "first_feed_breast_milk": 301,
    "bookings": 430, "bookings_by_12_6": 390, "smoking_known_booking": 425, "smokers_booking": 52,
    "smoking_known_delivery": 391, "smokers_delivery": 29, "clinical_midwives_wte": 160.5,
}
# worked by hand from ITEMS (births in the 11 months before: 380 each)
EXPECTED = {
    "stillbirth": (2, 400), "neonatal_death": (3, 398), "extended_perinatal": (5, 400),
    "term_perinatal_deaths": (2, 370), "maternal_death": (0, 395), "brain_injury": (1, 398),
    "brain_injury_nnrd": (2, 398), "term_admissions": (20, 369), "preterm": (30, 400),
    "smoking_booking": (52, 425), "smoking_delivery": (29, 391), "pph_1500": (11, 395), "tears_3_4": (7, 240),
    "apgar_0_6": (4, 360), "robson_1_caesarean": (13, 84), "robson_2_caesarean": (31, 76),
    "robson_5_caesarean": (44, 60), "vbac": (16, 26), "breast_milk_first_feed": (301, 395),
    "induction": (140, 400), "instrumental": (60, 400), "spontaneous_vaginal": (200, 400),
    "caesarean": (140, 400), "booking_by_12_6": (390, 430), "low_birthweight_term": (9, 368),
    "skin_to_skin_1h": (300, 369), "midwife_birth_ratio": (400 + 11 * 380, 160.5),
}
BEFORE_ITEMS = migrations.modules().index(v014_data_items)  # the schema just before data items


def _month_values(store, month):
    return {c: (n, d) for (m, c), (n, d) in dash.all_values(store).items() if m == month}


def test_every_indicator_from_hand_worked_items(store):
    before = [(f"2025-{k:02d}", "births", 380) for k in range(4, 13)] + [
        ("2026-01", "births", 380), ("2026-02", "births", 380)]
    di.set_items(store, before)
    di.set_items(store, [(MONTH, c, v) for c, v in ITEMS.items()])
    assert set(ITEMS) == {i.code for i in di.data_items(store)}
    assert _month_values(store, MONTH) == EXPECTED
    # every catalogue indicator is worked out from items (the national benchmark's own addition,
    # birth without intervention, keeps its own two figures)
    assert set(EXPECTED) == {i.code for i in dash.indicators(store) if i.from_items}
    assert {i.code for i in dash.indicators(store) if not i.from_items} == {"bwoi"}


def test_an_item_feeds_every_indicator_that_counts_it_and_undo_puts_back(store):
    di.set_items(store, [(MONTH, c, v) for c, v in ITEMS.items()])
    snap = di.set_items(store, [(MONTH, "births", 401)])
    got = _month_values(store, MONTH)
    assert got["stillbirth"] == (2, 401) and got["preterm"] == (30, 401) and got["caesarean"] == (140, 401)
    assert got["neonatal_death"] == (3, 398)  # live births: not touched
    di.restore(store, snap)
    assert _month_values(store, MONTH)["stillbirth"] == (2, 400)
    # clearing an item removes the figures worked out from it
    di.set_items(store, [(MONTH, "stillbirths", None)])
    got = _month_values(store, MONTH)
    assert "stillbirth" not in got and "extended_perinatal" not in got and got["preterm"] == (30, 400)
    audit = store.query("SELECT action, table_name FROM audit_log WHERE table_name = 'data_item_value'")
    assert len(audit) >= 3


def test_a_worked_out_pair_that_fails_a_check_is_not_kept(store):
    di.set_items(store, [(MONTH, "smokers_delivery", 29), (MONTH, "smoking_known_delivery", 391)])
    assert _month_values(store, MONTH)["smoking_delivery"] == (29, 391)
    di.set_items(store, [(MONTH, "smoking_known_delivery", 20)])
    assert "smoking_delivery" not in _month_values(store, MONTH)


def test_import_item_values_refused_for_bad_figures(store):
    with pytest.raises(Exception, match="whole number"):
        di.set_items(store, [(MONTH, "births", "12.5")])
    with pytest.raises(Exception, match="not a data item"):
        di.set_items(store, [(MONTH, "babies", 3)])


def _old_database(db_path):
    conn, _ = dbmod.connect(db_path)
    s = dbmod.Store(db_path, conn, network=False)
    migrations.migrate(s, target=BEFORE_ITEMS)
    return s


def test_migration_keeps_every_value_and_lists_conflicts(db_path):
    s = _old_database(db_path)
    typed = [(MONTH, "stillbirth", 2, 400), (MONTH, "extended_perinatal", 5, 400), (MONTH, "neonatal_death", 3, 398),
             (MONTH, "preterm", 30, 401), (MONTH, "induction", 140, 400), (MONTH, "smoking_delivery", 29, 391),
             ("2026-04", "stillbirth", 1, 380), ("2026-04", "caesarean", 120, 380)]
    with s.transaction():
        s.executemany("INSERT INTO indicator_value (month, indicator_code, numerator, denominator)"
                      " VALUES (?, ?, ?, ?)", typed)
        pid = s.insert("qi_project", {"code": "SFP", "title": "Smoke-free pregnancy", "picklist_code": "SFP",
                                      "start_date": "2025-01-01"})
        own = s.insert("qi_measure", {"project_id": pid, "type": "outcome", "name": "Smoking at time of delivery",
                                      "numerator": "Smokers", "denominator": "Known", "is_primary": 1})
        mine = s.insert("qi_measure", {"project_id": pid, "type": "process", "name": "CO test at booking",
                                       "numerator": "CO tested", "denominator": "Booked"})
        s.executemany("INSERT INTO qi_measure_value (measure_id, month, numerator, denominator) VALUES (?, ?, ?, ?)",
                      [(own, MONTH, 22, 386), (mine, MONTH, 300, 390)])
    s.close()
    s = open_store(db_path)
    try:
        assert sorted(dash.all_values(s).items()) == sorted(((m, c), (n, d)) for m, c, n, d in typed)
        items = di.item_values(s)
        assert items[(MONTH, "births")] == 400 and items[(MONTH, "stillbirths")] == 2
        assert items[(MONTH, "neonatal_deaths")] == 3 and items[(MONTH, "live_births")] == 398
        assert items[(MONTH, "smokers_delivery")] == 29 and items[("2026-04", "births")] == 380
        [conflict] = di.conflicts(s)
        assert (conflict.month, conflict.item, conflict.kept) == (MONTH, "births", 400)
        assert conflict.values == [400, 401]
        assert {(c.indicator, c.side, c.value) for c in conflict.candidates} >= {
            ("preterm", "denominator", 401), ("stillbirth", "denominator", 400)}
        # an item typed while the conflict is open leaves the disputed indicators as typed
        di.set_items(s, [(MONTH, "stillbirths", 2)])
        assert _month_values(s, MONTH)["preterm"] == (30, 401)
        # settling: births 401, and every indicator it feeds that month worked out from it
        di.settle_conflict(s, conflict.id, 401)
        got = _month_values(s, MONTH)
        assert got["preterm"] == (30, 401) and got["stillbirth"] == (2, 401) and got["induction"] == (140, 401)
        assert got["extended_perinatal"] == (5, 401) and got["neonatal_death"] == (3, 398)
        assert di.conflicts(s) == [] and len(di.conflicts(s, include_settled=True)) == 1
        assert s.scalar("SELECT count(*) FROM audit_log WHERE action = 'settle'") == 1
        # the project's smoking measure is the dashboard indicator: it reads the dashboard's figures
        linked, other = qs.measures(s, pid)
        assert linked.indicator == "smoking_delivery" and other.indicator is None
        assert [(v.numerator, v.denominator) for v in qs.measure_values(s, linked.id)] == [(29, 391)]
        assert [(v.numerator, v.denominator) for v in qs.measure_values(s, other.id)] == [(300, 390)]
        assert s.scalar("SELECT numerator FROM qi_measure_value WHERE measure_id = ?", (own,)) == 22  # kept
        with pytest.raises(Exception, match="Dashboard"):
            qs.delete_value(s, linked.id, MONTH)
    finally:
        s.close()


def test_migration_on_the_demo(tmp_path, demo_store):
    held = dash.all_values(demo_store)
    demo_items = di.item_values(demo_store)
    path = tmp_path / "old.sqlite"
    s = _old_database(path)
    with s.transaction():
        s.executemany("INSERT INTO indicator_value (month, indicator_code, numerator, denominator) VALUES (?, ?, ?, ?)",
                      [(m, c, n, d) for (m, c), (n, d) in held.items()])
    s.close()
    s = open_store(path)
    try:
        assert dash.all_values(s) == held
        derived = di.item_values(s)
        # every item but the term deaths (known only as their sum) comes back as the demo typed it
        sums_only = {"stillbirths_term", "neonatal_deaths_term"}
        assert derived == {k: v for k, v in demo_items.items() if k[1] not in sums_only}
        assert di.conflicts(s) == []
    finally:
        s.close()


def test_demo_project_measure_shows_the_dashboard_figures(demo_store):
    sfp = qs.project_by_code(demo_store, "SFP")
    measure = next(m for m in qs.measures(demo_store, sfp.id) if m.name == "Smoking at time of delivery")
    assert measure.indicator == "smoking_delivery"
    dashboard = {m: (n, d) for m, n, d in dash.monthly_values(demo_store, "smoking_delivery")}
    shown = qs.measure_values(demo_store, measure.id)
    assert shown and all(dashboard[v.month] == (v.numerator, v.denominator) for v in shown)
    assert demo_store.scalar("SELECT count(*) FROM qi_measure_value WHERE measure_id = ?", (measure.id,)) == 0
    own = next(m for m in qs.measures(demo_store, sfp.id) if m.name == "CO test at booking")
    assert own.indicator is None and qs.measure_values(demo_store, own.id)


def test_adopting_links_the_matching_measures(store):
    from datetime import date

    pid = qs.adopt_project(store, "CS", start_date=date(2026, 1, 1))
    linked = {m.name: m.indicator for m in qs.measures(store, pid)}
    assert linked["Caesarean in Robson group 1"] == "robson_1_caesarean"
    assert linked["VBAC discussion documented"] is None
    di.set_items(store, [(MONTH, "robson_1_women", 84), (MONTH, "robson_1_caesareans", 13)])
    m = next(m for m in qs.measures(store, pid) if m.indicator == "robson_1_caesarean")
    assert [(v.month, v.numerator, v.denominator) for v in qs.measure_values(store, m.id)] == [(MONTH, 13, 84)]


def test_a_local_indicator_over_data_items(store):
    from maternity_desk.core.indicators import Indicator

    di.set_items(store, [(MONTH, "births", 400), (MONTH, "caesarean_births", 140), (MONTH, "instrumental_births", 60)])
    di.save_indicator(store, Indicator("assisted", "Assisted births", "percent", numerator_items=(
        "caesarean_births", "instrumental_births"), denominator_items=("births",)), new=True)
    assert _month_values(store, MONTH)["assisted"] == (200, 400)
    with pytest.raises(Exception, match="not a data item"):
        di.save_indicator(store, Indicator("bad", "Bad", "percent", numerator_items=("nope",),
                                             denominator_items=("births",)), new=True)
    # one of its own two figures: typed as before
    dash.save_indicator(store, Indicator("own_one", "Own one", "percent"), new=True)
    dash.set_value(store, MONTH, "own_one", 3, 10)
    assert _month_values(store, MONTH)["own_one"] == (3, 10)


def test_cli_data_items_json(cli, db_path, store):
    code, out, _err = cli("data-items", "--db", db_path, "--json")
    assert code == 0
    rows = json.loads(out)
    assert {"code": "births", "name": "Total births (live births and stillbirths)", "unit": "babies"}.items() \
        <= rows[0].items()
    assert all({"code", "name", "unit"} <= set(r) for r in rows)
    code, out, _err = cli("data-items", "--db", db_path, "--conflicts")
    assert code == 0 and "No figures to settle" in out
