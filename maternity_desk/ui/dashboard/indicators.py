"""The Dashboard page's "Indicators" tab: the indicator list with its SPC icons, the chart
controls and the indicator's trend chart (with its g-chart or CUSUM when it has one), drawn
after the page has been painted.

:class:`IndicatorsTab` is a part of :class:`page.DashboardPage` (a mixin): its widgets and
handlers are attributes of the page, as the page's targets and tests name them. The chart
settings and indicator edits are in :mod:`indicator_edits`."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from maternity_desk.core.errors import MaternityDeskError
from maternity_desk.core.periods import month_label
from maternity_desk.core.words import plural
from maternity_desk.ui import tasks
from maternity_desk.ui.dashboard.common import CHART_CHOICES, ENTRY, RULE_POINTS
from maternity_desk.ui.dashboard.common import label as _label
from maternity_desk.ui.dashboard.flow import FlowLayout
from maternity_desk.ui.dashboard.models import IndicatorListModel
from maternity_desk.ui.dashboard.reads import read_indicator
from maternity_desk.ui.save_as import PNG, ask_save_path
from maternity_desk.ui.table_model import sorting_proxy
from maternity_desk.ui.widgets import push_button as _button
from maternity_desk.ui.widgets import special_value_text


class IndicatorsTab:
    """Builds the indicators tab, makes its charts and shows the chosen indicator (part of the
    Dashboard page)."""

    def _indicators_tab(self) -> QWidget:
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setChildrenCollapsible(False)
        left = QWidget(split)
        self.list_model = IndicatorListModel(self)
        self.list_proxy = sorting_proxy(self.list_model, self)
        self.list_view = QTableView(left)
        self.list_view.setAccessibleName("Indicators")
        self.list_view.setModel(self.list_proxy)
        self.list_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setSortingEnabled(True)
        self.list_view.verticalHeader().hide()
        # names sharing a start stay apart when cut ("Brain injury at…criteria)"); hover: the whole name
        self.list_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list_view.setWordWrap(False)  # one line, cut once in the middle
        self.list_view.verticalHeader().setDefaultSectionSize(26)
        hh = self.list_view.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setSectionResizeMode(IndicatorListModel.NAME, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(IndicatorListModel.VARIATION, QHeaderView.ResizeMode.Fixed)
        hh.setSectionResizeMode(IndicatorListModel.ASSURANCE, QHeaderView.ResizeMode.Fixed)
        hh.resizeSection(IndicatorListModel.VARIATION, 34)
        hh.resizeSection(IndicatorListModel.ASSURANCE, 34)
        # room for the RAG dot and the widest value, '99.99 per 1,000', at any font size
        hh.resizeSection(IndicatorListModel.LATEST,
                         self.list_view.fontMetrics().horizontalAdvance("99.99 per 1,000") + 44)
        hh.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.list_proxy.sort(-1)
        self.list_view.setIconSize(QSize(20, 20))
        self.list_view.hideColumn(IndicatorListModel.GROUP)
        self.list_view.selectionModel().currentRowChanged.connect(self._on_indicator_chosen)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.list_view)
        from maternity_desk.ui.dashboard.key import IconKey

        self.icon_key = IconKey(left)  # what the V and A icons mean
        ll.addWidget(self.icon_key)
        row = QHBoxLayout()
        row.addWidget(_button("&New indicator…", self._new_indicator, left))
        row.addWidget(_button("&Edit indicator…", self._edit_indicator, left))
        self.delete_indicator_button = _button("Delete indicator…", self._delete_indicator, left)
        self.delete_indicator_button.setToolTip("Delete one of the unit's own indicators "
                                                "(national indicators cannot be deleted)")
        self.delete_indicator_button.setEnabled(False)
        row.addWidget(self.delete_indicator_button)
        ll.addLayout(row)

        right = QWidget(split)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(4, 0, 0, 0)
        controls = FlowLayout()
        self.chart_combo = QComboBox(right)
        self.chart_combo.setAccessibleName("Chart type")
        for label, value in CHART_CHOICES:
            self.chart_combo.addItem(label, value)
        self.chart_combo.currentIndexChanged.connect(self._save_spc)
        self.baseline_spin = QSpinBox(right)
        self.baseline_spin.setAccessibleName("Baseline points")
        self.baseline_spin.setRange(1, 240)
        special_value_text(self.baseline_spin, "all points")
        self.baseline_spin.setToolTip("Fix the centre and limits from the first N points of each segment")
        self.baseline_spin.valueChanged.connect(self._save_spc)
        self.rebase_month = QComboBox(right)
        self.rebase_month.setAccessibleName("Month to rebase at")
        self.rebase_month.setToolTip("Start a new segment (new centre and limits) at this month")
        self.rebase_list = QComboBox(right)
        self.rebase_list.setAccessibleName("Rebase points")
        self.rebase_list.setMinimumContentsLength(9)
        self.rebase_list.setToolTip("Months where a new segment starts")
        self.points_combo = QComboBox(right)
        self.points_combo.setAccessibleName("Points in a shift or trend")
        self.points_combo.setToolTip("The Making Data Count tool offers 6 or 7 points for a shift or trend")
        for label, value in RULE_POINTS:
            self.points_combo.addItem(label, value)
        self.points_combo.currentIndexChanged.connect(self._save_spc)
        self.cusum_button = _button("C&USUM settings…", self._cusum_settings, right)
        self.remove_rebase_button = _button("Remo&ve", self._remove_rebase, right)
        self.remove_rebase_button.setAccessibleName("Remove rebase point")
        add = _button("A&dd", self._add_rebase, right)
        add.setAccessibleName("Add rebase point")
        for w in (_label("&Chart", self.chart_combo, right), self.chart_combo,
                  _label("Base&line", self.baseline_spin, right), self.baseline_spin,
                  _label("Rebase &at", self.rebase_month, right), self.rebase_month, add,
                  _label("Rebase &points", self.rebase_list, right), self.rebase_list,
                  self.remove_rebase_button, _label("Shift/t&rend", self.points_combo, right), self.points_combo,
                  self.cusum_button):
            controls.addWidget(w)
        rl.addLayout(controls)
        shows = FlowLayout()
        self.show_boxes = {}
        for key, label in (("rag", "RAG bands"), ("ambition", "National ambition"),
                           ("rolling", "Rolling 12 months"), ("annotations", "Annotations")):
            box = QCheckBox(label, right)
            box.setChecked(True)
            box.setAccessibleName(f"Show {label.lower()}")
            box.toggled.connect(self._on_show_toggled)
            self.show_boxes[key] = box
            shows.addWidget(box)
        shows.addWidget(_button("Anno&tations…", self._annotations, right))
        shows.addWidget(_button("E&xport PNG…", self._export_png, right))
        rl.addLayout(shows)
        self._chart_host = QVBoxLayout()
        self._chart_placeholder = QLabel("Drawing the chart…", right)
        self._chart_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._chart_host.addWidget(self._chart_placeholder, 1)
        rl.addLayout(self._chart_host, 1)
        self.hover_label = QLabel(" ", right)
        self.hover_label.setAccessibleName("Month under the pointer")
        self.hover_label.setWordWrap(True)
        self.notes_label = QLabel("", right)
        self.notes_label.setAccessibleName("About this chart")
        self.notes_label.setWordWrap(True)
        self.notes_label.setStyleSheet("color: #444;")
        rl.addWidget(self.hover_label)
        rl.addWidget(self.notes_label)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)
        split.setSizes([520, 760])  # the indicator names stay readable at 150% scaling
        return split

    @property
    def chart(self):
        """The indicator chart, created on first use (pyqtgraph is imported then)."""
        if self._chart is None:
            self._make_trend_chart()
        if self.rare_chart is None:
            self._make_rare_chart()
            self._draw_chart()
        return self._chart

    def _make_trend_chart(self) -> None:
        from maternity_desk.ui.dashboard.charts import TrendChart
        from maternity_desk.ui.empty import EmptyState

        self._chart = TrendChart(self)
        self._chart.hovered.connect(self.hover_label.setText)
        self.chart_state = EmptyState(self._chart)
        self._chart_host.replaceWidget(self._chart_placeholder, self.chart_state)
        self._chart_placeholder.deleteLater()

    def _make_rare_chart(self) -> None:
        from maternity_desk.ui.dashboard.rare_chart import RareEventChart

        self.rare_chart = RareEventChart(self)
        self.rare_chart.hovered.connect(self.hover_label.setText)
        self.rare_chart.hide()
        self._chart_host.insertWidget(0, self.rare_chart, 3)
        self._chart_host.setStretchFactor(self._chart, 2)

    def _build_chart(self) -> None:
        """The charts made and drawn in three turns of the event loop (each well under 100 ms),
        so a click in between is answered at once."""
        if self._chart is None:
            self._make_trend_chart()
            QTimer.singleShot(0, self._build_chart)
        elif self.rare_chart is None:
            self._make_rare_chart()
            QTimer.singleShot(0, self._draw_chart)

    # --- the chosen indicator -------------------------------------------------------------------
    def _on_indicator_chosen(self, current, _previous) -> None:
        if not current.isValid() or self._loading:
            return
        code = self.list_proxy.index(current.row(), 0).data(Qt.ItemDataRole.UserRole + 2)
        if code != self.current_code:
            self.current_code = code
            self._show_indicator(code)

    def _show_indicator(self, code: str | None) -> None:
        """Read the indicator's months, SPC setting and annotations once (on a worker), and draw it."""
        if code is None:
            return
        self._reads["indicator"].read(self.store, lambda store: read_indicator(store, code),
                                      self._show_read, self._indicator_failed)

    def _indicator_failed(self, exc: Exception) -> None:
        if isinstance(exc, MaternityDeskError):
            self.notes_label.setText(str(exc))
            return
        from maternity_desk.ui.errors import show_error

        show_error(self, exc, "Could not read the indicator")

    def _show_read(self, read) -> None:
        ind, setting, series = read.indicator, read.setting, read.series
        self._view, self._rare, self._rolling, self._notes = read.view, read.rare, read.rolling, read.notes
        self.delete_indicator_button.setEnabled(ind.source == "local")
        self._loading = True
        try:
            self.chart_combo.setCurrentIndex(max(0, self.chart_combo.findData(setting.chart)))
            self.points_combo.setCurrentIndex(max(0, self.points_combo.findData(setting.rule_points)))
            self.cusum_button.setEnabled(self._rare is not None and self._rare.chart == "cusum")
            self.baseline_spin.setValue(setting.baseline or 1)
            self.rebase_list.clear()
            for m in setting.rebase_months:
                self.rebase_list.addItem(month_label(m), m)
            if not setting.rebase_months:
                self.rebase_list.addItem("none", None)
            self.rebase_list.setEnabled(bool(setting.rebase_months))
            self.remove_rebase_button.setEnabled(bool(setting.rebase_months))
            self.rebase_month.clear()
            for m in series.months[1:]:
                self.rebase_month.addItem(month_label(m), m)
            if self.rebase_month.count():
                self.rebase_month.setCurrentIndex(self.rebase_month.count() - 1)
        finally:
            self._loading = False
        self._draw_chart()
        self._describe()

    def _on_show_toggled(self, *_args) -> None:
        self._draw_chart()

    def _draw_chart(self) -> None:
        if self._chart is None or self.rare_chart is None or self._view is None:
            return
        shows = tuple(self.show_boxes[k].isChecked() for k in ("rag", "ambition", "rolling", "annotations"))
        drawn = (self._view, self._rare, self._rolling, self._notes)
        last = getattr(self, "_drawn", None)
        if last is not None and last[1] == shows and all(a is b for a, b in zip(last[0], drawn, strict=True)):
            return  # already showing exactly this (the read and the charts' making both ask)
        self._drawn = (drawn, shows)
        c = self._chart
        c.show_rag, c.show_ambition, c.show_rolling, c.show_annotations = shows
        c.rates_only = self._rare is not None
        c.set_data(self._view, self._rolling, self._notes)
        self.rare_chart.setVisible(self._rare is not None)
        rare = self._rare  # the rare-event chart on the next turn: each chart is a piece of work of its own
        tasks.soon(self, lambda: self.rare_chart.set_view(rare))
        if not self._view.rows:
            self.chart_state.set_empty(
                f"No figures for {self._view.indicator.name} yet. Enter a month's numerator and "
                "denominator (or paste them from Excel) to draw its chart.",
                "Enter &figures…", lambda: self.tabs.setCurrentIndex(ENTRY))
        else:
            self.chart_state.set_empty(None)

    def _describe(self) -> None:
        view = self._view
        ind = view.indicator
        notes = [f"{ind.numerator} / {ind.denominator}."]
        if self._rare is not None:
            notes += [self._rare.thresholds_text, f"Events from {self._rare.source}." if self._rare.source else ""]
            notes += [w for w in self._rare.warnings if w not in notes]
            notes.append("Below: the monthly rate and its rolling 12-month rate.")
        notes += [w[0].upper() + w[1:] + "." for w in view.warnings]
        if ind.better is None:
            notes.append("No better direction: special causes are shown as neutral (purple).")
        flagged = [r for r in view.rows if r.special_cause] if self._rare is None else []
        if flagged:
            notes.append(f"{plural(len(flagged), 'month')} flagged; O outside the limits, T trend, "
                         "2/3 two of three close to a limit, S shift, A astronomical point (run chart). "
                         "Hover for details.")
        self.notes_label.setText(" ".join(notes))

    # --- files --------------------------------------------------------------------------------------
    def _export_png(self) -> None:
        if self.current_code is None:
            return
        path = ask_save_path(self, "Export chart", f"{self.current_code}.png", PNG)
        if path is None:
            return
        try:
            (self.rare_chart if self._rare is not None else self.chart).export_png(path)
        except OSError as exc:
            QMessageBox.warning(self, "Not exported", f"The chart could not be written: {exc}")
