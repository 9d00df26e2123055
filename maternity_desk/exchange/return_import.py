"""Reading a monthly return back (import kind ``return``): another unit's Data sheet
becomes peer data; this unit's own return restores its own figures."""

from __future__ import annotations

from maternity_desk.core import returns as core
from maternity_desk.core.dashboard import denominator_places, parse_count_text
from maternity_desk.core.errors import InvalidValue, Problem, ValidationFailed
from maternity_desk.core.periods import month_label, parse_month
from maternity_desk.core.words import plural
from maternity_desk.exchange.importer import Importer, ImportPlan
from maternity_desk.exchange.tabular import Column, MappedRows, parse_count

COLUMNS = [
    Column("unit", aliases=("unit name", "organisation", "provider")),
    Column("ods_code", required=False, aliases=("ods", "ods code", "org code")),
    Column("month", aliases=("period", "reporting month")),
    Column("indicator", aliases=("indicator code", "code")),
    Column("indicator_name", required=False, aliases=("indicator name", "name")),
    Column("numerator", aliases=("num",)),
    Column("denominator", aliases=("den", "denom")),
    Column("value", required=False),
    Column("suppressed", required=False),
]


def plan_return(store, rows: MappedRows, **_extra) -> ImportPlan:
    """A return's Data sheet: the unit's own rows (the same name as this unit) are its own
    figures; any other unit's rows are peer figures for benchmarking. Suppressed counts
    (``*``) cannot be read back and are skipped with a warning; a suppressed return of the
    unit itself is refused (its rounded figures would overwrite the real ones)."""
    from maternity_desk.store import dashboard as dash
    from maternity_desk.store import data_items

    own = dash.own_unit_name(store)
    own_key = own.strip().lower()
    catalogue = dash.indicators(store)
    by_key = {i.code.lower(): i for i in catalogue}
    by_name = {i.name.strip().lower(): i for i in catalogue}
    peers = {p["name"].lower(): p for p in dash.peer_units(store)}
    problems: list[Problem] = []
    warnings: list[Problem] = []
    seen: dict[tuple[str, str, str], int] = {}
    own_rows: list[tuple[str, str, int, int]] = []
    peer_rows: dict[str, list[tuple[str, str, int, int]]] = {}
    new_peers: dict[str, tuple[str, str]] = {}
    skipped = 0
    own_suppressed: list[int] = []
    for row_no, r in rows:
        unit = "" if r.get("unit") is None else str(r.get("unit")).strip()
        ok = True
        if not unit:
            problems.append(rows.problem(row_no, "unit", "the unit is required"))
            ok = False
        try:
            month = parse_month(r.get("month"))
        except InvalidValue as exc:
            problems.append(rows.problem(row_no, "month", str(exc)))
            ok, month = False, ""
        code = "" if r.get("indicator") is None else str(r.get("indicator")).strip().lower()
        ind = by_key.get(code)
        if ind is None and r.get("indicator_name"):
            ind = by_name.get(str(r.get("indicator_name")).strip().lower())
        if ind is None:
            problems.append(rows.problem(row_no, "indicator", (
                "an indicator is required" if not code else
                f"'{r.get('indicator')}' is not an indicator in this unit's catalogue")))
            ok = False
        is_own = unit.lower() == own_key
        flagged = str(r.get("suppressed") or "").strip().lower() in ("yes", "y", "true", "1")
        if is_own and flagged:  # said once, at the first such row, with how many there are
            own_suppressed.append(row_no)
            ok = False
        counts: dict[str, int] = {}
        starred = False
        for col in ("numerator", "denominator"):
            raw = r.get(col)
            if isinstance(raw, str) and raw.strip() == core.SUPPRESSED:
                starred = True
                continue
            try:
                if col == "denominator" and ind is not None and denominator_places(ind):
                    counts[col] = parse_count_text(raw, places=denominator_places(ind))
                    if counts[col] is None:
                        raise InvalidValue("a number is required")
                else:
                    counts[col] = parse_count(raw)
            except InvalidValue as exc:
                problems.append(rows.problem(row_no, col, str(exc)))
                ok = False
        if not ok:
            continue
        if starred:
            skipped += 1
            continue
        if ind.is_proportion and counts["numerator"] > counts["denominator"]:
            problems.append(rows.problem(row_no, "numerator", (
                f"the numerator ({counts['numerator']}) is more than the denominator "
                f"({counts['denominator']}) for {ind.name}")))
            continue
        key = (unit.lower(), month, ind.code)
        if key in seen:
            problems.append(rows.problem(row_no, "month", (
                f"{ind.code} for {month_label(month)} at {unit} is already on row {seen[key]}")))
            continue
        seen[key] = row_no
        value = (month, ind.code, counts["numerator"], counts["denominator"])
        if is_own:
            own_rows.append(value)
        else:
            peer = peers.get(unit.lower())
            name = peer["name"] if peer else new_peers.setdefault(
                unit.lower(), (unit, str(r.get("ods_code") or "").strip()))[0]
            peer_rows.setdefault(name, []).append(value)
    if own_suppressed:
        n = len(own_suppressed)
        problems.insert(0, rows.problem(own_suppressed[0], "suppressed", (
            f"this is {own}'s own return with small-number suppression ({plural(n, 'row')} from this "
            "one): its rounded figures would overwrite the real ones, so it is not imported")))
    if problems:
        raise ValidationFailed(problems)
    if skipped:
        warnings.append(Problem(rows.file, None, None, (
            f"{plural(skipped, 'row')} with counts suppressed as '*' (small numbers) are not imported")))
    if not own_rows and not peer_rows:
        raise ValidationFailed([Problem(rows.file, None, None,
                                        "the return has no figures that can be imported")])

    replaces: list[str] = []
    held_own = set(dash.all_values(store))
    n_own = sum(1 for m, c, _n, _d in own_rows if (m, c) in held_own)
    if n_own:
        replaces.append(f"{own}: {plural(n_own, 'value')} already held will be replaced")
    for unit in sorted(peer_rows):
        held = dash.peer_keys(store, unit)
        n = sum(1 for m, c, _n, _d in peer_rows[unit] if (m, c) in held)
        if n:
            replaces.append(f"{unit}: {plural(n, 'value')} already held will be replaced")
    summary = []
    if own_rows:
        months = sorted({v[0] for v in own_rows})
        summary.append(f"{plural(len(own_rows), 'value')} for {own} (this unit), "
                       f"{month_label(months[0])} to {month_label(months[-1])}")
    for unit in sorted(peer_rows):
        months = sorted({v[0] for v in peer_rows[unit]})
        summary.append(f"{plural(len(peer_rows[unit]), 'value')} for peer unit {unit}, "
                       f"{month_label(months[0])} to {month_label(months[-1])}")
    created = sorted(new_peers.values())
    if created:
        summary.append(f"{plural(len(created), 'new peer unit')}: {', '.join(n for n, _o in created)}")
    total = len(own_rows) + sum(len(v) for v in peer_rows.values())

    def apply(s) -> None:
        for name, ods in created:
            dash.add_peer_unit(s, name, _valid_ods(ods))
        if own_rows:
            dash.set_values(s, own_rows, action="import")
            data_items.absorb_indicator_figures(s, own_rows)  # the data items they imply, once
        for unit, values in peer_rows.items():
            dash.set_values(s, values, action="import", unit=unit)

    return ImportPlan("return", rows.file, total, apply, summary=summary, warnings=warnings,
                      replaces=replaces)


def _valid_ods(text: str) -> str:
    from maternity_desk.core.unit import validate_ods_code

    try:
        return validate_ods_code(text) if text else ""
    except InvalidValue:
        return ""


IMPORTER = Importer(
    kind="return",
    title="Another unit's monthly return (its Data sheet) as peer data",
    columns=COLUMNS,
    plan=plan_return,
    sheet="Data",
    description=(
        "Reads the Data sheet of a Maternity Desk monthly return (one row per unit, month and "
        "indicator). Another unit's figures become peer data for benchmarking; this unit's own "
        "return restores its own figures. Counts suppressed as '*' are skipped."
    ),
)
