"""Dashboard files: the long-form monthly values import (``dashboard``) and the SPC summary
workbook.

Import layout, one row per month and indicator::

    month, indicator, numerator, denominator [, unit]

``indicator`` is a catalogue code or name; ``month`` is ``2025-03``, ``Mar-25``,
``March 2025`` or a spreadsheet date. Rows with a ``unit`` other than this unit go to the peer
table (benchmarking). All or nothing; a month and indicator already held is replaced, and the
plan's ``replaces`` lists each month affected.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from maternity_desk.core.dashboard import SummaryRow, denominator_places, parse_count_text
from maternity_desk.core.data_items import compute, computed_problems, items_of, parse_item_value
from maternity_desk.core.errors import InvalidValue, Problem, ValidationFailed
from maternity_desk.core.indicators import SCALE_LABELS
from maternity_desk.core.periods import (
    excel_serial_to_date,
    month_label,
    month_of,
    month_start,
    parse_month,
)
from maternity_desk.core.words import plural
from maternity_desk.exchange.atomic import save_workbook
from maternity_desk.exchange.importer import Importer, ImportPlan
from maternity_desk.exchange.tabular import (
    Column,
    MappedRows,
    Table,
    map_columns,
    norm_header,
    parse_count,
    text_problem,
)
from maternity_desk.store import dashboard as dash
from maternity_desk.store import data_items as di

COLUMNS = [
    Column("month", aliases=("period", "reporting month", "date"),
           help="2025-03, Mar-25, March 2025 or a date in the month"),
    Column("indicator", aliases=("indicator code", "code", "measure", "indicator name"),
           help="the catalogue code (e.g. stillbirth) or name"),
    Column("numerator", aliases=("num", "count", "events")),
    Column("denominator", aliases=("den", "denom", "total", "population")),
    Column("unit", required=False, aliases=("peer unit", "organisation", "provider", "site", "trust"),
           help="blank or this unit's name for the unit's own figures; another name for a peer"),
]


def _month(value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 20000 <= value <= 80000:
            return month_of(excel_serial_to_date(value))
        raise InvalidValue(f"'{value}' is not a month (use 2025-03, Mar-25 or March 2025)")
    if isinstance(value, datetime):
        return month_of(value.date())
    return parse_month(value)


def plan_dashboard(store, table: Table | MappedRows, *, today: date | None = None, **_extra) -> ImportPlan:
    """The layout is told by the header: an ``indicator`` column is the long form, one row per
    month and indicator; otherwise a ``month`` column and one column per data item."""
    if isinstance(table, MappedRows):
        return _plan_indicators(store, table, today=today)
    if any(COLUMNS[1].matches(h) for h in table.headers):
        return _plan_indicators(store, map_columns(table, COLUMNS), today=today)
    return plan_data_items(store, table, today=today)


def _plan_indicators(store, rows: MappedRows, *, today: date | None = None) -> ImportPlan:
    today = today or date.today()
    this_month = month_of(today)
    own = dash.own_unit_name(store)
    own_key = own.strip().lower()
    catalogue = dash.indicators(store)
    by_key = {i.code.lower(): i for i in catalogue}
    by_key.update({i.name.strip().lower(): i for i in catalogue})
    known_peers = {p["name"].lower(): p["name"] for p in dash.peer_units(store)}

    problems: list[Problem] = []
    seen: dict[tuple[str | None, str, str], int] = {}
    own_rows: list[tuple[str, str, int, int]] = []
    peer_rows: dict[str, list[tuple[str, str, int, int]]] = {}
    new_peers: dict[str, str] = {}
    for row_no, r in rows:
        ok = True
        try:
            month = _month(r.get("month"))
            if month > this_month:
                problems.append(rows.problem(row_no, "month", f"{month_label(month)} is in the future"))
                ok = False
        except InvalidValue as exc:
            problems.append(rows.problem(row_no, "month", str(exc)))
            ok, month = False, None
        text = "" if r.get("indicator") is None else str(r.get("indicator")).strip()
        ind = by_key.get(text.lower()) if text else None
        if ind is None:
            reason = ("an indicator is required" if not text else
                      f"'{text}' is not an indicator code or name in the catalogue")
            problems.append(rows.problem(row_no, "indicator", reason))
            ok = False
        counts = {}
        for col in ("numerator", "denominator"):
            try:
                if col == "denominator" and ind is not None and denominator_places(ind):
                    counts[col] = parse_count_text(r.get(col), places=denominator_places(ind))
                    if counts[col] is None:
                        raise InvalidValue("a number is required")
                else:
                    counts[col] = parse_count(r.get(col))
            except InvalidValue as exc:
                problems.append(rows.problem(row_no, col, str(exc)))
                ok = False
        if ok and ind.is_proportion and counts["numerator"] > counts["denominator"]:
            problems.append(rows.problem(
                row_no, "numerator",
                f"the numerator ({counts['numerator']}) is more than the denominator "
                f"({counts['denominator']}) for {ind.name}"))
            ok = False
        unit_text = "" if r.get("unit") is None else str(r.get("unit")).strip()
        unit: str | None = None
        if unit_text and unit_text.lower() != own_key:
            unit = known_peers.get(unit_text.lower()) or new_peers.setdefault(unit_text.lower(), unit_text)
        if not ok:
            continue
        key = (unit, month, ind.code)
        if key in seen:
            problems.append(rows.problem(
                row_no, "month",
                f"{ind.code} for {month_label(month)}{'' if unit is None else ' at ' + unit} "
                f"is already on row {seen[key]}"))
            continue
        seen[key] = row_no
        value = (month, ind.code, counts["numerator"], counts["denominator"])
        if unit is None:
            own_rows.append(value)
        else:
            peer_rows.setdefault(unit, []).append(value)
    if problems:
        raise ValidationFailed(problems)

    existing_own = set(dash.all_values(store))
    replaces: list[str] = []
    replaced = 0

    def _replaced(label: str, values, existing: set[tuple[str, str]]) -> None:
        nonlocal replaced
        per_month: dict[str, int] = {}
        for m, c, _n, _d in values:
            if (m, c) in existing:
                per_month[m] = per_month.get(m, 0) + 1
        for m in sorted(per_month):
            k = per_month[m]
            replaced += k
            replaces.append(f"{month_label(m)} ({label}): {k} indicator value{'s' if k != 1 else ''} "
                            "already held will be replaced")

    _replaced(own, own_rows, existing_own)
    for unit in sorted(peer_rows):
        held = dash.peer_keys(store, unit)
        _replaced(unit, peer_rows[unit], held)

    summary: list[str] = []
    if own_rows:
        months = sorted({v[0] for v in own_rows})
        summary.append(
            f"{plural(len(own_rows), 'value')} for {own} across {plural(len(months), 'month')}, "
            f"{month_label(months[0])} to {month_label(months[-1])}")
    for unit in sorted(peer_rows):
        summary.append(f"{plural(len(peer_rows[unit]), 'value')} for peer unit {unit}")
    created = sorted(new_peers.values())
    if created:
        summary.append(f"{plural(len(created), 'new peer unit')}: {', '.join(created)}")
    if replaced:
        summary.append(f"{plural(replaced, 'value')} already held are replaced")

    def apply(s) -> None:
        for name in created:
            dash.add_peer_unit(s, name)
        if own_rows:
            dash.set_values(s, own_rows, action="import")
            di.absorb_indicator_figures(s, own_rows)  # the data items they imply, once
        for unit, values in peer_rows.items():
            dash.set_values(s, values, action="import", unit=unit)

    return ImportPlan("dashboard", rows.file, len(rows), apply, summary=summary, replaces=replaces)


def plan_data_items(store, table: Table, *, today: date | None = None) -> ImportPlan:
    """One row per month: a ``month`` column and a column per data item (its code or name, e.g.
    ``births``, ``stillbirths``); a blank cell leaves the item as it is. The indicators each
    item feeds are worked out again when the plan is written."""
    today = today or date.today()
    this_month = month_of(today)
    items = di.data_items(store)
    by_key = {norm_header(i.code): i for i in items}
    by_key.update({norm_header(i.name): i for i in items})
    month_col = COLUMNS[0]
    problems: list[Problem] = []
    month_at, item_at = None, {}
    for col, header in enumerate(table.headers):
        if not norm_header(header):
            continue
        if month_col.matches(header) and month_at is None:
            month_at = col
        elif norm_header(header) in by_key:
            item = by_key[norm_header(header)]
            if item.code in item_at:
                problems.append(Problem(table.file, 1, header, f"{item.name} has two columns"))
            item_at[item.code] = col
        else:
            problems.append(Problem(table.file, 1, header,
                                    f"'{header}' is not a data item's code or name, nor 'indicator' "
                                    "(see 'maternity-desk data-items')"))
    if month_at is None:
        problems.append(Problem(table.file, 1, "month", "required column 'month' is missing"))
    if not item_at and month_at is not None:
        problems.append(Problem(table.file, 1, None, "no data item columns (births, stillbirths, ...) and no "
                                                     "'indicator' column"))
    if problems:
        raise ValidationFailed(problems)
    item_of = {i.code: i for i in items}
    header_of = {code: table.headers[col] for code, col in item_at.items()}
    held = di.item_values(store)
    inds = [i for i in dash.indicators(store) if i.from_items]
    seen: dict[str, int] = {}
    changes: list[tuple[str, str, int | float]] = []
    for row_no, cells in table.rows:
        def cell(col, cells=cells):
            return cells[col] if col < len(cells) else None
        try:
            month = _month(cell(month_at))
        except InvalidValue as exc:
            problems.append(Problem(table.file, row_no, table.headers[month_at], str(exc)))
            continue
        if month > this_month:
            problems.append(Problem(table.file, row_no, table.headers[month_at],
                                    f"{month_label(month)} is in the future"))
            continue
        if month in seen:
            problems.append(Problem(table.file, row_no, table.headers[month_at],
                                    f"{month_label(month)} is already on row {seen[month]}"))
            continue
        seen[month] = row_no
        row_values: dict[tuple[str, str], int | float] = {}
        for code, col in item_at.items():
            raw = cell(col)
            why = text_problem(raw) if isinstance(raw, str) else None
            if why:
                problems.append(Problem(table.file, row_no, header_of[code], why))
                continue
            try:
                value = parse_item_value(item_of[code], raw)
            except InvalidValue as exc:
                problems.append(Problem(table.file, row_no, header_of[code], str(exc)))
                continue
            if value is not None:
                row_values[(month, code)] = value
        merged = {**held, **row_values}
        for ind in inds:
            pair = compute(ind, month, merged)
            mine = [c for c in items_of(ind) if c in item_at and (month, c) in row_values]
            if pair is not None and mine:
                for reason in computed_problems(ind, *pair):
                    problems.append(Problem(table.file, row_no, header_of[mine[0]], reason))
        changes.extend((m, c, v) for (m, c), v in row_values.items())
    if problems:
        raise ValidationFailed(problems)
    replaced: dict[str, int] = {}
    for m, c, v in changes:
        if (m, c) in held and held[(m, c)] != v:
            replaced[m] = replaced.get(m, 0) + 1
    months = sorted(seen)
    own = dash.own_unit_name(store)
    summary = [f"{plural(len(changes), 'figure')} for {own} across {plural(len(months), 'month')}"
               + (f", {month_label(months[0])} to {month_label(months[-1])}" if months else "")]
    replaces = [f"{month_label(m)}: {plural(k, 'figure')} already held will be replaced" for m, k in sorted(replaced.items())]

    def apply(s) -> None:
        di.set_items(s, changes, action="import")

    return ImportPlan("dashboard", table.file, len(table.rows), apply, summary=summary, replaces=replaces)


IMPORTER = Importer(
    kind="dashboard",
    title="Dashboard monthly values (month and data items, or month, indicator, numerator, denominator)",
    columns=COLUMNS,
    plan=plan_dashboard,
    raw=True,
    description=(
        "Monthly figures, in either layout. One row per month with a column per data item "
        "(month, births, stillbirths, ...; see 'maternity-desk data-items'): the indicators are "
        "worked out from them. Or long form, one row per month and indicator, the indicator by "
        "code or name; an optional 'unit' column brings in peer units' figures for benchmarking. "
        "A month already held is replaced."
    ),
)


# --- the summary workbook -----------------------------------------------------------------------

#: the indicator by its name (codes stay inside the program); the centre line is the median on
#: a run chart, the mean on the others
SUMMARY_HEADERS = ["Indicator", "Group", "Scale", "Latest month", "Latest value",
                   "Rolling 12 months", "Mean or median", "Lower limit", "Upper limit", "Variation",
                   "Assurance", "RAG", "Chart"]
VARIATION_TEXT = {
    "common": "Common cause",
    "improvement": "Special cause: improvement",
    "concern": "Special cause: concern",
    "neutral": "Special cause: neither better nor worse",
}
ASSURANCE_TEXT = {
    "pass": "Consistently passing the target",
    "fail": "Consistently failing the target",
    "hit_and_miss": "Hit and miss: may pass or fail",
}


def summary_table(rows: Sequence[SummaryRow]) -> list[list]:
    from maternity_desk.exchange.xlsx import RAG_WORDS

    out = []
    for r in rows:
        variation = VARIATION_TEXT.get(r.variation, "")
        if r.variation in ("improvement", "concern", "neutral") and r.side:
            variation += f" ({r.side})"
        out.append([
            r.name, r.group[:1].upper() + r.group[1:], SCALE_LABELS.get(r.scale, r.scale),
            month_start(r.latest_month) if r.latest_month else None,
            _round(r.latest_value), _round(r.rolling_12), _round(r.mean), _round(r.lower),
            _round(r.upper), variation, ASSURANCE_TEXT.get(r.assurance, ""), RAG_WORDS.get(r.rag or "", ""),
            {"xmr": "XmR", "p": "p-chart", "run": "Run chart"}.get(r.chart, r.chart),
        ])
    return out


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 4)


def write_summary(path: Path | str, rows: Sequence[SummaryRow], *, unit_name: str,
                  as_at: date) -> Path:
    """The summary table (indicator, latest value, mean, limits, variation, assurance) as a
    workbook."""
    from maternity_desk.core.periods import month_label
    from maternity_desk.exchange.xlsx import (
        FMT_RATE,
        fit_columns,
        new_workbook,
        print_setup,
        put,
        rag_conditional_format,
        write_table,
    )

    path = Path(path)
    wb = new_workbook(f"{unit_name}: dashboard summary", "Maternity indicators with SPC")
    ws = wb.active
    ws.title = "Summary"
    put(ws, 1, 1, f"{unit_name}: maternity dashboard summary").font = _bold()
    put(ws, 2, 1, f"As at {as_at.strftime('%d/%m/%Y')}. Values in each indicator's scale; "
                  "mean and limits are those of the latest month's SPC segment.")
    table = summary_table(rows)
    last = write_table(ws, 4, SUMMARY_HEADERS, table,
                       [None, None, None, "mmm yyyy", FMT_RATE, FMT_RATE, FMT_RATE, FMT_RATE,
                        FMT_RATE, None, None, None, None])
    if table:
        rag_conditional_format(ws, f"L5:L{last}")
    ws.auto_filter.ref = f"A4:M{max(last, 5)}"
    fit_columns(ws, maximum=45, from_row=3)
    latest = max((r.latest_month for r in rows if r.latest_month), default=None)
    print_setup(ws, f"{unit_name}: dashboard summary", unit=unit_name,
                period=month_label(latest) if latest else f"As at {as_at:%d/%m/%Y}", title_rows=(4, 4))
    return save_workbook(wb, path)


def _bold():
    from openpyxl.styles import Font

    return Font(bold=True, size=13)
