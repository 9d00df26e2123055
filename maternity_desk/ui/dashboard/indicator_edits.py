"""The Dashboard page's indicator writes: the chart's SPC settings (chart type, baseline,
rebase points, shift/trend points, CUSUM), new, edited and deleted indicators and annotations.

:class:`IndicatorEdits` is a part of :class:`page.DashboardPage` (a mixin): its handlers are
attributes of the page; they use the page's ``store``, ``current_code``, ``refresh``,
``_reload_summary``, ``_show_indicator`` and ``_written``."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from maternity_desk.core.dashboard import SpcSetting
from maternity_desk.core.errors import MaternityDeskError


class IndicatorEdits:
    """The indicators tab's settings and edits (part of the Dashboard page)."""

    # --- SPC settings ------------------------------------------------------------------------
    def _current_setting(self) -> SpcSetting:
        months = tuple(m for m in (self.rebase_list.itemData(i) for i in range(self.rebase_list.count())) if m)
        base = self.baseline_spin.value()
        return SpcSetting(self.current_code, None if base < 2 else base, self.chart_combo.currentData(), months,
                          self.points_combo.currentData())

    def _save_spc(self, *_args) -> None:
        if self._loading or self.current_code is None:
            return
        self._store_setting(self._current_setting())

    def _store_setting(self, setting: SpcSetting) -> None:
        from maternity_desk.store import dashboard as dash

        try:
            dash.save_spc_setting(self.store, setting)
        except MaternityDeskError as exc:
            QMessageBox.warning(self, "Chart setting not saved", str(exc))
            return
        self._reload_summary([setting.indicator_code])
        self._show_indicator(self.current_code)
        self._written()

    def _add_rebase(self) -> None:
        month = self.rebase_month.currentData()
        if self.current_code is None or month is None:
            return
        s = self._current_setting()
        self._store_setting(SpcSetting(s.indicator_code, s.baseline, s.chart,
                                       tuple(sorted(set(s.rebase_months) | {month})), s.rule_points))

    def _remove_rebase(self) -> None:
        month = self.rebase_list.currentData()
        if month is None or self.current_code is None:
            return
        s = self._current_setting()
        self._store_setting(SpcSetting(s.indicator_code, s.baseline, s.chart,
                                       tuple(m for m in s.rebase_months if m != month), s.rule_points))

    def _cusum_settings(self) -> None:
        from maternity_desk.ui.dashboard.rare_chart import open_cusum_settings

        if self.current_code is not None:
            code = self.current_code
            self.active_dialog = open_cusum_settings(self, self.store, code,
                                                     lambda: (self._show_indicator(code), self._written()))

    # --- indicator edits -------------------------------------------------------------------------
    def _new_indicator(self) -> None:
        from maternity_desk.ui.dashboard.dialogs import IndicatorDialog

        dlg = IndicatorDialog(self.store, None, self)
        if dlg.exec() and dlg.saved:
            self.current_code = dlg.saved.code
            self.refresh()
            self.data_changed.emit()

    def _edit_indicator(self) -> None:
        from maternity_desk.store import dashboard as dash
        from maternity_desk.ui.dashboard.dialogs import IndicatorDialog

        if self.current_code is None:
            return
        dlg = IndicatorDialog(self.store, dash.indicator(self.store, self.current_code), self)
        if dlg.exec() and dlg.saved:
            self.refresh()
            self.data_changed.emit()

    def _delete_indicator(self) -> None:
        from maternity_desk.store import dashboard as dash

        if self.current_code is None:
            return
        ind = dash.indicator(self.store, self.current_code)
        if ind.source != "local":
            return
        count = len(dash.monthly_values(self.store, ind.code))
        what = (f"its {count:,} monthly value{'s' if count != 1 else ''}, notes and chart settings"
                if count else "its notes and chart settings")
        answer = QMessageBox.question(
            self, "Delete indicator",
            f"Delete the unit's own indicator '{ind.name}' ({ind.code}) with {what}?\n\n"
            "The audit log keeps a record of the values, and today's automatic backup still "
            "holds them.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            dash.delete_indicator(self.store, ind.code)
        except MaternityDeskError as exc:
            QMessageBox.warning(self, "Indicator not deleted", str(exc))
            return
        self.current_code = None
        self.refresh()
        self.data_changed.emit()

    def _annotations(self) -> None:
        from maternity_desk.store import dashboard as dash
        from maternity_desk.ui.dashboard.dialogs import AnnotationsDialog

        if self.current_code is None or self._view is None:
            return
        months = [r.month for r in self._view.rows]
        dlg = AnnotationsDialog(self.store, dash.indicator(self.store, self.current_code), months, self)
        dlg.exec()
        if dlg.changed:
            self._show_indicator(self.current_code)
            self._written()
