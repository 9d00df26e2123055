from maternity_desk.core.words import plural


def test_plural():
    assert plural(1, "case") == "1 case"
    assert plural(0, "case") == "0 cases"
    assert plural(2, "broken link") == "2 broken links"
    assert plural(3, "breakdown") == "3 breakdowns"
    assert plural(2, "person") == "2 people"
    assert plural(12_000, "figure pair") == "12,000 figure pairs"
    assert plural(2, "peer unit") == "2 peer units"
    assert plural(2, "activity") == "2 activities"


def test_titled_capitalised_and_period_label():
    from maternity_desk.core.words import capitalised, period_label, titled

    assert titled("Term admissions to the neonatal unit (ATAIN)", "ATAIN") == "Term admissions to the neonatal unit (ATAIN)"
    assert titled("Smoke-free pregnancy", "SFP") == "Smoke-free pregnancy (SFP)"
    assert capitalised("in_progress") == "In progress" and capitalised(None) == ""
    assert period_label("2026-11") == "Nov 2026"
    assert period_label("2026/27") == "2026/27" and period_label("PMR-2024-001") == "PMR-2024-001"
