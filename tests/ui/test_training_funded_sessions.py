"""Sessions "funded by" a fund line, end to end: the session dialog links a session to a
ledger entry, sign-in records who came, and the fund's people trained and cost per person
(page, store and command line) follow. Hand-worked: a £3,000 commitment paid in full, two of
three people attended the linked session, so cost per person trained = £1,500.00."""

from __future__ import annotations

import json
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from maternity_desk.core.fund import LedgerEntry
from maternity_desk.core.training import StaffMember
from maternity_desk.store import fund as store_fund
from maternity_desk.store import training as st
from maternity_desk.ui import tasks
from maternity_desk.ui.fund.page import FundPage
from maternity_desk.ui.training.dialogs import SessionDialog, SignInDialog

TODAY = date(2017, 2, 1)


@pytest.fixture
def unit(store, monkeypatch):
    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())
    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, _n=name, **k: pytest.fail(f"unexpected {_n}: {a[2]}"))
    for number, name in (("M1", "Ann Able"), ("M2", "Bea Best"), ("M3", "Cat Cole")):
        st.save_staff(store, StaffMember(number, name, "midwife", date(2010, 1, 1)), new=True)
    ids = {
        "allocation": store_fund.add_entry(store, LedgerEntry(date(2016, 10, 1), "MSTF", "allocation", 1_000_000, "Award")),
        "commitment": store_fund.add_entry(store, LedgerEntry(date(2016, 11, 1), "MSTF", "commitment", 300_000,
                                                      "PROMPT day", reference="PO-7", course_code="PROMPT",
                                                      places=12)),
        "payment": store_fund.add_entry(store, LedgerEntry(date(2017, 1, 15), "MSTF", "payment", 300_000, "PROMPT day",
                                                   reference="PO-7")),
    }
    return store, ids


def _tab_chain(first: QWidget, stop: QWidget) -> list[QWidget]:
    """The form's fields Tab visits from ``first`` to ``stop`` (visible, enabled, taking Tab
    focus; the editors inside spin boxes and date edits left out)."""
    form = first.parentWidget()
    out, w = [first], first.nextInFocusChain()
    while w is not first:
        if (w.parentWidget() is form and w.isVisible() and w.isEnabled()
                and w.focusPolicy() & Qt.FocusPolicy.TabFocus):
            out.append(w)
        if w is stop:
            break
        w = w.nextInFocusChain()
    return out


def test_funded_by_links_session_and_people_trained_follow(unit, qtbot, cli):
    store, ids = unit
    fund_page = FundPage(store, today=TODAY)
    qtbot.addWidget(fund_page)
    fund_page.select("MSTF", "2016/17")
    assert (fund_page.cards["people"].value.text(), fund_page.cards["cost"].value.text()) == ("0", "-")

    # a new session, funded by the commitment; completed with the keyboard (Enter = Save)
    d = SessionDialog(store, None, today=TODAY)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    assert d.fund.accessibleName() == "Funded by"
    labels = [d.fund.itemText(i) for i in range(d.fund.count())]
    assert labels == ["(not funded from a fund line)", "MSTF payment 15/01/2017 £3,000.00: PROMPT day",
                      "MSTF commitment 01/11/2016 £3,000.00: PROMPT day"]  # no allocation offered
    assert _tab_chain(d.course, d.fund) == [d.course, d.date, d.venue, d.facilitator, d.capacity, d.status,
                                                d.fund]
    d.course.setCurrentIndex(d.course.findData("PROMPT"))
    d.date.setDate(QDate(2016, 12, 5))
    d.fund.setCurrentIndex(d.fund.findData(ids["commitment"]))
    qtbot.keyClicks(d.venue, "Simulation suite")
    with qtbot.waitSignal(d.saved, timeout=1000) as saved:
        qtbot.keyClick(d.venue, Qt.Key.Key_Return)  # the default button saves
    sid = saved.args[0]
    session = st.get_session(store, sid)
    assert (session.course_code, session.date, session.fund_entry_id) == ("PROMPT", date(2016, 12, 5),
                                                                          ids["commitment"])

    # sign-in: Ann and Bea attended (type-to-find, Enter ticks), Cat did not
    s = SignInDialog(store, sid)
    qtbot.addWidget(s)
    s.show()
    qtbot.waitExposed(s)
    for name in ("Ann", "Bea"):
        qtbot.keyClicks(s.search, name)
        qtbot.keyClick(s.search, Qt.Key.Key_Return)
        assert s.isVisible()  # Enter in the find box ticks; it does not save and close
    qtbot.keyClicks(s.search, "Cat")
    s.view.selectRow(0)
    s.mark_selected("dna")
    with qtbot.waitSignal(s.saved, timeout=1000) as signed:
        s.accept()
    assert signed.args[0] == {"attended": 2, "dna": 1, "cancelled": 0}

    # the fund's figures follow: 2 people trained, £3,000 / 2 = £1,500 each
    fig = store_fund.figures(store, "MSTF", "2016/17")
    assert (fig.paid_pence, fig.people_trained, fig.cost_per_person_pence) == (300_000, 2, 150_000)
    fund_page.refresh()
    assert (fund_page.cards["people"].value.text(), fund_page.cards["cost"].value.text()) == ("2", "£1,500.00")
    code, out, err = cli("fund", "--fy", "2016/17", "--fund", "MSTF", "--json", "--db", store.path)
    assert code == 0, err
    (row,) = json.loads(out)
    assert (row["people_trained"], row["cost_per_person_pence"]) == (2, 150_000)
    # before the session, as the year stood on 30 November: nobody trained yet
    code, out, _ = cli("fund", "--fy", "2016/17", "--fund", "MSTF", "--as-at", "2016-11-30", "--json",
                       "--db", store.path)
    assert json.loads(out)[0]["people_trained"] == 0

    # unlinking the session (edit, "not funded") takes them off the fund's count
    e = SessionDialog(store, st.get_session(store, sid), today=TODAY)
    qtbot.addWidget(e)
    assert e.fund.currentData() == ids["commitment"]
    e.fund.setCurrentIndex(0)
    with qtbot.waitSignal(e.saved, timeout=1000):
        e.accept()
    assert store_fund.figures(store, "MSTF", "2016/17").people_trained == 0
    audit = store.query("SELECT action FROM audit_log WHERE table_name = 'training_session' ORDER BY id")
    assert [r[0] for r in audit] == ["insert", "update", "sign-in", "update"]  # held, register, unlinked


def test_session_list_names_the_fund_line(unit, qtbot, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from maternity_desk.core.training import TrainingSession
    from maternity_desk.ui.training.page import TrainingPage

    store, ids = unit
    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    st.save_session(store, TrainingSession(None, "PROMPT", date(2016, 12, 5), fund_entry_id=ids["payment"]))
    page = TrainingPage(store, today=TODAY)
    qtbot.addWidget(page)
    model = page.session_model
    funded = model.index(0, model.HEADERS.index("Funded by")).data()
    assert funded == "MSTF payment 15/01/2017 £3,000.00: PROMPT day"
