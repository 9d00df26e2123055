"""The incentive scheme in and out: the board declaration pack as a workbook (a summary
sheet and a sheet per safety action, computed figures with their numerators and
denominators) and the requirements sheet importer (``import mis-requirements YEAR FILE``).

A requirements sheet is refused whole (file, row, column, reason) for an unknown action
number, a code listed twice, a threshold that is not a percentage, a computed requirement
without its window, or a closed year."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from maternity_desk.core import mis
from maternity_desk.core.errors import InvalidValue, MaternityDeskError, Problem, ValidationFailed
from maternity_desk.core.words import plural
from maternity_desk.exchange.importer import Importer, ImportPlan
from maternity_desk.exchange.tabular import Column, MappedRows, cell_text
from maternity_desk.store import mis as sm

RAG_WORD = {"green": "Green", "amber": "Amber", "red": "Red", None: ""}


def status_word(status: str) -> str:
    return mis.STATUS_LABELS.get(status, status)


# --- the workbook ----------------------------------------------------------------------------

SUMMARY_HEADERS = ["Safety action", "Question", "Status", "RAG", "Requirements met", "Computed below threshold"]
ACTION_HEADERS = ["Requirement", "How judged", "Status", "Owner", "Evidence expected", "Evidence saved at",
                  "Approved by", "Approval date", "Window from", "Window to", "Numerator", "Denominator",
                  "Percent", "Threshold", "Meets threshold", "Notes", "Checked against the guidance"]


def figure_cells(v: sm.RequirementView) -> list:
    """Window, numerator, denominator, percent, threshold and verdict of a requirement."""
    r = v.requirement
    if not r.computed:
        return [None, None, None, None, None, None, ""]
    if v.figure is None:
        return [r.window_from, r.window_to, None, None, None, (r.threshold or 0) / 100, "Not computed yet"]
    f = v.figure
    pct = f.percent
    return [f.start, f.end, f.numerator, f.denominator, None if pct is None else pct / 100, f.threshold / 100,
            {True: "Yes", False: "No", None: "Nothing due yet"}[f.met]]


def requirement_row(v: sm.RequirementView) -> list:
    r, t = v.requirement, v.tracking
    return [r.text, "Computed from the app's records" if r.computed else "Judged by a person", status_word(v.status),
            v.owner, r.evidence, t.evidence_location, t.approval_forum, t.approval_date, *figure_cells(v),
            t.notes, "Yes" if r.verified == "V" else "Not verified"]


def build_workbook(view: sm.TrackerView):
    from maternity_desk.exchange import xlsx

    year = view.year
    wb = xlsx.new_workbook(f"{year.title}: board declaration pack", "Maternity Incentive Scheme tracker")
    ws = wb.active
    ws.title = "Summary"
    period = f"{year.label}, as at {view.as_at:%d/%m/%Y}"
    xlsx.put(ws, 1, 1, f"{view.unit_name}: {year.title}")
    xlsx.put(ws, 2, 1, f"As at {view.as_at:%d/%m/%Y}. Scheme status: {RAG_WORD[view.rag] or 'none'}.")
    due = year.declaration_due
    xlsx.put(ws, 3, 1, f"Board declaration due {due:%d/%m/%Y} ({_days(view.days_left)})." if due
             else "Board declaration date not set.")
    xlsx.put(ws, 4, 1, year.caveat or "Checked against the published guidance.")
    rows = []
    for a in view.actions:
        live = [r for r in a.requirements if r.status != "not_applicable"]
        below = [r for r in a.requirements if r.figure is not None and r.figure.met is False]
        rows.append([a.action.number, a.action.title, status_word(a.status), RAG_WORD[a.rag],
                     f"{sum(r.status == 'met' for r in live)} of {len(live)}", len(below)])
    last = xlsx.write_table(ws, 6, SUMMARY_HEADERS, rows)
    xlsx.rag_conditional_format(ws, f"D7:D{max(7, last)}")
    xlsx.fit_columns(ws, from_row=6, maximum=70)
    xlsx.print_setup(ws, f"{year.title}: summary", unit=view.unit_name, period=period, title_rows=(6, 6))
    formats = [None] * 7 + ["DD/MM/YYYY", "DD/MM/YYYY", "DD/MM/YYYY", "0", "0", "0.0%", "0%"]
    for a in view.actions:
        s = wb.create_sheet(f"Action {a.action.number}")
        xlsx.put(s, 1, 1, f"Safety action {a.action.number}: {a.action.title}")
        xlsx.put(s, 2, 1, f"Status: {status_word(a.status)}. As at {view.as_at:%d/%m/%Y}.")
        last = xlsx.write_table(s, 4, ACTION_HEADERS, [requirement_row(v) for v in a.requirements], formats)
        xlsx.fit_columns(s, from_row=4, maximum=50)
        xlsx.print_setup(s, f"{year.title}: safety action {a.action.number}", unit=view.unit_name, period=period,
                         title_rows=(4, 4))
    return wb


def _days(n: int | None) -> str:
    if n is None:
        return ""
    if n < 0:
        return f"{plural(-n, 'day')} ago"
    return "today" if n == 0 else f"{plural(n, 'day')} left"


def days_text(n: int | None) -> str:
    return _days(n)


def write_workbook(view: sm.TrackerView, path: Path | str) -> Path:
    from maternity_desk.exchange.atomic import save_workbook

    return save_workbook(build_workbook(view), path)


def export_pack(store, label: str | None, as_at: date, path: Path | str) -> sm.TrackerView:
    view = sm.tracker(store, label, as_at)
    write_workbook(view, path)
    return view


# --- the requirements sheet -------------------------------------------------------------------

COLUMNS = [
    Column("action", aliases=("safety action", "action number", "sa"), help="the safety action's number, 1 to 10"),
    Column("code", aliases=("requirement code", "ref", "reference"), help="a short code such as sa1.reported"),
    Column("text", aliases=("requirement", "description"), help="what the requirement asks"),
    Column("evidence", required=False, aliases=("evidence expected", "evidence required")),
    Column("how", required=False, aliases=("how judged", "judged", "type"), help="computed or judged (default)"),
    Column("window_from", required=False, aliases=("window start", "from", "start")),
    Column("window_to", required=False, aliases=("window end", "to", "end")),
    Column("threshold", required=False, aliases=("target", "threshold %", "percentage"), help="a percentage, 0 to 100"),
    Column("verified", required=False, aliases=("checked",), help="V when checked against the guidance"),
]


def plan_requirements(store, rows: MappedRows, year: str = "") -> ImportPlan:
    problems: list[Problem] = []
    try:
        label = mis.parse_year_label(year)
    except InvalidValue as exc:
        raise ValidationFailed([rows.problem(None, None, str(exc))]) from None
    labels = sm.year_labels(store)
    if not labels:
        raise ValidationFailed([rows.problem(None, None, "there is no scheme year to take the actions from")])
    existing = sm.scheme_year(store, label) if label in labels else None
    if existing is not None and existing.closed:
        raise ValidationFailed([rows.problem(None, None, f"scheme year {label} is closed: nothing in it can change")])
    numbers = [a.number for a in (existing or sm.scheme_year(store, labels[-1])).actions]
    reqs: list[mis.Requirement] = []
    seen: dict[str, int] = {}
    for position, (row_no, values) in enumerate(rows, start=1):
        plain = {k: (None if v is None else (v if hasattr(v, "isoformat") else cell_text(v))) for k, v in values.items()}
        try:
            req = mis.make_requirement(plain, actions=numbers, position=position)
        except InvalidValue as exc:
            field, _, why = str(exc).partition(": ")
            problems.append(rows.problem(row_no, field if field in rows.columns else None, why or str(exc)))
            continue
        if req.code in seen:
            problems.append(rows.problem(row_no, "code", f"the code {req.code} is also on row {seen[req.code]}"))
            continue
        seen[req.code] = row_no
        reqs.append(req)
    if not reqs and not problems:
        problems.append(rows.problem(None, None, "the sheet holds no requirements"))
    if problems:
        raise ValidationFailed(problems)

    def apply(target) -> None:
        try:
            sm.replace_requirements(target, label, reqs, file=rows.file)
        except MaternityDeskError as exc:
            raise ValidationFailed([rows.problem(None, None, str(exc))]) from exc

    computed = sum(r.computed for r in reqs)
    summary = [f"{plural(len(reqs), 'requirement')} for scheme year {label} "
               f"({computed} computed, {len(reqs) - computed} judged)"]
    if existing is None:
        summary.append(f"a new scheme year {label}, its actions copied from {labels[-1]}")
    return ImportPlan("mis-requirements", rows.file, len(reqs), apply, summary=summary,
                      replaces=[f"every requirement of scheme year {label} (tracking kept for codes still listed)"]
                      if existing is not None else [])


IMPORTER = Importer("mis-requirements", "Incentive scheme requirements (one scheme year)", COLUMNS, plan_requirements,
                    extra_args=("year",),
                    description="The requirements of one incentive scheme year (YEAR like 2026/27): a new year, "
                                "or an open year's requirements replaced. Refused whole for an unknown action "
                                "number, a code listed twice or a threshold that is not a percentage.")
