"""Dashboard dialogs: add or edit an indicator, annotations, peer units."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from maternity_desk.core.errors import InvalidValue, MaternityDeskError
from maternity_desk.core.indicators import CHART_TYPES, GROUPS, SCALE_LABELS, Indicator
from maternity_desk.core.periods import month_label
from maternity_desk.store import dashboard as dash
from maternity_desk.store import data_items
from maternity_desk.ui.dashboard.grid import EntryGrid


def _number(text: str, label: str) -> float | None:
    t = text.strip().replace(",", "")
    if not t:
        return None
    try:
        return float(t)
    except ValueError:
        raise InvalidValue(f"the {label} '{text}' is not a number") from None


def _year(text: str, label: str) -> int | None:
    t = text.strip()
    if not t:
        return None
    if not t.isdigit():
        raise InvalidValue(f"the {label} '{text}' is not a year")
    return int(t)


class IndicatorDialog(QDialog):
    """Add a unit's own indicator, or edit one (its code stays). Saves on OK."""

    def __init__(self, store, indicator: Indicator | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self.original = indicator
        self.saved: Indicator | None = None
        self.setWindowTitle("Edit indicator" if indicator else "Add an indicator")
        ind = indicator or Indicator("", "", "percent")
        self.code = QLineEdit(ind.code)
        self.code.setReadOnly(indicator is not None)
        self.name = QLineEdit(ind.name)
        self.numerator = QLineEdit(ind.numerator)
        self.denominator = QLineEdit(ind.denominator)
        self.scale = QComboBox()
        for code, label in SCALE_LABELS.items():
            self.scale.addItem(label, code)
        self.scale.setCurrentIndex(self.scale.findData(ind.scale))
        self.better = QComboBox()
        for label, value in (("No direction", None), ("Higher is better", "higher"), ("Lower is better", "lower")):
            self.better.addItem(label, value)
        self.better.setCurrentIndex(self.better.findData(ind.better) if ind.better else 0)
        self.group = QComboBox()
        self.group.setEditable(True)
        self.group.addItems(list(GROUPS))
        self.group.setCurrentText(ind.group)
        self.chart = QComboBox()
        for code, label in CHART_TYPES.items():
            self.chart.addItem(label, code)
        self.chart.setCurrentIndex(self.chart.findData(ind.chart))

        def num(v):
            return "" if v is None else f"{v:g}"

        self.rag_green = QLineEdit(num(ind.rag_green))
        self.rag_red = QLineEdit(num(ind.rag_red))
        self.baseline = QLineEdit(num(ind.baseline))
        self.baseline_year = QLineEdit("" if ind.baseline_year is None else str(ind.baseline_year))
        self.target = QLineEdit(num(ind.target))
        self.target_year = QLineEdit("" if ind.target_year is None else str(ind.target_year))
        self.version = QLineEdit(ind.definition_version)
        self.notes = QPlainTextEdit(ind.notes)
        self.notes.setMaximumHeight(60)
        self.rare_event = QCheckBox("Rare event (0 to 3 a month): g-chart by de&fault", self)
        self.rare_event.setChecked(ind.rare_event)
        self.ambition = QPlainTextEdit(ind.ambition)
        self.ambition.setMaximumHeight(60)
        self.ambition.setAccessibleName("National ambition")
        self.ambition_source = QLineEdit(ind.ambition_source)
        self.ambition_source.setAccessibleName("Ambition source")
        self.numerator.setMinimumWidth(260)
        for w in (self.name, self.numerator, self.denominator):
            w.setCursorPosition(0)  # show a long definition from its start
        # worked out from data items (each typed once), or typed as the indicator's own figures
        items = data_items.data_items(store)
        self.item_lists = []
        sums = QVBoxLayout()
        note = QLabel("Worked out from the monthly counts ticked (none: typed as its own two figures)", self)
        note.setWordWrap(True)
        note.setMaximumWidth(270)
        sums.addWidget(note)
        for label, chosen in (("Numerator: the sum of", ind.numerator_items),
                              ("Denominator: the sum of", ind.denominator_items)):
            sums.addWidget(QLabel(label, self))
            lst = QListWidget(self)
            lst.setAccessibleName(label.replace(":", "").replace(" the sum of", " data items"))
            lst.setMaximumWidth(270)
            lst.setMinimumHeight(60)
            for item in items:
                row = QListWidgetItem(item.name, lst)
                row.setData(Qt.ItemDataRole.UserRole, item.code)
                row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                row.setCheckState(Qt.CheckState.Checked if item.code in chosen else Qt.CheckState.Unchecked)
            sums.addWidget(lst, 1)
            self.item_lists.append(lst)
        forms = (QFormLayout(), QFormLayout())
        rows = (
            (0, "&Code", self.code), (0, "&Name", self.name), (0, "N&umerator", self.numerator),
            (0, "&Denominator", self.denominator), (0, "&Scale", self.scale), (0, "&Better", self.better),
            (0, "&Group", self.group), (0, "C&hart", self.chart),
            (1, "Green at or better &than", self.rag_green), (1, "&Red when worse than", self.rag_red),
            (1, "National 2010 base&line", self.baseline), (1, "Baseline &year", self.baseline_year),
            (1, "&Ambition target", self.target), (1, "Tar&get year", self.target_year),
            (1, "Definition &version", self.version),
        )
        for column, label, w in rows:
            w.setAccessibleName(label.replace("&", ""))
            forms[column].addRow(label, w)
        for w in (self.rag_green, self.rag_red, self.baseline, self.baseline_year, self.target,
                  self.target_year, self.version):
            w.setMinimumWidth(120)
        columns = QHBoxLayout()
        columns.addLayout(forms[0], 3)
        columns.addSpacing(12)
        columns.addLayout(forms[1], 2)
        columns.addSpacing(12)
        columns.addLayout(sums, 2)
        notes = QFormLayout()
        self.notes.setAccessibleName("Notes")
        notes.addRow("N&otes", self.notes)
        notes.addRow("National a&mbition", self.ambition)
        notes.addRow("Ambit&ion source", self.ambition_source)
        notes.addRow("", self.rare_event)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(columns)
        lay.addLayout(notes)
        lay.addWidget(buttons)

    def indicator(self) -> Indicator:
        base = self.original or Indicator("", "", "percent", source="local")
        return replace(
            base,
            code=self.code.text(), name=self.name.text(), numerator=self.numerator.text(),
            denominator=self.denominator.text(), scale=self.scale.currentData(),
            better=self.better.currentData(), group=self.group.currentText(),
            chart=self.chart.currentData(),
            rag_green=_number(self.rag_green.text(), "green threshold"),
            rag_red=_number(self.rag_red.text(), "red threshold"),
            baseline=_number(self.baseline.text(), "baseline"),
            baseline_year=_year(self.baseline_year.text(), "baseline year"),
            target=_number(self.target.text(), "target"),
            target_year=_year(self.target_year.text(), "target year"),
            definition_version=self.version.text(), notes=self.notes.toPlainText().strip(),
            ambition=self.ambition.toPlainText().strip(), ambition_source=self.ambition_source.text().strip(),
            rare_event=self.rare_event.isChecked(),
            numerator_items=self._ticked(0), denominator_items=self._ticked(1),
        )

    def _ticked(self, which: int) -> tuple[str, ...]:
        lst = self.item_lists[which]
        return tuple(lst.item(i).data(Qt.ItemDataRole.UserRole) for i in range(lst.count())
                     if lst.item(i).checkState() == Qt.CheckState.Checked)

    def _save(self) -> None:
        try:
            self.saved = data_items.save_indicator(self.store, self.indicator(), new=self.original is None)
        except MaternityDeskError as exc:
            QMessageBox.warning(self, "Indicator not saved", str(exc))
            return
        self.accept()


class AnnotationsDialog(QDialog):
    """Notes pinned to a month, for one indicator or every indicator."""

    def __init__(self, store, indicator: Indicator, months: list[str], parent=None):
        super().__init__(parent)
        self.store = store
        self.ind = indicator
        self.changed = False
        self.setWindowTitle(f"Annotations: {indicator.name}")
        self.list = QListWidget()
        self.list.setAccessibleName("Annotations")
        self.month = QComboBox()
        self.month.setAccessibleName("Month")
        for m in reversed(months):
            self.month.addItem(month_label(m), m)
        self.text = QLineEdit()
        self.text.setAccessibleName("Annotation text")
        self.text.setPlaceholderText("e.g. new CTG training started")
        self.every = QCheckBox("Show on every indicator")
        self.every.setAccessibleName("Show on every indicator")
        add = QPushButton("&Add")
        add.clicked.connect(self._add)
        remove = QPushButton("&Remove selected")
        remove.clicked.connect(self._remove)
        row = QHBoxLayout()
        row.addWidget(self.month)
        row.addWidget(self.text, 1)
        row.addWidget(self.every)
        row.addWidget(add)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.list)
        lay.addLayout(row)
        lay.addWidget(remove)
        lay.addWidget(close)
        self.resize(720, 360)
        self._load()

    def _load(self) -> None:
        self.list.clear()
        for a in dash.annotations(self.store, self.ind.code):
            scope = "" if a.indicator_code else " (every indicator)"
            item = QListWidgetItem(f"{month_label(a.month)}: {a.text}{scope}")
            item.setData(256, a.id)
            self.list.addItem(item)

    def _add(self) -> None:
        try:
            dash.add_annotation(self.store, self.month.currentData() or "", self.text.text(),
                                None if self.every.isChecked() else self.ind.code)
        except MaternityDeskError as exc:
            QMessageBox.warning(self, "Annotation not added", str(exc))
            return
        self.text.clear()
        self.changed = True
        self._load()

    def _remove(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        dash.delete_annotation(self.store, item.data(256))
        self.changed = True
        self._load()


def ask_peer_unit(store, parent=None) -> str | None:
    """Ask for a new peer unit's name and add it; None when cancelled or refused."""

    name, ok = QInputDialog.getText(parent, "Add a peer unit", "Name of the unit:")
    if not ok or not name.strip():
        return None
    try:
        return dash.add_peer_unit(store, name)
    except MaternityDeskError as exc:
        QMessageBox.warning(parent, "Peer unit not added", str(exc))
        return None


class PeerGridDialog(QDialog):
    """Enter a peer unit's monthly figures in the same grid as the unit's own."""

    def __init__(self, store, unit: str, today, parent=None):
        super().__init__(parent)

        self.setWindowTitle(f"Figures for {unit}")
        self.grid = EntryGrid(store, today, unit=unit, parent=self)
        self.grid.refresh()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.grid)
        lay.addWidget(close)
        self.resize(1200, 640)
