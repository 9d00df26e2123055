"""The pages listed in the main window's navigation, in order ("module:Class").

Each is a :class:`maternity_desk.ui.page.Page` subclass built with ``(store, parent)``.
Only areas that work end to end are listed here: no placeholder pages.
"""

PAGES: list[str] = [
    "maternity_desk.ui.home:HomePage",
]
