"""The Incentive scheme page: the Maternity Incentive Scheme tracker. Per safety action its
requirements with status, owner, evidence location, approval and notes; computed
requirements worked out from the unit's records as at the chosen date; RAG per action and
for the scheme; the days left to the board declaration. The tracker is worked out off the UI
thread (``ui.tasks``); edits go through dialogs, audited.

Signals: ``data_changed`` (from :class:`Page`) after any write.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from maternity_desk.core.words import plural
from maternity_desk.exchange.mis import RAG_WORD, days_text, write_workbook
from maternity_desk.store import mis as sm
from maternity_desk.store import open_store
from maternity_desk.ui import errors, tasks
from maternity_desk.ui.datebox import date_edit
from maternity_desk.ui.mis.dialogs import (
    BoardReportDialog,
    RequirementDialog,
    TrackingDialog,
    open_evidence,
)
from maternity_desk.ui.mis.models import RAG_BACKGROUND, RAG_TEXT, ActionsModel, RequirementsModel
from maternity_desk.ui.page import Page
from maternity_desk.ui.save_as import ask_save_path
from maternity_desk.ui.widgets import fit_columns, push_button


def _view(model, name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.setTabKeyNavigation(False)
    return view


class MisPage(Page):
    title = "Incentive scheme"
    description = ("The Maternity Incentive Scheme tracker: the ten safety actions, their requirements, "
                   "evidence and approval, and the figures the app computes from its records.")

    def __init__(self, store, parent=None, *, today: date | None = None):
        super().__init__(store, parent)
        self.today = today or date.today()
        self.view: sm.TrackerView | None = None
        self.active_dialog = None
        self._asked = 0
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        label = QLabel("Scheme &year:")
        self.year = QComboBox()
        self.year.setAccessibleName("Scheme year")
        label.setBuddy(self.year)
        bar.addWidget(label)
        bar.addWidget(self.year)
        at = QLabel("&As at:")
        self.as_at = date_edit(self.today, "As at")
        at.setBuddy(self.as_at)
        bar.addWidget(at)
        bar.addWidget(self.as_at)
        bar.addStretch(1)
        self.start_next = push_button("Start &next year", self._start_next, name="Start next year",
                                      tip="Copy the latest year (windows a year on) to start the next one")
        self.close_btn = push_button("C&lose year…", self._close_year, name="Close year",
                                     tip="After the board declaration: nothing in a closed year can change")
        self.import_btn = push_button("&Import requirements…", self._import, name="Import requirements",
                                      tip="A requirements sheet (CSV or Excel) for a new year or an open one")
        self.board_btn = push_button("&Board report…", self._board_report, name="Record a board report",
                                     tip="Record a month's quality report to the board (safety action 9)")
        for b in (self.start_next, self.close_btn, self.import_btn, self.board_btn):
            bar.addWidget(b)
        outer.addLayout(bar)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Scheme summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        outer.addWidget(self.summary)
        self.actions_model = ActionsModel(self)
        self.actions_view = _view(self.actions_model, "Safety actions")
        self.reqs_model = RequirementsModel(self)
        self.reqs_view = _view(self.reqs_model, "Requirements")
        self.reqs_view.setWordWrap(False)
        self.reqs_view.doubleClicked.connect(self._edit)
        self.reqs_view.activated.connect(self._edit)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.actions_view)
        lower = QWidget()
        low = QVBoxLayout(lower)
        low.setContentsMargins(0, 0, 0, 0)
        self.action_title = QLabel("&Requirements:")
        self.action_title.setBuddy(self.reqs_view)
        self.action_title.setWordWrap(True)
        low.addWidget(self.action_title)
        low.addWidget(self.reqs_view, 1)
        row = QHBoxLayout()
        self.edit_btn = push_button("&Edit requirement…", self._edit, name="Edit requirement")
        self.wording_btn = push_button("Edit &wording…", self._edit_wording, name="Edit wording",
                                       tip="Correct the requirement's text, evidence expected, window or threshold")
        self.open_btn = push_button("&Open evidence", self._open_evidence, name="Open evidence",
                                    tip="Open the chosen requirement's evidence location")
        self.export_xlsx = push_button("Export wor&kbook…", self._export_workbook, name="Export workbook")
        self.export_pdf = push_button("Export &PDF…", self._export_pdf, name="Export PDF")
        for b in (self.edit_btn, self.wording_btn, self.open_btn):
            row.addWidget(b)
        row.addStretch(1)
        for b in (self.export_xlsx, self.export_pdf):
            row.addWidget(b)
        low.addLayout(row)
        split.addWidget(lower)
        split.setSizes([330, 420])
        outer.addWidget(split, 1)
        head = self.actions_view.horizontalHeader()
        head.setStretchLastSection(False)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.status = QLabel("")
        self.status.setAccessibleName("Status")
        outer.addWidget(self.status)
        self.actions_view.selectionModel().currentRowChanged.connect(lambda *_: self._show_action())
        self.year.currentIndexChanged.connect(lambda *_: self.refresh_tracker())
        self.as_at.dateChanged.connect(lambda *_: self.refresh_tracker())
        self.refresh()

    # --- reading -----------------------------------------------------------------------------

    @property
    def label(self) -> str | None:
        return self.year.currentData()

    def refresh(self) -> None:
        current = self.label
        labels = sm.year_labels(self.store)
        default = sm.scheme_year(self.store).label if labels else None
        self.year.blockSignals(True)
        self.year.clear()
        for lb in labels:
            self.year.addItem(lb, lb)
        self.year.setCurrentIndex(max(0, self.year.findData(current if current in labels else default)))
        self.year.blockSignals(False)
        self.refresh_tracker()

    def refresh_tracker(self) -> None:
        label = self.label
        if label is None:
            self.summary.setText("No scheme year is held in this file.")
            return
        try:
            as_at = self.as_at.value()
        except ValueError:
            return  # the box says why beside itself
        db = self.store.path
        self._asked += 1
        asked = self._asked
        self.status.setText("Working out the figures…")

        def work():
            store = open_store(db, migrate=False, backups=False)
            try:
                return sm.tracker(store, label, as_at)
            finally:
                store.close()

        def done(view):
            if asked == self._asked:
                self._show(view)

        def failed(exc):
            if asked == self._asked:
                self.status.setText("")
                errors.show_error(self, exc, "The tracker could not be worked out")

        tasks.run_task(self, work, done, failed)

    def _show(self, view: sm.TrackerView) -> None:
        self.view = view
        y = view.year
        rag = view.rag
        parts = [f"{y.title}, as at {view.as_at:%d/%m/%Y}. Scheme: {RAG_WORD[rag] or 'no status yet'}."]
        if y.declaration_due:
            parts.append(f"Board declaration due {y.declaration_due:%d/%m/%Y} ({days_text(view.days_left)}).")
        if y.closed:
            parts.append("This year is closed: nothing in it can change.")
        if y.caveat:
            parts.append(y.caveat)
        self.summary.setText(" ".join(parts))
        colour = RAG_BACKGROUND.get(rag)
        self.summary.setStyleSheet(f"background: {colour}; color: {RAG_TEXT[rag]}; padding: 4px" if colour else "")
        row = max(0, self.actions_view.currentIndex().row())
        self.actions_model.set_rows(view.actions)
        for c in (0, 2, 3, 4):
            self.actions_view.resizeColumnToContents(c)
        self.actions_view.selectRow(min(row, len(view.actions) - 1))
        self._show_action()
        for b in (self.close_btn, self.import_btn, self.wording_btn):
            b.setEnabled(not y.closed)
        self.status.setText("")

    def _show_action(self) -> None:
        row = self.actions_view.currentIndex().row()
        if self.view is None or not 0 <= row < len(self.view.actions):
            self.reqs_model.set_rows([])
            return
        a = self.view.actions[row]
        self.action_title.setText(f"&Requirements of safety action {a.action.number}: {a.action.title}")
        current = self.reqs_view.currentIndex().row()
        self.reqs_model.set_rows(a.requirements)
        fit_columns(self.reqs_view)
        for c in range(self.reqs_model.columnCount()):
            self.reqs_view.setColumnWidth(c, min(self.reqs_view.columnWidth(c), 480 if c == 0 else 360))
        if a.requirements:
            self.reqs_view.selectRow(max(0, min(current, len(a.requirements) - 1)))

    def _chosen(self) -> sm.RequirementView | None:
        row = self.reqs_view.currentIndex().row()
        rows = self.reqs_model.rows
        return rows[row] if 0 <= row < len(rows) else None

    # --- editing -----------------------------------------------------------------------------

    def _written(self, *_args) -> None:
        self.data_changed.emit()
        self.refresh_tracker()

    def _dialog(self, dlg) -> None:
        self.active_dialog = dlg
        dlg.record_saved.connect(self._written)
        dlg.open()

    def _edit(self, *_args) -> None:
        v = self._chosen()
        if v is None or self.view is None:
            return
        if self.view.year.closed:
            QMessageBox.information(self, "Closed year", f"Scheme year {self.view.year.label} is closed: "
                                    "nothing in it can change.")
            return
        self._dialog(TrackingDialog(self.store, self.view.year.label, v, self))

    def _edit_wording(self) -> None:
        v = self._chosen()
        if v is None or self.view is None or self.view.year.closed:
            return
        self._dialog(RequirementDialog(self.store, self.view.year.label, v.requirement, self))

    def _open_evidence(self) -> None:
        v = self._chosen()
        if v is None or not v.tracking.evidence_location:
            self.status.setText("The chosen requirement has no evidence location yet.")
            return
        if not open_evidence(v.tracking.evidence_location):
            self.status.setText(f"Could not open {v.tracking.evidence_location}.")

    def _board_report(self) -> None:
        self._dialog(BoardReportDialog(self.store, self))

    def _start_next(self) -> None:
        labels = sm.year_labels(self.store)
        answer = QMessageBox.question(
            self, "Start the next year",
            f"Start a new scheme year by copying {labels[-1]} (its windows a year on, nothing tracked)? "
            "The years held now are not changed.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            new = sm.start_next_year(self.store)
        except Exception as exc:  # shown as a plain message
            errors.show_error(self, exc, "The next year was not started")
            return
        self.data_changed.emit()
        self.refresh()
        self.year.setCurrentIndex(self.year.findData(new.label))

    def _close_year(self) -> None:
        label = self.label
        answer = QMessageBox.question(self, "Close the year", f"Close scheme year {label}? Nothing in it can "
                                      "change afterwards (do this after the board declaration).")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            sm.close_year(self.store, label)
        except Exception as exc:
            errors.show_error(self, exc, "The year was not closed")
            return
        self._written()

    def _import(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        from maternity_desk.core.mis import next_year
        from maternity_desk.ui.import_wizard import ImportWizard

        labels = sm.year_labels(self.store)
        latest = sm.scheme_year(self.store, labels[-1]) if labels else None
        choices = [lb for lb in labels if not sm.scheme_year(self.store, lb).closed]
        if latest is not None:
            choices.append(next_year(latest).label)
        current = choices.index(self.label) if self.label in choices else len(choices) - 1
        year, ok = QInputDialog.getItem(self, "Import requirements", "The scheme year the sheet is for "
                                        "(an open year's requirements are replaced; a new year is started):",
                                        choices, max(0, current), True)
        if not ok:
            return
        wizard = ImportWizard(self.store, "mis-requirements", self, extra={"year": year})
        wizard.imported.connect(lambda *_: (self.data_changed.emit(), self.refresh()))
        self.active_dialog = wizard
        wizard.open()

    # --- exports -----------------------------------------------------------------------------

    def _suggested(self, suffix: str) -> str:
        label = (self.label or "").replace("/", "-")
        return str(Path.home() / f"Incentive scheme {label}{suffix}")

    def _export_workbook(self) -> None:
        view = self.view
        if view is None:
            return
        path = ask_save_path(self, "Export the incentive scheme workbook", self._suggested(".xlsx"))
        if path is None:
            return
        self.status.setText("Writing the workbook…")
        tasks.run_task(self, lambda: write_workbook(view, path),
                       lambda p: self.status.setText(f"Written to {p}"),
                       lambda exc: errors.show_error(self, exc, "The workbook was not exported"))

    def _export_pdf(self) -> None:
        from maternity_desk.ui.mis.pack import pack_steps

        view = self.view
        if view is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export the incentive scheme PDF", self._suggested(".pdf"),
                                              "PDF document (*.pdf)")
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        self.status.setText("Writing the PDF…")
        # on the UI thread, one short step per turn (on a worker, each of Qt's steps would hold
        # the window all the same: see tasks.step_through)
        tasks.step_through(self, pack_steps(view, path),
                       lambda pages: self.status.setText(f"Written to {path} ({plural(pages, 'page')})"),
                       lambda exc: errors.show_error(self, exc, "The PDF was not exported"))
