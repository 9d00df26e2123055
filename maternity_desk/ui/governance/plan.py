"""The Governance page's "Improvement plan" tab: plan versions, progress by area and the
plan's actions.

:class:`PlanTab` is a part of :class:`page.GovernancePage` (a mixin): its widgets and
handlers are attributes of the page, as the page's targets and tests name them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QSplitter, QVBoxLayout, QWidget

from maternity_desk.core import governance as g
from maternity_desk.store import governance as sg
from maternity_desk.ui.governance import dialogs as dlg
from maternity_desk.ui.governance import models as m
from maternity_desk.ui.governance.helpers import button, heading, row_of, table


class PlanTab:
    """Builds, shows, filters and edits the improvement plan tab (part of the Governance page)."""

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

    def _show_plan(self, data, today) -> None:
        """Plan versions, actions, progress and the area filter from the page's read."""
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

    def _filter_plan(self) -> None:
        area = self.area_filter.currentData()
        overdue_only = self.plan_overdue_only.isChecked()
        today = self.today()
        self.plan_proxy.set_predicate(lambda a: (area is None or a.area == area)
                                      and (not overdue_only or bool(a.days_overdue(today))))

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
