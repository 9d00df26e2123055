"""Table models over dashboard core objects: the indicator list, the summary table and the
monthly entry grid."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from maternity_desk.core.dashboard import (
    SummaryRow,
    check_entry,
    denominator_places,
    parse_count_text,
)
from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.indicators import Indicator, format_value
from maternity_desk.core.periods import month_label
from maternity_desk.ui.dashboard import icons
from maternity_desk.ui.table_model import RIGHT, ROOT, SORT_ROLE, RowsModel

ROW_ROLE = Qt.ItemDataRole.UserRole + 2
FAIL_BRUSH = QBrush(QColor("#f8c9c9"))
MISSING_BRUSH = QBrush(QColor("#ececec"))
PENDING_BRUSH = QBrush(QColor("#fff1c2"))


class IndicatorListModel(RowsModel):
    """Indicators with their SPC icons: variation, assurance, name, latest value, RAG.
    Rows are (indicator, its summary row or None)."""

    VARIATION, ASSURANCE, NAME, LATEST, GROUP = range(5)
    HEADERS = ["V", "A", "Indicator", "Latest", "Group"]
    HEADER_TIPS = ["V: variation on the SPC chart (hover an icon for its meaning; the key is under the list)",
                   "A: assurance against the target (hover an icon for its meaning; the key is under the list)",
                   "Indicator", "Latest month's value and RAG", "Group"]

    def row(self, r: int) -> tuple[Indicator, SummaryRow | None]:
        return self._rows[r]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        ind, s = self._rows[index.row()]
        col = index.column()
        if role == ROW_ROLE:
            return ind.code
        if col == self.VARIATION:
            if role == Qt.ItemDataRole.DecorationRole:
                return icons.variation_icon(s.variation if s else None, s.side if s else None)
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole, SORT_ROLE):
                text = icons.VARIATION_TIPS.get(s.variation if s else "", "No data")
                if s and s.side and s.variation != "common":
                    text += f" ({s.side})"
                return text
        if col == self.ASSURANCE:
            if role == Qt.ItemDataRole.DecorationRole:
                return icons.assurance_icon(s.assurance if s else None)
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole, SORT_ROLE):
                return icons.ASSURANCE_TIPS.get(s.assurance if s else "", "No target to assure against")
        if col == self.NAME and role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return ind.name
        if col == self.NAME and role == Qt.ItemDataRole.ToolTipRole:
            return f"{ind.name}: {ind.numerator} / {ind.denominator}, {ind.scale_label}"
        if col == self.LATEST:
            if role == Qt.ItemDataRole.DisplayRole:
                return format_value(s.latest_value, ind.scale) if s else ""
            if role == SORT_ROLE:
                return s.latest_value if s and s.latest_value is not None else -1.0
            if role == Qt.ItemDataRole.DecorationRole and s and s.rag:
                return icons.rag_pixmap(s.rag)
            if role == Qt.ItemDataRole.ToolTipRole and s and s.latest_month:
                return f"{month_label(s.latest_month)}; RAG: {(s.rag or 'not set').capitalize()}"
        if col == self.GROUP and role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return ind.group
        return None


class SummaryModel(RowsModel):
    """Indicator, latest value, mean, limits, variation, assurance."""

    HEADERS = ["Indicator", "Latest month", "Latest value", "Rolling 12 months", "Mean or median",
               "Lower limit", "Upper limit", "Variation", "Assurance", "RAG"]
    HEADER_TIPS = [None, None, None, None, "The chart's centre line: the mean, or the median on a run chart"]

    def rows(self) -> list[SummaryRow]:  # a copy
        return list(self._rows)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        numbers = [None, None, r.latest_value, r.rolling_12, r.mean, r.lower, r.upper]
        if role == SORT_ROLE:
            if 2 <= col <= 6:
                return numbers[col] if numbers[col] is not None else float("-inf")
            role = Qt.ItemDataRole.DisplayRole
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return r.name
            if col == 1:
                return month_label(r.latest_month) if r.latest_month else ""
            if col == 4 and r.chart == "run" and r.mean is not None:  # a run chart draws a median
                return f"{format_value(r.mean, r.scale)} (median)"
            if 2 <= col <= 6:
                return format_value(numbers[col], r.scale)
            if col == 7:
                text = icons.VARIATION_TIPS.get(r.variation or "", "")
                return text + (f" ({r.side})" if r.side and r.variation != "common" else "")
            if col == 8:
                return icons.ASSURANCE_TIPS.get(r.assurance or "", "")
            if col == 9:
                return (r.rag or "").capitalize()
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return r.name  # the whole name, however narrow the column
        if role == Qt.ItemDataRole.DecorationRole:
            if col == 7:
                return icons.variation_icon(r.variation, r.side)
            if col == 8 and r.assurance:
                return icons.assurance_icon(r.assurance)
            if col == 9 and r.rag:
                return icons.rag_pixmap(r.rag)
        if role == Qt.ItemDataRole.TextAlignmentRole and 2 <= col <= 6:
            return RIGHT
        return None


def header_name(name: str, width: int = 13, lines: int = 2) -> str:
    """An indicator name on up to ``lines`` short lines for a narrow column heading. A name
    too long for them keeps its start and its end, the middle left out ("Caesarean in" /
    "…group 5"), so names that share a beginning never read the same; the heading's tooltip
    has the whole name."""

    def fill(words: list[str], limit: int) -> str:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= limit:
            line += " " + words.pop(0)
        return line

    def cut(text: str) -> str:
        return text if len(text) <= width else text[: width - 1] + "…"

    words = name.split()
    if len(" ".join(words)) <= width * lines:
        out, rest = [], list(words)
        while rest and len(out) < lines:
            out.append(fill(rest, width))
        if not rest:
            return "\n".join(cut(line) for line in out)
    head = [cut(fill(words, width)) for _ in range(lines - 1) if words]
    tail: list[str] = []
    while words and len(" ".join([words[-1], *tail])) <= width:
        tail.insert(0, words.pop())
    end = " ".join(tail) if tail else words.pop()[-(width - 1):]
    return "\n".join([*head, "…" + end] if words else [*head, end])


class EntryGridModel(QAbstractTableModel):
    """Months down, each indicator's numerator and denominator across.

    The model holds what the grid shows; a pair that is complete and passes the checks is
    written to the database by the grid (through its undo stack); a pair that is incomplete or
    fails a check is kept on screen, flagged, and not written.

    Signals:
        edit_requested(list): [(month, code, field, old, new)] the user typed or cleared a cell
        rejected(str): a typed value was refused (not a whole number >= 0)
    """

    edit_requested = Signal(list)
    rejected = Signal(str)

    def __init__(self, today, parent=None):
        super().__init__(parent)
        self.today = today
        self.indicators: list[Indicator] = []
        self.months: list[str] = []
        self.cells: dict[tuple[str, str], list[int | None]] = {}
        self.first_month: dict[str, str] = {}  # an indicator is expected from its first month
        self._status: dict[str, str | None] = {}  # month -> status, worked out once per change

    def load(self, indicators: list[Indicator], months: list[str],
             values: dict[tuple[str, str], tuple[int, int]]) -> None:
        self.beginResetModel()
        self.indicators = list(indicators)
        self.months = list(months)
        self.cells = {k: [v[0], v[1]] for k, v in values.items()}
        self.first_month: dict[str, str] = {}
        for month, code in self.cells:
            if code not in self.first_month or month < self.first_month[code]:
                self.first_month[code] = month
        self._status = {}
        self.endResetModel()

    # --- shape ---------------------------------------------------------------------------
    def rowCount(self, parent=ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.months)

    def columnCount(self, parent=ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else 2 * len(self.indicators)

    def key(self, index) -> tuple[str, str, int]:
        ind = self.indicators[index.column() // 2]
        return self.months[index.row()], ind.code, index.column() % 2

    def places(self, index) -> int:
        """Decimal places the cell takes: whole-time equivalents (a ratio's denominator) 2."""
        return denominator_places(self.indicators[index.column() // 2]) if index.column() % 2 else 0

    def pair(self, month: str, code: str) -> tuple[int | None, int | None]:
        v = self.cells.get((month, code))
        return (v[0], v[1]) if v else (None, None)

    def problems(self, month: str, ind: Indicator) -> list[str]:
        n, d = self.pair(month, ind.code)
        return check_entry(ind, month, n, d, self.today)

    def month_status(self, month: str) -> str | None:
        """"fail" when any pair fails a check; "missing" when the month has no figures at all,
        or an indicator is blank that has figures in an earlier month; else None."""
        if month not in self._status:
            self._status[month] = self._month_status(month)
        return self._status[month]

    def _month_status(self, month: str) -> str | None:
        blanks = 0
        any_value = False
        for ind in self.indicators:
            n, d = self.pair(month, ind.code)
            if n is None and d is None:
                first = self.first_month.get(ind.code)
                if first is not None and first <= month:
                    blanks += 1
                continue
            any_value = True
            if self.problems(month, ind):
                return "fail"
        return "missing" if blanks or not any_value else None

    def flagged_months(self) -> tuple[list[str], list[str]]:
        missing, failing = [], []
        for m in self.months:
            s = self.month_status(m)
            if s == "missing":
                missing.append(m)
            elif s == "fail":
                failing.append(m)
        return missing, failing

    # --- Qt ------------------------------------------------------------------------------
    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            if section >= 2 * len(self.indicators):
                return None
            ind = self.indicators[section // 2]
            part = ("numerator", "denominator")[section % 2]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{header_name(ind.name)}\n{part}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{ind.name} {part}: {getattr(ind, part) or '(not defined)'}"
            return None
        if section >= len(self.months):
            return None
        month = self.months[section]
        status = self.month_status(month)
        if role == Qt.ItemDataRole.DisplayRole:
            mark = {"fail": "  ✖", "missing": "  …"}.get(status or "", "")
            return month_label(month) + mark
        if role == Qt.ItemDataRole.BackgroundRole:
            return FAIL_BRUSH if status == "fail" else MISSING_BRUSH if status == "missing" else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return {"fail": "A figure this month fails a check", "missing": "Figures missing this month"}.get(
                status or "", "Complete")
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        month, code, field = self.key(index)
        ind = self.indicators[index.column() // 2]
        value = self.pair(month, code)[field]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole):
            problems = self.problems(month, ind)
            if role == Qt.ItemDataRole.ToolTipRole:
                return "; ".join(problems) if problems else None
            if problems:
                return FAIL_BRUSH
            n, d = self.pair(month, code)
            if n is None and d is None:
                return MISSING_BRUSH
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        try:
            new = parse_count_text(value, places=self.places(index))
        except InvalidValue as exc:
            self.rejected.emit(str(exc))
            return False
        month, code, field = self.key(index)
        old = self.pair(month, code)[field]
        if new == old:
            return False
        self.edit_requested.emit([(month, code, field, old, new)])
        return True

    def apply(self, changes) -> list[tuple[str, str]]:
        """Set cells (no writes here); returns the (month, code) pairs touched."""
        self._status = {}
        touched = []
        for month, code, field, _old, new in changes:
            cell = self.cells.setdefault((month, code), [None, None])
            cell[field] = new
            if new is not None and (code not in self.first_month or month < self.first_month[code]):
                self.first_month[code] = month
            if cell == [None, None]:
                del self.cells[(month, code)]
            touched.append((month, code))
        if touched:
            rows = [self.months.index(m) for m, _c in touched if m in self.months]
            codes = [i for i, ind in enumerate(self.indicators) if any(ind.code == c for _m, c in touched)]
            if rows and codes:
                self.dataChanged.emit(self.index(min(rows), 2 * min(codes)),
                                      self.index(max(rows), 2 * max(codes) + 1))
                self.headerDataChanged.emit(Qt.Orientation.Vertical, min(rows), max(rows))
        return list(dict.fromkeys(touched))
