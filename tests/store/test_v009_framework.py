"""Schema 9 (the 2026 framework) applied to copies of schema-8 unit databases made by the
previous version (tests/fixtures/v008/make_v008.py): every correction lands where the unit left
the shipped value alone, the unit's own edits are kept, nothing of the unit's is lost, and the
audit log and the one-time message say what was done."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from maternity_desk.store import dashboard as dash
from maternity_desk.store import governance as sg
from maternity_desk.store import open_store
from maternity_desk.store import training as st
from maternity_desk.store.migrations import LATEST
from maternity_desk.store.migrations.v009_framework_2026 import NOTICE_KEY

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "v008"


def _copy(name: str, tmp_path: Path) -> Path:
    out = tmp_path / name
    with gzip.open(FIX / f"{name}.gz", "rb") as src, open(out, "wb") as dst:
        shutil.copyfileobj(src, dst)
    return out


@pytest.fixture
def untouched(tmp_path):
    store = open_store(_copy("untouched.sqlite", tmp_path), backups=False)
    yield store
    store.close()


@pytest.fixture
def edited(tmp_path):
    store = open_store(_copy("edited.sqlite", tmp_path), backups=False)
    yield store
    store.close()


def _audit(store):
    return [(r["table_name"], r["row_key"], json.loads(r["before_json"] or "null"), json.loads(r["after_json"] or "null"))
            for r in store.query("SELECT * FROM audit_log WHERE action = 'framework_2026' ORDER BY id")]


def test_fixtures_are_schema_8_and_migrate_to_latest(untouched, edited):
    assert untouched.schema_version == edited.schema_version == LATEST


# --- 1. training --------------------------------------------------------------------------

def test_training_strands_renamed_and_new_courses(untouched):
    courses = {c.code: c for c in st.courses(untouched)}
    assert courses["FM"].name == "Fetal monitoring and surveillance"
    assert courses["PROMPT"].name == "Maternity emergencies and multi-professional training"
    assert courses["NLS"].name == "Neonatal basic life support"
    assert courses["NLS"].mandatory  # the scheme strand counts for compliance
    assert "not the Resuscitation Council UK Newborn Life Support certificate" in courses["NLS"].notes
    assert all("check against the published guidance" in courses[c].notes for c in ("FM", "PROMPT", "NLS", "NLS_RCUK"))
    rcuk = courses["NLS_RCUK"]
    assert "Resuscitation Council UK" in rcuk.name and not rcuk.mandatory and rcuk.active
    modules = [c for c in courses.values() if c.code.startswith("CCF_")]
    assert modules and not any(c.active for c in modules)  # the unit switches them on
    assert ("course", "NLS", {"name": "Neonatal life support"}, {"name": "Neonatal basic life support"}) in _audit(untouched)


def test_training_unit_renamed_course_kept(edited):
    courses = {c.code: c for c in st.courses(edited)}
    assert courses["PROMPT"].name == "PROMPT (our in-house emergencies day)"
    assert courses["NLS"].name == "Neonatal basic life support"
    assert "course PROMPT ('PROMPT (our in-house emergencies day)'): name" in edited.get_setting(NOTICE_KEY)


# --- 2. perinatal reviews --------------------------------------------------------------------

def test_review_rules_gain_the_draft_report_and_scheme_years(untouched):
    rules = [(r.code, r.basis, r.amount) for r in sg.deadline_rules(untouched)]
    assert rules == [("reported", "working_days", 7), ("parents_informed", "working_days", 7),
                     ("review_started", "months", 2), ("draft_report", "months", 4),
                     ("report_published", "months", 6)]
    years = {r["year"]: r["label"] for r in untouched.query("SELECT * FROM gov_rule_sets")}
    assert set(years) == {5, 6, 7}
    thresholds = {(r[0], r[1]): r[2] for r in untouched.query("SELECT year, code, threshold FROM gov_rule_set_milestones")}
    assert thresholds[(7, "review_started")] == 95 and thresholds[(7, "draft_report")] == 60
    assert (5, "draft_report") not in thresholds
    assert "year 7" in untouched.get_setting("governance.rules_scheme")
    case = sg.reviews(untouched)[0]
    assert case.reference == "PMR-1" and case.draft_report is None and case.review_started is not None


# --- 3. national ambition -----------------------------------------------------------------------

def test_ambitions_and_the_two_brain_injury_indicators(untouched):
    still = dash.indicator(untouched, "stillbirth")
    assert (still.baseline, still.target) == (5.1, 2.5) and "HL428" in still.ambition_source
    assert "no successor" in still.ambition and still.rare_event
    neo = dash.indicator(untouched, "neonatal_death")
    assert "24 weeks" in neo.ambition and "check against the published guidance" in neo.ambition
    term = dash.indicator(untouched, "brain_injury")
    nnrd = dash.indicator(untouched, "brain_injury_nnrd")
    assert "Early Notification" in term.name and "NNRD" in nnrd.name and term.name != nnrd.name
    assert "Not the national ambition" in term.ambition and "all gestations" in nnrd.ambition
    pre = dash.indicator(untouched, "preterm")
    assert (pre.baseline, pre.target, pre.target_year) == (8.0, 6.0, 2025)
    assert len(dash.monthly_values(untouched, "stillbirth")) == 12  # the unit's figures untouched
    assert dash.spc_setting(untouched, "stillbirth").chart == "run"  # and its chart setting


def test_ambition_edits_kept(edited):
    still = dash.indicator(edited, "stillbirth")
    assert still.notes == "Our board watches this monthly."
    assert "no successor" in still.ambition  # a new field, filled in
    pre = dash.indicator(edited, "preterm")
    assert (pre.baseline, pre.baseline_year, pre.target, pre.target_year) == (7.5, 2019, 7.0, 2026)


# --- 4. submissions ---------------------------------------------------------------------------

def test_submissions_corrected(untouched):
    ds = {d.code: d for d in sg.datasets(untouched)}
    assert "NMPA" not in ds
    assert "provisional" in ds["MSDS"].name
    assert (ds["MSDS_FINAL"].cadence, ds["MSDS_FINAL"].due_months, ds["MSDS_FINAL"].due_day) == ("monthly", 2, "end")
    assert ds["EN"].cadence == "per_case" and "Early Notification" in ds["EN"].name
    assert "MNSI" in ds["MNSI"].name
    assert [(s.dataset, s.period) for s in sg.submissions(untouched)] == [("MSDS", "2025-08")]


def test_submission_edits_and_records_kept(edited):
    ds = {d.code: d for d in sg.datasets(edited)}
    assert ds["MSDS"].name == "MSDS monthly extract"
    assert not ds["NMPA"].active and "national data" in ds["NMPA"].notes
    assert ("NMPA", "2024/25") in {(s.dataset, s.period) for s in sg.submissions(edited)}


# --- 5. organisations and roles -------------------------------------------------------------------

def test_board_champions_and_neonatal_expected(untouched):
    roles = {r.code: r for r in sg.champion_roles(untouched)}
    assert roles["board"].label == "Board safety champion (executive director)" and roles["board"].required
    assert roles["board_non_exec"].required and "non-executive" in roles["board_non_exec"].label
    assert roles["neonatal"].required
    smoking = dash.indicator(untouched, "smoking_delivery")
    assert "abolished in 2022" in smoking.notes and "integrated care boards" in smoking.notes


def test_neonatal_champion_left_optional_where_the_unit_chose_so(edited):
    roles = {r.code: r for r in sg.champion_roles(edited)}
    assert not roles["neonatal"].required and roles["board_non_exec"].required


# --- 6. indicator texts and pick-list ----------------------------------------------------------------

def test_indicator_texts(untouched):
    ratio = dash.indicator(untouched, "midwife_birth_ratio")
    assert "Birthrate Plus" in ratio.notes and "rule of thumb" in ratio.notes
    assert ratio.denominator.endswith("(whole-time equivalents, to two decimal places)")
    assert dash.indicator(untouched, "term_admissions").denominator == "Term live births"
    rationale = untouched.scalar("SELECT rationale FROM qi_picklist_project WHERE code = 'ATAIN'")
    assert "5.1" not in rationale and "6.1" not in rationale
    measure = untouched.scalar("SELECT numerator FROM qi_picklist_measure WHERE project_code = 'FGR' AND type = 'outcome'")
    assert "39+6" in measure


# --- the record -------------------------------------------------------------------------------------

def test_audit_and_one_time_message(untouched, edited):
    for store in (untouched, edited):
        rows = _audit(store)
        assert len(rows) >= 10
        assert rows[-1][0] == "settings" and rows[-1][1] == NOTICE_KEY
        text = store.get_setting(NOTICE_KEY)
        assert text.startswith("This file was brought up to date")
        assert "Every change is in the audit log" in text
    assert "Kept as your unit set them" in edited.get_setting(NOTICE_KEY)
    assert "Kept as your unit set them" not in untouched.get_setting(NOTICE_KEY)


def test_homes_first_steps_pass_over_this_migrations_own_edits(untouched):
    """Home's first steps spell out the migration's audit action, so as not to load it."""
    from maternity_desk.store import first_steps
    from maternity_desk.store.migrations.v009_framework_2026 import ACTION

    assert first_steps.FRAMEWORK_2026 == ACTION
    courses = next(s for s in first_steps.steps(untouched) if s.key == "courses")
    assert not courses.done  # its renamed courses are not the unit checking its courses


def test_a_new_database_gets_the_same_catalogue_and_no_message(store):
    assert store.get_setting(NOTICE_KEY) is None
    assert {c.code for c in st.courses(store)} >= {"FM", "PROMPT", "NLS", "NLS_RCUK"}
    assert "NMPA" not in {d.code for d in sg.datasets(store)}
    assert [r.code for r in sg.champion_roles(store)] == ["board", "board_non_exec", "obstetric", "midwifery",
                                                          "neonatal"]
    assert not any(c.active for c in st.courses(store) if c.code.startswith("CCF_"))
