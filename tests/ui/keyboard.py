"""Driving a page as a keyboard (or screen-reader) user does, for the page tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton


def click(widget, name: str) -> None:
    """Click the button with this accessible name (the one on screen if several share it)."""
    found = [b for b in widget.findChildren(QPushButton) if b.accessibleName() == name]
    assert found, f"no button '{name}'"
    found.sort(key=lambda b: not b.isVisible())
    found[0].click()


def focused():
    """The field with the keyboard focus: a date box when the focus is in its text field (the
    box is the field the form shows; its text field is its focus proxy)."""
    from maternity_desk.ui.datebox import DateBox

    widget = QApplication.focusWidget()
    owner = widget.parent() if widget is not None else None
    if isinstance(owner, DateBox) and owner.focusProxy() is widget:
        return owner
    return widget


def shown(qtbot, owner, cls, attr: str = "active_dialog"):
    """The dialog ``owner`` opened (kept in ``owner.<attr>``), once it is on screen with the
    focus inside it."""
    qtbot.waitUntil(lambda: isinstance(getattr(owner, attr, None), cls) and getattr(owner, attr).isVisible(),
                    timeout=2000)
    dlg = getattr(owner, attr)
    dlg.activateWindow()
    qtbot.waitUntil(lambda: bool(focused()) and dlg.isAncestorOf(focused()), timeout=2000)
    return dlg


def tab(qtbot, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)


def alt(qtbot, dlg, letter: str) -> None:
    """Press Alt+letter: the label's mnemonic moves the focus to its field."""
    qtbot.keyClick(dlg, getattr(Qt.Key, f"Key_{letter.upper()}"), Qt.KeyboardModifier.AltModifier)
