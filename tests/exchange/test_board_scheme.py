"""The board report's incentive-scheme sections against a small unit worked by hand: a scheme
year of four tracked actions, six board reports, five qualifying cases; the rows, figures and
cells exactly as worked out below, and the workbook read back by a second reader.

The month is September 2026 (as at 30/09/2026, produced 15/10/2026). Working days skip
weekends and bank holidays (Monday 31/08/2026 is the summer bank holiday) and do not count the
day of the event; referral to MNSI is due in 7 working days, the Early Notification report in
30 calendar days and only for a suspected brain injury.
"""

from datetime import date, datetime

import pytest

from maternity_desk.core import cases as qc
from maternity_desk.core import mis
from maternity_desk.exchange import board_report as br
from maternity_desk.exchange import board_scheme as bs
from maternity_desk.exchange.board_workbook import write_workbook
from maternity_desk.store import cases as sc
from maternity_desk.store import mis as sm

TODAY = date(2026, 10, 15)
PRODUCED = datetime(2026, 10, 15, 9, 30)
WINDOW = (date(2026, 4, 1), date(2027, 3, 31))


def _year() -> mis.SchemeYear:
    def req(code, action, how="judged", threshold=None):
        window = WINDOW if how == "computed" else (None, None)
        return mis.Requirement(code, action, f"Requirement {code}", "", how, *window, threshold)

    return mis.SchemeYear(
        8, "2026/27", "Scheme year 8 (2026/27)", date(2027, 3, 3), "test", "U", False,
        tuple(mis.Action(n, f"Question {n}") for n in range(1, 11)),
        (req("sa1.a", 1), req("sa1.b", 1), req("sa2.a", 2), req("sa2.b", 2),
         req("sa9.board_reports", 9, "computed", 100.0), req("sa10.reported", 10, "computed", 100.0)))


def _case(ref, category, event, mnsi=None, en=None):
    return qc.QualifyingCase(None, ref, category, event, mnsi_referred=mnsi, en_reported=en)


@pytest.fixture
def unit(store):
    sm.add_year(store, _year())
    for code, status in (("sa1.a", "met"), ("sa1.b", "not_applicable"), ("sa2.a", "not_met"),
                         ("sa2.b", "in_progress")):
        sm.save_tracking(store, "2026/27", mis.Tracking(code, status))
    # board reports for April to September but July, each presented on the 25th of its month
    for month in ("2026-04", "2026-05", "2026-06", "2026-08", "2026-09"):
        sm.save_board_report(store, month, date.fromisoformat(month + "-25"))
    for c in (
        # Friday 04/09/2026: MNSI due Tuesday 15/09, referred 10/09: on time
        _case("QC-A", "early_neonatal_death", date(2026, 9, 4), mnsi=date(2026, 9, 10)),
        # Monday 24/08/2026: MNSI due Thursday 03/09 (the bank holiday skipped), referred
        # 07/09: late; Early Notification due 23/09, not made: 7 days overdue at 30/09
        _case("QC-B", "brain_injury", date(2026, 8, 24), mnsi=date(2026, 9, 7)),
        # Monday 28/09/2026: MNSI due Wednesday 07/10: not yet due at 30/09
        _case("QC-C", "intrapartum_stillbirth", date(2026, 9, 28)),
        # Tuesday 10/06/2025, before the 12 months: MNSI due Thursday 19/06/2025, never made:
        # 468 days overdue at 30/09/2026, so listed (and not counted)
        _case("QC-D", "maternal_death", date(2025, 6, 10)),
        # 15/09/2025, before the 12 months, both reports on time: neither listed nor counted
        _case("QC-E", "brain_injury", date(2025, 9, 15), mnsi=date(2025, 9, 16), en=date(2025, 9, 20)),
        # after the month: not in this month's report
        _case("QC-F", "early_neonatal_death", date(2026, 10, 5)),
    ):
        sc.save_case(store, c, today=TODAY)
    return store


@pytest.fixture
def report(unit):
    return br.build_report(unit, "2026-09", today=TODAY, produced=PRODUCED)


def _section(report, key):
    return next(s for s in report.sections if s.key == key)


def test_the_two_sections_take_their_places(report):
    titles = [s.title for s in report.sections]
    assert titles.index("Qualifying cases: MNSI referrals and Early Notification") == \
        titles.index("Investigations and external attention") + 1
    assert titles.index("Incentive scheme: progress by safety action") == titles.index("Training compliance") + 1


def test_scheme_section_worked_by_hand(report):
    s = _section(report, "scheme")
    # actions 1 green, 2 red, 3 to 8 amber (nothing to do yet), 9 and 10 amber: red overall;
    # 30/09/2026 to 03/03/2027 is 31 + 30 + 31 + 31 + 28 + 3 = 154 days
    assert s.blocks[0].text == ("Scheme year 8 (2026/27), as at 30/09/2026. Overall: Red. "
                                "Board declaration due 03/03/2027: 154 days left.")
    actions = s.blocks[1]
    assert actions.rows == [
        (1, "Question 1", ("Met", "green"), 1, 1),  # the not applicable one left out
        (2, "Question 2", ("Not met", "red"), 0, 2),
        *[(n, f"Question {n}", ("Not started", "amber"), 0, 0) for n in range(3, 9)],
        (9, "Question 9", ("In progress", "amber"), 0, 1),
        (10, "Question 10", ("In progress", "amber"), 0, 1),
    ]
    # board reports: April to August ended by 30/09 (5) plus September already reported = 6
    # months counted, July missing: 5 of 6. Safety action 10: QC-A reported on time (1 of 1),
    # QC-B's deadlines both passed with one late and one missing (counted, not met), QC-C not
    # yet due: 1 of 2.
    assert s.blocks[2].rows == [
        (9, "Requirement sa9.board_reports", date(2026, 4, 1), date(2026, 9, 30), 5, 6, "83.3%", "100%",
         ("In progress", "amber")),
        (10, "Requirement sa10.reported", date(2026, 4, 1), date(2026, 9, 30), 1, 2, "50.0%", "100%",
         ("In progress", "amber")),
    ]
    assert "Not verified" in s.blocks[3].text


def test_cases_section_worked_by_hand(report):
    s = _section(report, "cases")
    summary, _note, listed, footnote = s.blocks
    assert summary.headers == ["Report", "Sep 2026", "12 months to Sep 2026", "On time", "Late", "Overdue",
                               "Not yet due"]
    assert summary.rows == [("Referred to MNSI", 2, 3, 1, 1, 0, 1),  # A and C in September; A, B, C in the year
                            ("Reported to Early Notification", 0, 1, 0, 0, 1, 0)]  # B only
    assert listed.rows == [
        ("QC-D", "Maternal death", date(2025, 6, 10), ("Overdue by 468 days (due 19/06/2025)", "red"),
         ("Not required", None)),
        ("QC-B", "Suspected severe brain injury", date(2026, 8, 24), ("07/09/2026, late (due 03/09/2026)", "amber"),
         ("Overdue by 7 days (due 23/09/2026)", "red")),
        ("QC-A", "Early neonatal death", date(2026, 9, 4), ("10/09/2026, on time", "green"), ("Not required", None)),
        ("QC-C", "Intrapartum stillbirth", date(2026, 9, 28), ("Due 07/10/2026", None), ("Not required", None)),
    ]
    assert footnote.text.startswith("Cases carry the unit's own reference only; no patient identifiers.")
    assert "Referred to MNSI within 7 working days of the event (not verified)" in footnote.text


def test_no_patient_detail_printed(unit):
    c = next(c for c in sc.cases(unit) if c.reference == "QC-A")
    sc.save_case(unit, qc.QualifyingCase(c.id, c.reference, c.category, c.event_date, mnsi_referred=c.mnsi_referred,
                                         notes="Baby cooled at the tertiary unit"), today=TODAY)
    report = br.build_report(unit, "2026-09", today=TODAY, produced=PRODUCED)
    text = repr(_section(report, "cases").blocks)
    assert "QC-A" in text and "cooled" not in text


def test_first_page_names_the_actions_not_met(report):
    decisions = report.sections[0].blocks[1].items
    assert decisions[-1] == ("Incentive scheme 2026/27: safety action 2 not met at 30/09/2026. "
                             "Board declaration due 03/03/2027: 154 days left.")


def test_a_year_not_held_is_said_plainly(unit):
    report = br.build_report(unit, "2027-05", today=date(2027, 6, 10), produced=PRODUCED)
    s = _section(report, "scheme")
    assert [type(b) for b in s.blocks] == [br.Para]
    assert s.blocks[0].text.startswith("The unit holds no incentive scheme year 2027/28 (held: 2024/25, 2025/26, 2026/27)")
    assert not any(line.startswith("Incentive scheme") for line in report.sections[0].blocks[1].items)


def test_home_lines_worked_by_hand(unit, store):
    # as at 15/10/2026: 16 + 30 + 31 + 31 + 28 + 3 = 139 days to the declaration
    assert bs.home_lines(unit, "2026-09", TODAY) == [
        ("Incentive scheme 2026/27: red overall (1 action green, 8 actions amber, 1 action red); "
         "139 days to the board declaration", "red"),
        ("Incentive scheme safety action 2 not met: Question 2", "red"),
    ]


def test_home_lines_wait_for_the_unit_to_begin(store):
    sm.add_year(store, _year())  # held, nothing tracked, nothing done (the board reports' months missed)
    assert bs.home_lines(store, "2026-09", TODAY) == []
    sm.save_board_report(store, "2026-04", date(2026, 4, 25))  # a figure with something done
    assert bs.home_lines(store, "2026-09", TODAY)[0][0].startswith("Incentive scheme 2026/27: amber overall "
                                                                  "(10 actions amber)")


def test_workbook_read_back_by_a_second_reader(report, tmp_path):
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(write_workbook(report, tmp_path / "board.xlsx")))
    names = wb.sheet_names
    assert names[names.index("External") + 1] == "Qualifying cases"
    assert names[names.index("Training") + 1] == "Scheme"
    scheme = [[c for c in row if c not in ("", None)] for row in wb.get_sheet_by_name("Scheme").to_python()]
    rows = [r for r in scheme if r]
    assert rows[0] == ["Incentive scheme: progress by safety action"]
    assert ["Action", "Safety action", "Status", "Requirements met", "Requirements"] in rows
    assert [2.0, "Question 2", "Not met", 0.0, 2.0] in rows
    board = next(r for r in rows if r[:2] == [9.0, "Requirement sa9.board_reports"])
    assert board[2:] == [date(2026, 4, 1), date(2026, 9, 30), 5.0, 6.0, "83.3%", "100%", "In progress"]
    cases = [[c for c in row if c not in ("", None)] for row in wb.get_sheet_by_name("Qualifying cases").to_python()]
    assert ["Referred to MNSI", 2.0, 3.0, 1.0, 1.0, 0.0, 1.0] in cases
    assert ["QC-B", "Suspected severe brain injury", date(2026, 8, 24), "07/09/2026, late (due 03/09/2026)",
            "Overdue by 7 days (due 23/09/2026)"] in cases
