"""Home: who the unit is, the state of its database, and what needs attention."""

from __future__ import annotations

from datetime import date, datetime
from types import ModuleType

from PySide6.QtCore import Qt, QTimer
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

from maternity_desk.core.unit import REGIONS
from maternity_desk.store import fund as store_fund
from maternity_desk.store import governance as store_governance
from maternity_desk.store import training as store_training
from maternity_desk.ui import tasks
from maternity_desk.ui.page import Page
from maternity_desk.ui.unit_settings import edit_unit_settings

# Areas that can add lines to "Needs attention", in order: module with
# attention(store, today) -> [str], and the page its lines open (double-click or Enter).
#: the store modules whose ``attention(store, today)`` lines Home lists, and the page each opens
_ATTENTION: tuple[tuple[ModuleType, str], ...] = (
    (store_governance, "Governance"),
    (store_training, "Training"),
    (store_fund, "Training fund"),
)
#: the same, by module name
ATTENTION_SOURCES: dict[str, str] = {module.__name__: page for module, page in _ATTENTION}


def _stamp(stored: str | None) -> str:
    """The last check's time ('YYYY-MM-DD HH:MM' in the database) as the page shows dates."""
    if not stored:
        return "not run yet"
    try:
        return f"{datetime.strptime(stored, '%Y-%m-%d %H:%M'):%d/%m/%Y %H:%M}"
    except ValueError:
        return stored


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
        self.heading = QLabel()
        self.heading.setAccessibleName("Unit name")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.heading.setFont(font)
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
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.steps.setAccessibleDescription("Double-click a step or press Enter to go where it is done")
        self.steps.itemActivated.connect(self._open_step)
        sv.addWidget(self.steps)
        row.addWidget(self.steps_box, 1)
        layout.addLayout(row)

        attention_box = QGroupBox("Needs attention")
        v = QVBoxLayout(attention_box)
        self.attention = QListWidget()
        self.attention.setAccessibleName("Needs attention")
        self.attention.setAccessibleDescription("Double-click a line or press Enter to open its area")
        self.attention.itemActivated.connect(self._open_attention_item)
        v.addWidget(self.attention)
        layout.addWidget(attention_box, 1)
        self.refresh()

    def _edit_settings(self) -> None:
        if edit_unit_settings(self, self.store):
            self.refresh()
            self.data_changed.emit()

    def today(self) -> date:
        return self._today or date.today()

    def refresh(self) -> None:
        from maternity_desk.store.first_steps import steps

        s = self.store.unit_settings()
        self.heading.setText(s.unit_name or "(unnamed unit)")
        self.fields["name"].setText(s.unit_name or "—")
        self.fields["trust"].setText(s.trust or "—")
        self.fields["ods"].setText(s.ods_code or "—")
        self.fields["lms"].setText(s.lms or "—")
        self.fields["region"].setText(REGIONS.get(s.region, s.region) or "—")  # its name, not its code
        self.steps.clear()
        todo = steps(self.store)
        for step in todo:
            item = QListWidgetItem(("\u2714 " if step.done else "\u25cb ") + step.text)
            item.setData(Qt.ItemDataRole.UserRole, step.key)
            item.setData(Qt.ItemDataRole.UserRole + 1, step.page)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, ("Done: " if step.done else "To do: ") + step.text)
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

    def _fill_attention(self) -> None:
        """Read every area's lines on a worker (the newest request wins), then list them."""
        self._attention_pending = False
        today = self.today()
        self._attention_read.read(self.store, lambda store: [
            (line, page) for module, page in _ATTENTION for line in module.attention(store, today)],
            self._show_attention)

    def _show_attention(self, lines: list[tuple[str, str]]) -> None:
        self.attention.clear()
        any_lines = False
        for line, page in lines:
            item = QListWidgetItem(line)
            item.setData(Qt.ItemDataRole.UserRole, page)
            item.setToolTip(f"Double-click or press Enter to open {page}")
            self.attention.addItem(item)
            any_lines = True
        if not any_lines:
            self.attention.addItem("Nothing needs attention.")

    def _open_step(self, item: QListWidgetItem) -> None:
        if item.data(Qt.ItemDataRole.UserRole) == "settings":
            self._edit_settings()
        else:
            self.open_page.emit(item.data(Qt.ItemDataRole.UserRole + 1))

    def _open_attention_item(self, item: QListWidgetItem) -> None:
        page = item.data(Qt.ItemDataRole.UserRole)
        if page:
            self.open_page.emit(page)
