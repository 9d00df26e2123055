"""The board report's entry grids, working like the dashboard's: type or paste (from Excel)
figures; each one that passes the checks is written at once (audited); every change can be
undone in the session (Ctrl+Z, Ctrl+Y); Delete clears the selected cells. A figure that fails a
check (a percentage over 100, a negative figure, actual hours over three times the planned) is
refused with the reason, and a pasted block with any such figure is refused whole. The
definition of the figure under the cursor is shown under the grid.

:class:`FiguresGrid` holds months x the measures the unit records; :class:`IncidentGrid` one
month's incident counts, categories x harm levels.

Signals (ValueGrid):
    data_changed(): something was written to the database
    message(str): a one-line status for the user
"""

from __future__ import annotations

import textwrap

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from maternity_desk.core import board as b
from maternity_desk.core.errors import InvalidValue, MaternityDeskError
from maternity_desk.core.periods import month_label
from maternity_desk.core.words import plural
from maternity_desk.store import board as sb
from maternity_desk.ui.dashboard.grid import GridView, paste_changes

Key = tuple[str, str]  # (row key, column key)


class ValuesModel(QAbstractTableModel):
    """Rows x columns of figures. An edit is not written here: ``edit_requested`` carries it
    to the grid (which checks, writes and records it for undo); ``rejected`` says why not."""

    edit_requested = Signal(list)
    rejected = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[str] = []
        self.row_labels: list[str] = []
        self.cols: list[str] = []
        self.col_labels: list[str] = []
        self.col_help: list[str] = []
        self.values: dict[Key, float | int] = {}
        self.fmt = lambda col, v: "" if v is None else str(v)
        self.parse = lambda col, text: text

    def load(self, rows, row_labels, cols, col_labels, col_help, values) -> None:
        self.beginResetModel()
        self.rows, self.row_labels = list(rows), list(row_labels)
        self.cols, self.col_labels, self.col_help = list(cols), list(col_labels), list(col_help)
        self.values = dict(values)
        self.endResetModel()

    def _name(self, column: int) -> str:
        return " ".join(self.col_labels[column].split())

    def key(self, index: QModelIndex) -> Key:
        return self.rows[index.row()], self.cols[index.column()]

    def rowCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.cols)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.cols):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.col_labels[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.col_help[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.rows) \
                and role == Qt.ItemDataRole.DisplayRole:
            return self.row_labels[section]
        return None

    def flags(self, index):
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = self.key(index)
        v = self.values.get((row, col))
        if role == Qt.ItemDataRole.DisplayRole:
            return self.fmt(col, v)
        if role == Qt.ItemDataRole.EditRole:
            return "" if v is None else str(v)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.col_help[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and v is None:
            return QColor("#fafafa")
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row, col = self.key(index)
        try:
            new = self.parse(col, value)
        except InvalidValue as exc:
            self.rejected.emit(f"{self.row_labels[index.row()]}, {self._name(index.column())}: {exc}")
            return False
        old = self.values.get((row, col))
        if new != old:
            self.edit_requested.emit([(row, col, old, new)])
        return True

    def show_values(self, changes) -> None:
        for row, col, value in changes:
            if value is None:
                self.values.pop((row, col), None)
            else:
                self.values[(row, col)] = value
            if row in self.rows and col in self.cols:
                i = self.index(self.rows.index(row), self.cols.index(col))
                self.dataChanged.emit(i, i)


class _Edit(QUndoCommand):
    def __init__(self, grid: ValueGrid, changes: list, text: str):
        super().__init__(text)
        self.grid, self.changes = grid, changes

    def redo(self) -> None:
        self.grid._write([(r, c, new) for r, c, _old, new in self.changes], "edit")

    def undo(self) -> None:
        self.grid._write([(r, c, old) for r, c, old, _new in self.changes], "undo")


class ValueGrid(QWidget):
    data_changed = Signal()
    message = Signal(str)
    #: what the grid's figures are called in its messages
    noun = "figure"

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)
        self.model = ValuesModel(self)
        self.model.fmt = self._format
        self.model.parse = self._parse
        self.model.edit_requested.connect(self._on_edit_requested)
        self.model.rejected.connect(self._say)
        self.view = GridView(self)
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                  | QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.paste_requested.connect(self.paste_from_clipboard)
        self.view.clear_requested.connect(self.clear_selection)
        self.view.horizontalHeader().setDefaultSectionSize(110)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.definition = QLabel(self)
        self.definition.setWordWrap(True)
        self.definition.setAccessibleName("Definition of the figure under the cursor")
        self.definition.setStyleSheet("color: #333;")
        self.definition.setText("Move to a cell to see the definition of its figure here.")
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Grid status")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        paste = QAction("&Paste from Excel", self)
        paste.triggered.connect(self.paste_from_clipboard)
        self.addActions([undo, redo])
        self.bar = QHBoxLayout()
        for action, name in ((undo, "Undo"), (redo, "Redo"), (paste, "Paste from Excel")):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setAccessibleName(name)
            self.bar.addWidget(button)
        self.bar.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(self.bar)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.definition)
        lay.addWidget(self.status)
        self.view.selectionModel().currentChanged.connect(self._show_definition)

    # --- what a grid defines ----------------------------------------------------------------------
    # Each grid (FiguresGrid, IncidentGrid) also defines ``_parse(col, text)`` (a typed or pasted
    # cell as its value, InvalidValue when it is not one) and ``_store_write(changes, action)``
    # (the changes written in one transaction).
    def _format(self, col: str, value) -> str:
        return "" if value is None else str(value)

    def _row_problems(self, row: str, values: dict[str, float | int]) -> dict[str, str]:
        return {}

    # --- shared ------------------------------------------------------------------------------------
    def _say(self, text: str) -> None:
        self.status.setText(f"Not accepted: {text}")
        self.message.emit(f"Not accepted: {text}")

    def _show_definition(self, current: QModelIndex, _previous=None) -> None:
        if current.isValid():
            self.definition.setText(self.model.col_help[current.column()])

    def _check(self, changes: list) -> list[str]:
        """The cross checks of every row ``changes`` touch, with the changes applied."""
        rows: dict[str, dict[str, float | int]] = {}
        for r, c, _old, new in changes:
            rows.setdefault(r, {k: v for (rr, k), v in self.model.values.items() if rr == r})
            if new is None:
                rows[r].pop(c, None)
            else:
                rows[r][c] = new
        problems = []
        for r, vals in rows.items():
            label = self.model.row_labels[self.model.rows.index(r)]
            problems.extend(f"{label}: {reason}" for reason in self._row_problems(r, vals).values())
        return problems

    def _on_edit_requested(self, changes: list) -> None:
        problems = self._check(changes)
        if problems:
            self._say("; ".join(problems))
            return
        r, c, _o, _n = changes[0]
        self.undo_stack.push(_Edit(self, changes, f"{self.noun} {c} {r}"))

    def _write(self, changes: list, action: str) -> None:
        try:
            self._store_write(changes, action)
        except MaternityDeskError as exc:
            QMessageBox.warning(self, "Not saved", str(exc))
            return
        self.model.show_values(changes)
        self.status.setText(f"Saved {plural(len(changes), self.noun)}" if action != "undo"
                            else f"Undone: {plural(len(changes), self.noun)} put back")
        self.data_changed.emit()

    def paste_from_clipboard(self) -> None:
        self.paste_text(QApplication.clipboard().text())

    def paste_text(self, text: str) -> bool:
        """Paste a tab-separated block at the current cell; refused whole when any cell fails
        a check or the block runs off the grid."""
        changes = paste_changes(self, self.view, self.model, text, self._pasted_cell, check=self._check,
                                refused=lambda problems: self.status.setText("Paste refused: " + problems[0]))
        if changes is None:
            return False
        if changes:
            self.undo_stack.push(_Edit(self, changes, f"paste {plural(len(changes), 'cell')}"))
        return True

    def _pasted_cell(self, index, cell: str) -> tuple[tuple | None, str | None]:
        r, c = self.model.key(index)
        try:
            new = self._parse(c, cell)
        except InvalidValue as exc:
            return None, f"{self.model.row_labels[index.row()]}, {self.model._name(index.column())}: {exc}"
        old = self.model.values.get((r, c))
        return ((r, c, old, new) if new != old else None), None

    def clear_selection(self) -> None:
        changes = []
        for index in self.view.selectionModel().selectedIndexes():
            r, c = self.model.key(index)
            old = self.model.values.get((r, c))
            if old is not None:
                changes.append((r, c, old, None))
        if changes:
            self.undo_stack.push(_Edit(self, changes, f"clear {plural(len(changes), 'cell')}"))


class FiguresGrid(ValueGrid):
    """Months (rows) x the measures the unit records (columns)."""

    noun = "figure"

    def __init__(self, store, parent=None):
        super().__init__(store, parent)
        self.view.setAccessibleName("Monthly figures for the board report")
        self.measures: dict[str, b.Measure] = {}

    def load(self, months: list[str]) -> None:
        catalogue = sb.measures(self.store, recorded_only=True)
        self.measures = {m.code: m for m in catalogue}
        values = {k: v for k, v in sb.values(self.store, first=months[0], last=months[-1]).items()}
        self.model.load(months, [month_label(m) for m in months], [m.code for m in catalogue],
                        [textwrap.fill(m.name, 16) for m in catalogue], [m.help for m in catalogue], values)
        self.undo_stack.clear()
        self.view.resizeRowsToContents()
        if months:
            self.view.scrollTo(self.model.index(len(months) - 1, 0))

    def _format(self, col: str, value) -> str:
        m = self.measures.get(col)
        return "" if value is None or m is None else b.format_value(value, m)

    def _parse(self, col: str, text):
        return b.parse_value(text, self.measures[col])

    def _row_problems(self, row: str, values) -> dict[str, str]:
        return b.month_problems(values, self.measures.values())

    def _store_write(self, changes: list, action: str) -> None:
        sb.set_values(self.store, [(month, code, v) for month, code, v in changes], action=action)


class IncidentGrid(ValueGrid):
    """One month's incident counts: the unit's categories (rows) x harm levels (columns)."""

    noun = "count"

    def __init__(self, store, parent=None):
        super().__init__(store, parent)
        self.view.setAccessibleName("Incident counts by category and harm")
        self.month = ""

    def load(self, month: str) -> None:
        self.month = month
        cats = sb.categories(self.store)
        held = {(c, h): n for (_m, c, h), n in sb.incidents(self.store, first=month, last=month).items()}
        help_text = ("Incidents reported in {month}, {harm}: a whole number of incidents for the category. "
                     "Harm as graded in the incident system.")
        self.model.load(cats, cats, [h for h, _l in b.HARMS], [lbl for _h, lbl in b.HARMS],
                        [help_text.format(month=month_label(month), harm=lbl.lower()) for _h, lbl in b.HARMS], held)
        self.undo_stack.clear()

    def _parse(self, col: str, text):
        return b.parse_count(text, "incident count")

    def _store_write(self, changes: list, action: str) -> None:
        sb.set_incidents(self.store, [(self.month, cat, harm, n) for cat, harm, n in changes], action=action)
