"""Asking where to save a file the app writes: a workbook or a chart picture."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog

XLSX = ("Excel workbook (*.xlsx)", ".xlsx")
PNG = ("PNG image (*.png)", ".png")


def ask_save_path(parent, caption: str, suggested: str, kind: tuple[str, str] = XLSX) -> str | None:
    """The file the user chose in a save dialog, with the suffix of ``kind`` (:data:`XLSX` or
    :data:`PNG`) added when typed without it; None when the dialog was cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, caption, suggested, kind[0])
    if not path:
        return None
    if not path.lower().endswith(kind[1]):
        path += kind[1]
    return path
