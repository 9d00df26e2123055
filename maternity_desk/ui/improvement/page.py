"""The Improvement page: the project board, the pick-list (adopt, add local projects), the
project page and the programme participation log.

Signals:
    data_changed: emitted after the page wrote to the database.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from maternity_desk.core import improvement as qi
from maternity_desk.core.errors import MaternityDeskError
from maternity_desk.core.words import period_label, titled
from maternity_desk.store import improvement as qs
from maternity_desk.ui import tasks
from maternity_desk.ui.improvement import dialogs
from maternity_desk.ui.improvement.models import (
    SIGNAL_COLOUR,
    ActionModel,
    EventModel,
    PicklistMeasureModel,
    PicklistModel,
    fmt_date,
)
from maternity_desk.ui.improvement.project import ProjectView, button, confirm, selected, table
from maternity_desk.ui.page import Page, select_in
from maternity_desk.ui.widgets import fit_columns

BOARD_COLUMNS = ["Project", "Code", "Wave", "Primary measure", "Latest month", "Signal", "Missing leads"]


class ImprovementPage(Page):
    title = "Improvement"
    description = "Quality-improvement projects adopted from the programme's pick-list, their measures and PDSA cycles."

    def __init__(self, store, parent=None, *, today: date | None = None):
        super().__init__(store, parent)
        self.today = today or date.today()
        self.active_dialog = None
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Improvement sections")
        self.tabs.addTab(self._board_tab(), "&Board")
        self.tabs.addTab(self._picklist_tab(), "P&ick-list")
        self.project_view = ProjectView(store, self, today=self.today)
        self.project_view.data_changed.connect(self._changed_elsewhere)
        self.tabs.addTab(self.project_view, "Pro&ject")
        self.tabs.addTab(self._events_tab(), "Programme &log")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.tabs)
        self._project_stale = True  # the project tab reads (and draws its chart) when first shown
        self._read = tasks.Latest(self)
        self.tabs.currentChanged.connect(self._tab_shown)
        self.refresh()

    def _tab_shown(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.project_view and self._project_stale:
            self._project_stale = False
            self.project_view.refresh()

    # --- board ---------------------------------------------------------------------------
    def _board_tab(self) -> QWidget:
        w = QWidget(self)
        lay = QVBoxLayout(w)
        lay.addWidget(QLabel("Every project by status. The signal is read from the SPC chart of the "
                             "project's primary measure: the latest month's special-cause variation "
                             "(improving or concern), otherwise no change. Double-click to open.", w,
                             wordWrap=True))
        self.board = QTreeWidget(w)
        self.board.setHeaderLabels(BOARD_COLUMNS)
        self.board.setAccessibleName("Project board")
        self.board.setRootIsDecorated(True)
        self.board.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.board.itemActivated.connect(self._open_from_board)
        lay.addWidget(self.board, 1)
        return w

    def _load_board(self) -> None:
        self._show_board(qs.board(self.store))

    def _show_board(self, rows) -> None:
        self.board.clear()
        for status, group in qi.board_groups(rows):
            top = QTreeWidgetItem([f"{qi.STATUS_LABELS[status]} ({len(group)})"])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.board.addTopLevelItem(top)
            for r in group:
                p = r.project
                missing = ", ".join(qi.ROLE_LABELS[x].lower() for x in r.missing_leads)
                # months as "Nov 2026", statuses capitalised (as the return's Improvement sheet)
                item = QTreeWidgetItem([p.title, p.code, p.wave, r.primary_measure or "(no measure)",
                                        period_label(r.latest_month), (r.signal or "no data").capitalize(),
                                        (missing or "all in place").capitalize()])
                item.setData(0, Qt.ItemDataRole.UserRole, p.id)
                if r.signal:
                    item.setForeground(5, QBrush(QColor(SIGNAL_COLOUR[r.signal])))
                if missing:
                    item.setForeground(6, QBrush(QColor("#b35c00")))
                top.addChild(item)
            top.setExpanded(True)
        for i in range(len(BOARD_COLUMNS)):
            self.board.resizeColumnToContents(i)
        self.board.setColumnWidth(0, min(self.board.columnWidth(0), 260))  # titles readable, capped
        self.board_rows = rows

    def _open_from_board(self, item: QTreeWidgetItem, *_):
        pid = item.data(0, Qt.ItemDataRole.UserRole)
        if pid is not None:
            self.open_project(pid)

    def open_project(self, project_id: int) -> None:
        if self._project_stale:
            self._project_stale = False
            self.project_view.refresh(project_id)
        else:
            self.project_view.show_project(project_id)
        self.tabs.setCurrentWidget(self.project_view)

    def show_record(self, kind: str, key: str) -> bool:
        if kind == "project":
            self.open_project(int(key))
            return True
        if kind == "event_action":
            self.tabs.setCurrentIndex(self.tabs.count() - 1)
            event = next((e for e in self.event_model.rows if any(str(a.id) == key for a in e.actions)), None)
            if event is None or not select_in(self.event_view, lambda e: e.id == event.id):
                return False
            self._show_event()
            return select_in(self.action_view, lambda a: str(a.id) == key)
        return False

    # --- pick-list -----------------------------------------------------------------------
    def _picklist_tab(self) -> QWidget:
        w = QWidget(self)
        lay = QVBoxLayout(w)
        split = QSplitter(Qt.Orientation.Horizontal, w)
        self.pick_model = PicklistModel(w)
        self.pick_view = table(self.pick_model, "Pick-list", split)
        self.pick_view.selectionModel().selectionChanged.connect(lambda *_: self._show_item())
        self.pick_view.activated.connect(lambda *_: self._adopt())
        right = QSplitter(Qt.Orientation.Vertical, split)
        self.pick_detail = QTextBrowser(right)
        self.pick_detail.setAccessibleName("Pick-list project details")
        mbox = QWidget(right)
        ml = QVBoxLayout(mbox)
        ml.setContentsMargins(0, 0, 0, 0)
        ml.addWidget(QLabel("<b>Suggested measures</b> (copied into a project when it is adopted)", mbox))
        self.pick_measure_model = PicklistMeasureModel(mbox)
        self.pick_measure_view = table(self.pick_measure_model, "Suggested measures", mbox)
        self.pick_measure_view.activated.connect(lambda *_: self._edit_item_measure())
        ml.addWidget(self.pick_measure_view, 1)
        mrow = QHBoxLayout()
        mrow.addWidget(button("Add &measure…", self._add_item_measure, mbox, "Add measure to pick-list project"))
        mrow.addWidget(button("Edit mea&sure…", self._edit_item_measure, mbox, "Edit pick-list measure"))
        mrow.addWidget(button("Remove measu&re", self._remove_item_measure, mbox, "Remove pick-list measure"))
        mrow.addStretch(1)
        ml.addLayout(mrow)
        right.addWidget(self.pick_detail)
        right.addWidget(mbox)
        right.setSizes([300, 330])
        split.addWidget(self.pick_view)
        split.addWidget(right)
        split.setSizes([650, 700])
        lay.addWidget(split, 1)
        row = QHBoxLayout()
        row.addWidget(button("&Adopt…", self._adopt, w, "Adopt project"))
        row.addWidget(button("Add l&ocal project…", self._add_local, w))
        row.addWidget(button("&Edit…", self._edit_item, w, "Edit pick-list project"))
        row.addWidget(button("Remove from pick-list", self._delete_item, w))
        row.addStretch(1)
        lay.addLayout(row)
        return w

    def _show_item(self) -> None:
        p = selected(self.pick_view)
        if p is None:
            self.pick_detail.setHtml("")
            self.pick_measure_model.set_rows([])
            return

        adopted = [x.code for x in qs.projects(self.store) if x.picklist_code == p.code]
        self.pick_detail.setHtml(
            f"<h3>{escape(titled(p.title, p.code))}</h3><p><i>{escape(p.area)}</i></p>"
            f"<p>{escape(p.rationale)}</p><p><b>Suggested aim:</b> {escape(p.suggested_aim)}</p>"
            + (f"<p>Adopted as {', '.join(adopted)}: those projects keep their own copies of the aim "
               "and measures.</p>" if adopted else ""))
        keep = selected(self.pick_measure_view)
        self.pick_measure_model.set_rows(p.measures)
        fit_columns(self.pick_measure_view)
        for c in (0, 4):
            self.pick_measure_view.setColumnWidth(c, min(self.pick_measure_view.columnWidth(c), 240))
        names = [m.name for m in p.measures]
        row = names.index(keep.name) if keep is not None and keep.name in names else 0
        if p.measures:
            self.pick_measure_view.selectRow(
                self.pick_measure_view.model().mapFromSource(self.pick_measure_model.index(row, 0)).row())

    def _adopt(self) -> None:
        p = selected(self.pick_view)
        if p is None:
            QMessageBox.information(self, "Adopt", "Select a project in the pick-list first.")
            return

        def save(args):
            pid = qs.adopt_project(self.store, **args)
            self._adopted = pid
            return pid

        self._open(dialogs.AdoptDialog(p, save, self, today=self.today, store=self.store), after=self._after_adopt)

    def _after_adopt(self) -> None:
        self.open_project(self._adopted)

    def _add_local(self) -> None:
        self._open(dialogs.PicklistProjectDialog(None, lambda p: qs.save_picklist_project(self.store, p), self))

    def _edit_item(self) -> None:
        p = selected(self.pick_view)
        if p:
            self._open(dialogs.PicklistProjectDialog(
                p, lambda x: qs.save_picklist_project(self.store, x, original_code=p.code), self))

    def _add_item_measure(self) -> None:
        p = selected(self.pick_view)
        if p:
            def save(m):
                return qs.save_picklist_project(self.store, replace(p, measures=(*p.measures, m)),
                                                original_code=p.code)

            self._open(dialogs.MeasureDialog(None, save, self, for_picklist=True))

    def _edit_item_measure(self) -> None:
        p = selected(self.pick_view)
        old = selected(self.pick_measure_view)
        if p and old:
            def save(m):
                kept = tuple(m if x.name == old.name else x for x in p.measures)
                return qs.save_picklist_project(self.store, replace(p, measures=kept), original_code=p.code)

            self._open(dialogs.MeasureDialog(old, save, self, for_picklist=True))

    def _remove_item_measure(self) -> None:
        p = selected(self.pick_view)
        old = selected(self.pick_measure_view)
        if p and old and confirm(self, f"Remove the suggested measure '{old.name}' from {p.title}? "
                                       "Projects already adopted keep their copy."):
            kept = tuple(x for x in p.measures if x.name != old.name)
            self._try(lambda: qs.save_picklist_project(self.store, replace(p, measures=kept),
                                                       original_code=p.code))

    def _delete_item(self) -> None:
        p = selected(self.pick_view)
        if p and confirm(self, f"Remove {p.title} from the pick-list? Projects already adopted keep their copy."):
            self._try(qs.delete_picklist_project, self.store, p.code)

    # --- programme log -------------------------------------------------------------------
    def _events_tab(self) -> QWidget:
        w = QWidget(self)
        lay = QVBoxLayout(w)
        split = QSplitter(Qt.Orientation.Vertical, w)
        top = QWidget(split)
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        self.event_model = EventModel(top)
        self.event_view = table(self.event_model, "Programme events", top)
        self.event_view.selectionModel().selectionChanged.connect(lambda *_: self._show_event())
        self.event_view.activated.connect(lambda *_: self._edit_event())
        tl.addWidget(self.event_view, 1)
        row = QHBoxLayout()
        row.addWidget(button("Add &event…", self._add_event, top))
        row.addWidget(button("Edit event…", self._edit_event, top))
        row.addWidget(button("Delete event", self._delete_event, top))
        row.addStretch(1)
        tl.addLayout(row)
        bottom = QWidget(split)
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        self.event_learning = QLabel(bottom)
        self.event_learning.setWordWrap(True)
        self.event_learning.setAccessibleName("What was learned")
        bl.addWidget(self.event_learning)
        self.action_model = ActionModel(bottom, today=self.today)
        self.action_view = table(self.action_model, "Actions", bottom)
        self.action_view.activated.connect(lambda *_: self._edit_action())
        bl.addWidget(self.action_view, 1)
        row = QHBoxLayout()
        row.addWidget(button("Add ac&tion…", self._add_action, bottom))
        row.addWidget(button("Edit action…", self._edit_action, bottom))
        row.addWidget(button("Delete action", self._delete_action, bottom))
        row.addStretch(1)
        bl.addLayout(row)
        split.addWidget(top)
        split.addWidget(bottom)
        lay.addWidget(split)
        return w

    def _show_event(self) -> None:
        e = selected(self.event_view)
        self.action_model.set_rows(e.actions if e else [])
        fit_columns(self.action_view)
        self.event_learning.setText(
            f"{qi.EVENT_LABELS[e.kind]}, {fmt_date(e.date)}. Learned: {e.learning or '—'}" if e else "")

    def _add_event(self) -> None:
        ev = qi.ProgrammeEvent("community_of_practice", self.today)
        self._open(dialogs.EventDialog(ev, lambda e: qs.save_event(self.store, e), self))

    def _edit_event(self) -> None:
        e = selected(self.event_view)
        if e:
            self._open(dialogs.EventDialog(e, lambda x: qs.save_event(self.store, x), self))

    def _delete_event(self) -> None:
        e = selected(self.event_view)
        if e and confirm(self, f"Delete '{e.title}' and its actions?"):
            self._try(qs.delete_event, self.store, e.id)

    def _add_action(self) -> None:
        e = selected(self.event_view)
        if e is None:
            QMessageBox.information(self, "Actions", "Select the event the action came from first.")
            return
        a = qi.EventAction("", "", self.today)
        self._open(dialogs.ActionDialog(a, lambda x: qs.save_action(self.store, e.id, x), self))

    def _edit_action(self) -> None:
        a = selected(self.action_view)
        if a:
            self._open(dialogs.ActionDialog(a, lambda x: qs.save_action(self.store, a.event_id, x), self))

    def _delete_action(self) -> None:
        a = selected(self.action_view)
        if a and confirm(self, f"Delete the action '{a.action}'?"):
            self._try(qs.delete_action, self.store, a.id)

    # --- shared --------------------------------------------------------------------------
    def _open(self, dlg, after=None) -> None:
        self.active_dialog = dlg
        dlg.accepted.connect(self._changed)
        if after is not None:
            dlg.accepted.connect(after)
        dlg.open()

    def _try(self, fn, *args) -> None:
        try:
            fn(*args)
        except MaternityDeskError as exc:
            QMessageBox.warning(self, "Could not do that", str(exc))
            return
        self._changed()

    def _changed(self) -> None:
        self.refresh()
        self.data_changed.emit()

    def _changed_elsewhere(self) -> None:
        self._load_board()
        self.data_changed.emit()

    def refresh(self) -> None:
        """The board, pick-list and programme log read on a worker; the project tab now if it
        is shown, else when it next is."""
        self._read.read(self.store, lambda store: (qs.board(store), qs.picklist(store), qs.events(store)),
                        self._show_read)
        if self.tabs.currentWidget() is self.project_view:
            self._project_stale = False
            self.project_view.refresh()
        else:
            self._project_stale = True

    def _show_read(self, read) -> None:
        board, picklist, events = read
        self._show_board(board)
        keep = selected(self.pick_view)
        self.pick_model.set_rows(picklist)
        fit_columns(self.pick_view)
        for col, cap in ((1, 230), (2, 170)):
            self.pick_view.setColumnWidth(col, min(self.pick_view.columnWidth(col), cap))
        if keep is not None:
            for i, p in enumerate(self.pick_model.rows):
                if p.code == keep.code:
                    self.pick_view.selectRow(self.pick_view.model().mapFromSource(self.pick_model.index(i, 0)).row())
        elif self.pick_model.rows:
            self.pick_view.selectRow(0)
        self._show_item()
        keep_event = selected(self.event_view)
        self.event_model.set_rows(events)
        fit_columns(self.event_view)
        if keep_event is not None:
            for i, e in enumerate(self.event_model.rows):
                if e.id == keep_event.id:
                    self.event_view.selectRow(self.event_view.model().mapFromSource(self.event_model.index(i, 0)).row())
        elif self.event_model.rows:
            self.event_view.selectRow(0)
        self._show_event()
