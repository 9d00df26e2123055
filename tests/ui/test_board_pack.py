"""The board report's PDF read by a second reader (pdftotext): the text present and in order,
page numbers, names rather than codes, no table row split by a page and no heading left at a
page's foot; and the page layout's rules on their own."""

import subprocess
from datetime import date, datetime, timedelta

from maternity_desk.core import board as b
from maternity_desk.exchange import board_report as br
from maternity_desk.store import board as sb
from tests.conftest import require_program

TODAY = date(2026, 10, 15)
PRODUCED = datetime(2026, 10, 15, 9, 30)


def _pages(path, n):
    pdftotext = require_program("pdftotext", "poppler-utils")
    return [subprocess.run([pdftotext, "-layout", "-f", str(i), "-l", str(i), str(path), "-"],
                           capture_output=True, text=True, check=True).stdout for i in range(1, n + 1)]


def _write(store, tmp_path, qapp):
    from maternity_desk.ui.board.pack import write_pack

    report = br.build_report(store, "2026-09", today=TODAY, produced=PRODUCED)
    path = tmp_path / "board.pdf"
    n = write_pack(report, path)
    return report, _pages(path, n)


def test_pack_pages_in_order_with_names_and_numbers(demo_store, tmp_path, qapp):
    report, pages = _write(demo_store, tmp_path, qapp)
    first = pages[0]
    order = ["Perinatal quality report to the board", "Ashmoor Maternity Unit (demo)", "Region: South East",
             "Month: September 2026", "This month at a glance", "What has changed since Aug 2026",
             "For the board's decision or attention", "Signals: special-cause variation"]
    body = first.split("\n", 1)[1]  # below the header band (which names the unit too)
    at = [body.find(t) for t in order]
    assert -1 not in at and at == sorted(at), list(zip(order, at))
    assert "Y59" not in first  # the region's name, not its code
    for i, text in enumerate(pages, start=1):
        assert f"Page {i} of {len(pages)}" in text
        assert "Produced 15/10/2026 09:30 by" in text
        assert "perinatal quality report to the board, September 2026" in text
    tops = [[ln.strip() for ln in t.splitlines() if ln.strip()][1] for t in pages]
    starts = [tops.index(section.title) for section in report.sections[1:]]  # each starts a page
    assert starts == sorted(starts) and starts[0] == 1
    changes = report.sections[0].blocks[0].items
    assert changes and all(line[:40] in " ".join(first.split()) for line in changes)


def test_no_row_split_and_headings_kept_with_what_follows(store, tmp_path, qapp):
    # 70 open external items: the investigations and actions tables run over several pages
    for i in range(70):
        received = date(2026, 9, 1) + timedelta(days=i % 28)
        sb.save_external(store, b.make_external(
            "cqc", received, "Care Quality Commission",
            f"Concern number {i:02d} about triage waiting times and the telephone advice line, which "
            f"wraps in its cell and ends here: end{i:02d}",
            received + timedelta(days=60), None, "Head of midwifery"))
    report, pages = _write(store, tmp_path, qapp)
    flat = [" ".join(p.split()) for p in pages]
    for i in range(70):  # every row whole on one page, in each table: its first and last line together
        starts = [n for n, p in enumerate(flat) for _ in range(p.count(f"Concern number {i:02d} "))]
        ends = [n for n, p in enumerate(flat) for _ in range(p.count(f"end{i:02d}"))]
        assert len(starts) == 2 and starts == ends, (i, starts, ends)  # investigations and actions
    for n, p in enumerate(flat):
        if "Concern number" in p:  # a page of table rows starts with the table's heading row
            head = p.find("Received Kind From About") if "Received Kind" in p else p.find("From Action Owner Due")
            assert 0 <= head < p.find("Concern number"), f"page {n + 1} has rows without their heading"
    titles = [s.title for s in report.sections] + ["What has changed", "Reports and concerns received",
                                                   "Open actions at"]
    for n, page in enumerate(pages):
        body = [ln.strip() for ln in page.splitlines() if ln.strip() and "Page " not in ln]
        assert not any(body[-1].startswith(t) for t in titles), f"page {n + 1} ends with a heading: {body[-1]}"


def test_paginate_keeps_units_whole_and_repeats_the_heading_row():
    from maternity_desk.ui.board.pack import _Unit, paginate

    heading = _Unit(10, None, keep_with_next=True, text="heading")
    header = _Unit(5, None, keep_with_next=True, text="header")
    rows = [_Unit(20, None, repeat=header, text=f"row {i}") for i in range(5)]
    before = _Unit(70, None, text="before")
    pages = paginate([before, heading, header, *rows], 100)
    # 70 + heading 10 + header 5 + row 20 = 105 > 100: the heading moves with its header and row
    assert [[u.text for u in p] for p in pages] == [
        ["before"], ["heading", "header", "row 0", "row 1", "row 2", "row 3"], ["header", "row 4"]]
    tall = paginate([_Unit(10, None, text="a"), _Unit(10, None, text="b", new_page=True)], 100)
    assert [[u.text for u in p] for p in tall] == [["a"], ["b"]]


def test_scheme_and_case_pages_in_order_with_no_split_rows(demo_store, tmp_path, qapp):
    """The demo's pack: the qualifying cases right after the investigations, the scheme's
    progress right after training; the scheme's table of computed requirements runs over two
    pages, every row whole on one page and each page of rows headed by the heading row."""
    pdftotext = require_program("pdftotext", "poppler-utils")
    from maternity_desk.ui.board.pack import write_pack

    report = br.build_report(demo_store, "2026-09", today=TODAY, produced=PRODUCED)
    path = tmp_path / "board.pdf"
    n = write_pack(report, path)
    pages = [" ".join(subprocess.run([pdftotext, "-f", str(i), "-l", str(i), str(path), "-"], capture_output=True,
                                     text=True, check=True).stdout.split()) for i in range(1, n + 1)]
    first = [next(i for i, p in enumerate(pages) if title in p) for title in (
        "Investigations and external attention", "Qualifying cases: MNSI referrals and Early Notification",
        "Perinatal mortality reviews and learning", "Training compliance",
        "Incentive scheme: progress by safety action", "Rare events: deaths and injuries")]
    assert first == sorted(first) and first[1] == first[0] + 1, first
    cases = pages[first[1]]
    assert "Reports due on qualifying cases" in cases and "Referred to MNSI" in cases
    assert "Cases carry the unit's own reference only; no patient identifiers." in cases
    scheme = next(s for s in report.sections if s.key == "scheme")
    computed = scheme.blocks[2]
    assert len(computed.rows) > 15
    header = "Action Requirement From To Numerator Denominator Figure Threshold Status"
    laid = [" ".join(t.split()) for t in _pages(path, n)]  # (laid out as printed: the heading row in order)
    held = [i for i, p in enumerate(laid) if header in p]
    assert len(held) == 2 and held[0] == first[4], held  # the demo's table runs onto a second page

    def words(text):  # the reader puts a row's action number among its wrapped lines: numbers left out
        return " ".join(w for w in text.split() if not w.isdigit())

    later = []
    for row in computed.rows:
        on = [i for i, p in enumerate(pages) for _ in range(words(p).count(words(row[1])))]
        assert len(on) == 1 and on[0] in held, (row[1], on)  # whole, once
        if on[0] == held[1]:
            later.append(row[1])
    second, opening = laid[held[1]], " ".join(later[0].split()[:4])
    assert later and 0 <= second.find(header) < second.find(opening)  # the rows below their heading row
    for action in scheme.blocks[1].rows:
        assert action[1] in pages[first[4]] or action[1].split()[0] in pages[first[4]]
    assert "Incentive scheme 2026/27: safety action 5 not met" in pages[0]
