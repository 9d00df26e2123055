"""``export board-report`` to PDF and to Excel, and its refusals."""

import subprocess
import sys


def test_export_board_report_pdf_and_xlsx(cli, demo_path, tmp_path):
    code, out, err = cli("export", "board-report", "--month", "2026-09", "--db", str(demo_path),
                         "-o", str(tmp_path / "b.pdf"))
    assert code == 0, err
    assert out.startswith(f"Board report for Sep 2026 written to {tmp_path / 'b.pdf'} (") and "pages)" in out
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")
    code, out, err = cli("export", "board-report", "--month", "2026-09", "--db", str(demo_path),
                         "-o", str(tmp_path / "b.xlsx"))
    assert code == 0, err
    assert out.strip() == f"Board report for Sep 2026 written to {tmp_path / 'b.xlsx'} (11 sheets)"


def test_refusals(cli, demo_path, tmp_path):
    code, _out, err = cli("export", "board-report", "--month", "2026-09", "--db", str(demo_path),
                          "-o", str(tmp_path / "b.docx"))
    assert code == 1 and "should end .pdf or .xlsx" in err
    from datetime import date

    from maternity_desk.core.periods import month_label, month_of, shift_month

    ahead = shift_month(month_of(date.today()), 2)
    code, _out, err = cli("export", "board-report", "--month", ahead, "--db", str(demo_path),
                          "-o", str(tmp_path / "b.pdf"))
    assert code == 1 and f"{month_label(ahead)} is in the future" in err
    code, _out, err = cli("export", "board-report", "--month", "13-2026", "--db", str(demo_path),
                          "-o", str(tmp_path / "b.pdf"))
    assert code == 2


def test_workbook_export_loads_no_qt(demo_path, tmp_path):
    script = ("import sys\nfrom maternity_desk.cli import main\n"
              f"code = main(['export', 'board-report', '--month', '2026-09', '--db', {str(demo_path)!r}, "
              f"'-o', {str(tmp_path / 'b.xlsx')!r}])\n"
              "assert code == 0\nassert 'PySide6' not in sys.modules, 'Qt was loaded'\n")
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)
