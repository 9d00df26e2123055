"""Qt values that the window's first frame needs, as plain numbers.

Python's first use of Qt's ``Qt`` namespace builds every one of its ~90 enums, which took 25-40 ms
of the window's start: the code that runs before the first frame (the window, Home, the search
box, background jobs) takes these numbers instead, and imports ``Qt`` in the functions that run
later. A test holds each number to Qt's own value, and another that ``Qt`` is not built before
the first frame."""

from __future__ import annotations

#: ``Qt.ItemDataRole.UserRole``: item data of our own is kept at USER_ROLE, USER_ROLE + 1, ...
USER_ROLE = 256
#: ``Qt.ItemDataRole.AccessibleTextRole``: what a screen reader says for an item
ACCESSIBLE_TEXT_ROLE = 11
#: ``Qt.ScrollBarPolicy.ScrollBarAlwaysOff``, set through Qt's property system (a word-wrapped
#: list then wraps its lines at its width instead of scrolling sideways)
SCROLL_BAR_ALWAYS_OFF = 1


def no_sideways_scrolling(view) -> None:
    """Word-wrapped lines wrap at the view's width (no horizontal scroll bar)."""
    view.setProperty("horizontalScrollBarPolicy", SCROLL_BAR_ALWAYS_OFF)
