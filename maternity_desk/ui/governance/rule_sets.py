"""The perinatal review rule sets per incentive-scheme year: each year's period and, per
milestone, the deadline and the share of cases that must meet it. Shipped as data marked
"check against the published guidance"; the unit corrects them here."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from maternity_desk.core import governance as g
from maternity_desk.core import pmrt
from maternity_desk.core.periods import parse_date
from maternity_desk.store import pmrt as sp
from maternity_desk.ui.governance.dialogs import FormDialog
from maternity_desk.ui.governance.models import fmt


class RuleSetsDialog(FormDialog):
    """Pick a scheme year; edit its period and milestones; optionally make it the current one."""

    def __init__(self, store, parent=None):
        super().__init__(store, "Scheme years", parent)
        self.sets = {s.year: s for s in sp.rule_sets(store)}
        current = sp.rule_set(store).year if self.sets else None
        self.year = self.combo("Scheme &year", [(s.label, y) for y, s in self.sets.items()], current)
        self.caveat = QLabel("")
        self.caveat.setWordWrap(True)
        self.form.addRow(self.caveat)
        self.start = self.date_field("Deaths &from")
        self.end = self.date_field("Deaths &to")
        self.is_current = QCheckBox("The scheme year the unit works to &now")
        self.form.addRow("", self.is_current)
        self.rows: dict[str, tuple[QCheckBox, QSpinBox, QComboBox, QDoubleSpinBox]] = {}
        for code in g.MILESTONES:
            used = QCheckBox(g.MILESTONE_LABELS[code])
            amount = QSpinBox()
            amount.setRange(0, 400)
            amount.setAccessibleName(f"{g.MILESTONE_LABELS[code]}: deadline")
            basis = QComboBox()
            basis.setAccessibleName(f"{g.MILESTONE_LABELS[code]}: counted in")
            for b in g.BASES:
                basis.addItem(b.replace("_", " "), b)
            share = QDoubleSpinBox()
            share.setRange(0, 100)
            share.setDecimals(0)
            share.setSuffix(" % of cases")
            share.setAccessibleName(f"{g.MILESTONE_LABELS[code]}: threshold")
            box = QWidget()
            lay = QHBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            for w in (amount, basis, share):
                lay.addWidget(w)
            self.form.addRow(used, box)
            self.rows[code] = (used, amount, basis, share)
        self.year.currentIndexChanged.connect(self._load)
        self._load()

    def _load(self, *_args) -> None:
        rs = self.sets.get(self.year.currentData())
        if rs is None:
            return
        self.caveat.setText(f"Source: {rs.source or 'local'}. {rs.caveat}".strip())
        self.start.setText(fmt(rs.period_start))
        self.end.setText(fmt(rs.period_end))
        self.is_current.setChecked(rs.year == sp.rule_set(self.store).year)
        by_code = {m.code: m for m in rs.milestones}
        for code, (used, amount, basis, share) in self.rows.items():
            m = by_code.get(code)
            used.setChecked(m is not None)
            amount.setValue(m.amount if m else 0)
            basis.setCurrentIndex(max(0, basis.findData(m.basis if m else "months")))
            share.setValue(m.threshold if m else 0)

    def value(self) -> pmrt.RuleSet:
        rs = self.sets[self.year.currentData()]
        start: date = parse_date(self.start.text())
        end: date = parse_date(self.end.text())
        milestones = tuple(pmrt.RuleSetMilestone(code, basis.currentData(), amount.value(), share.value())
                           for code, (used, amount, basis, share) in self.rows.items() if used.isChecked())
        return pmrt.RuleSet(rs.year, rs.label, start, end, milestones, rs.source, rs.verified)

    def save(self):
        rs = self.value()
        sp.save_rule_set(self.store, rs)
        if self.is_current.isChecked():
            sp.set_scheme_year(self.store, rs.year)
        return rs.year
