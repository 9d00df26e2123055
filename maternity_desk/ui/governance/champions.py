"""The Governance page's "Champions" tab: safety champions, their meetings and the actions
from those meetings, with the warnings on vacant roles and gaps between meetings.

:class:`ChampionsTab` is a part of :class:`page.GovernancePage` (a mixin): its widgets and
handlers are attributes of the page, as the page's targets and tests name them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QMessageBox, QSplitter, QVBoxLayout, QWidget

from maternity_desk.core import governance as g
from maternity_desk.store import governance as sg
from maternity_desk.ui.governance import dialogs as dlg
from maternity_desk.ui.governance import models as m
from maternity_desk.ui.governance.helpers import button, heading, row_of, selected, table


class ChampionsTab:
    """Builds, shows, filters and edits the champions tab (part of the Governance page)."""

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

    def _show_champions(self, data, today) -> None:
        """Champions, meetings and their actions from the page's read."""
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

    def _filter_champion_actions(self) -> None:
        only = self.champ_open_only.isChecked()
        self.champ_action_proxy.set_predicate((lambda a: a.status == "open") if only else None)

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
