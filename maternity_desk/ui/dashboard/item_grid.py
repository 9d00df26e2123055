"""The unit's monthly entry grid over data items: type or paste (from Excel) each count once;
each figure is written at once (audited) with the indicator figures it feeds; every change can
be undone in the session (the data items and indicator figures go back exactly as they were).

Signals (as :class:`~maternity_desk.ui.dashboard.grid.EntryGrid`):
    data_changed(): something was written to the database
    message(str): a one-line status for the user
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QApplication, QMessageBox

from maternity_desk.core.dashboard import (
    check_entry,
    last_complete_month,
    parse_count_text,
)
from maternity_desk.core.errors import InvalidValue, MaternityDeskError
from maternity_desk.core.periods import month_label, month_range, shift_month
from maternity_desk.core.words import plural
from maternity_desk.store import dashboard as dash
from maternity_desk.store import data_items as di
from maternity_desk.ui.dashboard.grid import EntryGrid, paste_changes
from maternity_desk.ui.dashboard.item_model import ITEM, ItemGridModel


class _ItemEdit(QUndoCommand):
    """Cells typed, pasted or cleared; undo puts the cells and the database back exactly."""

    def __init__(self, grid: ItemEntryGrid, changes: list, text: str):
        super().__init__(text)
        self.grid = grid
        self.changes = changes
        self.before: tuple = (di.Snapshot(), [])

    def redo(self) -> None:
        self.before = self.grid._apply_items(self.changes)

    def undo(self) -> None:
        self.grid._undo_items([(m, k, new, old) for m, k, old, new in self.changes], self.before)


class ItemEntryGrid(EntryGrid):
    def __init__(self, store, today, parent=None):
        super().__init__(store, today, parent=parent)
        self.model = ItemGridModel(today, self)
        self.model.edit_requested.connect(self._on_item_edit)
        self.model.rejected.connect(self._on_rejected)
        self.view.setModel(self.model)
        self.view.setAccessibleName("Monthly data items")
        self.view.horizontalHeader().setDefaultSectionSize(96)
        self.view.horizontalHeader().setMinimumSectionSize(60)

    def refresh(self, *, force: bool = False) -> None:
        if not force and self._stamp is not None and dash.data_stamp(self.store) == self._stamp:
            return
        values = di.item_values(self.store)
        stored = dash.all_values(self.store)
        last = last_complete_month(self.today)
        first = shift_month(last, -(self.months_spin.value() - 1))
        held = [m for m, _c in values] + [m for m, _c in stored]
        if held:
            first = min(first, min(held))
        self.model.load(di.groups(), di.data_items(self.store), dash.indicators(self.store),
                        month_range(first, last), values, stored)
        self.undo_stack.clear()
        self._update_status()
        self._stamp = dash.data_stamp(self.store)
        if self.model.rowCount():
            self.view.scrollTo(self.model.index(self.model.rowCount() - 1, 0))

    # --- editing ---------------------------------------------------------------------------
    def _on_item_edit(self, changes: list) -> None:
        month, key, _old, _new = changes[0]
        m = self.model
        what = m.items[key[1]].name if key[0] == ITEM else m.indicators[key[1]].name
        self.undo_stack.push(_ItemEdit(self, changes, f"{what.lower()}, {month_label(month)}"))

    def _apply_items(self, changes: list) -> tuple:
        """Show ``changes`` and write them: data items at once (with the indicators they feed),
        own figures when the pair is complete and passes the checks."""
        self.model.apply(changes)
        items = [(m, k[1], new) for m, k, _old, new in changes if k[0] == ITEM]
        own_keys = list(dict.fromkeys((m, k[1]) for m, k, *_ in changes if k[0] != ITEM))
        snap, own_before = di.Snapshot(), []
        try:
            if items:
                snap = di.set_items(self.store, items)
            writes = []
            for month, code in own_keys:
                pair = self.model.own.get((month, code), [None, None])
                ind = self.model.indicators[code]
                held = self.model.stored.get((month, code))
                if pair == [None, None]:
                    if held is not None:
                        writes.append((month, code, None, None))
                elif None not in pair and held != tuple(pair) and not check_entry(
                        ind, month, pair[0], pair[1], self.today):
                    writes.append((month, code, pair[0], pair[1]))
            if writes:
                own_before = dash.set_values(self.store, writes)
                for m, c, n, d in writes:
                    if n is None:
                        self.model.stored.pop((m, c), None)
                    else:
                        self.model.stored[(m, c)] = (n, d)
        except MaternityDeskError as exc:
            QMessageBox.warning(self, "Not saved", str(exc))
        self._written(bool(snap or own_before), f"Saved {plural(len(items) + len(own_before), 'figure')}")
        return snap, own_before

    def _undo_items(self, changes: list, before: tuple) -> None:
        snap, own_before = before
        self.model.apply(changes)
        try:
            if snap:
                di.restore(self.store, snap)
            if own_before:
                dash.set_values(self.store, own_before, action="undo")
                for m, c, n, d in own_before:
                    if n is None:
                        self.model.stored.pop((m, c), None)
                    else:
                        self.model.stored[(m, c)] = (n, d)
        except MaternityDeskError as exc:
            QMessageBox.warning(self, "Not undone", str(exc))
        self._written(bool(snap or own_before), "")

    def _written(self, wrote: bool, text: str) -> None:
        if wrote:
            self.model.stored = dash.all_values(self.store)
            self.model._status = {}
            self.model.headerDataChanged.emit(Qt.Orientation.Vertical, 0, max(0, self.model.rowCount() - 1))
            self._stamp = dash.data_stamp(self.store)
            if text:
                self.message.emit(text)
            self.data_changed.emit()
        self._update_status()

    def paste_from_clipboard(self) -> None:
        self.paste_text(QApplication.clipboard().text())

    def paste_text(self, text: str) -> bool:
        """Paste a tab-separated block at the current cell; refused whole if any cell is not a
        figure, lands on a worked-out rate, or the block runs off the grid."""
        changes = paste_changes(self, self.view, self.model, text, self._pasted_cell)
        if changes is None:
            return False
        if changes:
            self.undo_stack.push(_ItemEdit(self, changes, f"paste {plural(len(changes), 'cell')}"))
        return True

    def _pasted_cell(self, index, cell: str) -> tuple[tuple | None, str | None]:
        month, key = self.model.key(index)
        if not self.model.editable(index):
            return None, (f"{month_label(month)}: a worked-out rate cannot be pasted over" if cell else None)
        try:
            new = parse_count_text(cell, places=self.model.places(index))
        except InvalidValue as exc:
            name = self.model.headerData(index.column(), Qt.Orientation.Horizontal).replace(chr(10), " ")
            return None, f"{month_label(month)}, {name}: {exc}"
        old = self.model.value(month, key)
        return ((month, key, old, new) if new != old else None), None

    def clear_selection(self) -> None:
        changes = []
        for index in self.view.selectionModel().selectedIndexes():
            if not self.model.editable(index):
                continue
            month, key = self.model.key(index)
            old = self.model.value(month, key)
            if old is not None:
                changes.append((month, key, old, None))
        if changes:
            self.undo_stack.push(_ItemEdit(self, changes, f"clear {plural(len(changes), 'cell')}"))

