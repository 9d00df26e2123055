"""Home: who the unit is, the state of its database, and what needs attention."""

from __future__ import annotations

import logging
from datetime import date, datetime
from types import ModuleType

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from maternity_desk.core.attention import Attention, as_attention
from maternity_desk.core.periods import month_label
from maternity_desk.core.unit import REGIONS
from maternity_desk.ui import tasks
from maternity_desk.ui.page import Page
from maternity_desk.ui.qt_values import ACCESSIBLE_TEXT_ROLE, USER_ROLE, no_sideways_scrolling

log = logging.getLogger(__name__)


def month_at_a_glance(store, today: date) -> tuple[str, list[tuple[str, str, tuple | None]]]:
    """(month, [(line, page, (variation, side), ("rag", colour) or None)]) for the last
    complete month: its special-cause signals, staffing and incident figures against the month
    before, the incentive scheme's RAG by safety action, and deadlines in the next 14 days.
    Read by a worker, on its own connection."""
    from maternity_desk.core.dashboard import last_complete_month
    from maternity_desk.exchange import board_scheme
    from maternity_desk.exchange.board_report import Context
    from maternity_desk.store import board as store_board

    month = last_complete_month(today)
    lines: list[tuple[str, str, tuple | None]] = []
    for name, value, variation, _assurance, page in Context(store, month, today).signals:
        if variation[0] not in ("common", None):
            lines.append((f"{name}: {value} ({variation_words(variation)})", page, variation))
    lines.extend((text, page, None) for text, page in store_board.home_lines(store, month))
    lines.extend((text, "Incentive scheme", ("rag", rag) if rag else None)
                 for text, rag in board_scheme.home_lines(store, month, today))
    for due, text, page in store_board.deadlines(store, today, 14):
        lines.append((f"Due {due:%d/%m/%Y}: {text}", page, None))
    return month, lines


def variation_words(variation: tuple) -> str:
    from maternity_desk.exchange.board_report import variation_text

    return variation_text(variation).lower().replace("special cause: ", "special cause, ")


# Areas that can add lines to "Needs attention", in order: module with
# attention(store, today) -> [str | Attention], and the page its lines open (double-click or
# Enter); an Attention line also names the tab and record (core/attention.py).
def attention_sources() -> tuple[tuple[ModuleType, str], ...]:
    """Each area's ``attention(store, today)`` and the page its plain lines open. Imported
    when first read (on the worker that reads the lines), not while the window starts."""
    from maternity_desk.store import board, cases, fund, governance, training

    return ((governance, "Governance"), (training, "Training"), (fund, "Training fund"),
            (cases, "Governance"), (board, "Board report"))


def _stamp(stored: str | None) -> str:
    """The last check's time ('YYYY-MM-DD HH:MM' in the database) as the page shows dates."""
    if not stored:
        return "not run yet"
    try:
        return f"{datetime.strptime(stored, '%Y-%m-%d %H:%M'):%d/%m/%Y %H:%M}"
    except ValueError:
        return stored


def heading_html(text: str) -> str:
    """``text`` as the page's heading: bold, half as large again as the page's text. Rich text,
    not a font of its own, as the window's start builds no font object (Qt's font type costs it
    1.2 ms); escaped here, not by ``html.escape``, whose module would load HTML's 2,000 entity
    names at every start."""
    plain = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<span style='font-size: x-large; font-weight: bold'>{plain}</span>"


def _label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class HomePage(Page):
    title = "Home"
    description = "The unit's settings, a new unit's first steps and what needs attention"

    def __init__(self, store, parent=None, *, today: date | None = None):
        super().__init__(store, parent)
        self._today = today
        self._attention_pending = False
        self._attention_read = tasks.Latest(self)
        self._painted = False
        layout = QVBoxLayout(self)
        self.heading = QLabel()  # its text is the unit's name (heading_html): what a screen reader says
        self.heading.setAccessibleDescription("Unit name")
        layout.addWidget(self.heading)

        row = QHBoxLayout()
        unit_box = QGroupBox("Unit")
        form = QFormLayout(unit_box)
        self.fields = {k: _label() for k in ("name", "trust", "ods", "lms", "region")}
        for title, key in (("Unit name", "name"), ("Trust", "trust"), ("ODS code", "ods"),
                           ("Local maternity system", "lms"), ("Region", "region")):
            self.fields[key].setAccessibleName(title)
            form.addRow(title + ":", self.fields[key])
        self.edit_button = QPushButton("&Edit unit settings…")
        self.edit_button.setAccessibleName("Edit unit settings")
        form.addRow(self.edit_button)
        self.edit_button.clicked.connect(self._edit_settings)
        row.addWidget(unit_box, 1)

        # a new unit's first steps, ticked off as they are done (database details live in
        # Help > About and File > Check database)
        self.steps_box = QGroupBox("First steps")
        sv = QVBoxLayout(self.steps_box)
        self.steps = QListWidget()
        self.steps.setAccessibleName("First steps")
        self.steps.setWordWrap(True)  # whole steps at 150% too, never cut off at the side
        no_sideways_scrolling(self.steps)
        self.steps.setAccessibleDescription("Double-click a step or press Enter to go where it is done")
        self.steps.itemActivated.connect(self._open_step)
        sv.addWidget(self.steps)
        row.addWidget(self.steps_box, 1)
        layout.addLayout(row)

        # the one-minute view: this month's signals, staffing and incidents against last month,
        # deadlines in the next 14 days; read by a worker (Home stays quick)
        self.month_box = QGroupBox("This month")
        mv = QVBoxLayout(self.month_box)
        self.month_view = QListWidget()
        self.month_view.setAccessibleName("This month at a glance")
        self.month_view.setAccessibleDescription("Double-click a line or press Enter to open its page")
        self.month_view.setWordWrap(True)
        self.month_view.itemActivated.connect(self._open_attention_item)
        mv.addWidget(self.month_view)
        self.month_box.hide()
        self._month_read = tasks.Latest(self)
        layout.addWidget(self.month_box, 1)

        attention_box = QGroupBox("Needs attention")
        v = QVBoxLayout(attention_box)
        self.attention = QListWidget()
        self.attention.setAccessibleName("Needs attention")
        self.attention.setWordWrap(True)  # whole lines at 150% too
        no_sideways_scrolling(self.attention)
        self.attention.setAccessibleDescription("Double-click a line or press Enter to open its area")
        self.attention.itemActivated.connect(self._open_attention_item)
        v.addWidget(self.attention)
        layout.addWidget(attention_box, 1)
        self.refresh()

    def _edit_settings(self) -> None:
        # its form: loaded when first asked for, not at start
        from maternity_desk.ui.unit_settings import edit_unit_settings

        if edit_unit_settings(self, self.store):
            self.refresh()
            self.data_changed.emit()

    def today(self) -> date:
        return self._today or date.today()

    def refresh(self) -> None:
        from maternity_desk.store.first_steps import steps

        s = self.store.unit_settings()
        self.heading.setText(heading_html(s.unit_name or "(unnamed unit)"))
        self.heading.setAccessibleName(s.unit_name or "Unnamed unit")
        self.fields["name"].setText(s.unit_name or "—")
        self.fields["trust"].setText(s.trust or "—")
        self.fields["ods"].setText(s.ods_code or "—")
        self.fields["lms"].setText(s.lms or "—")
        self.fields["region"].setText(REGIONS.get(s.region, s.region) or "—")  # its name, not its code
        self.steps.clear()
        todo = steps(self.store)
        for step in todo:
            item = QListWidgetItem(("\u2714 " if step.done else "\u25cb ") + step.text)
            item.setData(USER_ROLE, step.key)
            item.setData(USER_ROLE + 1, step.page)
            item.setData(ACCESSIBLE_TEXT_ROLE, ("Done: " if step.done else "To do: ") + step.text)
            item.setToolTip("Done" if step.done else f"Double-click or press Enter to open {step.page}")
            self.steps.addItem(item)
        self.steps_box.setTitle(f"First steps ({sum(x.done for x in todo)} of {len(todo)} done)")
        self.steps_box.setVisible(not all(x.done for x in todo))
        if not self._painted:  # filled once the page has appeared: the window shows sooner
            self._attention_pending = True
        elif not self._attention_pending:
            self._attention_pending = True
            QTimer.singleShot(0, self._fill_attention)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            if self._attention_pending:
                QTimer.singleShot(0, self._fill_attention)

    def _read_month(self) -> None:
        """This month's lines, read on a worker's own connection (the newest request wins)."""
        today = self.today()
        self._month_read.read(self.store, lambda store: month_at_a_glance(store, today),
                              lambda result: self._show_month(*result),
                              lambda exc: log.info("Home's month at a glance not read: %s", exc))

    def _show_month(self, month: str, lines: list[tuple[str, str, tuple | None]]) -> None:
        from PySide6.QtGui import QIcon

        from maternity_desk.ui.dashboard.icons import rag_pixmap, variation_icon

        self.month_view.clear()
        self.month_box.setTitle(f"This month: {month_label(month)}")
        for text, page, icon in lines:
            item = QListWidgetItem(text)
            if icon is not None:
                item.setIcon(QIcon(rag_pixmap(icon[1])) if icon[0] == "rag" else variation_icon(*icon))
            item.setData(USER_ROLE, page)
            item.setToolTip(f"Double-click or press Enter to open {page}")
            self.month_view.addItem(item)
        self.month_box.setVisible(bool(lines))

    def _fill_attention(self) -> None:
        """Read every area's lines on a worker (the newest request wins), then list them."""
        self._read_month()
        self._attention_pending = False
        today = self.today()
        self._attention_read.read(self.store, lambda store: [
            as_attention(line, page) for module, page in attention_sources() for line in module.attention(store, today)],
            self._show_attention)

    def _show_attention(self, lines: list[Attention]) -> None:
        self.attention.clear()
        any_lines = False
        for line in lines:
            item = QListWidgetItem(line.text)
            item.setData(USER_ROLE, line.page)
            item.setData(USER_ROLE + 1, line.tab or "")
            item.setData(USER_ROLE + 2, line.key or "")
            item.setToolTip(f"Double-click or press Enter to open {line.page}")
            self.attention.addItem(item)
            any_lines = True
        if not any_lines:
            self.attention.addItem("Nothing needs attention.")

    def _open_step(self, item: QListWidgetItem) -> None:
        if item.data(USER_ROLE) == "settings":
            self._edit_settings()
        else:
            self.open_page.emit(item.data(USER_ROLE + 1))

    def _open_attention_item(self, item: QListWidgetItem) -> None:
        page = item.data(USER_ROLE)
        tab = item.data(USER_ROLE + 1)
        if page and tab:
            self.open_tab.emit(page, tab, item.data(USER_ROLE + 2) or "")
        elif page:
            self.open_page.emit(page)
