"""The requirements the app computes from its own records: an explicit table from
requirement code to the function that works its figure out, as at any date.

Each function is ``fn(sources, year, requirement, as_at) -> Figure | None`` (None: the
records it needs are not there, e.g. no MSDS dataset in the tracker). ``sa8.<COURSE>.<group>``
codes are matched by their prefix (:data:`PREFIXED`); everything else by its whole code
(:data:`COMPUTED`). A requirement marked computed whose code is in neither table is shown
as "not computed yet" (:func:`function_for` returns None).

The counting itself is in :mod:`maternity_desk.core.mis` and :mod:`maternity_desk.core.pmrt`
(tested against hand-worked cases); this module only reads the records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from maternity_desk.core import governance as g
from maternity_desk.core import mis, pmrt


class Sources:
    """The records the computed requirements read, each read once per tracker."""

    def __init__(self, store):
        self.store = store
        self._cache: dict = {}

    def _once(self, key, fn):
        if key not in self._cache:
            self._cache[key] = fn()
        return self._cache[key]

    @property
    def reviews(self) -> list[g.ReviewCase]:
        from maternity_desk.store import governance as sg

        return self._once("reviews", lambda: sg.reviews(self.store))

    @property
    def calendar(self) -> g.WorkingCalendar:
        from maternity_desk.store import governance as sg

        return self._once("calendar", lambda: sg.calendar(self.store))

    @property
    def rule_sets(self) -> list[pmrt.RuleSet]:
        from maternity_desk.store import pmrt as sp

        return self._once("rule_sets", lambda: sp.rule_sets(self.store))

    @property
    def datasets(self) -> dict[str, g.Dataset]:
        from maternity_desk.store import governance as sg

        return self._once("datasets", lambda: {d.code: d for d in sg.datasets(self.store)})

    def submissions(self, dataset: str) -> dict[str, g.Submission]:
        from maternity_desk.store import governance as sg

        return self._once(("subs", dataset), lambda: {s.period: s for s in sg.submissions(self.store, dataset)})

    @property
    def meetings(self) -> list[date]:
        from maternity_desk.store import governance as sg

        return self._once("meetings", lambda: [m.date for m in sg.meetings(self.store)])

    def board_reports(self, as_at: date) -> list[str]:
        return [m for m, presented in self._once("board", lambda: [
            (r[0], r[1]) for r in self.store.query("SELECT month, presented FROM mis_board_reports")])
            if presented is not None and date.fromisoformat(presented) <= as_at]

    def training_counts(self, on: date) -> dict[tuple[str, str], tuple[int, int]]:
        from maternity_desk.store import training as st

        return self._once(("training", on), lambda: st.compliance_index(self.store, on).counts(on))


Compute = Callable[[Sources, mis.SchemeYear, mis.Requirement, date], "mis.Figure | None"]


def _milestone(code: str) -> Compute:
    """``sa1.<milestone>``: the review cases whose death lies in the window that met the
    milestone by its deadline (the scheme year's review rule set: working days skipping
    weekends and bank holidays, months clamped to the month's end), counted by
    :func:`maternity_desk.core.pmrt.milestone_compliance`."""

    def compute(src: Sources, year: mis.SchemeYear, req: mis.Requirement, as_at: date) -> mis.Figure | None:
        sets = [s for s in src.rule_sets if any(m.code == code for m in s.milestones)]
        rs = next((s for s in sets if s.year == year.number), sets[-1] if sets else None)
        if rs is None:
            return None
        milestone = next(m for m in rs.milestones if m.code == code)
        window = replace(rs, period_start=req.window_from, period_end=req.window_to, milestones=(milestone,))
        row = pmrt.milestone_compliance(src.reviews, window, src.calendar, as_at)[0]
        return mis.Figure(req.window_from, mis.window_to(req, as_at), row.met, row.met + row.missed,
                          req.threshold)

    return compute


def _msds(src: Sources, year: mis.SchemeYear, req: mis.Requirement, as_at: date) -> mis.Figure | None:
    """``sa2.msds``: the MSDS submissions for the months beginning in the window, made on or
    before their due date (the recorded one, else the dataset's rule)."""
    ds = src.datasets.get("MSDS")
    if ds is None:
        return None
    recorded = src.submissions("MSDS")
    pairs = []
    for m in mis.window_months(req.window_from, req.window_to):
        s = recorded.get(m)
        due = s.due_date if s else g.submission_due(ds, m, src.calendar)
        pairs.append((due, s.submitted_date if s else None))
    num, den = mis.deadline_counts(pairs, as_at)
    return mis.Figure(req.window_from, mis.window_to(req, as_at), num, den, req.threshold)


def _training(src: Sources, year: mis.SchemeYear, req: mis.Requirement, as_at: date) -> mis.Figure | None:
    """``sa8.<COURSE>.<group>``: eligible staff of the group in date with the course at the
    window's end (or as at the date, when earlier): the training grid's own count."""
    parts = req.code.split(".")
    if len(parts) != 3:
        return None
    on = mis.window_to(req, as_at)
    eligible, in_date = src.training_counts(on).get((parts[1], parts[2]), (0, 0))
    return mis.Figure(req.window_from, on, in_date, eligible, req.threshold)


def _meetings(src: Sources, year: mis.SchemeYear, req: mis.Requirement, as_at: date) -> mis.Figure | None:
    """``sa9.champion_meetings``: two-month blocks of the window holding a champions' meeting."""
    num, den = mis.meeting_blocks(src.meetings, req.window_from, req.window_to, as_at)
    return mis.Figure(req.window_from, mis.window_to(req, as_at), num, den, req.threshold)


def _board(src: Sources, year: mis.SchemeYear, req: mis.Requirement, as_at: date) -> mis.Figure | None:
    """``sa9.board_reports``: months of the window with a quality report to the board recorded."""
    num, den = mis.board_report_months(src.board_reports(as_at), req.window_from, req.window_to, as_at)
    return mis.Figure(req.window_from, mis.window_to(req, as_at), num, den, req.threshold)


def _sa10(src: Sources, year: mis.SchemeYear, req: mis.Requirement, as_at: date) -> mis.Figure | None:
    """``sa10.reported``: qualifying cases of the window reported to MNSI (and to Early
    Notification where it applies) within their deadlines (the case log's own count)."""
    from maternity_desk.store import cases

    num, den = cases.sa10_reported(src.store, req.window_from, req.window_to, as_at)
    return mis.Figure(req.window_from, mis.window_to(req, as_at), num, den, req.threshold)


#: code -> function.
COMPUTED: dict[str, Compute] = {
    "sa1.reported": _milestone("reported"),
    "sa1.parents_informed": _milestone("parents_informed"),
    "sa1.review_started": _milestone("review_started"),
    "sa1.draft_report": _milestone("draft_report"),
    "sa1.report_published": _milestone("report_published"),
    "sa2.msds": _msds,
    "sa9.champion_meetings": _meetings,
    "sa9.board_reports": _board,
    "sa10.reported": _sa10,
}

#: code prefix -> function, for the families of codes (one per strand and staff group).
PREFIXED: dict[str, Compute] = {
    "sa8.": _training,
}


def function_for(code: str) -> Compute | None:
    fn = COMPUTED.get(code)
    if fn is None:
        fn = next((f for prefix, f in PREFIXED.items() if code.startswith(prefix)), None)
    return fn
