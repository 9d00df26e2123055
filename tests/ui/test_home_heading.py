"""Home's heading: the unit's name, large and bold, shown as the text it is (a name with "<" or
"&" is not read as markup) and said by a screen reader as that name."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument

from maternity_desk.core.unit import UnitSettings
from maternity_desk.ui.home import HomePage, heading_html


def _shown_as(html: str) -> str:
    doc = QTextDocument()
    doc.setHtml(html)
    return doc.toPlainText()


def test_the_heading_shows_the_units_name_as_written(store, qtbot):
    store.save_unit_settings(UnitSettings(unit_name="Ashmoor <North> & Birth Centre"))
    page = HomePage(store)
    qtbot.addWidget(page)
    assert _shown_as(page.heading.text()) == "Ashmoor <North> & Birth Centre"
    assert page.heading.accessibleName() == "Ashmoor <North> & Birth Centre"
    assert "font-weight: bold" in page.heading.text()


def test_a_unit_without_a_name_says_so(store, qtbot):
    page = HomePage(store)
    qtbot.addWidget(page)
    assert _shown_as(page.heading.text()) == "(unnamed unit)"
    assert page.heading.accessibleName() == "Unnamed unit"


def test_heading_html_escapes_markup():
    assert _shown_as(heading_html("<b>x</b> & y")) == "<b>x</b> & y"
