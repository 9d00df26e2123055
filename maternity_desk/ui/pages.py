"""The pages listed in the main window's navigation, in order: ``(title, factory)``.

A factory is a small function that imports its page's module and returns the
:class:`maternity_desk.ui.page.Page` subclass, so a page's module (and pyqtgraph) is imported
only when someone first opens it; the window builds it then with ``(store, parent)``. Nothing
is looked up by name. Adding a page: one factory below and one line in :data:`PAGES`.
Only areas that work end to end are listed here: no placeholder pages.
"""

from __future__ import annotations

from collections.abc import Callable


def _home():
    from maternity_desk.ui.home import HomePage
    return HomePage


def _training():
    from maternity_desk.ui.training.page import TrainingPage
    return TrainingPage


def _dashboard():
    from maternity_desk.ui.dashboard.page import DashboardPage
    return DashboardPage


def _fund():
    from maternity_desk.ui.fund.page import FundPage
    return FundPage


def _improvement():
    from maternity_desk.ui.improvement.page import ImprovementPage
    return ImprovementPage


def _governance():
    from maternity_desk.ui.governance.page import GovernancePage
    return GovernancePage


def _mis():
    from maternity_desk.ui.mis.page import MisPage
    return MisPage


def _national():
    from maternity_desk.ui.national.page import NationalPage
    return NationalPage


def _returns():
    from maternity_desk.ui.returns.page import ReturnsPage
    return ReturnsPage


def _board():
    from maternity_desk.ui.board.page import BoardPage
    return BoardPage


PAGES: list[tuple[str, Callable[[], type]]] = [
    ("Home", _home),
    ("Training", _training),
    ("Dashboard", _dashboard),
    ("Training fund", _fund),
    ("Improvement", _improvement),
    ("Governance", _governance),
    ("Incentive scheme", _mis),
    ("National benchmark", _national),
    ("Monthly return", _returns),
    ("Board report", _board),
]


def titles() -> list[str]:
    """The pages' titles, in navigation order (no page module imported)."""
    return [title for title, _factory in PAGES]


def page_class(index: int) -> type:
    """The page class at ``index`` (its module imported now)."""
    return PAGES[index][1]()
