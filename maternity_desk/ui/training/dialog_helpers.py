"""What the training page and its dialogs share: reading a date box, showing a refusal,
sortable table views that open on Enter, search boxes and the Save/Cancel buttons."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QWidget,
)

from maternity_desk.core.errors import MaternityDeskError
from maternity_desk.ui.datebox import DateBox


def py_date(w: DateBox) -> date:
    """The date typed in ``w``; InvalidValue (shown beside the box too) when it is not one."""
    return w.value()


def warn(parent: QWidget, exc: Exception, title: str = "Not saved") -> None:
    if isinstance(exc, MaternityDeskError):
        QMessageBox.warning(parent, title, str(exc))
    else:
        from maternity_desk.ui.errors import show_error

        show_error(parent, exc, title)


def table_view(name: str, sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)) -> QTableView:
    v = QTableView()
    v.setAccessibleName(name)
    v.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    v.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    v.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    v.setSortingEnabled(True)
    v.sortByColumn(*sort)
    v.setAlternatingRowColors(True)
    v.setWordWrap(False)
    v.verticalHeader().setVisible(False)
    v.verticalHeader().setDefaultSectionSize(24)
    v.horizontalHeader().setStretchLastSection(True)
    v.setTabKeyNavigation(False)
    return v


class _EnterActivates(QObject):
    """Enter on a table row activates it (opens it) and goes no further: a table view passes
    Enter on to its dialog, which would also press the dialog's default button."""

    def eventFilter(self, view, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if view.currentIndex().isValid():
                view.activated.emit(view.currentIndex())
            return True
        return False


def enter_activates(view: QTableView) -> None:
    view.installEventFilter(_EnterActivates(view))


def search_box(row: QHBoxLayout, label: str, name: str, placeholder: str) -> QLineEdit:
    """A search box led by ``label`` (its mnemonic focuses the box), added to ``row``."""
    box = QLineEdit()
    box.setAccessibleName(name)
    box.setPlaceholderText(placeholder)
    box.setClearButtonEnabled(True)
    lab = QLabel(label)
    lab.setBuddy(box)
    row.addWidget(lab)
    row.addWidget(box, 1)
    return box


def _buttons(dialog: QDialog, ok_text: str = "&Save") -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Save).setText(ok_text)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box
