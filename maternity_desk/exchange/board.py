"""Board report imports: ``staffing`` (monthly staffing, investigation and feedback figures from
a rostering or governance system's export) and ``incidents`` (incident counts by category and
harm from an incident system's export). Long form, one row per figure::

    staffing:  month, measure, value
    incidents: month, category, harm, count

All or nothing: a percentage over 100, a negative figure, actual hours over three times the
planned, a month in the future, an unknown measure or a category not in the unit's list refuse
the file (file, row, column, reason) and nothing is written. A figure already held is replaced
(the plan lists which months)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from maternity_desk.core import board as b
from maternity_desk.core.errors import InvalidValue, Problem, ValidationFailed
from maternity_desk.core.periods import excel_serial_to_date, month_label, month_of, parse_month
from maternity_desk.core.words import plural
from maternity_desk.exchange.importer import Importer, ImportPlan
from maternity_desk.exchange.tabular import Column, MappedRows, Table, read_table
from maternity_desk.store import board as sb

STAFFING_COLUMNS = [
    Column("month", aliases=("period", "reporting month", "date", "roster period"),
           help="2026-03, Mar-26, March 2026 or a date in the month"),
    Column("measure", aliases=("measure code", "code", "metric", "indicator", "item"),
           help="a measure's code (e.g. one_to_one) or name as the Board report page lists it"),
    Column("value", aliases=("figure", "amount", "hours", "percent", "count", "result")),
]
INCIDENT_COLUMNS = [
    Column("month", aliases=("period", "reported month", "date", "incident date", "month reported"),
           help="2026-03, Mar-26, March 2026 or a date in the month"),
    Column("category", aliases=("incident category", "type", "incident type", "cause group"),
           help="one of the unit's incident categories (Board report page, Categories)"),
    Column("harm", aliases=("harm level", "degree of harm", "severity", "actual harm", "impact"),
           help="no harm, low, moderate, severe or death"),
    Column("count", aliases=("incidents", "number", "total", "n")),
]
HARM_WORDS = {"none": "no_harm", "no harm": "no_harm", "no_harm": "no_harm", "nil": "no_harm",
              "low": "low", "low harm": "low", "minor": "low",
              "moderate": "moderate", "moderate harm": "moderate",
              "severe": "severe", "severe harm": "severe", "major": "severe",
              "death": "death", "fatal": "death", "catastrophic": "death", "catastrophic/death": "death"}


def _month(value, today: date) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 20000 <= value <= 80000:
            month = month_of(excel_serial_to_date(value))
        else:
            raise InvalidValue(f"'{value}' is not a month (use 2026-03, Mar-26 or March 2026)")
    elif isinstance(value, datetime):
        month = month_of(value.date())
    elif isinstance(value, date):
        month = month_of(value)
    else:
        month = parse_month(value)
    if month > month_of(today):
        raise InvalidValue(f"{month_label(month)} is in the future")
    return month


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _row_month(rows: MappedRows, row_no: int, r: dict, today: date, problems: list[Problem]) -> str | None:
    """A row's month, or None with the reason added to ``problems``."""
    try:
        return _month(r.get("month"), today)
    except InvalidValue as exc:
        problems.append(rows.problem(row_no, "month", str(exc)))
        return None


def plan_staffing(store, rows: MappedRows, *, today: date | None = None, **_extra) -> ImportPlan:
    today = today or date.today()
    catalogue = sb.measures(store)
    by_key = {m.code.lower(): m for m in catalogue}
    by_key.update({m.name.strip().lower(): m for m in catalogue})
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    planned: list[tuple[str, str, float | int]] = []
    for row_no, r in rows:
        month = _row_month(rows, row_no, r, today, problems)
        ok = month is not None
        text = _text(r.get("measure"))
        m = by_key.get(text.lower())
        if m is None:
            problems.append(rows.problem(row_no, "measure", "a measure is required" if not text else
                                         f"'{text}' is not a measure in the unit's catalogue"))
            continue
        try:
            value = b.parse_value(r.get("value"), m)
            if value is None:
                raise InvalidValue("a figure is required")
        except InvalidValue as exc:
            problems.append(rows.problem(row_no, "value", str(exc)))
            continue
        if not ok:
            continue
        if (month, m.code) in seen:
            problems.append(rows.problem(row_no, "measure", f"{m.name} for {month_label(month)} is "
                                         f"already on row {seen[(month, m.code)]}"))
            continue
        seen[(month, m.code)] = row_no
        planned.append((month, m.code, value))
    # actual against planned: the file's figures, else the database's for that month
    held = sb.values(store)
    in_file = {(mo, c): v for mo, c, v in planned}
    for mo, code, v in planned:
        m = by_key[code]
        if not m.planned:
            continue
        plan_v = in_file.get((mo, m.planned), held.get((mo, m.planned)))
        reason = b.month_problems({code: v, m.planned: plan_v}, [m]).get(code)
        if reason:
            problems.append(rows.problem(seen[(mo, code)], "value", reason))
    if problems:
        raise ValidationFailed(problems)
    replaced = sorted({mo for mo, c, _v in planned if (mo, c) in held})
    months = sorted({mo for mo, _c, _v in planned})
    summary = [f"{plural(len(planned), 'figure')} across {plural(len(months), 'month')}"
               + (f", {month_label(months[0])} to {month_label(months[-1])}" if months else "")]
    replaces = [f"{month_label(mo)}: figures already held are replaced" for mo in replaced]

    def apply(s) -> None:
        sb.set_values(s, planned, action="import")

    return ImportPlan("staffing", rows.file, len(rows), apply, summary=summary, replaces=replaces)


def plan_incidents(store, rows: MappedRows, *, today: date | None = None, **_extra) -> ImportPlan:
    today = today or date.today()
    cats = {c.lower(): c for c in sb.categories(store)}
    problems: list[Problem] = []
    seen: dict[tuple[str, str, str], int] = {}
    planned: list[tuple[str, str, str, int]] = []
    for row_no, r in rows:
        month = _row_month(rows, row_no, r, today, problems)
        ok = month is not None
        text = _text(r.get("category"))
        cat = cats.get(text.lower())
        if cat is None:
            problems.append(rows.problem(row_no, "category", "a category is required" if not text else
                                         f"'{text}' is not in the unit's list of incident categories"))
            ok = False
        harm_text = _text(r.get("harm"))
        harm = HARM_WORDS.get(harm_text.lower())
        if harm is None:
            problems.append(rows.problem(row_no, "harm", f"'{harm_text}' is not a harm level (no harm, low, "
                                         "moderate, severe or death)" if harm_text else "a harm level is required"))
            ok = False
        try:
            n = b.parse_count(r.get("count"), "incident count")
            if n is None:
                raise InvalidValue("a count is required")
        except InvalidValue as exc:
            problems.append(rows.problem(row_no, "count", str(exc)))
            ok = False
        if not ok:
            continue
        key = (month, cat, harm)
        if key in seen:
            problems.append(rows.problem(row_no, "category", f"{cat}, {b.HARM_LABELS[harm].lower()} for "
                                         f"{month_label(month)} is already on row {seen[key]}"))
            continue
        seen[key] = row_no
        planned.append((month, cat, harm, n))
    if problems:
        raise ValidationFailed(problems)
    held = sb.incidents(store)
    months = sorted({p[0] for p in planned})
    summary = [f"{plural(sum(p[3] for p in planned), 'incident')} in {plural(len(planned), 'count')} across "
               f"{plural(len(months), 'month')}" + (f", {month_label(months[0])} to {month_label(months[-1])}"
                                                    if months else "")]
    replaces = [f"{month_label(mo)}: counts already held are replaced"
                for mo in sorted({p[0] for p in planned if p[:3] in held})]

    def apply(s) -> None:
        sb.set_incidents(s, planned, action="import")

    return ImportPlan("incidents", rows.file, len(rows), apply, summary=summary, replaces=replaces)


#: the board report workbook's sheets in import form (a round trip: its figures import back)
FIGURES_SHEET, INCIDENTS_SHEET = "Figures", "Incident counts"


def _reader(sheet: str):
    """Read ``sheet`` of the board report's workbook, else the first sheet (or the CSV)."""

    def read(path: Path) -> Table:
        try:
            return read_table(path, sheet=sheet)
        except ValidationFailed as exc:
            if "has no sheet named" not in str(exc):
                raise
            return read_table(path)

    return read


STAFFING = Importer(
    kind="staffing", title="Board report monthly figures (month, measure, value)",
    columns=STAFFING_COLUMNS, plan=plan_staffing, read=_reader(FIGURES_SHEET),
    description=("Monthly staffing, investigation and feedback figures for the board report, one "
                 "row per month and measure (by code or name). A figure already held is replaced."))
INCIDENTS = Importer(
    kind="incidents", title="Incident counts by category and harm (month, category, harm, count)",
    columns=INCIDENT_COLUMNS, plan=plan_incidents, read=_reader(INCIDENTS_SHEET),
    description=("Monthly incident counts for the board report, one row per month, category and harm "
                 "level. Categories must be in the unit's list. A count already held is replaced."))
