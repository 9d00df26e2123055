"""Governance registers in the unit database: reads return :mod:`core.governance` objects;
writes validate through core, run in one transaction and leave audit rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from maternity_desk.core import governance as g
from maternity_desk.core.attention import Attention
from maternity_desk.core.bank_holidays import ENGLAND_AND_WALES
from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.words import period_label

MEETING_GAP_KEY = "governance.meeting_gap_months"
DEFAULT_MEETING_GAP = 2


def _d(text: str | None) -> date | None:
    return None if text in (None, "") else date.fromisoformat(text)


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


# --- calendar, rules, settings ------------------------------------------------------------

def calendar(store) -> g.WorkingCalendar:
    """Working days: England and Wales bank holidays for any year (worked out at run time, so
    later years and corrections arrive with the program), plus the days in the unit's table
    (the holidays shipped with schema 6 and every closure day the unit added)."""
    return g.WorkingCalendar((date.fromisoformat(r[0]) for r in store.query("SELECT date FROM gov_bank_holidays")),
                             bank_holidays=ENGLAND_AND_WALES)


def bank_holidays(store) -> list[tuple[date, str]]:
    return [(date.fromisoformat(r[0]), r[1]) for r in store.query("SELECT date, title FROM gov_bank_holidays ORDER BY date")]


def add_bank_holiday(store, when: date, title: str) -> None:
    title = g.clean_text(title, "Name of the holiday", required=True, max_len=200)
    with store.transaction():
        if store.scalar("SELECT 1 FROM gov_bank_holidays WHERE date = ?", (when.isoformat(),)):
            raise InvalidValue(f"{when:%d/%m/%Y} is already a bank holiday")
        store.insert("gov_bank_holidays", {"date": when.isoformat(), "title": title}, key_col="date")


def remove_bank_holiday(store, when: date) -> None:
    store.delete("gov_bank_holidays", "date", when.isoformat())


def deadline_rules(store) -> list[g.DeadlineRule]:
    return [g.DeadlineRule(r["code"], r["label"], r["basis"], int(r["amount"]), r["note"])
            for r in store.query("SELECT * FROM gov_deadline_rules ORDER BY position")]


def save_deadline_rule(store, code: str, basis: str, amount: int) -> None:
    g.DeadlineRule(code, code, basis, amount)  # validates
    store.update("gov_deadline_rules", "code", code, {"basis": basis, "amount": amount})


def meeting_gap_months(store) -> int:
    try:
        n = int(store.get_setting(MEETING_GAP_KEY) or DEFAULT_MEETING_GAP)
    except ValueError:
        return DEFAULT_MEETING_GAP
    return n if n >= 1 else DEFAULT_MEETING_GAP


def set_meeting_gap_months(store, months: int) -> None:
    if not isinstance(months, int) or not 1 <= months <= 24:
        raise InvalidValue("the longest gap between champions' meetings must be 1 to 24 months")
    store.set_setting(MEETING_GAP_KEY, str(months))


# --- champions ----------------------------------------------------------------------------

def champion_roles(store) -> list[g.ChampionRole]:
    return [g.ChampionRole(r["code"], r["label"], bool(r["required"]))
            for r in store.query("SELECT * FROM gov_champion_roles ORDER BY position")]


def set_role_required(store, code: str, required: bool) -> None:
    store.update("gov_champion_roles", "code", code, {"required": 1 if required else 0})


def champions(store) -> list[g.Champion]:
    return [g.Champion(r["id"], r["role"], r["person"], _d(r["start_date"]), _d(r["end_date"]))
            for r in store.query("SELECT * FROM gov_champions ORDER BY start_date, id")]


def save_champion(store, c: g.Champion) -> int:
    c = g.make_champion(c.role, c.person, c.start_date, c.end_date, champion_roles(store), c.id)
    row = {"role": c.role, "person": c.person, "start_date": _iso(c.start_date), "end_date": _iso(c.end_date)}
    with store.transaction():
        for other in champions(store):
            if other.role == c.role and other.id != c.id and _overlaps(other, c):
                raise InvalidValue(
                    f"{other.person} holds this role from {other.start_date:%d/%m/%Y}"
                    + (f" to {other.end_date:%d/%m/%Y}" if other.end_date else "")
                    + ": give them an end date first, or change the dates")
        if c.id is None:
            return store.insert("gov_champions", row)
        store.update("gov_champions", "id", c.id, row)
        return c.id


def _overlaps(a: g.Champion, b: g.Champion) -> bool:
    a_end, b_end = a.end_date or date.max, b.end_date or date.max
    return a.start_date <= b_end and b.start_date <= a_end


def delete_champion(store, id: int) -> None:
    store.delete("gov_champions", "id", id)


def meetings(store) -> list[g.Meeting]:
    return [g.Meeting(r["id"], _d(r["date"]), r["attendees"], r["issues"], r["notes"])
            for r in store.query("SELECT * FROM gov_meetings ORDER BY date, id")]


def save_meeting(store, m: g.Meeting) -> int:
    m = g.make_meeting(m.date, m.attendees, m.issues, m.notes, m.id)
    row = {"date": _iso(m.date), "attendees": m.attendees, "issues": m.issues, "notes": m.notes}
    with store.transaction():
        if m.id is None:
            return store.insert("gov_meetings", row)
        store.update("gov_meetings", "id", m.id, row)
        return m.id


def delete_meeting(store, id: int) -> None:
    with store.transaction():
        for a in follow_ups(store, "gov_champion_actions", parent_id=id):
            store.delete("gov_champion_actions", "id", a.id)
        store.delete("gov_meetings", "id", id)


def follow_ups(store, table: str, parent_id: int | None = None) -> list[g.FollowUp]:
    assert table in ("gov_champion_actions", "gov_review_actions")
    sql = f"SELECT * FROM {table}"
    params: tuple = ()
    if parent_id is not None:
        sql += " WHERE parent_id = ?"
        params = (parent_id,)
    return [g.FollowUp(r["id"], r["parent_id"], r["action"], r["owner"], _d(r["due_date"]), r["status"],
                       _d(r["completed_date"]))
            for r in store.query(sql + " ORDER BY due_date IS NULL, due_date, id", params)]


def save_follow_up(store, table: str, a: g.FollowUp) -> int:
    assert table in ("gov_champion_actions", "gov_review_actions")
    a = g.make_follow_up(a.parent_id, a.action, a.owner, a.due_date, a.status, a.completed_date, a.id)
    row = {"parent_id": a.parent_id, "action": a.action, "owner": a.owner, "due_date": _iso(a.due_date),
           "status": a.status, "completed_date": _iso(a.completed_date)}
    with store.transaction():
        if a.id is None:
            return store.insert(table, row)
        store.update(table, "id", a.id, row)
        return a.id


def delete_follow_up(store, table: str, id: int) -> None:
    assert table in ("gov_champion_actions", "gov_review_actions")
    store.delete(table, "id", id)


# --- improvement plan ---------------------------------------------------------------------

def plan_versions(store) -> list[g.PlanVersion]:
    return [g.PlanVersion(r["id"], r["version"], _d(r["date_agreed"]), _d(r["date_published"]), r["where_published"])
            for r in store.query("SELECT * FROM gov_plan_versions ORDER BY date_agreed, id")]


def save_plan_version(store, v: g.PlanVersion) -> int:
    v = g.make_plan_version(v.version, v.date_agreed, v.date_published, v.where_published, v.id)
    row = {"version": v.version, "date_agreed": _iso(v.date_agreed), "date_published": _iso(v.date_published),
           "where_published": v.where_published}
    with store.transaction():
        if v.id is None:
            return store.insert("gov_plan_versions", row)
        store.update("gov_plan_versions", "id", v.id, row)
        return v.id


def delete_plan_version(store, id: int) -> None:
    store.delete("gov_plan_versions", "id", id)


def plan_actions(store) -> list[g.PlanAction]:
    return [g.PlanAction(r["id"], r["area"], r["action"], r["owner"], _d(r["due_date"]), r["status"], r["evidence"])
            for r in store.query("SELECT * FROM gov_plan_actions ORDER BY area, due_date IS NULL, due_date, id")]


def save_plan_action(store, a: g.PlanAction) -> int:
    a = g.make_plan_action(a.area, a.action, a.owner, a.due_date, a.status, a.evidence, a.id)
    row = {"area": a.area, "action": a.action, "owner": a.owner, "due_date": _iso(a.due_date),
           "status": a.status, "evidence": a.evidence}
    with store.transaction():
        if a.id is None:
            return store.insert("gov_plan_actions", row)
        store.update("gov_plan_actions", "id", a.id, row)
        return a.id


def delete_plan_action(store, id: int) -> None:
    store.delete("gov_plan_actions", "id", id)


# --- datasets and submissions -------------------------------------------------------------

def datasets(store, *, active_only: bool = False) -> list[g.Dataset]:
    sql = "SELECT * FROM gov_datasets" + (" WHERE active = 1" if active_only else "") + " ORDER BY position, code"
    return [g.Dataset(r["code"], r["name"], r["cadence"], r["due_months"], r["due_day"], r["due_working_days"],
                      bool(r["active"]), r["notes"], r["first_period"]) for r in store.query(sql)]


def dataset(store, code: str) -> g.Dataset:
    found = [d for d in datasets(store) if d.code == code.upper()]
    if not found:
        raise InvalidValue(f"'{code}' is not a dataset in the tracker")
    return found[0]


def save_dataset(store, ds: g.Dataset, *, original_code: str | None = None) -> str:
    ds = g.make_dataset(ds.code, ds.name, ds.cadence, ds.due_months, ds.due_day, ds.due_working_days,
                        ds.active, ds.notes, ds.first_period)
    row = {"code": ds.code, "name": ds.name, "cadence": ds.cadence, "due_months": ds.due_months,
           "due_day": ds.due_day, "due_working_days": ds.due_working_days, "first_period": ds.first_period,
           "active": 1 if ds.active else 0, "notes": ds.notes}
    with store.transaction():
        if original_code is None:
            if store.scalar("SELECT 1 FROM gov_datasets WHERE code = ?", (ds.code,)):
                raise InvalidValue(f"there is already a dataset with the code {ds.code}")
            row["position"] = (store.scalar("SELECT max(position) FROM gov_datasets") or 0) + 1
            store.insert("gov_datasets", row, key_col="code")
        else:
            old = dataset(store, original_code)
            if old.cadence != ds.cadence and store.scalar(
                    "SELECT 1 FROM gov_submissions WHERE dataset = ?", (old.code,)):
                raise InvalidValue("the cadence cannot change once submissions are recorded against the dataset")
            if ds.code != old.code:
                raise InvalidValue("a dataset's code cannot change once it is in the tracker")
            store.update("gov_datasets", "code", old.code, row)
    return ds.code


def submissions(store, dataset_code: str | None = None) -> list[g.Submission]:
    sql, params = "SELECT * FROM gov_submissions", ()
    if dataset_code:
        sql, params = sql + " WHERE dataset = ?", (dataset_code,)
    return [g.Submission(r["id"], r["dataset"], r["period"], _d(r["due_date"]), _d(r["submitted_date"]),
                         r["submitted_by"], r["dq_issues"])
            for r in store.query(sql + " ORDER BY due_date, dataset, period", params)]


def save_submission(store, s: g.Submission) -> int:
    ds = dataset(store, s.dataset)
    s = g.make_submission(ds, s.period, s.due_date, s.submitted_date, s.submitted_by, s.dq_issues, s.id)
    row = {"dataset": s.dataset, "period": s.period, "due_date": _iso(s.due_date),
           "submitted_date": _iso(s.submitted_date), "submitted_by": s.submitted_by, "dq_issues": s.dq_issues}
    with store.transaction():
        clash = store.scalar("SELECT id FROM gov_submissions WHERE dataset = ? AND period = ?", (s.dataset, s.period))
        if clash is not None and clash != s.id:
            raise InvalidValue(f"{ds.name} already has a submission recorded for {s.period}")
        if s.id is None:
            return store.insert("gov_submissions", row)
        store.update("gov_submissions", "id", s.id, row)
        return s.id


def import_submissions(store, subs: Iterable[g.Submission], *, file: str) -> None:
    """Bulk write (imports) of checked submissions: one per dataset and period, inserted or
    replacing the one held; audited with the rows as they were before and as written."""
    rows = [{"dataset": s.dataset, "period": s.period, "due_date": _iso(s.due_date),
             "submitted_date": _iso(s.submitted_date), "submitted_by": s.submitted_by, "dq_issues": s.dq_issues}
            for s in subs]
    with store.transaction():
        held = {(r["dataset"], r["period"]): dict(r) for r in store.query("SELECT * FROM gov_submissions")}
        before = {f"{r['dataset']}/{r['period']}": held[(r["dataset"], r["period"])]
                  for r in rows if (r["dataset"], r["period"]) in held}
        store.executemany(
            "INSERT INTO gov_submissions (dataset, period, due_date, submitted_date, submitted_by, dq_issues) "
            "VALUES (:dataset, :period, :due_date, :submitted_date, :submitted_by, :dq_issues) "
            "ON CONFLICT(dataset, period) DO UPDATE SET due_date = excluded.due_date, "
            "submitted_date = excluded.submitted_date, submitted_by = excluded.submitted_by, "
            "dq_issues = excluded.dq_issues", rows)
        if rows:
            store.audit("import-write", "gov_submissions", file, {"submissions": before} if before else None,
                        {"submissions": {f"{r['dataset']}/{r['period']}": r for r in rows}})


def delete_submission(store, id: int) -> None:
    store.delete("gov_submissions", "id", id)


def tracker(store, today: date) -> list[g.Submission]:
    """Recorded submissions plus the expected ones not yet recorded (id None), newest first."""
    rows = g.expected_submissions(datasets(store), submissions(store), calendar(store), today)
    return sorted(rows, key=lambda s: (s.due_date, s.dataset, s.period), reverse=True)


def missing_submissions(store, today: date) -> list[g.MissingSubmission]:
    """The current period's missing submissions (for the Home page): for each active regular
    dataset, the last period that ended before ``today`` if it is not submitted, plus every
    per-case submission recorded but not yet made."""
    return g.missing_for_current_period(datasets(store), submissions(store), calendar(store), today)


# --- reviews --------------------------------------------------------------------------------

def _review(r) -> g.ReviewCase:
    return g.ReviewCase(r["id"], r["reference"], r["category"], r["gestation_days"], _d(r["date_of_death"]),
                        _d(r["reported"]), _d(r["parents_informed"]), _d(r["review_started"]),
                        _d(r["report_published"]), r["themes"], r["notes"], _d(r["draft_report"]))


def reviews(store) -> list[g.ReviewCase]:
    return [_review(r) for r in store.query("SELECT * FROM gov_reviews ORDER BY date_of_death DESC, id DESC")]


def review_row(c: g.ReviewCase) -> dict:
    return {"reference": c.reference, "category": c.category, "gestation_days": c.gestation_days,
            "date_of_death": _iso(c.date_of_death), "reported": _iso(c.reported),
            "parents_informed": _iso(c.parents_informed), "review_started": _iso(c.review_started),
            "draft_report": _iso(c.draft_report), "report_published": _iso(c.report_published),
            "themes": c.themes, "notes": c.notes}


def save_review(store, c: g.ReviewCase) -> int:
    """Insert or update a case after checking it again through core (scope, NHS numbers)."""
    values = {"id": c.id, "reference": c.reference, "category": c.category,
              "gestation": g.format_gestation(c.gestation_days), "date_of_death": c.date_of_death,
              **{m: c.milestone(m) for m in g.MILESTONES}, "themes": c.themes, "notes": c.notes}
    c = g.make_review(values)
    row = review_row(c)
    with store.transaction():
        clash = store.scalar("SELECT id FROM gov_reviews WHERE reference = ? COLLATE NOCASE", (c.reference,))
        if clash is not None and clash != c.id:
            raise InvalidValue(f"there is already a case with the reference {c.reference}")
        if c.id is None:
            return store.insert("gov_reviews", row)
        store.update("gov_reviews", "id", c.id, row)
        return c.id


def delete_review(store, id: int) -> None:
    with store.transaction():
        for a in follow_ups(store, "gov_review_actions", parent_id=id):
            store.delete("gov_review_actions", "id", a.id)
        store.delete("gov_reviews", "id", id)


def upsert_reviews(store, cases: Iterable[g.ReviewCase]) -> tuple[int, int]:
    """Bulk write (imports): new references inserted, known ones updated; learning themes and
    notes already held are kept when the incoming case has none. One summary audit row is the
    caller's job. Returns (inserted, updated)."""
    existing = {r.reference.lower(): r for r in reviews(store)}
    new_rows, upd_rows = [], []
    for c in cases:
        old = existing.get(c.reference.lower())
        if old is None:
            new_rows.append(review_row(c))
        else:
            c = replace(c, id=old.id, themes=c.themes or old.themes, notes=c.notes or old.notes)
            upd_rows.append({**review_row(c), "id": old.id})
    cols = list(review_row(g.ReviewCase(None, "x", "stillbirth", 170, date(2000, 1, 1))))
    with store.transaction():
        if new_rows:
            store.executemany(f"INSERT INTO gov_reviews ({', '.join(cols)}) VALUES ({', '.join(':' + c for c in cols)})",
                              new_rows)
        if upd_rows:
            store.executemany(f"UPDATE gov_reviews SET {', '.join(f'{c} = :{c}' for c in cols)} WHERE id = :id",
                              upd_rows)
    return len(new_rows), len(upd_rows)


# --- everything overdue ------------------------------------------------------------------

def registers(store) -> g.Registers:
    return g.Registers(
        calendar=calendar(store),
        rules=deadline_rules(store),
        meetings=meetings(store),
        meeting_gap_months=meeting_gap_months(store),
        champion_actions=follow_ups(store, "gov_champion_actions"),
        plan_actions=plan_actions(store),
        datasets=datasets(store),
        submissions=submissions(store),
        reviews=reviews(store),
        review_actions=follow_ups(store, "gov_review_actions"),
    )


def overdue(store, as_at: date) -> list[g.OverdueItem]:
    """Every overdue item across the governance registers at ``as_at``."""
    return g.overdue_items(registers(store), as_at)


def attention(store, today: date) -> list[Attention]:
    """Lines for the Home page's "Needs attention" list: the current period's missing
    submissions, vacant required champion roles, and how much is overdue."""
    lines = []
    for m in missing_submissions(store, today):
        when = f"{m.days_overdue} days overdue" if m.overdue else f"due {m.due_date:%d/%m/%Y}"
        lines.append(Attention(f"Submission not yet made: {m.dataset_name}, {period_label(m.period)} ({when})",
                               tab="submissions", key=f"{m.dataset}|{m.period}"))
    for role in g.vacant_roles(champion_roles(store), champions(store), today):
        lines.append(Attention(f"The {role.label.lower()} role is vacant", tab="champions", key=role.code))
    items = overdue(store, today)
    if items:
        counts: dict[str, int] = {}
        for i in items:
            counts[i.register] = counts.get(i.register, 0) + 1
        # "1 in champion actions", never "1 champion actions"
        lines.append(Attention("Overdue governance items: " + ", ".join(f"{n} in {reg.lower()}" for reg, n in counts.items()),
                               tab="overdue"))
    return lines
