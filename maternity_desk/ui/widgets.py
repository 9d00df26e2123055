"""Small widget builders the area pages share."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton


def push_button(text: str, slot, parent=None, name: str | None = None, *, tip: str = "") -> QPushButton:
    """A button showing ``text`` (with its mnemonic) that calls ``slot`` when clicked. Screen
    readers hear ``name``, or the text without its ``&`` and trailing ``…``."""
    button = QPushButton(text, parent)
    button.setAccessibleName(name or text.replace("&", "").rstrip("…"))
    if tip:
        button.setToolTip(tip)
    button.clicked.connect(slot)
    return button
