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


@pytest.fixture(autouse=True)
def _pages_read_at_once(monkeypatch):
    """Pages read in the background in the app; in tests the reads run at once, so a test
    sees a page's figures as soon as it asks (the threaded runner has its own benchmark)."""
    from maternity_desk.ui import tasks

    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())
