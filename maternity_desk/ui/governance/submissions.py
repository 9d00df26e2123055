"""The Governance page's "Submissions" tab: the dataset submissions tracker, the current
period's missing submissions, and the dialog of the datasets the tracker follows.

:class:`SubmissionsTab` is a part of :class:`page.GovernancePage` (a mixin): its widgets and
handlers are attributes of the page, as the page's targets and tests name them."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from maternity_desk.core.words import period_label
from maternity_desk.store import governance as sg
from maternity_desk.ui.governance import dialogs as dlg
from maternity_desk.ui.governance import models as m
from maternity_desk.ui.governance.helpers import button, fit, row_of, selected, table


class SubmissionsTab:
    """Builds, shows, filters and edits the submissions tab (part of the Governance page)."""

    def _build_submissions(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        self.missing_label = QLabel()
        self.missing_label.setWordWrap(True)
        self.missing_label.setAccessibleName("Current period's missing submissions")
        lay.addWidget(self.missing_label)
        self.sub_filter = QComboBox()
        self.sub_filter.setAccessibleName("Show submissions of dataset")
        self.sub_filter.currentIndexChanged.connect(self._filter_submissions)
        self.sub_outstanding = QCheckBox("Not yet submitted only")
        self.sub_outstanding.setAccessibleName("Show submissions not yet made only")
        self.sub_outstanding.toggled.connect(self._filter_submissions)
        self.sub_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.sub_filter.setMinimumContentsLength(22)
        lay.addLayout(row_of(QLabel("Datase&t:", buddy=self.sub_filter), self.sub_filter, self.sub_outstanding, None))
        lay.addLayout(row_of(button("&Record submission", self._add_submission),
                             button("Edit", self._edit_submission, "Edit submission"),
                             button("Delete", self._delete_submission, "Delete submission"),
                             button("&Datasets…", self._datasets),
                             button("I&mport…", lambda: self._import("submissions"), "Import submissions"), None))
        self.sub_model = m.SubmissionModel()
        self.sub_view, self.sub_proxy = table(self.sub_model, "Dataset submissions", self._edit_submission)
        lay.addWidget(self.sub_view)
        return w

    def _show_submissions(self, data, today) -> None:
        """Datasets, the tracker, the dataset filter and the missing submissions from the page's read."""
        datasets = data["datasets"]
        self.sub_model.names = {d.code: d.name for d in datasets}
        self.sub_model.set_rows(data["tracker"], today)
        keep = self.sub_filter.currentData()
        self.sub_filter.blockSignals(True)
        self.sub_filter.clear()
        self.sub_filter.addItem("All datasets", None)
        for d in datasets:
            self.sub_filter.addItem(d.name, d.code)
        self.sub_filter.setCurrentIndex(max(0, self.sub_filter.findData(keep)))
        self.sub_filter.blockSignals(False)
        self._filter_submissions()
        missing = data["missing"]
        if missing:
            self.missing_label.setText("Not yet submitted for the current period: " + "; ".join(
                f"{x.dataset} {period_label(x.period)} (due {x.due_date:%d/%m/%Y}"
                + (f", {x.days_overdue} days overdue)" if x.overdue else ")") for x in missing))
        elif not self.sub_model.rowCount() and not any(d.active and d.first_period for d in datasets):
            # nothing tracked: "every submission made" would be true of nothing and mislead
            self.missing_label.setText("No dataset submissions are tracked yet. Use Datasets… to say from "
                                       "which period the unit submits each one, or record a submission.")
        else:
            self.missing_label.setText("Every submission for the current period has been made.")

    def _filter_submissions(self) -> None:
        code = self.sub_filter.currentData()
        outstanding = self.sub_outstanding.isChecked()
        self.sub_proxy.set_predicate(lambda s: (code is None or s.dataset == code)
                                     and (not outstanding or s.submitted_date is None))

    def _add_submission(self):
        current = selected(self.sub_view)
        if current is not None and current.id is None:
            return self._open(dlg.SubmissionDialog(self.store, current, self))
        return self._open(dlg.SubmissionDialog(self.store, parent=self))

    def _edit_submission(self):
        self._edit(self.sub_view, lambda s: dlg.SubmissionDialog(self.store, s, self))

    def _delete_submission(self):
        row = selected(self.sub_view)
        if row is not None and row.id is None:
            QMessageBox.information(self, "Not recorded", "That period is expected but has nothing recorded to delete.")
            return
        self._delete(self.sub_view, lambda s: f"the {s.dataset} submission for {s.period}",
                     lambda s: sg.delete_submission(self.store, s.id))

    def _datasets(self):
        dialog = DatasetsDialog(self.store, self)
        dialog.finished.connect(lambda _r: self._saved() if dialog.changed else None)
        dialog.open()
        self._dialog = dialog
        return dialog


class DatasetsDialog(QDialog):
    """The editable list of datasets the tracker follows."""

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.changed = False
        self.setWindowTitle("Datasets")
        self.setAccessibleName("Datasets")
        lay = QVBoxLayout(self)
        self.model = m.DatasetModel()
        self.view, _ = table(self.model, "Datasets", self._edit)
        lay.addLayout(row_of(None, button("&Add dataset", self._add), button("&Edit", self._edit, "Edit dataset")))
        lay.addWidget(self.view)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        lay.addWidget(box)
        self.resize(900, 360)
        self._load()

    def _load(self):
        self.model.set_rows(sg.datasets(self.store))
        fit(self.view)

    def _saved(self, _key=None):
        self.changed = True
        self._load()

    def _add(self):
        d = dlg.DatasetDialog(self.store, parent=self)
        d.record_saved.connect(self._saved)
        d.open()
        self._dialog = d
        return d

    def _edit(self):
        row = selected(self.view)
        if row is None:
            return None
        d = dlg.DatasetDialog(self.store, row, self)
        d.record_saved.connect(self._saved)
        d.open()
        self._dialog = d
        return d
