"""The pages listed in the main window's navigation, in order: ``(title, "module:Class")``.

Each is a :class:`maternity_desk.ui.page.Page` subclass built with ``(store, parent)`` when it
is first shown, so a page's module (and pyqtgraph) is imported only when someone opens it.
Only areas that work end to end are listed here: no placeholder pages.
"""

PAGES: list[tuple[str, str]] = [
    ("Home", "maternity_desk.ui.home:HomePage"),
    ("Training", "maternity_desk.ui.training.page:TrainingPage"),
    ("Dashboard", "maternity_desk.ui.dashboard.page:DashboardPage"),
    ("Training fund", "maternity_desk.ui.fund.page:FundPage"),
    ("Improvement", "maternity_desk.ui.improvement.page:ImprovementPage"),
    ("Governance", "maternity_desk.ui.governance.page:GovernancePage"),
    ("Incentive scheme", "maternity_desk.ui.mis.page:MisPage"),
    ("National benchmark", "maternity_desk.ui.national.page:NationalPage"),
    ("Monthly return", "maternity_desk.ui.returns.page:ReturnsPage"),
    ("Board report", "maternity_desk.ui.board.page:BoardPage"),
]


def page_spec(entry) -> tuple[str, str]:
    """``(title, "module:Class")`` for an entry; a bare ``"module:Class"`` string is accepted
    too (its module is imported to read the class's ``title``)."""
    if isinstance(entry, tuple):
        return entry
    import importlib

    module, cls = entry.split(":")
    return getattr(importlib.import_module(module), cls).title, entry
