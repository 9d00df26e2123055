"""Demo incentive-scheme tracker: the shipped year 7 (2025/26) fully tracked and closed
after its board declaration, the next year started by copying it and tracked part-way
(owners from the staff register and by role, evidence folders, approvals), and the monthly
quality reports to the board (one month missed)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from maternity_desk.core import mis
from maternity_desk.core.periods import add_months, month_of, month_start, shift_month
from maternity_desk.store import mis as sm
from maternity_desk.store import training as st

FORUMS = ["Maternity and neonatal safety committee", "Trust board (part 1)", "Quality and safety committee",
          "Local maternity and neonatal system board"]
ROLES = ["Head of midwifery", "Clinical director, obstetrics", "Governance lead", "Digital midwife",
         "Neonatal clinical lead", "Practice development midwife"]


def _owner(rng: random.Random, leads: list[str]) -> dict:
    if leads and rng.random() < 0.6:
        return {"owner_staff": rng.choice(leads)}
    return {"owner_text": rng.choice(ROLES)}


def _folder(year: mis.SchemeYear, r: mis.Requirement) -> str:
    return f"S:\\Maternity\\Incentive scheme\\{year.label.replace('/', '-')}\\Safety action {r.action}"


def generate(store, rng: random.Random, today: date) -> None:
    leads = [m.staff_number for m in st.list_staff(store)
             if m.staff_group in ("midwife", "obstetric_consultant", "neonatal_consultant") and m.leave_date is None]
    leads = rng.sample(leads, min(8, len(leads)))
    # board reports: every month for the last 20 months but one
    skipped = shift_month(month_of(today), -7)
    for k in range(20, 0, -1):
        month = shift_month(month_of(today), -k)
        if month != skipped:
            sm.save_board_report(store, month, month_start(shift_month(month, 1)) + timedelta(days=rng.randint(14, 24)),
                                 "Perinatal quality surveillance report")
    last = sm.scheme_year(store, "2025/26")
    declared = last.declaration_due or add_months(today, -8)
    for r in last.requirements:
        if r.computed:
            if rng.random() < 0.5:
                sm.save_tracking(store, last.label, mis.Tracking(
                    r.code, "not_started", **_owner(rng, leads), evidence_location=_folder(last, r),
                    notes="Figure from the app's records"))
            continue
        status = "not_met" if r.code == "sa5.coordinator" else "met"
        sm.save_tracking(store, last.label, mis.Tracking(
            r.code, status, **_owner(rng, leads), evidence_location=_folder(last, r),
            approval_forum=rng.choice(FORUMS), approval_date=declared - timedelta(days=rng.randint(10, 60)),
            notes="Coordinator not supernumerary on 3 night shifts; action plan agreed" if status == "not_met" else ""))
    if declared <= today:
        sm.close_year(store, last.label)
    new = sm.start_next_year(store)
    for r in new.requirements:
        roll = rng.random()
        if r.computed:
            if roll < 0.5:
                sm.save_tracking(store, new.label, mis.Tracking(r.code, "not_started", **_owner(rng, leads),
                                                                evidence_location=_folder(new, r)))
            continue
        if roll < 0.35:
            sm.save_tracking(store, new.label, mis.Tracking(
                r.code, "met", **_owner(rng, leads), evidence_location=_folder(new, r),
                approval_forum=rng.choice(FORUMS), approval_date=today - timedelta(days=rng.randint(5, 90))))
        elif roll < 0.75:
            sm.save_tracking(store, new.label, mis.Tracking(
                r.code, "in_progress", **_owner(rng, leads), evidence_location=_folder(new, r),
                notes="Evidence being gathered"))
        elif roll < 0.8:
            sm.save_tracking(store, new.label, mis.Tracking(r.code, "not_met", **_owner(rng, leads),
                                                            notes="Gap found at the quarterly review"))
