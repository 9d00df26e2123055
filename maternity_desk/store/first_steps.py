"""What a new unit has done so far, for the first steps on Home."""

from __future__ import annotations

from maternity_desk.core.unit import FirstStep, first_steps


def steps(store) -> list[FirstStep]:
    counts = store.query_one(
        "SELECT (SELECT count(*) FROM staff),"
        " (SELECT count(*) FROM audit_log WHERE table_name IN ('course', 'course_group', 'settings')"
        "   AND (table_name <> 'settings' OR row_key LIKE 'training.threshold%')),"
        " (SELECT count(*) FROM training_session) + (SELECT count(*) FROM attendance),"
        " (SELECT count(DISTINCT month) FROM indicator_value)"
    )
    staff, course_edits, sessions, months = (int(v) for v in counts)
    return first_steps(store.unit_settings(), staff=staff, courses_checked=course_edits > 0, sessions=sessions,
                       months_of_figures=months)
