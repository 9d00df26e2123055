"""Importing the staff register, training attendance and absences (CSV or XLSX, as saved
from Excel and from ESR/LMS reports). Every row is checked before anything is written; any bad
row refuses the whole file."""

from __future__ import annotations

from datetime import date

from maternity_desk.core.errors import InvalidValue, Problem, ValidationFailed
from maternity_desk.core.identifiers import refuse_patient_identifiers
from maternity_desk.core.mappings import (
    LEAVE_OUT,
    ValueMapping,
    suggest_course,
    suggest_staff_group,
)
from maternity_desk.core.periods import parse_date
from maternity_desk.core.training import parse_staff_group, parse_status
from maternity_desk.core.words import plural
from maternity_desk.exchange.importer import Importer, ImportPlan, MappingSpec
from maternity_desk.exchange.tabular import Column, MappedRows, cell_text
from maternity_desk.store import training as st
from maternity_desk.store import training_imports as sti

STAFF_NUMBER = Column(
    "staff_number",
    aliases=("Staff Number", "Assignment Number", "Assignment No", "Staff No", "Staff No.",
             "Employee Number", "Employee No", "Employee ID", "Staff ID", "Person Number",
             "ESR Number", "ESR Assignment Number", "Payroll Number"),
    help="the unit's key for a person (ESR assignment number)",
)

STAFF_COLUMNS = (
    STAFF_NUMBER,
    Column("name", required=False,
           aliases=("Name", "Full Name", "Employee Name", "Staff Name", "Full name (surname, forename)"),
           help="the person's name (or first name and last name columns)"),
    Column("first_name", required=False, aliases=("First Name", "Forename", "Forenames", "Given Name")),
    Column("last_name", required=False, aliases=("Last Name", "Surname", "Family Name")),
    Column("staff_group", aliases=("Staff Group", "Group", "Professional Group", "Role", "Staff Type"),
           help="a code such as midwife, or a name such as Obstetric consultant"),
    Column("job_role", required=False, aliases=("Job Role", "Job Title", "Role Title"),
           help="the workforce system's job role (read through a mapping)"),
    Column("occupation_code", required=False, aliases=("Occupation Code", "Occupation"),
           help="the workforce system's occupation code (read through a mapping)"),
    Column("start_date", aliases=("Start Date", "Hire Date", "Date Started", "Assignment Start Date",
                                  "Employment Start Date", "Date Joined", "Joined")),
    Column("leave_date", required=False,
           aliases=("Leave Date", "End Date", "Termination Date", "Leaving Date", "Date Left",
                    "Assignment End Date", "Left"),
           help="last day employed; empty while still employed"),
    Column("notes", required=False, aliases=("Notes", "Note", "Comments", "Comment")),
)

ATTENDANCE_COLUMNS = (
    STAFF_NUMBER,
    Column("course", aliases=("Course", "Course Code", "Course Name", "Course Title", "Competence",
                              "Competence Name", "Training", "Module"),
           help="a course code such as FM, or its name"),
    Column("date", aliases=("Date", "Attended Date", "Date Attended", "Attendance Date",
                            "Completion Date", "Date Completed", "Completed", "Session Date",
                            "Achieved Date", "Training Date")),
    Column("status", required=False, aliases=("Status", "Attendance", "Attendance Status", "Outcome"),
           help="attended (the default), DNA or cancelled"),
)

ABSENCE_COLUMNS = (
    STAFF_NUMBER,
    Column("start_date", aliases=("Start Date", "Absence Start", "Absence Start Date", "From", "Date From")),
    Column("end_date", aliases=("End Date", "Absence End", "Absence End Date", "To", "Date To")),
    Column("reason", required=False, aliases=("Reason", "Absence Reason", "Absence Type", "Type")),
)


class _Rows:
    """Collects problems while reading values from one file. A large file repeats the same
    dates and statuses on every row: each different text is parsed once (the same value, or
    the same refusal, every time it appears)."""

    def __init__(self, rows: MappedRows, names: dict[str, str] | None = None):
        self.rows = rows
        self.problems: list[Problem] = []
        self.names = names or {}  # staff number -> name on the register
        self._values: dict = {}
        self._who: str | None = None
        self._who_known = True
        self._dates: dict[str, date | str] = {}  # a date's text -> the date, or why it is refused
        self.iso_dates: dict[str, str] = {}  # a date's text found good -> the date, as ISO text

    def person(self, values: dict) -> None:
        """The person the next problems are about: the row's name, else the register's
        (worked out when a problem is found: most rows have none)."""
        self._values = values
        self._who_known = False

    @property
    def who(self) -> str | None:
        if not self._who_known:
            values = self._values
            number = cell_text(values.get("staff_number")).strip()
            name = cell_text(values.get("name")).strip() or " ".join(
                x for x in (cell_text(values.get("first_name")).strip(), cell_text(values.get("last_name")).strip())
                if x)
            name = name or self.names.get(number, "")
            self._who = (f"{name}, {number}" if name and number else name or
                         (f"staff number {number}" if number else None))
            self._who_known = True
        return self._who

    def bad(self, row: int, column: str | None, reason: str) -> None:
        self.problems.append(self.rows.problem(row, column, reason, self.who))

    def text(self, row: int, values: dict, name: str, *, required: bool, label: str) -> str | None:
        raw = values.get(name)
        text = raw.strip() if raw.__class__ is str else cell_text(raw).strip()
        if not text:
            if required:
                self.bad(row, name, f"{label} is required")
            return None
        return text

    def date(self, row: int, values: dict, name: str, *, required: bool) -> date | None | bool:
        raw = values.get(name)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if required:
                self.bad(row, name, "a date is required")
                return False
            return None
        if raw.__class__ is str:
            found = self._dates.get(raw)
            if found is None:
                try:
                    found = parse_date(raw)
                    self.iso_dates[raw] = found.isoformat()
                except InvalidValue as exc:
                    found = str(exc)
                self._dates[raw] = found
            if found.__class__ is date:
                return found
            self.bad(row, name, str(found))
            return False
        try:
            return parse_date(raw)
        except InvalidValue as exc:
            self.bad(row, name, str(exc))
            return False

    def free_text(self, row: int, values: dict, name: str, label: str) -> str:
        text = cell_text(values.get(name)).strip()
        try:
            refuse_patient_identifiers(text, label)
        except InvalidValue as exc:
            self.bad(row, name, str(exc))
        return text

    def raise_if_any(self) -> None:
        if self.problems:
            raise ValidationFailed(self.problems)


def _fmt(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def _counts(new: int, updated: int, unchanged: int, noun: str) -> list[str]:
    return [f"{new} new {noun}", f"{updated} updated", f"{unchanged} unchanged"]


# --- staff -------------------------------------------------------------------------------

def plan_staff(store, rows: MappedRows, *, mapping: ValueMapping | None = None) -> ImportPlan:
    groups = st.staff_groups(store)
    existing = {m.staff_number: m for m in st.list_staff(store)}
    has_name = "name" in rows.columns
    has_parts = "first_name" in rows.columns and "last_name" in rows.columns
    if not has_name and not has_parts:
        raise ValidationFailed([Problem(rows.file, 1, "name", "required column 'name' (or Full Name, or First "
                                                              "Name and Last Name) is missing")])
    has_leave = "leave_date" in rows.columns
    has_notes = "notes" in rows.columns
    r = _Rows(rows)
    seen: dict[str, int] = {}
    new, updated, unchanged, left_out = [], [], 0, 0
    for row_no, v in rows:
        r.person(v)
        group = None
        if mapping is not None:
            group = mapping.target(v)
            if group == LEAVE_OUT:
                left_out += 1
                continue
        number = r.text(row_no, v, "staff_number", required=True, label="a staff number")
        if number is not None:
            if number in seen:
                r.bad(row_no, "staff_number", f"staff number {number} appears twice in the file "
                                              f"(first on row {seen[number]})")
            else:
                seen[number] = row_no
        if has_name:
            name = r.text(row_no, v, "name", required=True, label="a name")
        else:
            first = cell_text(v.get("first_name")).strip()
            last = cell_text(v.get("last_name")).strip()
            name = f"{first} {last}".strip() or None
            if name is None:
                r.bad(row_no, "last_name", "a name is required")
        if group is None:
            try:
                group = parse_staff_group(v.get("staff_group"), groups)
            except InvalidValue as exc:
                reason = str(exc)
                if mapping is not None:
                    shown = " / ".join(x for x in mapping.key(v) if x) or "(blank)"
                    reason = (f"'{shown}' is not in the mapping '{mapping.name}' (add it in the import "
                              "wizard's mapping step)")
                r.bad(row_no, "staff_group", reason)
        start = r.date(row_no, v, "start_date", required=True)
        leave = r.date(row_no, v, "leave_date", required=False) if has_leave else None
        if isinstance(start, date) and isinstance(leave, date) and leave < start:
            r.bad(row_no, "leave_date", f"the leave date {_fmt(leave)} is before the start date {_fmt(start)}")
        notes = r.free_text(row_no, v, "notes", "the notes") if has_notes else None
        if None in (number, name, group) or start is False or leave is False:
            continue
        old = existing.get(number)
        values = {"staff_number": number, "name": name, "staff_group": group, "start_date": start.isoformat()}
        if has_leave:
            values["leave_date"] = leave.isoformat() if leave else None
        if has_notes:
            values["notes"] = notes
        if old is None:
            new.append({"leave_date": None, "notes": "", **values})
            continue
        old_values = {"staff_number": old.staff_number, "name": old.name, "staff_group": old.staff_group,
                      "start_date": old.start_date.isoformat(),
                      "leave_date": old.leave_date.isoformat() if old.leave_date else None, "notes": old.notes}
        if all(old_values[c] == x for c, x in values.items()):
            unchanged += 1
        else:
            updated.append(values)  # only the columns the file has: the others are left as they are
    r.raise_if_any()

    def apply(s) -> None:
        sti.import_staff(s, new, updated, file=rows.file)

    summary = _counts(len(new), len(updated), unchanged, "staff")
    if mapping is not None:
        summary.append(f"{plural(left_out, 'row')} left out (not a maternity staff group in the mapping "
                       f"'{mapping.name}')")
    return ImportPlan(
        "staff", rows.file, len(rows) - left_out, apply,
        summary=summary,
        replaces=["people already on the register are updated by staff number; people not in the file "
                  "are left as they are"] + ([] if has_leave and has_notes else
                                             ["columns the file does not have (leave date, notes) are "
                                              "left as they are"]),
    )


# --- attendance --------------------------------------------------------------------------

def plan_attendance(store, rows: MappedRows, *, mapping: ValueMapping | None = None) -> ImportPlan:
    names = {m.staff_number: m.name for m in st.list_staff(store)}
    known = set(names)
    lookup = st.course_lookup(store)
    existing = sti.attendance_keys(store)
    r = _Rows(rows, names)
    seen: dict[tuple[str, str, str], tuple[int, str]] = {}
    new, updated, warnings = [], [], []
    unchanged = left_out = 0
    # Each different text is checked once: a status text -> the status here, a date text ->
    # its ISO date in r.iso_dates. A row whose every value is one already found good takes the
    # first branch; any other row is checked value by value, saying what is wrong.
    statuses: dict[str | None, str] = {}
    for row_no, v in rows:
        r.person(v)
        mapped = mapping.target(v) if mapping is not None else None
        if mapped == LEAVE_OUT:
            left_out += 1
            continue
        number, course_text, raw_date, raw = v.get("staff_number"), v.get("course"), v.get("date"), v.get("status")
        if (number.__class__ is str and (number := number.strip()) and number in known
                and course_text.__class__ is str and (course_text := course_text.strip())
                and (course := mapped or lookup.get(course_text.lower())) is not None
                and raw_date.__class__ is str and (on := r.iso_dates.get(raw_date)) is not None
                and (raw is None or raw.__class__ is str) and (status := statuses.get(raw)) is not None):
            key = (number, course, on)
        else:
            number = r.text(row_no, v, "staff_number", required=True, label="a staff number")
            if number is not None and number not in known:
                r.bad(row_no, "staff_number", f"staff number {number} is not on the staff register "
                                              "(import or add the person first)")
                number = None
            course_text = r.text(row_no, v, "course", required=True, label="a course")
            course = None
            if course_text is not None:
                course = mapped or lookup.get(course_text.lower())
                if course is None:
                    r.bad(row_no, "course", f"'{course_text}' is not a course (use a code such as FM, PROMPT "
                                            "or NLS, or a course name)")
            when = r.date(row_no, v, "date", required=True)
            status = statuses.get(raw) if raw is None or raw.__class__ is str else None
            if status is None:
                try:
                    status = parse_status(raw)
                except InvalidValue as exc:
                    r.bad(row_no, "status", str(exc))
                else:
                    if raw is None or raw.__class__ is str:
                        statuses[raw] = status
            if number is None or course is None or not isinstance(when, date) or status is None:
                continue
            key = (number, course, when.isoformat())
        if key in seen:
            first_row, first_status = seen[key]
            if first_status != status:
                r.bad(row_no, "status", f"{number} on {course} on {_fmt(date.fromisoformat(key[2]))} is "
                                        f"'{status}' here but "
                                        f"'{first_status}' on row {first_row}")
            else:
                warnings.append(rows.problem(row_no, None, f"repeats row {first_row}; counted once"))
            continue
        seen[key] = (row_no, status)
        old = existing.get(key)
        if old is None:
            new.append((*key, status))
        elif old[0] == status:
            unchanged += 1
        else:
            updated.append((status, old[1]))
    r.raise_if_any()

    def apply(s) -> None:
        sti.import_attendance(s, new, updated, file=rows.file)

    summary = _counts(len(new), len(updated), unchanged, "attendance records")
    if mapping is not None:
        summary.append(f"{plural(left_out, 'row')} left out (not a course in the mapping '{mapping.name}')")
    return ImportPlan(
        "attendance", rows.file, len(rows) - left_out, apply, warnings=warnings,
        summary=summary,
        replaces=["a record for the same person, course and date has its status replaced"],
    )


# --- absences ----------------------------------------------------------------------------

def plan_absences(store, rows: MappedRows) -> ImportPlan:
    known = st.staff_numbers(store)
    existing = sti.absence_keys(store)
    has_reason = "reason" in rows.columns
    r = _Rows(rows, {m.staff_number: m.name for m in st.list_staff(store)})
    seen: dict[tuple[str, str], int] = {}
    new, updated = [], []
    unchanged = 0
    for row_no, v in rows:
        r.person(v)
        number = r.text(row_no, v, "staff_number", required=True, label="a staff number")
        if number is not None and number not in known:
            r.bad(row_no, "staff_number", f"staff number {number} is not on the staff register")
            number = None
        start = r.date(row_no, v, "start_date", required=True)
        end = r.date(row_no, v, "end_date", required=True)
        if isinstance(start, date) and isinstance(end, date) and end < start:
            r.bad(row_no, "end_date", f"the end date {_fmt(end)} is before the start date {_fmt(start)}")
            end = False
        reason = r.free_text(row_no, v, "reason", "the reason") if has_reason else None
        if number is None or not isinstance(start, date) or not isinstance(end, date):
            continue
        key = (number, start.isoformat())
        if key in seen:
            r.bad(row_no, "start_date", f"{number}'s absence starting {_fmt(start)} is also on row {seen[key]}")
            continue
        seen[key] = row_no
        old = existing.get(key)
        reason_value = reason if has_reason else (old[1] if old else "")
        if old is None:
            new.append((number, start.isoformat(), end.isoformat(), reason_value))
        elif (old[0], old[1]) == (end.isoformat(), reason_value):
            unchanged += 1
        else:
            updated.append((end.isoformat(), reason_value, old[2]))
    r.raise_if_any()

    def apply(s) -> None:
        sti.import_absences(s, new, updated, file=rows.file)

    return ImportPlan(
        "absences", rows.file, len(rows), apply,
        summary=_counts(len(new), len(updated), unchanged, "absences"),
        replaces=["an absence of the same person starting on the same date has its end date and reason replaced"],
    )


def _known_group(store):
    groups = st.staff_groups(store)

    def known(value: object) -> bool:
        try:
            parse_staff_group(value, groups)
        except InvalidValue:
            return False
        return True

    return known


def _known_course(store):
    lookup = st.course_lookup(store)
    return lambda value: cell_text(value).strip().lower() in lookup


STAFF_MAPPING = MappingSpec("staff", ("staff_group", "job_role", "occupation_code"),
                            "Maternity Desk staff group", "Not a maternity staff group: leave out",
                            suggest_staff_group, _known_group)
ATTENDANCE_MAPPING = MappingSpec("attendance", ("course",), "Maternity Desk course",
                                 "Not one of the unit's courses: leave out", suggest_course, _known_course)

STAFF = Importer("staff", "Staff register", STAFF_COLUMNS, plan_staff,
                 description="The staff register: staff number, name, staff group, start date, leave date. "
                             "Re-importing updates people by staff number. A workforce system's own "
                             "staff groups and job roles are read through a saved mapping.",
                 mapping=STAFF_MAPPING)
ATTENDANCE = Importer("attendance", "Training attendance", ATTENDANCE_COLUMNS, plan_attendance,
                 description="Training attendance: staff number, course (code or name), date, status "
                             "(attended, DNA or cancelled; attended if blank). A learning system's own "
                             "course names are read through a saved mapping.",
                 mapping=ATTENDANCE_MAPPING)
ABSENCES = Importer("absences", "Staff absences", ABSENCE_COLUMNS, plan_absences,
                 description="Long-term absences (maternity leave, sickness...): staff number, start date, "
                             "end date, reason. People are not counted while absent.")
