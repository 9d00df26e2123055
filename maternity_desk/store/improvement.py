"""Quality improvement in the unit database: reads return :mod:`maternity_desk.core.improvement`
objects; every write validates through the core, runs in one transaction and is audited."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, replace
from datetime import date

from maternity_desk.core import improvement as qi
from maternity_desk.core.errors import InvalidValue


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


# --- pick-list ---------------------------------------------------------------------------

def _measure(row, rebases: dict[int, list[str]] | None = None) -> qi.Measure:
    keys = row.keys()
    return qi.Measure(
        type=row["type"], name=row["name"], numerator=row["numerator"], denominator=row["denominator"],
        better=row["better"], chart=row["chart"], scale=row["scale"], unit=row["unit"],
        id=row["id"], sort_order=row["sort_order"],
        project_id=row["project_id"] if "project_id" in keys else None,
        is_primary=bool(row["is_primary"]) if "is_primary" in keys else False,
        baseline_points=row["baseline_points"] if "baseline_points" in keys else None,
        rebase_months=tuple((rebases or {}).get(row["id"], ())),
        indicator=row["indicator_code"] if "indicator_code" in keys else None,
    )


def _rebases(store, where: str = "", params: tuple = ()) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for r in store.query("SELECT r.measure_id, r.month FROM qi_measure_rebase r"
                         " JOIN qi_measure m ON m.id = r.measure_id" + where + " ORDER BY r.month", params):
        out.setdefault(r["measure_id"], []).append(r["month"])
    return out


def picklist(store) -> list[qi.PicklistProject]:
    measures: dict[str, list[qi.Measure]] = {}
    for r in store.query("SELECT * FROM qi_picklist_measure ORDER BY project_code, sort_order, id"):
        measures.setdefault(r["project_code"], []).append(_measure(r))
    return [
        qi.PicklistProject(
            code=r["code"], title=r["title"], area=r["area"], rationale=r["rationale"],
            suggested_aim=r["suggested_aim"], measures=tuple(measures.get(r["code"], [])),
            local=bool(r["local"]), sort_order=r["sort_order"],
        )
        for r in store.query("SELECT * FROM qi_picklist_project ORDER BY local, sort_order, title")
    ]


def picklist_project(store, code: str) -> qi.PicklistProject:
    for p in picklist(store):
        if p.code == code:
            return p
    raise InvalidValue(f"there is no project {code} in the pick-list")


def save_picklist_project(store, item: qi.PicklistProject, *, original_code: str | None = None) -> str:
    """Add (``original_code`` None) or edit a pick-list project and replace its measures.
    Adopted projects keep their own copies and are not touched."""
    clean = qi.validate_picklist_project(item)
    with store.transaction():
        values = {"code": clean.code, "title": clean.title, "area": clean.area,
                  "rationale": clean.rationale, "suggested_aim": clean.suggested_aim}
        if original_code is None:
            if store.scalar("SELECT 1 FROM qi_picklist_project WHERE code = ?", (clean.code,)):
                raise InvalidValue(f"the pick-list already has a project {clean.code}")
            order = store.scalar("SELECT coalesce(max(sort_order), -1) + 1 FROM qi_picklist_project")
            store.insert("qi_picklist_project", {**values, "local": 1 if clean.local else 0,
                                                 "sort_order": order}, key_col="code")
        else:
            if clean.code != original_code and store.scalar(
                    "SELECT 1 FROM qi_picklist_project WHERE code = ?", (clean.code,)):
                raise InvalidValue(f"the pick-list already has a project {clean.code}")
            store.update("qi_picklist_project", "code", original_code, values)
        before = [asdict(m) for m in picklist_project(store, clean.code).measures] if original_code else []
        store.execute("DELETE FROM qi_picklist_measure WHERE project_code = ?", (clean.code,))
        store.executemany(
            "INSERT INTO qi_picklist_measure (project_code, sort_order, type, name, numerator,"
            " denominator, better, chart, scale, unit, indicator_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(clean.code, i, m.type, m.name, m.numerator, m.denominator, m.better, m.chart, m.scale,
              m.unit, _linkable(store, m.indicator)) for i, m in enumerate(clean.measures)],
        )
        store.audit("replace measures", "qi_picklist_measure", clean.code, before,
                    [asdict(replace(m, id=None)) for m in clean.measures])
    return clean.code


def delete_picklist_project(store, code: str) -> None:
    """Remove a project from the pick-list (adopted copies stay)."""
    store.delete("qi_picklist_project", "code", code)


# --- projects ------------------------------------------------------------------------------

def _project(r) -> qi.Project:
    return qi.Project(
        id=r["id"], code=r["code"], title=r["title"], area=r["area"], rationale=r["rationale"],
        picklist_code=r["picklist_code"], wave=r["wave"], start_date=_d(r["start_date"]),
        end_date=_d(r["end_date"]), status=r["status"], abandon_reason=r["abandon_reason"],
        aim_text=r["aim_text"], aim_measure=r["aim_measure"], aim_from=r["aim_from"],
        aim_to=r["aim_to"], aim_by=_d(r["aim_by"]),
    )


def _project_values(p: qi.Project) -> dict:
    return {
        "code": p.code, "title": p.title, "area": p.area, "rationale": p.rationale,
        "picklist_code": p.picklist_code, "wave": p.wave, "start_date": _iso(p.start_date),
        "end_date": _iso(p.end_date), "status": p.status, "abandon_reason": p.abandon_reason,
        "aim_text": p.aim_text, "aim_measure": p.aim_measure, "aim_from": p.aim_from,
        "aim_to": p.aim_to, "aim_by": _iso(p.aim_by),
    }


def projects(store) -> list[qi.Project]:
    return [_project(r) for r in store.query("SELECT * FROM qi_project ORDER BY title, code")]


def project(store, project_id: int) -> qi.Project:
    r = store.query_one("SELECT * FROM qi_project WHERE id = ?", (project_id,))
    if r is None:
        raise InvalidValue("that project no longer exists; it may have been deleted elsewhere")
    return _project(r)


def project_by_code(store, code: str) -> qi.Project:
    r = store.query_one("SELECT * FROM qi_project WHERE code = ? COLLATE NOCASE", ((code or "").strip(),))
    if r is None:
        raise InvalidValue(f"there is no adopted project with code '{code}'")
    return _project(r)


def _free_code(store, code: str) -> str:
    if not store.scalar("SELECT 1 FROM qi_project WHERE code = ?", (code,)):
        return code
    n = 2
    while store.scalar("SELECT 1 FROM qi_project WHERE code = ?", (f"{code}-{n}",)):
        n += 1
    return f"{code}-{n}"


def adopt_project(
    store, picklist_code: str, *, start_date: date, wave: str = "", status: str = "planned",
    code: str | None = None, abandon_reason: str = "", team: Iterable[qi.TeamMember] = (),
) -> int:
    """Adopt a pick-list project: the project and copies of its aim and measures (and any team
    members given) in one transaction. Returns the new project's id."""
    item = picklist_project(store, picklist_code)
    members = [qi.validate_member(m) for m in team]
    with store.transaction():
        wanted = qi.validate_code(code) if code else _free_code(store, item.code)
        if store.scalar("SELECT 1 FROM qi_project WHERE code = ?", (wanted,)):
            raise InvalidValue(f"a project with code {wanted} has already been adopted")
        proj, measures = qi.adopt(item, start_date=start_date, wave=wave, status=status, code=wanted,
                                  abandon_reason=abandon_reason)
        pid = store.insert("qi_project", _project_values(proj), action="adopt")
        store.executemany(
            "INSERT INTO qi_measure (project_id, sort_order, type, name, numerator, denominator,"
            " better, chart, scale, unit, is_primary, baseline_points, indicator_code)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(pid, m.sort_order, m.type, m.name, m.numerator, m.denominator, m.better, m.chart,
              m.scale, m.unit, int(m.is_primary), m.baseline_points, _linkable(store, m.indicator))
             for m in measures],
        )
        store.audit("copy measures", "qi_measure", pid, None, [m.name for m in measures])
        for m in members:
            add_member(store, pid, m)
    return pid


def create_project(store, p: qi.Project) -> int:
    """A local project not taken from the pick-list (measures added afterwards)."""
    clean = qi.validate_project(replace(p, picklist_code=None))
    with store.transaction():
        if store.scalar("SELECT 1 FROM qi_project WHERE code = ?", (clean.code,)):
            raise InvalidValue(f"a project with code {clean.code} already exists")
        return store.insert("qi_project", _project_values(clean))


def save_project(store, p: qi.Project) -> qi.Project:
    """Edit a project. A new start or end date must still hold every PDSA cycle."""
    clean = qi.validate_project(p)
    with store.transaction():
        if store.scalar("SELECT 1 FROM qi_project WHERE code = ? AND id <> ?", (clean.code, p.id)):
            raise InvalidValue(f"another project already has code {clean.code}")
        for c in pdsa_cycles(store, p.id):
            try:
                qi.validate_pdsa(c, clean)
            except InvalidValue as exc:
                raise InvalidValue(f"PDSA cycle '{c.title}' would no longer fit: {exc}") from None
        store.update("qi_project", "id", p.id, _project_values(clean))
    return clean


def delete_project(store, project_id: int) -> None:
    store.delete("qi_project", "id", project_id)


# --- team ----------------------------------------------------------------------------------

def team(store, project_id: int) -> list[qi.TeamMember]:
    return [
        qi.TeamMember(name=r["name"], role=r["role"], job_title=r["job_title"], id=r["id"],
                      project_id=r["project_id"])
        for r in store.query(
            "SELECT * FROM qi_team_member WHERE project_id = ? ORDER BY "
            "CASE role WHEN 'obstetrician_lead' THEN 0 WHEN 'midwife_lead' THEN 1 "
            "WHEN 'senior_manager_lead' THEN 2 WHEN 'improvement_coach' THEN 3 ELSE 4 END, name",
            (project_id,))
    ]


def add_member(store, project_id: int, m: qi.TeamMember) -> int:
    clean = qi.validate_member(m)
    return store.insert("qi_team_member", {"project_id": project_id, "name": clean.name,
                                           "role": clean.role, "job_title": clean.job_title})


def update_member(store, m: qi.TeamMember) -> None:
    clean = qi.validate_member(m)
    store.update("qi_team_member", "id", m.id, {"name": clean.name, "role": clean.role,
                                                "job_title": clean.job_title})


def delete_member(store, member_id: int) -> None:
    store.delete("qi_team_member", "id", member_id)


# --- measures and their monthly values ----------------------------------------------------

def measures(store, project_id: int) -> list[qi.Measure]:
    rebases = _rebases(store, " WHERE m.project_id = ?", (project_id,))
    return [_measure(r, rebases) for r in store.query(
        "SELECT * FROM qi_measure WHERE project_id = ? ORDER BY sort_order, id", (project_id,))]


def save_measure(store, project_id: int, m: qi.Measure) -> int:
    """Add (``m.id`` None) or edit a project's measure; marking it primary un-marks the other."""
    clean = qi.validate_measure(m)
    values = {"type": clean.type, "name": clean.name, "numerator": clean.numerator,
              "denominator": clean.denominator, "better": clean.better, "chart": clean.chart,
              "scale": clean.scale, "unit": clean.unit, "is_primary": int(clean.is_primary),
              "baseline_points": clean.baseline_points, "indicator_code": _linkable(store, clean.indicator, strict=True)}
    with store.transaction():
        clash = store.scalar("SELECT id FROM qi_measure WHERE project_id = ? AND name = ? COLLATE NOCASE"
                             " AND id IS NOT ?", (project_id, clean.name, m.id))
        if clash:
            raise InvalidValue(f"the project already has a measure called '{clean.name}'")
        if clean.is_primary:
            for r in store.query("SELECT id FROM qi_measure WHERE project_id = ? AND is_primary = 1"
                                 " AND id IS NOT ?", (project_id, m.id)):
                store.update("qi_measure", "id", r["id"], {"is_primary": 0})
        elif not store.scalar("SELECT 1 FROM qi_measure WHERE project_id = ? AND is_primary = 1"
                              " AND id IS NOT ?", (project_id, m.id)):
            values["is_primary"] = 1  # a project with measures always has a primary one
        if m.id is None:
            values["sort_order"] = store.scalar(
                "SELECT coalesce(max(sort_order), -1) + 1 FROM qi_measure WHERE project_id = ?", (project_id,))
            mid = store.insert("qi_measure", {"project_id": project_id, **values})
        else:
            if clean.needs_denominator and store.scalar(
                    "SELECT 1 FROM qi_measure_value WHERE measure_id = ? AND denominator IS NULL", (m.id,)):
                raise InvalidValue(f"'{clean.name}' has months entered without a denominator; "
                                   "it cannot be charted as a rate until they have one")
            store.update("qi_measure", "id", m.id, values)
            mid = m.id
        _set_rebases(store, mid, clean.rebase_months)
        return mid


def _set_rebases(store, measure_id: int, months: tuple[str, ...]) -> None:
    """Replace a measure's rebase months (one audit row when they change)."""
    before = [r["month"] for r in store.query(
        "SELECT month FROM qi_measure_rebase WHERE measure_id = ? ORDER BY month", (measure_id,))]
    if before == list(months):
        return
    store.execute("DELETE FROM qi_measure_rebase WHERE measure_id = ?", (measure_id,))
    store.executemany("INSERT INTO qi_measure_rebase (measure_id, month) VALUES (?, ?)",
                      [(measure_id, mo) for mo in months])
    store.audit("rebase", "qi_measure_rebase", measure_id, before or None, list(months) or None)


def delete_measure(store, measure_id: int) -> None:
    with store.transaction():
        row = store.row_dict("qi_measure", "id", measure_id)
        store.delete("qi_measure", "id", measure_id)
        if row and row["is_primary"]:
            nxt = store.scalar("SELECT id FROM qi_measure WHERE project_id = ? ORDER BY sort_order, id"
                               " LIMIT 1", (row["project_id"],))
            if nxt:
                store.update("qi_measure", "id", nxt, {"is_primary": 1})


def _linkable(store, code: str | None, *, strict: bool = False) -> str | None:
    """The indicator code when the dashboard has it (a pick-list may name one a unit removed);
    ``strict`` refuses an unknown one instead."""
    if not code:
        return None
    if store.scalar("SELECT 1 FROM indicator WHERE code = ?", (code,)):
        return code
    if strict:
        raise InvalidValue(f"'{code}' is not a dashboard indicator")
    return None


def linked_indicator(store, measure_id: int) -> str | None:
    """The dashboard indicator whose figures the measure reads (None: a measure of its own)."""
    return store.scalar("SELECT indicator_code FROM qi_measure WHERE id = ?", (measure_id,))


def _refuse_linked(store, measure_id: int) -> None:
    code = linked_indicator(store, measure_id)
    if code:
        name = store.scalar("SELECT name FROM indicator WHERE code = ?", (code,))
        raise InvalidValue(f"this measure reads the dashboard's {name} figures: enter them on the Dashboard")


def _to_dashboard(store, rows: list[tuple[int, qi.MeasureValue]]) -> list[tuple[int, qi.MeasureValue]]:
    """Write the months of measures that are dashboard indicators into the dashboard (the data
    items their numerator and denominator count, one each); returns the other rows. A measure
    whose indicator sums several items is refused: its figures are entered on the Dashboard."""
    from maternity_desk.store import dashboard as dash
    from maternity_desk.store import data_items

    changes, rest = [], []
    for mid, v in rows:
        code = linked_indicator(store, mid)
        if not code:
            rest.append((mid, v))
            continue
        ind = dash.indicator(store, code)
        if (len(ind.numerator_items), len(ind.denominator_items), ind.numerator_window) != (1, 1, 1) \
                or v.denominator is None:
            _refuse_linked(store, mid)
        changes += [(v.month, ind.numerator_items[0], v.numerator), (v.month, ind.denominator_items[0], v.denominator)]
    if changes:
        data_items.set_items(store, changes, action="measure")
    return rest


def measure_values(store, measure_id: int) -> list[qi.MeasureValue]:
    """A measure's months: the dashboard indicator's figures for a measure that is one (one
    figure, one place), else its own."""
    code = linked_indicator(store, measure_id)
    if code:
        return [qi.MeasureValue(r[0], r[1], r[2]) for r in store.query(
            "SELECT month, numerator, denominator FROM indicator_value WHERE indicator_code = ? ORDER BY month",
            (code,))]
    return [qi.MeasureValue(r["month"], r["numerator"], r["denominator"]) for r in store.query(
        "SELECT month, numerator, denominator FROM qi_measure_value WHERE measure_id = ? ORDER BY month",
        (measure_id,))]


def set_values(store, measure: qi.Measure, values: Iterable[qi.MeasureValue], *, action: str = "enter") -> int:
    """Insert or replace months of one measure (each validated); one audit row."""
    clean = [qi.validate_value(measure, v.month, v.numerator, v.denominator) for v in values]
    if linked_indicator(store, measure.id):
        with store.transaction():
            _to_dashboard(store, [(measure.id, c) for c in clean])
        return len(clean)
    with store.transaction():
        before = {v.month: [v.numerator, v.denominator] for v in measure_values(store, measure.id)
                  if v.month in {c.month for c in clean}}
        _write_values(store, [(measure.id, c) for c in clean])
        store.audit(action, "qi_measure_value", measure.id, before or None,
                    {c.month: [c.numerator, c.denominator] for c in clean})
    return len(clean)


def months_held(store, measure_id: int) -> set[str]:
    """The months a measure has a value for."""
    if linked_indicator(store, measure_id):
        return {v.month for v in measure_values(store, measure_id)}
    return {r["month"] for r in store.query("SELECT month FROM qi_measure_value WHERE measure_id = ?",
                                            (measure_id,))}


def write_values(store, rows: Iterable[tuple[int, qi.MeasureValue]]) -> None:
    """Bulk upsert of already-validated values, audited with the values each replaced."""
    rows = list(rows)
    with store.transaction():
        rows = _to_dashboard(store, rows)
        before: dict[str, list] = {}
        for mid in sorted({m for m, _v in rows}):
            held = {r[0]: [r[1], r[2]] for r in store.query(
                "SELECT month, numerator, denominator FROM qi_measure_value WHERE measure_id = ?", (mid,))}
            before.update({f"{mid}/{v.month}": held[v.month] for m, v in rows if m == mid and v.month in held})
        _write_values(store, rows)
        if rows:
            store.audit("import-write", "qi_measure_value", None, {"values": before} if before else None,
                        {"values": {f"{mid}/{v.month}": [v.numerator, v.denominator] for mid, v in rows}})


def _write_values(store, rows: list[tuple[int, qi.MeasureValue]]) -> None:
    store.executemany(
        "INSERT INTO qi_measure_value (measure_id, month, numerator, denominator) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (measure_id, month) DO UPDATE SET numerator = excluded.numerator,"
        " denominator = excluded.denominator",
        [(mid, v.month, v.numerator, v.denominator) for mid, v in rows],
    )


def delete_value(store, measure_id: int, month: str) -> None:
    _refuse_linked(store, measure_id)
    with store.transaction():
        row = store.query_one("SELECT numerator, denominator FROM qi_measure_value WHERE measure_id = ?"
                              " AND month = ?", (measure_id, month))
        if row is None:
            return
        store.execute("DELETE FROM qi_measure_value WHERE measure_id = ? AND month = ?", (measure_id, month))
        store.audit("delete", "qi_measure_value", f"{measure_id}/{month}", dict(row), None)


def aim_target(p: qi.Project, m: qi.Measure) -> float | None:
    """The aim's 'to' value is the target line of the measure the aim is about."""
    if p.aim_to is not None and p.aim_measure and p.aim_measure.lower() == m.name.lower():
        return p.aim_to
    return None


def chart(store, p: qi.Project, m: qi.Measure) -> qi.MeasureChart:
    return qi.measure_chart(m, measure_values(store, m.id), target=aim_target(p, m))


# --- driver diagram ------------------------------------------------------------------------

def drivers(store, project_id: int) -> list[qi.DriverNode]:
    return [qi.DriverNode(kind=r["kind"], text=r["text"], parent_id=r["parent_id"], id=r["id"],
                          project_id=r["project_id"], sort_order=r["sort_order"])
            for r in store.query("SELECT * FROM qi_driver WHERE project_id = ? ORDER BY sort_order, id",
                                 (project_id,))]


def add_driver(store, project_id: int, parent_id: int | None, text: str) -> int:
    """Add an item under ``parent_id`` (None: a primary driver); its kind follows its place."""
    with store.transaction():
        parent_kind = None
        if parent_id is not None:
            parent = store.query_one("SELECT kind, project_id FROM qi_driver WHERE id = ?", (parent_id,))
            if parent is None or parent["project_id"] != project_id:
                raise InvalidValue("the item to add under no longer exists")
            parent_kind = parent["kind"]
        kind = qi.CHILD_KIND.get(parent_kind)
        if kind is None:
            raise InvalidValue("a change idea cannot have items under it")
        node = qi.validate_driver(qi.DriverNode(kind=kind, text=text, parent_id=parent_id), parent_kind)
        order = store.scalar("SELECT coalesce(max(sort_order), -1) + 1 FROM qi_driver WHERE project_id = ?"
                             " AND parent_id IS ?", (project_id, parent_id))
        return store.insert("qi_driver", {"project_id": project_id, "parent_id": parent_id,
                                          "kind": node.kind, "text": node.text, "sort_order": order})


def rename_driver(store, driver_id: int, text: str) -> None:
    clean = qi._text(text, "the item's text", required=True, limit=300)
    store.update("qi_driver", "id", driver_id, {"text": clean})


def delete_driver(store, driver_id: int) -> None:
    """Delete an item and everything under it (one audit row each)."""
    with store.transaction():
        kids = [r["id"] for r in store.query("SELECT id FROM qi_driver WHERE parent_id = ?", (driver_id,))]
        for k in kids:
            delete_driver(store, k)
        store.delete("qi_driver", "id", driver_id)


# --- PDSA ----------------------------------------------------------------------------------

def _pdsa(r) -> qi.PdsaCycle:
    return qi.PdsaCycle(
        title=r["title"], start_date=_d(r["start_date"]), change_idea=r["change_idea"],
        prediction=r["prediction"], plan=r["plan"], do=r["do"], study=r["study"], act=r["act"],
        end_date=_d(r["end_date"]), id=r["id"], project_id=r["project_id"],
    )


def pdsa_cycles(store, project_id: int) -> list[qi.PdsaCycle]:
    return [_pdsa(r) for r in store.query(
        "SELECT * FROM qi_pdsa WHERE project_id = ? ORDER BY start_date, id", (project_id,))]


def save_pdsa(store, c: qi.PdsaCycle) -> int:
    with store.transaction():
        proj = project(store, c.project_id)
        clean = qi.validate_pdsa(c, proj)
        values = {"project_id": proj.id, "title": clean.title, "change_idea": clean.change_idea,
                  "prediction": clean.prediction, "plan": clean.plan, "do": clean.do,
                  "study": clean.study, "act": clean.act, "start_date": _iso(clean.start_date),
                  "end_date": _iso(clean.end_date)}
        if c.id is None:
            return store.insert("qi_pdsa", values)
        store.update("qi_pdsa", "id", c.id, values)
        return c.id


def delete_pdsa(store, cycle_id: int) -> None:
    store.delete("qi_pdsa", "id", cycle_id)


# --- notes ---------------------------------------------------------------------------------

def notes(store, project_id: int) -> list[qi.ProjectNote]:
    return [qi.ProjectNote(date=_d(r["date"]), text=r["text"], id=r["id"], project_id=r["project_id"])
            for r in store.query("SELECT * FROM qi_note WHERE project_id = ? ORDER BY date DESC, id DESC",
                                 (project_id,))]


def add_note(store, project_id: int, note: qi.ProjectNote) -> int:
    clean = qi.validate_note(note)
    return store.insert("qi_note", {"project_id": project_id, "date": _iso(clean.date), "text": clean.text})


def delete_note(store, note_id: int) -> None:
    store.delete("qi_note", "id", note_id)


# --- programme participation log ------------------------------------------------------------

def _action(r) -> qi.EventAction:
    return qi.EventAction(action=r["action"], owner=r["owner"], due_date=_d(r["due_date"]),
                          status=r["status"], id=r["id"], event_id=r["event_id"])


def events(store) -> list[qi.ProgrammeEvent]:
    actions: dict[int, list[qi.EventAction]] = {}
    for r in store.query("SELECT * FROM qi_event_action ORDER BY due_date, id"):
        actions.setdefault(r["event_id"], []).append(_action(r))
    return [qi.ProgrammeEvent(kind=r["kind"], date=_d(r["date"]), title=r["title"],
                              attendees=r["attendees"], learning=r["learning"], id=r["id"],
                              actions=tuple(actions.get(r["id"], [])))
            for r in store.query("SELECT * FROM qi_event ORDER BY date DESC, id DESC")]


def save_event(store, e: qi.ProgrammeEvent) -> int:
    clean = qi.validate_event(e)
    values = {"kind": clean.kind, "date": _iso(clean.date), "title": clean.title,
              "attendees": clean.attendees, "learning": clean.learning}
    if e.id is None:
        return store.insert("qi_event", values)
    store.update("qi_event", "id", e.id, values)
    return e.id


def delete_event(store, event_id: int) -> None:
    store.delete("qi_event", "id", event_id)


def save_action(store, event_id: int, a: qi.EventAction) -> int:
    clean = qi.validate_action(a)
    values = {"event_id": event_id, "action": clean.action, "owner": clean.owner,
              "due_date": _iso(clean.due_date), "status": clean.status}
    if a.id is None:
        return store.insert("qi_event_action", values)
    store.update("qi_event_action", "id", a.id, values)
    return a.id


def delete_action(store, action_id: int) -> None:
    store.delete("qi_event_action", "id", action_id)


# --- the board -----------------------------------------------------------------------------

def board(store, *, last: str | None = None) -> list[qi.BoardRow]:
    """Every project with its roles, missing leads and the signal of its primary measure, read
    in five queries whatever the number of projects. With ``last`` (YYYY-MM) the signal is the
    one the measure gave at the end of that month: later values are left out."""
    plist = projects(store)
    teams: dict[int, list[qi.TeamMember]] = {}
    for r in store.query("SELECT project_id, role, name FROM qi_team_member"):
        teams.setdefault(r["project_id"], []).append(qi.TeamMember(name=r["name"], role=r["role"]))
    rebases = _rebases(store, " WHERE m.is_primary = 1")
    primaries = {r["project_id"]: _measure(r, rebases) for r in store.query(
        "SELECT * FROM qi_measure WHERE is_primary = 1")}
    values: dict[int, list[qi.MeasureValue]] = {}
    for r in store.query(
            "SELECT v.measure_id, v.month, v.numerator, v.denominator FROM qi_measure_value v"
            " JOIN qi_measure m ON m.id = v.measure_id WHERE m.is_primary = 1 AND v.month <= ?"
            " ORDER BY v.measure_id, v.month", (last or "9999-12",)):
        values.setdefault(r["measure_id"], []).append(qi.MeasureValue(r["month"], r["numerator"], r["denominator"]))
    for m in primaries.values():
        if m.indicator:  # a measure that is a dashboard indicator reads the dashboard's figures
            values[m.id] = [v for v in measure_values(store, m.id) if v.month <= (last or "9999-12")]
    rows = []
    for p in plist:
        m = primaries.get(p.id)
        ch = qi.measure_chart(m, values.get(m.id, []), target=aim_target(p, m)) if m else None
        rows.append(qi.board_row(p, teams.get(p.id, []), ch))
    return rows
