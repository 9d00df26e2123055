"""Where Home's "Needs attention" lines lead: each page's ``show_target`` hands its tabs here,
so the pages themselves keep one short method (see ``Page.show_target``).

Each function takes the page, the tab's name and the record's key (None for none) and returns
False when the tab is not one of the page's."""

from __future__ import annotations

from maternity_desk.ui.page import select_in


def _pick(combo, data) -> None:
    combo.setCurrentIndex(max(0, combo.findData(data)))


def training(page, tab: str, key: str | None) -> bool:
    """"overdue": the Compliance tab's overdue list, for one course and staff group when
    ``key`` is "course|group" (everyone's otherwise), with the focus in the list."""
    if tab != "overdue":
        return False
    page.tabs.setCurrentIndex(0)
    course, _, group = (key or "").partition("|")
    _pick(page.list_course, course or None)
    _pick(page.list_group, group or None)
    page.lists.setCurrentIndex(0)
    page.overdue_view.setFocus()
    if page.overdue_proxy.rowCount():
        page.overdue_view.setCurrentIndex(page.overdue_proxy.index(0, 0))
    return not key or (page.list_course.currentData() == course and page.list_group.currentData() == group)


def governance(page, tab: str, key: str | None) -> bool:
    """"champions" (``key`` a role: its holders selected, if it ever had any), "submissions"
    (``key`` "dataset|period": that dataset's submissions, the period's selected when recorded),
    "overdue" and "cases" (``key`` a qualifying case's reference: that case selected)."""
    if tab == "champions":
        page.tabs.setCurrentIndex(0)
        page.champ_view.setFocus()
        if key:
            select_in(page.champ_view, lambda c: c.role == key)
        return True
    if tab == "submissions":
        page.tabs.setCurrentIndex(2)
        dataset, _, period = (key or "").partition("|")
        page.sub_outstanding.setChecked(False)
        _pick(page.sub_filter, dataset or None)
        page.sub_view.setFocus()
        if dataset:
            select_in(page.sub_view, lambda s: s.dataset == dataset and (not period or s.period == period))
        return not dataset or page.sub_filter.currentData() == dataset
    if tab == "overdue":
        page.tabs.setCurrentIndex(4)
        page.overdue_view.setFocus()
        return True
    if tab == "cases":  # ``key``: the case's reference
        cases = page.cases_tab
        page.tabs.setCurrentWidget(cases)
        cases.cat.setCurrentIndex(0)
        cases.open_only.setChecked(False)
        cases.view.setFocus()
        return not key or select_in(cases.view, lambda c: c.reference == key)
    return False


def fund(page, tab: str, key: str | None) -> bool:
    """"fund" (``key`` "fund code|financial year"): that fund's year, the ledger in focus."""
    if tab != "fund" or not key:
        return False
    code, _, fy = key.partition("|")
    page.filter.clear()
    page.select(code, fy)
    page.table.setFocus()
    return page.fund_code == code and page.fy == fy
