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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from maternity_desk.core.errors import InvalidValue, Problem, ValidationFailed
from maternity_desk.exchange import limits
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

    @property
    def label(self) -> str:
        """The column's name in plain words, as the wizard shows it: "Staff number"."""
        return self.name.replace("_", " ").capitalize()

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

    def problem(self, row: int | None, name: str | None, reason: str, who: str | None = None) -> Problem:
        return Problem(self.file, row, self.header(name) if name else None, reason, who)


def _refuse(file: str, reason: str) -> ValidationFailed:
    return ValidationFailed([Problem(file, None, None, reason)])


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_table(path: Path | str, *, sheet: str | None = None) -> Table:
    path = Path(path)
    name = path.name
    if path.is_dir():
        raise _refuse(name, "this is a folder, not a file")
    if not path.is_file():
        raise _refuse(name, "the file does not exist")
    if is_live_database_file(path):  # reading it here would drop the open database's locks
        raise _refuse(name, "this is the unit's open database, not a file to import")
    ext = path.suffix.lower()
    size = path.stat().st_size
    if ext in (".csv", ".txt", ".tsv"):
        limits.check_text_size(name, size)
    try:
        with open(path, "rb") as f:  # an import file, never the database
            head = f.read(4096)
        if not head.strip() and size <= len(head):
            raise _refuse(name, "the file is empty")
        if ext in (".xlsx", ".xlsm"):
            if not head.startswith(ZIP_MAGIC):
                raise _refuse(name, "the file is not an Excel workbook (.xlsx) even though its name says so")
            table = _read_xlsx(path, path.read_bytes(), sheet)
        elif ext == ".xls":
            raise _refuse(name, "old-style .xls workbooks cannot be read: save it as .xlsx or .csv in Excel")
        elif ext in (".csv", ".txt", ".tsv"):
            if head.startswith((ZIP_MAGIC, OLE_MAGIC)) or (b"\x00" in head and not head.startswith(_BOMS)):
                raise _refuse(name, "the file is not a CSV text file even though its name says so (is it a workbook?)")
            table = _read_csv(name, path.read_bytes())  # the bytes are dropped once decoded
        else:
            raise _refuse(name, f"files ending {ext or '(nothing)'} cannot be imported: use .csv or .xlsx")
    except OSError as exc:
        raise _refuse(name, f"the file cannot be read ({exc.strerror or exc})") from exc
    if not table.headers or all(_is_blank(h) for h in table.headers):
        raise _refuse(name, "the file has no header row")
    if not table.rows:
        raise _refuse(name, "the file has a header row but no data rows")
    return table


# Byte-order marks, longest first (UTF-32 LE begins with UTF-16 LE's): Excel's "Unicode text"
# is UTF-16 with a mark; "CSV UTF-8" has one too.
_BOM_CODECS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
)
_BOMS = tuple(b for b, _codec in _BOM_CODECS)


def decode_text(data: bytes, name: str = "the file") -> str:
    """The text of a file: by its byte-order mark (UTF-8, UTF-16, UTF-32), else UTF-8, else
    Windows-1252. Nothing is replaced silently: a byte Windows-1252 does not define (0x81,
    0x8D, 0x8F, 0x90, 0x9D) refuses the file naming its row and column."""
    for bom, codec in _BOM_CODECS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise _undecodable(name, data, exc, codec) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise _undecodable(name, data, exc, "cp1252") from None


def _undecodable(name: str, data: bytes, exc: UnicodeDecodeError, codec: str) -> ValidationFailed:
    line_start = data.rfind(b"\n", 0, exc.start) + 1
    row = data.count(b"\n", 0, exc.start) + 1
    column = None
    if codec == "cp1252":
        first = data[:data.find(b"\n") if b"\n" in data else len(data)].decode("cp1252", "replace")
        delimiter = max(",;\t", key=first.count)
        headers = next(csv.reader([first], delimiter=delimiter), [])
        before = data[line_start:exc.start].decode("cp1252", "replace")
        index = len(next(csv.reader([before], delimiter=delimiter), [""])) - 1
        column = headers[index].strip() if 0 <= index < len(headers) else None
    byte = data[exc.start:exc.start + 1].hex().upper()
    label = {"cp1252": "UTF-8 or Windows-1252"}.get(codec, codec.upper())
    return ValidationFailed([Problem(name, row, column, (
        f"byte 0x{byte} is not a character in {label}, so the text cannot be read without changing it; "
        "save the file from Excel as 'CSV UTF-8' and import that"))])


def _read_csv(name: str, data: bytes) -> Table:
    text = decode_text(data, name)
    del data
    if not text.strip():
        raise _refuse(name, "the file is empty")
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    csv.field_size_limit(limits.MAX_CELL_CHARS + 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] = []
    rows: list[tuple[int, list[Any]]] = []
    try:
        for i, cells in enumerate(reader, start=1):
            if i == 1:
                headers = [c.strip() for c in cells]
                continue
            if not "".join(cells).strip():  # every cell blank (the reader's cells are texts)
                continue
            rows.append((i, cells))
            if len(rows) > limits.MAX_ROWS:
                limits.check_rows(name, len(rows))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise _refuse(name, f"a cell on line {reader.line_num + 1} is longer than "
                                f"{limits.MAX_CELL_CHARS:,} characters, the most a cell holds") from exc
        raise _refuse(name, f"the CSV cannot be read: {exc}") from exc
    return Table(name, headers, rows)


def _read_xlsx(path: Path, data: bytes, sheet: str | None) -> Table:
    from openpyxl import load_workbook

    name = path.name
    limits.check_zip(name, io.BytesIO(data))
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook; all refuse it
        raise _refuse(name, f"the workbook cannot be read ({_why(exc)})") from exc
    try:
        if sheet is not None:
            if sheet not in wb.sheetnames:
                raise _refuse(name, f"the workbook has no sheet named '{sheet}'")
            ws = wb[sheet]
        else:
            ws = wb.worksheets[0]
        # Every row the sheet holds, whatever its <dimension> claims (a file whose dimension
        # understates its size was read partially and reported as a success).
        ws.reset_dimensions()
        headers: list[str] = []
        rows: list[tuple[int, list[Any]]] = []
        for i, cells in enumerate(ws.iter_rows(values_only=True), start=1):
            if i == 1:
                headers = ["" if c is None else str(c).strip() for c in cells]
                continue
            if all(_is_blank(c) for c in cells):
                continue
            rows.append((i, list(cells)))
            limits.check_rows(name, len(rows))
    except ValidationFailed:
        raise
    except Exception as exc:  # malformed XML, a shared-string index out of range...
        raise _refuse(name, f"the workbook cannot be read ({_why(exc)})") from exc
    finally:
        wb.close()
    while headers and not headers[-1]:
        headers.pop()
    return Table(name, headers, rows)


def _why(exc: Exception) -> str:
    """What is wrong with a workbook openpyxl could not read, in words."""
    text = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    if isinstance(exc, (IndexError, KeyError)):
        return "a cell refers to text the workbook does not hold: its shared-strings part is damaged"
    if "ParseError" in type(exc).__name__ or "XMLSyntax" in type(exc).__name__:
        return f"its XML is damaged: {text}"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


_CLEAN_LIMIT = 200_000  # texts remembered as clean while mapping one file (bounds its memory)


def map_columns(
    table: Table, columns: Sequence[Column], overrides: dict[str, str] | None = None
) -> MappedRows:
    """Match the file's headers to ``columns``; refuse the file if a required one is missing."""
    overrides = overrides or {}
    mapping: dict[str, int] = {}
    problems: list[Problem] = []
    first_seen: dict[str, int] = {}
    for i, h in enumerate(table.headers):
        key = norm_header(h)
        if not key:
            continue
        if key in first_seen:
            problems.append(Problem(table.file, 1, h, f"the header '{h}' appears twice (columns "
                                    f"{_letter(first_seen[key])} and {_letter(i)}): which one to read "
                                    "cannot be guessed; rename or remove one"))
        else:
            first_seen[key] = i
    if problems:
        raise ValidationFailed(problems)
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
    pairs = list(mapping.items())
    clean: dict[str, str] = {}  # a text already found clean -> the text stripped (a file repeats its texts)
    for row_no, cells in table.rows:
        values = {}
        size = len(cells)
        for name, idx in pairs:
            v = cells[idx] if idx < size else None
            if isinstance(v, str):
                found = clean.get(v)
                if found is not None:
                    values[name] = found
                    continue
                raw = v
                v = v.strip()
                if v == "":
                    v = None
                else:
                    why = text_problem(v)
                    if why:
                        problems.append(out.problem(row_no, name, why))
                        v = None
                    else:
                        if len(clean) >= _CLEAN_LIMIT:
                            clean.clear()
                        clean[raw] = v
            elif isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
                problems.append(out.problem(row_no, name, f"'{v}' is not a number a spreadsheet can hold"))
                v = None
            values[name] = v
        out.rows.append((row_no, values))
    if problems:
        raise ValidationFailed(problems)
    return out


EXCEL_ERRORS = frozenset({"#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#SPILL!",
                          "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!",
                          "#UNKNOWN!", "#N/A!"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def text_problem(text: str) -> str | None:
    """Why a text cell cannot be taken as a value, or None: an Excel error (``#REF!``), a
    control character (BEL, ESC...: invisible, and they break the workbooks exported later),
    or more than a cell can hold."""
    if text.upper() in EXCEL_ERRORS:
        return f"'{text}' is an Excel error, not a value: correct the formula in the file, or type the value"
    m = _CONTROL.search(text)
    if m:
        return (f"the text holds an invisible control character (code {ord(m.group()):#04x}) at position "
                f"{m.start() + 1}; remove it and save the file again")
    if len(text) > limits.MAX_CELL_CHARS:
        return f"the cell holds {len(text):,} characters; the most a cell holds is {limits.MAX_CELL_CHARS:,}"
    return None


def _letter(index: int) -> str:
    """The spreadsheet column letter of a 0-based index (0 -> A, 27 -> AB)."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
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


MAX_COUNT = 1_000_000_000  # far above any count a unit records; below what SQLite's integers hold
_WHOLE = re.compile(r"-?[0-9]+(\.0+)?", re.ASCII)  # ASCII digits only: not ², not fullwidth ones


def parse_count(value: Any) -> int:
    """A whole number >= 0 from text or a numeric cell (``1,234`` accepted), at most
    :data:`MAX_COUNT`."""

    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidValue("a number is required")
    if isinstance(value, bool):
        raise InvalidValue(f"'{value}' is not a whole number")
    if isinstance(value, int):
        n = value
    elif isinstance(value, float):
        if not value.is_integer():  # also NaN and infinities
            raise InvalidValue(f"'{value}' is not a whole number")
        if abs(value) > MAX_COUNT:
            raise InvalidValue(f"'{value:.0f}' is larger than {MAX_COUNT:,}, the largest count accepted")
        n = int(value)
    else:
        text = str(value).strip().replace(",", "")
        shown = text if len(text) <= 30 else text[:27] + "..."
        if not _WHOLE.fullmatch(text):
            raise InvalidValue(f"'{shown}' is not a whole number")
        digits = text.split(".")[0].lstrip("-")
        if len(digits.lstrip("0")) > len(str(MAX_COUNT)):
            raise InvalidValue(f"'{shown}' is larger than {MAX_COUNT:,}, the largest count accepted")
        n = int(text.split(".")[0])
    if n < 0:
        raise InvalidValue(f"'{value}' is negative")
    if n > MAX_COUNT:
        raise InvalidValue(f"'{n}' is larger than {MAX_COUNT:,}, the largest count accepted")
    return n
