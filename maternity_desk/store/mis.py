"""The incentive-scheme tracker in the database: scheme years with their actions and
requirements (``mis_years``, ``mis_actions``, ``mis_requirements``), the unit's tracking of
each requirement (``mis_tracking``), the monthly board reports (``mis_board_reports``), and
the tracker as at a date (:func:`tracker`) with every computed requirement worked out.

Every write is audited; nothing in a closed year changes (refused here in a sentence, and by
the table's triggers should anything else try)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from maternity_desk.core import mis
from maternity_desk.core.errors import MaternityDeskError
from maternity_desk.store import mis_computed


def _d(text: str | None) -> date | None:
    return None if text in (None, "") else date.fromisoformat(text)


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


# --- scheme years ----------------------------------------------------------------------------

def year_labels(store) -> list[str]:
    """Every scheme year held, oldest first (``2024/25``...)."""
    return [r[0] for r in store.query("SELECT label FROM mis_years ORDER BY number")]


def scheme_year(store, label: str | None = None) -> mis.SchemeYear:
    """One scheme year (default: the latest open one, else the latest)."""
    if label is None:
        row = store.query_one("SELECT * FROM mis_years ORDER BY closed, number DESC LIMIT 1")
    else:
        row = store.query_one("SELECT * FROM mis_years WHERE label = ?", (mis.parse_year_label(label),))
    if row is None:
        held = ", ".join(year_labels(store)) or "none"
        raise MaternityDeskError(f"There is no incentive scheme year {label or ''} in this file (held: {held}).")
    n = row["number"]
    actions = tuple(mis.Action(r["number"], r["title"], r["verified"]) for r in store.query(
        "SELECT number, title, verified FROM mis_actions WHERE year = ? ORDER BY number", (n,)))
    reqs = tuple(mis.Requirement(r["code"], r["action"], r["text"], r["evidence"], r["how"], _d(r["window_from"]),
                                 _d(r["window_to"]), r["threshold"], r["verified"], r["position"])
                 for r in store.query("SELECT * FROM mis_requirements WHERE year = ? ORDER BY action, position, code",
                                      (n,)))
    return mis.SchemeYear(n, row["label"], row["title"], _d(row["declaration_due"]), row["source"], row["verified"],
                          bool(row["closed"]), actions, reqs, row["note"])


def _open(store, year: mis.SchemeYear) -> None:
    if year.closed:
        raise MaternityDeskError(f"Scheme year {year.label} is closed: nothing in it can change.")


def year_data(year: mis.SchemeYear) -> dict:
    """A scheme year in the shape of its shipped file (what the migration's loader reads)."""
    return {"number": year.number, "label": year.label, "title": year.title,
            "declaration_due": _iso(year.declaration_due), "source": year.source, "verified": year.verified,
            "note": year.note, "closed": year.closed,
            "actions": [asdict(a) for a in year.actions],
            "requirements": [{"code": r.code, "action": r.action, "position": r.position, "text": r.text,
                              "evidence": r.evidence, "how": r.how, "window_from": _iso(r.window_from),
                              "window_to": _iso(r.window_to), "threshold": r.threshold, "verified": r.verified}
                             for r in year.requirements]}


def add_year(store, year: mis.SchemeYear, *, action: str = "insert") -> None:
    from maternity_desk.store.migrations.v011_mis import load_year

    with store.transaction():
        if not load_year(store, year_data(year), action=action):
            raise MaternityDeskError(f"Scheme year {year.number} ({year.label}) is already in this file.")


def start_next_year(store) -> mis.SchemeYear:
    """A new scheme year copied from the latest (windows a year on; nothing tracked); the
    years before it are not touched."""
    last = store.scalar("SELECT label FROM mis_years ORDER BY number DESC LIMIT 1")
    if last is None:
        raise MaternityDeskError("There is no scheme year to copy.")
    new = mis.next_year(scheme_year(store, last))
    add_year(store, new, action="copy")
    return scheme_year(store, new.label)


def close_year(store, label: str) -> None:
    """Close a year: from now on nothing in it changes (audited)."""
    year = scheme_year(store, label)
    _open(store, year)
    with store.transaction():
        store.execute("UPDATE mis_years SET closed = 1 WHERE number = ?", (year.number,))
        store.audit("close", "mis_years", year.number, {"closed": 0}, {"closed": 1})


def save_requirement(store, label: str, req: mis.Requirement) -> None:
    """Edit one requirement's text, evidence, window or threshold (audited)."""
    year = scheme_year(store, label)
    _open(store, year)
    old = next((r for r in year.requirements if r.code == req.code), None)
    if old is None:
        raise MaternityDeskError(f"Scheme year {year.label} has no requirement {req.code}.")
    with store.transaction():
        store.execute("UPDATE mis_requirements SET text = ?, evidence = ?, window_from = ?, window_to = ?, "
                      "threshold = ?, verified = ? WHERE year = ? AND code = ?",
                      (req.text, req.evidence, _iso(req.window_from), _iso(req.window_to), req.threshold,
                       req.verified, year.number, req.code))
        store.audit("update", "mis_requirements", f"{year.number}:{req.code}", asdict(old), asdict(req))


def replace_requirements(store, label: str, reqs: list[mis.Requirement], *, file: str) -> tuple[int, int]:
    """A requirements sheet for year ``label``: a new year (actions copied from the latest
    year) or an open year's requirements replaced. Tracking of codes still listed is kept.
    Runs inside the caller's transaction; returns (requirements, tracking rows dropped)."""
    label = mis.parse_year_label(label)
    row = store.query_one("SELECT number, closed FROM mis_years WHERE label = ?", (label,))
    if row is None:
        last = scheme_year(store, store.scalar("SELECT label FROM mis_years ORDER BY number DESC LIMIT 1"))
        new = mis.next_year(last)
        start = int(label[:4])
        number = last.number + (start - int(last.label[:4]))
        from maternity_desk.store.migrations.v011_mis import load_year

        data = year_data(new) | {"number": number, "label": label, "requirements": [],
                                 "title": f"Maternity Incentive Scheme year {number} ({label})",
                                 "source": f"Requirements imported from {file}"}
        load_year(store, data, action="import")
        year_no = number
    else:
        if row["closed"]:
            raise MaternityDeskError(f"Scheme year {label} is closed: nothing in it can change.")
        year_no = row["number"]
    before = [dict(r) for r in store.query("SELECT * FROM mis_requirements WHERE year = ? ORDER BY position",
                                           (year_no,))]
    kept = {r.code for r in reqs}
    dropped = store.scalar(f"SELECT count(*) FROM mis_tracking WHERE year = ? AND code NOT IN "
                           f"({', '.join('?' for _ in kept) or 'NULL'})", (year_no, *kept))
    saved = {r["code"]: dict(r) for r in store.query("SELECT * FROM mis_tracking WHERE year = ?", (year_no,))}
    store.execute("DELETE FROM mis_requirements WHERE year = ?", (year_no,))
    store.executemany(
        "INSERT INTO mis_requirements (year, code, action, position, text, evidence, how, window_from, window_to, "
        "threshold, verified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(year_no, r.code, r.action, r.position, r.text, r.evidence, r.how, _iso(r.window_from), _iso(r.window_to),
          r.threshold, r.verified) for r in reqs])
    for code, t in saved.items():
        if code in kept:
            cols = ", ".join(t)
            store.execute(f"INSERT INTO mis_tracking ({cols}) VALUES ({', '.join('?' for _ in t)})", tuple(t.values()))
    store.audit("import", "mis_requirements", year_no, {"requirements": before},
                {"file": file, "requirements": [asdict(r) for r in reqs]})
    return len(reqs), dropped


# --- tracking ----------------------------------------------------------------------------

def tracking(store, year_number: int) -> dict[str, mis.Tracking]:
    return {r["code"]: mis.Tracking(r["code"], r["status"], r["owner_staff"], r["owner_text"],
                                    r["evidence_location"], r["approval_forum"], _d(r["approval_date"]), r["notes"])
            for r in store.query("SELECT * FROM mis_tracking WHERE year = ?", (year_number,))}


def save_tracking(store, label: str, t: mis.Tracking) -> None:
    """What the unit records against one requirement (audited). A computed requirement's
    figure is never stored: only its notes, owner, evidence and approval."""
    year = scheme_year(store, label)
    _open(store, year)
    req = next((r for r in year.requirements if r.code == t.code), None)
    if req is None:
        raise MaternityDeskError(f"Scheme year {year.label} has no requirement {t.code}.")
    mis.parse_status(t.status)
    if t.owner_staff and store.scalar("SELECT 1 FROM staff WHERE staff_number = ?", (t.owner_staff,)) is None:
        raise MaternityDeskError(f"There is no staff number {t.owner_staff} in the register.")
    old = tracking(store, year.number).get(t.code)
    values = (t.status, t.owner_staff or None, t.owner_text.strip(), t.evidence_location.strip(),
              t.approval_forum.strip(), _iso(t.approval_date), t.notes.strip())
    with store.transaction():
        store.execute("INSERT INTO mis_tracking (year, code, status, owner_staff, owner_text, evidence_location, "
                      "approval_forum, approval_date, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                      "ON CONFLICT (year, code) DO UPDATE SET status = excluded.status, "
                      "owner_staff = excluded.owner_staff, owner_text = excluded.owner_text, "
                      "evidence_location = excluded.evidence_location, approval_forum = excluded.approval_forum, "
                      "approval_date = excluded.approval_date, notes = excluded.notes",
                      (year.number, t.code, *values))
        new = tracking(store, year.number)[t.code]
        if old != new:
            store.audit("update" if old else "insert", "mis_tracking", f"{year.number}:{t.code}",
                        asdict(old) if old else None, asdict(new))


# --- board reports (safety action 9) ---------------------------------------------------------

def board_reports(store) -> list[tuple[str, date | None, str]]:
    """(month, date presented, notes), latest month first."""
    return [(r[0], _d(r[1]), r[2]) for r in store.query(
        "SELECT month, presented, notes FROM mis_board_reports ORDER BY month DESC")]


def save_board_report(store, month: str, presented: date, notes: str = "") -> None:
    from maternity_desk.core.periods import parse_month

    month = parse_month(month)
    old = store.query_one("SELECT month, presented, notes FROM mis_board_reports WHERE month = ?", (month,))
    with store.transaction():
        store.execute("INSERT OR REPLACE INTO mis_board_reports (month, presented, notes) VALUES (?, ?, ?)",
                      (month, presented.isoformat(), notes.strip()))
        store.audit("update" if old else "insert", "mis_board_reports", month, dict(old) if old else None,
                    {"month": month, "presented": presented.isoformat(), "notes": notes.strip()})


def delete_board_report(store, month: str) -> None:
    old = store.query_one("SELECT month, presented, notes FROM mis_board_reports WHERE month = ?", (month,))
    if old is None:
        return
    with store.transaction():
        store.execute("DELETE FROM mis_board_reports WHERE month = ?", (month,))
        store.audit("delete", "mis_board_reports", month, dict(old), None)


# --- the tracker as at a date ----------------------------------------------------------------

@dataclass(frozen=True)
class RequirementView:
    requirement: mis.Requirement
    tracking: mis.Tracking
    status: str
    figure: mis.Figure | None  # computed and worked out
    not_computed: bool  # computed, but the app cannot work it out yet
    owner: str  # the owner's name from the register, or the free text

    def as_json(self) -> dict:
        r = self.requirement
        return {"code": r.code, "text": r.text, "status": self.status,
                "computed": self.figure.as_json() if self.figure else None,
                "owner": self.owner, "evidence": self.tracking.evidence_location}


@dataclass(frozen=True)
class ActionView:
    action: mis.Action
    status: str
    requirements: tuple[RequirementView, ...]

    @property
    def rag(self) -> str | None:
        return mis.rag_for_status(self.status)

    def as_json(self) -> dict:
        return {"number": self.action.number, "title": self.action.title, "status": self.status,
                "requirements": [r.as_json() for r in self.requirements]}


@dataclass(frozen=True)
class TrackerView:
    year: mis.SchemeYear
    as_at: date
    actions: tuple[ActionView, ...]
    unit_name: str = ""

    @property
    def rag(self) -> str | None:
        return mis.scheme_rag([a.status for a in self.actions])

    @property
    def days_left(self) -> int | None:
        return mis.days_left(self.year.declaration_due, self.as_at)

    def as_json(self) -> dict:
        return {"year": self.year.label, "actions": [a.as_json() for a in self.actions]}


def tracker(store, label: str | None, as_at: date) -> TrackerView:
    """The year's tracker as at ``as_at``: each computed requirement worked out from the
    records (its status follows the figure, unless the unit marked it not applicable),
    each judged one as the unit tracks it, each action's status from its requirements."""
    year = scheme_year(store, label)
    tracked = tracking(store, year.number)
    names = {r[0]: r[1] for r in store.query(
        "SELECT staff_number, name FROM staff WHERE staff_number IN "
        "(SELECT owner_staff FROM mis_tracking WHERE year = ? AND owner_staff IS NOT NULL)", (year.number,))}
    src = mis_computed.Sources(store)
    actions = []
    for a in year.actions:
        views = []
        for r in year.requirements_of(a.number):
            t = tracked.get(r.code) or mis.Tracking(r.code)
            figure, not_computed, status = None, False, t.status
            if r.computed:
                fn = mis_computed.function_for(r.code)
                figure = fn(src, year, r, as_at) if fn is not None else None
                not_computed = figure is None
                if figure is not None and t.status != "not_applicable":
                    status = mis.computed_status(figure, r, as_at)
            owner = names.get(t.owner_staff, t.owner_staff or "") if t.owner_staff else t.owner_text
            views.append(RequirementView(r, t, status, figure, not_computed, owner))
        actions.append(ActionView(a, mis.action_status([v.status for v in views]), tuple(views)))
    return TrackerView(year, as_at, tuple(actions), store.unit_settings().unit_name)
