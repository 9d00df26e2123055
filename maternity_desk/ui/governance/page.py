"""The Governance page: safety champions and their meetings, the safety improvement plan,
the dataset submissions tracker, the perinatal mortality review (PMRT) case log, and
everything overdue across them.

Signals: ``data_changed`` (from :class:`Page`) after any write.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from maternity_desk.core import governance as g
from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.periods import parse_date
from maternity_desk.core.words import period_label
from maternity_desk.store import governance as sg
from maternity_desk.ui import tasks
from maternity_desk.ui.datebox import DateBox
from maternity_desk.ui.governance import dialogs as dlg
from maternity_desk.ui.governance import models as m
from maternity_desk.ui.governance.reads import read_governance
from maternity_desk.ui.page import Page, select_in
from maternity_desk.ui.widgets import fit_columns, push_button


class RowFilter(QSortFilterProxyModel):
    """Sorts on :data:`models.SORT_ROLE` and keeps rows a Python predicate accepts."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(m.SORT_ROLE)
        self.predicate: Callable[[object], bool] | None = None

    def set_predicate(self, fn: Callable[[object], bool] | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+: invalidateFilter is deprecated
            self.beginFilterChange()
            self.predicate = fn
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self.predicate = fn
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, row, parent):  # noqa: N802
        if self.predicate is None:
            return True
        return self.predicate(self.sourceModel().row_at(row))


def table(model: m.RowsModel, name: str, on_open: Callable[[], None] | None = None) -> tuple[QTableView, RowFilter]:
    proxy = RowFilter()
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.setAccessibleName(name)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    if on_open:
        view.activated.connect(lambda _i: on_open())
    return view, proxy


def selected(view: QTableView):
    index = view.currentIndex()
    if not index.isValid():
        return None
    return view.model().data(index, m.ROW_ROLE)


def button(text: str, slot, name: str | None = None) -> QPushButton:
    return push_button(text, slot, name=name)


def row_of(*widgets) -> QHBoxLayout:
    lay = QHBoxLayout()
    for w in widgets:
        if w is None:
            lay.addStretch(1)
        else:
            lay.addWidget(w)
    return lay


def heading(text: str) -> QLabel:
    label = QLabel(f"<b>{text}</b>")
    label.setAccessibleName(text)
    return label


def fit(view: QTableView) -> None:
    fit_columns(view)
    header = view.horizontalHeader()
    for col in range(header.count()):
        if header.sectionSize(col) > 320:
            header.resizeSection(col, 320)


class GovernancePage(Page):
    title = "Governance"
    description = ("Safety champions and their meetings, the safety improvement plan, dataset submissions, "
                   "perinatal mortality reviews and everything overdue")

    def __init__(self, store, parent=None, *, today: date | None = None):
        super().__init__(store, parent)
        self._today = today
        self._reads = {part: tasks.Latest(self) for part in ("all", "overdue")}
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Governance registers")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.tabs)
        self.tabs.addTab(self._build_champions(), "&Champions")
        self.tabs.addTab(self._build_plan(), "&Improvement plan")
        self.tabs.addTab(self._build_submissions(), "&Submissions")
        self.tabs.addTab(self._build_reviews(), "Perinatal reviews (&PMRT)")
        self.tabs.addTab(self._build_overdue(), "&Overdue")
        from maternity_desk.ui.governance.cases import CasesTab

        self.cases_tab = CasesTab(self)  # imported here: it builds on this module
        self.tabs.addTab(self.cases_tab, "&Qualifying cases")
        self.refresh()

    def today(self) -> date:
        return self._today or date.today()

    # --- building ------------------------------------------------------------------------
    def _build_champions(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        self.champ_warnings = QLabel()
        self.champ_warnings.setWordWrap(True)
        self.champ_warnings.setAccessibleName("Champion warnings")
        self.champ_warnings.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                                    | Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.champ_warnings)
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        self.champ_model = m.ChampionModel()
        self.champ_view, _ = table(self.champ_model, "Safety champions", self._edit_champion)
        ll.addWidget(heading("Safety champions"))
        ll.addLayout(row_of(None,
                            button("&Add champion", self._add_champion),
                            button("Edit", self._edit_champion, "Edit champion"),
                            button("Delete", self._delete_champion, "Delete champion")))
        ll.addWidget(self.champ_view, 2)
        self.meeting_model = m.MeetingModel()
        self.meeting_view, self.meeting_proxy = table(self.meeting_model, "Champions' meetings", self._edit_meeting)
        ll.addWidget(heading("Champions' meetings"))
        ll.addLayout(row_of(None,
                            button("Add &meeting", self._add_meeting),
                            button("Edit", self._edit_meeting, "Edit meeting"),
                            button("Delete", self._delete_meeting, "Delete meeting")))
        ll.addWidget(self.meeting_view, 3)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.champ_action_model = m.FollowUpModel("Meeting")
        self.champ_action_view, self.champ_action_proxy = table(self.champ_action_model, "Champion actions",
                                                                self._edit_champion_action)
        self.champ_open_only = QCheckBox("Open only")
        self.champ_open_only.setAccessibleName("Show open champion actions only")
        self.champ_open_only.toggled.connect(self._filter_champion_actions)
        rl.addWidget(heading("Actions from the meetings"))
        rl.addLayout(row_of(None, self.champ_open_only,
                            button("Add ac&tion", self._add_champion_action, "Add champion action"),
                            button("Edit", self._edit_champion_action, "Edit champion action"),
                            button("Delete", self._delete_champion_action, "Delete champion action")))
        rl.addWidget(self.champ_action_view)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([640, 640])
        lay.addWidget(split, 1)
        return w

    def _build_plan(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        top = QSplitter(Qt.Orientation.Horizontal)
        vbox = QWidget()
        vl = QVBoxLayout(vbox)
        vl.setContentsMargins(0, 0, 0, 0)
        self.version_model = m.PlanVersionModel()
        self.version_view, _ = table(self.version_model, "Plan versions", self._edit_version)
        vl.addLayout(row_of(heading("Plan versions"), None, button("Add &version", self._add_version),
                            button("Edit", self._edit_version, "Edit plan version"),
                            button("Delete", self._delete_version, "Delete plan version")))
        vl.addWidget(self.version_view)
        pbox = QWidget()
        pl = QVBoxLayout(pbox)
        pl.setContentsMargins(0, 0, 0, 0)
        self.progress_model = m.ProgressModel()
        self.progress_view, _ = table(self.progress_model, "Progress by area")
        pl.addWidget(heading("Progress by area"))
        pl.addWidget(self.progress_view)
        top.addWidget(vbox)
        top.addWidget(pbox)
        top.setSizes([560, 720])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        abox = QWidget()
        al = QVBoxLayout(abox)
        al.setContentsMargins(0, 0, 0, 0)
        self.area_filter = QComboBox()
        self.area_filter.setAccessibleName("Show actions of area")
        self.area_filter.currentIndexChanged.connect(self._filter_plan)
        self.plan_overdue_only = QCheckBox("Overdue only")
        self.plan_overdue_only.setAccessibleName("Show overdue plan actions only")
        self.plan_overdue_only.toggled.connect(self._filter_plan)
        self.plan_model = m.PlanActionModel()
        self.plan_view, self.plan_proxy = table(self.plan_model, "Plan actions", self._edit_plan_action)
        al.addLayout(row_of(heading("Actions"), QLabel("A&rea:", buddy=self.area_filter), self.area_filter, self.plan_overdue_only, None,
                            button("Add &action", self._add_plan_action, "Add plan action"),
                            button("Edit", self._edit_plan_action, "Edit plan action"),
                            button("Delete", self._delete_plan_action, "Delete plan action")))
        al.addWidget(self.plan_view)
        split.addWidget(abox)
        split.setSizes([230, 420])
        lay.addWidget(split)
        return w

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

    def _build_reviews(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        self.review_summary = QLabel()
        self.review_summary.setWordWrap(True)
        self.review_summary.setAccessibleName("Review log summary")
        lay.addWidget(self.review_summary)
        self.review_compliance = QLabel()
        self.review_compliance.setWordWrap(True)
        self.review_compliance.setAccessibleName("Incentive scheme milestones met, per scheme year")
        lay.addWidget(self.review_compliance)
        self.review_cat = QComboBox()
        self.review_cat.setAccessibleName("Show cases of category")
        self.review_cat.addItem("All categories", None)
        for c in g.CATEGORIES:
            self.review_cat.addItem(g.CATEGORY_LABELS[c], c)
        self.review_cat.currentIndexChanged.connect(self._filter_reviews)
        self.review_open_only = QCheckBox("Open cases only")
        self.review_open_only.setAccessibleName("Show cases whose report is not published")
        self.review_open_only.toggled.connect(self._filter_reviews)
        lay.addLayout(row_of(QLabel("Ca&tegory:", buddy=self.review_cat), self.review_cat, self.review_open_only, None))
        lay.addLayout(row_of(button("&Add case", self._add_review, "Add review case"),
                             button("Edit", self._edit_review, "Edit review case"),
                             button("Delete", self._delete_review, "Delete review case"),
                             button("Deadline &rules…", self._rules),
                             button("Scheme &years…", self._rule_sets, "Scheme years: review standards per year"),
                             button("I&mport…", lambda: self._import("reviews"), "Import review cases"), None))
        split = QSplitter(Qt.Orientation.Vertical)
        self.review_model = m.ReviewModel()
        self.review_view, self.review_proxy = table(self.review_model, "Perinatal review cases", self._edit_review)
        self.review_view.selectionModel().currentRowChanged.connect(lambda *_: self._filter_review_actions())
        split.addWidget(self.review_view)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        abox = QWidget()
        al = QVBoxLayout(abox)
        al.setContentsMargins(0, 0, 0, 0)
        self.review_action_model = m.FollowUpModel("Case")
        self.review_action_view, self.review_action_proxy = table(self.review_action_model, "Review actions",
                                                                  self._edit_review_action)
        self.review_actions_all = QCheckBox("All cases")
        self.review_actions_all.setAccessibleName("Show actions of every case")
        self.review_actions_all.toggled.connect(self._filter_review_actions)
        al.addWidget(heading("Learning actions"))
        al.addLayout(row_of(self.review_actions_all, None,
                            button("Add actio&n", self._add_review_action, "Add review action"),
                            button("Edit", self._edit_review_action, "Edit review action"),
                            button("Delete", self._delete_review_action, "Delete review action")))
        al.addWidget(self.review_action_view)
        self.theme_model = m.ThemeModel()
        self.theme_view, _ = table(self.theme_model, "Learning themes")
        tbox = QWidget()
        tl = QVBoxLayout(tbox)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(heading("Learning themes (published reviews)"))
        tl.addWidget(self.theme_view)
        bottom.addWidget(abox)
        bottom.addWidget(tbox)
        bottom.setSizes([860, 400])
        split.addWidget(bottom)
        split.setSizes([380, 220])
        lay.addWidget(split)
        return w

    def _build_overdue(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        self.as_at = DateBox(None, "Overdue as at date", optional=True)
        self.as_at.dateChanged.connect(lambda _d: self._refresh_overdue())
        self.overdue_count = QLabel()
        self.overdue_count.setAccessibleName("Number of overdue items")
        lay.addLayout(row_of(QLabel("As a&t:", buddy=self.as_at), self.as_at, button("Show", self._refresh_overdue, "Show overdue"),
                             self.overdue_count, None))
        self.overdue_model = m.OverdueModel()
        self.overdue_view, _ = table(self.overdue_model, "Overdue items")
        lay.addWidget(self.overdue_view)
        return w

    # --- refreshing -----------------------------------------------------------------------
    def refresh(self) -> None:
        """Read every register (in the background) and show them when read."""
        today = self.today()
        try:
            as_at = parse_date(self.as_at.text()) if self.as_at.text().strip() else today
        except InvalidValue:
            as_at = None  # shown as a warning when the overdue list is asked for
        self._reads["all"].read(self.store, lambda store: read_governance(store, today, as_at), self._show)

    def _show(self, data) -> None:
        today = self.today()
        self.roles = data["roles"]
        self.champ_model.roles = {r.code: r.label for r in self.roles}
        champs = data["champions"]
        self.champ_model.set_rows(sorted(champs, key=lambda c: ([r.code for r in self.roles].index(c.role)
                                                                 if c.role in self.champ_model.roles else 99,
                                                                 c.start_date)), today)
        meetings = data["meetings"]
        self.meeting_model.set_rows(sorted(meetings, key=lambda x: x.date, reverse=True), today)
        self.champ_action_model.parents = {x.id: f"{x.date:%d/%m/%Y}" for x in meetings}
        self.champ_action_model.set_rows(data["champion_actions"], today)
        self._champion_warnings(champs, meetings, today, data["gap_months"])
        self._filter_champion_actions()

        versions = data["versions"]
        self.version_model.set_rows(sorted(versions, key=lambda v: v.date_agreed, reverse=True), today)
        actions = data["actions"]
        self.plan_model.set_rows(actions, today)
        self.progress_model.set_rows(g.plan_progress(actions, today), today)
        keep = self.area_filter.currentData()
        self.area_filter.blockSignals(True)
        self.area_filter.clear()
        self.area_filter.addItem("All areas", None)
        for area in sorted({a.area for a in actions}, key=str.lower):
            self.area_filter.addItem(area, area)
        self.area_filter.setCurrentIndex(max(0, self.area_filter.findData(keep)))
        self.area_filter.blockSignals(False)
        self._filter_plan()

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

        self.review_model.rules = data["rules"]
        self.review_model.calendar = data["calendar"]
        cases = data["cases"]
        self.review_model.set_rows(cases, today)
        self.review_action_model.parents = {c.id: c.reference for c in cases}
        self.review_action_model.set_rows(data["review_actions"], today)
        self.theme_model.set_rows(g.theme_counts(c for c in cases if c.report_published), today)
        overdue_reviews = data["review_overdue"]
        open_cases = sum(1 for c in cases if not c.report_published)
        self.review_summary.setText(
            f"{len(cases)} cases, {open_cases} without a published report; "
            f"{len(overdue_reviews)} milestone{'s' if len(overdue_reviews) != 1 else ''} overdue. "
            "Cases carry a local reference only.")
        self.review_compliance.setText(data["review_compliance"])
        self._filter_reviews()
        self._filter_review_actions()

        if not self.as_at.text().strip():
            self.as_at.setText(f"{today:%d/%m/%Y}")
        if data["overdue"] is None:
            self._refresh_overdue()  # the date box holds no date: say so
        else:
            self._show_overdue(data["as_at"], data["overdue"])
        for view in (self.champ_view, self.meeting_view, self.champ_action_view, self.version_view,
                     self.progress_view, self.plan_view, self.sub_view, self.review_view,
                     self.review_action_view, self.theme_view, self.overdue_view):
            fit(view)

    def _champion_warnings(self, champs, meetings, today, months: int) -> None:
        lines = []
        for role in g.vacant_roles(self.roles, champs, today):
            lines.append(f"The {role.label.lower()} role is vacant.")
        gaps = g.meeting_gaps([x.date for x in meetings], months, today)
        if not meetings:
            lines.append("No champions' meeting recorded yet.")
        elif gaps and gaps[-1].next is None:
            gp = gaps[-1]
            lines.append(f"No champions' meeting since {gp.after:%d/%m/%Y}: one was due by {gp.due:%d/%m/%Y} "
                         f"(at least every {months} months), {gp.days_late} days ago.")
        past = [gp for gp in gaps if gp.next is not None]
        if past:
            lines.append("Earlier gaps of more than {} months: {}.".format(months, "; ".join(
                f"{gp.after:%d/%m/%Y} to {gp.next:%d/%m/%Y}" for gp in past[-3:])))
        self.champ_warnings.setText("\n".join(lines) if lines else
                                    f"Every required role is filled; the champions met within {months} months.")
        self.champ_warnings.setStyleSheet("color: #9C0006;" if lines else "")

    def _refresh_overdue(self) -> None:
        try:
            as_at = parse_date(self.as_at.text())
        except InvalidValue as exc:
            QMessageBox.warning(self, "Not a date", str(exc))
            return
        self._reads["overdue"].read(self.store, lambda store: sg.overdue(store, as_at),
                                    lambda items: self._show_overdue(as_at, items))

    def _show_overdue(self, as_at: date, items) -> None:
        self.overdue_model.set_rows(items, as_at)
        self.overdue_count.setText(f"{len(items)} overdue item{'s' if len(items) != 1 else ''}")

    # --- filters -----------------------------------------------------------------------------
    def show_target(self, tab: str, key: str | None = None) -> bool:
        from maternity_desk.ui import targets

        return targets.governance(self, tab, key)

    def show_record(self, kind: str, key: str) -> bool:
        """Champions (tab 0), plan (1), submissions (2), reviews (3); filters are cleared."""
        tab, view, box, combo = {
            "meeting_action": (0, self.champ_action_view, self.champ_open_only, None),
            "plan_action": (1, self.plan_view, self.plan_overdue_only, self.area_filter),
            "submission": (2, self.sub_view, self.sub_outstanding, self.sub_filter),
            "review": (3, self.review_view, self.review_open_only, self.review_cat),
            "review_action": (3, self.review_action_view, self.review_actions_all, None),
        }.get(kind, (None, None, None, None))
        if view is None:
            return False
        self.tabs.setCurrentIndex(tab)
        box.setChecked(kind == "review_action")  # every case's actions; no other filter
        if combo is not None:
            combo.setCurrentIndex(0)
        return select_in(view, lambda r: str(r.id) == key)

    def _filter_champion_actions(self) -> None:
        only = self.champ_open_only.isChecked()
        self.champ_action_proxy.set_predicate((lambda a: a.status == "open") if only else None)

    def _filter_plan(self) -> None:
        area = self.area_filter.currentData()
        overdue_only = self.plan_overdue_only.isChecked()
        today = self.today()
        self.plan_proxy.set_predicate(lambda a: (area is None or a.area == area)
                                      and (not overdue_only or bool(a.days_overdue(today))))

    def _filter_submissions(self) -> None:
        code = self.sub_filter.currentData()
        outstanding = self.sub_outstanding.isChecked()
        self.sub_proxy.set_predicate(lambda s: (code is None or s.dataset == code)
                                     and (not outstanding or s.submitted_date is None))

    def _filter_reviews(self) -> None:
        cat = self.review_cat.currentData()
        open_only = self.review_open_only.isChecked()
        self.review_proxy.set_predicate(lambda c: (cat is None or c.category == cat)
                                        and (not open_only or c.report_published is None))

    def _filter_review_actions(self) -> None:
        if self.review_actions_all.isChecked():
            self.review_action_proxy.set_predicate(None)
            return
        case = selected(self.review_view)
        if case is None:  # nothing selected: every case's actions
            self.review_action_proxy.set_predicate(None)
            return
        self.review_action_proxy.set_predicate(lambda a: a.parent_id == case.id)

    # --- editing -------------------------------------------------------------------------------
    def _open(self, dialog: QDialog) -> QDialog:
        dialog.record_saved.connect(self._saved)
        dialog.open()
        self._dialog = dialog  # tests and keyboard users reach the open dialog
        return dialog

    def _saved(self, _key=None) -> None:
        self.refresh()
        self.data_changed.emit()

    def _confirm_delete(self, what: str) -> bool:
        answer = QMessageBox.question(self, "Delete", f"Delete {what}? The change is recorded in the audit log.")
        return answer == QMessageBox.StandardButton.Yes

    def _delete(self, view: QTableView, what: Callable[[object], str], fn: Callable[[object], None]) -> None:
        row = selected(view)
        if row is None:
            QMessageBox.information(self, "Nothing selected", "Select a row first.")
            return
        if self._confirm_delete(what(row)):
            fn(row)
            self._saved()

    def _edit(self, view: QTableView, make: Callable[[object], QDialog]) -> None:
        row = selected(view)
        if row is None:
            QMessageBox.information(self, "Nothing selected", "Select a row first.")
            return
        self._open(make(row))

    def _add_champion(self):
        return self._open(dlg.ChampionDialog(self.store, parent=self))

    def _edit_champion(self):
        self._edit(self.champ_view, lambda c: dlg.ChampionDialog(self.store, c, self))

    def _delete_champion(self):
        self._delete(self.champ_view, lambda c: c.person, lambda c: sg.delete_champion(self.store, c.id))

    def _add_meeting(self):
        return self._open(dlg.MeetingDialog(self.store, parent=self))

    def _edit_meeting(self):
        self._edit(self.meeting_view, lambda x: dlg.MeetingDialog(self.store, x, self))

    def _delete_meeting(self):
        self._delete(self.meeting_view, lambda x: f"the meeting of {x.date:%d/%m/%Y} and its actions",
                     lambda x: sg.delete_meeting(self.store, x.id))

    def _meeting_choices(self) -> list[tuple[str, int]]:
        return [(f"{x.date:%d/%m/%Y}", x.id) for x in self.meeting_model.rows()]

    def _add_champion_action(self):
        if not self.meeting_model.rows():
            QMessageBox.information(self, "No meeting", "Record the meeting the action came from first.")
            return None
        current = selected(self.meeting_view)
        return self._open(dlg.FollowUpDialog(self.store, "gov_champion_actions", self._meeting_choices(),
                                             parent_id=current.id if current else None, parent=self))

    def _edit_champion_action(self):
        self._edit(self.champ_action_view, lambda a: dlg.FollowUpDialog(
            self.store, "gov_champion_actions", self._meeting_choices(), a, parent=self))

    def _delete_champion_action(self):
        self._delete(self.champ_action_view, lambda a: f"the action '{a.action}'",
                     lambda a: sg.delete_follow_up(self.store, "gov_champion_actions", a.id))

    def _add_version(self):
        return self._open(dlg.PlanVersionDialog(self.store, parent=self))

    def _edit_version(self):
        self._edit(self.version_view, lambda v: dlg.PlanVersionDialog(self.store, v, self))

    def _delete_version(self):
        self._delete(self.version_view, lambda v: v.version, lambda v: sg.delete_plan_version(self.store, v.id))

    def _areas(self) -> list[str]:
        return [a.area for a in self.plan_model.rows()]

    def _add_plan_action(self):
        return self._open(dlg.PlanActionDialog(self.store, areas=self._areas(), parent=self))

    def _edit_plan_action(self):
        self._edit(self.plan_view, lambda a: dlg.PlanActionDialog(self.store, a, self._areas(), self))

    def _delete_plan_action(self):
        self._delete(self.plan_view, lambda a: f"the action '{a.action}'",
                     lambda a: sg.delete_plan_action(self.store, a.id))

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

    def _add_review(self):
        return self._open(dlg.ReviewDialog(self.store, parent=self))

    def _edit_review(self):
        self._edit(self.review_view, lambda c: dlg.ReviewDialog(self.store, c, self))

    def _delete_review(self):
        self._delete(self.review_view, lambda c: f"case {c.reference} and its actions",
                     lambda c: sg.delete_review(self.store, c.id))

    def _case_choices(self) -> list[tuple[str, int]]:
        return [(c.reference, c.id) for c in self.review_model.rows()]

    def _add_review_action(self):
        current = selected(self.review_view)
        if current is None:
            QMessageBox.information(self, "No case selected", "Select the case the action comes from first.")
            return None
        return self._open(dlg.FollowUpDialog(self.store, "gov_review_actions", self._case_choices(),
                                             parent_id=current.id, parent=self))

    def _edit_review_action(self):
        self._edit(self.review_action_view, lambda a: dlg.FollowUpDialog(
            self.store, "gov_review_actions", self._case_choices(), a, parent=self))

    def _delete_review_action(self):
        self._delete(self.review_action_view, lambda a: f"the action '{a.action}'",
                     lambda a: sg.delete_follow_up(self.store, "gov_review_actions", a.id))

    def _rules(self):
        return self._open(dlg.RulesDialog(self.store, self))

    def _rule_sets(self):
        from maternity_desk.ui.governance.rule_sets import RuleSetsDialog

        return self._open(RuleSetsDialog(self.store, self))

    def _import(self, kind: str):
        from maternity_desk.ui.import_wizard import ImportWizard

        wizard = ImportWizard(self.store, kind, self)
        wizard.imported.connect(lambda _plan: self._saved())
        wizard.open()
        self._dialog = wizard
        return wizard


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
