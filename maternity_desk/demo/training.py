"""Demo training data: about 250 staff in all ten groups with turnover (doctors rotating each
August and February), long-term absences, and three years of sessions and attendance up to
``today``. In the winter some 18-24 months ago half the sessions were cancelled for staffing
pressures and most people due then were put back to the spring, so compliance dips below 90%
and recovers."""

from __future__ import annotations

import random
from bisect import bisect_left
from datetime import date, timedelta

from maternity_desk.core.periods import add_months
from maternity_desk.store import training as st

# posts per staff group (people in post at any one time)
POSTS = {
    "midwife": 150,
    "msw": 30,
    "obstetric_consultant": 10,
    "obstetric_doctor": 15,
    "anaesthetic_consultant": 8,
    "anaesthetic_doctor": 10,
    "neonatal_consultant": 6,
    "neonatal_doctor": 8,
    "neonatal_nurse": 12,
    "annp": 4,
}
ROTATING = {"obstetric_doctor", "anaesthetic_doctor", "neonatal_doctor"}
# yearly chance of leaving, and of a long-term absence (maternity leave, sickness)
LEAVE_RATE = {"midwife": 0.11, "msw": 0.14, "neonatal_nurse": 0.1, "annp": 0.06}
MATERNITY_RATE = {"midwife": 0.05, "msw": 0.04, "neonatal_nurse": 0.04, "annp": 0.02}
SICKNESS_RATE = 0.03


def _words(text: str) -> list[str]:
    return text.split()


FIRST = _words(
    "Aisha Amelia Anna Beatrice Bethany Bola Charlotte Chloe Claire Deborah Eleanor Elif Emily "
    "Emma Fatima Fiona Grace Hannah Harriet Helen Imogen Isabel Jade Jessica Joanna Julia Kate "
    "Laura Leah Lucy Maria Megan Mei Nadia Naomi Niamh Olivia Priya Rachel Rebecca Ruth Sarah "
    "Shona Sophie Tara Victoria Zainab Zoe Adam Ahmed Ben Chidi Daniel David Edward George Hamza "
    "James Jonathan Kwame Luke Mark Matthew Michael Mohammed Nathan Oliver Patrick Rajesh Sam "
    "Thomas Tom William Yusuf"
)
LAST = _words(
    "Adeyemi Ahmed Ali Allen Anderson Baker Begum Bell Brown Campbell Chen Clarke Cooper Davies "
    "Edwards Evans Fernandes Fisher Green Hall Harris Hughes Hussain Iqbal Jackson James Jones "
    "Kaur Kelly Khan King Lee Lewis Martin Mensah Mitchell Moore Morgan Murphy Nowak Okafor "
    "O'Brien Owen Patel Phillips Price Quinn Rahman Roberts Robinson Scott Shah Singh Smith "
    "Taylor Thomas Thompson Turner Walker Ward Watson White Williams Wilson Wood Wright Young"
)
VENUES = ("Education Centre, Room 2", "Simulation suite", "Labour ward seminar room",
          "Neonatal unit seminar room", "Postgraduate centre")
NOTES = ("Band 7 coordinator", "Preceptorship", "Community team", "Part-time (0.6 WTE)", "Bank and permanent",
         "Practice development lead", "Returned from secondment")

# course -> (weekday, every n weeks, base capacity)
SCHEDULE = {"FM": (1, 1, 12), "PROMPT": (3, 2, 24), "NLS": (2, 1, 12)}
OPTIONAL = {  # course -> (sessions a year, groups invited, attendees per session)
    "HF": (4, ("midwife", "msw", "obstetric_consultant", "obstetric_doctor"), (10, 18)),
    "CTGM": (2, ("midwife", "obstetric_doctor", "obstetric_consultant"), (8, 14)),
    "LWL": (1, ("midwife",), (6, 10)),
    "BREECH": (2, ("midwife", "obstetric_doctor"), (8, 12)),
}


def _first_weekday(y: int, m: int, weekday: int = 2) -> date:
    d = date(y, m, 1)
    return d + timedelta(days=(weekday - d.weekday()) % 7)


def _rand_day(rng: random.Random, a: date, b: date) -> date:
    if b <= a:
        return a
    return a + timedelta(days=rng.randrange((b - a).days + 1))


class _Builder:
    def __init__(self, rng: random.Random, today: date):
        self.rng = rng
        self.today = today
        self.window = date(today.year - 3, today.month, 1)
        y = today.year - 2 if today.month >= 5 else today.year - 3
        self.dip = (date(y, 11, 1), date(y + 1, 2, 28))  # the winter 18-24 months back
        self.numbers = iter(rng.sample(range(10_000_000, 99_999_999), 2000))
        self.people: list[tuple] = []
        self.absences: list[tuple] = []

    def name(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def person(self, group: str, start: date, leave: date | None) -> None:
        notes = self.rng.choice(NOTES) if group == "midwife" and self.rng.random() < 0.08 else ""
        number = str(next(self.numbers))
        self.people.append((number, self.name(), group, start, leave, notes))
        self._absences(number, group, start, leave)

    def _absences(self, number: str, group: str, start: date, leave: date | None) -> None:
        rng = self.rng
        end = min(leave or self.today + timedelta(days=365), self.today + timedelta(days=300))
        d = max(start + timedelta(days=60), self.window - timedelta(days=200))
        while d < min(end, self.today):
            nxt = d + timedelta(days=365)
            if rng.random() < MATERNITY_RATE.get(group, 0.0):
                s = _rand_day(rng, d, min(nxt, self.today))
                e = min(s + timedelta(days=rng.randint(250, 370)), end)
                if e > s:
                    self.absences.append((number, s, e, "Maternity leave"))
                    d = e + timedelta(days=30)
                    continue
            if group not in ROTATING and rng.random() < SICKNESS_RATE:
                s = _rand_day(rng, d, min(nxt, self.today))
                e = min(s + timedelta(days=rng.randint(35, 180)), end)
                if e > s:
                    self.absences.append((number, s, e, "Long-term sickness"))
                    d = e + timedelta(days=30)
                    continue
            d = nxt

    def staff(self) -> None:
        rng, today = self.rng, self.today
        for group, posts in POSTS.items():
            for _ in range(posts):
                if group in ROTATING:
                    self._rotating_post(group)
                    continue
                rate = LEAVE_RATE.get(group, 0.05)
                start = _rand_day(rng, self.window - timedelta(days=365 * 15), self.window - timedelta(days=30))
                while True:
                    # months until this person leaves
                    d = max(start, self.window)
                    leave = None
                    while d <= today:
                        if rng.random() < rate / 12:
                            leave = _rand_day(rng, d, min(add_months(d, 1) - timedelta(days=1), today))
                            break
                        d = add_months(d, 1)
                    self.person(group, start, leave)
                    if leave is None:
                        break
                    start = leave + timedelta(days=rng.randint(20, 110))  # the vacancy is filled
                    if start > today:
                        break

    def _rotating_post(self, group: str) -> None:
        rng, today = self.rng, self.today
        y = self.window.year - 1
        rotations = [_first_weekday(yy, m) for yy in range(y, today.year + 2) for m in (2, 8)]
        rotations = sorted(rotations)
        i = max(0, bisect_left(rotations, self.window) - rng.choice((1, 2)))
        while i < len(rotations) and rotations[i] <= today:
            start = rotations[i]
            i += rng.choice((1, 2, 2))  # six or twelve months
            leave = rotations[i] - timedelta(days=1) if i < len(rotations) else None
            if leave is not None and leave > today + timedelta(days=200):
                leave = None
            self.person(group, start, leave)


def generate(store, rng: random.Random, today: date) -> None:
    b = _Builder(rng, today)
    b.staff()
    courses = {c.code: c for c in st.courses(store)}
    store.executemany(
        "INSERT INTO staff (staff_number, name, staff_group, start_date, leave_date, notes) VALUES (?, ?, ?, ?, ?, ?)",
        [(n, nm, g, s.isoformat(), lv.isoformat() if lv else None, no) for n, nm, g, s, lv, no in b.people])
    store.executemany(
        "INSERT INTO absence (staff_number, start_date, end_date, reason) VALUES (?, ?, ?, ?)",
        [(n, s.isoformat(), e.isoformat(), r) for n, s, e, r in b.absences])
    absent: dict[str, list[tuple[date, date]]] = {}
    for n, s, e, _r in b.absences:
        absent.setdefault(n, []).append((s, e))

    # --- sessions ---
    facilitators = [b.name() for _ in range(6)]
    sessions: list[list] = []  # [id, course, date, venue, facilitator, capacity, status]
    held: dict[str, list[tuple[date, int]]] = {}
    next_id = 1
    horizon = today + timedelta(days=42)
    for code, (weekday, every, capacity) in SCHEDULE.items():
        d = b.window - timedelta(days=b.window.weekday()) + timedelta(days=weekday)
        week = 0
        while d <= horizon:
            if d >= b.window and week % every == 0:
                in_dip = b.dip[0] <= d <= b.dip[1]
                cancelled = d <= today and in_dip and rng.random() < 0.6
                status = "cancelled" if cancelled else ("held" if d <= today else "planned")
                sessions.append([next_id, code, d, rng.choice(VENUES), rng.choice(facilitators), capacity, status])
                if status == "held":
                    held.setdefault(code, []).append((d, next_id))
                next_id += 1
            d += timedelta(days=7)
            week += 1

    records: dict[tuple[str, str, date], tuple[str, int | None]] = {}

    def snap(code: str, planned: date) -> tuple[date, int] | None:
        dates = held.get(code, [])
        i = bisect_left(dates, (planned, 0))
        return dates[i] if i < len(dates) else None

    def busy(number: str, d: date) -> date | None:
        for s, e in absent.get(number, ()):
            if s <= d <= e:
                return e
        return None

    for number, _name, group, start, leave, _notes in b.people:
        for code in ("FM", "PROMPT", "NLS"):
            course = courses.get(code)
            if course is None or group not in course.groups:
                continue
            if start < b.window:
                # trained before the demo's records begin (history imported from the LMS)
                back = rng.randint(20, 380) if rng.random() < 0.95 else rng.randint(380, 500)
                last = b.window - timedelta(days=back)
                if last < start:
                    last = _rand_day(rng, start, b.window - timedelta(days=1))
                records[(number, code, last)] = ("attended", None)
                planned = add_months(last, course.renewal_months) - timedelta(days=rng.randint(-25, 60))
            else:
                planned = start + timedelta(days=rng.randint(10, 75))
            end = min(leave or today, today)
            while planned <= end:
                back_on = busy(number, planned)
                if back_on is not None:
                    planned = back_on + timedelta(days=rng.randint(14, 50))
                    continue
                if b.dip[0] <= planned <= b.dip[1] and rng.random() < 0.75:
                    planned = _rand_day(rng, b.dip[1] + timedelta(days=7), b.dip[1] + timedelta(days=75))
                    continue
                slot = snap(code, planned)
                if slot is None or slot[0] > end:
                    break
                when, sid = slot
                roll = rng.random()
                if roll < 0.05:
                    records[(number, code, when)] = ("dna", sid)
                    planned = when + timedelta(days=rng.randint(10, 45))
                    continue
                if roll < 0.07:
                    records[(number, code, when)] = ("cancelled", sid)
                    planned = when + timedelta(days=rng.randint(7, 30))
                    continue
                records[(number, code, when)] = ("attended", sid)
                planned = add_months(when, course.renewal_months) - timedelta(days=rng.randint(-20, 55))

    # optional courses: a few sessions a year, people invited from the groups who come
    employed = [(p[0], p[2], p[3], p[4]) for p in b.people]
    for code, (per_year, groups, (lo, hi)) in OPTIONAL.items():
        if code not in courses:
            continue
        months = 12 // per_year
        d = _first_weekday(b.window.year, b.window.month, 0) + timedelta(days=14)
        while d <= horizon:
            status = "held" if d <= today else "planned"
            sessions.append([next_id, code, d, rng.choice(VENUES), rng.choice(facilitators), hi + 2, status])
            if status == "held":
                pool = [n for n, g, s, lv in employed if g in groups and s <= d and (lv is None or d <= lv)]
                for n in rng.sample(pool, min(len(pool), rng.randint(lo, hi))):
                    records[(n, code, d)] = ("attended" if rng.random() < 0.94 else "dna", next_id)
            next_id += 1
            d = _first_weekday(add_months(d, months).year, add_months(d, months).month, 0) + timedelta(days=14)

    # capacity never below the number booked on the session
    booked: dict[int, int] = {}
    for _status, sid in records.values():
        if sid is not None:
            booked[sid] = booked.get(sid, 0) + 1
    for s in sessions:
        need = booked.get(s[0], 0)
        if need > s[5]:
            s[5] = -(-need // 4) * 4
    store.executemany(
        "INSERT INTO training_session (id, course_code, date, venue, facilitator, capacity, status)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(i, c, d.isoformat(), v, f, cap, stt) for i, c, d, v, f, cap, stt in sessions])
    store.executemany(
        "INSERT INTO attendance (staff_number, course_code, date, status, session_id) VALUES (?, ?, ?, ?, ?)",
        [(n, c, d.isoformat(), stt, sid) for (n, c, d), (stt, sid) in sorted(records.items())])
    store.audit("demo", "staff", None, None, {"staff": len(b.people), "absences": len(b.absences),
                                              "sessions": len(sessions), "attendance": len(records)})
