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
    from maternity_desk.ui.pages import PAGES

    assert ("Monthly return", "maternity_desk.ui.returns.page:ReturnsPage") in PAGES


def test_preview_lists_sheets_with_row_counts(page):
    assert page.chosen_month == "2025-12"
    m = page.model
    sheets = [m.index(r, 0).data() for r in range(m.rowCount())]
    assert sheets == ["Dashboard", "Trends", "Training", "Fund", "Improvement", "Governance", "Data"]
    rows = {m.index(r, 0).data(): m.index(r, 2).data() for r in range(m.rowCount())}
    assert rows["Data"] == 24 and rows["Fund"] == 3 and rows["Improvement"] == 1
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
