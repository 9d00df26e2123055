"""Perinatal mortality review rule sets per incentive-scheme year, and the share of cases in a
scheme window that met each milestone against the scheme's threshold.

A rule set (data, ``resources/pmrt_rule_sets.json``, editable in the database) names a scheme
year, its period (deaths from ``period_start`` to ``period_end``) and, per milestone, the
deadline (working days or months from the death) and the percentage of cases that must meet
it. :func:`milestone_compliance` is what the incentive-scheme evidence reads.

Counting, per milestone, over the deaths in the window (as at a date):

* ``met``: the milestone reached on or before its deadline;
* ``missed``: reached after its deadline, or not reached with the deadline passed;
* ``pending``: not reached and the deadline not yet passed (not counted either way).

``percent`` is met / (met + missed) x 100, None when no case has reached its deadline yet;
``meets_threshold`` compares it with the rule set's threshold (None without a percentage).
A draft report with no date of its own counts as written when the report was published
(:meth:`maternity_desk.core.governance.ReviewCase.reached`). The scheme counts reviews of
babies born and died in the trust for some milestones; the case log does not record that, so
every case in the log counts.

Pure Python: no Qt, no SQL, no files.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from maternity_desk.core import governance as g
from maternity_desk.core.errors import InvalidValue


@dataclass(frozen=True)
class RuleSetMilestone:
    code: str
    basis: str
    amount: int
    threshold: float  # percentage of cases that must meet the deadline

    def __post_init__(self):
        if self.code not in g.MILESTONES:
            raise InvalidValue(f"'{self.code}' is not a review milestone ({', '.join(g.MILESTONES)})")
        if not 0 <= self.threshold <= 100:
            raise InvalidValue(f"the threshold for {self.label} must be a percentage, 0 to 100")

    @property
    def label(self) -> str:
        return g.MILESTONE_LABELS[self.code]

    @property
    def rule(self) -> g.DeadlineRule:
        return g.DeadlineRule(self.code, self.label, self.basis, self.amount)


@dataclass(frozen=True)
class RuleSet:
    year: int
    label: str
    period_start: date
    period_end: date
    milestones: tuple[RuleSetMilestone, ...]
    source: str = ""
    verified: str = "U"  # "V" checked against the scheme's document, "U" not

    def __post_init__(self):
        if self.period_end < self.period_start:
            raise InvalidValue(f"scheme year {self.year}: the period ends before it starts")

    def covers(self, d: date) -> bool:
        return self.period_start <= d <= self.period_end

    @property
    def caveat(self) -> str:
        return "" if self.verified == "V" else "Check against the published guidance."


@dataclass(frozen=True)
class MilestoneCompliance:
    year: int
    code: str
    label: str
    deadline: str  # "2 months", "7 working days"
    cases: int
    met: int
    missed: int
    pending: int
    percent: float | None
    threshold: float
    meets_threshold: bool | None

    def as_json(self) -> dict:
        return {"year": self.year, "milestone": self.code, "label": self.label, "deadline": self.deadline,
                "cases": self.cases, "met": self.met, "missed": self.missed, "pending": self.pending,
                "percent": None if self.percent is None else round(self.percent, 1),
                "threshold": self.threshold, "meets_threshold": self.meets_threshold}


def rule_set_for(rule_sets: Iterable[RuleSet], d: date) -> RuleSet | None:
    """The scheme year whose period holds the date ``d`` (the latest, should two overlap)."""
    found = [s for s in rule_sets if s.covers(d)]
    return max(found, key=lambda s: s.year) if found else None


def milestone_compliance(cases: Sequence[g.ReviewCase], rule_set: RuleSet, calendar: g.WorkingCalendar,
                         as_at: date) -> list[MilestoneCompliance]:
    """Per milestone of ``rule_set``: how many of the cases whose death falls in its period
    met the deadline, as at ``as_at`` (see the module notes for the counting)."""
    window = [c for c in cases if rule_set.covers(c.date_of_death) and c.date_of_death <= as_at]
    out = []
    for m in rule_set.milestones:
        rule = m.rule
        met = missed = pending = 0
        for c in window:
            due = rule.due(c.date_of_death, calendar)
            done = c.reached(m.code)
            if done is not None and done > as_at:
                done = None
            if done is not None:
                if done <= due:
                    met += 1
                else:
                    missed += 1
            elif as_at > due:
                missed += 1
            else:
                pending += 1
        judged = met + missed
        percent = met * 100.0 / judged if judged else None
        out.append(MilestoneCompliance(rule_set.year, m.code, m.label, rule.describe(), len(window), met, missed,
                                       pending, percent, m.threshold,
                                       None if percent is None else percent >= m.threshold))
    return out


def compliance_text(rule_set: RuleSet, rows: Sequence[MilestoneCompliance]) -> str:
    """One readable line per window: each milestone's share met against its threshold."""
    parts = []
    for r in rows:
        if r.percent is None:
            parts.append(f"{r.label}: none due yet")
        else:
            verdict = "meets" if r.meets_threshold else "below"
            parts.append(f"{r.label} {r.percent:.0f}% ({r.met} of {r.met + r.missed}; "
                         f"needs {r.threshold:g}%, {verdict})")
    text = (f"{rule_set.label}, deaths {rule_set.period_start:%d/%m/%Y} to {rule_set.period_end:%d/%m/%Y}: "
            + "; ".join(parts) + ".")
    return text + (f" {rule_set.caveat}" if rule_set.caveat else "")
