"""The Governance page: safety champions and their meetings, the safety improvement plan,
the dataset submissions tracker, the perinatal mortality review (PMRT) case log, and
everything overdue across them.

Signals: ``data_changed`` (from :class:`Page`) after any write.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QDialog, QMessageBox, QTableView, QTabWidget, QVBoxLayout

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.periods import parse_date
from maternity_desk.ui import tasks
from maternity_desk.ui.governance.champions import ChampionsTab
from maternity_desk.ui.governance.helpers import (
    RowFilter,
    button,
    fit,
    heading,
    row_of,
    selected,
    table,
)
from maternity_desk.ui.governance.overdue import OverdueTab
from maternity_desk.ui.governance.plan import PlanTab
from maternity_desk.ui.governance.reads import read_governance
from maternity_desk.ui.governance.reviews import ReviewsTab
from maternity_desk.ui.governance.submissions import DatasetsDialog, SubmissionsTab
from maternity_desk.ui.page import Page, select_in

__all__ = ["DatasetsDialog", "GovernancePage", "RowFilter", "button", "fit", "heading", "row_of",
           "selected", "table"]


class GovernancePage(ChampionsTab, PlanTab, SubmissionsTab, ReviewsTab, OverdueTab, Page):
    """The tab widget and its tabs: each tab's building, showing, filtering and editing is in
    its own module (champions, plan, submissions, reviews, overdue, cases); this class reads the
    registers, hands each tab its part and finds a record for Home's links. The tabs' handlers
    use the page's ``store``, ``today()`` and its editing helpers (``_open``, ``_edit``,
    ``_delete``, ``_saved``, ``_import``) below."""

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
        self._show_champions(data, today)
        self._show_plan(data, today)
        self._show_submissions(data, today)
        self._show_reviews(data, today)

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

    # --- finding a record ----------------------------------------------------------------------
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

    def _import(self, kind: str):
        from maternity_desk.ui.import_wizard import ImportWizard

        wizard = ImportWizard(self.store, kind, self)
        wizard.imported.connect(lambda _plan: self._saved())
        wizard.open()
        self._dialog = wizard
        return wizard
