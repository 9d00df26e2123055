"""The board report's two sections drawn from the Maternity Incentive Scheme: the tracker's
progress by safety action (the scheme year holding the report's month), and the qualifying
cases of the safety action 10 log with their MNSI and Early Notification deadlines.

A section is ``(ctx) -> Section`` like every other (``ctx``: the report's
:class:`maternity_desk.exchange.board_report.Context`, read for ``store``, ``month``,
``as_at`` and ``scheme``). Reads only. Cases carry the unit's own reference and nothing else
about the patient: no notes are printed.
"""

from __future__ import annotations

from datetime import date

from maternity_desk.core import cases as qc
from maternity_desk.core import mis
from maternity_desk.core.periods import fy_of, month_label, month_start, shift_month
from maternity_desk.core.words import plural
from maternity_desk.exchange.board_blocks import Grid, Para, Section
from maternity_desk.store import cases as sc
from maternity_desk.store import governance as sg
from maternity_desk.store import mis as sm

RAG_WORDS = {"green": "Green", "amber": "Amber", "red": "Red", None: "No rating"}
CASE_STATE_WORDS = {"done": "On time", "late": "Late", "overdue": "Overdue", "due": "Not yet due"}


# --- the tracker ------------------------------------------------------------------------------

def scheme_label(month: str) -> str:
    """The scheme year holding a month (``2026-11`` -> ``2026/27``: years run April to March)."""
    return fy_of(month_start(month))


def tracker_for(store, label: str, as_at: date) -> sm.TrackerView | None:
    """The year's tracker as at ``as_at``, or None when the unit holds no such year."""
    if label not in sm.year_labels(store):
        return None
    return sm.tracker(store, label, as_at)


def met_of(action: sm.ActionView) -> tuple[int, int]:
    """(requirements met, requirements that apply): those marked not applicable are left out."""
    live = [r for r in action.requirements if r.status != "not_applicable"]
    return sum(r.status == "met" for r in live), len(live)


def declaration_text(view: sm.TrackerView) -> str:
    due, left = view.year.declaration_due, view.days_left
    if due is None or left is None:
        return "No date recorded for the board declaration."
    if left > 0:
        return f"Board declaration due {due:%d/%m/%Y}: {plural(left, 'day')} left."
    if left == 0:
        return f"Board declaration due today ({due:%d/%m/%Y})."
    return f"Board declaration was due {due:%d/%m/%Y} ({plural(-left, 'day')} ago)."


def percent_text(figure: mis.Figure | None) -> str:
    if figure is None:
        return "Not computed yet"
    p = figure.percent
    return "Nothing due yet" if p is None else f"{p:.1f}%"


def scheme_section(ctx) -> Section:
    s = Section("scheme", "Incentive scheme: progress by safety action", "Scheme")
    view = ctx.scheme
    if view is None:
        held = ", ".join(sm.year_labels(ctx.store)) or "none"
        s.blocks.append(Para(f"The unit holds no incentive scheme year {scheme_label(ctx.month)} (held: {held}); "
                             "it is started on the Incentive scheme page.", "note"))
        return s
    s.blocks.append(Para(f"{view.year.title}, as at {view.as_at:%d/%m/%Y}. Overall: {RAG_WORDS[view.rag]}. "
                         f"{declaration_text(view)}", "strong"))
    s.blocks.append(Grid("Safety actions", ["Action", "Safety action", "Status", "Requirements met", "Requirements"],
                         [(a.action.number, a.action.title, (mis.STATUS_LABELS[a.status], a.rag), *met_of(a))
                          for a in view.actions],
                         ["count", "text", "rag", "count", "count"], "The scheme year has no safety actions.",
                         [0.8, 7, 1.4, 1.4, 1.3]))
    rows = []
    for a in view.actions:
        for r in a.requirements:
            if not r.requirement.computed:
                continue
            f = r.figure
            rows.append((a.action.number, r.requirement.text, f.start if f else None, f.end if f else None,
                         f.numerator if f else None, f.denominator if f else None, percent_text(f),
                         f"{r.requirement.threshold:g}%" if r.requirement.threshold is not None else "",
                         (mis.STATUS_LABELS[r.status], mis.rag_for_status(r.status))))
    s.blocks.append(Grid("Computed requirements: figures from the unit's own records",
                         ["Action", "Requirement", "From", "To", "Numerator", "Denominator", "Figure", "Threshold",
                          "Status"], rows,
                         ["count", "text", "date", "date", "count", "count", "number", "number", "rag"],
                         "No requirement of this year is computed from the unit's records.",
                         [0.8, 5, 1.1, 1.1, 1.1, 1.2, 1.3, 1.1, 1.3]))
    s.blocks.append(Para("Judged requirements show the status the unit records now; computed figures are worked "
                         f"out from the records as at {view.as_at:%d/%m/%Y}. Requirements marked not applicable "
                         "are left out of the counts." + (f" {view.year.caveat}" if view.year.caveat else ""),
                         "note"))
    return s


def scheme_decisions(view: sm.TrackerView | None) -> list[str]:
    """A line for the first page's "for the board's decision or attention": the safety
    actions not met."""
    if view is None:
        return []
    missed = [a.action.number for a in view.actions if a.status == "not_met"]
    if not missed:
        return []
    numbers = ", ".join(str(n) for n in missed)
    return [f"Incentive scheme {view.year.label}: safety action{'s' if len(missed) > 1 else ''} {numbers} "
            f"not met at {view.as_at:%d/%m/%Y}. {declaration_text(view)}"]


# --- qualifying cases -------------------------------------------------------------------------

def milestone_cell(state: qc.MilestoneState | None) -> tuple[str, str | None]:
    """A report's cell: (words, RAG)."""
    if state is None:
        return "Not required", None
    if state.state == "done":
        return f"{state.done:%d/%m/%Y}, on time", "green"
    if state.state == "late":
        return f"{state.done:%d/%m/%Y}, late (due {state.due:%d/%m/%Y})", "amber"
    if state.state == "overdue":
        return f"Overdue by {plural(state.days_overdue or 0, 'day')} (due {state.due:%d/%m/%Y})", "red"
    return f"Due {state.due:%d/%m/%Y}", None


def cases_section(ctx) -> Section:
    s = Section("cases", "Qualifying cases: MNSI referrals and Early Notification", "Qualifying cases")
    rules = [r for r in sc.rules(ctx.store) if r.code in qc.SA10_MILESTONES]
    calendar = sg.calendar(ctx.store)
    this_month, since = month_start(ctx.month), month_start(shift_month(ctx.month, -11))
    counts = {r.code: dict.fromkeys(("month", "year", "done", "late", "overdue", "due"), 0) for r in rules}
    rows = []
    for c in sorted(sc.cases(ctx.store), key=lambda c: (c.event_date, c.reference)):
        if c.event_date > ctx.as_at:
            continue
        states = {m.code: m for m in qc.states(c, rules, calendar, ctx.as_at)}
        recent = c.event_date >= since
        if recent:
            for code, m in states.items():
                counts[code]["year"] += 1
                counts[code]["month"] += c.event_date >= this_month
                counts[code][m.state] += 1
        if recent or any(m.state == "overdue" for m in states.values()):
            rows.append((c.reference, qc.CATEGORY_LABELS.get(c.category, c.category), c.event_date,
                         *(milestone_cell(states.get(code)) for code in qc.SA10_MILESTONES)))
    s.blocks.append(Grid("Reports due on qualifying cases",
                         ["Report", month_label(ctx.month), f"12 months to {month_label(ctx.month)}", "On time",
                          "Late", "Overdue", "Not yet due"],
                         [(r.label, *(counts[r.code][k] for k in ("month", "year", "done", "late", "overdue", "due")))
                          for r in rules],
                         ["text"] + ["count"] * 6, "No report deadlines are recorded for qualifying cases.",
                         [3, 1.2, 1.6, 1, 1, 1, 1.2]))
    s.blocks.append(Para("Cases counted by the date of the event; on time, late, overdue and not yet due are of the "
                         "12 months' cases.", "note"))
    s.blocks.append(Grid("Cases in the last 12 months, and older cases with a report overdue",
                         ["Reference", "Category", "Event", qc.MILESTONE_LABELS["mnsi_referred"],
                          qc.MILESTONE_LABELS["en_reported"]], rows,
                         ["text", "text", "date", "rag", "rag"],
                         "No qualifying cases in the last 12 months and no report overdue.",
                         [1.4, 2.4, 1.1, 3, 3]))
    deadlines = "; ".join(f"{r.label} within {r.describe()} of the event"
                          + ("" if r.verified == "V" else " (not verified)") for r in rules)
    s.blocks.append(Para("Cases carry the unit's own reference only; no patient identifiers."
                         + (f" Deadlines: {deadlines}." if deadlines else ""), "note"))
    return s


# --- Home ---------------------------------------------------------------------------------------

def home_lines(store, month: str, today: date) -> list[tuple[str, str | None]]:
    """Home's lines for the scheme: (text, RAG). The scheme year holding today (else the one
    holding ``month``) as at today: one line for the scheme with each safety action's RAG
    counted, then a line per action not met. None for a year the unit has not begun to track
    (nothing recorded against it, no computed figure with anything done): a new unit sees its
    first steps instead."""
    view = None
    for label in dict.fromkeys((fy_of(today), scheme_label(month))):
        view = tracker_for(store, label, today)
        if view is not None:
            break
    if view is None or not (sm.tracking(store, view.year.number) or any(
            r.figure is not None and r.figure.numerator for a in view.actions for r in a.requirements)):
        return []
    rags = [a.rag for a in view.actions]
    parts = [f"{plural(rags.count(r), 'action')} {RAG_WORDS[r].lower()}" for r in ("green", "amber", "red")
             if rags.count(r)]
    left = view.days_left
    due = "" if left is None or left < 0 else f"; {plural(left, 'day')} to the board declaration"
    lines = [(f"Incentive scheme {view.year.label}: {RAG_WORDS[view.rag].lower()} overall "
              f"({', '.join(parts) or 'no actions'}){due}", view.rag)]
    lines.extend((f"Incentive scheme safety action {a.action.number} not met: {a.action.title}", "red")
                 for a in view.actions if a.status == "not_met")
    return lines
