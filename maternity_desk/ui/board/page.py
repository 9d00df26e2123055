"""The Board report page: the monthly figures the board's perinatal quality report needs,
typed or pasted like the dashboard's grid (months x the measures the unit records), incident
counts by category and harm for a month, the reports and concerns received from outside with
the unit's responses, and the month's MNVP themes and items for the board's decision. The
report itself is exported from the Monthly return page (or ``export board-report``).

Signals (inherited): data_changed — after any write.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from maternity_desk.core import board as b
from maternity_desk.core.dashboard import last_complete_month
from maternity_desk.core.errors import MaternityDeskError
from maternity_desk.core.periods import month_label, month_range, shift_month
from maternity_desk.store import board as sb
from maternity_desk.ui.board.dialogs import CategoriesDialog, ExternalDialog, MeasuresDialog
from maternity_desk.ui.board.grid import FiguresGrid, IncidentGrid
from maternity_desk.ui.page import Page
from maternity_desk.ui.table_model import RowsModel, uk_date
from maternity_desk.ui.widgets import fit_columns

MONTHS_SHOWN = 24


class ExternalModel(RowsModel):
    """External items (core ``External``), newest first."""

    HEADERS = ("Received", "Kind", "From", "About", "Response due", "Responded", "Owner", "Status",
               "For decision")

    def __init__(self, today: date, parent=None):
        super().__init__(parent)
        self.today = today

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        e = self.rows[index.row()]
        values = (uk_date(e.received), e.kind_label, e.source, e.summary, uk_date(e.response_due),
                  uk_date(e.responded), e.owner, e.status(self.today), "Yes" if e.for_decision else "")
        return values[index.column()]


def _month_box(name: str, today: date) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    last = last_complete_month(today)
    for i in range(MONTHS_SHOWN):
        m = shift_month(last, -i)
        box.addItem(month_label(m), m)
    return box


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    return button


class BoardPage(Page):
    title = "Board report"
    description = ("The monthly figures for the board's perinatal quality report: staffing, incidents, "
                   "investigations, external reports and concerns, and feedback")

    def __init__(self, store, parent=None, *, today: date | None = None):
        super().__init__(store, parent)
        self.today = today or date.today()
        self.active_dialog = None
        layout = QVBoxLayout(self)
        intro = QLabel("<h2>Board report</h2>The figures the trust board's monthly perinatal quality "
                       "report needs. Aggregate figures only: never a patient, never a member of staff. "
                       "The report itself is written for the month chosen on the Monthly return page.")
        intro.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(intro, 1)
        self.export_button = _button("Export the re&port…", "Export the board report (on the Monthly return page)")
        self.export_button.setToolTip("Opens the Monthly return page and exports the board report for its month, "
                                      "as a PDF or workbook")
        self.export_button.clicked.connect(lambda: self.open_tab.emit("Monthly return", "board report", ""))
        top.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Board report records")
        layout.addWidget(self.tabs, 1)

        # monthly figures
        self.figures = FiguresGrid(store, self)
        self.measures_button = _button("Choose mea&sures…", "Choose the measures the unit records")
        self.import_figures = _button("Imp&ort figures…", "Import monthly figures from a file")
        self.figures.bar.addWidget(self.import_figures)
        self.figures.bar.addWidget(self.measures_button)
        self.measures_button.clicked.connect(self._choose_measures)
        self.import_figures.clicked.connect(lambda: self._import("staffing"))
        self._stamp = None  # the database as the page last read or wrote it
        self.figures.data_changed.connect(self._grid_wrote)
        self.tabs.addTab(self.figures, "&Monthly figures")

        # incidents
        incidents = QWidget()
        v = QVBoxLayout(incidents)
        row = QHBoxLayout()
        label = QLabel("Mo&nth:")
        self.incident_month = _month_box("Month of the incident counts", self.today)
        label.setBuddy(self.incident_month)
        row.addWidget(label)
        row.addWidget(self.incident_month)
        self.categories_button = _button("&Categories…", "Edit the incident categories")
        row.addWidget(self.categories_button)
        self.import_incidents = _button("Imp&ort incidents…", "Import incident counts from a file")
        row.addWidget(self.import_incidents)
        self.import_incidents.clicked.connect(lambda: self._import("incidents"))
        row.addStretch(1)
        v.addLayout(row)
        self.incidents = IncidentGrid(store, self)
        self.incidents.data_changed.connect(self._grid_wrote)
        v.addWidget(self.incidents, 1)
        self.incident_month.currentIndexChanged.connect(lambda _i: self.incidents.load(self.incident_month.currentData()))
        self.categories_button.clicked.connect(self._edit_categories)
        self.tabs.addTab(incidents, "&Incidents")

        # external attention
        external = QWidget()
        v = QVBoxLayout(external)
        self.external_model = ExternalModel(self.today, self)
        self.external_view = QTableView()
        self.external_view.setModel(self.external_model)
        self.external_view.setAccessibleName("Reports and concerns received")
        self.external_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.external_view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.external_view.setTabKeyNavigation(False)
        self.external_view.verticalHeader().hide()
        self.external_view.doubleClicked.connect(lambda _i: self._edit_external())
        v.addWidget(QLabel("MNSI reports, coroners' Regulation 28 reports and concerns raised by the CQC, "
                           "NHS Resolution or the region, with the unit's response and when it is due."))
        v.addWidget(self.external_view, 1)
        row = QHBoxLayout()
        self.add_external = _button("&Add…", "Add an external item")
        self.edit_external = _button("&Edit…", "Edit the selected external item")
        self.delete_external = _button("&Delete", "Delete the selected external item")
        for w in (self.add_external, self.edit_external, self.delete_external):
            row.addWidget(w)
        row.addStretch(1)
        v.addLayout(row)
        self.add_external.clicked.connect(lambda: self._open_external(None))
        self.edit_external.clicked.connect(self._edit_external)
        self.delete_external.clicked.connect(self._delete_external)
        self.tabs.addTab(external, "E&xternal attention")

        # themes and decisions
        notes = QWidget()
        v = QVBoxLayout(notes)
        row = QHBoxLayout()
        label = QLabel("Mo&nth:")
        self.note_month = _month_box("Month of the notes", self.today)
        label.setBuddy(self.note_month)
        row.addWidget(label)
        row.addWidget(self.note_month)
        row.addStretch(1)
        v.addLayout(row)
        self.notes = QListWidget()
        self.notes.setAccessibleName("The month's MNVP themes and items for decision")
        v.addWidget(self.notes, 1)
        row = QHBoxLayout()
        self.note_kind = QComboBox()
        self.note_kind.setAccessibleName("Kind of note")
        for code, text in b.NOTE_KINDS:
            self.note_kind.addItem(text, code)
        self.note_text = QLineEdit()
        self.note_text.setAccessibleName("Note text")
        self.note_text.setPlaceholderText("e.g. Partners asked to stay overnight (no names)")
        self.add_note = _button("&Add note", "Add the note")
        self.delete_note = _button("Remove not&e", "Remove the selected note")
        for w in (self.note_kind, self.note_text, self.add_note, self.delete_note):
            row.addWidget(w, 1 if w is self.note_text else 0)
        v.addLayout(row)
        self.note_month.currentIndexChanged.connect(lambda _i: self._fill_notes())
        self.note_text.returnPressed.connect(self._add_note)
        self.add_note.clicked.connect(self._add_note)
        self.delete_note.clicked.connect(self._delete_note)
        self.tabs.addTab(notes, "&Themes and decisions")
        self.refresh()

    # --- loading ---------------------------------------------------------------------------------
    def refresh(self, *, force: bool = False) -> None:
        """Re-read the records, unless nothing was written since the page last read or wrote
        them (then the grids keep their undo history)."""
        if not force and sb.data_stamp(self.store) == self._stamp:
            return
        last = last_complete_month(self.today)
        self.figures.load(month_range(shift_month(last, -(MONTHS_SHOWN - 1)), last))
        self.incidents.load(self.incident_month.currentData())
        self.external_model.set_rows(sb.externals(self.store))
        fit_columns(self.external_view)
        self.external_view.setColumnWidth(3, min(self.external_view.columnWidth(3), 360))
        self._fill_notes()
        self._stamp = sb.data_stamp(self.store)

    def show_record(self, kind: str, key: str) -> bool:
        return False

    def _written(self) -> None:
        self.refresh(force=True)
        self.data_changed.emit()

    def _grid_wrote(self) -> None:
        self._stamp = sb.data_stamp(self.store)
        self.data_changed.emit()

    # --- dialogs ---------------------------------------------------------------------------------
    def _run(self, dlg) -> None:
        self.active_dialog = dlg
        dlg.record_saved.connect(lambda _k: self._written())
        dlg.open()

    def _import(self, kind: str):
        """The import wizard (it maps the file's columns) for ``staffing`` or ``incidents``."""
        from maternity_desk.ui.import_wizard import ImportWizard

        wizard = ImportWizard(self.store, kind, self, extra={"today": self.today})
        wizard.imported.connect(lambda _plan: self._written())
        wizard.open()
        self.active_dialog = wizard
        return wizard

    def _choose_measures(self) -> None:
        self._run(MeasuresDialog(self.store, self))

    def _edit_categories(self) -> None:
        self._run(CategoriesDialog(self.store, self))

    def _selected_external(self):
        index = self.external_view.currentIndex()
        return self.external_model.rows[index.row()] if index.isValid() else None

    def _open_external(self, item) -> None:
        self._run(ExternalDialog(self.store, item, self))

    def _edit_external(self) -> None:
        item = self._selected_external()
        if item is not None:
            self._open_external(item)

    def _delete_external(self) -> None:
        item = self._selected_external()
        if item is None:
            return
        if QMessageBox.question(self, "Delete external item",
                                f"Delete '{item.kind_label}: {item.summary}'?") != QMessageBox.StandardButton.Yes:
            return
        sb.delete_external(self.store, item.id)
        self._written()

    # --- notes -----------------------------------------------------------------------------------
    def _fill_notes(self) -> None:
        self.notes.clear()
        for id_, _m, kind, text in sb.notes(self.store, self.note_month.currentData()):
            item = QListWidgetItem(f"{b.NOTE_LABELS[kind]}: {text}")
            item.setData(Qt.ItemDataRole.UserRole, id_)
            self.notes.addItem(item)

    def _add_note(self) -> None:
        try:
            sb.add_note(self.store, self.note_month.currentData(), self.note_kind.currentData(), self.note_text.text())
        except MaternityDeskError as exc:
            QMessageBox.warning(self, "Not added", str(exc))
            return
        self.note_text.clear()
        self._fill_notes()
        self._grid_wrote()

    def _delete_note(self) -> None:
        item = self.notes.currentItem()
        if item is not None:
            sb.delete_note(self.store, item.data(Qt.ItemDataRole.UserRole))
            self._fill_notes()
            self._grid_wrote()
