"""Demo training-fund ledger: the 2016/17 Maternity Safety Training Fund award spent on PROMPT,
CTG masterclasses, human factors, labour ward leaders and backfill; a small Innovation Fund
project (a growth-scan clinic for women who smoke); and the trust's own training budget in
each later year. Runs after the training demo: held training sessions are linked to the
ledger entries that paid for them, so people trained and cost per person are real.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from maternity_desk.core.periods import fy_bounds, fy_of

# (date, kind, pounds, description, category, supplier, reference, course, places)
MSTF_2016 = [
    ("2016-10-14", "allocation", 41_250, "Maternity Safety Training Fund award (HEE)", None,
     "Health Education England", "HEE-MSTF-2016", None, None),
    ("2016-11-02", "commitment", 14_400, "PROMPT: course licence, faculty training and six in-house days",
     "Multi-professional teamwork and communication", "PROMPT Maternity Foundation", "PO-MSTF-001", "PROMPT", 120),
    ("2016-11-15", "commitment", 6_600, "CTG masterclasses: three days for midwives and obstetricians",
     "Fetal growth and monitoring", "Regional fetal monitoring faculty", "PO-MSTF-002", "CTGM", 60),
    ("2016-12-09", "payment", 1_950, "Backfill: bank midwives for PROMPT days (Nov-Dec)", "Backfill",
     "Trust staff bank", "BF-2016-12", None, None),
    ("2016-12-20", "payment", 7_200, "PROMPT: first half", "Multi-professional teamwork and communication",
     "PROMPT Maternity Foundation", "PO-MSTF-001", "PROMPT", None),
    ("2017-01-05", "commitment", 5_850, "Human factors in maternity: two-day course for 30",
     "Human factors", "Clinical human factors trainers", "PO-MSTF-003", "HF", 30),
    ("2017-01-20", "commitment", 3_200, "Labour ward leaders course: 8 places", "Team leadership",
     "Labour ward leadership programme", "PO-MSTF-004", "LWL", 8),
    ("2017-01-25", "payment", 6_600, "CTG masterclasses", "Fetal growth and monitoring",
     "Regional fetal monitoring faculty", "PO-MSTF-002", "CTGM", None),
    ("2017-01-31", "payment", 2_100, "Backfill: bank midwives for training days (January)", "Backfill",
     "Trust staff bank", "BF-2017-01", None, None),
    ("2017-02-08", "payment", 2_180, "Skills drills kit: PPH and shoulder dystocia", "Skills and drills",
     "Simulation equipment supplier", "INV-55821", None, None),
    ("2017-02-14", "refund", 550, "CTG masterclass: 5 unused places refunded", "Fetal growth and monitoring",
     "Regional fetal monitoring faculty", "PO-MSTF-002", "CTGM", None),
    ("2017-02-28", "payment", 1_850, "Backfill: bank midwives for training days (February)", "Backfill",
     "Trust staff bank", "BF-2017-02", None, None),
    ("2017-03-10", "payment", 7_200, "PROMPT: second half", "Multi-professional teamwork and communication",
     "PROMPT Maternity Foundation", "PO-MSTF-001", "PROMPT", None),
    ("2017-03-17", "payment", 420, "Travel: faculty to the PROMPT train-the-trainers day", "Travel",
     "Staff expenses", "EXP-0317", None, None),
    ("2017-03-22", "payment", 5_850, "Human factors course", "Human factors",
     "Clinical human factors trainers", "PO-MSTF-003", "HF", None),
    ("2017-03-29", "payment", 3_200, "Labour ward leaders course", "Team leadership",
     "Labour ward leadership programme", "PO-MSTF-004", "LWL", None),
    ("2017-03-31", "payment", 1_900, "Backfill: bank midwives for training days (March)", "Backfill",
     "Trust staff bank", "BF-2017-03", None, None),
]

INNOVATION_2017 = [
    ("2017-06-12", "allocation", 10_820, "Innovation Fund: growth-scan clinic for women who smoke", None,
     "NHS England", "INNOV-2017-14", None, None),
    ("2017-07-03", "commitment", 6_200, "Sonographer sessions for the growth-scan clinic (9 months)",
     "Fetal growth and monitoring", "Imaging directorate", "INN-01", None, None),
    ("2017-08-15", "payment", 1_980, "Carbon monoxide monitors (6)", "Other", "Medical equipment supplier",
     "INN-02", None, None),
    ("2017-09-29", "payment", 1_550, "Sonographer sessions Jul-Sep", "Fetal growth and monitoring",
     "Imaging directorate", "INN-01", None, None),
    ("2017-10-10", "commitment", 1_450, "Customised growth chart training for midwives",
     "Fetal growth and monitoring", "Perinatal growth training provider", "INN-03", "FM", 25),
    ("2017-11-21", "payment", 1_450, "Customised growth chart training", "Fetal growth and monitoring",
     "Perinatal growth training provider", "INN-03", "FM", None),
    ("2017-12-22", "payment", 1_550, "Sonographer sessions Oct-Dec", "Fetal growth and monitoring",
     "Imaging directorate", "INN-01", None, None),
    ("2018-01-16", "payment", 640, "Leaflets for the clinic", "Other", "Print unit", "INN-04", None, None),
    ("2018-03-28", "payment", 3_100, "Sonographer sessions Jan-Mar", "Fetal growth and monitoring",
     "Imaging directorate", "INN-01", None, None),
]

# The sessions the 2016/17 award paid for: (course, dates, places per session, staff groups).
MSTF_SESSIONS = [
    ("PROMPT", ["2016-11-24", "2016-12-08", "2017-01-12", "2017-02-02", "2017-02-23", "2017-03-16"], 20,
     ("midwife", "msw", "obstetric_consultant", "obstetric_doctor", "anaesthetic_consultant", "anaesthetic_doctor")),
    ("CTGM", ["2016-12-01", "2017-01-19", "2017-02-16"], 18, ("midwife", "obstetric_consultant", "obstetric_doctor")),
    ("HF", ["2017-02-09", "2017-03-09"], 15,
     ("midwife", "obstetric_consultant", "obstetric_doctor", "anaesthetic_consultant", "neonatal_consultant")),
    ("LWL", ["2017-03-02"], 8, ("midwife",)),
]

# the trust's own yearly courses: (course, category, supplier, cost per place in pounds, places)
TRUST_COURSES = [
    ("PROMPT", "Multi-professional teamwork and communication", "In-house PROMPT faculty", 35, (100, 160)),
    ("NLS", "Skills and drills", "Resuscitation Council UK", 150, (12, 20)),
    ("FM", "Fetal growth and monitoring", "Fetal monitoring update days", 20, (80, 140)),
    ("HF", "Human factors", "Clinical human factors trainers", 120, (10, 16)),
    ("DRILLS", "Skills and drills", "In-house skills and drills", 10, (60, 120)),
]


def _rows(spec, fund: str, today: date) -> list[tuple]:
    out = []
    for d, kind, pounds, desc, cat, supplier, ref, course, places in spec:
        if date.fromisoformat(d) <= today:
            out.append((d, fund, kind, pounds * 100, desc, cat, supplier, ref, course, places))
    return out


def _trust_year(rng: random.Random, fy: str, today: date, courses: set[str]) -> list[tuple]:
    start, end = fy_bounds(fy)
    year = int(fy[:4])
    rows = [(start.isoformat(), "TRUST", "allocation", rng.randrange(16_500, 22_001, 500) * 100,
             f"Trust training budget {fy}", None, "Trust finance", f"TRUST-BUDGET-{year}", None, None)]
    n = 0
    for course, cat, supplier, per_place, (lo, hi) in TRUST_COURSES:
        if course not in courses:
            continue
        places = rng.randint(lo, hi)
        cost = per_place * places * 100
        n += 1
        ref = f"PO-T{year % 100:02d}-{n:03d}"
        committed = start + timedelta(days=rng.randint(20, 120))
        rows.append((committed.isoformat(), "TRUST", "commitment", cost, f"{course} training {fy}",
                     cat, supplier, ref, course, places))
        # paid in two instalments; the second may still be due at the end of the demo
        first = committed + timedelta(days=rng.randint(45, 90))
        second = min(first + timedelta(days=rng.randint(90, 150)), end - timedelta(days=rng.randint(0, 20)))
        half = (cost // 2) // 100 * 100
        for when, amount, label in ((first, half, "first instalment"), (second, cost - half, "final instalment")):
            rows.append((when.isoformat(), "TRUST", "payment", amount, f"{course} training: {label}",
                         cat, supplier, ref, course, None))
    month = start
    while month <= end:  # backfill paid monthly
        last_day = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        rows.append((last_day.isoformat(), "TRUST", "payment", rng.randrange(250, 620, 5) * 100,
                     f"Backfill for training days ({month:%B %Y})", "Backfill", "Trust staff bank",
                     f"BF-{month:%Y-%m}", None, None))
        month = last_day + timedelta(days=1)
    if rng.random() < 0.7:
        d = start + timedelta(days=rng.randint(30, 330))
        rows.append((d.isoformat(), "TRUST", "payment", rng.randrange(150, 600, 10) * 100,
                     "Travel and subsistence: regional study day", "Travel", "Staff expenses",
                     f"EXP-{d:%y%m}", None, None))
    if rng.random() < 0.5:  # a cancelled place refunded
        d = start + timedelta(days=rng.randint(150, 300))
        rows.append((d.isoformat(), "TRUST", "refund", rng.randrange(90, 200, 5) * 100,
                     "Cancelled place refunded", "Skills and drills", "Resuscitation Council UK",
                     f"RF-{d:%y%m}", None, None))
    return [r for r in rows if date.fromisoformat(r[0]) <= today]


def generate(store, rng: random.Random, today: date) -> None:
    courses = {r[0] for r in store.query("SELECT code FROM course")}

    def course_ok(row):
        return row[:8] + ((row[8] if row[8] in courses else None), row[9])

    rows = [course_ok(r) for r in _rows(MSTF_2016, "MSTF", today) + _rows(INNOVATION_2017, "INNOVATION", today)]
    first_trust = 2017
    for year in range(first_trust, int(fy_of(today)[:4]) + 1):
        rows += _trust_year(rng, f"{year}/{(year + 1) % 100:02d}", today, courses)
    rows.sort(key=lambda r: (r[0], r[1]))
    cols = "date, fund_code, kind, amount_pence, description, category, supplier, reference, course_code, places"
    with store.transaction():
        store.executemany(f"INSERT INTO fund_entry ({cols}) VALUES ({', '.join('?' * 10)})", rows)
        _mstf_sessions(store, rng, today, courses)
        linked = _link_sessions(store)
        store.audit("demo", "fund_entry", None, None, {"entries": len(rows), "sessions_linked": linked})


def _mstf_sessions(store, rng: random.Random, today: date, courses: set[str]) -> None:
    """The training the 2016/17 award bought: held sessions with the staff of the day signed in
    (the register reaches back that far for long-serving staff)."""
    staff = store.query("SELECT staff_number, staff_group, start_date, leave_date FROM staff ORDER BY staff_number")
    for course, dates, places, groups in MSTF_SESSIONS:
        if course not in courses:
            continue
        taken: set[str] = set()
        for d in dates:
            if date.fromisoformat(d) > today:
                continue
            cur = store.execute(
                "INSERT INTO training_session (course_code, date, venue, facilitator, capacity, status) "
                "VALUES (?, ?, ?, ?, ?, 'held')",
                (course, d, "Education centre", "External faculty (MSTF)", places),
            )
            pool = [s["staff_number"] for s in staff
                    if s["staff_group"] in groups and s["start_date"] <= d
                    and (s["leave_date"] is None or s["leave_date"] >= d) and s["staff_number"] not in taken]
            chosen = rng.sample(pool, min(len(pool), places - rng.randint(0, 2)))
            taken.update(chosen)
            store.executemany(
                "INSERT OR IGNORE INTO attendance (staff_number, course_code, date, status, session_id) "
                "VALUES (?, ?, ?, 'attended', ?)",
                [(n, course, d, cur.lastrowid) for n in chosen],
            )


def _link_sessions(store) -> int:
    """Link each held session to the commitment that bought places on its course in the same
    financial year (MSTF in 2016/17 if the training register reaches back that far, the trust
    budget in later years)."""
    buyers: dict[tuple[str, str], int] = {}
    for r in store.query(
        "SELECT id, date, course_code FROM fund_entry WHERE kind = 'commitment' AND course_code IS NOT NULL "
        "ORDER BY CASE fund_code WHEN 'MSTF' THEN 0 WHEN 'INNOVATION' THEN 1 ELSE 2 END, date"
    ):
        buyers.setdefault((r["course_code"], fy_of(date.fromisoformat(r["date"]))), r["id"])
    updates = []
    for s in store.query("SELECT id, course_code, date FROM training_session WHERE status = 'held'"):
        entry_id = buyers.get((s["course_code"], fy_of(date.fromisoformat(s["date"]))))
        if entry_id is not None:
            updates.append((entry_id, s["id"]))
    store.executemany("UPDATE training_session SET fund_entry_id = ? WHERE id = ?", updates)
    return len(updates)
