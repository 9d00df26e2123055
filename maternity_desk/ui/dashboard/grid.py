"""The monthly entry grid: type or paste (from Excel) numerators and denominators; each
complete, valid pair is written at once (audited); every change can be undone in the session.

Signals:
    data_changed(): something was written to the database
    message(str): a one-line status for the user
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QStyledItemDelegate,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from maternity_desk.core.dashboard import last_complete_month, parse_clipboard, parse_count_text
from maternity_desk.core.errors import InvalidValue, MaternityDeskError
from maternity_desk.core.periods import month_label, month_range, shift_month
from maternity_desk.core.words import plural
from maternity_desk.store import dashboard as dash
from maternity_desk.ui.dashboard.models import EntryGridModel

log = logging.getLogger(__name__)
INVALID_STYLE = "QLineEdit { background: #f8c9c9; }"


class CountDelegate(QStyledItemDelegate):
    """A line edit that turns red while its text is not a whole number >= 0."""

    def createEditor(self, parent, option, index):  # noqa: N802
        editor = QLineEdit(parent)
        editor.setAccessibleName("Count")
        editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        places = index.model().places(index) if hasattr(index.model(), "places") else 0
        editor.textEdited.connect(lambda text, e=editor, p=places: self._check(e, text, p))
        return editor

    @staticmethod
    def _check(editor: QLineEdit, text: str, places: int = 0) -> None:
        try:
            parse_count_text(text, places=places)
        except InvalidValue as exc:
            editor.setStyleSheet(INVALID_STYLE)
            editor.setToolTip(str(exc))
        else:
            editor.setStyleSheet("")
            editor.setToolTip("")


class _CellEdit(QUndoCommand):
    """Cells typed, pasted or cleared. Redo writes the pairs that are complete and pass the
    checks; undo puts the cells back and the database exactly as it was before the redo."""

    def __init__(self, grid: EntryGrid, changes: list, text: str):
        super().__init__(text)
        self.grid = grid
        self.changes = changes
        self.written_before: list = []  # the database's values before the redo wrote

    def redo(self) -> None:
        self.written_before = self.grid._apply(self.changes)

    def undo(self) -> None:
        self.grid._apply([(m, c, f, new, old) for m, c, f, old, new in self.changes],
                         restore=self.written_before)


class GridView(QTableView):
    """Paste (Ctrl+V) and Delete handled here, everything else as a table."""

    paste_requested = Signal()
    clear_requested = Signal()

    def keyPressEvent(self, event):  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_requested.emit()
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != QAbstractItemView.State.EditingState:
            self.clear_requested.emit()
            return
        super().keyPressEvent(event)


def paste_block(parent, view, model, text: str, cell) -> tuple[list, list[str]] | None:
    """What pasting a tab-separated block at ``view``'s current cell would do: (changes,
    problems). ``cell(index, text)`` gives one cell's (change or None, problem or None). None
    when the block is empty, or runs off the grid (the user is told; nothing is pasted)."""
    block = parse_clipboard(text)
    if not block:
        return None
    start = view.currentIndex()
    if not start.isValid():
        start = model.index(0, 0)
    rows, cols = len(block), max(len(r) for r in block)
    if start.row() + rows > model.rowCount() or start.column() + cols > model.columnCount():
        QMessageBox.warning(parent, "Paste refused",
                            f"The copied block is {plural(rows, 'row')} by {plural(cols, 'column')} and does not fit "
                            "from the selected cell; nothing was pasted.")
        return None
    changes, problems = [], []
    for i, cells in enumerate(block):
        for j, cell_text in enumerate(cells):
            change, problem = cell(model.index(start.row() + i, start.column() + j), cell_text)
            if problem:
                problems.append(problem)
            elif change is not None:
                changes.append(change)
    return changes, problems


def refuse_paste(parent, problems: list[str]) -> None:
    """Tell the user why a paste was refused (the first ten problems)."""
    shown = "\n".join(problems[:10]) + (f"\n… and {len(problems) - 10} more" if len(problems) > 10 else "")
    QMessageBox.warning(parent, "Paste refused", f"Nothing was pasted:\n{shown}")


def paste_changes(parent, view, model, text: str, cell, *, check=None, refused=None) -> list | None:
    """The changes pasting ``text`` at ``view``'s current cell makes (see :func:`paste_block`;
    ``check(changes)`` may add problems found across them), or None when nothing is to be
    pasted: an empty block, one that runs off the grid, or one with a problem (the user is
    told, and ``refused(problems)`` called)."""
    found = paste_block(parent, view, model, text, cell)
    if found is None:
        return None
    changes, problems = found
    if not problems and check is not None:
        problems = check(changes)
    if problems:
        refuse_paste(parent, problems)
        if refused is not None:
            refused(problems)
        return None
    return changes


class EntryGrid(QWidget):
    data_changed = Signal()
    message = Signal(str)

    def __init__(self, store, today, *, unit: str | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self.today = today
        self.unit = unit
        self.stored: dict[tuple[str, str], tuple[int, int]] = {}
        self._stamp = None  # the database as the grid last read or wrote it
        self.undo_stack = QUndoStack(self)
        self.model = EntryGridModel(today, self)
        self.model.edit_requested.connect(self._on_edit_requested)
        self.model.rejected.connect(self._on_rejected)

        self.view = GridView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(CountDelegate(self.view))
        self.view.setAccessibleName("Monthly figures" + (f" for {unit}" if unit else ""))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.view.horizontalHeader().setDefaultSectionSize(100)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.paste_requested.connect(self.paste_from_clipboard)
        self.view.clear_requested.connect(self.clear_selection)

        self.months_spin = QSpinBox(self)
        self.months_spin.setRange(12, 240)
        self.months_spin.setValue(36)
        self.months_spin.setSuffix(" months")
        self.months_spin.setAccessibleName("Months shown")
        self.months_spin.valueChanged.connect(lambda _v: self.refresh(force=True))
        self.status = QLabel(self)
        self.status.setAccessibleName("Grid status")
        self.status.setWordWrap(True)

        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        paste = QAction("&Paste from Excel", self)
        paste.triggered.connect(self.paste_from_clipboard)
        self.addActions([undo, redo])
        bar = QHBoxLayout()
        for action, name in ((undo, "Undo"), (redo, "Redo"), (paste, "Paste from Excel")):
            b = QToolButton(self)
            b.setDefaultAction(action)
            b.setAccessibleName(name)
            bar.addWidget(b)
        bar.addWidget(QLabel("Show", self))
        bar.addWidget(self.months_spin)
        bar.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.status)

    # --- loading ---------------------------------------------------------------------------
    def _read_values(self) -> dict[tuple[str, str], tuple[int, int]]:
        if self.unit is None:
            return dash.all_values(self.store)
        return dash.peer_unit_values(self.store, self.unit)

    def refresh(self, *, force: bool = False) -> None:
        """Re-read the figures, unless nothing was written since the grid last read or wrote
        them (then the undo history is kept too)."""

        if not force and self._stamp is not None and dash.data_stamp(self.store) == self._stamp:
            return
        inds = dash.indicators(self.store)
        self.stored = self._read_values()
        last = last_complete_month(self.today)
        first = shift_month(last, -(self.months_spin.value() - 1))
        if self.stored:
            first = min(first, min(m for m, _c in self.stored))
        months = month_range(first, last)
        self.model.load(inds, months, self.stored)
        self.undo_stack.clear()
        self._update_status()
        self._stamp = dash.data_stamp(self.store)
        last_row = self.model.rowCount() - 1
        if last_row >= 0:  # the latest months are the ones being entered
            self.view.scrollTo(self.model.index(last_row, 0))

    def _update_status(self) -> None:
        missing, failing = self.model.flagged_months()
        parts = []
        if failing:
            parts.append("Months failing a check (not saved until corrected): "
                         + ", ".join(month_label(m) for m in failing[:8])
                         + (" …" if len(failing) > 8 else ""))
        if missing:
            parts.append(f"{plural(len(missing), 'month')} with figures missing"
                         + (f", latest {month_label(missing[-1])}" if missing else ""))
        self.status.setText(". ".join(parts) if parts else "Every month shown is complete.")

    # --- editing ---------------------------------------------------------------------------
    def _on_rejected(self, reason: str) -> None:
        self.message.emit(f"Not accepted: {reason}")
        self.status.setText(f"Not accepted: {reason}")

    def _on_edit_requested(self, changes: list) -> None:
        month, code, field, _old, _new = changes[0]
        part = ("numerator", "denominator")[field]
        self.undo_stack.push(_CellEdit(self, changes, f"{code} {part} {month_label(month)}"))

    def _apply(self, changes: list, *, restore: list | None = None) -> list:
        """Show ``changes`` and write what they complete; with ``restore`` (an undo) write
        those values back instead. Returns the database's values before this write."""
        touched = self.model.apply(changes)
        written = self._restore(restore) if restore is not None else self._persist(touched)
        self._update_status()
        return written

    def _restore(self, values: list) -> list:
        if not values:
            return []
        try:
            before = dash.set_values(self.store, values, action="undo", unit=self.unit)
        except MaternityDeskError as exc:
            QMessageBox.warning(self, "Not undone", str(exc))
            return []
        for month, code, n, d in values:
            if n is None:
                self.stored.pop((month, code), None)
            else:
                self.stored[(month, code)] = (n, d)
        self._stamp = dash.data_stamp(self.store)
        self.data_changed.emit()
        return before

    def _persist(self, touched: list[tuple[str, str]]) -> list:
        by_code = {i.code: i for i in self.model.indicators}
        writes = []
        for month, code in touched:
            n, d = self.model.pair(month, code)
            held = self.stored.get((month, code))
            if n is None and d is None:
                if held is not None:
                    writes.append((month, code, None, None))
            elif not self.model.problems(month, by_code[code]) and held != (n, d):
                writes.append((month, code, n, d))
        if not writes:
            return []
        try:
            before = dash.set_values(self.store, writes, unit=self.unit)
        except MaternityDeskError as exc:
            QMessageBox.warning(self, "Not saved", str(exc))
            return []
        for month, code, n, d in writes:
            if n is None:
                self.stored.pop((month, code), None)
            else:
                self.stored[(month, code)] = (n, d)
        self._stamp = dash.data_stamp(self.store)
        self.message.emit(f"Saved {plural(len(writes), 'figure pair')}")
        self.data_changed.emit()
        return before

    def paste_from_clipboard(self) -> None:
        self.paste_text(QApplication.clipboard().text())

    def paste_text(self, text: str) -> bool:
        """Paste a tab-separated block at the current cell; refused whole if any cell is not a
        count or the block runs off the grid."""
        changes = paste_changes(self, self.view, self.model, text, self._pasted_cell)
        if changes is None:
            return False
        if changes:
            self.undo_stack.push(_CellEdit(self, changes, f"paste {plural(len(changes), 'cell')}"))
        return True

    def _pasted_cell(self, index, text: str) -> tuple[tuple | None, str | None]:
        month, code, field = self.model.key(index)
        try:
            new = parse_count_text(text, places=self.model.places(index))
        except InvalidValue as exc:
            return None, f"{month_label(month)}, {code} {('numerator', 'denominator')[field]}: {exc}"
        old = self.model.pair(month, code)[field]
        return ((month, code, field, old, new) if new != old else None), None

    def clear_selection(self) -> None:
        changes = []
        for index in self.view.selectionModel().selectedIndexes():
            month, code, field = self.model.key(index)
            old = self.model.pair(month, code)[field]
            if old is not None:
                changes.append((month, code, field, old, None))
        if changes:
            self.undo_stack.push(_CellEdit(self, changes, f"clear {plural(len(changes), 'cell')}"))
