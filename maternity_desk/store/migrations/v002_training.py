"""Schema 2: training — staff register, absences, courses, sessions, attendance.

Seeds the staff groups (``resources/staff_groups.json``), the default courses and the RAG
thresholds (``resources/courses.json``; thresholds kept as settings that travel with the file).
"""

import json

from maternity_desk.paths import resource

VERSION = 2


def migrate(store) -> None:
    store.execute(
        """CREATE TABLE staff_group (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            sort_order INTEGER NOT NULL DEFAULT 0,
            aliases TEXT NOT NULL DEFAULT ''
        )"""
    )
    store.execute(
        """CREATE TABLE staff (
            staff_number TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            staff_group TEXT NOT NULL REFERENCES staff_group(code),
            start_date TEXT NOT NULL,
            leave_date TEXT,
            notes TEXT NOT NULL DEFAULT '',
            CHECK (leave_date IS NULL OR leave_date >= start_date)
        )"""
    )
    store.execute(
        """CREATE TABLE absence (
            id INTEGER PRIMARY KEY,
            staff_number TEXT NOT NULL REFERENCES staff(staff_number) ON DELETE CASCADE,
            start_date TEXT NOT NULL,
            end_date TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            CHECK (end_date >= start_date)
        )"""
    )
    store.execute("CREATE INDEX absence_staff ON absence (staff_number)")
    store.execute(
        """CREATE TABLE course (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            renewal_months INTEGER NOT NULL CHECK (renewal_months > 0),
            active INTEGER NOT NULL DEFAULT 1
        )"""
    )
    store.execute(
        """CREATE TABLE course_group (
            course_code TEXT NOT NULL REFERENCES course(code) ON DELETE CASCADE ON UPDATE CASCADE,
            staff_group TEXT NOT NULL REFERENCES staff_group(code),
            PRIMARY KEY (course_code, staff_group)
        )"""
    )
    store.execute(
        """CREATE TABLE training_session (
            id INTEGER PRIMARY KEY,
            course_code TEXT NOT NULL REFERENCES course(code) ON UPDATE CASCADE,
            date TEXT NOT NULL,
            venue TEXT NOT NULL DEFAULT '',
            facilitator TEXT NOT NULL DEFAULT '',
            capacity INTEGER CHECK (capacity IS NULL OR capacity >= 0),
            status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'cancelled'))
        )"""
    )
    store.execute("CREATE INDEX training_session_course_date ON training_session (course_code, date)")
    store.execute(
        """CREATE TABLE attendance (
            id INTEGER PRIMARY KEY,
            staff_number TEXT NOT NULL REFERENCES staff(staff_number) ON DELETE CASCADE,
            course_code TEXT NOT NULL REFERENCES course(code) ON UPDATE CASCADE,
            date TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'attended' CHECK (status IN ('attended', 'dna', 'cancelled')),
            session_id INTEGER REFERENCES training_session(id) ON DELETE SET NULL,
            UNIQUE (staff_number, course_code, date)
        )"""
    )
    store.execute("CREATE INDEX attendance_course_staff ON attendance (course_code, staff_number, date)")
    store.execute("CREATE INDEX attendance_session ON attendance (session_id)")
    store.execute(
        "CREATE INDEX attendance_attended ON attendance (course_code, staff_number, date)"
        " WHERE status = 'attended'"
    )
    store.execute("CREATE INDEX staff_group_idx ON staff (staff_group)")
    _seed(store)


def _seed(store) -> None:
    groups = json.loads(resource("staff_groups.json").read_text(encoding="utf-8"))
    store.executemany(
        "INSERT INTO staff_group (code, name, sort_order, aliases) VALUES (?, ?, ?, ?)",
        [(g["code"], g["name"], i, "|".join(g.get("aliases", []))) for i, g in enumerate(groups)],
    )
    catalogue = json.loads(resource("courses.json").read_text(encoding="utf-8"))
    store.executemany(
        "INSERT INTO course (code, name, renewal_months, active) VALUES (?, ?, ?, 1)",
        [(c["code"], c["name"], int(c["renewal_months"])) for c in catalogue["courses"]],
    )
    store.executemany(
        "INSERT INTO course_group (course_code, staff_group) VALUES (?, ?)",
        [(c["code"], g) for c in catalogue["courses"] for g in c.get("groups", [])],
    )
    thresholds = catalogue.get("thresholds", {})
    store.executemany(
        "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)",
        [
            ("training.threshold.green", str(thresholds.get("green", 90))),
            ("training.threshold.amber", str(thresholds.get("amber", 80))),
        ],
    )
