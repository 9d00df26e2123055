"""The Governance page's "Overdue" tab: everything overdue across the registers as at a date.

:class:`OverdueTab` is a part of :class:`page.GovernancePage` (a mixin): its widgets and
handlers are attributes of the page, as the page's targets and tests name them."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QMessageBox, QVBoxLayout, QWidget

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.periods import parse_date
from maternity_desk.store import governance as sg
from maternity_desk.ui.datebox import DateBox
from maternity_desk.ui.governance import models as m
from maternity_desk.ui.governance.helpers import button, row_of, table


class OverdueTab:
    """Builds and shows the overdue tab (part of the Governance page)."""

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

