"""Schema 6: governance registers (safety champions, improvement plan, dataset submissions,
perinatal mortality reviews), seeded with the shipped bank holidays, review deadline rules,
champion roles and datasets from ``resources/``."""

from __future__ import annotations

import json

from maternity_desk.paths import resource

VERSION = 6

_DATE = "GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'"

ROLES = [
    ("board", "Board-level maternity champion", 1, 1),
    ("obstetric", "Obstetric safety champion", 1, 2),
    ("midwifery", "Midwifery safety champion", 1, 3),
    ("neonatal", "Neonatal safety champion", 0, 4),
]


def _d(col: str, nullable: bool = True) -> str:
    check = f"{col} {_DATE}"
    return f"CHECK ({col} IS NULL OR {check})" if nullable else f"CHECK ({check})"


def migrate(store) -> None:
    ex = store.execute
    ex(f"""CREATE TABLE gov_bank_holidays (
        date TEXT PRIMARY KEY {_d('date', False)},
        title TEXT NOT NULL
    )""")
    ex("""CREATE TABLE gov_deadline_rules (
        code TEXT PRIMARY KEY CHECK (code IN ('reported','parents_informed','review_started','report_published')),
        label TEXT NOT NULL,
        basis TEXT NOT NULL CHECK (basis IN ('working_days','months','calendar_days')),
        amount INTEGER NOT NULL CHECK (amount >= 0 AND amount <= 400),
        position INTEGER NOT NULL,
        note TEXT NOT NULL DEFAULT ''
    )""")
    ex("""CREATE TABLE gov_champion_roles (
        code TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        required INTEGER NOT NULL CHECK (required IN (0, 1)),
        position INTEGER NOT NULL
    )""")
    ex(f"""CREATE TABLE gov_champions (
        id INTEGER PRIMARY KEY,
        role TEXT NOT NULL REFERENCES gov_champion_roles(code),
        person TEXT NOT NULL CHECK (length(trim(person)) > 0),
        start_date TEXT NOT NULL {_d('start_date', False)},
        end_date TEXT {_d('end_date')},
        CHECK (end_date IS NULL OR end_date >= start_date)
    )""")
    ex("CREATE INDEX gov_champions_role ON gov_champions (role, start_date)")
    ex(f"""CREATE TABLE gov_meetings (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL {_d('date', False)},
        attendees TEXT NOT NULL DEFAULT '',
        issues TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT ''
    )""")
    ex("CREATE INDEX gov_meetings_date ON gov_meetings (date)")
    _create_reviews(store)
    for table, parent in (("gov_champion_actions", "gov_meetings"), ("gov_review_actions", "gov_reviews")):
        ex(f"""CREATE TABLE {table} (
            id INTEGER PRIMARY KEY,
            parent_id INTEGER REFERENCES {parent}(id) ON DELETE CASCADE,
            action TEXT NOT NULL CHECK (length(trim(action)) > 0),
            owner TEXT NOT NULL DEFAULT '',
            due_date TEXT {_d('due_date')},
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','complete','dropped')),
            completed_date TEXT {_d('completed_date')}
        )""")
        ex(f"CREATE INDEX {table}_parent ON {table} (parent_id)")
        ex(f"CREATE INDEX {table}_due ON {table} (status, due_date)")
    ex(f"""CREATE TABLE gov_plan_versions (
        id INTEGER PRIMARY KEY,
        version TEXT NOT NULL CHECK (length(trim(version)) > 0),
        date_agreed TEXT NOT NULL {_d('date_agreed', False)},
        date_published TEXT {_d('date_published')},
        where_published TEXT NOT NULL DEFAULT '',
        CHECK (date_published IS NULL OR date_published >= date_agreed)
    )""")
    ex(f"""CREATE TABLE gov_plan_actions (
        id INTEGER PRIMARY KEY,
        area TEXT NOT NULL CHECK (length(trim(area)) > 0),
        action TEXT NOT NULL CHECK (length(trim(action)) > 0),
        owner TEXT NOT NULL DEFAULT '',
        due_date TEXT {_d('due_date')},
        status TEXT NOT NULL DEFAULT 'not_started'
            CHECK (status IN ('not_started','in_progress','complete','dropped')),
        evidence TEXT NOT NULL DEFAULT ''
    )""")
    ex("CREATE INDEX gov_plan_actions_due ON gov_plan_actions (status, due_date)")
    ex("""CREATE TABLE gov_datasets (
        code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 20),
        name TEXT NOT NULL,
        cadence TEXT NOT NULL CHECK (cadence IN ('monthly','quarterly','annual','per_case')),
        due_months INTEGER CHECK (due_months IS NULL OR due_months BETWEEN 0 AND 24),
        due_day TEXT CHECK (due_day IS NULL OR due_day = 'end' OR CAST(due_day AS INTEGER) BETWEEN 1 AND 31),
        due_working_days INTEGER CHECK (due_working_days IS NULL OR due_working_days BETWEEN 0 AND 250),
        first_period TEXT,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        notes TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0,
        CHECK ((cadence = 'per_case' AND due_working_days IS NOT NULL)
               OR (cadence <> 'per_case' AND due_months IS NOT NULL))
    )""")
    ex(f"""CREATE TABLE gov_submissions (
        id INTEGER PRIMARY KEY,
        dataset TEXT NOT NULL REFERENCES gov_datasets(code) ON UPDATE CASCADE,
        period TEXT NOT NULL CHECK (length(trim(period)) > 0),
        due_date TEXT NOT NULL {_d('due_date', False)},
        submitted_date TEXT {_d('submitted_date')},
        submitted_by TEXT NOT NULL DEFAULT '',
        dq_issues TEXT NOT NULL DEFAULT '',
        UNIQUE (dataset, period)
    )""")
    ex("CREATE INDEX gov_submissions_due ON gov_submissions (due_date)")
    _seed(store, resource)


def _create_reviews(store) -> None:
    store.execute(f"""CREATE TABLE gov_reviews (
        id INTEGER PRIMARY KEY,
        reference TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(reference)) > 0),
        category TEXT NOT NULL
            CHECK (category IN ('late_fetal_loss','stillbirth','neonatal_death','post_neonatal_death')),
        gestation_days INTEGER NOT NULL CHECK (gestation_days BETWEEN 154 AND 315),
        date_of_death TEXT NOT NULL {_d('date_of_death', False)},
        reported TEXT {_d('reported')},
        parents_informed TEXT {_d('parents_informed')},
        review_started TEXT {_d('review_started')},
        report_published TEXT {_d('report_published')},
        themes TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        CHECK (category <> 'late_fetal_loss' OR gestation_days BETWEEN 154 AND 167),
        CHECK (category <> 'stillbirth' OR gestation_days >= 168),
        CHECK (report_published IS NULL OR review_started IS NOT NULL)
    )""")
    store.execute("CREATE INDEX gov_reviews_death ON gov_reviews (date_of_death)")


def _seed(store, resource) -> None:
    hol = json.loads(resource("bank_holidays.json").read_text(encoding="utf-8"))
    store.executemany("INSERT INTO gov_bank_holidays (date, title) VALUES (?, ?)",
                      [(e["date"], e["title"]) for e in hol["events"]])
    rules = json.loads(resource("pmrt_rules.json").read_text(encoding="utf-8"))
    store.executemany(
        "INSERT INTO gov_deadline_rules (code, label, basis, amount, position, note) VALUES (?, ?, ?, ?, ?, ?)",
        [(m["code"], m["label"], m["basis"], int(m["amount"]), i, m.get("note", ""))
         for i, m in enumerate(rules["milestones"], start=1)],
    )
    store.execute("INSERT INTO settings (key, value) VALUES ('governance.rules_scheme', ?) "
                  "ON CONFLICT(key) DO NOTHING", (rules.get("scheme", ""),))
    store.executemany("INSERT INTO gov_champion_roles (code, label, required, position) VALUES (?, ?, ?, ?)", ROLES)
    ds = json.loads(resource("datasets.json").read_text(encoding="utf-8"))
    store.executemany(
        "INSERT INTO gov_datasets (code, name, cadence, due_months, due_day, due_working_days, active, notes, position)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(d["code"], d["name"], d["cadence"], d.get("due_months"),
          None if d.get("due_day") is None else str(d["due_day"]), d.get("due_working_days"),
          1 if d.get("active", True) else 0, d.get("notes", ""), i)
         for i, d in enumerate(ds["datasets"], start=1)],
    )
