"""First run: no database yet. Offer a new empty unit, the demo unit, or an existing file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from maternity_desk import APP_NAME

NEW, DEMO, OPEN = "new", "demo", "open"


class WelcomeDialog(QDialog):
    """``choice`` is NEW, DEMO or OPEN after ``exec()``; ``chosen_path`` the file for OPEN."""

    def __init__(self, default_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Welcome to {APP_NAME}")
        self.choice: str | None = None
        self.chosen_path: Path | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"<h2>Welcome to {APP_NAME}</h2>"
            "<p>There is no unit database yet. It will be kept at:</p>"
            f"<p><code>{default_path}</code></p><p>How would you like to start?</p>"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        for text, help_text, choice in (
            ("Start a &new, empty unit…", "Enter your unit's details and start recording.", NEW),
            ("Explore the &demo unit", "A realistic made-up unit with three years of data.", DEMO),
            ("&Open an existing database…", "A unit.sqlite file, for example on a shared drive.", OPEN),
        ):
            button = QPushButton(text)
            button.setAccessibleDescription(help_text)
            button.setToolTip(help_text)
            button.setMinimumHeight(36)
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
            layout.addWidget(button)
        cancel = QPushButton("&Quit")
        cancel.clicked.connect(self.reject)
        layout.addWidget(cancel)
        self.setMinimumWidth(460)

    def _choose(self, choice: str) -> None:
        if choice == OPEN:
            name, _ = QFileDialog.getOpenFileName(self, "Open a unit database", "",
                                                  "Maternity Desk database (*.sqlite *.db);;All files (*)")
            if not name:
                return
            self.chosen_path = Path(name)
        self.choice = choice
        self.accept()
