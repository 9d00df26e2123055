"""An export shaped like the national workforce system's (ESR) staff list, written by the
tests: 300 fictional people (names made of invented syllables), the ESR field names, the
trust's own staff groups and job roles. Nothing here is real data.

The make-up is fixed, so the tests' expectations are counted by hand from this table:

    Staff Group                         Job Role                          people  maps to
    Nursing and Midwifery Registered    Midwife                              100  midwife (suggested)
    Nursing and Midwifery Registered    Midwife - Specialist Practitioner     10  midwife (suggested)
    Nursing and Midwifery Registered    Midwife - Manager                     10  midwife (suggested)
    Nursing and Midwifery Registered    Staff Nurse                           20  (no suggestion: the user picks Neonatal nurse)
    Nursing and Midwifery Registered    Advanced Neonatal Nurse Practitioner   5  annp (suggested)
    Additional Clinical Services        Maternity Support Worker              30  msw (suggested)
    Additional Clinical Services        Healthcare Assistant                  10  (no suggestion: the user picks MSW)
    Medical and Dental                  Consultant                            15  obstetric consultant (suggested)
    Medical and Dental                  Specialty Registrar                   20  obstetric doctor (suggested)
    Administrative and Clerical         Administrator                         25  leave out (suggested)
    Estates and Ancillary               Housekeeper                           10  leave out (suggested)
    Allied Health Professionals         Physiotherapist                        5  leave out (suggested)
    Students                            Student Midwife                       40  leave out (suggested)
                                                                             ---
                                                                             300  220 imported, 80 left out
"""

from __future__ import annotations

import csv
from pathlib import Path

HEADERS = ["Employee Number", "Assignment Number", "Last Name", "First Name", "Staff Group", "Job Role",
           "Occupation Code", "Position Title", "Organisation", "Assignment Status", "FTE", "Hire Date",
           "Termination Date"]

MAKE_UP = (
    ("Nursing and Midwifery Registered", "Midwife", 100, "N6A"),
    ("Nursing and Midwifery Registered", "Midwife - Specialist Practitioner", 10, "N6B"),
    ("Nursing and Midwifery Registered", "Midwife - Manager", 10, "N6C"),
    ("Nursing and Midwifery Registered", "Staff Nurse", 20, "N2A"),
    ("Nursing and Midwifery Registered", "Advanced Neonatal Nurse Practitioner", 5, "N2B"),
    ("Additional Clinical Services", "Maternity Support Worker", 30, "H2A"),
    ("Additional Clinical Services", "Healthcare Assistant", 10, "H2B"),
    ("Medical and Dental", "Consultant", 15, "M0A"),
    ("Medical and Dental", "Specialty Registrar", 20, "M3A"),
    ("Administrative and Clerical", "Administrator", 25, "G1A"),
    ("Estates and Ancillary", "Housekeeper", 10, "E1A"),
    ("Allied Health Professionals", "Physiotherapist", 5, "S1A"),
    ("Students", "Student Midwife", 40, "T1A"),
)

_FIRST = ("Ama", "Bel", "Cor", "Dav", "Eli", "Fen", "Gia", "Hal", "Isa", "Jon", "Kel", "Lun", "Mir", "Nol", "Ona")
_END = ("ra", "wyn", "dis", "mo", "lette", "ric", "sa", "ton", "vi", "ela")
_LAST = ("Bram", "Cald", "Dunn", "Ferr", "Gosk", "Hollo", "Kettel", "Marr", "Pell", "Quill", "Rusk", "Thorn")
_TAIL = ("ock", "ingby", "ewell", "amore", "iston", "ard", "ow", "ethwaite")


def people() -> list[dict[str, str]]:
    """The 300 rows, in the file's order (row n of the file is people()[n - 2])."""
    rows = []
    n = 0
    for group, role, count, occupation in MAKE_UP:
        for _ in range(count):
            first = _FIRST[n % len(_FIRST)] + _END[(n // len(_FIRST)) % len(_END)]
            last = _LAST[n % len(_LAST)] + _TAIL[(n // len(_LAST)) % len(_TAIL)]
            year = 2005 + n % 20
            rows.append({
                "Employee Number": str(20000001 + n),
                "Assignment Number": f"{20000001 + n}-1",
                "Last Name": last,
                "First Name": first,
                "Staff Group": group,
                "Job Role": role,
                "Occupation Code": occupation,
                "Position Title": f"{role} - Ashmoor Maternity (demo)",
                "Organisation": "999 Ashmoor Maternity Unit (demo)",
                "Assignment Status": "Active Assignment",
                "FTE": "1" if n % 3 else "0.6",
                "Hire Date": f"{1 + n % 28:02d}/{1 + n % 12:02d}/{year}",
                "Termination Date": "",
            })
            n += 1
    return rows


def write(path: Path, rows: list[dict[str, str]] | None = None) -> Path:
    rows = people() if rows is None else rows
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, HEADERS)
        w.writeheader()
        w.writerows(rows)
    return path
