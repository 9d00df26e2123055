"""Importing the governance registers: the perinatal review case log (``reviews``) and the
dataset submissions tracker (``submissions``). Every row is checked (scope, dates, NHS
numbers in any text) and every problem reported before anything is written; the file goes in
whole or not at all."""

from __future__ import annotations

from datetime import date

from maternity_desk.core import governance as g
from maternity_desk.core.errors import InvalidValue, Problem, ValidationFailed
from maternity_desk.core.periods import parse_date
from maternity_desk.exchange.importer import Importer, ImportPlan
from maternity_desk.exchange.tabular import Column, MappedRows, cell_text
from maternity_desk.store import governance as sg

_YES = {"y", "yes", "true", "1", "x"}
_NO = {"", "n", "no", "false", "0"}

REVIEW_COLUMNS = [
    Column("reference", aliases=("case reference", "case ref", "ref", "local reference"),
           help="the local case reference (never an NHS number or name)"),
    Column("category", aliases=("case category", "type of death", "death type"),
           help="late_fetal_loss, stillbirth, neonatal_death or post_neonatal_death"),
    Column("gestation", aliases=("gestation at birth", "gestational age", "gest"), help="weeks+days: 23+4 or 23w4d"),
    Column("date_of_death", aliases=("date of death", "death date", "dod"), help="31/03/2025 or 2025-03-31"),
    Column("reported", aliases=("reported to mbrrace", "mbrrace notified", "notified", "date reported")),
    Column("parents_informed", aliases=("parents told", "parents informed of review", "date parents informed")),
    Column("review_started", aliases=("review start", "pmrt started", "date review started")),
    Column("draft_report", required=False, aliases=("draft", "draft report", "date draft report written",
                                                    "draft report written")),
    Column("report_published", aliases=("report", "published", "date report published")),
    Column("themes", required=False, aliases=("learning themes", "learning", "themes identified"),
           help="separate several themes with ;"),
    Column("notes", required=False, aliases=("comments",)),
    Column("termination", required=False, aliases=("termination of pregnancy", "top"),
           help="yes for a termination (refused: outside the review scope)"),
]

SUBMISSION_COLUMNS = [
    Column("dataset", aliases=("dataset code", "data set", "collection"), help="MSDS, MBRRACE, NND, NMPA... or the name"),
    Column("period", aliases=("reporting period", "month", "case"),
           help="2025-03 (monthly), 2025-Q1 (quarterly), 2024/25 (annual) or the case reference (per case)"),
    Column("due_date", required=False, aliases=("due", "deadline", "due by"),
           help="blank: worked out from the dataset's rule"),
    Column("event_date", required=False, aliases=("date of event", "date of death"),
           help="per-case datasets: the date the working days count from"),
    Column("submitted_date", required=False, aliases=("submitted", "date submitted", "submission date")),
    Column("submitted_by", required=False, aliases=("by", "by whom", "submitted by whom")),
    Column("dq_issues", required=False, aliases=("data quality issues", "data-quality issues", "dq", "issues")),
]


def _flag(value) -> bool:
    text = cell_text(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise InvalidValue(f"'{value}' is not yes or no")


def plan_reviews(store, rows: MappedRows) -> ImportPlan:
    problems: list[Problem] = []
    cases: list[g.ReviewCase] = []
    seen: dict[str, int] = {}
    for row_no, values in rows:
        try:
            termination = _flag(values.get("termination"))
        except InvalidValue as exc:
            problems.append(rows.problem(row_no, "termination", str(exc)))
            termination = False
        case, found = g.check_review(values, termination=termination, today=date.today())
        problems.extend(rows.problem(row_no, field, why) for field, why in found)
        if case is None:
            continue
        key = case.reference.lower()
        if key in seen:
            problems.append(rows.problem(row_no, "reference",
                                         f"the reference {case.reference} is also on row {seen[key]}"))
            continue
        seen[key] = row_no
        cases.append(case)
    if problems:
        raise ValidationFailed(problems)
    known = {r.reference.lower() for r in sg.reviews(store)}
    updated = sum(1 for c in cases if c.reference.lower() in known)
    new = len(cases) - updated

    def apply(target) -> None:
        sg.upsert_reviews(target, cases)

    return ImportPlan(
        "reviews", rows.file, len(cases), apply,
        summary=[f"{new} new review case{'s' if new != 1 else ''}",
                 f"{updated} case{'s' if updated != 1 else ''} already in the log updated"],
        replaces=["the category, gestation and milestone dates of cases already in the log with the same "
                  "reference (their learning themes and notes are kept unless the file gives new ones)"]
        if updated else [],
    )


def plan_submissions(store, rows: MappedRows) -> ImportPlan:
    problems: list[Problem] = []
    all_ds = sg.datasets(store)
    by_key = {d.code.lower(): d for d in all_ds} | {d.name.lower(): d for d in all_ds}
    cal = sg.calendar(store)
    out: list[g.Submission] = []
    seen: dict[tuple[str, str], int] = {}
    for row_no, v in rows:
        bad = len(problems)
        ds = by_key.get(cell_text(v.get("dataset")).strip().lower())
        if ds is None:
            problems.append(rows.problem(row_no, "dataset", f"'{cell_text(v.get('dataset'))}' is not a dataset in "
                                         f"the tracker ({', '.join(d.code for d in all_ds)})"))
            continue

        sub = _submission_row(rows, row_no, v, ds, cal, problems)
        if sub is None or len(problems) > bad:
            continue
        key = (sub.dataset, sub.period)
        if key in seen:
            problems.append(rows.problem(row_no, "period", f"{ds.code} {sub.period} is also on row {seen[key]}"))
            continue
        seen[key] = row_no
        out.append(sub)
    if problems:
        raise ValidationFailed(problems)
    existing = {(s.dataset, s.period): s for s in sg.submissions(store)}
    updated = sum(1 for s in out if (s.dataset, s.period) in existing)

    def apply(target) -> None:
        sg.import_submissions(target, out, file=rows.file)

    new = len(out) - updated
    return ImportPlan(
        "submissions", rows.file, len(out), apply,
        summary=[f"{new} new submission{'s' if new != 1 else ''}", f"{updated} already recorded updated"],
        replaces=["the due date, submitted date, by whom and data-quality notes of submissions already recorded "
                  "for the same dataset and period"] if updated else [],
    )


def _opt_date(value) -> date | None:
    return None if value is None else parse_date(value)


def _submission_row(rows: MappedRows, row_no: int, v: dict, ds: g.Dataset, cal: g.WorkingCalendar,
                    problems: list[Problem]) -> g.Submission | None:
    bad = len(problems)

    def attempt(col, fn, *args):
        try:
            return fn(*args)
        except InvalidValue as exc:
            problems.append(rows.problem(row_no, col, str(exc)))
            return None

    period = attempt("period", g.parse_period, ds.cadence, v.get("period"))
    due = attempt("due_date", _opt_date, v.get("due_date"))
    event = attempt("event_date", _opt_date, v.get("event_date"))
    submitted = attempt("submitted_date", _opt_date, v.get("submitted_date"))
    by = attempt("submitted_by", g.clean_text, v.get("submitted_by"), "Submitted by")
    dq = attempt("dq_issues", g.clean_text, v.get("dq_issues"), "Data-quality issues")
    if len(problems) > bad:
        return None
    if due is None:
        if ds.cadence == "per_case" and event is None:
            problems.append(rows.problem(row_no, "due_date", "a per-case submission needs its due date or the "
                                         "event date (event_date) the working days count from"))
            return None
        due = g.submission_due(ds, period, cal, event)
    if submitted is not None and not by:
        problems.append(rows.problem(row_no, "submitted_by", "say who submitted it"))
        return None
    return g.Submission(None, ds.code, period, due, submitted, by or "", dq or "")


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


REVIEWS = Importer(
    "reviews", "Perinatal mortality review case log (PMRT)", REVIEW_COLUMNS, plan_reviews,
    description="The review case log: one row per case with its local reference (never an NHS number), "
                "category, gestation at birth (23+4), date of death and the dates each milestone was met. "
                "Cases already in the log (same reference) are updated.",
)

SUBMISSIONS = Importer(
    "submissions", "Dataset submissions tracker", SUBMISSION_COLUMNS, plan_submissions,
    description="One row per dataset and period: when it was due (blank: from the dataset's rule), when it "
                "was submitted, by whom and any data-quality issues.",
)
