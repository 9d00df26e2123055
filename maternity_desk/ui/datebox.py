"""The one date box every dialog and page uses.

Qt's QDateEdit edits a date in sections: typing ``25/11/2026`` moves to the next section at the
slash and the next digit lands in the wrong one (it gave 25/12/2026), and ``01/06/2026`` gave
01/01/2026, without a word. This box is a plain text field read as a whole when the user leaves
it (or presses Enter): ``dd/mm/yyyy``, ``d/m/yyyy``, ``dd-mm-yyyy``, ``ddmmyyyy`` and
``yyyy-mm-dd`` are taken exactly as meant and shown back as ``dd/mm/yyyy``; an impossible date,
or one outside the field's range, is refused with the reason beside the box (its space is
reserved, so nothing moves while the user types), and :meth:`DateBox.value` raises it so the
dialog refuses to save. A calendar button (or Alt+Down, F4) picks a date; Up and Down step a day,
Page Up and Page Down a month.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QEvent, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.periods import add_months, parse_typed_date
from maternity_desk.ui.table_model import uk_date

#: the widest range any field takes unless it says otherwise (imports refuse the same)
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)


def _py(value: date | QDate | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, QDate):
        return value.toPython() if value.isValid() else None
    return value


class DateBox(QWidget):
    """A date typed as dd/mm/yyyy (or picked from a calendar).

    Signals:
        dateChanged(QDate): a new valid date was entered (on leaving the box, Enter or a pick).
    """

    dateChanged = Signal(QDate)  # noqa: N815 - the name QDateEdit users already connect to

    def __init__(self, value: date | None = None, name: str = "Date", parent=None, *,
                 optional: bool = False, minimum: date | None = None, maximum: date | None = None):
        super().__init__(parent)
        self._name = name
        self._optional = optional
        self._minimum = minimum or EARLIEST
        self._maximum = maximum or LATEST
        self._last: date | None = None
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("dd/mm/yyyy")
        self.edit.setToolTip("Type the date as dd/mm/yyyy (25/11/2026); 25-11-2026, 25112026 and "
                             "2026-11-25 are read the same. Alt+Down opens a calendar.")
        width = self.edit.fontMetrics().horizontalAdvance("00/00/00000") + 24
        self.edit.setMinimumWidth(width)
        self.edit.setMaximumWidth(width + 60)
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setToolTip("Pick the date from a calendar (Alt+Down)")
        self.button.setAccessibleName(f"{name}: calendar")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Alt+Down in the box does the same
        self.button.clicked.connect(self.open_calendar)
        self.message = QLabel(self)  # beside the box: the space is there before any warning
        self.message.setStyleSheet("color: #b00020;")
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.message.setMinimumWidth(10)
        lay.addWidget(self.edit)
        lay.addWidget(self.button)
        lay.addWidget(self.message, 1)
        self.setFocusProxy(self.edit)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(name)
        self.edit.editingFinished.connect(self._commit)
        self.edit.textEdited.connect(lambda _t: self._show(None))
        self.edit.installEventFilter(self)
        self._popup: QWidget | None = None
        self._forwarding = False
        self.setDate(value)

    # --- QDateEdit-like API ----------------------------------------------------------------
    def setAccessibleName(self, name: str) -> None:  # noqa: N802
        super().setAccessibleName(name)
        self._name = name
        self.edit.setAccessibleName(name)

    def setDate(self, value: date | QDate | None) -> None:  # noqa: N802
        d = _py(value)
        self.edit.setText(uk_date(d) if d else "")
        self._show(None)
        changed = d != self._last
        self._last = d
        if changed and d is not None:
            self.dateChanged.emit(QDate(d.year, d.month, d.day))

    def date(self) -> QDate:
        """The entered date as a QDate; raises InvalidValue (with the reason) when the text is
        not a date the field takes, or is empty in a required field."""
        d = self.value()
        return QDate(d.year, d.month, d.day) if d else QDate()

    def setMinimumDate(self, value: date | QDate) -> None:  # noqa: N802
        self._minimum = _py(value) or EARLIEST

    def setMaximumDate(self, value: date | QDate) -> None:  # noqa: N802
        self._maximum = _py(value) or LATEST

    def text(self) -> str:
        """The typed date shown as dd/mm/yyyy when it is one ('' when empty); otherwise the text
        as typed, for the caller's own check to refuse with its reason."""
        raw = self.edit.text().strip()
        try:
            return uk_date(parse_typed_date(raw)) if raw else ""
        except InvalidValue:
            return raw

    def setText(self, text: str) -> None:  # noqa: N802
        self.edit.setText(text)
        self._commit()

    def selectAll(self) -> None:  # noqa: N802
        self.edit.selectAll()

    def clear(self) -> None:
        self.edit.clear()
        self._show(None)
        self._last = None

    @property
    def textChanged(self):  # noqa: N802 - QLineEdit's signal, for callers that follow typing
        return self.edit.textChanged

    def keyPressEvent(self, event) -> None:  # noqa: N802
        """Keys sent to the box itself (a test's keyClicks, an accessibility tool) reach the
        text field, as typed keys do through the focus proxy. Keys the field leaves (Enter,
        Escape) go on to the dialog, as from any field."""
        self._forward(event, super().keyPressEvent)

    def keyReleaseEvent(self, event) -> None:  # noqa: N802
        self._forward(event, super().keyReleaseEvent)

    def _forward(self, event, own) -> None:
        if self._forwarding:  # the field did not take it and it came back up: pass it on
            own(event)
            return
        self._forwarding = True
        try:
            QApplication.sendEvent(self.edit, event)
        finally:
            self._forwarding = False

    # --- reading ------------------------------------------------------------------------------
    def value(self) -> date | None:
        """The date typed, or None in an optional box left empty. Raises InvalidValue naming
        the field and the reason, which the box also shows beside itself."""
        try:
            return self._parse()
        except InvalidValue as exc:
            self._show(str(exc))
            raise InvalidValue(f"{self._name}: {exc}") from None

    def error(self) -> str | None:
        """Why the text is not accepted, or None when it is."""
        try:
            self._parse()
        except InvalidValue as exc:
            return str(exc)
        return None

    def _parse(self) -> date | None:
        text = self.edit.text().strip()
        if not text and self._optional:
            return None
        d = parse_typed_date(text)
        if d < self._minimum:
            raise InvalidValue(f"{uk_date(d)} is before {uk_date(self._minimum)}, the earliest this field takes")
        if d > self._maximum:
            raise InvalidValue(f"{uk_date(d)} is after {uk_date(self._maximum)}, the latest this field takes")
        return d

    def _commit(self) -> None:
        try:
            d = self._parse()
        except InvalidValue as exc:
            self._show(str(exc))
            return
        self._show(None)
        self.edit.setText(uk_date(d) if d else "")  # shown back exactly as it will be saved
        if d != self._last:
            self._last = d
            if d is not None:
                self.dateChanged.emit(QDate(d.year, d.month, d.day))

    def _show(self, problem: str | None) -> None:
        self.message.setText(problem or "")
        self.message.setToolTip(problem or "")
        self.edit.setAccessibleDescription(problem or "")

    # --- keyboard and calendar ------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.edit and event.type() == QEvent.Type.KeyPress:
            key, mods = event.key(), event.modifiers()
            if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier):
                self.open_calendar()
                return True
            steps = {Qt.Key.Key_Up: ("day", 1), Qt.Key.Key_Down: ("day", -1),
                     Qt.Key.Key_PageUp: ("month", 1), Qt.Key.Key_PageDown: ("month", -1)}
            if key in steps and not mods & Qt.KeyboardModifier.AltModifier:
                self._step(*steps[key])
                return True
        return super().eventFilter(obj, event)

    def _step(self, unit: str, n: int) -> None:
        try:
            d = self._parse()
        except InvalidValue:
            return
        d = d or date.today()
        d = d + timedelta(days=n) if unit == "day" else add_months(d, n)
        if self._minimum <= d <= self._maximum:
            self.setDate(d)

    def open_calendar(self) -> None:
        """A calendar under the box; Enter or a click picks, Escape closes."""
        if self._popup is not None:  # one calendar at a time, not one more per opening
            self._popup.close()
            self._popup.deleteLater()
        popup = QWidget(self, Qt.WindowType.Popup)
        popup.setAccessibleName(f"{self._name}: calendar")
        lay = QVBoxLayout(popup)
        lay.setContentsMargins(0, 0, 0, 0)
        calendar = QCalendarWidget(popup)
        calendar.setMinimumDate(QDate(self._minimum.year, self._minimum.month, self._minimum.day))
        calendar.setMaximumDate(QDate(self._maximum.year, self._maximum.month, self._maximum.day))
        current = self.error() is None and self._parse_quiet()
        if current:
            calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        calendar.setAccessibleName(f"{self._name}: calendar")
        lay.addWidget(calendar)

        def picked(qd: QDate) -> None:
            popup.close()
            self.setDate(qd)
            self.edit.setFocus()

        calendar.activated.connect(picked)
        calendar.clicked.connect(picked)
        popup.move(self.edit.mapToGlobal(QPoint(0, self.edit.height())))
        self._popup = popup
        popup.show()
        calendar.setFocus()

    def _parse_quiet(self) -> date | None:
        try:
            return self._parse()
        except InvalidValue:
            return None


def date_edit(value: date | None, name: str, parent=None, **options) -> DateBox:
    """A date box showing ``value`` (today when None and the field is required), named
    ``name`` for screen readers. ``optional=True`` allows an empty box; ``minimum`` and
    ``maximum`` limit the range."""
    if value is None and not options.get("optional"):
        value = date.today()
    return DateBox(value, name, parent, **options)
