"""``picklist``, ``projects`` and ``import measure`` from the command line."""

from __future__ import annotations

import json
from datetime import date

from maternity_desk.store import improvement as qs
from maternity_desk.store import open_store
from tests.conftest import FIXTURES


def test_picklist_json(cli, store, db_path):
    store.close()
    code, out, err = cli("picklist", "--db", db_path, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert len(data) >= 12
    sfp = next(p for p in data if p["code"] == "SFP")
    assert set(sfp) >= {"code", "title", "area", "rationale", "suggested_aim", "measures"}
    first = sfp["measures"][0]
    assert first["type"] == "outcome" and first["better"] == "lower" and first["chart"] == "p"
    assert {"numerator", "denominator", "name"} <= set(first)


def test_projects_json_and_measure_import(cli, db_path):
    with open_store(db_path) as store:
        pid = qs.adopt_project(store, "ATAIN", start_date=date(2025, 1, 1), wave="1", status="active")
        from maternity_desk.core.improvement import TeamMember

        qs.add_member(store, pid, TeamMember("Dr A Patel", "obstetrician_lead"))
        qs.add_member(store, pid, TeamMember("S Khan", "improvement_coach"))
    code, out, err = cli("import", "measure", "ATAIN", FIXTURES / "improvement" / "atain_good.csv",
                         "--db", db_path)
    assert code == 0, err
    assert "5 rows" in out
    code, out, err = cli("projects", "--db", db_path, "--json")
    assert code == 0, err
    [p] = json.loads(out)
    assert p["code"] == "ATAIN" and p["status"] == "active"
    assert p["team_roles_filled"] == ["obstetrician_lead", "improvement_coach"]
    assert p["missing_leads"] == ["midwife_lead", "senior_manager_lead"]
    assert p["primary_measure"] == "Term admissions to the neonatal unit"
    assert p["latest_month"] == "2025-03"
    assert p["latest_signal"] == "no change"  # 3 common-cause months


def test_measure_import_refusal_exit_code(cli, store, db_path):
    qs.adopt_project(store, "ATAIN", start_date=date(2025, 1, 1))
    store.close()
    code, out, err = cli("import", "measure", "ATAIN", FIXTURES / "improvement" / "atain_bad.csv", "--db", db_path)
    assert code == 1
    assert "Nothing was imported: 7 problems" in err
    assert "atain_bad.csv, row 4, column 'measure'" in err
    code, out, err = cli("import", "measure", "XYZ", FIXTURES / "improvement" / "atain_good.csv", "--db", db_path)
    assert code == 1 and "no adopted project with code 'XYZ'" in err
