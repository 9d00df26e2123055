"""The Training page's "Sessions" tab: the sessions by course, new and edited sessions, and
the sign-in sheet.

:class:`SessionsTab` is a part of :class:`page.TrainingPage` (a mixin): its widgets and
handlers are attributes of the page, as the page's targets and tests name them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from maternity_desk.store import training as st
from maternity_desk.ui.table_model import sorting_proxy
from maternity_desk.ui.training.dialogs import SessionDialog, SignInDialog, table_view
from maternity_desk.ui.training.models import SessionModel
from maternity_desk.ui.training.reads import read_sessions
from maternity_desk.ui.widgets import fit_columns, push_button


class SessionsTab:
    """Builds, shows, filters and edits the sessions tab (part of the Training page)."""

    def _build_sessions(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        top = QHBoxLayout()
        self.course_filter = QComboBox()
        self.course_filter.setAccessibleName("Show course")
        lab = QLabel("C&ourse:")
        lab.setBuddy(self.course_filter)
        top.addWidget(lab)
        top.addWidget(self.course_filter)
        top.addStretch(1)
        v.addLayout(top)
        self.session_model = SessionModel(self)
        self.session_proxy = sorting_proxy(self.session_model, self)
        self.session_proxy.setFilterKeyColumn(1)
        self.session_view = table_view("Training sessions", (0, Qt.SortOrder.DescendingOrder))
        self.session_view.setModel(self.session_proxy)
        self.session_view.activated.connect(lambda _i: self._sign_in())  # double click or Enter
        v.addWidget(self.session_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(push_button("&New session…", self._new_session))
        buttons.addWidget(push_button("&Edit session…", self._edit_session))
        buttons.addWidget(push_button("Sign-&in…", self._sign_in, tip="Tick who attended (Enter on a session)"))
        buttons.addStretch(1)
        buttons.addWidget(push_button("I&mport attendance…", lambda: self._import("attendance"),
                                      tip="Import attendance from a CSV or Excel file (e.g. an LMS report)"))
        v.addLayout(buttons)
        self.course_filter.currentIndexChanged.connect(self._filter_sessions)
        return w

    def refresh_sessions(self, *, at_once: bool = False) -> None:
        """Read the sessions (in the background unless ``at_once``)."""
        if at_once:
            self._show_sessions(read_sessions(self.store))
        else:
            self._reads["sessions"].read(self.store, read_sessions, self._show_sessions)

    def _show_sessions(self, data) -> None:
        current = self.course_filter.currentData()
        self.course_filter.blockSignals(True)
        self.course_filter.clear()
        self.course_filter.addItem("All courses", None)
        for code in data["codes"]:
            self.course_filter.addItem(code, code)
        self.course_filter.setCurrentIndex(max(0, self.course_filter.findData(current)))
        self.course_filter.blockSignals(False)
        self.session_model.funds = data["funds"]
        self.session_model.set_rows(data["sessions"])
        fit_columns(self.session_view)
        self._filter_sessions()

    def _filter_sessions(self, *_args) -> None:
        code = self.course_filter.currentData()
        self.session_proxy.setFilterRegularExpression(f"^{code}$" if code else "")

    def selected_session_id(self) -> int | None:
        idx = self.session_view.currentIndex()
        if not idx.isValid():
            return None
        s = self.session_model.record(self.session_proxy.mapToSource(idx).row())
        return s.id if s else None

    def _new_session(self) -> None:
        dialog = SessionDialog(self.store, None, self, today=self.today)
        dialog.saved.connect(lambda _i: self._changed())
        dialog.exec()

    def _edit_session(self) -> None:
        sid = self.selected_session_id()
        if sid is None:
            return
        dialog = SessionDialog(self.store, st.get_session(self.store, sid), self, today=self.today)
        dialog.saved.connect(lambda _i: self._changed())
        dialog.exec()

    def _sign_in(self) -> SignInDialog | None:
        sid = self.selected_session_id()
        if sid is None:
            return None
        dialog = SignInDialog(self.store, sid, self)
        dialog.saved.connect(lambda _c: self._changed())
        dialog.exec()
        return dialog
