"""Importing the national published maternity files (kind ``national``).

The file's kind is recognised from its header (see :func:`maternity_desk.core.national.recognise`),
so the importer is registered ``raw``: the plan receives the file itself. Files are read as a
stream (the csv module; openpyxl in read-only mode), never held whole in memory: a monthly
Data file has hundreds of thousands of rows, and only the mapped breakdowns are kept, already
added up per organisation into indicator figures.

Every row is checked before anything is written: a value that is neither a count nor a
published code (``*``, ``DNS``, ``Low DQ``) refuses the whole file, naming file, row and
column; a category the mapping does not know is a warning and is left out.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from maternity_desk.core import national as nat
from maternity_desk.core.errors import InvalidValue, Problem, ValidationFailed
from maternity_desk.core.words import plural
from maternity_desk.exchange import limits
from maternity_desk.exchange.atomic import save_workbook
from maternity_desk.exchange.importer import Importer, ImportPlan
from maternity_desk.exchange.tabular import OLE_MAGIC, ZIP_MAGIC, Table
from maternity_desk.store import national as stored
from maternity_desk.store.db import is_live_database_file

KIND = "national"
MAX_PROBLEMS = 200  # every problem is counted; the first ones are listed


def _refuse(name: str, reason: str, row: int | None = None) -> ValidationFailed:
    return ValidationFailed([Problem(name, row, None, reason)])


def _blank(cells) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes as UTF-8, else Windows-1252;
    checked in chunks so a large file is never read whole."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as f:
        head = f.read(3)
        f.seek(0)
        try:
            while chunk := f.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig" if head == b"\xef\xbb\xbf" else "utf-8"


class _Rows:
    """The data rows of a published file, read afresh on every pass: ``(row number as in
    Excel, cells)``; blank rows skipped."""

    def __init__(self, path: Path, xlsx: bool, encoding: str = "utf-8", delimiter: str = ",",
                 sheet: str | None = None):
        self.path, self.xlsx, self.encoding, self.delimiter, self.sheet = path, xlsx, encoding, delimiter, sheet
        self._len: int | None = None

    def __iter__(self) -> Iterator[tuple[int, list[Any]]]:
        if self.xlsx:
            yield from self._xlsx()
            return
        with open(self.path, encoding=self.encoding, newline="") as f:
            reader = csv.reader(f, delimiter=self.delimiter)
            try:
                next(reader, None)
                for n, (i, cells) in enumerate(enumerate(reader, start=2), start=1):
                    limits.check_rows(self.path.name, n, limits.MAX_NATIONAL_ROWS)
                    if not _blank(cells):
                        yield i, cells
            except csv.Error as exc:
                raise _refuse(self.path.name, f"the CSV cannot be read: {exc}", reader.line_num) from exc
            except UnicodeDecodeError as exc:
                raise _refuse(self.path.name, f"the file cannot be read as {self.encoding} text ({exc.reason})",
                              reader.line_num + 1) from exc

    def _xlsx(self) -> Iterator[tuple[int, list[Any]]]:
        from openpyxl import load_workbook

        name = self.path.name
        try:
            wb = load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken workbook; all refuse it
            raise _refuse(name, f"the workbook cannot be read ({type(exc).__name__})") from exc
        try:
            ws = wb[self.sheet] if self.sheet else wb.worksheets[0]
            ws.reset_dimensions()  # every row the sheet holds, whatever its <dimension> says
            rows = ws.iter_rows(values_only=True)
            i = 0
            while True:
                try:
                    cells = next(rows)
                except StopIteration:
                    break
                except Exception as exc:  # malformed XML, a bad shared-string index...
                    raise _refuse(name, f"the workbook cannot be read ({type(exc).__name__}: "
                                        f"{str(exc)[:200]})", i + 1) from exc
                i += 1
                limits.check_rows(name, i - 1, limits.MAX_NATIONAL_ROWS)
                if i == 1 or _blank(cells):
                    continue
                yield i, list(cells)
        finally:
            wb.close()

    def __len__(self) -> int:
        if self._len is None:
            self._len = sum(1 for _ in self)
        return self._len

    def __getitem__(self, index):
        """Slices for a preview (``rows[:30]``); reads only as far as needed."""
        if isinstance(index, slice):
            stop = index.stop if index.stop is not None else len(self)
            out = []
            for n, row in enumerate(self):
                if n >= stop:
                    break
                out.append(row)
            return out[index.start or 0:stop:index.step]
        for n, row in enumerate(self):
            if n == index:
                return row
        raise IndexError(index)


def read_published(path: Path | str) -> Table:
    """The header and a streaming view of the rows of a published CSV or XLSX file; refuses a
    missing, empty, mis-named or unreadable file."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise _refuse(name, "the file does not exist")
    if path.stat().st_size == 0:
        raise _refuse(name, "the file is empty")
    if is_live_database_file(path):  # reading it here would drop the open database's locks
        raise _refuse(name, "this is the unit's open database, not a file to import")
    with open(path, "rb") as f:
        head = f.read(4096)
    ext = path.suffix.lower()
    if ext in (".xlsx", ".xlsm"):
        if not head.startswith(ZIP_MAGIC):
            raise _refuse(name, "the file is not an Excel workbook (.xlsx) even though its name says so")
        return _read_xlsx_header(path)
    if ext == ".xls":
        raise _refuse(name, "old-style .xls workbooks cannot be read: save it as .xlsx or .csv in Excel")
    if ext not in (".csv", ".txt"):
        raise _refuse(name, f"files ending {ext or '(nothing)'} cannot be imported: use .csv or .xlsx")
    if head.startswith((ZIP_MAGIC, OLE_MAGIC)) or b"\x00" in head:
        raise _refuse(name, "the file is not a CSV text file even though its name says so (is it a workbook?)")
    if not head.strip():
        raise _refuse(name, "the file is empty")
    encoding = _encoding(path)
    with open(path, encoding=encoding, newline="") as f:
        first = f.readline()
    delimiter = max(",;\t", key=first.count) if first else ","
    headers = next(csv.reader([first], delimiter=delimiter), [])
    rows = _Rows(path, False, encoding, delimiter)
    return _checked(Table(name, [h.strip() for h in headers], rows))  # type: ignore[arg-type]


def _read_xlsx_header(path: Path) -> Table:
    from openpyxl import load_workbook

    limits.check_zip(path.name, path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook; all refuse it
        raise _refuse(path.name, f"the workbook cannot be read ({type(exc).__name__}: {str(exc)[:200]})") from exc
    try:
        chosen, headers = None, []
        for ws in wb.worksheets:  # the first sheet whose header is a published layout
            first = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
            cells = ["" if c is None else str(c).strip() for c in first]
            while cells and not cells[-1]:
                cells.pop()
            if chosen is None:
                chosen, headers = ws.title, cells
            try:
                nat.recognise(cells)
            except InvalidValue:
                continue
            chosen, headers = ws.title, cells
            break
    except Exception as exc:  # malformed XML, a bad shared-string index...
        raise _refuse(path.name, f"the workbook cannot be read ({type(exc).__name__}: {str(exc)[:200]})") from exc
    finally:
        wb.close()
    return _checked(Table(path.name, headers, _Rows(path, True, sheet=chosen)))  # type: ignore[arg-type]


def _checked(table: Table) -> Table:
    if not table.headers or all(not h for h in table.headers):
        raise _refuse(table.file, "the file has no header row")
    return table


class _Collector:
    """Problems (all counted, the first :data:`MAX_PROBLEMS` kept) and warnings (one per
    reason, with the first row and how many rows)."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.count = 0
        self._warnings: dict[str, list] = {}

    def problem(self, row: int | None, column: str | None, reason: str) -> None:
        self.count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(self.file, row, column, reason))

    def warn(self, row: int | None, column: str | None, reason: str) -> None:
        w = self._warnings.get(reason)
        if w is None:
            self._warnings[reason] = [row, column, 1]
        else:
            w[2] += 1

    def warnings(self) -> list[Problem]:
        out = []
        for reason, (row, column, n) in self._warnings.items():
            more = f" ({n} rows like this)" if n > 1 else ""
            out.append(Problem(self.file, row, column, reason + more))
        return out

    def raise_if_any(self) -> None:
        if self.count:
            problems = list(self.problems)
            if self.count > len(problems):
                problems.append(Problem(self.file, None, None,
                                        f"... {plural(self.count - len(problems), 'more problem')} not listed"))
            raise ValidationFailed(problems)


def _cell(cells: list, idx: int | None) -> Any:
    if idx is None or idx >= len(cells):
        return None
    v = cells[idx]
    if isinstance(v, str):
        v = v.strip()
        return v or None
    return v


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _is_provisional(file: str, layout: nat.Layout, table: Table) -> bool:
    if "provisional" in file.lower():
        return True
    idx = layout.columns.get("status")
    if idx is None:
        return False
    for _row, cells in table.rows:
        return "provisional" in _text(_cell(cells, idx)).lower()
    return False


class _Memo:
    """Remembers what a parser made of a cell (or the reason it refused it): a published
    file repeats the same few levels, periods and counts on every row."""

    def __init__(self, fn, limit: int = 100_000):
        self.fn, self.limit, self.seen = fn, limit, {}

    def __call__(self, *key):
        hit = self.seen.get(key)
        if hit is None:
            try:
                hit = (True, self.fn(*key))
            except InvalidValue as exc:
                hit = (False, str(exc))
            if len(self.seen) < self.limit:
                self.seen[key] = hit
        return hit


def _plan_breakdown(table: Table, layout: nat.Layout, mapping: nat.Mapping, out: _Collector):
    c = layout.columns
    totals = nat.BreakdownTotals(mapping)
    rows = 0
    h = layout.header
    period_col = h("start") if "start" in c else h("period")
    width = max(c.values()) + 1
    i_level, i_code, i_dim, i_measure, i_value = (c["org_level"], c["org_code"], c["dimension"], c["measure"],
                                                  c["value"])
    i_name = c.get("org_name")
    i_period, i_start, i_end = c.get("period"), c.get("start"), c.get("end")
    levels: dict = {}
    period_of = _Memo(nat.breakdown_period)
    value_of = _Memo(lambda v: nat.parse_published(v, whole=True))
    for row_no, cells in table.rows:
        rows += 1
        if len(cells) < width:
            cells = list(cells) + [None] * (width - len(cells))
        raw_level = cells[i_level]
        level = levels.get(raw_level)
        if level is None:
            level = levels[raw_level] = nat.canonical_level(_text(raw_level))
        code = nat.canonical_org_code(level, cells[i_code])
        dimension = _text(cells[i_dim])
        bad = False
        if not level:
            out.problem(row_no, h("org_level"), "the organisation level is empty")
            bad = True
        if not code:
            out.problem(row_no, h("org_code"), "the organisation code is empty")
            bad = True
        if not dimension:
            out.problem(row_no, h("dimension"), "the dimension is empty")
            bad = True
        ok, got = period_of(_cell(cells, i_period), _cell(cells, i_start), _cell(cells, i_end))
        if not ok:
            out.problem(row_no, period_col, got)
            bad = True
        else:
            source, period = got
        ok, parsed = value_of(_cell(cells, i_value))
        if not ok:
            out.problem(row_no, h("value"), parsed)
            bad = True
        if bad or out.count:
            continue  # after the first problem, only checking goes on
        status, count = parsed
        try:
            warning = totals.add(source, period, level, code, _text(cells[i_name]) if i_name is not None else "",
                                 dimension, _text(cells[i_measure]), status, count)
        except InvalidValue as exc:
            out.problem(row_no, h("measure"), str(exc))
            continue
        if warning:
            out.warn(row_no, h("measure"), warning)
    return totals, rows


def _plan_measures(table: Table, layout: nat.Layout, mapping: nat.Mapping, out: _Collector):
    c = layout.columns
    h = layout.header
    totals = nat.MeasureTotals(mapping)
    rows = dq_rows = other_rows = 0
    for row_no, cells in table.rows:
        rows += 1
        family = nat.norm(_cell(cells, c["family"]))
        cqim = _text(_cell(cells, c["indicator"]))
        currency = _text(_cell(cells, c["currency"]))
        raw = _cell(cells, c["value"])
        try:
            kind, _scale = nat.currency_kind(currency)
        except InvalidValue:
            kind = None
        try:
            if kind == nat.CURRENCY_RESULT:
                status, result = nat.parse_result(raw)
                value: Any = result
            else:
                whole = kind in (nat.CURRENCY_NUMERATOR, nat.CURRENCY_DENOMINATOR)
                status, value = nat.parse_published(raw, whole=whole)
        except InvalidValue as exc:
            out.problem(row_no, h("value"), str(exc))
            continue
        if family != nat.CQIM_RATE_FAMILY:
            if family == nat.CQIM_DQ_FAMILY:
                dq_rows += 1
            else:
                other_rows += 1
            continue
        level = nat.canonical_level(_cell(cells, c.get("org_level")) or "")
        code = nat.canonical_org_code(level, _cell(cells, c["org_code"]))
        if not level or not code:
            out.problem(row_no, h("org_level") if not level else h("org_code"),
                        "the organisation level is empty" if not level else "the organisation code is empty")
            continue
        try:
            period, w1, w2 = nat.measures_period(cqim, _cell(cells, c.get("start")), _cell(cells, c.get("end")))
        except InvalidValue as exc:
            out.problem(row_no, h("start") if "start" in c else h("end"), str(exc))
            continue
        indicator = mapping.cqim(cqim)
        if indicator is None:
            out.warn(row_no, h("indicator"), f"{cqim or '(empty)'} is not in the national mapping; left out")
            continue
        if kind is None:
            out.warn(row_no, h("currency"), f"currency '{currency}' is not Numerator, Denominator, Rate or Result; left out")
            continue
        if out.count:
            continue
        try:
            totals.add(period, (w1, w2), level, code, _text(_cell(cells, c.get("org_name"))), indicator,
                       currency, status, value)
        except InvalidValue as exc:
            out.problem(row_no, h("currency"), str(exc))
    return totals, rows, dq_rows, other_rows


def plan(store, table: Table, **_extra) -> ImportPlan:
    file = table.file
    try:
        layout = nat.recognise(table.headers)
    except InvalidValue as exc:
        raise ValidationFailed([Problem(file, 1, None, str(exc))]) from None
    mapping = stored.load_mapping(store)
    out = _Collector(file)
    provisional = _is_provisional(file, layout, table)
    summary: list[str] = []
    if layout.kind == nat.MEASURES:
        totals, rows, dq_rows, other_rows = _plan_measures(table, layout, mapping, out)
        kind_label = nat.SOURCE_LABELS[nat.MEASURES]
    else:
        totals, rows = _plan_breakdown(table, layout, mapping, out)
        dq_rows = other_rows = 0
        kind_label = None
    out.raise_if_any()
    if rows == 0:
        raise _refuse(file, "the file has a header row but no data rows")
    values = totals.values(provisional=provisional)
    catalogue = stored.catalogue_codes(store)
    if catalogue:
        missing = sorted({v.indicator for v in values} - catalogue)
        for code in missing:
            out.warn(None, None, f"indicator '{code}' of the national mapping is not in the dashboard "
                     "catalogue; its figures are left out")
        values = [v for v in values if v.indicator in catalogue]
    sources = sorted({v.source for v in values})
    if kind_label is None:
        kind_label = " and ".join(nat.SOURCE_LABELS[s] for s in sources) or "Published breakdowns"
    changes = stored.plan_changes(store, values, file)
    orgs = len({(v.org_level, v.org_code) for v in values})
    summary.append(f"{kind_label}{' (provisional)' if provisional else ''}: {plural(rows, 'row')} read")
    summary.append(f"{plural(len(values), 'indicator figure')} for {plural(orgs, 'organisation')}, "
                   f"{plural(len({v.indicator for v in values}), 'indicator')}")
    suppressed = sum(1 for v in values if v.status != nat.OK)
    if suppressed:
        summary.append(f"{plural(suppressed, 'figure')} published without numbers (*, DNS or Low DQ), stored as unknown")
    ods = store.unit_settings().ods_code.upper()
    if ods:
        own = sum(1 for v in values if v.org_level == nat.LEVEL_PROVIDER and v.org_code.upper() == ods)
        summary.append(f"This unit's published figures (ODS code {ods}): {own:,}" if own else
                       f"No published figures for this unit's ODS code {ods} in this file")
    if dq_rows or other_rows:
        summary.append(f"{plural(dq_rows + other_rows, 'row')} that are not CQIM rates (data-quality gates and "
                       "other measures) are not stored")
    if isinstance(totals, nat.BreakdownTotals) and totals.unmapped_dimensions:
        summary.append(f"{plural(len(totals.unmapped_dimensions), 'breakdown')} not used for any indicator "
                       f"(e.g. {', '.join(sorted(totals.unmapped_dimensions)[:3])})")
    for ch in changes:
        label = f"{ch.period} ({nat.SOURCE_LABELS[ch.source]})"
        summary.append(f"{label}: {ch.action}, {plural(ch.rows, 'figure')}")
    replaces = [f"{ch.period} ({ch.source}): {plural(ch.before, 'stored figure')}"
                for ch in changes if ch.action in ("replaces provisional", "updates")]
    warnings = out.warnings()
    for ch in changes:
        if ch.action == "kept final":
            warnings.append(Problem(file, None, None, f"{ch.period} already holds final figures; this "
                                    "provisional file leaves them as they are"))

    def apply(s) -> None:
        stored.write_values(s, values, file)

    return ImportPlan(KIND, file, rows, apply, summary, warnings, replaces)


IMPORTER = Importer(
    kind=KIND,
    title="National published maternity statistics",
    columns=(),
    plan=plan,
    description=(
        "The NHS Maternity Statistics annual MSDS CSV, or a Maternity Services Monthly Statistics "
        "Data or Measures file (CSV or XLSX), as downloaded: the kind is recognised from the header. "
        "A final month replaces its provisional figures; importing the same file again changes nothing."
    ),
    read=read_published,
    raw=True,
)


# --- the benchmark table to Excel ------------------------------------------------------------

BENCHMARK_HEADERS = ("Rank", "Organisation level", "Code", "Organisation", "Numerator", "Denominator",
                     "Value", "Status", "Funnel position", "Figures")


def benchmark_table_rows(bench, funnel: dict[str, str] | None = None) -> list[list]:
    """The benchmark as table rows (the page's table and the workbook show the same)."""
    funnel = funnel or {}
    out = []
    for r in bench.rows:
        figures = "rounded (published)" if r.rounded else "exact (own data)"
        if r.provisional:
            figures += ", provisional"
        out.append([r.rank, r.org_level, r.org_code, r.org_name + (" (this unit)" if r.is_unit else ""),
                    r.numerator, r.denominator, None if r.value is None else round(r.value, 2),
                    nat.status_text(r),
                    nat.POSITION_LABELS.get(funnel.get(r.org_code, ""), "") if r.org_level == nat.LEVEL_PROVIDER else "",
                    figures])
    return out


def export_benchmark(bench, path: Path | str, *, method: str = "normal", unit_name: str = "") -> Path:
    """The benchmark for one indicator and period as a workbook: a note on what the figures
    are, then the table (England, region, the unit, every trust ranked)."""
    from maternity_desk.exchange.xlsx import (
        FMT_INT,
        FMT_RATE,
        fit_columns,
        new_workbook,
        print_setup,
        put,
        write_table,
    )

    path = Path(path)
    ind = bench.indicator
    _centre, points = nat.funnel_points(bench.rows, ind.scale, method=method)
    funnel = {p.org_code: p.position for p in points}
    wb = new_workbook(f"National benchmark: {ind.name}", f"{ind.name}, {bench.period}")
    ws = wb.active
    ws.title = "Benchmark"
    put(ws, 1, 1, f"{ind.name} ({ind.scale_label}), {bench.period}")
    source = nat.SOURCE_LABELS.get(bench.source or "", "no published file")
    put(ws, 2, 1, f"Source: {source}. Published counts are disclosure-rounded (1 to 7 shown as 5, "
                  "others to the nearest 5); values are computed from the rounded counts.")
    put(ws, 3, 1, f"Funnel position: {nat.FUNNEL_METHODS.get(method, method)} limits (95% and 99.8%) "
                  "around England's figure.")
    if len(bench.months) > 1 and bench.source != nat.ANNUAL:
        put(ws, 4, 1, f"The published figures cover {bench.months[0]} to {bench.months[-1]}.")
    last = write_table(ws, 6, BENCHMARK_HEADERS, benchmark_table_rows(bench, funnel),
                       [None, None, None, None, FMT_INT, FMT_INT, FMT_RATE, None, None, None])
    ws.auto_filter.ref = f"A6:J{max(last, 6)}"
    fit_columns(ws, from_row=5)
    ws.column_dimensions["A"].width = 8
    print_setup(ws, f"National benchmark: {ind.name}, {bench.period}", unit=unit_name,
                period=str(bench.period), title_rows=(6, 6))
    return save_workbook(wb, path)
