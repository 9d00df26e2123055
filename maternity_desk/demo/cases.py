"""Demo qualifying cases for safety action 10 (about six a year over three years, a few late,
the newest still open so Home and the Governance page show deadlines coming and passed) and
bookings on the planned training sessions (so the training forecast counts some people as
booked and still lists who must attend)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from maternity_desk.core import cases as qc
from maternity_desk.store import cases as sc
from maternity_desk.store import forecast as sf
from maternity_desk.store import governance as sg
from maternity_desk.store import training as st

_WEIGHTS = {"brain_injury": 4, "early_neonatal_death": 2, "intrapartum_stillbirth": 2, "maternal_death": 1}
_NOTES = {"brain_injury": ["Cooled; MRI booked", "Therapeutic hypothermia from 4 hours", "Moderate encephalopathy"],
          "early_neonatal_death": ["Died on day 2 on the neonatal unit", ""],
          "intrapartum_stillbirth": ["Fetal heart heard on admission in labour", ""],
          "maternal_death": ["Coroner informed", ""]}


def generate(store, rng: random.Random, today: date) -> None:
    _cases(store, rng, today)
    _bookings(store, rng, today)


def _done(rng: random.Random, event: date, due: date, today: date, late_chance: float) -> date | None:
    """When a milestone was met: mostly in the first part of its time, sometimes late."""
    if rng.random() < late_chance:
        d = due + timedelta(days=rng.randint(1, 12))
    else:
        d = event + timedelta(days=rng.randint(0, max(0, (due - event).days)))
    return d if d <= today else None


def _cases(store, rng: random.Random, today: date) -> None:
    rules, cal = sc.rules(store), sg.calendar(store)
    cats = [c for c, w in _WEIGHTS.items() for _ in range(w)]
    out: list[qc.QualifyingCase] = []
    d = date(today.year - 3, today.month, 1)
    n = 0
    while True:
        d += timedelta(days=rng.randint(35, 80))
        recent = (today - d).days < 30
        if d > today - timedelta(days=3):
            break
        n += 1
        cat = rng.choice(cats)
        dates = {}
        for rule in rules:
            if not rule.applies(cat):
                continue
            due = rule.due(d, cal)
            # the newest cases are still open: some milestones not yet met
            if recent and rng.random() < 0.5:
                continue
            dates[rule.code] = _done(rng, d, due, today, 0.12)
        talk, letter = dates.get("candour_conversation"), dates.get("candour_letter")
        if talk and letter and letter < talk:
            dates["candour_letter"] = talk
        out.append(qc.QualifyingCase(None, f"QC-{d:%y}-{n:03d}", cat, d, notes=rng.choice(_NOTES[cat]), **dates))
    # one case a few days old, nothing recorded yet: deadlines due this week on Home
    out.append(qc.QualifyingCase(None, f"QC-{today:%y}-{n + 1:03d}", "brain_injury", today - timedelta(days=2),
                                 incident_reported=today - timedelta(days=1), notes="Cooled; MRI booked"))
    sc.upsert_cases(store, out)
    store.audit("demo", "gov_qualifying_cases", None, None, {"cases": len(out)})


def _bookings(store, rng: random.Random, today: date) -> None:
    """People who will be out of date put on the planned sessions of their courses, up to the
    session's capacity, most of them: the rest stay on the forecast's must-attend list."""
    sessions = [s for s in st.list_sessions(store) if s.status == "planned" and s.date >= today]
    if not sessions:
        return
    horizon = max(s.date for s in sessions)
    rows = sf.forecast(store, horizon, today=today)
    wanting: dict[str, list[str]] = {}
    for r in rows:
        for c in r.not_in_date:
            if rng.random() < 0.7:
                wanting.setdefault(r.course, []).append(c.staff_number)
    absences = st.list_absences(store)
    for s in sorted(sessions, key=lambda s: s.date):
        queue = wanting.get(s.course_code, [])
        free = max(0, (s.capacity or 12) - s.attended)
        take = [n for n in queue if not any(a.staff_number == n and a.covers(s.date) for a in absences)][:free]
        if take:
            sf.book(store, s.id, take, today=today)
            wanting[s.course_code] = [n for n in queue if n not in take]
