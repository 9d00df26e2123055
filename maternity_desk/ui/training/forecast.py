"""The Training page's Forecast tab (safety action 8): for a date picked in the one date box,
each mandatory course and staff group's forecast against 90% (records held, bookings on
planned sessions, recorded absences) and who must attend to get there, soonest expiry first;
the must-attend list saved as a workbook. The forecast is worked out by a worker on its own
connection (:mod:`maternity_desk.ui.tasks`) each time the tab is shown or the date changes."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from maternity_desk.core import forecast as fc
from maternity_desk.core.errors import InvalidValue, MaternityDeskError
from maternity_desk.core.words import plural
from maternity_desk.store import open_store
from maternity_desk.ui import tasks
from maternity_desk.ui.datebox import date_edit
from maternity_desk.ui.errors import show_error
from maternity_desk.ui.table_model import RIGHT, SORT_ROLE, RowsModel, sorting_proxy, uk_date
from maternity_desk.ui.widgets import fit_columns, push_button

SHORT_BG = QColor("#FFC7CE")
MEETS_BG = QColor("#C6EFCE")


class ForecastModel(RowsModel):
    HEADERS = ("Course", "Staff group", "Eligible", "In date by the date", "Of them booked", "Percent",
               "Reaches the threshold", "More needed")
    HEADER_TIPS = (None, None, "Employed on the date, in a group that must take the course, not on a recorded "
                   "absence", "In date on the date: records held and bookings on planned sessions before it",
                   "In date only because of a booking", None, None,
                   "How many more people must attend a session before the date")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.course_names: dict[str, str] = {}
        self.group_names: dict[str, str] = {}

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r: fc.ForecastRow = self._rows[index.row()]
        col = index.column()
        values = [self.course_names.get(r.course, r.course), self.group_names.get(r.group, r.group), r.eligible,
                  r.in_date_by, r.booked, r.percent_by, r.meets, r.needed]
        v = values[col]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 5:
                return "-" if v is None else f"{v:.1f}%"
            if col == 6:
                return "No staff" if v is None else ("Yes" if v else "No")
            return str(v)
        if role == SORT_ROLE:
            return (-1 if v is None else int(v)) if col == 6 else (-1.0 if v is None and col == 5 else v)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (2, 3, 4, 5, 7):
            return RIGHT
        if role == Qt.ItemDataRole.BackgroundRole and col == 6 and r.meets is not None:
            return QBrush(MEETS_BG if r.meets else SHORT_BG)
        return None


class MustAttendModel(RowsModel):
    HEADERS = ("Course", "Staff group", "Staff number", "Name", "Last attended", "Expiry")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.course_names: dict[str, str] = {}
        self.group_names: dict[str, str] = {}

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r, c = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return [self.course_names.get(r.course, r.course), self.group_names.get(r.group, r.group),
                    c.staff_number, c.name, uk_date(c.last_attended) or "Never",
                    uk_date(c.expiry) or "Never trained"][col]
        if role == SORT_ROLE:
            if col == 4:
                return c.last_attended.toordinal() if c.last_attended else 0
            if col == 5:
                return c.expiry.toordinal() if c.expiry else 0
            return self.data(index)
        return None


def _view(model, name: str) -> tuple[QTableView, object]:
    proxy = sorting_proxy(model)
    view = QTableView()
    view.setModel(proxy)
    view.setAccessibleName(name)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the courses' and groups' own order until asked
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.setWordWrap(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().setVisible(False)
    return view, proxy


class ForecastTab(QWidget):
    """The forecast for one date; ``page`` is the Training page (its store and today)."""

    def __init__(self, page):
        super().__init__()
        self.page = page
        self.setAccessibleName("Training forecast")
        self.rows: list[fc.ForecastRow] = []
        self.unit_name = ""
        self._asked = 0
        self._shown_for: date | None = None
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.by = date_edit(self._today() + timedelta(days=90), "Forecast for the date",
                            minimum=self._today())
        lab = QLabel("Forecast &by:")
        lab.setBuddy(self.by)
        top.addWidget(lab)
        top.addWidget(self.by)
        self.export_button = push_button("E&xport must-attend list…", self._export,
                                          tip="Save who must attend, course by course, as an Excel workbook")
        self.book_button = push_button("Boo&k on a session…", self._book,
                                       tip="Put the people selected in the must-attend list on a planned session "
                                           "of their course (they count once its register is taken)")
        self.book_button.setEnabled(False)
        top.addStretch(1)
        top.addWidget(self.book_button)
        top.addWidget(self.export_button)
        lay.addLayout(top)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Forecast summary")
        lay.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        self.model = ForecastModel(self)
        self.view, self.proxy = _view(self.model, "Forecast by course and staff group")
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_people())
        split.addWidget(self.view)
        box = QWidget()
        bl = QVBoxLayout(box)
        bl.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.people_title = QLabel()
        self.people_title.setWordWrap(True)
        head.addWidget(self.people_title, 1)
        self.all_rows = QCheckBox("Sho&w every course and group")
        self.all_rows.setAccessibleName("Show who must attend for every course and staff group")
        self.all_rows.setChecked(True)
        self.all_rows.toggled.connect(self._show_people)
        head.addWidget(self.all_rows)
        bl.addLayout(head)
        self.people_model = MustAttendModel(self)
        self.people_view, self.people_proxy = _view(self.people_model, "Who must attend, soonest expiry first")
        self.people_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.people_view.selectionModel().selectionChanged.connect(lambda *_: self._people_selected())
        bl.addWidget(self.people_view)
        split.addWidget(box)
        split.setSizes([330, 300])
        lay.addWidget(split, 1)
        self.by.dateChanged.connect(lambda _d: self.refresh())

    def _today(self) -> date:
        return self.page.today

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        self.refresh()  # the records may have changed on another tab or page

    # --- working it out ------------------------------------------------------------------
    def refresh(self) -> None:
        try:
            by = self.by.value()
        except InvalidValue as exc:  # a half-typed date: the box says why beside it
            self.summary.setText(str(exc))
            return
        if by is None:
            return
        self._asked += 1
        asked = self._asked
        self.summary.setText(f"Working out the forecast for {by:%d/%m/%Y}…")
        self.export_button.setEnabled(False)
        db, today = self.page.store.path, self._today()

        def work():
            from maternity_desk.store import forecast as sf
            from maternity_desk.store import training as st

            store = open_store(db, migrate=False, backups=False)
            try:
                rows = sf.forecast(store, by, today=today)
                return (by, rows, {c.code: c.name for c in st.courses(store)},
                        {g.code: g.name for g in st.staff_groups(store)}, store.unit_settings().unit_name)
            finally:
                store.close()

        def done(result) -> None:
            if asked == self._asked:
                self._show(*result)

        def failed(exc) -> None:
            if asked == self._asked:
                self.summary.setText(str(exc)[:1].upper() + str(exc)[1:])

        tasks.run_task(self, work, done, failed)

    def _show(self, by: date, rows, course_names, group_names, unit_name) -> None:
        self._shown_for, self.rows, self.unit_name = by, rows, unit_name
        for m in (self.model, self.people_model):
            m.course_names, m.group_names = course_names, group_names
        self.model.set_rows(rows)
        fit_columns(self.view)
        judged = [r for r in rows if r.meets is not None]
        short = [r for r in judged if not r.meets]
        people = len({c.staff_number for r in short for c in r.must_attend})
        if not judged:
            text = f"On {by:%d/%m/%Y} no course has eligible staff."
        elif not short:
            text = (f"On {by:%d/%m/%Y} every course and staff group will be at {rows[0].threshold:g}% or above "
                    f"({plural(len(judged), 'row')}), counting the bookings already made.")
        else:
            text = (f"On {by:%d/%m/%Y}, {len(short)} of the {len(judged)} courses and staff groups will be "
                    f"below {short[0].threshold:g}% unless {plural(people, 'more person')} attend "
                    "a session before then (listed below, soonest expiry first). Bookings on planned sessions "
                    "and recorded absences are counted.")
        self.summary.setText(text)
        self.export_button.setEnabled(any(r.must_attend for r in rows))
        self._show_people()

    def _selected_row(self) -> fc.ForecastRow | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.rows[self.proxy.mapToSource(index).row()]

    def _show_people(self) -> None:
        row = None if self.all_rows.isChecked() else self._selected_row()
        chosen = self.rows if row is None else [row]
        pairs = fc.must_attend_rows(chosen)
        self.people_model.set_rows(pairs)
        fit_columns(self.people_view)
        if row is None:
            self.people_title.setText(f"Who must attend ({plural(len(pairs), 'place')} needed), soonest expiry first")
        else:
            name = f"{self.model.course_names.get(row.course, row.course)}, " \
                   f"{self.model.group_names.get(row.group, row.group)}"
            self.people_title.setText(f"{name}: {plural(len(pairs), 'person', 'people')} must attend")

    # --- booking -------------------------------------------------------------------------
    def selected_people(self) -> list[tuple[str, str]]:
        """(course, staff number) of each person selected in the must-attend list."""
        rows = sorted({self.people_proxy.mapToSource(i).row() for i in self.people_view.selectionModel().selectedRows()})
        return [(self.people_model.rows[r][0].course, self.people_model.rows[r][1].staff_number) for r in rows]

    def _people_selected(self) -> None:
        self.book_button.setEnabled(bool(self.selected_people()))

    def planned_sessions(self, course: str) -> list:
        """The course's planned sessions from today, soonest first."""
        from maternity_desk.store import training as st

        today = self._today()
        return sorted((s for s in st.list_sessions(self.page.store)
                       if s.course_code == course and s.status == "planned" and s.date >= today),
                      key=lambda s: (s.date, s.id))

    def choose_session(self, course_name: str, sessions: list):
        """Ask which planned session to book on; None when the user cancels."""
        from PySide6.QtWidgets import QInputDialog

        labels = [f"{s.date:%a %d/%m/%Y}" + (f", {s.venue}" if s.venue else "")
                  + (f" ({s.attended} of {s.capacity} places taken)" if s.capacity else f" ({s.attended} booked)")
                  for s in sessions]
        label, ok = QInputDialog.getItem(self, "Book on a session", f"Planned {course_name} session:", labels, 0, False)
        return sessions[labels.index(label)] if ok and label in labels else None

    def _book(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from maternity_desk.store import forecast as sf

        chosen = self.selected_people()
        courses = {c for c, _ in chosen}
        if len(courses) != 1:
            QMessageBox.information(self, "Book on a session", "Select people for one course at a time: a session "
                                    "is for one course.")
            return
        course = courses.pop()
        name = self.model.course_names.get(course, course)
        sessions = self.planned_sessions(course)
        if not sessions:
            QMessageBox.information(self, "Book on a session", f"There is no planned {name} session from "
                                    f"{self._today():%d/%m/%Y}: add one on the Sessions tab first.")
            return
        session = self.choose_session(name, sessions)
        if session is None:
            return
        try:
            added = sf.book(self.page.store, session.id, [n for _, n in chosen], today=self._today())
        except MaternityDeskError as exc:  # refused (read-only, a leaver...): nothing written
            show_error(self, exc, "Nobody was booked")
            return
        self.summary.setText(f"Booked {plural(added, 'person', 'people')} on the {name} session of "
                             f"{session.date:%d/%m/%Y}.")
        self.page.data_changed.emit()
        self.refresh()

    # --- export --------------------------------------------------------------------------
    def _export(self):
        from maternity_desk.ui.save_as import ask_save_path

        if self._shown_for is None:
            return None
        by = self._shown_for
        path = ask_save_path(self, "Save the must-attend list", f"must-attend-{by:%Y-%m-%d}.xlsx")
        if not path:
            return None
        return self.export_to(path)

    def export_to(self, path: str) -> None:
        from maternity_desk.exchange.forecast import write_must_attend

        by, rows, unit = self._shown_for, self.rows, self.unit_name
        courses, groups = dict(self.model.course_names), dict(self.model.group_names)

        def work():
            return write_must_attend(path, rows, by=by, unit_name=unit, course_names=courses, group_names=groups)

        tasks.run_task(self, work, lambda p: self.summary.setText(f"Saved the must-attend list to {p}."),
                       lambda exc: show_error(self, exc, "The list was not saved"))
