"""Perinatal mortality reviews (PMRT): scope by gestation and category, milestones and their
deadlines, case status, what is overdue and the themes. Pure Python (re-exported by
:mod:`maternity_desk.core.governance`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.governance_common import (
    REG_REVIEWS,
    DeadlineRule,
    OverdueItem,
    WorkingCalendar,
    clean_text,
    days_overdue,
)
from maternity_desk.core.periods import parse_date

CATEGORIES = ("late_fetal_loss", "stillbirth", "neonatal_death", "post_neonatal_death")
CATEGORY_LABELS = {
    "late_fetal_loss": "Late fetal loss",
    "stillbirth": "Stillbirth",
    "neonatal_death": "Neonatal death",
    "post_neonatal_death": "Post-neonatal death",
}
MILESTONES = ("reported", "parents_informed", "review_started", "draft_report", "report_published")
MILESTONE_LABELS = {
    "reported": "Reported to MBRRACE-UK",
    "parents_informed": "Parents informed",
    "review_started": "Review started",
    "draft_report": "Draft report written",
    "report_published": "Report published",
}
LATE_FETAL_MIN = 22 * 7  # 22+0
STILLBIRTH_MIN = 24 * 7  # 24+0
GESTATION_MAX = 45 * 7  # 45+0: beyond this the figure is a typing slip
_TERMINATION_WORDS = ("termination", "top", "tfmr", "termination_of_pregnancy")
_GEST = [
    re.compile(r"^(\d{1,2})\s*\+\s*([0-6])$"),
    re.compile(r"^(\d{1,2})\s*w(?:ee)?k?s?\s*\+?\s*([0-6])\s*d(?:ays?)?$", re.I),
    re.compile(r"^(\d{1,2})\s*w(?:ee)?k?s?$", re.I),
    re.compile(r"^(\d{1,2})$"),
]


def parse_gestation(value: object) -> int:
    """Gestation in days from ``23+4``, ``23w4d``, ``23 weeks 4 days``, ``23w`` or ``23``
    (whole weeks). Days must be 0-6."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidValue("the gestation at birth is required (e.g. 23+4)")
    if isinstance(value, bool):
        raise InvalidValue(f"'{value}' is not a gestation")
    if isinstance(value, (int, float)):
        if float(value).is_integer():
            value = str(int(value))
        else:
            raise InvalidValue(f"'{value}' is not a gestation: write weeks+days, e.g. 23+4")
    text = re.sub(r"\s+", " ", str(value).strip().lower()).replace("weeks", "w").replace("week", "w")
    text = text.replace("days", "d").replace("day", "d")
    for pat in _GEST:
        m = pat.match(text)
        if m:
            weeks = int(m[1])
            days = int(m[2]) if m.lastindex and m.lastindex >= 2 else 0
            total = weeks * 7 + days
            if total > GESTATION_MAX:
                raise InvalidValue(f"'{value}' is not a plausible gestation (over 45 weeks)")
            return total
    if re.match(r"^\d{1,2}\s*\+\s*\d+$", text):
        raise InvalidValue(f"'{value}' is not a gestation: the days after + must be 0 to 6")
    raise InvalidValue(f"'{value}' is not a gestation: write weeks+days, e.g. 23+4 or 23w4d")


def format_gestation(days: int) -> str:
    return f"{days // 7}+{days % 7}"


def parse_category(value: object) -> str:
    text = re.sub(r"[\s\-]+", "_", str(value or "").strip().lower())
    aliases = {"late_fetal_loss": "late_fetal_loss", "lfl": "late_fetal_loss", "fetal_loss": "late_fetal_loss",
               "stillbirth": "stillbirth", "still_birth": "stillbirth", "sb": "stillbirth",
               "neonatal_death": "neonatal_death", "nnd": "neonatal_death",
               "post_neonatal_death": "post_neonatal_death", "postneonatal_death": "post_neonatal_death",
               "post_neonatal_death_after_neonatal_care": "post_neonatal_death", "pnnd": "post_neonatal_death"}
    if text in aliases:
        return aliases[text]
    if text in _TERMINATION_WORDS or text.startswith("termination"):
        raise InvalidValue("terminations of pregnancy are outside the PMRT review scope")
    raise InvalidValue(f"'{value}' is not a review category (late_fetal_loss, stillbirth, neonatal_death, "
                       "post_neonatal_death)")


def scope_refusal(category: str, gestation_days: int, termination: bool = False) -> str | None:
    """Why a case is outside the PMRT scope, or None when it is in scope."""
    g = format_gestation(gestation_days)
    if termination:
        return "terminations of pregnancy are outside the PMRT review scope"
    if category in ("late_fetal_loss", "stillbirth"):
        if gestation_days < LATE_FETAL_MIN:
            return f"a baby born without signs of life before 22+0 weeks ({g}) is outside the PMRT review scope"
        if category == "stillbirth" and gestation_days < STILLBIRTH_MIN:
            return f"a baby born without signs of life at {g} is a late fetal loss (22+0 to 23+6), not a stillbirth"
        if category == "late_fetal_loss" and gestation_days >= STILLBIRTH_MIN:
            return f"a baby born without signs of life at {g} is a stillbirth (from 24+0), not a late fetal loss"
        return None
    if category in ("neonatal_death", "post_neonatal_death"):
        if gestation_days < LATE_FETAL_MIN:
            return f"a baby born alive before 22+0 weeks ({g}) is outside the PMRT review scope"
        return None
    return f"'{category}' is not a review category"


@dataclass(frozen=True)
class ReviewCase:
    id: int | None
    reference: str
    category: str
    gestation_days: int
    date_of_death: date
    reported: date | None = None
    parents_informed: date | None = None
    review_started: date | None = None
    report_published: date | None = None
    themes: str = ""
    notes: str = ""
    draft_report: date | None = None  # milestone added with incentive scheme year 6

    @property
    def gestation(self) -> str:
        return format_gestation(self.gestation_days)

    def milestone(self, code: str) -> date | None:
        return getattr(self, code)

    def reached(self, code: str) -> date | None:
        """When the milestone was reached: its own date; a draft report with no date of its
        own counts as written by the date the report was published (records kept before the
        draft milestone existed)."""
        d = getattr(self, code)
        if d is None and code == "draft_report":
            return self.report_published
        return d

    @property
    def theme_list(self) -> list[str]:
        return split_themes(self.themes)


def split_themes(text: str) -> list[str]:
    return [t.strip() for t in re.split(r"[;\n]", text or "") if t.strip()]


def check_review(values: dict, *, termination: bool = False,
                 today: date | None = None) -> tuple[ReviewCase | None, list[tuple[str, str]]]:
    """Validate a review case from raw values (text, dates or spreadsheet cells) keyed
    ``reference, category, gestation, date_of_death, reported, parents_informed,
    review_started, report_published, themes, notes`` (``id`` optional). Returns the case
    or None, and every ``(field, reason)`` problem found."""
    problems: list[tuple[str, str]] = []

    def attempt(name, fn):
        try:
            return fn()
        except InvalidValue as exc:
            problems.append((name, str(exc)))
            return None

    ref = attempt("reference", lambda: clean_text(values.get("reference"), "The case reference",
                                                     required=True, max_len=60))
    cat = attempt("category", lambda: parse_category(values.get("category")))
    gest = attempt("gestation", lambda: parse_gestation(values.get("gestation")))
    dod = attempt("date_of_death", lambda: parse_date(values.get("date_of_death")))
    dates = {}
    for code in MILESTONES:
        v = values.get(code)
        dates[code] = attempt(code, lambda v=v: None if v in (None, "") else parse_date(v))
    themes = attempt("themes", lambda: clean_text(values.get("themes"), "Learning themes"))
    notes = attempt("notes", lambda: clean_text(values.get("notes"), "Notes"))
    if cat is not None and gest is not None:
        why = scope_refusal(cat, gest, termination)
        if why:
            problems.append(("category", why))
    elif termination:
        problems.append(("category", "terminations of pregnancy are outside the PMRT review scope"))
    if today is not None:  # nothing in the record can have happened yet
        if dod is not None and dod > today:
            problems.append(("date_of_death", f"the date of death ({dod:%d/%m/%Y}) is in the future"))
        for code, d in dates.items():
            if d is not None and d > today:
                problems.append((code, f"{MILESTONE_LABELS[code].lower()} ({d:%d/%m/%Y}) is in the future"))
    if dod is not None:
        for code, d in dates.items():
            if d is not None and d < dod:
                problems.append((code, f"{MILESTONE_LABELS[code].lower()} ({d:%d/%m/%Y}) is before the date of death"))
    if dates["report_published"] and not dates["review_started"] and "review_started" not in {p[0] for p in problems}:
        problems.append(("review_started", "a report cannot be published before the review has started: "
                                           "give the date the review started"))
    if dates["report_published"] and dates["review_started"] and dates["report_published"] < dates["review_started"]:
        problems.append(("report_published", "the report is dated before the review started"))
    if dates["draft_report"] and not dates["review_started"] and "review_started" not in {p[0] for p in problems}:
        problems.append(("review_started", "a draft report needs the review to have started: "
                                           "give the date the review started"))
    if dates["draft_report"] and dates["review_started"] and dates["draft_report"] < dates["review_started"]:
        problems.append(("draft_report", "the draft report is dated before the review started"))
    if problems:
        return None, problems
    return ReviewCase(values.get("id"), ref, cat, gest, dod, dates["reported"], dates["parents_informed"],
                      dates["review_started"], dates["report_published"], themes or "", notes or "",
                      dates["draft_report"]), []


def make_review(values: dict, *, termination: bool = False, today: date | None = None) -> ReviewCase:
    """As :func:`check_review`, raising :class:`InvalidValue` with the first problem."""
    case, problems = check_review(values, termination=termination, today=today)
    if problems:
        raise InvalidValue(problems[0][1][:1].upper() + problems[0][1][1:])
    return case


@dataclass(frozen=True)
class MilestoneStatus:
    code: str
    label: str
    due: date
    done: date | None
    state: str  # "done", "late", "due", "overdue"
    days_overdue: int | None  # past due and not done


def milestone_statuses(case: ReviewCase, rules: Sequence[DeadlineRule], calendar: WorkingCalendar,
                       as_at: date) -> list[MilestoneStatus]:
    out = []
    for rule in rules:
        if rule.code not in MILESTONES:
            continue
        due = rule.due(case.date_of_death, calendar)
        done = case.reached(rule.code)
        if done is not None and done <= as_at:
            state, late = ("late" if done > due else "done"), None
        else:
            late = days_overdue(due, None, as_at)
            state = "overdue" if late else "due"
        out.append(MilestoneStatus(rule.code, rule.label, due, done if done and done <= as_at else None, state, late))
    return out


def case_status(case: ReviewCase, as_at: date) -> str:
    """Where the case is: Report published / Review in progress / Reported / Not reported."""
    def done(code):
        d = case.milestone(code)
        return d is not None and d <= as_at

    if done("report_published"):
        return "Report published"
    if done("review_started"):
        return "Review in progress"
    if done("reported"):
        return "Reported, review not started"
    return "Not reported"


def review_overdue(cases: Iterable[ReviewCase], rules: Sequence[DeadlineRule], calendar: WorkingCalendar,
                   as_at: date) -> list[OverdueItem]:
    out = []
    for case in cases:
        if case.date_of_death > as_at:
            continue
        for ms in milestone_statuses(case, rules, calendar, as_at):
            if ms.days_overdue:
                out.append(OverdueItem(
                    REG_REVIEWS,
                    f"{case.reference}: {ms.label} ({CATEGORY_LABELS[case.category].lower()}, "
                    f"died {case.date_of_death:%d/%m/%Y})",
                    ms.due, ms.days_overdue, ("gov_reviews", case.id)))
    return out


def theme_counts(cases: Iterable[ReviewCase]) -> list[tuple[str, int]]:
    """Learning themes (separated by ';' or new lines) with how many cases raised each,
    most frequent first; themes compared case-insensitively, first spelling kept."""
    spelling: dict[str, str] = {}
    counts: Counter = Counter()
    for c in cases:
        for t in {t.lower(): t for t in c.theme_list}.items():
            spelling.setdefault(t[0], t[1])
            counts[t[0]] += 1
    return [(spelling[k], n) for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]

