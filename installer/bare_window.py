"""A bare PySide6 window, frozen with the same spec as the app: the start-up benchmark's
baseline (``build.py --bare``). Honours ``MATERNITY_DESK_EXIT_WHEN_SHOWN`` like the app."""

import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("Maternity Desk bare window")
    window.setCentralWidget(QLabel("bare"))
    window.resize(1280, 720)
    window.show()
    if os.environ.get("MATERNITY_DESK_EXIT_WHEN_SHOWN"):
        QTimer.singleShot(0, app.quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
