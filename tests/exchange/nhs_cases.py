"""Files of every import kind with an NHS number in one cell, and the byte search that proves
the number went nowhere (database, its WAL or journal, backups, temporary files, the log).

Each kind has one good row (row 2) holding a value for every column its importer reads, so a
file with the number in one cell has exactly one problem: that cell.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tests.conftest import FIXTURES
from tests.core.test_identifiers import FORMS

#: the forms in a stable order; odd ones are written inside longer text
FORM_NAMES = sorted(FORMS)


def cell_text(form: str, index: int) -> str:
    text = FORMS[form]
    return text if index % 2 == 0 else f"see {text} (mother)"


def _staff(store) -> None:
    from maternity_desk.exchange import importing

    importing.commit(store, importing.plan_file(store, "staff", FIXTURES / "training" / "staff.csv"), backup=False)


def _project(store) -> None:
    from maternity_desk.store import improvement as qs

    qs.adopt_project(store, "ATAIN", start_date=date(2025, 1, 1), status="active")


def _unit(store) -> None:
    from maternity_desk.core.unit import UnitSettings

    store.save_unit_settings(UnitSettings(unit_name="Riverside", trust="A Trust"))


def _national_header_row() -> tuple[list[str], list[str]]:
    with open(FIXTURES / "national" / "msds-mar2024-exp-data.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1]


@dataclass
class Kind:
    row: dict[str, str]  # column -> a good value ('' where the column may be blank)
    extra: dict[str, str] = field(default_factory=dict)
    setup: object = None
    cli_extra: tuple[str, ...] = ()


_NAT_HEADER, _NAT_ROW = _national_header_row()

KINDS: dict[str, Kind] = {
    "staff": Kind({"staff_number": "10000099", "name": "Amara Okafor", "first_name": "", "last_name": "",
                   "staff_group": "Midwife", "start_date": "01/04/2019", "leave_date": "", "notes": "Band 6"}),
    "attendance": Kind({"staff_number": "10000001", "course": "FM", "date": "15/06/2025", "status": "attended"},
                       setup=_staff),
    "absences": Kind({"staff_number": "10000001", "start_date": "01/07/2025", "end_date": "30/06/2026",
                      "reason": "Maternity leave"}, setup=_staff),
    "ledger": Kind({"date": "03/10/2016", "fund": "MSTF", "kind": "allocation", "amount": "41250.00",
                    "description": "HEE award", "category": "", "supplier": "Health Education England",
                    "reference": "HEE-MSTF-2016", "course": "", "places": ""}),
    "dashboard": Kind({"month": "2025-03", "indicator": "stillbirth", "numerator": "1", "denominator": "371",
                       "unit": ""}),
    "measure": Kind({"month": "2025-01", "measure": "Term admissions to the neonatal unit", "numerator": "21",
                     "denominator": "310"}, extra={"project_code": "ATAIN"}, setup=_project,
                    cli_extra=("ATAIN",)),
    "reviews": Kind({"reference": "R24-001", "category": "stillbirth", "gestation": "36+2",
                     "date_of_death": "02/03/2024", "reported": "05/03/2024", "parents_informed": "06/03/2024",
                     "review_started": "02/04/2024", "report_published": "30/07/2024",
                     "themes": "Fetal growth surveillance", "notes": "Escalation", "termination": ""}),
    "cases": Kind({"reference": "QC-24-001", "category": "brain injury", "event_date": "02/03/2024",
                   "mnsi_referred": "05/03/2024", "en_reported": "20/03/2024", "candour_conversation": "04/03/2024",
                   "candour_letter": "08/03/2024", "incident_reported": "03/03/2024", "notes": "Cooled"}),
    "submissions": Kind({"dataset": "MSDS", "period": "2025-08", "due_date": "", "event_date": "",
                         "submitted_date": "2025-09-20", "submitted_by": "Information analyst", "dq_issues": ""}),
    "return": Kind({"unit": "Hillside Unit", "ods_code": "", "month": "2025-03", "indicator": "stillbirth",
                    "indicator_name": "", "numerator": "1", "denominator": "371", "value": "", "suppressed": ""},
                   setup=_unit),
    "national": Kind(dict(zip(_NAT_HEADER, _NAT_ROW))),
}


def columns(kind: str) -> list[str]:
    return list(KINDS[kind].row)


def write_file(folder: Path, kind: str, column: str | None = None, value: str | None = None,
               name: str | None = None) -> Path:
    """The kind's good row with ``value`` in ``column`` (None: the good file itself)."""
    row = dict(KINDS[kind].row)
    if column is not None:
        row[column] = value
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"{kind}.csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(list(row))
        writer.writerow(list(row.values()))
    return path


def prepare(store, kind: str) -> None:
    if KINDS[kind].setup:
        KINDS[kind].setup(store)


#: byte strings that must never be found: the digits as typed in every form tried, in
#: UTF-8 (how SQLite and the log store text) and UTF-16 (how a Windows tool might), and the
#: hidden part of the number alone
NEEDLES = sorted({
    *(FORMS[f].encode("utf-8") for f in FORMS),
    *(FORMS[f].encode("utf-16-le") for f in FORMS),
    b"9434765919", b"4765919", b"476 5919", b"476-5919", "476\u00a05919".encode(),
})


def leaks(*folders: Path, skip: tuple[Path, ...] = ()) -> list[str]:
    """Every file under ``folders`` (the database, its -wal/-journal, backups, temporary
    files, logs) holding one of :data:`NEEDLES`: ``["path: needle", ...]``. Read only once
    every connection is closed."""
    found = []
    for folder in folders:
        if not folder.exists():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if path in skip:
                continue
            data = path.read_bytes()
            found += [f"{path}: {n!r}" for n in NEEDLES if n in data]
    return found


def files_under(*folders: Path) -> list[str]:
    return sorted(str(p) for folder in folders if folder.exists() for p in folder.rglob("*") if p.is_file())
