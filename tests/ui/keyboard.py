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
    return QApplication.focusWidget()


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
