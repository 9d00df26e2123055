"""Schema 5: quality improvement — the programme pick-list (seeded from
``resources/picklist.json``), adopted projects with team, aim, driver diagram, measures and
monthly values, PDSA cycles, notes, and the programme participation log with actions.

Adopted projects hold their own copies of the aim and measures (``qi_measure``), so editing
the pick-list never changes a project; ``picklist_code`` only remembers where it came from.
"""

import json

from maternity_desk.paths import resource

VERSION = 5


def migrate(store) -> None:
    store.execute(
        """CREATE TABLE qi_picklist_project (
            code TEXT PRIMARY KEY,
            title TEXT NOT NULL CHECK (title <> ''),
            area TEXT NOT NULL DEFAULT '',
            rationale TEXT NOT NULL DEFAULT '',
            suggested_aim TEXT NOT NULL DEFAULT '',
            local INTEGER NOT NULL DEFAULT 0 CHECK (local IN (0, 1)),
            sort_order INTEGER NOT NULL DEFAULT 0
        )"""
    )
    store.execute(
        """CREATE TABLE qi_picklist_measure (
            id INTEGER PRIMARY KEY,
            project_code TEXT NOT NULL REFERENCES qi_picklist_project(code)
                ON DELETE CASCADE ON UPDATE CASCADE,
            sort_order INTEGER NOT NULL DEFAULT 0,
            type TEXT NOT NULL CHECK (type IN ('outcome', 'process', 'balancing')),
            name TEXT NOT NULL CHECK (name <> ''),
            numerator TEXT NOT NULL DEFAULT '',
            denominator TEXT NOT NULL DEFAULT '',
            better TEXT CHECK (better IS NULL OR better IN ('higher', 'lower')),
            chart TEXT NOT NULL DEFAULT 'p' CHECK (chart IN ('p', 'xmr', 'run')),
            scale INTEGER NOT NULL DEFAULT 100 CHECK (scale IN (1, 100, 1000)),
            unit TEXT NOT NULL DEFAULT '',
            UNIQUE (project_code, name)
        )"""
    )
    store.execute(
        """CREATE TABLE qi_project (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL CHECK (title <> ''),
            area TEXT NOT NULL DEFAULT '',
            rationale TEXT NOT NULL DEFAULT '',
            picklist_code TEXT REFERENCES qi_picklist_project(code)
                ON DELETE SET NULL ON UPDATE CASCADE,
            wave TEXT NOT NULL DEFAULT '',
            start_date TEXT NOT NULL,
            end_date TEXT,
            status TEXT NOT NULL DEFAULT 'planned'
                CHECK (status IN ('planned', 'active', 'sustaining', 'closed', 'abandoned')),
            abandon_reason TEXT NOT NULL DEFAULT '',
            aim_text TEXT NOT NULL DEFAULT '',
            aim_measure TEXT NOT NULL DEFAULT '',
            aim_from REAL,
            aim_to REAL,
            aim_by TEXT,
            CHECK (status <> 'abandoned' OR abandon_reason <> ''),
            CHECK (end_date IS NULL OR end_date >= start_date),
            CHECK (aim_by IS NULL OR aim_by >= start_date)
        )"""
    )
    store.execute(
        """CREATE TABLE qi_team_member (
            id INTEGER PRIMARY KEY,
            project_id INTEGER NOT NULL REFERENCES qi_project(id) ON DELETE CASCADE,
            name TEXT NOT NULL CHECK (name <> ''),
            role TEXT NOT NULL CHECK (role IN ('obstetrician_lead', 'midwife_lead',
                'senior_manager_lead', 'improvement_coach', 'other')),
            job_title TEXT NOT NULL DEFAULT ''
        )"""
    )
    store.execute("CREATE INDEX qi_team_member_project ON qi_team_member (project_id)")
    store.execute(
        """CREATE TABLE qi_measure (
            id INTEGER PRIMARY KEY,
            project_id INTEGER NOT NULL REFERENCES qi_project(id) ON DELETE CASCADE,
            sort_order INTEGER NOT NULL DEFAULT 0,
            type TEXT NOT NULL CHECK (type IN ('outcome', 'process', 'balancing')),
            name TEXT NOT NULL CHECK (name <> ''),
            numerator TEXT NOT NULL DEFAULT '',
            denominator TEXT NOT NULL DEFAULT '',
            better TEXT CHECK (better IS NULL OR better IN ('higher', 'lower')),
            chart TEXT NOT NULL DEFAULT 'p' CHECK (chart IN ('p', 'xmr', 'run')),
            scale INTEGER NOT NULL DEFAULT 100 CHECK (scale IN (1, 100, 1000)),
            unit TEXT NOT NULL DEFAULT '',
            is_primary INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
            baseline_points INTEGER CHECK (baseline_points IS NULL OR baseline_points >= 2),
            UNIQUE (project_id, name)
        )"""
    )
    store.execute(
        "CREATE UNIQUE INDEX qi_measure_one_primary ON qi_measure (project_id) WHERE is_primary = 1"
    )
    store.execute(
        """CREATE TABLE qi_measure_value (
            measure_id INTEGER NOT NULL REFERENCES qi_measure(id) ON DELETE CASCADE,
            month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
            numerator INTEGER NOT NULL CHECK (numerator >= 0),
            denominator INTEGER CHECK (denominator IS NULL OR denominator > 0),
            PRIMARY KEY (measure_id, month)
        ) WITHOUT ROWID"""
    )
    store.execute(
        """CREATE TABLE qi_driver (
            id INTEGER PRIMARY KEY,
            project_id INTEGER NOT NULL REFERENCES qi_project(id) ON DELETE CASCADE,
            parent_id INTEGER REFERENCES qi_driver(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('primary', 'secondary', 'change_idea')),
            text TEXT NOT NULL CHECK (text <> ''),
            sort_order INTEGER NOT NULL DEFAULT 0
        )"""
    )
    store.execute("CREATE INDEX qi_driver_project ON qi_driver (project_id, parent_id)")
    store.execute(
        """CREATE TABLE qi_pdsa (
            id INTEGER PRIMARY KEY,
            project_id INTEGER NOT NULL REFERENCES qi_project(id) ON DELETE CASCADE,
            title TEXT NOT NULL CHECK (title <> ''),
            change_idea TEXT NOT NULL DEFAULT '',
            prediction TEXT NOT NULL DEFAULT '',
            plan TEXT NOT NULL DEFAULT '',
            do TEXT NOT NULL DEFAULT '',
            study TEXT NOT NULL DEFAULT '',
            act TEXT CHECK (act IS NULL OR act IN ('adopt', 'adapt', 'abandon')),
            start_date TEXT NOT NULL,
            end_date TEXT,
            CHECK (end_date IS NULL OR end_date >= start_date),
            CHECK (act IS NULL OR study <> '')
        )"""
    )
    store.execute("CREATE INDEX qi_pdsa_project ON qi_pdsa (project_id, start_date)")
    store.execute(
        """CREATE TABLE qi_note (
            id INTEGER PRIMARY KEY,
            project_id INTEGER NOT NULL REFERENCES qi_project(id) ON DELETE CASCADE,
            date TEXT NOT NULL,
            text TEXT NOT NULL CHECK (text <> '')
        )"""
    )
    store.execute("CREATE INDEX qi_note_project ON qi_note (project_id, date)")
    store.execute(
        """CREATE TABLE qi_event (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('learning_event', 'wave_learning_session',
                'community_of_practice', 'trust_visit', 'coach_training', 'safety_culture_survey')),
            date TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            attendees TEXT NOT NULL DEFAULT '',
            learning TEXT NOT NULL DEFAULT ''
        )"""
    )
    store.execute("CREATE INDEX qi_event_date ON qi_event (date)")
    store.execute(
        """CREATE TABLE qi_event_action (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES qi_event(id) ON DELETE CASCADE,
            action TEXT NOT NULL CHECK (action <> ''),
            owner TEXT NOT NULL CHECK (owner <> ''),
            due_date TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'in_progress', 'done', 'cancelled'))
        )"""
    )
    store.execute("CREATE INDEX qi_event_action_event ON qi_event_action (event_id)")
    _seed_picklist(store)


def _seed_picklist(store) -> None:
    # imported here: every start imports the migrations, and only a new database runs this
    from maternity_desk.core.improvement import parse_picklist

    with open(resource("picklist.json"), encoding="utf-8") as f:
        projects = parse_picklist(json.load(f))
    store.executemany(
        "INSERT INTO qi_picklist_project (code, title, area, rationale, suggested_aim, local, sort_order)"
        " VALUES (?, ?, ?, ?, ?, 0, ?)",
        [(p.code, p.title, p.area, p.rationale, p.suggested_aim, p.sort_order) for p in projects],
    )
    store.executemany(
        "INSERT INTO qi_picklist_measure (project_code, sort_order, type, name, numerator, denominator,"
        " better, chart, scale, unit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(p.code, m.sort_order, m.type, m.name, m.numerator, m.denominator, m.better, m.chart,
          m.scale, m.unit) for p in projects for m in p.measures],
    )
