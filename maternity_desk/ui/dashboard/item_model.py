"""The monthly entry grid's model over data items: months down; across, each group's data
items (typed once) followed by the rates of the indicators they feed (read-only, worked out as
the user types), then the unit's own indicators typed as their own two figures.

"Complete" means every data item the unit tracks (has a figure for in any month from its first)
has a figure; the months before the unit's first figure are not missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from maternity_desk.core.dashboard import check_entry, denominator_places, parse_count_text
from maternity_desk.core.data_items import DataItem, ItemGroup, compute, computed_problems
from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.indicators import Indicator, format_value
from maternity_desk.core.periods import month_label
from maternity_desk.ui.dashboard.models import FAIL_BRUSH, MISSING_BRUSH, header_name
from maternity_desk.ui.table_model import RIGHT, ROOT

RATE_BRUSH = QBrush(QColor("#eef3f8"))
ITEM, RATE, OWN = "item", "rate", "own"


@dataclass(frozen=True)
class GridColumn:
    kind: str  # ITEM (a data item), RATE (an indicator worked out, read-only), OWN (own figure)
    code: str  # data item or indicator code
    group: str  # the group's name, shown above
    field: int = 0  # OWN: 0 numerator, 1 denominator


class ItemGridModel(QAbstractTableModel):
    """Cells are keyed (month, column key): ("item", code) or ("own", code, field).

    Signals:
        edit_requested(list): [(month, key, old, new)] the user typed or cleared a cell
        rejected(str): a typed value was refused
    """

    edit_requested = Signal(list)
    rejected = Signal(str)

    def __init__(self, today, parent=None):
        super().__init__(parent)
        self.today = today
        self.columns: list[GridColumn] = []
        self.months: list[str] = []
        self.items: dict[str, DataItem] = {}
        self.indicators: dict[str, Indicator] = {}
        self.values: dict[tuple[str, str], int | float] = {}  # (month, item) -> figure
        self.own: dict[tuple[str, str], list] = {}  # (month, indicator) -> [numerator, denominator]
        self.stored: dict[tuple[str, str], tuple] = {}  # indicator figures held (typed before items)
        self.first_item: dict[str, str] = {}
        self.first_own: dict[str, str] = {}
        self._status: dict[str, str | None] = {}

    def load(self, groups: list[ItemGroup], items: list[DataItem], indicators: list[Indicator],
             months: list[str], values: dict, stored: dict) -> None:
        self.beginResetModel()
        self.items = {i.code: i for i in items}
        self.indicators = {i.code: i for i in indicators}
        self.months = list(months)
        self.values = dict(values)
        self.stored = dict(stored)
        own_inds = [i for i in indicators if not i.from_items]
        self.own = {k: list(v) for k, v in stored.items() if k[1] in {i.code for i in own_inds}}
        cols: list[GridColumn] = []
        placed: set[str] = set()
        names = {g.code: g.name for g in groups}
        order = [g.code for g in groups] + sorted({i.group for i in items} - set(names))
        for g in order:
            mine = [i for i in items if i.group == g]
            cols += [GridColumn(ITEM, i.code, names.get(g, g)) for i in mine]
            codes = {i.code for i in mine}
            for ind in indicators:  # an indicator sits after the group of its numerator's first item
                if ind.from_items and ind.code not in placed and ind.numerator_items[0] in codes:
                    cols.append(GridColumn(RATE, ind.code, names.get(g, g)))
                    placed.add(ind.code)
        for ind in own_inds:
            cols += [GridColumn(OWN, ind.code, "Own figures", 0), GridColumn(OWN, ind.code, "Own figures", 1)]
        self.columns = cols
        self.first_item, self.first_own = {}, {}
        for m, c in self.values:
            self.first_item[c] = min(m, self.first_item.get(c, m))
        for m, c in self.own:
            self.first_own[c] = min(m, self.first_own.get(c, m))
        self._status = {}
        self.endResetModel()

    # --- shape ---------------------------------------------------------------------------
    def rowCount(self, parent=ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.months)

    def columnCount(self, parent=ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def column_of(self, kind: str, code: str, field: int = 0) -> int:
        return next(i for i, c in enumerate(self.columns) if (c.kind, c.code, c.field) == (kind, code, field))

    def key(self, index) -> tuple[str, tuple]:
        c = self.columns[index.column()]
        k = (ITEM, c.code) if c.kind == ITEM else (c.kind, c.code, c.field) if c.kind == OWN else (RATE, c.code)
        return self.months[index.row()], k

    def editable(self, index) -> bool:
        return self.columns[index.column()].kind != RATE

    def places(self, index) -> int:
        c = self.columns[index.column()]
        if c.kind == ITEM:
            return self.items[c.code].places
        if c.kind == OWN and c.field == 1:
            return denominator_places(self.indicators[c.code])
        return 0

    def value(self, month: str, key: tuple):
        if key[0] == ITEM:
            return self.values.get((month, key[1]))
        if key[0] == OWN:
            pair = self.own.get((month, key[1]))
            return pair[key[2]] if pair else None
        return None

    def rate(self, month: str, code: str) -> tuple[float | None, str]:
        """The indicator's rate as the grid shows it, and where it comes from: "items" (worked
        out from this month's items), "held" (a figure typed before data items), "fail", ""."""
        ind = self.indicators[code]
        pair = compute(ind, month, self.values)
        held = self.stored.get((month, code))
        if held and pair is not None and tuple(held) != tuple(pair):
            pair = None  # the database holds it as typed (a figure still to settle): show that
        if pair is not None:
            if computed_problems(ind, *pair):
                return None, "fail"
            n, d = pair
            return (n / d * ind.multiplier if d else None), "items"
        if held:
            n, d = held
            return (n / d * ind.multiplier if d else None), "held"
        return None, ""

    # --- completeness ---------------------------------------------------------------------------
    def first_month(self) -> str | None:
        """The unit's first month with any figure (months before it are not missing)."""
        firsts = list(self.first_item.values()) + list(self.first_own.values())
        return min(firsts) if firsts else None

    def month_status(self, month: str) -> str | None:
        """"fail" when a figure worked out or typed fails a check; "missing" when a data item
        (or own figure) the unit tracks from an earlier month is blank; None otherwise."""
        if month not in self._status:
            self._status[month] = self._month_status(month)
        return self._status[month]

    def _month_status(self, month: str) -> str | None:
        first = self.first_month()
        if first is None or month < first:
            return None
        for col in self.columns:
            if col.kind == RATE and self.rate(month, col.code)[1] == "fail":
                return "fail"
        for code, pair in ((c, self.own.get((month, c))) for c in self.first_own):
            if pair and check_entry(self.indicators[code], month, pair[0], pair[1], self.today):
                return "fail"
        if any(f <= month and (month, c) not in self.values for c, f in self.first_item.items()):
            return "missing"
        if any(f <= month and (month, c) not in self.own for c, f in self.first_own.items()):
            return "missing"
        return None

    def flagged_months(self) -> tuple[list[str], list[str]]:
        missing, failing = [], []
        for m in self.months:
            s = self.month_status(m)
            (missing if s == "missing" else failing if s == "fail" else []).append(m)
        return missing, failing

    # --- Qt ------------------------------------------------------------------------------
    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            if section >= len(self.columns):
                return None
            c = self.columns[section]
            if c.kind == ITEM:
                item = self.items[c.code]
                text, tip = item.name, f"{c.group}: {item.name} ({item.unit})"
            elif c.kind == RATE:
                ind = self.indicators[c.code]
                text = "= " + ind.name
                tip = f"{ind.name}, worked out: {ind.numerator} / {ind.denominator} ({ind.scale_label})"
            else:
                ind = self.indicators[c.code]
                part = ("numerator", "denominator")[c.field]
                text, tip = f"{ind.name} {part}", f"{ind.name} {part}: {getattr(ind, part) or '(not defined)'}"
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{c.group}\n{header_name(text, 16, 3)}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return tip
            if role == Qt.ItemDataRole.FontRole and c.kind == RATE:
                f = QFont()
                f.setItalic(True)
                return f
            return None
        if section >= len(self.months):
            return None
        month = self.months[section]
        status = self.month_status(month)
        if role == Qt.ItemDataRole.DisplayRole:
            return month_label(month) + {"fail": "  ✖", "missing": "  …"}.get(status or "", "")
        if role == Qt.ItemDataRole.BackgroundRole:
            return FAIL_BRUSH if status == "fail" else MISSING_BRUSH if status == "missing" else None
        if role == Qt.ItemDataRole.ToolTipRole:
            first = self.first_month()
            if first is None or month < first:
                return "Before the unit's first figures"
            return {"fail": "A figure this month fails a check",
                    "missing": "Figures missing this month"}.get(status or "", "Complete")
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if self.editable(index) else base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        month, key = self.key(index)
        if key[0] == RATE:
            value, source = self.rate(month, key[1])
            ind = self.indicators[key[1]]
            if role == Qt.ItemDataRole.DisplayRole:
                return format_value(value, ind.scale)
            if role == Qt.ItemDataRole.BackgroundRole:
                return FAIL_BRUSH if source == "fail" else RATE_BRUSH
            if role == Qt.ItemDataRole.ToolTipRole:
                if source == "fail":
                    return "; ".join(computed_problems(ind, *compute(ind, month, self.values)))
                if source == "held":
                    n, d = self.stored[(month, key[1])]
                    return f"{n} / {d}, as typed before data items"
                if source == "items":
                    n, d = compute(ind, month, self.values)
                    return f"{n} / {d}, worked out from the data items"
                return "Worked out once its data items are in"
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return RIGHT
            return None
        value = self.value(month, key)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT
        if role == Qt.ItemDataRole.BackgroundRole and value is None:
            first = (self.first_item if key[0] == ITEM else self.first_own).get(key[1])
            return MISSING_BRUSH if first is not None and first <= month else None
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or not self.editable(index):
            return False
        try:
            new = parse_count_text(value, places=self.places(index))
        except InvalidValue as exc:
            self.rejected.emit(str(exc))
            return False
        month, key = self.key(index)
        old = self.value(month, key)
        if new == old:
            return False
        self.edit_requested.emit([(month, key, old, new)])
        return True

    def apply(self, changes) -> None:
        """Set cells (no writes here): [(month, key, old, new)]."""
        self._status = {}
        for month, key, _old, new in changes:
            if key[0] == ITEM:
                if new is None:
                    self.values.pop((month, key[1]), None)
                    if self.first_item.get(key[1]) == month:
                        held = [m for m, c in self.values if c == key[1]]
                        if held:
                            self.first_item[key[1]] = min(held)
                        else:
                            del self.first_item[key[1]]
                else:
                    self.values[(month, key[1])] = new
                    self.first_item[key[1]] = min(month, self.first_item.get(key[1], month))
            else:
                cell = self.own.setdefault((month, key[1]), [None, None])
                cell[key[2]] = new
                if new is not None:
                    self.first_own[key[1]] = min(month, self.first_own.get(key[1], month))
                if cell == [None, None]:
                    del self.own[(month, key[1])]
                    if self.first_own.get(key[1]) == month:
                        held = [m for m, c in self.own if c == key[1]]
                        if held:
                            self.first_own[key[1]] = min(held)
                        else:
                            del self.first_own[key[1]]
        rows = [self.months.index(m) for m, *_ in changes if m in self.months]
        if rows:
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), len(self.columns) - 1))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self.months) - 1)
