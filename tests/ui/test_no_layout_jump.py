"""No layout jumps while typing: the Adopt dialog's lead warning keeps its room, so every
field and button stays where it was as the leads are typed in and the warning shortens and
goes (text never lands in a field that moved under the cursor)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

from maternity_desk.store import improvement as qs
from maternity_desk.ui.improvement import dialogs as idl


def _places(dialog):
    widgets = [*dialog.findChildren(QLineEdit), *dialog.findChildren(QPushButton)]
    return {(type(w).__name__, w.accessibleName() or w.text()): w.mapTo(dialog, QPoint(0, 0)).toTuple()
            for w in widgets if w.isVisible()} | {("dialog", "size"): dialog.size().toTuple()}


def test_typing_the_leads_moves_nothing(qtbot, demo_store):
    dialog = idl.AdoptDialog(qs.picklist(demo_store)[0], lambda v: v, today=date(2026, 10, 15))
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    before = _places(dialog)
    assert dialog.warning.text().startswith("No obstetrician lead, midwife lead, senior manager lead named")
    for edit in dialog.leads.values():
        edit.setFocus()
        for ch in "Dr A Person":
            QTest.keyClick(edit, ch)
            QApplication.processEvents()
            assert _places(dialog) == before, f"moved while typing {ch!r} in {edit.accessibleName()}"
    assert dialog.warning.text() == ""  # every lead named: the warning has gone, its room stays
    assert [e.text() for e in dialog.leads.values()] == ["Dr A Person"] * len(dialog.leads)
