"""The overdue or due-soon list in front of the user, to Excel: the rows the page shows (its
course and staff group filters, its order), written on a worker thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from maternity_desk.exchange.staff_lists import ListLine, write_list
from maternity_desk.ui import tasks
from maternity_desk.ui.errors import show_error
from maternity_desk.ui.save_as import XLSX, ask_save_path


def shown_lines(page, due: bool) -> list[ListLine]:
    """The rows of the overdue (or due-soon) list as the page shows them, top to bottom."""
    proxy, model = (page.due_proxy, page.due_model) if due else (page.overdue_proxy, page.overdue_model)
    out = []
    for r in range(proxy.rowCount()):
        s = model.rows[proxy.mapToSource(proxy.index(r, 0)).row()]
        out.append(ListLine(s.course, model.course_names.get(s.course, s.course), s.name, s.staff_number,
                            model.group_names.get(s.staff_group, s.staff_group), s.expiry, s.last_attended))
    return out


def what_is_shown(page) -> str:
    """The filters in words: "PROMPT, Midwife" or "every course, every staff group"."""
    course = page.list_course.currentText() if page.list_course.currentData() else "every course"
    group = page.list_group.currentText() if page.list_group.currentData() else "every staff group"
    return f"{course}, {group}"


def export_list(page) -> None:
    """Ask where, then write the list on the current tab of the page's lists."""
    due = page.lists.currentIndex() == 1
    title = "Training due soon" if due else "Overdue training"
    unit = page.store.unit_settings().unit_name or "Unit"
    as_at = page.as_at_date()
    shown = what_is_shown(page) + (f", due within {page.due_days.value()} days" if due else "")
    lines = shown_lines(page, due)
    suggested = f"{title} {as_at:%Y-%m-%d}.xlsx"
    path = ask_save_path(page, f"Export {title.lower()}", suggested, XLSX)
    if path is None:
        return

    def work():
        return write_list(lines, Path(path), unit=unit, title=title, as_at=as_at, shown=shown,
                          expiry_header="Expires" if due else "Expired")

    def done(written) -> None:
        QMessageBox.information(page, "List exported", f"The list was written to {written}.")

    tasks.run_task(page, work, done, lambda exc: show_error(page, exc, "The list was not exported"),
                   label="Writing the list…")
