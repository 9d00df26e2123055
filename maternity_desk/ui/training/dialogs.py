"""Dialogs of the training page: a person, their absences and history, a session and its
sign-in, the course catalogue and thresholds. Each validates through the core functions and
shows a refusal as a plain message; nothing is written unless the save succeeds whole.

They live in :mod:`.person_dialogs`, :mod:`.session_dialogs` and :mod:`.course_dialogs`
(shared pieces in :mod:`.dialog_helpers`); this module re-exports them, and ``date_edit``,
for the page and the tests."""

from __future__ import annotations

from maternity_desk.ui.training.course_dialogs import CourseDialog, CoursesDialog
from maternity_desk.ui.training.dialog_helpers import (
    enter_activates,
    py_date,
    search_box,
    table_view,
    warn,
)
from maternity_desk.ui.training.person_dialogs import (
    AbsenceDialog,
    AbsencesDialog,
    HistoryDialog,
    PersonDialog,
)
from maternity_desk.ui.training.session_dialogs import SessionDialog, SignInDialog
from maternity_desk.ui.widgets import date_edit

__all__ = [
    "py_date",
    "warn",
    "table_view",
    "enter_activates",
    "search_box",
    "PersonDialog",
    "AbsenceDialog",
    "AbsencesDialog",
    "HistoryDialog",
    "SessionDialog",
    "SignInDialog",
    "CourseDialog",
    "CoursesDialog",
    "date_edit",
]
