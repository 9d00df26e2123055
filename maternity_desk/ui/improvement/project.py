"""One improvement project: aim and team, driver diagram, measures with their SPC charts,
PDSA cycles and notes.

Signals:
    data_changed: emitted after this view wrote to the database.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
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
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from maternity_desk.core import improvement as qi
from maternity_desk.core.errors import MaternityDeskError
from maternity_desk.core.words import capitalised, titled
from maternity_desk.store import improvement as qs
from maternity_desk.ui.import_wizard import ImportWizard
from maternity_desk.ui.improvement import dialogs
from maternity_desk.ui.improvement.models import (
    MeasureModel,
    NoteModel,
    PdsaModel,
    TeamModel,
    ValueModel,
    fmt_date,
)
from maternity_desk.ui.table_model import sorting_proxy
from maternity_desk.ui.widgets import fit_columns
from maternity_desk.ui.widgets import push_button as button


def table(model, name: str, parent) -> QTableView:
    view = QTableView(parent)
    proxy = sorting_proxy(model, view)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the model's own order until a header is clicked
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.setAccessibleName(name)
    return view


def selected(view: QTableView):
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    if not rows:
        return None
    proxy = view.model()
    return proxy.sourceModel().row_at(proxy.mapToSource(rows[0]))


def confirm(parent, text: str) -> bool:
    answer = QMessageBox.question(parent, "Delete", text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class ProjectView(QWidget):
    data_changed = Signal()

    def __init__(self, store, parent=None, *, today: date | None = None):
        super().__init__(parent)
        self.store = store
        self.today = today or date.today()
        self.project: qi.Project | None = None
        self._loading = False  # True while _load selects the measure it will then draw
        self.measure_list: list[qi.Measure] = []
        self.cycles: list[qi.PdsaCycle] = []
        self.active_dialog = None
        self.chart_view = None

        top = QHBoxLayout()
        self.chooser = QComboBox(self)
        self.chooser.setAccessibleName("Project")
        self.chooser.setMinimumWidth(320)
        self.chooser.currentIndexChanged.connect(self._chosen)
        top.addWidget(QLabel("&Project:", self, buddy=self.chooser))
        top.addWidget(self.chooser)
        self.edit_btn = button("&Edit details and aim…", self._edit_project, self)
        self.delete_btn = button("Delete project", self._delete_project, self)
        top.addWidget(self.edit_btn)
        top.addStretch(1)
        top.addWidget(self.delete_btn)
        self.header = QLabel(self)
        self.header.setWordWrap(True)
        self.header.setAccessibleName("Project summary")
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b35c00; font-weight: bold")
        self.warning.setAccessibleName("Team warning")

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Project sections")
        self.tabs.addTab(self._aim_tab(), "&Aim and team")
        self.tabs.addTab(self._driver_tab(), "D&river diagram")
        self.tabs.addTab(self._measures_tab(), "&Measures")
        self.tabs.addTab(self._pdsa_tab(), "PDSA c&ycles")
        self.tabs.addTab(self._notes_tab(), "&Notes")

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.header)
        lay.addWidget(self.warning)
        lay.addWidget(self.tabs, 1)

    # --- building ------------------------------------------------------------------------
    def _aim_tab(self) -> QWidget:
        w = QWidget(self)
        lay = QVBoxLayout(w)
        self.aim_label = QLabel(w)
        self.aim_label.setWordWrap(True)
        self.aim_label.setTextFormat(Qt.TextFormat.RichText)
        self.aim_label.setAccessibleName("SMART aim")
        lay.addWidget(self.aim_label)
        self.team_model = TeamModel(w)
        self.team_view = table(self.team_model, "Team", w)
        self.team_view.activated.connect(lambda *_: self._edit_member())
        lay.addWidget(self.team_view, 1)
        row = QHBoxLayout()
        row.addWidget(button("A&dd member…", self._add_member, w))
        row.addWidget(button("Edit member…", self._edit_member, w))
        row.addWidget(button("Remove member", self._remove_member, w))
        row.addStretch(1)
        lay.addLayout(row)
        return w

    def _driver_tab(self) -> QWidget:
        w = QWidget(self)
        lay = QVBoxLayout(w)
        lay.addWidget(QLabel("Primary drivers → secondary drivers → change ideas. Select an item to add "
                             "under it.", w))
        self.tree = QTreeWidget(w)
        self.tree.setHeaderLabels(["Driver diagram", "Kind"])
        self.tree.setAccessibleName("Driver diagram")
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.itemChanged.connect(self._renamed)
        lay.addWidget(self.tree, 1)
        row = QHBoxLayout()
        row.addWidget(button("Add primary driver", self._add_primary, w))
        row.addWidget(button("Add &under selected", self._add_child, w))
        row.addWidget(button("Rename", self._rename, w))
        row.addWidget(button("Delete item", self._delete_driver, w))
        row.addStretch(1)
        lay.addLayout(row)
        return w

    def _measures_tab(self) -> QWidget:
        w = QWidget(self)
        lay = QHBoxLayout(w)
        split = QSplitter(Qt.Orientation.Horizontal, w)
        left = QWidget(split)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        self.measure_model = MeasureModel(left)
        self.measure_view = table(self.measure_model, "Measures", left)
        self.measure_view.selectionModel().selectionChanged.connect(
            lambda *_: None if self._loading else self._show_measure())  # _load draws once, at its end
        self.measure_view.activated.connect(lambda *_: self._edit_measure())
        ll.addWidget(self.measure_view, 2)
        row = QHBoxLayout()
        row.addWidget(button("Add measure…", self._add_measure, left))
        row.addWidget(button("Edit…", self._edit_measure, left, "Edit measure"))
        row.addWidget(button("Delete", self._delete_measure, left, "Delete measure"))
        ll.addLayout(row)
        self.value_model = ValueModel(left)
        self.value_view = table(self.value_model, "Monthly values", left)
        self.value_view.activated.connect(lambda *_: self._edit_value())
        ll.addWidget(self.value_view, 3)
        self.source_note = QLabel("", left)  # where a measure that is a dashboard indicator reads from
        self.source_note.setWordWrap(True)
        self.source_note.setAccessibleName("Where the figures come from")
        ll.addWidget(self.source_note)
        row = QHBoxLayout()
        row.addWidget(button("Add mon&th…", self._add_value, left, "Add month"))
        row.addWidget(button("Edit month…", self._edit_value, left))
        row.addWidget(button("Delete month", self._delete_value, left))
        ll.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(button("Import measure &data…", self._import, left))
        row.addWidget(button("Save chart as PNG…", self._save_png, left))
        ll.addLayout(row)
        self.chart_holder = QWidget(split)
        QVBoxLayout(self.chart_holder).setContentsMargins(0, 0, 0, 0)
        split.addWidget(left)
        split.addWidget(self.chart_holder)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([460, 700])
        lay.addWidget(split)
        return w

    def _pdsa_tab(self) -> QWidget:
        w = QWidget(self)
        lay = QVBoxLayout(w)
        self.pdsa_model = PdsaModel(w)
        self.pdsa_view = table(self.pdsa_model, "PDSA cycles", w)
        self.pdsa_view.activated.connect(lambda *_: self._edit_pdsa())
        self.pdsa_view.selectionModel().selectionChanged.connect(lambda *_: self._show_cycle())
        lay.addWidget(self.pdsa_view, 2)
        self.pdsa_detail = QLabel(w)
        self.pdsa_detail.setWordWrap(True)
        self.pdsa_detail.setTextFormat(Qt.TextFormat.PlainText)
        self.pdsa_detail.setAccessibleName("PDSA cycle details")
        self.pdsa_detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        lay.addWidget(self.pdsa_detail, 1)
        row = QHBoxLayout()
        row.addWidget(button("Add &cycle…", self._add_pdsa, w, "Add PDSA cycle"))
        row.addWidget(button("Edit cycle…", self._edit_pdsa, w, "Edit PDSA cycle"))
        row.addWidget(button("Delete cycle", self._delete_pdsa, w, "Delete PDSA cycle"))
        row.addStretch(1)
        lay.addLayout(row)
        return w

    def _notes_tab(self) -> QWidget:
        w = QWidget(self)
        lay = QVBoxLayout(w)
        self.note_model = NoteModel(w)
        self.note_view = table(self.note_model, "Notes", w)
        self.note_view.setWordWrap(True)
        lay.addWidget(self.note_view, 1)
        row = QHBoxLayout()
        row.addWidget(button("Add no&te…", self._add_note, w))
        row.addWidget(button("Delete note", self._delete_note, w))
        row.addStretch(1)
        lay.addLayout(row)
        return w

    # --- loading -------------------------------------------------------------------------
    def refresh(self, project_id: int | None = None) -> None:
        """The projects read again; ``project_id`` (else the one shown) chosen."""
        keep = project_id if project_id is not None else (self.project.id if self.project else None)
        projects = qs.projects(self.store)
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for p in projects:
            self.chooser.addItem(f"{titled(p.title, p.code)} — {capitalised(p.status)}", p.id)
        self.chooser.blockSignals(False)
        idx = self.chooser.findData(keep) if keep is not None else 0
        self.chooser.setCurrentIndex(max(0, idx) if projects else -1)
        self._chosen()

    def show_project(self, project_id: int) -> None:
        idx = self.chooser.findData(project_id)
        if idx < 0:
            self.refresh()
            idx = self.chooser.findData(project_id)
        self.chooser.setCurrentIndex(idx)
        self._chosen()

    def _chosen(self, *_):
        pid = self.chooser.currentData()
        has = pid is not None
        for w in (self.edit_btn, self.delete_btn, self.tabs):
            w.setEnabled(has)
        if not has:
            self.project = None
            self.header.setText("No project adopted yet: adopt one from the pick-list.")
            self.warning.setText("")
            return
        try:
            self.project = qs.project(self.store, pid)
        except MaternityDeskError:
            self.project = None
            return
        self._load()

    def _load(self) -> None:
        p = self.project
        team = qs.team(self.store, p.id)
        self.measure_list = qs.measures(self.store, p.id)
        bits = [qi.STATUS_LABELS[p.status], p.wave or "no wave", f"started {fmt_date(p.start_date)}"]
        if p.end_date:
            bits.append(f"ended {fmt_date(p.end_date)}")
        if p.picklist_code:
            bits.append(f"from pick-list {p.picklist_code}")
        if p.status == "abandoned":
            bits.append(f"abandoned: {p.abandon_reason}")
        self.header.setText(f"<b>{p.title}</b> — {p.area}<br>" + " · ".join(bits))
        self.warning.setText(qi.lead_warning(team) or "")
        self.warning.setVisible(bool(self.warning.text()))
        aim = "<b>Aim:</b> " + (p.aim_text or "(no aim written yet)")
        smart = []
        if p.aim_measure:
            smart.append(f"measure <b>{p.aim_measure}</b>")
        if p.aim_from is not None:
            smart.append(f"from <b>{p.aim_from:g}</b>")
        if p.aim_to is not None:
            smart.append(f"to <b>{p.aim_to:g}</b>")
        if p.aim_by:
            smart.append(f"by <b>{fmt_date(p.aim_by)}</b>")
        if smart:
            aim += "<br>SMART: " + ", ".join(smart)
        else:
            aim += "<br><i>Make it SMART: choose the measure, from, to and by when (Edit details and aim).</i>"
        self.aim_label.setText(aim)
        self.team_model.set_rows(team)
        fit_columns(self.team_view)
        self._load_tree()
        self.cycles = qs.pdsa_cycles(self.store, p.id)
        keep = self._current_measure()
        self.measure_model.set_rows(self.measure_list)
        fit_columns(self.measure_view)
        self.measure_view.setColumnWidth(0, min(self.measure_view.columnWidth(0), 200))
        row = next((i for i, m in enumerate(self.measure_list) if keep and m.id == keep.id),
                   next((i for i, m in enumerate(self.measure_list) if m.is_primary), 0))
        if self.measure_list:
            self._loading = True
            try:
                self.measure_view.selectRow(
                    self.measure_view.model().mapFromSource(self.measure_model.index(row, 0)).row())
            finally:
                self._loading = False
        self.pdsa_model.set_rows(self.cycles)
        fit_columns(self.pdsa_view)
        self.pdsa_detail.setText("")
        self.note_model.set_rows(qs.notes(self.store, p.id))
        self._show_measure()

    def _load_tree(self) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()

        def add(parent, node: qi.DriverTreeNode):
            item = QTreeWidgetItem([node.node.text, qi.DRIVER_LABELS[node.node.kind]])
            item.setData(0, Qt.ItemDataRole.UserRole, node.node.id)
            item.setData(1, Qt.ItemDataRole.UserRole, node.node.kind)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            (parent.addChild(item) if isinstance(parent, QTreeWidgetItem) else parent.addTopLevelItem(item))
            for child in node.children:
                add(item, child)

        for node in qi.driver_tree(qs.drivers(self.store, self.project.id)):
            add(self.tree, node)
        self.tree.expandAll()
        self.tree.resizeColumnToContents(1)
        self.tree.blockSignals(False)

    def _current_measure(self) -> qi.Measure | None:
        return selected(self.measure_view)

    def _show_measure(self) -> None:
        if self.project is None:
            return
        m = self._current_measure()
        if m is None:
            self.value_model.set_rows([])
            self._draw(None)
            return
        values = qs.measure_values(self.store, m.id)
        self.source_note.setText(
            f"The dashboard's {self._indicator_name(m.indicator)} figures: a month added here is entered on the "
            "dashboard too, once." if m.indicator else "")
        self.value_model.set_values(m, values)
        self.value_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        chart = qi.measure_chart(m, values, target=qs.aim_target(self.project, m))
        self._draw(chart, self.cycles)

    def _draw(self, chart, cycles=()) -> None:
        """The chart drawn; the first time, the chart is made the turn after the tab is painted
        and drawn the turn after that."""
        self._pending = (chart, cycles)
        if self.chart_view is not None:
            self.chart_view.set_chart(chart, cycles)
            return
        from maternity_desk.ui import tasks

        def make() -> None:
            if self.chart_view is None:
                from maternity_desk.ui.improvement.chart import MeasureChartView

                self.chart_view = MeasureChartView(self.chart_holder)
                self.chart_holder.layout().addWidget(self.chart_view)
                tasks.soon(self, lambda: self.chart_view.set_chart(*self._pending))

        tasks.soon(self, make)

    def _indicator_name(self, code: str) -> str:
        from maternity_desk.store import dashboard as dash

        try:
            return dash.indicator(self.store, code).name
        except MaternityDeskError:
            return code

    def _show_cycle(self) -> None:
        c = selected(self.pdsa_view)
        if c is None:
            self.pdsa_detail.setText("")
            return
        self.pdsa_detail.setText(
            f"Prediction: {c.prediction or '—'}\nPlan: {c.plan or '—'}\nDo: {c.do or '—'}\n"
            f"Study: {c.study or '—'}\nAct: {c.act or '(not decided)'}"
        )

    # --- writing -------------------------------------------------------------------------
    def _open(self, dlg) -> None:
        self.active_dialog = dlg
        dlg.accepted.connect(self._changed)
        dlg.open()

    def _changed(self) -> None:
        if self.project:
            try:
                self.project = qs.project(self.store, self.project.id)
            except MaternityDeskError:
                self.project = None
        self.refresh()
        self.data_changed.emit()

    def _try(self, fn, *args) -> bool:
        try:
            fn(*args)
        except MaternityDeskError as exc:
            QMessageBox.warning(self, "Could not do that", str(exc))
            return False
        self._changed()
        return True

    def _edit_project(self) -> None:
        if self.project:
            self._open(dialogs.ProjectDialog(self.project, self.measure_list,
                                             lambda p: qs.save_project(self.store, p), self))

    def _delete_project(self) -> None:
        if self.project and confirm(self, f"Delete project {self.project.code} with its measures, data, "
                                          "PDSA cycles and notes?"):
            pid = self.project.id
            self.project = None
            self._try(qs.delete_project, self.store, pid)

    def _add_member(self) -> None:
        if self.project:
            pid = self.project.id
            self._open(dialogs.MemberDialog(None, lambda m: qs.add_member(self.store, pid, m), self, store=self.store))

    def _edit_member(self) -> None:
        m = selected(self.team_view)
        if m:
            self._open(dialogs.MemberDialog(m, lambda x: qs.update_member(self.store, x), self,
                                              store=self.store))

    def _remove_member(self) -> None:
        m = selected(self.team_view)
        if m and confirm(self, f"Remove {m.name} from the team?"):
            self._try(qs.delete_member, self.store, m.id)

    def _selected_driver(self):
        item = self.tree.currentItem()
        return item

    def _add_primary(self) -> None:
        self._add_driver_under(None)

    def _add_child(self) -> None:
        item = self._selected_driver()
        if item is None:
            QMessageBox.information(self, "Driver diagram", "Select the item to add under first.")
            return
        self._add_driver_under(item.data(0, Qt.ItemDataRole.UserRole))

    def _add_driver_under(self, parent_id) -> None:
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(self, "Driver diagram", "Text of the new item:")
        if ok:
            self._try(qs.add_driver, self.store, self.project.id, parent_id, text)

    def _rename(self) -> None:
        item = self._selected_driver()
        if item is not None:
            self.tree.editItem(item, 0)

    def _renamed(self, item: QTreeWidgetItem, column: int) -> None:
        if column == 0:
            self._try(qs.rename_driver, self.store, item.data(0, Qt.ItemDataRole.UserRole), item.text(0))

    def _delete_driver(self) -> None:
        item = self._selected_driver()
        if item is not None and confirm(self, f"Delete '{item.text(0)}' and everything under it?"):
            self._try(qs.delete_driver, self.store, item.data(0, Qt.ItemDataRole.UserRole))

    def _add_measure(self) -> None:
        if self.project:
            pid = self.project.id
            self._open(dialogs.MeasureDialog(None, lambda m: qs.save_measure(self.store, pid, m), self))

    def _edit_measure(self) -> None:
        m = self._current_measure()
        if m:
            pid = self.project.id
            self._open(dialogs.MeasureDialog(m, lambda x: qs.save_measure(self.store, pid, x), self))

    def _delete_measure(self) -> None:
        m = self._current_measure()
        if m and confirm(self, f"Delete the measure '{m.name}' and all its monthly data?"):
            self._try(qs.delete_measure, self.store, m.id)

    def _add_value(self) -> None:
        m = self._current_measure()
        if m:
            from maternity_desk.core.periods import month_of, shift_month

            month = shift_month(month_of(self.today), -1)
            self._open(dialogs.ValueDialog(m, None, lambda v: qs.set_values(self.store, m, [v]), self, month=month))

    def _edit_value(self) -> None:
        m = self._current_measure()
        row = selected(self.value_view)
        if m and row:
            self._open(dialogs.ValueDialog(m, row[0], lambda v: qs.set_values(self.store, m, [v]), self))

    def _delete_value(self) -> None:
        m = self._current_measure()
        row = selected(self.value_view)
        if m and row and confirm(self, f"Delete {m.name} for {row[0].month}?"):
            self._try(qs.delete_value, self.store, m.id, row[0].month)

    def _import(self) -> None:
        if not self.project:
            return

        wizard = ImportWizard(self.store, "measure", self, extra={"project_code": self.project.code})
        wizard.imported.connect(lambda *_: self._changed())
        self.active_dialog = wizard
        wizard.open()

    def _save_png(self) -> None:
        if self.chart_view is None or self.chart_view.chart is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Save chart", f"{self.project.code}.png", "PNG image (*.png)")
        if path:
            self.chart_view.save_png(path)

    def _add_pdsa(self) -> None:
        if self.project:
            start = max(self.today, self.project.start_date)
            cycle = qi.PdsaCycle(title="", start_date=start, project_id=self.project.id)
            self._open(dialogs.PdsaDialog(cycle, qi.change_ideas(qs.drivers(self.store, self.project.id)),
                                          lambda c: qs.save_pdsa(self.store, c), self))

    def _edit_pdsa(self) -> None:
        c = selected(self.pdsa_view)
        if c:
            self._open(dialogs.PdsaDialog(c, qi.change_ideas(qs.drivers(self.store, self.project.id)),
                                          lambda x: qs.save_pdsa(self.store, x), self))

    def _delete_pdsa(self) -> None:
        c = selected(self.pdsa_view)
        if c and confirm(self, f"Delete the PDSA cycle '{c.title}'?"):
            self._try(qs.delete_pdsa, self.store, c.id)

    def _add_note(self) -> None:
        if self.project:
            pid = self.project.id
            self._open(dialogs.NoteDialog(self.today, lambda n: qs.add_note(self.store, pid, n), self))

    def _delete_note(self) -> None:
        n = selected(self.note_view)
        if n and confirm(self, "Delete this note?"):
            self._try(qs.delete_note, self.store, n.id)
