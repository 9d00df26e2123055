"""Home's "This month" box on the demo unit: the incentive scheme's line (its RAG by safety
action counted, with the scheme's colour) and a line per safety action not met, each opening
the Incentive scheme page; read by the page's worker."""

from datetime import date

import pytest
from PySide6.QtCore import Qt

from maternity_desk.exchange import board_scheme as bs

TODAY = date(2026, 10, 15)


@pytest.fixture
def sync_tasks(monkeypatch):
    from maternity_desk.ui import tasks

    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())


def test_home_shows_the_scheme_by_safety_action(demo_store, qtbot, sync_tasks):
    from maternity_desk.ui.home import HomePage

    home = HomePage(demo_store, today=TODAY)
    qtbot.addWidget(home)
    home.show()
    qtbot.waitUntil(lambda: home.month_view.count() > 0)
    lines = [home.month_view.item(i) for i in range(home.month_view.count())]
    scheme = [i for i in lines if i.data(Qt.ItemDataRole.UserRole) == "Incentive scheme"]
    view = bs.tracker_for(demo_store, "2026/27", TODAY)
    missed = [a for a in view.actions if a.status == "not_met"]
    assert missed  # the demo's year has an action not met (so its line is shown)
    assert [i.text() for i in scheme] == [t for t, _rag in bs.home_lines(demo_store, "2026-09", TODAY)]
    assert scheme[0].text().startswith("Incentive scheme 2026/27: red overall (")
    assert [i.text() for i in scheme[1:]] == [
        f"Incentive scheme safety action {a.action.number} not met: {a.action.title}" for a in missed]
    assert all(not i.icon().isNull() for i in scheme)
    with qtbot.waitSignal(home.open_page) as opened:
        home._open_attention_item(scheme[1])
    assert opened.args == ["Incentive scheme"]
    # after the board figures, before the deadlines
    texts = [i.text() for i in lines]
    at = texts.index(scheme[0].text())
    assert texts[at - 1].startswith("Incidents in Sep 2026") and texts[len(texts) - 1].startswith("Due ")
