"""The import wizard's mapping step, for files that name things their own way (a workforce
system's staff groups and job roles, a learning system's course names): every distinct value
of the chosen columns on the left, the app's staff group (or course) on the right, suggested
from the value's words, with "leave out" as a choice. The mapping is saved by name when the
user presses Next, and the newest saved one is offered at the next import; it stays editable.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from maternity_desk.core.errors import MaternityDeskError, ValidationFailed
from maternity_desk.core.mappings import LEAVE_OUT, ValueMapping
from maternity_desk.core.words import plural
from maternity_desk.exchange.identifiers import identifier_problems
from maternity_desk.exchange.importing import correct
from maternity_desk.exchange.tabular import MappedRows, map_columns
from maternity_desk.store import mappings as sm

NEW = "New mapping"
NONE = "No mapping: check the file as it is"
_NONE = "\x00none"  # the saved combo's data for NONE (no saved name can be it)


def _label(column: str) -> str:
    return column.replace("_", " ").capitalize()


class MappingPage(QWizardPage):
    """The wizard's ``extra["mapping"]`` is the saved mapping once Next is pressed."""

    def __init__(self, wizard):
        super().__init__()
        self.w = wizard
        self.spec = wizard.importer.mapping
        self.setTitle("Match the file's values")
        self.setSubTitle("Each value in the file on the left, what it is in Maternity Desk on the right. "
                         "The mapping is saved by name for the next import.")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.saved = QComboBox()
        self.saved.setAccessibleName("Saved mapping")
        self.saved.currentIndexChanged.connect(self._saved_chosen)
        saved_label = QLabel("&Saved mapping:")
        saved_label.setBuddy(self.saved)
        form.addRow(saved_label, self.saved)
        self.name = QLineEdit()
        self.name.setAccessibleName("Mapping name")
        self.name.setPlaceholderText("e.g. ESR staff list")
        self.name.textChanged.connect(self.completeChanged)
        name_label = QLabel("Mapping na&me:")
        name_label.setBuddy(self.name)
        form.addRow(name_label, self.name)
        self.by_row = QHBoxLayout()
        form.addRow("Match by:", self.by_row)
        layout.addLayout(form)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from value to value inside it
        layout.addWidget(self.scroll, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.saved.currentIndexChanged.connect(self.completeChanged)
        self.boxes: dict[str, QCheckBox] = {}
        self.combos: dict[tuple[str, ...], QComboBox] = {}
        self.rows: MappedRows | None = None
        self.chosen: dict[tuple[str, ...], str] = {}  # the user's choices this time, by values
        self.mapping: ValueMapping | None = None  # the saved mapping being edited
        self.targets: list[tuple[str, str]] = []
        self._building = False
        self._needed: tuple | None = None

    def needed(self) -> bool:
        """Whether the file names things its own way: a value of the first column that is not
        already one of the app's (a file in the app's own words goes straight to the check)."""
        key = (id(self.w.table), tuple(sorted(self.w.overrides.items())), tuple(sorted(self.w.corrections.items())))
        if self._needed is not None and self._needed[0] == key:
            return self._needed[1]
        try:
            rows = map_columns(correct(self.w.table, self.w.corrections), self.w.importer.columns, self.w.overrides)
        except ValidationFailed:
            rows = None  # the check says what is missing
        answer = False
        if rows is not None:
            shown = [c for c in self.spec.columns if c in rows.columns]  # what this step would show
            distinct: dict[tuple, tuple[int, dict]] = {}
            for row, v in rows:
                distinct.setdefault(tuple(str(v.get(c)) for c in shown), (row, {c: v.get(c) for c in shown}))
            values = MappedRows(rows.file, {c: rows.columns[c] for c in shown}, list(distinct.values()))
            if not identifier_problems(values):  # an NHS number is never shown here: the check refuses it
                known = self.spec.known(self.w.store)
                first = self.spec.columns[0]
                answer = any(not known(v.get(first)) for _row, v in values if v.get(first) not in (None, ""))
        self._needed = (key, answer)
        return answer

    # --- building ----------------------------------------------------------------------
    def initializePage(self) -> None:  # noqa: N802
        self.message.clear()
        self.targets = sm.targets(self.w.store, self.spec.kind)
        try:
            self.rows = map_columns(correct(self.w.table, self.w.corrections), self.w.importer.columns,
                                    self.w.overrides)
        except ValidationFailed as exc:  # a required column missing: the check page says which
            self.rows = None
            self.message.setText(str(exc.problems[0].reason))
        self._building = True
        try:
            saved = sorted(sm.list_mappings(self.w.store, self.spec.kind), key=lambda m: m[1], reverse=True)
            self.saved.clear()
            self.saved.addItem(NEW, "")
            for m, _updated in sorted(saved, key=lambda m: m[0].name.lower()):
                self.saved.addItem(m.name, m.name)
            self.saved.addItem(NONE, _NONE)
            current = self.w.extra.get("mapping")
            name = current.name if current else (saved[0][0].name if saved else "")
            self.saved.setCurrentIndex(max(self.saved.findData(name), 0))
        finally:
            self._building = False
        self._saved_chosen()

    def _head(self, column: str) -> str:
        """The column as the file names it."""
        return self.rows.columns.get(column, _label(column)) if self.rows is not None else _label(column)

    def _present(self) -> list[str]:
        return [c for c in self.spec.columns if self.rows is not None and c in self.rows.columns]

    def _saved_chosen(self) -> None:
        if self._building:
            return
        name = self.saved.currentData()
        off = name == _NONE
        self.name.setEnabled(not off)
        self.scroll.setEnabled(not off)
        self.mapping = sm.get_mapping(self.w.store, name) if name and not off else None
        self.chosen = {}
        self.name.setText(self.mapping.name if self.mapping is not None else "")
        present = self._present()
        want = [c for c in (self.mapping.columns if self.mapping else present[:2]) if c in present] or present[:1]
        for box in self.boxes.values():
            box.setParent(None)
        self.boxes = {}
        for i, col in enumerate(present):
            box = QCheckBox(self._head(col))
            box.setAccessibleName(f"Match by {_label(col).lower()}")
            box.setChecked(col in want)
            box.setEnabled(i > 0)  # the first column is always matched
            box.toggled.connect(self._build_grid)
            self.by_row.addWidget(box)
            self.boxes[col] = box
        self._build_grid()

    def columns(self) -> tuple[str, ...]:
        return tuple(c for c, box in self.boxes.items() if box.isChecked())

    def _build_grid(self) -> None:
        for key, combo in self.combos.items():  # keep what was chosen when the columns change back
            if combo.currentData() is not None:
                self.chosen[key] = combo.currentData()
        self.combos = {}
        columns = self.columns()
        probe = ValueMapping("", self.spec.kind, columns)
        counts: Counter = Counter()
        first_values: dict[tuple[str, ...], dict] = {}
        for _row, values in (self.rows or []):
            key = probe.key(values)
            counts[key] += 1
            first_values.setdefault(key, {c: values.get(c) for c in columns})
        holder = QWidget()
        grid = QGridLayout(holder)
        heads = [self._head(c) for c in columns] + ["Rows", self.spec.target_label]
        for c, text in enumerate(heads):
            grid.addWidget(QLabel(f"<b>{text}</b>"), 0, c)
        saved = self.mapping
        for r, key in enumerate(sorted(counts, key=lambda k: tuple(x.lower() for x in k)), start=1):
            for c, value in enumerate(key):
                grid.addWidget(QLabel(value or "(blank)"), r, c)
            grid.addWidget(QLabel(str(counts[key])), r, len(columns))
            combo = QComboBox()
            combo.setAccessibleName(f"{self.spec.target_label} for {' / '.join(x for x in key if x) or 'blank'}")
            combo.addItem("(choose)", None)
            combo.addItem(self.spec.leave_out_label, LEAVE_OUT)
            for code, name in self.targets:
                combo.addItem(name, code)
            how = ""
            target = self.chosen.get(key)
            if target is None and saved is not None and tuple(saved.columns) == columns:
                target = saved.target(first_values[key])
                how = "saved" if target is not None else ""
            if target is None:
                target = self.spec.suggest(first_values[key], self.targets)
                how = "suggested" if target is not None else "choose"
            combo.setCurrentIndex(max(combo.findData(target), 0) if target is not None else 0)
            combo.setToolTip({"saved": "As the saved mapping has it", "suggested": "Suggested from the words",
                              "choose": "Choose what this is, or leave it out"}.get(how, ""))
            combo.currentIndexChanged.connect(self.completeChanged)
            grid.addWidget(combo, r, len(columns) + 1)
            self.combos[key] = combo
        grid.setColumnStretch(len(columns) + 1, 1)
        grid.setRowStretch(len(counts) + 1, 1)
        self.scroll.setWidget(holder)
        chain = [self.saved, self.name, *self.boxes.values(), *self.combos.values()]
        for a, b in zip(chain, chain[1:], strict=False):  # down the page, then the wizard's buttons
            QWidget.setTabOrder(a, b)
        n = len(counts)
        self.message.setText(f"{plural(n, 'value')} found in {plural(len(self.rows or []), 'row')}." if self.rows
                             else self.message.text())
        self.completeChanged.emit()

    # --- the wizard's rules ---------------------------------------------------------------
    def isComplete(self) -> bool:  # noqa: N802
        if self.saved.currentData() == _NONE:
            return True
        return (self.rows is not None and bool(self.name.text().strip())
                and all(c.currentData() is not None for c in self.combos.values()))

    def current_mapping(self) -> ValueMapping:
        entries = dict(self.mapping.entries) if self.mapping and self.mapping.columns == self.columns() else {}
        entries.update({key: combo.currentData() for key, combo in self.combos.items()})
        return ValueMapping(self.name.text().strip(), self.spec.kind, self.columns(), entries)

    def validatePage(self) -> bool:  # noqa: N802
        if self.saved.currentData() == _NONE:
            self.w.extra.pop("mapping", None)
            return True
        try:
            saved = sm.save_mapping(self.w.store, self.current_mapping())
        except MaternityDeskError as exc:
            self.message.setText(str(exc))
            return False
        self.w.extra["mapping"] = saved
        return True
