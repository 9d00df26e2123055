"""Small widget builders the area pages share."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QWidget,
)

from maternity_desk.ui.datebox import date_edit  # noqa: F401 (re-exported: the pages' date box)


def push_button(text: str, slot, parent=None, name: str | None = None, *, tip: str = "") -> QPushButton:
    """A button showing ``text`` (with its mnemonic) that calls ``slot`` when clicked. Screen
    readers hear ``name``, or the text without its ``&`` and trailing ``…``."""
    button = QPushButton(text, parent)
    button.setAccessibleName(name or text.replace("&", "").rstrip("…"))
    if tip:
        button.setToolTip(tip)
    button.clicked.connect(slot)
    return button


def special_value_text(spin, text: str) -> None:
    """Show ``text`` at the spin box's minimum (e.g. "all points"), wide enough for it in
    every style: Windows 11's style sizes the box for the numbers only and cut it off."""
    spin.setSpecialValueText(text)
    longest = max((text, spin.textFromValue(spin.maximum())), key=spin.fontMetrics().horizontalAdvance)
    spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance(longest) + 2 * spin.fontMetrics().height() + 16)


def qdate(d: date | None) -> QDate:
    """``d`` as a QDate; None as a null (invalid) QDate."""
    return QDate(d.year, d.month, d.day) if d else QDate()


def _focusable(w: QWidget) -> list[QWidget]:
    """The widgets inside ``w`` that take the keyboard focus, in the order they were built."""
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox

    if w.isHidden():
        return []
    if isinstance(w, (QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QAbstractButton)):
        return [w] if w.focusPolicy() != Qt.FocusPolicy.NoFocus else []
    out: list[QWidget] = []
    for child in w.children():
        if isinstance(child, QWidget):
            out.extend(_focusable(child))
    return out


def keyboard_order(dialog: QDialog, form: QFormLayout, buttons: QDialogButtonBox) -> None:
    """Tab goes down the form's fields in row order and then to OK and Cancel (the buttons
    are built first, so Qt's own order would start on them); the first field has the focus."""
    chain: list[QWidget] = []
    for row in range(form.rowCount()):
        for role in (QFormLayout.ItemRole.FieldRole, QFormLayout.ItemRole.SpanningRole):
            item = form.itemAt(row, role)
            if item is not None and item.widget() is not None:
                chain.extend(_focusable(item.widget()))
    chain.extend(_focusable(buttons))
    for a, b in zip(chain, chain[1:]):
        QWidget.setTabOrder(a, b)
    if chain:
        chain[0].setFocus()


class FirstShowTabOrder:
    """For a dialog (listed before QDialog in its bases) with a ``form`` and ``buttons``:
    the first time it is shown, Tab is set to go down the form (:func:`keyboard_order`)."""

    def showEvent(self, event) -> None:  # noqa: N802
        if not getattr(self, "_tab_ordered", False):
            self._tab_ordered = True
            keyboard_order(self, self.form, self.buttons)
        super().showEvent(event)


#: rows a table samples to size its columns: the first ones (on screen when it opens) and as
#: many spread through the rest; Qt's own sizing asked every cell of 1,000 rows for half a dozen
#: roles each, which held the window for seconds on a large unit
FIT_SAMPLE_ROWS = 40
_CELL_PADDING = 14  # the style's margins either side of a cell's text


def _sample(rows: int) -> list[int]:
    if rows <= 2 * FIT_SAMPLE_ROWS:
        return list(range(rows))
    return [*range(FIT_SAMPLE_ROWS), *(FIT_SAMPLE_ROWS + i * (rows - FIT_SAMPLE_ROWS) // FIT_SAMPLE_ROWS
                                       for i in range(FIT_SAMPLE_ROWS))]


def fit_columns(view) -> None:
    """Size ``view``'s columns to their header and the text of a sample of rows (the first
    :data:`FIT_SAMPLE_ROWS` and as many spread through the rest): as quick on 100,000 rows as
    on 80. Cells with a check box or an icon get room for it."""
    model = view.model()
    if model is None:
        return
    header = view.horizontalHeader()
    metrics = view.fontMetrics()
    rows = _sample(model.rowCount())
    extra = view.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + 4
    for col in range(model.columnCount()):
        if view.isColumnHidden(col):
            continue
        first = model.index(0, col)
        room = _CELL_PADDING + (extra if first.isValid() and (
            first.data(Qt.ItemDataRole.CheckStateRole) is not None
            or first.data(Qt.ItemDataRole.DecorationRole) is not None) else 0)
        texts = {str(t) for t in (model.index(row, col).data() for row in rows) if t not in (None, "")}
        want = max((metrics.horizontalAdvance(line) for t in texts for line in t.split("\n")), default=0)
        header.resizeSection(col, max(header.sectionSizeHint(col), want + room))
