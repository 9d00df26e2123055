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

from PySide6.QtCore import QAbstractTableModel, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from maternity_desk.core.periods import month_label, shift_month
from maternity_desk.ui.page import Page

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


class ReturnsPage(Page):
    """Signals:
        exported(str): the path of a workbook or pack just written
    """

    title = "Monthly return"
    description = "Build the monthly return workbook or the PDF report pack for a month."
    exported = Signal(str)

    def __init__(self, store, parent=None, *, today: date | None = None):
        super().__init__(store, parent)
        from maternity_desk.exchange.returns import latest_complete_month

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
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        layout.addWidget(QLabel("What the return will include:"))
        layout.addWidget(self.table, 1)
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
        layout.addLayout(buttons)
        self.status = QLabel("")
        self.status.setAccessibleName("Export status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        self.month.currentIndexChanged.connect(self._preview)
        self.suppress.toggled.connect(self._preview)
        self.export_xlsx.clicked.connect(self._export_workbook)
        self.export_pdf.clicked.connect(self._export_pack)
        self._preview()

    # --- state ---------------------------------------------------------------------------------

    @property
    def chosen_month(self) -> str:
        return self.month.currentData()

    def refresh(self) -> None:
        self._preview()

    def _build(self):
        """A function that gathers the return on its own connection (for a worker thread)."""
        from maternity_desk.store import open_store

        db, month, suppress = self.store.path, self.chosen_month, self.suppress.isChecked()

        def work():
            from maternity_desk.exchange.returns import build_return

            store = open_store(db, migrate=False, backups=False)
            try:
                return build_return(store, month, suppress=suppress)
            finally:
                store.close()

        return work

    def _busy(self, busy: bool) -> None:
        self.export_xlsx.setEnabled(not busy)
        self.export_pdf.setEnabled(not busy)

    # --- preview -------------------------------------------------------------------------------

    def _preview(self) -> None:
        from maternity_desk.ui import tasks

        self.summary.setText("Reading the unit's figures…")
        self._busy(True)
        tasks.run_task(self, self._build(), self._show_preview, self._failed,
                       label="Reading the unit's figures…")

    def _show_preview(self, content) -> None:
        self._busy(False)
        self.content = content
        self.model.set_rows(content.contents())
        self.table.resizeColumnsToContents()
        missing = [t for _s, t, _n, ok in content.contents() if not ok]
        text = (f"{month_label(content.month)}: {len(content.sections) + 1} sheets including the "
                f"cover. {content.suppression_text}")
        if missing:
            text += " Not available: " + ", ".join(missing) + "."
        self.summary.setText(text)

    def _failed(self, exc) -> None:
        from maternity_desk.ui.errors import show_error

        self._busy(False)
        self.status.setText(f"Not exported: {exc}")
        show_error(self, exc, "The monthly return could not be built")

    # --- export --------------------------------------------------------------------------------

    def _ask_path(self, caption: str, suffix: str, kind: str) -> Path | None:
        from maternity_desk.exchange.returns import default_file_name

        name = default_file_name(self.store.unit_settings().unit_name or "unit", self.chosen_month, suffix)
        path, _ = QFileDialog.getSaveFileName(self, caption, str(Path.home() / name), kind)
        if not path:
            return None
        if not path.lower().endswith(suffix):
            path += suffix
        return Path(path)

    def _export_workbook(self) -> None:
        from maternity_desk.ui import tasks

        path = self._ask_path("Export the monthly return", ".xlsx", "Excel workbook (*.xlsx)")
        if path is None:
            return
        build = self._build()

        def work():
            from maternity_desk.exchange.returns import write_workbook

            return write_workbook(build(), path)

        self._busy(True)
        self.status.setText("Building the workbook…")
        tasks.run_task(self, work, self._written, self._failed, label="Building the monthly return…")

    def _export_pack(self) -> None:
        from maternity_desk.ui import tasks

        path = self._ask_path("Export the report pack", ".pdf", "PDF document (*.pdf)")
        if path is None:
            return

        def draw(content) -> None:  # Qt drawing stays on the UI thread
            from maternity_desk.ui.returns.pack import write_pack

            try:
                write_pack(content, path)
            except Exception as exc:  # shown to the user, like any failed export
                self._failed(exc)
                return
            self._written(path)

        self._busy(True)
        self.status.setText("Building the report pack…")
        tasks.run_task(self, self._build(), draw, self._failed, label="Building the report pack…")

    def _written(self, path) -> None:
        self._busy(False)
        self.status.setText(f"Written to {path}")
        self.exported.emit(str(path))
        if self.open_after.isChecked():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
