"""The monthly return page: choose the month, see what the return will hold (sheet by sheet,
with row counts), choose small-number suppression, and export the workbook or the PDF pack,
optionally opening the file when it is written.

Building the return reads every area, so it runs off the UI thread (``ui.tasks.run_task``)
on its own database connection; the PDF is drawn on the UI thread from the gathered content.

Signals (inherited): data_changed — never emitted: an export writes nothing to the database.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from maternity_desk.core.periods import month_label, shift_month
from maternity_desk.exchange.returns import (
    build_return,
    default_file_name,
    latest_complete_month,
    write_workbook,
)
from maternity_desk.store import open_store
from maternity_desk.ui import errors, tasks
from maternity_desk.ui.page import Page
from maternity_desk.ui.returns.pack import (
    cell_text,
    chart_tables,
    draw_chart,
    new_chart,
    pack_steps,
    take_chart,
)
from maternity_desk.ui.widgets import fit_columns

MONTHS_OFFERED = 36


class PreviewModel(QAbstractTableModel):
    """Sheets of the return: (sheet, contents, rows, note)."""

    HEADERS = ("Sheet", "Contents", "Rows", "Note")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple[str, str, int, bool]] = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=None) -> int:  # noqa: N802 (Qt API)
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        sheet, title, n, available = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (sheet, title, n, "" if available else "Not available: the sheet says why")[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class SectionModel(QAbstractTableModel):
    """One sheet of the return as it will be written: each table's title, headings and rows
    (figures shown as the report pack prints them, suppressed ones as ``*``)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple[str, tuple, tuple]] = []  # (title/header/row/empty, values, kinds)
        self._columns = 0

    def set_section(self, section) -> None:
        self.beginResetModel()
        self._rows = []
        for t in section.tables if section is not None else []:
            kinds = tuple(c.kind for c in t.columns)
            if t.title:
                self._rows.append(("title", (t.title,), ()))
            self._rows.append(("header", tuple(t.headers), kinds))
            if not t.rows:
                self._rows.append(("empty", (t.empty,), ()))
            for r in t.rows:
                self._rows.append(("row", tuple(cell_text(v) for v in r), kinds))
            self._rows.append(("empty", (), ()))
        if self._rows and self._rows[-1][0] == "empty" and not self._rows[-1][1]:
            self._rows.pop()
        self._columns = max((len(v) for _k, v, _t in self._rows), default=0)
        self.endResetModel()

    def rowCount(self, parent=None) -> int:  # noqa: N802 (Qt API)
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else self._columns

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        kind, values, kinds = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return values[col] if col < len(values) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col < len(kinds) and kinds[col] in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and kind in ("title", "header"):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.FontRole and kind == "empty":
            font = QFont()
            font.setItalic(True)
            return font
        return None


NUMERIC = frozenset({"count", "rate", "money", "number"})


class _Relay(QObject):
    """Carries progress from a worker thread to the page (queued across threads).

    Signals: step(str)
    """

    step = Signal(str)


#: progress steps: gathering (one per area) and writing (one per sheet after the cover, then
#: saving)
GATHER_STEPS = 5
WRITE_STEPS = 8


class ReturnsPage(Page):
    """Signals:
        exported(str): the path of a workbook or pack just written
    """

    title = "Monthly return"
    description = "Build the monthly return workbook or the PDF report pack for a month."
    exported = Signal(str)

    def __init__(self, store, parent=None, *, today: date | None = None):
        super().__init__(store, parent)

        self.today = today or date.today()
        self.content = None
        layout = QVBoxLayout(self)
        heading = QLabel("<h2>Monthly return</h2>")
        layout.addWidget(heading)
        intro = QLabel("The return for a month: a cover sheet, the indicators with SPC, key "
                       "indicator charts, training compliance, the training fund, improvement "
                       "projects, governance, and the figures in long form for another unit "
                       "or a regional analyst to import.")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        row = QHBoxLayout()
        label = QLabel("&Month:")
        self.month = QComboBox()
        self.month.setAccessibleName("Month of the return")
        label.setBuddy(self.month)
        last = latest_complete_month(self.today)
        for i in range(MONTHS_OFFERED):
            m = shift_month(last, -i)
            self.month.addItem(month_label(m), m)
        row.addWidget(label)
        row.addWidget(self.month)
        self.suppress = QCheckBox("Apply &small-number suppression (counts 1 to 7 as *, others "
                                  "rounded to 5)")
        self.suppress.setAccessibleName("Apply small-number suppression")
        self.suppress.setToolTip("For returns published outside the organisation. The database "
                                 "keeps the real figures.")
        row.addWidget(self.suppress)
        row.addStretch(1)
        layout.addLayout(row)

        self.model = PreviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("What the return will include")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.section_model = SectionModel(self)
        self.sheet_view = QTableView()
        self.sheet_view.setModel(self.section_model)
        self.sheet_view.setAccessibleName("Preview of the chosen sheet")
        self.sheet_view.verticalHeader().hide()
        self.sheet_view.horizontalHeader().hide()
        self.sheet_view.setWordWrap(False)
        self.sheet_view.setTabKeyNavigation(False)
        rows = self.sheet_view.fontMetrics().height() + 8
        self.sheet_view.verticalHeader().setDefaultSectionSize(rows)
        self.table.verticalHeader().setDefaultSectionSize(rows)
        sheets = QWidget()
        left = QVBoxLayout(sheets)
        left.setContentsMargins(0, 0, 0, 0)
        sheets_label = QLabel("Sh&eets of the return:")
        sheets_label.setBuddy(self.table)
        left.addWidget(sheets_label)
        left.addWidget(self.table, 1)
        preview = QWidget()
        right = QVBoxLayout(preview)
        right.setContentsMargins(0, 0, 0, 0)
        self.sheet_title = QLabel("P&review:")
        self.sheet_title.setBuddy(self.sheet_view)
        right.addWidget(self.sheet_title)
        right.addWidget(self.sheet_view, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(sheets)
        split.addWidget(preview)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 5)
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Preview summary")
        layout.addWidget(self.summary)

        buttons = QHBoxLayout()
        self.open_after = QCheckBox("&Open the file when it is written")
        self.open_after.setAccessibleName("Open the file when it is written")
        self.open_after.setChecked(True)
        self.export_xlsx = QPushButton("Export &workbook…")
        self.export_xlsx.setAccessibleName("Export the monthly return workbook")
        self.export_pdf = QPushButton("Export PDF &pack…")
        self.export_pdf.setAccessibleName("Export the PDF report pack")
        buttons.addWidget(self.open_after)
        buttons.addStretch(1)
        buttons.addWidget(self.export_xlsx)
        buttons.addWidget(self.export_pdf)
        self.export_board = QPushButton("Export &board report…")
        self.export_board.setAccessibleName("Export the board's perinatal quality report")
        self.export_board.setToolTip("The monthly perinatal quality report to the trust board, as a PDF or workbook")
        buttons.addWidget(self.export_board)
        layout.addLayout(buttons)
        status = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Export progress")
        self.progress.setTextVisible(True)  # the share done; the step is said beside it
        self.progress.setFixedWidth(self.progress.fontMetrics().horizontalAdvance("100%") * 4)
        self.progress.hide()
        self.status = QLabel("")
        self.status.setAccessibleName("Export status")
        self.status.setWordWrap(True)
        status.addWidget(self.progress)
        status.addWidget(self.status, 1)
        # as tall with the progress bar as without it: the buttons above never move
        self.status.setMinimumHeight(self.progress.sizeHint().height())
        layout.addLayout(status)
        self._relay = _Relay(self)
        self._relay.step.connect(self._step)
        self.steps: list[str] = []  # progress steps of the export under way (tests read them)
        self._doing = ""  # what the export under way is doing, e.g. "Building the workbook"
        self._asked = 0  # previews asked for; an answer to an earlier one is dropped

        self.month.currentIndexChanged.connect(self._preview)
        self.suppress.toggled.connect(self._preview)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_sheet())
        self.export_xlsx.clicked.connect(self._export_workbook)
        self.export_pdf.clicked.connect(self._export_pack)
        self.export_board.clicked.connect(self._export_board)
        self._preview()

    # --- state ---------------------------------------------------------------------------------

    @property
    def chosen_month(self) -> str:
        return self.month.currentData()

    def refresh(self) -> None:
        self._preview()

    def _build(self, progress=None):
        """A function that gathers the return on its own connection (for a worker thread);
        ``progress(text)`` hears each step."""

        db, month, suppress = self.store.path, self.chosen_month, self.suppress.isChecked()

        def work():
            store = open_store(db, migrate=False, backups=False)
            try:
                return build_return(store, month, suppress=suppress, progress=progress)
            finally:
                store.close()

        return work

    def _busy(self, busy: bool, *, choices: bool = False) -> None:
        """Exports off while busy; the month and suppression too while an export runs (not
        while the preview reads, so keyboard focus stays where the user is)."""
        self.export_xlsx.setEnabled(not busy)
        self.export_pdf.setEnabled(not busy)
        self.export_board.setEnabled(not busy)
        if choices or not busy:
            self.month.setEnabled(not busy)
            self.suppress.setEnabled(not busy)

    def _start(self, text: str, steps: int) -> None:
        self._busy(True, choices=True)
        self.steps = []
        self._doing = text.removesuffix("…")
        self.status.setText(text)
        self.progress.setRange(0, steps)
        self.progress.setValue(0)
        self.progress.show()

    def _step(self, text: str) -> None:
        """One step of an export begun (on the UI thread): the bar shows the steps before it
        as done, and reaches its end when the file is written."""
        self.steps.append(text)
        self.status.setText(f"{self._doing}… {text}")
        self.progress.setValue(min(self.progress.maximum(), len(self.steps) - 1))

    # --- preview -------------------------------------------------------------------------------

    def _preview(self) -> None:
        self.summary.setText("Reading the unit's figures…")
        self._busy(True)
        self._asked += 1
        asked = self._asked

        def show(content) -> None:  # only the latest choice of month and suppression is shown
            if asked == self._asked:
                self._show_preview(content)

        def failed(exc) -> None:
            if asked == self._asked:
                self._failed(exc)

        tasks.run_task(self, self._build(), show, failed, label="Reading the unit's figures…")

    def _show_preview(self, content) -> None:
        self._busy(False)
        self.content = content
        current = self.table.currentIndex().row()
        self.model.set_rows(content.contents())
        self.table.setColumnHidden(1, True)  # the chosen sheet's title heads its preview
        self.table.setColumnHidden(3, all(ok for *_x, ok in content.contents()))
        fit_columns(self.table)
        self.table.setMinimumWidth(self.table.horizontalHeader().length()
                                   + 2 * self.table.frameWidth() + 2)
        self.table.selectRow(max(0, current))
        self._show_sheet()
        missing = [t for _s, t, _n, ok in content.contents() if not ok]
        text = (f"{month_label(content.month)}: {len(content.sections) + 1} sheets including the "
                f"cover. {content.suppression_text}")
        if missing:
            text += " Not available: " + ", ".join(missing) + "."
        self.summary.setText(text)

    def _show_sheet(self) -> None:
        """The chosen sheet's tables, as they will be written."""
        row = self.table.currentIndex().row()
        section = self.content.sections[row] if self.content and 0 <= row < len(self.content.sections) else None
        self.section_model.set_section(section)
        if section is None:
            self.sheet_title.setText("P&review:")
            self.sheet_view.setToolTip("")
            return
        self.sheet_title.setText(f"P&review of the {section.sheet} sheet: {section.title}")
        notes = " ".join([*section.notes, *section.side_notes])
        self.sheet_view.setToolTip(notes)  # the sheet's notes, as written above its tables
        self.sheet_view.setAccessibleDescription(notes)
        fit_columns(self.sheet_view)
        for c in range(self.section_model.columnCount()):  # long text does not push figures away
            self.sheet_view.setColumnWidth(c, min(self.sheet_view.columnWidth(c), 320))

    def _failed(self, exc) -> None:
        self._busy(False)
        self.progress.hide()
        self.status.setText(f"Not exported: {exc}")
        errors.show_error(self, exc, "The monthly return could not be built")

    # --- export --------------------------------------------------------------------------------

    def _ask_path(self, caption: str, suffix: str, kind: str) -> Path | None:
        name = default_file_name(self.store.unit_settings().unit_name or "unit", self.chosen_month, suffix)
        path, _ = QFileDialog.getSaveFileName(self, caption, str(Path.home() / name), kind)
        if not path:
            return None
        if not path.lower().endswith(suffix):
            path += suffix
        return Path(path)

    def _export_workbook(self) -> None:
        path = self._ask_path("Export the monthly return", ".xlsx", "Excel workbook (*.xlsx)")
        if path is None:
            return
        say = self._relay.step.emit
        build = self._build(say)

        def work():
            return write_workbook(build(), path, progress=say)

        self._start("Building the workbook…", GATHER_STEPS + WRITE_STEPS)
        tasks.run_task(self, work, self._written, self._failed)

    def _export_pack(self) -> None:
        path = self._ask_path("Export the report pack", ".pdf", "PDF document (*.pdf)")
        if path is None:
            return

        def draw(content) -> None:
            tables = chart_tables(content)
            self._step("Drawing the charts")

            def write(images: list) -> None:  # then the PDF, one short step per turn too
                self._step("Writing the pages")
                drawn = dict(zip((i for i, _t in tables), images, strict=True))
                tasks.step_through(self, pack_steps(content, path, drawn), lambda _n: self._written(path),
                                   self._failed)

            self._draw_charts(tables, new_chart, lambda made, it: draw_chart(made, it[1], title=it[1].chart), take_chart,
                              write)

        self._start("Building the report pack…", GATHER_STEPS + 2)
        tasks.run_task(self, self._build(self._relay.step.emit), draw, self._failed)

    def _draw_charts(self, items: list, new, draw, take, then) -> None:
        """The charts for a PDF, which only the UI thread may draw (they are chart widgets):
        each made, drawn and its image taken on three turns of the event loop, so the window
        answers in between; then ``then(images)``."""
        made: list = []

        def step(item_step) -> object:
            item, n = item_step
            if n == 0:
                made.append(new())
            elif n == 1:
                draw(made[-1], item)
            else:
                return take(made.pop())
            return None

        tasks.one_per_turn(self, [(item, n) for item in items for n in range(3)], step,
                           lambda steps: then(steps[2::3]), self._failed)

    def show_target(self, tab: str, key: str | None = None) -> bool:
        """"board report": export the board report for the month chosen here (the Board report
        page's Export button leads here)."""
        if tab != "board report":
            return False
        self.export_board.setFocus()
        if self.export_board.isEnabled():
            self._export_board()
        return True

    def _export_board(self) -> None:
        """The board report: gathered by a worker on its own connection; the workbook written
        there too, the PDF drawn on the UI thread in short steps (Qt drawing)."""
        from maternity_desk.exchange import board_report

        name = board_report.default_file_name(self.store.unit_settings().unit_name or "unit", self.chosen_month, ".pdf")
        path, chosen = QFileDialog.getSaveFileName(self, "Export the board report", str(Path.home() / name),
                                                   "PDF document (*.pdf);;Excel workbook (*.xlsx)")
        if not path:
            return
        path = Path(path)
        if path.suffix.lower() not in (".pdf", ".xlsx"):
            path = path.with_name(path.name + (".xlsx" if "xlsx" in chosen else ".pdf"))
        db, month, today, say = self.store.path, self.chosen_month, self.today, self._relay.step.emit

        def work():
            store = open_store(db, migrate=False, backups=False)
            try:
                report = board_report.build_report(store, month, today=today, progress=say)
            finally:
                store.close()
            if path.suffix.lower() == ".xlsx":
                from maternity_desk.exchange.board_workbook import write_workbook

                write_workbook(report, path)
                return None
            return report

        def done(report) -> None:
            if report is None:
                self._written(path)
                return
            from maternity_desk.ui.board import pack

            charts = pack.charts(report)
            self._step("Drawing the charts")

            def write(images: list) -> None:  # then the PDF, one short step per turn too
                self._step("Writing the pages")
                drawn = {id(c): image for c, image in zip(charts, images, strict=True)}
                tasks.step_through(self, pack.pack_steps(report, path, drawn), lambda _n: self._written(path),
                                   self._failed)

            self._draw_charts(charts, pack.new_rare_chart, lambda made, c: pack.draw_rare_chart(made, c.view),
                              pack.take_rare_chart, write)

        self._start("Building the board report…", len(board_report.SECTIONS) + 2)
        tasks.run_task(self, work, done, self._failed)

    def _written(self, path) -> None:
        self._busy(False)
        self.progress.setValue(self.progress.maximum())
        self.progress.hide()
        self.status.setText(f"Written to {path}")
        self.exported.emit(str(path))
        if self.open_after.isChecked():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
