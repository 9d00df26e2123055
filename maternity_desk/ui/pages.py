"""The pages listed in the main window's navigation, in order: ``(title, load)``, where
``load()`` returns the page's class.

Each is a :class:`maternity_desk.ui.page.Page` subclass built with ``(store, parent)`` when it
is first shown; its module (and pyqtgraph) is imported inside ``load`` so that it is loaded
only when someone opens the page (fast start-up). Only areas that work end to end are listed
here: no placeholder pages.
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


def _national():
    from maternity_desk.ui.national.page import NationalPage

    return NationalPage


def _returns():
    from maternity_desk.ui.returns.page import ReturnsPage

    return ReturnsPage


PAGES: list[tuple[str, Callable[[], type]]] = [
    ("Home", _home),
    ("Training", _training),
    ("Dashboard", _dashboard),
    ("Training fund", _fund),
    ("Improvement", _improvement),
    ("Governance", _governance),
    ("National benchmark", _national),
    ("Monthly return", _returns),
]


def page_spec(entry: tuple[str, Callable[[], type]]) -> tuple[str, Callable[[], type]]:
    """``(title, load)`` for an entry of :data:`PAGES`."""
    return entry
