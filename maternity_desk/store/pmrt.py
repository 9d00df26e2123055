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


def save_rule_set(store, rs: pmrt.RuleSet) -> None:
    """A scheme year's period and milestones (deadline and threshold), audited as one change.
    Milestones left out of ``rs`` are removed from that year."""
    from dataclasses import asdict

    old = next((s for s in rule_sets(store) if s.year == rs.year), None)
    if old is None:
        raise MaternityDeskError(f"There is no review rule set for scheme year {rs.year}.")
    for m in rs.milestones:
        m.rule  # noqa: B018 (validates the basis and amount)
    with store.transaction():
        store.execute("UPDATE gov_rule_sets SET period_start = ?, period_end = ? WHERE year = ?",
                      (rs.period_start.isoformat(), rs.period_end.isoformat(), rs.year))
        store.execute("DELETE FROM gov_rule_set_milestones WHERE year = ?", (rs.year,))
        store.executemany("INSERT INTO gov_rule_set_milestones (year, code, basis, amount, threshold) "
                          "VALUES (?, ?, ?, ?, ?)",
                          [(rs.year, m.code, m.basis, m.amount, m.threshold) for m in rs.milestones])

        def record(s: pmrt.RuleSet) -> dict:
            return {"period_start": s.period_start.isoformat(), "period_end": s.period_end.isoformat(),
                    "milestones": [asdict(m) for m in s.milestones]}

        if record(old) != record(rs):
            store.audit("update", "gov_rule_sets", rs.year, record(old), record(rs))


def set_scheme_year(store, year: int) -> None:
    """The scheme year the unit works to now (audited)."""
    rule_set(store, year)  # must exist
    store.set_setting(SCHEME_YEAR_KEY, str(year))
