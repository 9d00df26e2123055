"""The must-attend workbook: read back by a second reader, with the print settings every
workbook carries."""

from datetime import date

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from maternity_desk.core import forecast as fc
from maternity_desk.core.training import Course, StaffMember
from maternity_desk.exchange.forecast import write_must_attend

FM = Course("FM", "Fetal monitoring and surveillance", 12, ("midwife",))


def test_must_attend_workbook(tmp_path):
    staff = [StaffMember(n, f"=Person {n}", "midwife", date(2020, 1, 1)) for n in ("1", "2", "3")]
    rows = fc.forecast(date(2027, 3, 31), date(2026, 12, 1), staff, [], [FM],
                       {("1", "FM"): date(2026, 6, 1), ("2", "FM"): date(2026, 3, 1)}, [])
    path = write_must_attend(tmp_path / "m.xlsx", rows, by=date(2027, 3, 31), unit_name="Unit (demo)",
                             course_names={"FM": FM.name}, group_names={"midwife": "Midwife"})
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Must attend").to_python()
    # 1 of 3 in date; 90% of 3 is 2.7: both others must attend, never trained first
    assert sheet[4:] == [["Fetal monitoring and surveillance", "Midwife", "3", "=Person 3", "", "Never trained"],
                         ["Fetal monitoring and surveillance", "Midwife", "2", "=Person 2", date(2026, 3, 1),
                          date(2027, 3, 1)]]
    wb = load_workbook(path)
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        assert ws.print_title_rows and "Page &P of &N" in ws.oddFooter.right.text
    assert wb["Must attend"]["D5"].quotePrefix  # a name starting with = stays text
    forecast = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Forecast").to_python()
    assert forecast[3][:5] == ["Fetal monitoring and surveillance", "Midwife", 3, 1, 0]
