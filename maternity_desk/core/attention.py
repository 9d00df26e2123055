"""A line of the Home page's "Needs attention" list and where it leads.

An area's ``attention(store, today)`` returns lines: plain strings (which open the area's page)
or :class:`Attention` lines, which also name the tab and the record to show. Both kinds mix
freely in one list; an :class:`Attention` is a ``str`` (its text), so code and tests that
read the lines as text keep working."""

from __future__ import annotations


class Attention(str):
    """One line: its text, and where Enter or a double click on it leads.

    ``page`` is a page title (None: the page of the area the line came from); ``tab`` names a
    tab of that page in the page's own words (see ``Page.show_target``); ``key`` picks the record
    in it (its meaning is the tab's: an id, a code, or codes joined by "|")."""

    page: str | None
    tab: str | None
    key: str | None

    def __new__(cls, text: str, *, page: str | None = None, tab: str | None = None,
                key: str | None = None) -> Attention:
        line = super().__new__(cls, text)
        line.page, line.tab, line.key = page, tab, key
        return line

    @property
    def text(self) -> str:
        return str.__str__(self)

    def __repr__(self) -> str:
        return f"Attention({self.text!r}, page={self.page!r}, tab={self.tab!r}, key={self.key!r})"


def as_attention(line: object, page: str | None = None) -> Attention:
    """``line`` as an :class:`Attention`: a plain string opens ``page`` (its area's page, no
    tab); a line without a page of its own opens ``page`` too."""
    if isinstance(line, Attention):
        return line if line.page is not None else Attention(line.text, page=page, tab=line.tab, key=line.key)
    return Attention(str(line), page=page)
