"""Dialogs about the course catalogue: one course and its thresholds, and the list of
courses. Each validates through the core functions and shows a refusal as a plain
message; nothing is written unless the save succeeds whole."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from maternity_desk.core.training import Course, Thresholds
from maternity_desk.store import training as st
from maternity_desk.ui.training.dialog_helpers import _buttons, enter_activates, table_view, warn
from maternity_desk.ui.training.models import _ListModel

# --- courses and thresholds --------------------------------------------------------------

class CourseDialog(QDialog):
    def __init__(self, store, course: Course | None = None, parent=None):
        super().__init__(parent)
        self.store, self.new = store, course is None
        self.setWindowTitle("New course" if course is None else f"Edit {course.code}")
        form = QFormLayout(self)
        self.code = QLineEdit(course.code if course else "")
        self.code.setAccessibleName("Course code")
        self.code.setReadOnly(not self.new)
        self.name = QLineEdit(course.name if course else "")
        self.name.setAccessibleName("Course name")
        self.months = QSpinBox()
        self.months.setRange(1, 120)
        self.months.setSuffix(" months")
        self.months.setValue(course.renewal_months if course else 12)
        self.months.setAccessibleName("Renewal interval in months")
        self.groups = QListWidget()
        self.groups.setAccessibleName("Staff groups that must take it")
        for g in st.staff_groups(store):
            item = QListWidgetItem(g.name)
            item.setData(Qt.ItemDataRole.UserRole, g.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if course and g.code in course.groups else Qt.CheckState.Unchecked)
            self.groups.addItem(item)
        self.active = QCheckBox("&Active (counted and offered for new sessions)")
        self.active.setAccessibleName("Active")
        self.active.setChecked(course.active if course else True)
        self.notes = QLineEdit(course.notes if course else "")
        self.notes.setAccessibleName("Course notes")
        self.notes.setCursorPosition(0)
        form.addRow("&Code:", self.code)
        form.addRow("&Name:", self.name)
        form.addRow("&Renewal:", self.months)
        form.addRow("&Must take it:", self.groups)
        form.addRow("", self.active)
        form.addRow("N&otes:", self.notes)
        form.addRow(_buttons(self))

    def value(self) -> Course:
        groups = tuple(self.groups.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.groups.count())
                       if self.groups.item(i).checkState() == Qt.CheckState.Checked)
        return Course(self.code.text(), self.name.text(), self.months.value(), groups, self.active.isChecked(),
                      self.notes.text())

    def accept(self) -> None:
        try:
            st.save_course(self.store, self.value(), new=self.new)
        except Exception as exc:
            warn(self, exc)
            return
        super().accept()


class _CourseModel(_ListModel):
    HEADERS = ("Code", "Name", "Renewal (months)", "Active", "Must take it")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.group_names: dict[str, str] = {}

    def cell(self, c: Course, col: int):
        return (c.code, c.name, c.renewal_months, "yes" if c.active else "no",
                ", ".join(self.group_names.get(g, g) for g in c.groups) or "—")[col]


class CoursesDialog(QDialog):
    """The course catalogue and the RAG thresholds. Signals: changed()."""

    changed = Signal()

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Courses and thresholds")
        layout = QVBoxLayout(self)
        self.model = _CourseModel(self)
        self.model.group_names = {g.code: g.name for g in st.staff_groups(store)}
        self.view = table_view("Courses")
        self.view.setModel(self.model)
        self.view.setWordWrap(True)  # the last column (the staff groups) wraps, never cut off
        self.view.activated.connect(lambda _i: self._edit())  # double click or Enter
        enter_activates(self.view)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        for text, slot in (("&New course…", self._new), ("&Edit course…", self._edit)):
            b = QPushButton(text)
            b.setAccessibleName(text.replace("&", "").rstrip("…"))
            b.clicked.connect(slot)
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        t = st.thresholds(store)
        box = QGroupBox("RAG thresholds (percent in date)")
        tl = QHBoxLayout(box)
        self.green = QDoubleSpinBox()
        self.amber = QDoubleSpinBox()
        for w, v, name, text in ((self.green, t.green, "Green from", "&Green from:"),
                                 (self.amber, t.amber, "Amber from", "A&mber from:")):
            w.setRange(0, 100)
            w.setDecimals(1)
            w.setSuffix(" %")
            w.setValue(v)
            w.setAccessibleName(name)
            lab = QLabel(text)
            lab.setBuddy(w)
            tl.addWidget(lab)
            tl.addWidget(w)
        save = QPushButton("Save &thresholds")
        save.setAccessibleName("Save thresholds")
        save.setAutoDefault(False)
        save.clicked.connect(self._save_thresholds)
        tl.addWidget(save)
        tl.addStretch(1)
        layout.addWidget(box)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.resize(820, 460)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(st.courses(self.store))
        header = self.view.horizontalHeader()
        for col in range(4):
            self.view.resizeColumnToContents(col)
        if header.sectionSize(1) > 280:
            header.resizeSection(1, 280)
        self.view.resizeRowsToContents()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        QTimer.singleShot(0, self.view.resizeRowsToContents)  # once the wrapped column has its width

    def _new(self) -> None:
        if CourseDialog(self.store, None, self).exec() == QDialog.DialogCode.Accepted:
            self.reload()
            self.changed.emit()

    def _edit(self) -> None:
        idx = self.view.currentIndex()
        if not idx.isValid():
            return
        if CourseDialog(self.store, self.model.record(idx.row()), self).exec() == QDialog.DialogCode.Accepted:
            self.reload()
            self.changed.emit()

    def _save_thresholds(self) -> None:
        try:
            st.save_thresholds(self.store, Thresholds(self.green.value(), self.amber.value()))
        except Exception as exc:
            warn(self, exc)
            return
        self.changed.emit()
