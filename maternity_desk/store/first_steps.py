"""What a new unit has done so far, for the first steps on Home."""

from __future__ import annotations

from maternity_desk.core.unit import FirstStep, first_steps

# The action name migration 9 (v009_framework_2026.ACTION) writes in the audit log, spelled out
# here so that Home need not load the migration (a test holds the two equal).
FRAMEWORK_2026 = "framework_2026"


def steps(store) -> list[FirstStep]:
    counts = store.query_one(
        "SELECT (SELECT count(*) FROM staff),"
        " (SELECT count(*) FROM audit_log WHERE table_name IN ('course', 'course_group', 'settings')"
        "   AND action <> ?"  # the program's own corrections (a migration) are not the unit's checks
        "   AND (table_name <> 'settings' OR row_key LIKE 'training.threshold%')),"
        " (SELECT count(*) FROM training_session) + (SELECT count(*) FROM attendance),"
        " (SELECT count(DISTINCT month) FROM indicator_value)",
        (FRAMEWORK_2026,),
    )
    staff, course_edits, sessions, months = (int(v) for v in counts)
    return first_steps(store.unit_settings(), staff=staff, courses_checked=course_edits > 0, sessions=sessions,
                       months_of_figures=months)
