"""Reading the CSV and XLSX files people save from Excel, ESR and LMS reports.

- CSV as UTF-8 (with or without BOM) or Windows-1252; delimiter sniffed (comma, semicolon, tab).
- XLSX through openpyxl (read-only, values not formulas); date cells arrive as dates.
- A file that is not what its extension says, or is empty, is refused with a :class:`Problem`.
- Column names matched case-insensitively, ignoring spaces, underscores and hyphens, with
  aliases per column; the user can override the mapping (the GUI's import wizard does).

Row numbers are as the user sees them in Excel: the header is row 1, the first data row 2.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from maternity_desk.core.errors import InvalidValue, Problem, ValidationFailed
from maternity_desk.store.db import is_live_database_file

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls


def norm_header(text: object) -> str:
    return re.sub(r"[\s_\-./]+", "", str(text or "")).lower()


@dataclass
class Table:
    """A file's first sheet as text headers and raw cell values."""

    file: str
    headers: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number as in Excel, cells)

    def __len__(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class Column:
    """One column an importer understands."""

    name: str
    required: bool = True
    aliases: tuple[str, ...] = ()
    help: str = ""

    def matches(self, header: str) -> bool:
        h = norm_header(header)
        return h == norm_header(self.name) or any(h == norm_header(a) for a in self.aliases)


@dataclass
class MappedRows:
    """Rows keyed by :attr:`Column.name`, each with its Excel row number."""

    file: str
    columns: dict[str, str]  # column name -> header in the file
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)

    def __iter__(self) -> Iterator[tuple[int, dict[str, Any]]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def header(self, name: str) -> str:
        """The header as the file spells it (for messages)."""
        return self.columns.get(name, name)

    def problem(self, row: int | None, name: str | None, reason: str) -> Problem:
        return Problem(self.file, row, self.header(name) if name else None, reason)


def _refuse(file: str, reason: str) -> ValidationFailed:
    return ValidationFailed([Problem(file, None, None, reason)])


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_table(path: Path | str, *, sheet: str | None = None) -> Table:
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise _refuse(name, "the file does not exist")
    if is_live_database_file(path):  # reading it here would drop the open database's locks
        raise _refuse(name, "this is the unit's open database, not a file to import")
    data = path.read_bytes()
    if not data.strip():
        raise _refuse(name, "the file is empty")
    ext = path.suffix.lower()
    if ext in (".xlsx", ".xlsm"):
        if not data.startswith(ZIP_MAGIC):
            raise _refuse(name, "the file is not an Excel workbook (.xlsx) even though its name says so")
        table = _read_xlsx(path, data, sheet)
    elif ext == ".xls":
        raise _refuse(name, "old-style .xls workbooks cannot be read: save it as .xlsx or .csv in Excel")
    elif ext in (".csv", ".txt", ".tsv"):
        if data.startswith((ZIP_MAGIC, OLE_MAGIC)) or b"\x00" in data[:4096]:
            raise _refuse(name, "the file is not a CSV text file even though its name says so (is it a workbook?)")
        table = _read_csv(name, data)
    else:
        raise _refuse(name, f"files ending {ext or '(nothing)'} cannot be imported: use .csv or .xlsx")
    if not table.headers or all(_is_blank(h) for h in table.headers):
        raise _refuse(name, "the file has no header row")
    if not table.rows:
        raise _refuse(name, "the file has a header row but no data rows")
    return table


def decode_text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_csv(name: str, data: bytes) -> Table:
    text = decode_text(data)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] = []
    rows: list[tuple[int, list[Any]]] = []
    try:
        for i, cells in enumerate(reader, start=1):
            if i == 1:
                headers = [c.strip() for c in cells]
                continue
            if all(_is_blank(c) for c in cells):
                continue
            rows.append((i, cells))
    except csv.Error as exc:
        raise _refuse(name, f"the CSV cannot be read: {exc}") from exc
    return Table(name, headers, rows)


def _read_xlsx(path: Path, data: bytes, sheet: str | None) -> Table:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _refuse(path.name, f"the workbook cannot be read ({exc})") from exc
    try:
        if sheet is not None:
            if sheet not in wb.sheetnames:
                raise _refuse(path.name, f"the workbook has no sheet named '{sheet}'")
            ws = wb[sheet]
        else:
            ws = wb.worksheets[0]
        headers: list[str] = []
        rows: list[tuple[int, list[Any]]] = []
        for i, cells in enumerate(ws.iter_rows(values_only=True), start=1):
            if i == 1:
                headers = ["" if c is None else str(c).strip() for c in cells]
                continue
            if all(_is_blank(c) for c in cells):
                continue
            rows.append((i, list(cells)))
    finally:
        wb.close()
    while headers and not headers[-1]:
        headers.pop()
    return Table(path.name, headers, rows)


def map_columns(
    table: Table, columns: Sequence[Column], overrides: dict[str, str] | None = None
) -> MappedRows:
    """Match the file's headers to ``columns``; refuse the file if a required one is missing."""
    overrides = overrides or {}
    mapping: dict[str, int] = {}
    problems: list[Problem] = []
    for col in columns:
        if col.name in overrides and overrides[col.name]:
            want = overrides[col.name]
            idx = next((i for i, h in enumerate(table.headers) if h == want), None)
        else:
            idx = next((i for i, h in enumerate(table.headers) if col.matches(h)), None)
        if idx is None:
            if col.required:
                alias = f" (or {', '.join(col.aliases[:3])})" if col.aliases else ""
                problems.append(Problem(table.file, 1, col.name, f"required column '{col.name}'{alias} is missing"))
            continue
        mapping[col.name] = idx
    if problems:
        raise ValidationFailed(problems)
    out = MappedRows(table.file, {n: table.headers[i] for n, i in mapping.items()})
    for row_no, cells in table.rows:
        values = {}
        for name, idx in mapping.items():
            v = cells[idx] if idx < len(cells) else None
            if isinstance(v, str):
                v = v.strip()
                if v == "":
                    v = None
            values[name] = v
        out.rows.append((row_no, values))
    return out


def cell_text(value: Any) -> str:
    """A cell as display text (ints stay ints, dates as ISO)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    return str(value)


def parse_count(value: Any) -> int:
    """A whole number >= 0 from text or a numeric cell (``1,234`` accepted)."""

    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidValue("a number is required")
    if isinstance(value, bool):
        raise InvalidValue(f"'{value}' is not a whole number")
    if isinstance(value, int):
        n = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise InvalidValue(f"'{value}' is not a whole number")
        n = int(value)
    else:
        text = str(value).strip().replace(",", "")
        if not re.fullmatch(r"-?\d+(\.0+)?", text):
            raise InvalidValue(f"'{value}' is not a whole number")
        n = int(float(text))
    if n < 0:
        raise InvalidValue(f"'{value}' is negative")
    return n
