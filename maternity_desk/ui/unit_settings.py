"""The unit's identity: name, trust, ODS code, local maternity system, region."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.unit import REGIONS, UnitSettings
from maternity_desk.ui.errors import show_error


class UnitSettingsDialog(QDialog):
    def __init__(self, settings: UnitSettings | None = None, parent: QWidget | None = None,
                 title: str = "Unit settings"):
        super().__init__(parent)
        self.setWindowTitle(title)
        settings = settings or UnitSettings()
        self.result_settings: UnitSettings | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(settings.unit_name)
        self.trust = QLineEdit(settings.trust)
        self.ods = QLineEdit(settings.ods_code)
        self.ods.setPlaceholderText("e.g. RXQ")
        self.lms = QLineEdit(settings.lms)
        self.region = QComboBox()
        self.region.addItem("(not set)", "")
        for code, name in REGIONS.items():
            self.region.addItem(f"{code} {name}", code)
        idx = self.region.findData(settings.region)
        self.region.setCurrentIndex(max(idx, 0))
        for label, widget in (("&Unit name", self.name), ("&Trust", self.trust), ("&ODS code", self.ods),
                              ("&Local maternity system", self.lms), ("&Region", self.region)):
            widget.setAccessibleName(label.replace("&", ""))
            form.addRow(label, widget)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #a00;")
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Problem")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def values(self) -> UnitSettings:
        return UnitSettings(self.name.text(), self.trust.text(), self.ods.text(), self.lms.text(),
                            self.region.currentData() or "")

    def _accept(self) -> None:
        try:
            self.result_settings = self.values().validated()
        except InvalidValue as exc:
            self.error.setText(str(exc))
            return
        self.accept()


def edit_unit_settings(parent, store) -> bool:
    """Show the unit's settings from ``store`` for editing and save what the user accepts;
    True when saved (a failure to save is shown, and gives False)."""

    dialog = UnitSettingsDialog(store.unit_settings(), parent)
    if not dialog.exec() or dialog.result_settings is None:
        return False
    try:
        store.save_unit_settings(dialog.result_settings)
    except Exception as exc:
        show_error(parent, exc)
        return False
    return True
