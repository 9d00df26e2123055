"""The import wizard every area uses: choose a file, preview it and map its columns, see
every problem (or what will change), then import all of it in one transaction — or nothing.

Signals:
    imported(object): the :class:`ImportPlan` after it was committed.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from maternity_desk.core.errors import MaternityDeskError, ValidationFailed
from maternity_desk.core.words import plural
from maternity_desk.exchange import importing
from maternity_desk.exchange.importing import correct
from maternity_desk.exchange.tabular import Table, cell_text, read_table
from maternity_desk.store import open_store
from maternity_desk.ui import tasks
from maternity_desk.ui.errors import show_error
from maternity_desk.ui.mapping_page import MappingPage
from maternity_desk.ui.widgets import fit_columns

log = logging.getLogger(__name__)
PREVIEW_ROWS = 30
FILE_FILTER = "Spreadsheets (*.csv *.xlsx);;CSV (*.csv);;Excel workbook (*.xlsx);;All files (*)"


class _FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle(f"Import {wizard.importer.title.lower()}")
        self.setSubTitle("Choose a CSV or Excel (.xlsx) file. Nothing is written until you confirm.")
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setAccessibleName("File to import")
        self.path.textChanged.connect(self.completeChanged)
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        if wizard.importer.columns:
            cols = ", ".join(c.label + ("" if c.required else " (optional)") for c in wizard.importer.columns)
            help_label = QLabel(f"Columns: {cols}")
            help_label.setWordWrap(True)
            layout.addWidget(help_label)
        if wizard.importer.description:
            d = QLabel(wizard.importer.description)
            d.setWordWrap(True)
            layout.addWidget(d)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a00;")
        layout.addWidget(self.error)
        layout.addStretch(1)

    def _browse(self) -> None:
        start = QSettings().value("import/last_folder", "")
        name, _ = QFileDialog.getOpenFileName(self, "Choose a file to import", str(start), FILE_FILTER)
        if name:
            QSettings().setValue("import/last_folder", str(Path(name).parent))
            self.path.setText(name)

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:  # noqa: N802
        path = Path(self.path.text().strip())
        try:
            imp = self.w.importer
            self.w.table = imp.read(path) if imp.read else read_table(path, sheet=imp.sheet)
        except ValidationFailed as exc:
            self.error.setText(str(exc))
            return False
        if path != self.w.path:
            self.w.overrides = {}  # another file: its columns are matched afresh
            self.w.corrections = {}
        self.w.path = path
        self.error.clear()
        return True


class _MapPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("Preview and columns")
        self.setSubTitle("Check the file looks right and which column holds what.")
        layout = QVBoxLayout(self)
        self.preview = QTableWidget()
        self.preview.setAccessibleName("Preview of the file")
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.preview, 1)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.combos: dict[str, QComboBox] = {}

    def initializePage(self) -> None:  # noqa: N802
        table: Table = correct(self.w.table, self.w.corrections)
        self.preview.clear()
        self.preview.setColumnCount(len(table.headers))
        self.preview.setHorizontalHeaderLabels(table.headers)
        shown = table.rows[:PREVIEW_ROWS]
        self.preview.setRowCount(len(shown))
        self.preview.setVerticalHeaderLabels([str(n) for n, _ in shown])
        for r, (_, cells) in enumerate(shown):
            for c, value in enumerate(cells[: len(table.headers)]):
                self.preview.setItem(r, c, QTableWidgetItem(cell_text(value)))
        fit_columns(self.preview)
        while self.form.rowCount():
            self.form.removeRow(0)
        self.combos = {}
        for col in self.w.importer.columns:
            combo = QComboBox()
            combo.setAccessibleName(f"Column for {col.label.lower()}")
            combo.addItem("(not in this file)", "")
            for h in table.headers:
                combo.addItem(h, h)
            match = next((h for h in table.headers if col.matches(h)), "")
            chosen = self.w.overrides.get(col.name)  # kept when the user goes Back and Next again
            if chosen in table.headers:
                match = chosen
            combo.setCurrentIndex(max(combo.findData(match), 0))
            self.combos[col.name] = combo
            self.form.addRow(col.label + ("" if col.required else " (optional)") + ":", combo)

    def validatePage(self) -> bool:  # noqa: N802
        self.w.overrides = {name: combo.currentData() for name, combo in self.combos.items() if combo.currentData()}
        if self.w.mapping_page is not None and not self.w.mapping_page.needed():
            self.w.extra.pop("mapping", None)  # the file is in the app's own words
        return True

    def nextId(self) -> int:  # noqa: N802
        if self.w.mapping_page is not None and not self.w.mapping_page.needed():
            return self.w.page_id(self.w.check_page)
        return super().nextId()


class _CheckPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("Check")
        self.setSubTitle("Every row has been checked. Nothing has been written yet.")
        layout = QVBoxLayout(self)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setAccessibleName("Result of the check")
        layout.addWidget(self.verdict)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Problems and changes")
        layout.addWidget(self.details, 1)
        self.fixes = QTableWidget(0, 5)
        self.fixes.setAccessibleName("Refused cells: correct the value and check again")
        self.fixes.setHorizontalHeaderLabels(["Row", "Person", "Column", "Value", "Problem"])
        self.fixes.horizontalHeader().setStretchLastSection(True)
        self.fixes.verticalHeader().setVisible(False)
        self.fixes.setTabKeyNavigation(False)  # Tab leaves the table for Check again
        self.fixes.setToolTip("Type the corrected value in the Value column, then Check again. "
                              "The file itself is not changed.")
        layout.addWidget(self.fixes, 1)
        self.again = QPushButton("Check &again")
        self.again.setAccessibleName("Check again")
        self.again.clicked.connect(self.check_again)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.again)
        layout.addLayout(row)
        self.fixes.hide()
        self.again.hide()
        self.cells: list[tuple[int, str]] = []  # the (row, header) of each line of self.fixes
        self._rechecked = False
        self.plan = None

    def initializePage(self) -> None:  # noqa: N802
        self.plan = None
        self.verdict.setText("Checking…")
        self.details.clear()
        self.fixes.hide()
        self.again.hide()
        self.completeChanged.emit()
        path, kind, overrides, extra = self.w.path, self.w.importer.kind, self.w.overrides, dict(self.w.extra)
        corrections = dict(self.w.corrections)
        db = self.w.store.path

        def work():
            store = open_store(db, migrate=False, backups=False)
            try:
                return importing.plan_file(store, kind, path, overrides=overrides, corrections=corrections, **extra)
            finally:
                store.close()

        tasks.run_task(self, work, self._planned, self._failed, label="Checking the file…")

    def _planned(self, plan) -> None:
        self.plan = plan
        lines = [f"{plural(plan.rows, 'row')} ready to import from {plan.file}.", ""]
        if self.w.corrections:
            lines[1:1] = [f"With {plural(len(self.w.corrections), 'cell')} corrected here (the file is not changed)."]
        lines += plan.summary
        if plan.replaces:
            lines += ["", "Re-importing replaces:"] + [f"  {r}" for r in plan.replaces]
        if plan.warnings:
            lines += ["", "Warnings (these rows are left out):"] + [f"  {w}" for w in plan.warnings]
        self.verdict.setText("<b>The file is ready to import.</b> Press Import to write it, all in one go.")
        self.details.setPlainText("\n".join(lines))
        self.completeChanged.emit()
        if self._rechecked:  # checked again after corrections: Import is the next step
            self._rechecked = False
            finish = self.wizard().button(QWizard.WizardButton.FinishButton)
            QTimer.singleShot(0, finish, finish.setFocus)

    def _failed(self, exc: Exception) -> None:
        self.plan = None
        self._rechecked = False
        if isinstance(exc, ValidationFailed):
            n = len(exc.problems)
            self.verdict.setText(f"<b>The file cannot be imported: {n} problem{'s' if n != 1 else ''}.</b> "
                                 "Nothing was written. Correct the file and try again, or correct the "
                                 "values below and press Check again.")
            self.details.setPlainText("\n".join(str(p) for p in exc.problems))
            self._show_fixes(exc.problems)
        elif isinstance(exc, MaternityDeskError):
            self.verdict.setText("<b>The file cannot be imported.</b> Nothing was written.")
            self.details.setPlainText(str(exc))
        else:
            log.error("import check failed", exc_info=(type(exc), exc, exc.__traceback__))
            self.verdict.setText("<b>Something unexpected went wrong while checking.</b> Nothing was written.")
            self.details.setPlainText(f"{type(exc).__name__}: {exc}")
        self.completeChanged.emit()

    def _show_fixes(self, problems) -> None:
        """The refused cells, their values editable (the file's value, or this wizard's correction)."""
        table = self.w.table
        if table is None or self.w.importer.raw:
            return
        index = {h: i for i, h in enumerate(table.headers)}
        by_row = dict(table.rows) if len(table.rows) else {}
        self.cells = []
        self.fixes.setRowCount(0)
        for p in problems:
            if p.row is None or p.column not in index or p.row not in by_row:
                continue
            cells = by_row[p.row]
            i = index[p.column]
            value = self.w.corrections.get((p.row, p.column), cell_text(cells[i]) if i < len(cells) else "")
            r = self.fixes.rowCount()
            self.fixes.insertRow(r)
            for c, text in enumerate((str(p.row), p.who or "", p.column, value, p.reason)):
                item = QTableWidgetItem(text)
                if c != 3:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.fixes.setItem(r, c, item)
            self.cells.append((p.row, p.column))
        if self.cells:
            fit_columns(self.fixes)
            self.fixes.show()
            self.again.show()
            self.fixes.setCurrentCell(0, 3)
            QTimer.singleShot(0, self.fixes, self.fixes.setFocus)  # after the wizard has focused the page

    def check_again(self) -> None:
        """Use the values typed in the refused cells and check the whole file again."""
        if self.fixes.state() == QTableWidget.State.EditingState:  # the value being typed counts
            self.fixes.setCurrentItem(None)
        for r, key in enumerate(self.cells):
            self.w.corrections[key] = self.fixes.item(r, 3).text()
        self._rechecked = True
        self.initializePage()

    def isComplete(self) -> bool:  # noqa: N802
        return self.plan is not None


class ImportWizard(QWizard):
    """Signals:
        imported(object): the committed plan.
    """

    imported = Signal(object)

    def __init__(self, store, kind: str, parent=None, *, extra: dict | None = None):
        super().__init__(parent)
        self.store = store
        self.importer = importing.get(kind)
        self.extra = dict(extra or {})
        self.path: Path | None = None
        self.table: Table | None = None
        self.overrides: dict[str, str] = {}
        self.corrections: dict[tuple[int, str], str] = {}  # (row, header) -> value typed in the check
        self._committing = False
        self.setWindowTitle(f"Import {self.importer.title.lower()}")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.file_page = _FilePage(self)
        self.addPage(self.file_page)
        self.map_page = None
        if not self.importer.raw:
            self.map_page = _MapPage(self)
            self.addPage(self.map_page)
        self.mapping_page = None
        if self.importer.mapping is not None:
            self.mapping_page = MappingPage(self)
            self.addPage(self.mapping_page)
        self.check_page = _CheckPage(self)
        self.addPage(self.check_page)
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Import")
        self.resize(820, 600)

    def page_id(self, page: QWizardPage) -> int:
        return next(i for i in self.pageIds() if self.page(i) is page)

    def set_file(self, path: Path | str) -> None:
        self.file_page.path.setText(str(path))

    def accept(self) -> None:
        plan = self.check_page.plan
        if plan is None or self._committing:
            return
        self._committing = True
        db = self.store.path

        def work():  # its own connection: SQLite connections stay on their thread
            store = open_store(db, migrate=False, backups=False)
            try:
                return importing.commit(store, plan)  # what was written, checked again at commit
            finally:
                store.close()

        tasks.run_task(self, work, self._committed, self._commit_failed, label="Importing…")

    def _committed(self, plan) -> None:
        self._committing = False
        self.imported.emit(plan)
        super().accept()

    def _commit_failed(self, exc: Exception) -> None:
        self._committing = False
        show_error(self, exc, "Import failed; nothing was written")
