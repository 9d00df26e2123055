"""The incentive-scheme tracker in the database: each computed requirement against records
worked by hand (bank holidays, month ends, 29 February, deadlines on the as-at date, cases
not yet due), tracking and its audit, closed years, starting a new year."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from maternity_desk.core import governance as g
from maternity_desk.core import mis
from maternity_desk.core.errors import MaternityDeskError
from maternity_desk.core.training import AttendanceRecord, StaffMember
from maternity_desk.store import governance as sg
from maternity_desk.store import migrations
from maternity_desk.store import mis as sm
from maternity_desk.store import training as st

D = date
Y7 = "2025/26"


def case(ref, died, **done):
    return g.ReviewCase(None, ref, "stillbirth", 270, died, **done)


def figure(store, code, as_at, label=Y7):
    view = sm.tracker(store, label, as_at)
    return next(r for a in view.actions for r in a.requirements if r.requirement.code == code)


def test_shipped_years_loaded(store):
    assert store.schema_version == migrations.LATEST
    assert sm.year_labels(store) == ["2024/25", "2025/26"]
    year = sm.scheme_year(store)
    assert year.label == Y7 and not year.closed and year.caveat
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'mis_years'") == 2


def test_sa1_reported_working_days_skip_easter_and_may_bank_holiday(store):
    for c in [
        # died Thu 17 Apr 2025: Good Friday and Easter Monday skipped, 7 working days = Wed 30 Apr
        case("A", D(2025, 4, 17), reported=D(2025, 4, 30)),  # on the deadline: met
        case("B", D(2025, 4, 17), reported=D(2025, 5, 1)),  # a day late
        # died Wed 30 Apr: 1, 2, (5 May bank holiday) 6, 7, 8, 9, 12 May -> due 12 May: not yet due
        case("C", D(2025, 4, 30)),
        # died Tue 29 Apr: due Fri 9 May, the as-at date: not passed yet
        case("D", D(2025, 4, 29)),
        # died Mon 28 Apr: due Thu 8 May, passed and not reported
        case("E", D(2025, 4, 28)),
        # died 8 May, reported next day: done before its deadline, counted
        case("F", D(2025, 5, 8), reported=D(2025, 5, 9)),
        # died before the window (year 6's period)
        case("G", D(2024, 11, 30), reported=D(2025, 1, 31)),
    ]:
        sg.save_review(store, c)
    v = figure(store, "sa1.reported", D(2025, 5, 9))
    f = v.figure
    assert (f.numerator, f.denominator, f.percent) == (2, 4, 50.0)
    assert (f.start, f.end, f.threshold, f.met) == (D(2024, 12, 1), D(2025, 5, 9), 100.0, False)
    assert v.status == "in_progress"  # the window is still open


def test_sa1_review_started_months_clamped_to_month_end(store):
    for c in [
        case("H", D(2024, 12, 31), review_started=D(2025, 2, 28)),  # due 28 Feb (31 Feb clamped): met
        case("I", D(2024, 12, 30), review_started=D(2025, 3, 1)),  # due 28 Feb: late
        case("J", D(2024, 12, 29)),  # due 28 Feb, not started: missed
        case("K", D(2025, 1, 1)),  # due 1 Mar, the as-at date: not passed
    ]:
        sg.save_review(store, c)
    f = figure(store, "sa1.review_started", D(2025, 3, 1)).figure
    assert (f.numerator, f.denominator) == (1, 3)
    # parents informed: nobody recorded, 7 working days long past for all four
    f = figure(store, "sa1.parents_informed", D(2025, 3, 1)).figure
    assert (f.numerator, f.denominator, f.met) == (0, 4, False)


def test_sa1_year6_29_february_draft_and_published(store):
    for c in [
        # 29 Feb 2024 + 6 months = 29 Aug: published that day, met; the draft (no date of its own)
        # counts as written when published: 29 Aug, after its 29 Jun deadline
        case("L", D(2024, 2, 29), review_started=D(2024, 3, 1), report_published=D(2024, 8, 29)),
        # 31 Dec 2023 + 6 months = 30 Jun (clamped); published 1 Jul: late. Draft due 30 Apr: late
        case("M", D(2023, 12, 31), review_started=D(2024, 1, 2), report_published=D(2024, 7, 1)),
        # 7 Dec 2023 is before year 6's window (from 8 Dec)
        case("N", D(2023, 12, 7), review_started=D(2023, 12, 8), report_published=D(2024, 1, 2)),
    ]:
        sg.save_review(store, c)
    pub = figure(store, "sa1.report_published", D(2024, 9, 1), "2024/25").figure
    assert (pub.numerator, pub.denominator, pub.start) == (1, 2, D(2023, 12, 8))
    draft = figure(store, "sa1.draft_report", D(2024, 9, 1), "2024/25").figure
    assert (draft.numerator, draft.denominator, draft.met) == (0, 2, False)


def test_sa2_msds_submissions_within_their_windows(store):
    msds = sg.dataset(store, "MSDS")
    for period, submitted in [("2025-04", D(2025, 5, 30)),  # due 31 May: on time
                              ("2025-05", D(2025, 7, 1))]:  # due 30 Jun: late
        sg.save_submission(store, g.Submission(None, "MSDS", period, g.submission_due(msds, period, sg.calendar(store)),
                                               submitted, "Analyst"))
    # June not recorded: due 31 Jul, passed at 1 Aug; July due 31 Aug: not yet due
    f = figure(store, "sa2.msds", D(2025, 8, 1)).figure
    assert (f.numerator, f.denominator) == (1, 3)
    # as at 31 Jul: June's deadline is that day, not passed
    f = figure(store, "sa2.msds", D(2025, 7, 31)).figure
    assert (f.numerator, f.denominator) == (1, 2)


def test_sa8_training_in_date_at_window_end_or_as_at(store):
    staff = [("M1", D(2020, 1, 1), None), ("M2", D(2020, 1, 1), None), ("M3", D(2020, 1, 1), None),
             ("M4", D(2020, 1, 1), D(2025, 10, 1))]
    for n, start, leave in staff:
        st.save_staff(store, StaffMember(n, f"Midwife {n}", "midwife", start, leave), new=True)
    st.save_attendance(store, AttendanceRecord("M1", "FM", D(2024, 12, 1)))  # in date to 30 Nov 2025
    st.save_attendance(store, AttendanceRecord("M2", "FM", D(2024, 11, 30)))  # expires 30 Nov 2025
    st.save_attendance(store, AttendanceRecord("M4", "FM", D(2025, 1, 1)))  # left 1 Oct
    # at the window's end (30 Nov 2025): M1 only of M1-M3 (M4 has left)
    f = figure(store, "sa8.FM.midwife", D(2026, 1, 15)).figure
    assert (f.numerator, f.denominator, f.end) == (1, 3, D(2025, 11, 30))
    assert f.met is False
    # as at 1 Jun 2025 (earlier than the end): M1 and M2 in date, M4 still employed and in date
    f = figure(store, "sa8.FM.midwife", D(2025, 6, 1)).figure
    assert (f.numerator, f.denominator, f.end) == (3, 4, D(2025, 6, 1))


def test_sa9_meetings_and_board_reports(store):
    for d in (D(2025, 4, 15), D(2025, 7, 31), D(2025, 10, 1)):
        sg.save_meeting(store, g.make_meeting(d, "Champions"))
    f = figure(store, "sa9.champion_meetings", D(2025, 10, 15)).figure
    assert (f.numerator, f.denominator) == (3, 4)
    for month, presented in (("2025-04", D(2025, 5, 20)), ("2025-05", D(2025, 6, 17)),
                             ("2025-07", D(2025, 8, 19)), ("2025-08", D(2025, 9, 16))):
        sm.save_board_report(store, month, presented)
    # as at 1 Aug: April-July ended; April and May reported; July's report is presented on 19 Aug
    f = figure(store, "sa9.board_reports", D(2025, 8, 1)).figure
    assert (f.numerator, f.denominator) == (2, 4)
    f = figure(store, "sa9.board_reports", D(2025, 9, 30)).figure
    assert (f.numerator, f.denominator) == (4, 5)


def add_uncomputable(store, code="sa6.tool_share"):
    """A computed requirement the app has no function for (as sa10.reported is until the
    qualifying-case log is in the app)."""
    with store.transaction():
        store.execute("INSERT INTO mis_requirements (year, code, action, position, text, how, window_from, window_to, "
                      "threshold) VALUES (7, ?, 6, 99, 'Share of interventions in place', 'computed', "
                      "'2025-04-01', '2026-03-31', 80)", (code,))


def test_computed_requirement_without_a_function_is_not_computed_yet(store):
    add_uncomputable(store)
    v = figure(store, "sa6.tool_share", D(2025, 8, 1))
    assert v.requirement.computed and v.not_computed and v.figure is None
    assert v.as_json()["computed"] is None and v.status == "not_started"


def test_tracking_saved_and_audited_and_figure_not_overwritten(store):
    st.save_staff(store, StaffMember("S1", "Jo Bloggs", "midwife", D(2020, 1, 1)), new=True)
    sm.save_tracking(store, Y7, mis.Tracking("sa1.reported", "not_met", owner_staff="S1",
                                             evidence_location="S:/MIS/SA1", approval_forum="Quality committee",
                                             approval_date=D(2025, 9, 1), notes="Checked"))
    v = figure(store, "sa1.reported", D(2025, 5, 9))
    assert v.owner == "Jo Bloggs" and v.tracking.notes == "Checked"
    assert v.status == "not_started"  # the figure decides (nothing due yet), not the typed status
    sm.save_tracking(store, Y7, mis.Tracking("sa3.pathway", "in_progress", owner_text="Head of midwifery"))
    assert figure(store, "sa3.pathway", D(2025, 5, 9)).owner == "Head of midwifery"
    rows = store.query("SELECT action, row_key FROM audit_log WHERE table_name = 'mis_tracking'")
    assert [(r[0], r[1]) for r in rows] == [("insert", "7:sa1.reported"), ("insert", "7:sa3.pathway")]
    with pytest.raises(MaternityDeskError, match="no staff number"):
        sm.save_tracking(store, Y7, mis.Tracking("sa3.pathway", owner_staff="NOBODY"))


def test_closed_year_cannot_change(store):
    sm.save_tracking(store, "2024/25", mis.Tracking("sa3.pathway", "met"))
    sm.close_year(store, "2024/25")
    with pytest.raises(MaternityDeskError, match="closed"):
        sm.save_tracking(store, "2024/25", mis.Tracking("sa3.pathway", "not_met"))
    with pytest.raises(sqlite3.DatabaseError, match="closed"), store.transaction():
        store.execute("UPDATE mis_tracking SET status = 'not_met' WHERE year = 6")
    with pytest.raises(sqlite3.DatabaseError, match="closed"), store.transaction():
        store.execute("UPDATE mis_years SET closed = 0 WHERE number = 6")
    assert store.scalar("SELECT status FROM mis_tracking WHERE year = 6") == "met"


def test_start_next_year_copies_the_last_and_leaves_it_alone(store):
    before = sm.year_data(sm.scheme_year(store, Y7))
    new = sm.start_next_year(store)
    assert (new.number, new.label) == (8, "2026/27")
    r = next(r for r in new.requirements if r.code == "sa1.reported")
    assert (r.window_from, r.window_to) == (D(2025, 12, 1), D(2026, 11, 30))
    assert sm.year_data(sm.scheme_year(store, Y7)) == before
    assert sm.scheme_year(store).label == "2026/27"
    with pytest.raises(MaternityDeskError):
        sm.add_year(store, new)


def test_action_status_and_scheme_rag(store):
    view = sm.tracker(store, Y7, D(2025, 5, 9))
    assert view.days_left == (D(2026, 3, 3) - D(2025, 5, 9)).days
    a3 = next(a for a in view.actions if a.action.number == 3)
    assert a3.status == "not_started" and a3.rag == "amber"
    for code in ("sa3.pathway", "sa3.term_admissions"):
        sm.save_tracking(store, Y7, mis.Tracking(code, "met"))
    a3 = next(a for a in sm.tracker(store, Y7, D(2025, 5, 9)).actions if a.action.number == 3)
    assert a3.status == "met" and a3.rag == "green"


def test_existing_database_gets_the_shipped_years(db_path):
    from maternity_desk.store import db as dbmod
    from maternity_desk.store import open_store

    conn, _ = dbmod.connect(db_path)
    s = dbmod.Store(db_path, conn, network=False)
    migrations.migrate(s, target=migrations.LATEST - 1)
    sg.save_review(s, case("OLD", D(2025, 4, 17), reported=D(2025, 4, 30)))
    s.close()
    s = open_store(db_path)
    try:
        assert sm.year_labels(s) == ["2024/25", "2025/26"]
        f = figure(s, "sa1.reported", D(2025, 6, 1)).figure
        assert (f.numerator, f.denominator) == (1, 1)
    finally:
        s.close()


def test_demo_unit_has_tracker_entries(demo_store):
    labels = sm.year_labels(demo_store)
    assert labels == ["2024/25", "2025/26", "2026/27"]
    assert sm.scheme_year(demo_store, "2025/26").closed
    assert len(sm.tracking(demo_store, 8)) > 10 and len(sm.board_reports(demo_store)) == 19
    view = sm.tracker(demo_store, None, D(2026, 10, 15))
    assert view.year.label == "2026/27" and {a.status for a in view.actions} - {"not_started"}


def test_sa10_reported_from_the_qualifying_case_log(store):
    """Worked by hand: MNSI 7 working days after the event; Early Notification 30 days, for a
    brain injury only; as at Tue 5 Aug 2025."""
    from maternity_desk.core.cases import QualifyingCase
    from maternity_desk.store import cases as sc

    for c in [
        # Mon 2 Jun 2025: 7 working days = Wed 11 Jun; referred that day: met
        QualifyingCase(None, "QC-A", "intrapartum_stillbirth", D(2025, 6, 2), mnsi_referred=D(2025, 6, 11)),
        # Tue 1 Jul: MNSI by Thu 10 Jul (met), Early Notification by Thu 31 Jul: 1 Aug is late
        QualifyingCase(None, "QC-B", "brain_injury", D(2025, 7, 1), mnsi_referred=D(2025, 7, 10),
                       en_reported=D(2025, 8, 1)),
        # Fri 1 Aug: MNSI due Tue 12 Aug, not yet due and not done: not counted
        QualifyingCase(None, "QC-C", "early_neonatal_death", D(2025, 8, 1)),
        # before the window (1 Apr 2025): not counted
        QualifyingCase(None, "QC-D", "maternal_death", D(2025, 3, 20), mnsi_referred=D(2025, 3, 21)),
    ]:
        sc.save_case(store, c, today=D(2025, 8, 5))
    v = figure(store, "sa10.reported", D(2025, 8, 5))
    assert not v.not_computed
    assert (v.figure.numerator, v.figure.denominator) == (1, 2)
    assert v.as_json()["computed"]["met"] is False
