"""The Governance page's "Perinatal reviews (PMRT)" tab: the review case log, each case's
actions, learning themes of published reviews, and the deadline rules and scheme years.

:class:`ReviewsTab` is a part of :class:`page.GovernancePage` (a mixin): its widgets and
handlers are attributes of the page, as the page's targets and tests name them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from maternity_desk.core import governance as g
from maternity_desk.store import governance as sg
from maternity_desk.ui.governance import dialogs as dlg
from maternity_desk.ui.governance import models as m
from maternity_desk.ui.governance.helpers import button, heading, row_of, selected, table


class ReviewsTab:
    """Builds, shows, filters and edits the perinatal reviews tab (part of the Governance page)."""

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

    def _show_reviews(self, data, today) -> None:
        """Review cases, their actions, learning themes, the summary and the scheme years' milestones met from the page's read."""
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

