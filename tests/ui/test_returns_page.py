"""The Monthly return page: preview, suppression option, export of the workbook and the PDF
pack (tasks run synchronously), opening the file when asked."""

from __future__ import annotations

from datetime import date

import pytest

from tests.exchange.test_returns_workbook import build_small_unit


@pytest.fixture
def sync_tasks(monkeypatch):
    from maternity_desk.ui import tasks

    monkeypatch.setattr(tasks, "runner", tasks.SyncRunner())


@pytest.fixture
def page(store, qtbot, sync_tasks):
    from maternity_desk.ui.returns.page import ReturnsPage

    build_small_unit(store)
    w = ReturnsPage(store, today=date(2026, 1, 7))
    qtbot.addWidget(w)
    return w


def test_page_is_listed():
    from maternity_desk.ui import pages
    from maternity_desk.ui.returns.page import ReturnsPage

    i = pages.titles().index("Monthly return")
    assert pages.page_class(i) is ReturnsPage


def test_preview_lists_sheets_with_row_counts(page):
    assert page.chosen_month == "2025-12"
    m = page.model
    sheets = [m.index(r, 0).data() for r in range(m.rowCount())]
    assert sheets == ["Dashboard", "Trends", "Training", "Fund", "Improvement", "Governance", "Data"]
    rows = {m.index(r, 0).data(): m.index(r, 2).data() for r in range(m.rowCount())}
    # a fund with nothing in the year has no row (two of the three here)
    assert rows["Data"] == 24 and rows["Fund"] == 1 and rows["Improvement"] == 1
    assert "not applied" in page.summary.text()
    page.suppress.setChecked(True)
    assert page.content.suppressed and "applied" in page.summary.text()
    page.month.setCurrentIndex(page.month.findData("2025-06"))
    assert page.content.month == "2025-06"
    rows = {m.index(r, 0).data(): m.index(r, 2).data() for r in range(m.rowCount())}
    assert rows["Data"] == 12  # January to June, two indicators


def test_export_workbook_and_open_it(page, tmp_path, monkeypatch, qtbot):
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "may-return"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    page.suppress.setChecked(True)
    with qtbot.waitSignal(page.exported, timeout=10000) as sig:
        page.export_xlsx.click()
    written = tmp_path / "may-return.xlsx"
    assert sig.args == [str(written)] and written.exists()
    assert opened == [str(written)]
    assert "Written to" in page.status.text()
    from python_calamine import CalamineWorkbook

    cover = CalamineWorkbook.from_path(str(written)).get_sheet_by_name("Cover").to_python()
    assert ["Small-number suppression", "Applied"] in [r[:2] for r in cover]


def test_export_pack_without_opening(page, tmp_path, monkeypatch, qtbot):
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "pack.pdf"), ""))
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    page.open_after.setChecked(False)
    with qtbot.waitSignal(page.exported, timeout=20000):
        page.export_pdf.click()
    assert (tmp_path / "pack.pdf").read_bytes().startswith(b"%PDF")
    assert opened == []


def test_cancelled_save_dialog_does_nothing(page, monkeypatch, qtbot):
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    with qtbot.assertNotEmitted(page.exported):
        page.export_xlsx.click()
    assert page.status.text() == ""


def test_a_failed_export_is_shown(page, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(blocker / "r.xlsx"), ""))
    shown = []
    for name in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: shown.append(a) or QMessageBox.StandardButton.Ok)
    monkeypatch.setattr("maternity_desk.ui.errors.show_error", lambda parent, exc, title="": shown.append(exc))
    page.export_xlsx.click()
    assert shown and page.status.text().startswith("Not exported")
    assert page.export_xlsx.isEnabled()


def _sheet_rows(page) -> list[list]:
    m = page.section_model
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_preview_shows_the_chosen_sheet_as_it_will_be_written(page):
    page.table.selectRow(0)
    assert page.sheet_title.text().replace("&", "") == \
        "Preview of the Dashboard sheet: Maternity indicators"
    rows = _sheet_rows(page)
    assert rows[0][:4] == ["Indicator", "Numerator", "Denominator", "Rate"]
    smoking = next(r for r in rows if r[0] == "Smoking at time of delivery")
    assert smoking[1:5] == ["38", "400", "9.5%", "amber"]  # 38 of 400, by hand
    page.suppress.setChecked(True)  # the preview follows the option
    smoking = next(r for r in _sheet_rows(page) if r[0] == "Smoking at time of delivery")
    assert smoking[1:5] == ["40", "400", "10.0%", "amber"]
    page.table.selectRow([s.sheet for s in page.content.sections].index("Governance"))
    rows = _sheet_rows(page)
    assert [v for v in rows[0] if v] == ["Safety champions on 31/12/2025"]
    assert any(r[0] == "Register" for r in rows)
    assert "governance registers" in page.sheet_view.toolTip()


def test_export_runs_off_the_ui_thread_with_progress(store, qtbot, tmp_path, monkeypatch):
    """The real worker thread: every step is reported, the bar hides when done and the
    written file is opened."""
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog

    from maternity_desk.ui import tasks
    from maternity_desk.ui.returns.page import GATHER_STEPS, WRITE_STEPS, ReturnsPage

    monkeypatch.setattr(tasks, "runner", tasks.ThreadRunner())  # the tests' default runs at once
    build_small_unit(store)
    w = ReturnsPage(store, today=date(2026, 1, 7))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.content is not None, timeout=10000)
    target = tmp_path / "return.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    seen = []
    w.progress.valueChanged.connect(seen.append)
    with qtbot.waitSignal(w.exported, timeout=20000):
        w.export_xlsx.click()
        assert not w.month.isEnabled() and not w.export_pdf.isEnabled()
    assert w.steps == ["Indicators", "Training", "Fund", "Improvement", "Governance",
                       *[f"Writing {s}" for s in ("Dashboard", "Trends", "Training", "Fund",
                                                  "Improvement", "Governance", "Data")],
                       "Saving"]
    assert len(w.steps) == GATHER_STEPS + WRITE_STEPS
    assert seen[-1] == w.progress.maximum() == len(w.steps)
    assert w.progress.isHidden() and w.month.isEnabled() and w.export_xlsx.isEnabled()
    assert opened == [str(target)] and target.exists()


def test_pack_export_says_each_step_and_the_window_answers_while_the_pdf_is_written(store, qtbot, tmp_path,
                                                                                     monkeypatch):
    """On the real event loop: the charts and the PDF's pages are drawn one per turn (a timer of
    the window's own fires between them), the status line says each step beside a bar of the
    share done, and the buttons above never move."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QFileDialog

    from maternity_desk.ui import tasks
    from maternity_desk.ui.returns.page import GATHER_STEPS, ReturnsPage

    monkeypatch.setattr(tasks, "runner", tasks.ThreadRunner())
    build_small_unit(store)
    w = ReturnsPage(store, today=date(2026, 1, 7))
    qtbot.addWidget(w)
    w.resize(1200, 700)
    w.show()
    qtbot.waitUntil(lambda: w.content is not None, timeout=10000)
    target = tmp_path / "pack.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    w.open_after.setChecked(False)
    buttons_at = w.export_pdf.mapTo(w, w.export_pdf.rect().topLeft())
    said, beats = [], []
    w.progress.valueChanged.connect(lambda v: said.append((v, w.status.text())))
    beat = QTimer(w)
    beat.setInterval(1)
    beat.timeout.connect(lambda: beats.append(w.steps[-1] if w.steps else None))
    with qtbot.waitSignal(w.exported, timeout=30000):
        w.export_pdf.click()
        beat.start()
        qtbot.waitUntil(lambda: w.progress.isVisible(), timeout=5000)
        assert w.export_pdf.mapTo(w, w.export_pdf.rect().topLeft()) == buttons_at
    beat.stop()
    assert w.steps[-2:] == ["Drawing the charts", "Writing the pages"] and len(w.steps) == GATHER_STEPS + 2
    assert beats.count("Writing the pages") >= 3  # the window's timer ran while the pages were drawn
    assert ("Writing the pages" in said[-2][1] and said[-2][0] == GATHER_STEPS + 1
            and said[-1][0] == w.progress.maximum())
    assert target.read_bytes().startswith(b"%PDF") and w.status.text() == f"Written to {target}"
    assert w.export_pdf.mapTo(w, w.export_pdf.rect().topLeft()) == buttons_at


def test_keyboard_only(page, qtbot, tmp_path, monkeypatch):
    """Mnemonics reach every control, Tab goes down the page, and Alt+W exports."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel

    page.show()
    qtbot.waitExposed(page)
    page.windowHandle().requestActivate()  # mnemonics act in the active window only
    qtbot.waitUntil(page.isActiveWindow, timeout=5000)
    controls = [page.month, page.suppress, page.table, page.sheet_view, page.open_after,
                page.export_xlsx, page.export_pdf, page.export_board, page.progress, page.status, page.summary]
    names = [w.accessibleName() for w in controls]
    assert all(names) and len(set(names)) == len(names)
    keys = [lab.text()[lab.text().index("&") + 1].lower() for lab in page.findChildren(QLabel)
            if "&" in lab.text() and lab.buddy() is not None]
    keys += [b.text()[b.text().index("&") + 1].lower() for b in page.findChildren(QAbstractButton)
             if "&" in b.text()]
    assert len(keys) == len(set(keys)) == 8 and not set(keys) & {"f", "g", "h"}  # the menu bar's
    page.month.setFocus()
    order = [page.month]
    for _ in range(7):
        qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Tab)
        order.append(page.focusWidget())
    assert order == [page.month, page.suppress, page.table, page.sheet_view, page.open_after,
                     page.export_xlsx, page.export_pdf, page.export_board]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "k.xlsx"), ""))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    with qtbot.waitSignal(page.exported, timeout=10000):
        qtbot.keyClick(page, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    assert (tmp_path / "k.xlsx").exists()
