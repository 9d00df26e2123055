"""Perinatal mortality review rule sets per scheme year (``gov_rule_sets``,
``gov_rule_set_milestones``) and the per-window milestone percentages read from them."""

from __future__ import annotations

from datetime import date

from maternity_desk.core import pmrt
from maternity_desk.core.errors import MaternityDeskError
from maternity_desk.store import governance as sg

SCHEME_YEAR_KEY = "governance.scheme_year"


def rule_sets(store) -> list[pmrt.RuleSet]:
    """Every scheme year's rule set, oldest first."""
    milestones: dict[int, list[pmrt.RuleSetMilestone]] = {}
    order = {code: i for i, code in enumerate(pmrt.g.MILESTONES)}
    for r in store.query("SELECT year, code, basis, amount, threshold FROM gov_rule_set_milestones"):
        milestones.setdefault(r["year"], []).append(
            pmrt.RuleSetMilestone(r["code"], r["basis"], int(r["amount"]), float(r["threshold"])))
    return [pmrt.RuleSet(r["year"], r["label"], date.fromisoformat(r["period_start"]),
                         date.fromisoformat(r["period_end"]),
                         tuple(sorted(milestones.get(r["year"], []), key=lambda m: order[m.code])),
                         r["source"], r["verified"])
            for r in store.query("SELECT * FROM gov_rule_sets ORDER BY year")]


def rule_set(store, year: int | None = None) -> pmrt.RuleSet:
    """One scheme year's rule set (default: the unit's current scheme year)."""
    if year is None:
        year = int(store.get_setting(SCHEME_YEAR_KEY) or 0) or None
    sets = rule_sets(store)
    for s in sets:
        if s.year == year or (year is None and s is sets[-1]):
            return s
    known = ", ".join(str(s.year) for s in sets) or "none"
    raise MaternityDeskError(f"There is no review rule set for scheme year {year} (held: {known}).")


def milestone_compliance(store, year: int | None = None, *, as_at: date) -> tuple[pmrt.RuleSet,
                                                                                  list[pmrt.MilestoneCompliance]]:
    """The rule set and, per milestone, the share of that window's cases meeting it."""
    rs = rule_set(store, year)
    return rs, pmrt.milestone_compliance(sg.reviews(store), rs, sg.calendar(store), as_at)
