"""Guards against a Qt binding that drops references to None/True (PySide6 6.12 on Python 3.11
did, on every pyqtgraph repaint, until the process aborted with "none_dealloc")."""

from __future__ import annotations

import gc
import sys

import pytest


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None and True are immortal from Python 3.12")
def test_chart_redraws_do_not_leak_negative_references(qtbot):
    import pyqtgraph as pg

    w = pg.PlotWidget()
    qtbot.addWidget(w)
    w.resize(600, 400)
    w.show()
    w.plot([1, 2, 3, 4], [3, 1, 4, 1], symbol="o")
    qtbot.wait(10)
    gc.collect()
    none0, true0 = sys.getrefcount(None), sys.getrefcount(True)
    for i in range(20):
        w.resize(600 + i, 400)
        w.repaint()
    gc.collect()
    assert sys.getrefcount(None) - none0 > -50
    assert sys.getrefcount(True) - true0 > -50
