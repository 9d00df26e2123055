"""The training page: compliance as at any date, the staff register, sessions and sign-in.

Signals (from :class:`Page`): data_changed after anything here wrote to the database.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from maternity_desk.core.training import StaffMember
from maternity_desk.store import training as st
from maternity_desk.ui import tasks
from maternity_desk.ui.import_wizard import ImportWizard
from maternity_desk.ui.page import Page, select_in
from maternity_desk.ui.table_model import sorting_proxy
from maternity_desk.ui.training.dialogs import (
    AbsencesDialog,
    CoursesDialog,
    HistoryDialog,
    PersonDialog,
    date_edit,
    py_date,
    search_box,
    table_view,
    warn,
)
from maternity_desk.ui.training.forecast import ForecastTab
from maternity_desk.ui.training.models import (
    ComplianceGridModel,
    StaffModel,
    StatusModel,
    uk,
)
from maternity_desk.ui.training.reads import read_compliance, read_register
from maternity_desk.ui.training.sessions_tab import SessionsTab
from maternity_desk.ui.widgets import fit_columns, push_button


def _button(text: str, slot, tip: str = "") -> QPushButton:
    return push_button(text, slot, tip=tip)


class GridView(QTableView):
    """The compliance grid: every column at least as wide as its contents, spare width shared
    out evenly; as tall as its rows (a horizontal scroll bar only when the groups cannot fit)."""

    ROW_HEIGHT = 40

    def fit(self) -> None:
        model = self.model()
        n = model.columnCount() if model is not None else 0
        header = self.horizontalHeader()
        wants = [max(self.sizeHintForColumn(c), header.sectionSizeHint(c)) + 4 for c in range(n)]
        spare = self.viewport().width() - sum(wants)
        for c, want in enumerate(wants):
            share = spare // n + (1 if c < spare % n else 0) if spare > 0 else 0
            header.resizeSection(c, want + share)
        rows = model.rowCount() if model is not None else 0
        height = header.sizeHint().height() + self.ROW_HEIGHT * max(1, rows) + 2 * self.frameWidth()
        if spare < 0:
            height += self.horizontalScrollBar().sizeHint().height()
        self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self.fit()


class TrainingPage(SessionsTab, Page):
    """Compliance, register and sessions in three tabs.

    Signals: data_changed (inherited) after any write.
    """

    title = "Training"
    description = "Training attendance and compliance by staff group"

    def __init__(self, store, parent: QWidget | None = None, *, today: date | None = None):
        super().__init__(store, parent)
        self.today = today or date.today()
        self._reads = {part: tasks.Latest(self) for part in ("compliance", "register", "sessions")}
        self._fitted_views: list[QTableView] = []  # lists whose columns were sized on rows
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Training views")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tabs)
        self.tabs.addTab(self._build_compliance(), "&Compliance")
        self.tabs.addTab(self._build_register(), "Staff &register")
        self.tabs.addTab(self._build_sessions(), "&Sessions")
        self.tabs.addTab(ForecastTab(self), "Forecast to &90%")
        self.refresh()

    # ------------------------------------------------------------------ compliance tab
    def _build_compliance(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        top = QHBoxLayout()
        self.as_at = date_edit(self.today, "Compliance as at")
        lab = QLabel("&As at:")
        lab.setBuddy(self.as_at)
        top.addWidget(lab)
        top.addWidget(self.as_at)
        self.thresholds_label = QLabel()
        top.addWidget(self.thresholds_label)
        top.addStretch(1)
        top.addWidget(_button("Courses and &thresholds…", self._courses))
        v.addLayout(top)

        self.grid_model = ComplianceGridModel(self)
        self.grid = GridView()
        self.grid.setAccessibleName("Compliance by course and staff group")
        self.grid.setModel(self.grid_model)
        self.grid.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.grid.setWordWrap(True)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.grid.verticalHeader().setDefaultSectionSize(40)
        self.grid.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.grid.setTabKeyNavigation(False)
        v.addWidget(self.grid)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        self.lists = QTabWidget()
        self.lists.setAccessibleName("Overdue and due lists")
        self.list_course = QComboBox()
        self.list_course.setAccessibleName("Show the lists for course")
        self.list_course.setToolTip("Show one course's overdue and due-soon staff")
        self.list_course.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.list_group = QComboBox()
        self.list_group.setAccessibleName("Show the lists for staff group")
        self.list_group.setToolTip("Show one staff group's overdue and due-soon staff")
        self.list_group.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        corner = QWidget()
        cl = QHBoxLayout(corner)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(self.list_group)
        cl.addWidget(self.list_course)
        self.export_list_button = _button("E&xport list…", self._export_list)
        self.export_list_button.setToolTip("The list in front of you (its course and staff group) as an Excel workbook")
        cl.addWidget(self.export_list_button)
        cl.addStretch(1)
        # the filters and export above the lists, not in the tab bar's corner: at 150% they
        # covered the Overdue and Due soon tabs
        lists_box = QWidget()
        lb = QVBoxLayout(lists_box)
        lb.setContentsMargins(0, 0, 0, 0)
        lb.addWidget(corner)
        lb.addWidget(self.lists, 1)
        self.overdue_model = StatusModel(self, expiry_header="Expired")
        self.overdue_proxy = sorting_proxy(self.overdue_model, self)
        self.overdue_view = self._status_view("Overdue: eligible staff not in date, by course",
                                              self.overdue_proxy)
        self.lists.addTab(self.overdue_view, "Overdue")
        due = QWidget()
        dl = QVBoxLayout(due)
        dl.setContentsMargins(0, 4, 0, 0)
        row = QHBoxLayout()
        self.due_days = QSpinBox()
        self.due_days.setRange(1, 365)
        self.due_days.setValue(30)
        self.due_days.setSuffix(" days")
        self.due_days.setAccessibleName("Due within the next number of days")
        lab = QLabel("Due in the &next:")
        lab.setBuddy(self.due_days)
        row.addWidget(lab)
        row.addWidget(self.due_days)
        row.addStretch(1)
        dl.addLayout(row)
        self.due_model = StatusModel(self, expiry_header="Expires")
        self.due_proxy = sorting_proxy(self.due_model, self)
        self.due_view = self._status_view("Due soon: in date but expiring within the chosen days, by course",
                                          self.due_proxy)
        dl.addWidget(self.due_view)
        self.lists.addTab(due, "Due soon")
        for proxy in (self.overdue_proxy, self.due_proxy):
            proxy.setFilterKeyColumn(StatusModel.COURSE)
        self.list_course.currentIndexChanged.connect(self._filter_lists)
        self.list_group.currentIndexChanged.connect(self._filter_lists)
        # Enter or a double click on a compliance cell: its course's and group's overdue list
        self.grid.activated.connect(self._open_cell)
        split.addWidget(lists_box)

        from maternity_desk.ui.training.trend import TrendChart

        chart_box = QWidget()
        cl = QVBoxLayout(chart_box)
        cl.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.chart_title = QLabel()
        self.chart_title.setWordWrap(True)
        self.chart_title.setMinimumWidth(120)
        head.addWidget(self.chart_title, 1)
        head.addWidget(_button("Save chart as &PNG…", self._save_png))
        cl.addLayout(head)
        from maternity_desk.ui.empty import EmptyState

        self.chart = TrendChart()
        self.chart_state = EmptyState(self.chart)
        cl.addWidget(self.chart_state, 1)
        chart_box.setMinimumWidth(260)
        split.addWidget(chart_box)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 3)
        split.setSizes([700, 420])
        v.addWidget(split, 1)

        self.as_at.dateChanged.connect(lambda _d: self.refresh_compliance())
        self.due_days.valueChanged.connect(lambda _n: self._refresh_due())
        return w

    def _status_view(self, name: str, proxy) -> QTableView:
        view = table_view(name, (StatusModel.COURSE, Qt.SortOrder.AscendingOrder))
        view.setModel(proxy)
        view.sortByColumn(StatusModel.COURSE, Qt.SortOrder.AscendingOrder)
        view.activated.connect(lambda i: self._history_from(proxy, i))  # double click or Enter
        return view

    def _fit_status_view(self, view: QTableView) -> None:
        """Course, name, group and expiry first and sized to their contents (the name
        capped), so all four show without scrolling. Once sized on rows, the columns keep
        their widths (a moved date or another group does not undo a width the user set)."""
        if view in self._fitted_views:
            return
        if view.model().rowCount():
            self._fitted_views.append(view)
        fit_columns(view)
        header = view.horizontalHeader()
        for col, cap in ((StatusModel.NAME, 160), (StatusModel.GROUP, 140)):
            if header.sectionSize(col) > cap:
                header.resizeSection(col, cap)

    def _filter_lists(self, *_args) -> None:
        code, group = self.list_course.currentData(), self.list_group.currentData()
        if getattr(self, "_index", None) is not None:
            self.overdue_model.set_rows([s for s in self._overdue if group in (None, s.staff_group)])
            self._fit_status_view(self.overdue_view)
            self.due_model.set_rows([s for s in self._due if group in (None, s.staff_group)])
            self._fit_status_view(self.due_view)
        for proxy in (self.overdue_proxy, self.due_proxy):
            proxy.setFilterRegularExpression(f"^{code}$" if code else "")
        self._count_lists()

    def _export_list(self) -> None:
        from maternity_desk.ui.training.list_export import export_list

        export_list(self)

    def _open_cell(self, index) -> None:
        """The overdue list of a compliance cell's course and staff group, with the focus in it."""
        row = self.grid_model.row_at(index)
        if row is None:
            return
        self.list_course.setCurrentIndex(max(0, self.list_course.findData(row.course)))
        self.list_group.setCurrentIndex(max(0, self.list_group.findData(row.staff_group)))
        self.lists.setCurrentIndex(0)
        self.overdue_view.setFocus()
        if self.overdue_proxy.rowCount():
            self.overdue_view.setCurrentIndex(self.overdue_proxy.index(0, 0))

    def _count_lists(self) -> None:
        self.lists.setTabText(0, f"&Overdue ({self.overdue_proxy.rowCount()})")
        self.lists.setTabText(1, f"&Due soon ({self.due_proxy.rowCount()})")

    def as_at_date(self) -> date:
        return py_date(self.as_at)

    def refresh_compliance(self) -> None:
        """Read the grid, lists and trend as at the chosen date (in the background)."""
        d, days = self.as_at_date(), self.due_days.value()
        self._reads["compliance"].read(self.store, lambda store: read_compliance(store, d, days),
                                       self._show_compliance)

    def _show_compliance(self, data) -> None:
        d, groups, courses, t = data["as_at"], data["groups"], data["courses"], data["thresholds"]
        self.grid_model.set_data(courses, groups, data["rows"])
        self.grid.fit()
        self.thresholds_label.setText(f"  Green ≥ {t.green:g}%, amber ≥ {t.amber:g}%, red below")
        names = {g.code: g.name for g in groups}
        mandatory = [c for c in courses if c.mandatory]
        for model in (self.overdue_model, self.due_model):
            model.group_names = names
            model.course_names = {c.code: c.name for c in courses}
            model.course_order = {c.code: i for i, c in enumerate(mandatory)}
        keep = self.list_course.currentData()
        self.list_course.blockSignals(True)
        self.list_course.clear()
        self.list_course.addItem("All courses", None)
        for c in mandatory:
            self.list_course.addItem(c.code, c.code)
            self.list_course.setItemData(self.list_course.count() - 1, c.name, Qt.ItemDataRole.ToolTipRole)
        self.list_course.setCurrentIndex(max(0, self.list_course.findData(keep)))
        self.list_course.blockSignals(False)
        keep = self.list_group.currentData()
        self.list_group.blockSignals(True)
        self.list_group.clear()
        self.list_group.addItem("All staff groups", None)
        for g in groups:
            self.list_group.addItem(g.name, g.code)
        self.list_group.setCurrentIndex(max(0, self.list_group.findData(keep)))
        self.list_group.blockSignals(False)
        self._index, self._index_date = data["index"], d
        self._overdue, self._due = data["overdue"], data["due"]
        self._filter_lists()
        points = data["points"]
        # the chart on the next turn: the grid and lists are painted first, each a piece of work of its own
        tasks.soon(self, lambda: self.chart.set_points(points, t))
        if not data["has_staff"]:
            self.chart_state.set_empty("No staff yet, so no compliance to chart. Add the staff register "
                                       "(or import it from an ESR report), then record training sessions.",
                                       "Open the staff &register", lambda: self.tabs.setCurrentIndex(1))
        else:
            self.chart_state.set_empty(None)
        self.chart_title.setText(f"Each course, % of eligible staff in date at month end, "
                                 f"24 months to {uk(points[-1].as_at) if points else uk(d)}")

    def _refresh_due(self) -> None:
        if getattr(self, "_index", None) is None:
            return
        self._due = self._index.due_within(self._index_date, self.due_days.value())
        self._filter_lists()

    def _save_png(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Save chart", f"training-compliance-{self.as_at_date()}.png",
                                              "PNG image (*.png)")
        if name:
            try:
                self.chart.save_png(name)
            except OSError as exc:
                warn(self, exc, "Chart not saved")

    def _courses(self) -> None:
        dialog = CoursesDialog(self.store, self)
        dialog.changed.connect(self._changed)
        dialog.exec()

    # ------------------------------------------------------------------ register tab
    def _build_register(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        top = QHBoxLayout()
        self.staff_search = search_box(top, "Fin&d:", "Find staff by name, number or group",
                                       "Type to find: name, staff number, group…")
        self.group_filter = QComboBox()
        self.group_filter.setAccessibleName("Show staff group")
        top.addWidget(self.group_filter)
        self.show_leavers = QCheckBox("Include &leavers")
        self.show_leavers.setAccessibleName("Include leavers")
        top.addWidget(self.show_leavers)
        v.addLayout(top)
        self.staff_model = StaffModel(self)
        self.staff_proxy = sorting_proxy(self.staff_model, self)
        self.staff_view = table_view("Staff register", (1, Qt.SortOrder.AscendingOrder))
        self.staff_view.setModel(self.staff_proxy)
        # double click or Enter (a double click emits activated too: connecting both opened it twice)
        self.staff_view.activated.connect(lambda i: self._history_from(self.staff_proxy, i))
        v.addWidget(self.staff_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(_button("&Add person…", self._add_person))
        buttons.addWidget(_button("&Edit person…", self._edit_person))
        buttons.addWidget(_button("A&bsences…", self._absences))
        buttons.addWidget(_button("His&tory…", self._history))
        buttons.addStretch(1)
        self.count_label = QLabel()
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        buttons.addWidget(_button("Im&port staff…", lambda: self._import("staff"),
                                  "Import the register from a CSV or Excel file (e.g. an ESR report)"))
        buttons.addWidget(_button("Imp&ort absences…", lambda: self._import("absences")))
        v.addLayout(buttons)
        self.staff_search.textChanged.connect(self.staff_proxy.setFilterFixedString)
        self.group_filter.currentIndexChanged.connect(lambda _i: self._filter_register())
        self.show_leavers.toggled.connect(lambda _b: self._filter_register())
        return w

    def refresh_register(self, *, at_once: bool = False) -> None:
        """Read the register (in the background unless ``at_once``)."""
        today = self.today
        if at_once:
            self._show_register(read_register(self.store, today))
        else:
            self._reads["register"].read(self.store, lambda store: read_register(store, today),
                                         self._show_register)

    def _show_register(self, data) -> None:
        groups = data["groups"]
        if self.group_filter.count() != len(groups) + 1:
            self.group_filter.blockSignals(True)
            self.group_filter.clear()
            self.group_filter.addItem("All staff groups", None)
            for g in groups:
                self.group_filter.addItem(g.name, g.code)
            self.group_filter.blockSignals(False)
        self._register = data
        self._filter_register()

    def _filter_register(self) -> None:
        data = getattr(self, "_register", None)
        if data is None:
            return
        want = self.group_filter.currentData()
        people = data["people"]
        if not self.show_leavers.isChecked():
            people = [m for m in people if m.leave_date is None or m.leave_date >= self.today]
        if want:
            people = [m for m in people if m.staff_group == want]
        self.staff_model.group_names = {g.code: g.name for g in data["groups"]}
        self.staff_model.absent = data["absent"]
        self.staff_model.set_rows(people)
        fit_columns(self.staff_view)
        self.count_label.setText(f"{len(people)} people")

    def selected_member(self) -> StaffMember | None:
        idx = self.staff_view.currentIndex()
        if not idx.isValid():
            return None
        return self.staff_model.record(self.staff_proxy.mapToSource(idx).row())

    def _add_person(self) -> None:
        dialog = PersonDialog(self.store, None, self, today=self.today)
        dialog.saved.connect(lambda _m: self._changed())
        dialog.exec()

    def _edit_person(self) -> None:
        m = self.selected_member()
        if m is None:
            return
        dialog = PersonDialog(self.store, m, self, today=self.today)
        dialog.saved.connect(lambda _m: self._changed())
        dialog.exec()

    def _absences(self) -> None:
        m = self.selected_member()
        if m is None:
            return
        dialog = AbsencesDialog(self.store, m, self, today=self.today)
        dialog.changed.connect(self._changed)
        dialog.exec()

    def _history(self) -> None:
        m = self.selected_member()
        if m is not None:
            self.open_history(m.staff_number)

    def _history_from(self, proxy, index) -> None:
        model = proxy.sourceModel()
        record = model.record(proxy.mapToSource(index).row())
        if record is not None:
            self.open_history(record.staff_number)

    def open_history(self, staff_number: str) -> HistoryDialog:
        dialog = HistoryDialog(self.store, staff_number, self, today=self.as_at_date())
        dialog.open()
        return dialog

    # ------------------------------------------------------------------ shared
    def _import(self, kind: str) -> None:
        wizard = ImportWizard(self.store, kind, self)
        wizard.imported.connect(lambda _plan: self._changed())
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.open()

    def _changed(self) -> None:
        self.refresh()
        self.data_changed.emit()

    def show_target(self, tab: str, key: str | None = None) -> bool:
        from maternity_desk.ui import targets

        return targets.training(self, tab, key)

    def show_record(self, kind: str, key: str) -> bool:
        if kind == "staff":
            self.tabs.setCurrentIndex(1)
            self.staff_search.clear()
            self.group_filter.setCurrentIndex(0)
            member = st.get_staff(self.store, key)
            if member is not None and member.leave_date is not None and member.leave_date < self.today:
                self.show_leavers.setChecked(True)
            self.refresh_register(at_once=True)
            return select_in(self.staff_view, lambda m: m.staff_number == key)
        if kind in ("session", "course"):
            self.tabs.setCurrentIndex(2)
            self.refresh_sessions(at_once=True)
            self.course_filter.setCurrentIndex(max(0, self.course_filter.findData(key if kind == "course" else None)))
            if kind == "course":
                self.session_view.setFocus()
                return self.course_filter.currentData() == key
            return select_in(self.session_view, lambda s: str(s.id) == key)
        return False

    def refresh(self) -> None:
        self.refresh_compliance()
        self.refresh_register()
        self.refresh_sessions()



