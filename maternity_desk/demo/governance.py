"""Demo governance registers: safety champions (with a vacancy) and their bi-monthly meetings
(with one gap of about four months), a safety improvement plan in three versions with
actions in every state, two years of dataset submissions (one late, the current month not
yet made) and about 25 perinatal review cases a year in every state."""

from __future__ import annotations

import random
from datetime import date, timedelta

from maternity_desk.core import governance as g
from maternity_desk.core.periods import add_months, month_of, shift_month
from maternity_desk.store import governance as sg

CHAMPIONS = [
    # role, person, start (months before today), end (months before today) or None
    ("board_non_exec", "Dr Helen Marsh, non-executive director", 84, 42),
    ("board_non_exec", "Paul Okafor, non-executive director", 40, None),  # a two-month vacancy between
    ("board", "Claire Ashby, chief nurse (executive director)", 84, None),
    ("obstetric", "Dr Anita Rao, consultant obstetrician", 84, None),
    ("midwifery", "Sarah Collins, head of midwifery", 84, 26),
    ("midwifery", "Joanne Price, director of midwifery", 26, None),
    ("neonatal", "Dr Tom Fielding, consultant neonatologist", 50, None),
]
ATTENDEES = ["Board champion", "Obstetric champion", "Midwifery champion", "Neonatal champion",
             "Governance lead", "Patient safety lead", "MNVP chair"]
ISSUES = [
    "Midwifery staffing on the labour ward at night", "CTG training compliance below 90%",
    "Delays to induction of labour", "Triage waiting times", "Estates: second obstetric theatre",
    "Feedback from the Maternity and Neonatal Voices Partnership", "Learning from a PMRT review",
    "Neonatal cot capacity and transfers out", "Smoking at time of delivery above the regional rate",
    "Escalation and the safety huddle", "Bereavement suite refurbishment", "Maternity dashboard red flags",
]
CHAMPION_ACTIONS = [
    "Walkabout of the labour ward with frontline staff", "Report staffing red flags to the board",
    "Confirm funding for a bereavement midwife post", "Share triage audit with the LMS",
    "Agree a date for the safety culture survey", "Escalate theatre estates bid",
    "Feed back to staff on the 'you said, we did' board",
]
PLAN_ACTIONS = [
    ("Smoking in pregnancy", "Carbon monoxide testing of every woman at booking and at 36 weeks"),
    ("Smoking in pregnancy", "Opt-out referral to the in-house tobacco dependence service"),
    ("Fetal growth", "Customised growth charts and serial scans for women at risk"),
    ("Fetal growth", "Audit of small-for-gestational-age babies detected antenatally"),
    ("Reduced fetal movements", "Leaflet and checklist for women reporting reduced movements"),
    ("Reduced fetal movements", "Audit of time from attendance to CTG"),
    ("Fetal monitoring", "Fresh-eyes (buddy) review of CTGs every hour"),
    ("Fetal monitoring", "Fetal monitoring lead midwife and obstetrician appointed"),
    ("Preterm birth", "Antenatal corticosteroids and magnesium sulphate before 30 weeks"),
    ("Preterm birth", "Preterm birth clinic for women with previous preterm birth"),
    ("Training", "Multiprofessional obstetric emergency training for every staff group"),
    ("Training", "Neonatal life support for every midwife"),
    ("Culture and leadership", "Safety culture survey and action plan"),
    ("Listening to families", "Parents invited to contribute to every perinatal review"),
    ("Listening to families", "Co-produced birth reflections service"),
]
THEMES = ["Fetal growth surveillance", "Reduced fetal movements", "CTG interpretation", "Escalation",
          "Smoking cessation", "Communication with parents", "Neonatal resuscitation", "Staffing",
          "Diabetes in pregnancy", "Bereavement care", "Handover", "Triage"]
REVIEW_ACTIONS = ["Share learning at the perinatal mortality meeting", "Audit growth scan referrals",
                  "Update the reduced fetal movements guideline", "CTG case review at fetal monitoring training",
                  "Bereavement care pathway checked with parents", "Refer to the LMS learning forum"]
OWNERS = ["Lead midwife", "Consultant obstetrician", "Fetal monitoring lead", "Practice development midwife",
          "Neonatal lead", "Governance lead", "Bereavement midwife", "Head of midwifery"]


def generate(store, rng: random.Random, today: date) -> None:
    cal = sg.calendar(store)
    counts = {}
    with store.transaction():
        counts["champions"] = _champions(store, rng, today)
        counts["meetings"] = _meetings(store, rng, today)
        counts["plan"] = _plan(store, rng, today)
        cases = _reviews(store, rng, today, cal)
        counts["reviews"] = len(cases)
        counts["submissions"] = _submissions(store, rng, today, cal, cases)
        store.audit("demo", "governance", None, None, counts)


def _champions(store, rng, today) -> int:
    rows = []
    for role, person, start, end in CHAMPIONS:
        s = add_months(today, -start).replace(day=1)
        e = None if end is None else add_months(today, -end).replace(day=1) - timedelta(days=1)
        rows.append((role, person, s.isoformat(), None if e is None else e.isoformat()))
    store.executemany("INSERT INTO gov_champions (role, person, start_date, end_date) VALUES (?, ?, ?, ?)", rows)
    return len(rows)


def _meetings(store, rng, today) -> int:
    d = add_months(today, -36).replace(day=12)
    dates = []
    skipped = False
    while d <= today - timedelta(days=20):
        dates.append(d)
        nxt = add_months(d, 2) - timedelta(days=rng.randint(0, 9))
        if not skipped and d >= add_months(today, -18):
            nxt = add_months(d, 4) + timedelta(days=rng.randint(3, 12))  # the gap: a cancelled meeting
            skipped = True
        d = nxt
    meeting_rows, action_rows = [], []
    for i, md in enumerate(dates, start=1):
        who = ATTENDEES[:3] + rng.sample(ATTENDEES[3:], rng.randint(1, 3))
        issues = "; ".join(rng.sample(ISSUES, rng.randint(2, 4)))
        meeting_rows.append((i, md.isoformat(), ", ".join(who), issues, ""))
        for action in rng.sample(CHAMPION_ACTIONS, rng.randint(1, 2)):
            due = md + timedelta(days=rng.choice([30, 45, 60, 90]))
            if due < today - timedelta(days=30):
                status = "complete" if rng.random() < 0.9 else rng.choice(["open", "dropped"])
            else:
                status = "open" if rng.random() < 0.7 else "complete"
            done = None
            if status == "complete":
                done = min(today, due - timedelta(days=rng.randint(-10, 20))).isoformat()
            action_rows.append((i, action, rng.choice(OWNERS), due.isoformat(), status, done))
    store.executemany("INSERT INTO gov_meetings (id, date, attendees, issues, notes) VALUES (?, ?, ?, ?, ?)",
                      meeting_rows)
    store.executemany("INSERT INTO gov_champion_actions (parent_id, action, owner, due_date, status, completed_date)"
                      " VALUES (?, ?, ?, ?, ?, ?)", action_rows)
    return len(meeting_rows)


def _plan(store, rng, today) -> int:
    versions = []
    for n, back in enumerate((72, 36, 7), start=1):
        agreed = add_months(today, -back).replace(day=rng.randint(3, 25))
        published = agreed + timedelta(days=rng.randint(14, 40))
        versions.append((f"Version {n}", agreed.isoformat(),
                         published.isoformat() if published <= today else None,
                         "Trust website: Maternity safety improvement plan" if published <= today else ""))
    store.executemany("INSERT INTO gov_plan_versions (version, date_agreed, date_published, where_published) "
                      "VALUES (?, ?, ?, ?)", versions)
    states = (["complete"] * 6 + ["in_progress"] * 5 + ["not_started"] * 3 + ["dropped"])
    rng.shuffle(states)
    rows = []
    for (area, action), status in zip(PLAN_ACTIONS, states):
        if status == "complete":
            due = today - timedelta(days=rng.randint(30, 500))
            evidence = rng.choice(["Audit report to the board", "Guideline published", "Training records",
                                   "Minutes of the perinatal meeting"])
        elif status == "dropped":
            due = today - timedelta(days=rng.randint(60, 300))
            evidence = "Superseded by the regional pathway"
        else:
            # some still to come, some already overdue
            due = today + timedelta(days=rng.choice([-120, -45, -10, 20, 60, 150, 240]))
            evidence = "" if status == "not_started" else "Progress reported to the champions' meeting"
        rows.append((area, action, rng.choice(OWNERS), due.isoformat(), status, evidence))
    store.executemany("INSERT INTO gov_plan_actions (area, action, owner, due_date, status, evidence) "
                      "VALUES (?, ?, ?, ?, ?, ?)", rows)
    return len(rows)


def _category(rng) -> tuple[str, int]:
    r = rng.random()
    if r < 0.10:
        return "late_fetal_loss", rng.randint(154, 167)
    if r < 0.62:
        return "stillbirth", rng.choice([rng.randint(168, 230), rng.randint(231, 290)])
    if r < 0.94:
        return "neonatal_death", rng.choice([rng.randint(154, 200), rng.randint(201, 285)])
    return "post_neonatal_death", rng.randint(161, 230)


def _reviews(store, rng, today, cal) -> list[g.ReviewCase]:
    start = add_months(today, -36)
    span = (today - start).days
    n = 75 + rng.randint(-3, 3)
    deaths = sorted(start + timedelta(days=rng.randint(0, span - 2)) for _ in range(n))
    cases = []
    forced = {"not_reported": False, "not_started": False, "not_published": False, "parents": False}
    per_year: dict[int, int] = {}
    for dod in deaths:
        age = (today - dod).days
        cat, gest = _category(rng)
        old = age > 730

        def wd(lo, hi, dod=dod):
            return cal.add_working_days(dod, rng.randint(lo, hi))

        reported = wd(1, 5) if not (old and rng.random() < 0.1) else wd(8, 12)
        parents = wd(1, 6) if rng.random() > 0.06 else wd(8, 15)
        started = dod + timedelta(days=rng.randint(20, 55) if rng.random() > 0.1 else rng.randint(63, 80))
        published = started + timedelta(days=rng.randint(70, 120) if rng.random() > 0.12 else rng.randint(130, 175))
        if age <= 5:
            reported = parents = None
        if 20 < age < 60 and not forced["not_reported"]:
            reported = parents = started = None  # a notification overdue
            forced["not_reported"] = True
        if age > 30 and age < 90 and not forced["parents"] and reported is not None:
            parents, forced["parents"] = None, True
        if 150 < age < 400 and not forced["not_started"]:
            started = published = None
            forced["not_started"] = True
        if 300 < age < 500 and not forced["not_published"] and started is not None:
            published, forced["not_published"] = None, True
        vals = [reported, parents, started, published]
        vals = [d if d is not None and d <= today else None for d in vals]
        reported, parents, started, published = vals
        if started is None:
            published = None
        per_year[dod.year] = per_year.get(dod.year, 0) + 1
        ref = f"PMR-{dod.year}-{per_year[dod.year]:03d}"
        themes = "; ".join(rng.sample(THEMES, rng.randint(1, 3))) if published else ""
        # the draft report two-thirds of the way from start to publication (no random draw, so
        # the rest of the demo stays as it was)
        draft = started + (published - started) * 2 // 3 if started and published else None
        cases.append(g.ReviewCase(None, ref, cat, gest, dod, reported, parents, started, published, themes,
                                  draft_report=draft))
    rows = [(c.reference, c.category, c.gestation_days, c.date_of_death.isoformat(),
             *(None if c.milestone(m) is None else c.milestone(m).isoformat() for m in g.MILESTONES),
             c.themes) for c in cases]
    store.executemany(
        "INSERT INTO gov_reviews (reference, category, gestation_days, date_of_death, reported, parents_informed, "
        "review_started, draft_report, report_published, themes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    ids = {r[0]: r[1] for r in store.query("SELECT reference, id FROM gov_reviews")}
    action_rows = []
    for c in cases:
        if not c.report_published:
            continue
        for action in rng.sample(REVIEW_ACTIONS, rng.randint(0, 2)):
            due = c.report_published + timedelta(days=rng.choice([30, 60, 90]))
            if due < today - timedelta(days=20):
                status = "complete" if rng.random() < 0.88 else "open"
            else:
                status = "open"
            done = min(today, due - timedelta(days=rng.randint(0, 20))).isoformat() if status == "complete" else None
            action_rows.append((ids[c.reference], action, rng.choice(OWNERS), due.isoformat(), status, done))
    store.executemany("INSERT INTO gov_review_actions (parent_id, action, owner, due_date, status, completed_date)"
                      " VALUES (?, ?, ?, ?, ?, ?)", action_rows)
    return cases


def _submissions(store, rng, today, cal, cases) -> int:
    ds = {d.code: d for d in sg.datasets(store)}
    last = month_of(add_months(today, -1))
    first = shift_month(last, -23)
    store.execute("UPDATE gov_datasets SET first_period = ? WHERE code IN ('MSDS', 'NND')", (first,))
    store.execute("UPDATE gov_datasets SET first_period = ? WHERE code = 'MSDS_FINAL'", (first,))
    analysts = ["Priya Shah, information analyst", "Mark Ellis, information analyst"]
    rows = []
    late_month = shift_month(last, -rng.randint(5, 15))
    for code in ("MSDS", "NND"):
        d = ds[code]
        for p in g.periods_between("monthly", first, last):
            due = g.submission_due(d, p, cal)
            if code == "MSDS" and p == last:
                rows.append((code, p, due.isoformat(), None, "", ""))  # the current month: not yet made
                continue
            if code == "MSDS" and p == late_month:
                sub = due + timedelta(days=6)
                dq = "Late: the maternity system upgrade delayed the extract"
            else:
                sub = due - timedelta(days=rng.randint(1, 12))
                dq = rng.choice(["", "", "", "Ethnicity not stated for 4% of bookings",
                                 "Smoking at delivery missing for 12 women", "Birthweight missing for 2 babies"])
            if sub > today:
                rows.append((code, p, due.isoformat(), None, "", ""))
                continue
            who = rng.choice(analysts) if code == "MSDS" else "Neonatal data clerk"
            rows.append((code, p, due.isoformat(), sub.isoformat(), who, dq))
    final = ds["MSDS_FINAL"]
    for p in g.periods_between("monthly", first, last):
        due = g.submission_due(final, p, cal)
        sub = due - timedelta(days=4)
        rows.append(("MSDS_FINAL", p, due.isoformat(), sub.isoformat() if sub <= today else None,
                     analysts[0] if sub <= today else "", ""))
    since = add_months(today, -24)
    for c in cases:
        if c.date_of_death < since:
            continue
        due = cal.add_working_days(c.date_of_death, ds["MBRRACE"].due_working_days)
        rows.append(("MBRRACE", c.reference, due.isoformat(), c.reported.isoformat() if c.reported else None,
                     "Bereavement midwife" if c.reported else "", ""))
        if c.category in ("stillbirth", "neonatal_death") and c.gestation_days >= 259 and rng.random() < 0.35:
            due = cal.add_working_days(c.date_of_death, ds["MNSI"].due_working_days)
            sub = cal.add_working_days(c.date_of_death, rng.randint(1, 3))
            rows.append(("MNSI", c.reference, due.isoformat(), sub.isoformat() if sub <= today else None,
                         "Governance lead" if sub <= today else "", ""))
    store.executemany("INSERT INTO gov_submissions (dataset, period, due_date, submitted_date, submitted_by, dq_issues)"
                      " VALUES (?, ?, ?, ?, ?, ?)", rows)
    return len(rows)
