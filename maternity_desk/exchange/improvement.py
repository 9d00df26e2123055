"""Importing an improvement project's monthly measure data.

``maternity-desk import measure PROJECT_CODE FILE``: one row per measure and month with the
columns ``month, measure, numerator, denominator``. The measure is named as on the project
(case does not matter); months may be written 2025-03, Mar-25, March 2025 or be an Excel
date. Every row is checked first; any problem refuses the whole file. Months already entered
for a measure are replaced by the file's figures.
"""

from __future__ import annotations

from maternity_desk.core import improvement as qi
from maternity_desk.core.errors import InvalidValue, Problem, ValidationFailed
from maternity_desk.core.periods import parse_month
from maternity_desk.core.words import plural
from maternity_desk.exchange.importer import Importer, ImportPlan
from maternity_desk.exchange.tabular import Column, MappedRows, parse_count
from maternity_desk.store import improvement as qs

COLUMNS = [
    Column("month", aliases=("period", "date", "month ending"),
           help="2025-03, Mar-25, March 2025 or a date in the month"),
    Column("measure", aliases=("measure name", "indicator"), help="the measure's name on the project"),
    Column("numerator", aliases=("num", "count", "n"), help="a whole number of 0 or more"),
    Column("denominator", required=False, aliases=("den", "denom", "total"),
           help="a whole number above 0; blank for a count with no denominator"),
]


def plan_measure(store, rows: MappedRows, *, project_code: str | None = None, **_extra) -> ImportPlan:
    try:
        proj = qs.project_by_code(store, project_code or "")
    except InvalidValue as exc:
        raise ValidationFailed([Problem(rows.file, None, None, str(exc))]) from None
    by_name = {m.name.lower(): m for m in qs.measures(store, proj.id)}
    if not by_name:
        raise ValidationFailed([Problem(rows.file, None, None,
                                        f"project {proj.code} has no measures yet: add them first")])
    problems: list[Problem] = []
    seen: dict[tuple[int, str], int] = {}
    values: list[tuple[int, qi.MeasureValue]] = []
    for row_no, r in rows:
        month = measure = num = den = None
        ok = True
        try:
            month = parse_month(r.get("month"))
        except InvalidValue as exc:
            problems.append(rows.problem(row_no, "month", str(exc)))
            ok = False
        name = r.get("measure")
        if name is None:
            problems.append(rows.problem(row_no, "measure", "the measure's name is required"))
            ok = False
        else:
            measure = by_name.get(str(name).strip().lower())
            if measure is None:
                known = "; ".join(m.name for m in by_name.values())
                problems.append(rows.problem(
                    row_no, "measure", f"'{name}' is not a measure of project {proj.code} ({known})"))
                ok = False
        try:
            num = parse_count(r.get("numerator"))
        except InvalidValue as exc:
            problems.append(rows.problem(row_no, "numerator", str(exc)))
            ok = False
        if r.get("denominator") is not None:
            try:
                den = parse_count(r.get("denominator"))
            except InvalidValue as exc:
                problems.append(rows.problem(row_no, "denominator", str(exc)))
                ok = False
        if not ok:
            continue
        try:
            value = qi.validate_value(measure, month, num, den)
        except qi.BadMeasureValue as exc:
            problems.append(rows.problem(row_no, exc.column, str(exc)))
            continue
        key = (measure.id, value.month)
        if key in seen:
            problems.append(rows.problem(
                row_no, "month", f"'{measure.name}' for {value.month} is already on row {seen[key]}"))
            continue
        seen[key] = row_no
        values.append((measure.id, value))
    if problems:
        raise ValidationFailed(problems)

    names = {m.id: m.name for m in by_name.values()}
    summary, replaces = [], []
    for mid in sorted({mid for mid, _ in values}, key=lambda i: names[i]):
        months = sorted(v.month for m, v in values if m == mid)
        existing = qs.months_held(store, mid)
        again = [mo for mo in months if mo in existing]
        summary.append(f"{names[mid]}: {plural(len(months), 'month')}, {months[0]} to {months[-1]}")
        if again:
            replaces.append(f"{names[mid]}: {plural(len(again), 'month')} already entered ({again[0]} to {again[-1]})")

    def apply(st) -> None:
        qs.write_values(st, values)

    return ImportPlan(kind="measure", file=rows.file, rows=len(values), apply=apply,
                      summary=[f"project {proj.code} {proj.title}", *summary], replaces=replaces)


IMPORTER = Importer(
    kind="measure",
    title="Improvement project measure data (monthly)",
    columns=COLUMNS,
    plan=plan_measure,
    extra_args=("project_code",),
    description="Monthly numerators and denominators of an improvement project's measures: "
                "columns month, measure, numerator, denominator. Months already entered are replaced.",
)
