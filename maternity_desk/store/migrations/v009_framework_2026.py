"""Schema 9: the rules brought up to the 2026 framework, and rare-event charts.

Schema: rare-event flag and national ambition text on indicators; the chart choice (``g``,
``cusum``) and the 6-or-7-point rule length per indicator; the PMRT "draft report" milestone
(deadline rule and case column); PMRT rule sets per scheme year with the share of cases that
must meet each milestone.

Corrections to shipped data (resources/*.json give the new values): courses named as the
Core Competency Framework version 2 names its three strands, with the Resuscitation Council
UK Newborn Life Support certificate and the framework's other modules as separate courses;
indicator ambitions, the two brain-injury indicators named apart, the CCG wording, the ATAIN
denominator and the midwife ratio text; submissions (MSDS provisional and final, Early
Notification, MNSI; the NMPA no longer a default); executive and non-executive board
champions and the neonatal champion expected.

A unit's own edits win: a shipped value is replaced only while it still holds the value this
app shipped before *and* the audit log shows no edit of that field by the unit. Every change
is written to the audit log (action ``framework_2026``), and one summary is kept in the
setting :data:`NOTICE_KEY` for the app to show once.
"""

from __future__ import annotations

import json

VERSION = 9
NOTICE_KEY = "notice.framework_2026"
ACTION = "framework_2026"
_DATE = "GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'"

# The values this app shipped before schema 9 (only the fields corrected here).
OLD_COURSES = {"PROMPT": {"name": "Multi-professional maternity emergencies (PROMPT)"},
               "NLS": {"name": "Neonatal life support"}}
_CCG = "CCG Improvement and Assessment Framework indicator."
OLD_INDICATORS = {
    "stillbirth": {"notes": "National ambition: halve the 2010 rate by 2025 (5.1 to 2.5 per 1,000 total births)."},
    "neonatal_death": {"notes": "National ambition: 1.0 per 1,000 live births by 2025. The 2010 baseline of 2.0 is "
                                "the one implied by the 50% ambition (target x 2); replace it with the published "
                                "figure if you hold it."},
    "maternal_death": {"notes": "National ambition: 5.3 per 100,000 maternities by 2025. The 2010 baseline of 10.6 is "
                                "the one implied by the 50% ambition (target x 2); replace it with the published "
                                "figure if you hold it."},
    "brain_injury": {"name": "Intrapartum brain injury",
                     "notes": "National ambition: halve the 2010 rate by 2025 (no national baseline figure is held here)."},
    "term_admissions": {"denominator": "Term births", "notes": "ATAIN: avoiding term admissions into neonatal units."},
    "preterm": {"baseline": None, "baseline_year": None, "target": None, "target_year": None},
    "smoking_delivery": {"notes": "Saving Babies' Lives element 1; " + _CCG},
    "breast_milk_first_feed": {"notes": _CCG},
    "midwife_birth_ratio": {"notes": "Births per whole-time-equivalent midwife a year; Birthrate Plus benchmark 1:28.",
                            "denominator": "Clinical midwives in post at the end of the month (WTE, rounded to a "
                                           "whole number)"},
}
OLD_DATASETS = {
    "MSDS": {"name": "Maternity Services Data Set (MSDS)",
             "notes": "Monthly submission to NHS England; due by the end of the month after the reporting month "
                      "(local reading of the submission window)."},
    "MNSI": {"name": "Maternity and Newborn Safety Investigations referral (successor to Each Baby Counts)",
             "notes": "Per eligible case: referred within three working days (local reading)."},
}
OLD_NMPA = {"name": "National Maternity and Perinatal Audit (NMPA)", "cadence": "annual", "due_months": 6,
            "due_day": "end", "due_working_days": None, "active": 1}
OLD_PICKLIST = {
    ("qi_picklist_project", "ATAIN", "rationale"): (
        "Term babies admitted to a neonatal unit are separated from their mothers, often avoidably (hypothermia, "
        "hypoglycaemia, jaundice, respiratory conditions); nationally term admissions rose from 5.1 per 100 term "
        "births in 2010 to 6.1 in 2012. Weekly multidisciplinary review of every term admission finds the avoidable "
        "ones."),
    ("qi_picklist_project", "FGR", "suggested_aim"): (
        "Reduce the proportion of babies below the 3rd birthweight centile born at 37+6 weeks or later by half "
        "within 24 months."),
}
OLD_FGR_MEASURE = {"name": "Small babies born at or after 37+6 weeks",
                   "numerator": "Babies below the 3rd birthweight centile born at 37+6 weeks or later"}
OLD_SCHEME_PREFIX = "NHS Resolution Maternity Incentive Scheme (CNST), year 5"
ROLES = [("board", "Board safety champion (executive director)", 1),
         ("board_non_exec", "Board safety champion (non-executive director)", 1),
         ("obstetric", "Obstetric safety champion", 1),
         ("midwifery", "Midwifery safety champion", 1),
         ("neonatal", "Neonatal safety champion", 1)]
OLD_ROLES = {"board": ("Board-level maternity champion", 1), "neonatal": ("Neonatal safety champion", 0)}
MILESTONE_CODES = "('reported','parents_informed','review_started','draft_report','report_published')"


class _Report:
    def __init__(self) -> None:
        self.updated: list[str] = []
        self.kept: list[str] = []


def migrate(store) -> None:
    from maternity_desk.paths import resource

    def load(name):
        return json.loads(resource(name).read_text(encoding="utf-8"))

    report = _Report()
    # a file the unit has worked in (not one created just now) is told what changed
    worked_in = store.scalar("SELECT 1 FROM audit_log WHERE action NOT IN ('seed', ?) LIMIT 1", (ACTION,))
    _schema(store)
    _courses(store, report, load("courses.json"))
    _pmrt(store, report, load("pmrt_rule_sets.json"), load("pmrt_rules.json"))
    _indicators(store, report, load("indicators.json"))
    _datasets(store, report, load("datasets.json"))
    _champions(store, report)
    _picklist(store, report, load("picklist.json"))
    store.audit(ACTION, "settings", NOTICE_KEY, None, {"updated": report.updated, "kept": report.kept})
    if worked_in and (report.updated or report.kept):
        store.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                      (NOTICE_KEY, notice_text(report.updated, report.kept)))


def notice_text(updated: list[str], kept: list[str]) -> str:
    lines = ["This file was brought up to date with the 2026 maternity safety framework "
             "(Maternity Incentive Scheme years 6 and 7, Core Competency Framework version 2, "
             "the national ambition, Saving Babies' Lives version 3)."]
    if updated:
        lines.append("Updated:")
        lines += [f"  - {u}" for u in updated]
    if kept:
        lines.append("Kept as your unit set them (your own edits win):")
        lines += [f"  - {k}" for k in kept]
    lines.append("Figures marked unverified say 'check against the published guidance': they are editable. "
                 "Every change is in the audit log.")
    return "\n".join(lines)


# --- helpers ---------------------------------------------------------------------------------

def _unit_edited(store, table: str, key: str, field: str) -> bool:
    """True when the audit log shows the unit changed ``field`` of that row (or created it)."""
    return bool(store.scalar(
        "SELECT 1 FROM audit_log WHERE table_name = ? AND row_key = ? AND action <> ? AND ("
        " before_json IS NULL OR json_extract(before_json, '$.' || ?) IS NOT json_extract(after_json, '$.' || ?))"
        " LIMIT 1", (table, str(key), ACTION, field, field)))


def _correct(store, report: _Report, table: str, key_col: str, key, changes: dict, old: dict, what: str) -> None:
    """Set ``changes`` on one shipped row where each field still holds its ``old`` value and
    the unit never edited it; list the rest as kept."""
    row = store.query_one(f'SELECT * FROM "{table}" WHERE "{key_col}" = ?', (key,))
    if row is None:
        return
    cols = dict(row)
    shown = next((cols[c] for c in ("name", "label", "title") if c in cols), None)
    if shown:  # the name the unit knows it by
        what = f"{what} ('{shown}')"
    before, after, kept = {}, {}, []
    for field, new in changes.items():
        current = row[field]
        if current == new:
            continue
        if field in old and current == old[field] and not _unit_edited(store, table, key, field):
            before[field], after[field] = current, new
        else:
            kept.append(field)
    if after:
        sets = ", ".join(f'"{f}" = ?' for f in after)
        store.execute(f'UPDATE "{table}" SET {sets} WHERE "{key_col}" = ?', (*after.values(), key))
        store.audit(ACTION, table, key, before, after)
        report.updated.append(f"{what}: {', '.join(after)}")
    if kept:
        report.kept.append(f"{what}: {', '.join(kept)}")


def _insert_missing(store, report: _Report, table: str, key_col: str, values: dict, what: str) -> bool:
    if store.scalar(f'SELECT 1 FROM "{table}" WHERE "{key_col}" = ?', (values[key_col],)):
        return False
    cols = ", ".join(f'"{c}"' for c in values)
    store.execute(f'INSERT INTO "{table}" ({cols}) VALUES ({", ".join("?" for _ in values)})',
                  tuple(values.values()))
    store.audit(ACTION, table, values[key_col], None, values)
    report.updated.append(f"added {what}")
    return True


# --- schema ----------------------------------------------------------------------------------

def _schema(store) -> None:
    ex = store.execute
    ex("ALTER TABLE course ADD COLUMN notes TEXT NOT NULL DEFAULT ''")
    ex("ALTER TABLE indicator ADD COLUMN ambition TEXT NOT NULL DEFAULT ''")
    ex("ALTER TABLE indicator ADD COLUMN ambition_source TEXT NOT NULL DEFAULT ''")
    ex("ALTER TABLE indicator ADD COLUMN rare_event INTEGER NOT NULL DEFAULT 0 CHECK (rare_event IN (0, 1))")
    # spc_setting: two more chart choices and the 6-or-7-point rule length (nothing refers to it)
    ex("""CREATE TABLE spc_setting_v9 (
        indicator_code TEXT PRIMARY KEY
            REFERENCES indicator(code) ON UPDATE CASCADE ON DELETE CASCADE,
        baseline INTEGER CHECK (baseline IS NULL OR baseline >= 2),
        chart TEXT CHECK (chart IS NULL OR chart IN ('xmr', 'p', 'run', 'g', 'cusum')),
        rule_points INTEGER CHECK (rule_points IS NULL OR rule_points IN (6, 7))
    )""")
    ex("INSERT INTO spc_setting_v9 (indicator_code, baseline, chart) SELECT indicator_code, baseline, chart FROM spc_setting")
    ex("DROP TABLE spc_setting")
    ex("ALTER TABLE spc_setting_v9 RENAME TO spc_setting")
    # deadline rules gain the draft report milestone (nothing refers to this table)
    ex(f"""CREATE TABLE gov_deadline_rules_v9 (
        code TEXT PRIMARY KEY CHECK (code IN {MILESTONE_CODES}),
        label TEXT NOT NULL,
        basis TEXT NOT NULL CHECK (basis IN ('working_days','months','calendar_days')),
        amount INTEGER NOT NULL CHECK (amount >= 0 AND amount <= 400),
        position INTEGER NOT NULL,
        note TEXT NOT NULL DEFAULT ''
    )""")
    ex("INSERT INTO gov_deadline_rules_v9 SELECT code, label, basis, amount, position, note FROM gov_deadline_rules")
    ex("DROP TABLE gov_deadline_rules")
    ex("ALTER TABLE gov_deadline_rules_v9 RENAME TO gov_deadline_rules")
    ex(f"ALTER TABLE gov_reviews ADD COLUMN draft_report TEXT CHECK (draft_report IS NULL OR draft_report {_DATE})")
    ex(f"""CREATE TABLE gov_rule_sets (
        year INTEGER PRIMARY KEY CHECK (year BETWEEN 1 AND 99),
        label TEXT NOT NULL CHECK (length(trim(label)) > 0),
        period_start TEXT NOT NULL CHECK (period_start {_DATE}),
        period_end TEXT NOT NULL CHECK (period_end {_DATE}),
        source TEXT NOT NULL DEFAULT '',
        verified TEXT NOT NULL DEFAULT 'U' CHECK (verified IN ('V', 'U')),
        CHECK (period_end >= period_start)
    )""")
    ex(f"""CREATE TABLE gov_rule_set_milestones (
        year INTEGER NOT NULL REFERENCES gov_rule_sets(year) ON DELETE CASCADE ON UPDATE CASCADE,
        code TEXT NOT NULL CHECK (code IN {MILESTONE_CODES}),
        basis TEXT NOT NULL CHECK (basis IN ('working_days','months','calendar_days')),
        amount INTEGER NOT NULL CHECK (amount >= 0 AND amount <= 400),
        threshold REAL NOT NULL CHECK (threshold BETWEEN 0 AND 100),
        PRIMARY KEY (year, code)
    ) WITHOUT ROWID""")


# --- corrections -----------------------------------------------------------------------------

def _courses(store, report: _Report, catalogue: dict) -> None:
    for c in catalogue["courses"]:
        code = c["code"]
        if c.get("note"):  # a new field: filled in on the shipped course wherever it exists
            store.execute("UPDATE course SET notes = ? WHERE code = ? AND notes = ''", (c["note"], code))
        if code in OLD_COURSES:
            _correct(store, report, "course", "code", code, {"name": c["name"]}, OLD_COURSES[code], f"course {code}")
            continue
        added = _insert_missing(store, report, "course", "code",
                                {"code": code, "name": c["name"], "renewal_months": int(c["renewal_months"]),
                                 "active": 1 if c.get("active", True) else 0, "notes": c.get("note", "")},
                                f"course {c['name']}")
        if not added and not c.get("active", True):
            # a fresh file got it from the course seed (switched on): ship it switched off
            _correct(store, report, "course", "code", code, {"active": 0}, {"active": 1}, f"course {code}")
        if added:
            store.executemany("INSERT OR IGNORE INTO course_group (course_code, staff_group) VALUES (?, ?)",
                              [(code, g) for g in c.get("groups", [])])


def _pmrt(store, report: _Report, sets: dict, year5: dict) -> None:
    labels = {"draft_report": "Draft report written"}
    if not store.scalar("SELECT 1 FROM gov_deadline_rules WHERE code = 'draft_report'"):
        store.execute("UPDATE gov_deadline_rules SET position = position + 1 WHERE code = 'report_published'")
        pos = store.scalar("SELECT coalesce(max(position), 0) FROM gov_deadline_rules WHERE code <> 'report_published'")
        values = {"code": "draft_report", "label": labels["draft_report"], "basis": "months", "amount": 4,
                  "position": pos + 1,
                  "note": "A draft review report within four months of the death (incentive scheme years 6 and 7; "
                          "check against the published guidance)."}
        _insert_missing(store, report, "gov_deadline_rules", "code", values, "the 'draft report' review milestone (4 months)")
    for s in sets["rule_sets"]:
        store.execute("INSERT OR IGNORE INTO gov_rule_sets (year, label, period_start, period_end, source, verified)"
                      " VALUES (?, ?, ?, ?, ?, ?)", (s["year"], s["label"], s["period_start"], s["period_end"],
                                                     s.get("source", ""), s.get("verified", "U")))
        store.executemany("INSERT OR IGNORE INTO gov_rule_set_milestones (year, code, basis, amount, threshold)"
                          " VALUES (?, ?, ?, ?, ?)",
                          [(s["year"], m["code"], m["basis"], int(m["amount"]), float(m["threshold"]))
                           for m in s["milestones"]])
    report.updated.append("perinatal review rule sets for incentive scheme years 5, 6 and 7 (deadlines and "
                          "the share of cases that must meet each)")
    active = next(s for s in sets["rule_sets"] if s["year"] == sets["active_year"])
    current = store.get_setting("governance.rules_scheme") or ""
    if current == year5.get("scheme", "") or current.startswith(OLD_SCHEME_PREFIX) or not current:
        store.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('governance.rules_scheme', ?)",
                      (active["label"],))
        store.audit(ACTION, "settings", "governance.rules_scheme", {"value": current}, {"value": active["label"]})
    else:
        report.kept.append("the name of the scheme your review deadlines follow")
    store.execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('governance.scheme_year', ?)",
                  (str(sets["active_year"]),))


_IND_COLS = ("code", "name", "numerator", "denominator", "scale", "better", "grp", "chart", "rag_green", "rag_red",
             "baseline", "baseline_year", "target", "target_year", "definition_version", "source", "notes",
             "sort_order", "ambition", "ambition_source", "rare_event")


def _indicators(store, report: _Report, catalogue: dict) -> None:
    for item in catalogue["indicators"]:
        code = item["code"]
        values = dict(item, grp=item.get("group", ""), source="national",
                      rare_event=1 if item.get("rare_event") else 0)
        row = {c: values.get(c) if c not in ("numerator", "denominator", "notes", "ambition", "ambition_source")
               else values.get(c) or "" for c in _IND_COLS}
        if _insert_missing(store, report, "indicator", "code", row, f"indicator {item['name']}"):
            continue
        # new fields: set on every shipped indicator the unit has not filled in itself
        store.execute("UPDATE indicator SET ambition = ?, ambition_source = ?, rare_event = ? "
                      "WHERE code = ? AND ambition = '' AND ambition_source = '' AND rare_event = 0",
                      (row["ambition"], row["ambition_source"], row["rare_event"], code))
        old = OLD_INDICATORS.get(code)
        if old is None:
            continue
        if code == "preterm":  # baseline and target go in together (table checks pair them)
            if _all_unedited(store, "indicator", code, old):
                _correct(store, report, "indicator", "code", code,
                         {k: row[k] for k in old}, old, "indicator Preterm birth (national ambition 8% to 6%)")
            else:
                report.kept.append("indicator Preterm birth: baseline and target")
            continue
        _correct(store, report, "indicator", "code", code, {k: row[k] for k in old}, old, f"indicator {code}")


def _all_unedited(store, table: str, key: str, old: dict) -> bool:
    row = store.query_one(f'SELECT * FROM "{table}" WHERE code = ?', (key,))
    return row is not None and all(row[k] == v and not _unit_edited(store, table, key, k) for k, v in old.items())


def _datasets(store, report: _Report, catalogue: dict) -> None:
    pos = store.scalar("SELECT coalesce(max(position), 0) FROM gov_datasets") or 0
    for d in catalogue["datasets"]:
        code = d["code"]
        if code in OLD_DATASETS:
            _correct(store, report, "gov_datasets", "code", code, {"name": d["name"], "notes": d["notes"]},
                     OLD_DATASETS[code], f"submission {code}")
            continue
        pos += 1
        _insert_missing(store, report, "gov_datasets", "code",
                        {"code": code, "name": d["name"], "cadence": d["cadence"], "due_months": d.get("due_months"),
                         "due_day": None if d.get("due_day") is None else str(d["due_day"]),
                         "due_working_days": d.get("due_working_days"), "active": 1 if d.get("active", True) else 0,
                         "notes": d.get("notes", ""), "position": pos}, f"tracked submission {d['name']}")
    row = store.query_one("SELECT * FROM gov_datasets WHERE code = 'NMPA'")
    if row is None:
        return
    has_records = store.scalar("SELECT count(*) FROM gov_submissions WHERE dataset = 'NMPA'")
    edited = any(row[f] != v or _unit_edited(store, "gov_datasets", "NMPA", f) for f, v in OLD_NMPA.items())
    if not has_records and not edited:
        store.execute("DELETE FROM gov_datasets WHERE code = 'NMPA'")
        store.audit(ACTION, "gov_datasets", "NMPA", dict(row), None)
        report.updated.append("removed the National Maternity and Perinatal Audit from the tracked submissions "
                              "(it is built from national data, not a unit submission)")
    elif row["active"]:
        note = ("No longer a unit submission: the audit is built from national data. Switched off; "
                "your records are kept.")
        store.execute("UPDATE gov_datasets SET active = 0, notes = ? WHERE code = 'NMPA'", (note,))
        store.audit(ACTION, "gov_datasets", "NMPA", {"active": 1, "notes": row["notes"]}, {"active": 0, "notes": note})
        report.updated.append("switched off the National Maternity and Perinatal Audit submission "
                              "(built from national data); your records of it are kept")


def _champions(store, report: _Report) -> None:
    for position, (code, label, required) in enumerate(ROLES, start=1):
        if code in OLD_ROLES:
            old_label, old_required = OLD_ROLES[code]
            _correct(store, report, "gov_champion_roles", "code", code, {"label": label, "required": required},
                     {"label": old_label, "required": old_required}, f"champion role {code}")
        else:
            _insert_missing(store, report, "gov_champion_roles", "code",
                            {"code": code, "label": label, "required": required, "position": position},
                            f"champion role: {label} (expected)")
        store.execute("UPDATE gov_champion_roles SET position = ? WHERE code = ?", (position, code))


def _picklist(store, report: _Report, catalogue: dict) -> None:
    projects = {p["code"]: p for p in catalogue["projects"]}
    for (table, code, field), old in OLD_PICKLIST.items():
        if code in projects:
            _correct(store, report, table, "code", code, {field: projects[code][field]}, {field: old},
                     f"pick-list project {code}")
    fgr = next((m for m in projects.get("FGR", {}).get("measures", []) if m["type"] == "outcome"), None)
    if fgr is None:
        return
    row = store.query_one("SELECT id FROM qi_picklist_measure WHERE project_code = 'FGR' AND name = ?",
                          (OLD_FGR_MEASURE["name"],))
    if row is not None:
        _correct(store, report, "qi_picklist_measure", "id", row[0],
                 {"name": fgr["name"], "numerator": fgr["numerator"]}, OLD_FGR_MEASURE,
                 "pick-list measure: small babies (Saving Babies' Lives version 3)")
