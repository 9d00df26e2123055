"""Fixtures the page tests share."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox


@pytest.fixture
def messages(monkeypatch):
    """Message boxes answered and recorded (they are modal and would wait for a person)."""
    seen: list[str] = []

    def record(parent, title, text, *a, **k):
        seen.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", record)
    monkeypatch.setattr(QMessageBox, "information", record)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    return seen
