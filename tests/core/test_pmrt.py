"""Per scheme window, the share of perinatal review cases meeting each milestone (core/pmrt.py),
worked by hand; and the same through the store and ``review-compliance``."""

from __future__ import annotations

import json
from datetime import date

import pytest

from maternity_desk.core import governance as g
from maternity_desk.core import pmrt
from maternity_desk.core.errors import InvalidValue

CAL = g.WorkingCalendar([])
YEAR = pmrt.RuleSet(7, "year 7", date(2024, 12, 1), date(2025, 11, 30), (
    pmrt.RuleSetMilestone("review_started", "months", 2, 95),
    pmrt.RuleSetMilestone("draft_report", "months", 4, 60),
    pmrt.RuleSetMilestone("report_published", "months", 6, 60),
))


def case(ref, died, **done):
    return g.ReviewCase(None, ref, "stillbirth", 270, died, **done)


CASES = [
    # started 1 Feb (due 10 Feb: met); draft 5 Apr (due 10 Apr: met); published 1 Jun (due 10 Jun: met)
    case("A", date(2024, 12, 10), review_started=date(2025, 2, 1), draft_report=date(2025, 4, 5),
         report_published=date(2025, 6, 1)),
    # started 1 Mar (due 15 Mar: met); no draft date, published 20 Aug (due 15 Jul: missed, and the
    # draft counts as written on 20 Aug, after its 15 May deadline: missed)
    case("B", date(2025, 1, 15), review_started=date(2025, 3, 1), report_published=date(2025, 8, 20)),
    # started 20 Jul (due 1 Jul: missed); at 1 Sep the draft is due that day and the report on
    # 1 Nov: both not yet due
    case("C", date(2025, 5, 1), review_started=date(2025, 7, 20)),
    # nothing done, review due 20 Sep: not yet due at 1 Sep
    case("D", date(2025, 7, 20)),
    # outside the window (year 6)
    case("E", date(2024, 11, 30)),
]


def test_hand_worked_window():
    rows = {r.code: r for r in pmrt.milestone_compliance(CASES, YEAR, CAL, date(2025, 9, 1))}
    started = rows["review_started"]
    assert (started.cases, started.met, started.missed, started.pending) == (4, 2, 1, 1)
    assert started.percent == pytest.approx(200 / 3) and started.meets_threshold is False
    draft = rows["draft_report"]
    assert (draft.met, draft.missed, draft.pending) == (1, 1, 2) and draft.percent == 50
    assert draft.meets_threshold is False  # 50% < 60%
    published = rows["report_published"]
    assert (published.met, published.missed, published.pending) == (1, 1, 2)
    assert published.deadline == "6 months"
    assert published.as_json()["percent"] == 50.0


def test_nothing_due_yet_gives_no_percentage():
    rows = pmrt.milestone_compliance([case("D", date(2025, 7, 20))], YEAR, CAL, date(2025, 8, 1))
    assert all(r.percent is None and r.meets_threshold is None and r.pending == 1 for r in rows)


def test_rule_set_for_and_checks():
    assert pmrt.rule_set_for([YEAR], date(2025, 1, 1)) is YEAR
    assert pmrt.rule_set_for([YEAR], date(2025, 12, 1)) is None
    with pytest.raises(InvalidValue):
        pmrt.RuleSetMilestone("published", "months", 6, 60)
    with pytest.raises(InvalidValue):
        pmrt.RuleSetMilestone("report_published", "months", 6, 160)


def test_store_and_command(store, db_path, cli):
    from maternity_desk.store import governance as sg
    from maternity_desk.store import pmrt as sp

    sets = sp.rule_sets(store)
    assert [s.year for s in sets] == [5, 6, 7]
    assert sets[1].period_start == date(2023, 12, 8)  # year 6, from the PMRT FAQs
    assert [m.code for m in sets[2].milestones] == list(g.MILESTONES)
    sg.save_review(store, g.make_review({"reference": "R7-1", "category": "stillbirth", "gestation": "38+0",
                                         "date_of_death": "2025-01-06", "reported": "2025-01-08",
                                         "parents_informed": "2025-01-09", "review_started": "2025-02-03"}))
    code, out, err = cli("review-compliance", "--year", "7", "--as-at", "2025-09-01", "--db", db_path, "--json")
    assert code == 0, err
    data = json.loads(out)
    by = {m["milestone"]: m for m in data["milestones"]}
    assert data["year"] == 7 and data["verified"] == "U"
    assert by["reported"]["percent"] == 100.0 and by["reported"]["meets_threshold"] is True
    assert by["draft_report"]["missed"] == 1 and by["draft_report"]["meets_threshold"] is False
    code, out, err = cli("review-compliance", "--as-at", "2025-09-01", "--db", db_path)
    assert code == 0 and "year 7" in out and "check against the published guidance" in out
    code, _, err = cli("review-compliance", "--year", "3", "--db", db_path)
    assert code != 0 and "no review rule set for scheme year 3" in err


def test_compliance_text():
    rows = pmrt.milestone_compliance(CASES, YEAR, CAL, date(2025, 9, 1))
    text = pmrt.compliance_text(YEAR, rows)
    assert text.startswith("year 7, deaths 01/12/2024 to 30/11/2025: Review started 67% (2 of 3; needs 95%, below)")
    assert "Draft report written 50% (1 of 2; needs 60%, below)" in text
    assert text.endswith("Check against the published guidance.")
