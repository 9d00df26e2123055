"""Importing the qualifying-case log for safety action 10 (``cases``): one row per case with
the unit's own reference (never an NHS number), its category, the date of the event and the
date of each milestone. Every row is checked (NHS numbers in any cell, dates in the future,
a milestone dated before the event) and every problem reported before anything is written;
the file goes in whole or not at all."""

from __future__ import annotations

from datetime import date

from maternity_desk.core import cases as qc
from maternity_desk.core.errors import Problem, ValidationFailed
from maternity_desk.core.words import plural
from maternity_desk.exchange.importer import Importer, ImportPlan
from maternity_desk.exchange.tabular import Column, MappedRows
from maternity_desk.store import cases as sc

COLUMNS = [
    Column("reference", aliases=("case reference", "case ref", "ref", "local reference"),
           help="the unit's own case reference (never an NHS number or name)"),
    Column("category", aliases=("case category", "type", "case type"),
           help="intrapartum stillbirth, early neonatal death, brain injury or maternal death"),
    Column("event_date", aliases=("event date", "date of event", "date"), help="31/03/2026 or 2026-03-31"),
    Column("mnsi_referred", required=False, aliases=("referred to mnsi", "mnsi referral", "mnsi", "date referred")),
    Column("en_reported", required=False, aliases=("reported to early notification", "early notification", "en",
                                                   "en reported")),
    Column("candour_conversation", required=False, aliases=("duty of candour conversation", "candour conversation",
                                                            "doc conversation")),
    Column("candour_letter", required=False, aliases=("duty of candour letter", "candour letter", "doc letter")),
    Column("incident_reported", required=False, aliases=("incident reported", "incident report", "incident")),
    Column("notes", required=False, aliases=("comments",)),
]


def plan_cases(store, rows: MappedRows, *, today: date | None = None) -> ImportPlan:
    today = today or date.today()
    problems: list[Problem] = []
    found: list[qc.QualifyingCase] = []
    seen: dict[str, int] = {}
    for row_no, values in rows:
        case, bad = qc.check_case(values, today=today)
        problems.extend(rows.problem(row_no, field, why) for field, why in bad)
        if case is None:
            continue
        key = case.reference.lower()
        if key in seen:
            problems.append(rows.problem(row_no, "reference", f"the reference {case.reference} is also on row "
                                                              f"{seen[key]}"))
            continue
        seen[key] = row_no
        found.append(case)
    if problems:
        raise ValidationFailed(problems)
    known = {c.reference.lower() for c in sc.cases(store)}
    updated = sum(1 for c in found if c.reference.lower() in known)
    new = len(found) - updated

    def apply(target) -> None:
        sc.upsert_cases(target, found)

    return ImportPlan(
        "cases", rows.file, len(found), apply,
        summary=[f"{plural(new, 'new qualifying case')}", f"{plural(updated, 'case')} already in the log updated"],
        replaces=["the category and dates of cases already in the log with the same reference (their notes are "
                  "kept unless the file gives new ones)"] if updated else [],
    )


IMPORTER = Importer(
    "cases", "Qualifying cases (safety action 10)", COLUMNS, plan_cases,
    description="The qualifying-case log: one row per case with the unit's own reference (never an NHS number), "
                "its category, the date of the event and the dates it was referred to MNSI, reported to Early "
                "Notification, the duty of candour conversation and letter, and the incident report. Cases "
                "already in the log (same reference) are updated.",
)
