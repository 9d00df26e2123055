"""A person's name picked from the staff register, or typed (people outside it: a coach from
another trust, a non-executive director): a text box with the register's names offered as
the user types (any part of the name, any case), and the whole list on Alt+Down or its
drop-down button. Its text is what is saved, as with a plain text box."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QStyle

from maternity_desk.store import training as st


def staff_names(store, on: date | None = None) -> list[str]:
    """The register's names, of people employed on ``on`` (today) first, then the others."""
    on = on or date.today()
    people = st.list_staff(store)
    current = sorted({m.name for m in people if m.employed_on(on)}, key=str.lower)
    others = sorted({m.name for m in people} - set(current), key=str.lower)
    return current + others


class StaffPicker(QLineEdit):
    """Signals: those of QLineEdit (``textChanged``...)."""

    def __init__(self, store, text: str = "", name: str = "", parent=None, *, on: date | None = None):
        super().__init__(text or "", parent)
        self.setAccessibleName(name)
        self.names = staff_names(store, on) if store is not None else []
        self.setPlaceholderText("choose from the staff register, or type a name")
        completer = QCompleter(QStringListModel(self.names, self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        if self.names:
            icon = self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown)
            action = self.addAction(icon, QLineEdit.ActionPosition.TrailingPosition)
            action.setToolTip("Show the staff register (Alt+Down)")
            action.triggered.connect(self.show_all)

    def show_all(self) -> None:
        """Every name on the register, in a list under the box."""
        self.completer().setCompletionPrefix("")
        self.completer().complete()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self.show_all()
            return
        super().keyPressEvent(event)
