"""Home's "Needs attention" carries the training and fund lines (their ``attention``
functions are listed in attention_sources())."""

from __future__ import annotations

from datetime import date

from maternity_desk.core.fund import LedgerEntry
from maternity_desk.core.training import AttendanceRecord, StaffMember
from maternity_desk.store import fund as store_fund
from maternity_desk.store import training as st
from maternity_desk.ui.home import HomePage, attention_sources

D = date(2025, 6, 15)


def _items(page) -> list[str]:
    return [page.attention.item(i).text() for i in range(page.attention.count())]


def test_home_lists_training_and_fund_attention(store, qtbot):
    assert {"maternity_desk.store.training", "maternity_desk.store.fund"} <= {m.__name__ for m, _ in attention_sources()}
    page = HomePage(store, today=D)
    qtbot.addWidget(page)
    page._fill_attention()
    assert not any(line.startswith(("Training", "Training fund")) for line in _items(page))

    st.save_staff(store, StaffMember("M1", "Ann", "midwife", date(2020, 1, 1)), new=True)
    st.save_staff(store, StaffMember("M2", "Bea", "midwife", date(2020, 1, 1)), new=True)
    for course in ("FM", "PROMPT", "NLS"):
        st.save_attendance(store, AttendanceRecord("M1", course, date(2025, 1, 10)))
    store_fund.add_entry(store, LedgerEntry(date(2025, 5, 1), "TRUST", "payment", 12_345, "Backfill", reference="BF-1"))
    page._fill_attention()
    items = _items(page)
    for line in ("Training below 90%: FM, Midwife 50.0% (1 of 2 in date; Red)",
                 "Training below 90%: PROMPT, Midwife 50.0% (1 of 2 in date; Red)",
                 "Training below 90%: NLS, Midwife 50.0% (1 of 2 in date; Red)",
                 "Training overdue: 1 person (1 FM, 1 PROMPT, 1 NLS)",
                 "Training fund overspent: TRUST 2025/26 by £123.45"):
        assert line in items


def test_an_overspent_fund_line_opens_its_year_on_the_fund_page(store, qtbot):
    from PySide6.QtCore import Qt

    from maternity_desk.ui.fund.page import FundPage

    store_fund.add_entry(store, LedgerEntry(date(2025, 5, 1), "TRUST", "payment", 12_345, "Backfill", reference="BF-1"))
    home = HomePage(store, today=D)
    qtbot.addWidget(home)
    home._fill_attention()
    item = next(home.attention.item(i) for i in range(home.attention.count())
                if home.attention.item(i).text().startswith("Training fund overspent"))
    asked = []
    home.open_tab.connect(lambda *a: asked.append(a))
    home.attention.setCurrentItem(item)
    home.attention.setFocus()
    qtbot.keyClick(home.attention, Qt.Key.Key_Return)
    assert asked == [("Training fund", "fund", "TRUST|2025/26")]
    fund = FundPage(store)
    qtbot.addWidget(fund)
    fund.show()
    assert fund.show_target(*asked[0][1:])
    assert (fund.fund_code, fund.fy) == ("TRUST", "2025/26")
    assert [e.reference for e in fund.ledger.rows] == ["BF-1"]
