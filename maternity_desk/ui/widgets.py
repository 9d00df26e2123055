"""Small widget builders the area pages share."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QPushButton


def push_button(text: str, slot, parent=None, name: str | None = None, *, tip: str = "") -> QPushButton:
    """A button showing ``text`` (with its mnemonic) that calls ``slot`` when clicked. Screen
    readers hear ``name``, or the text without its ``&`` and trailing ``…``."""
    button = QPushButton(text, parent)
    button.setAccessibleName(name or text.replace("&", "").rstrip("…"))
    if tip:
        button.setToolTip(tip)
    button.clicked.connect(slot)
    return button


def qdate(d: date | None) -> QDate:
    """``d`` as a QDate; None as a null (invalid) QDate."""
    return QDate(d.year, d.month, d.day) if d else QDate()


def date_edit(value: date | None, name: str, parent=None) -> QDateEdit:
    """A date box showing dd/mm/yyyy with a calendar to pick from, set to ``value`` (today
    when None), named ``name`` for screen readers."""
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setDate(qdate(value) if value else QDate.currentDate())
    edit.setAccessibleName(name)
    return edit
