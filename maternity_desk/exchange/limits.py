"""How much work an import will do, decided before the work starts.

A hostile or broken file must be refused in seconds with the limit in the message, never run
for minutes and die of MemoryError. An XLSX is a zip: its central directory says how large
each part unpacks to, and Python's zip reader never unpacks a part past that size (it fails
the part's check instead), so checking the directory bounds the work. The limits are far
above any file a maternity unit's imports hold (the largest, a national monthly file, is a
few tens of thousands of rows), and low enough that one import's peak memory stays under
500 MB (measured by ``tests/benchmarks/bench_import_limits.py``).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from maternity_desk.core.errors import Problem, ValidationFailed

MB = 1024 * 1024
MAX_UNPACKED_BYTES = 200 * MB  # an XLSX's parts, unpacked, all together
MAX_SHARED_TEXT_BYTES = 50 * MB  # the shared-strings part, held whole in memory while reading
MAX_RATIO = 200  # unpacked size / packed size of one part (real workbooks: 5 to 30)
RATIO_FLOOR_BYTES = 1 * MB  # parts smaller than this are not ratio-checked (tiny parts pack well)
MAX_TEXT_BYTES = 40 * MB  # a CSV or text file, read whole
MAX_ROWS = 100_000  # data rows of one file (peak memory: see the benchmark)
MAX_NATIONAL_ROWS = 1_000_000  # a published national file, read as a stream
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell


def _size(n: int) -> str:
    if n >= 1024 * MB:
        return f"{n / (1024 * MB):.1f} GB"
    if n >= MB:
        return f"{n / MB:.0f} MB"
    return f"{n / 1024:.0f} KB"


def refuse(name: str, reason: str, row: int | None = None, column: str | None = None) -> ValidationFailed:
    return ValidationFailed([Problem(name, row, column, reason)])


def check_text_size(name: str, size: int) -> None:
    if size > MAX_TEXT_BYTES:
        raise refuse(name, f"the file is {_size(size)}; the largest text file this import reads is "
                           f"{_size(MAX_TEXT_BYTES)}. Split it, or import only the rows needed")


def check_zip(name: str, source) -> None:
    """Refuse an XLSX that would unpack too large or packs suspiciously well; ``source`` is
    a path or a binary file object. Nothing is unpacked."""
    try:
        with zipfile.ZipFile(source) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise refuse(name, f"the workbook cannot be read (it is not a valid zip file: {exc})") from exc
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED_BYTES:
        raise refuse(name, f"this file would unpack to {_size(total)}; the largest this import reads is "
                           f"{_size(MAX_UNPACKED_BYTES)}")
    for i in infos:
        if i.filename.lower().endswith("sharedstrings.xml") and i.file_size > MAX_SHARED_TEXT_BYTES:
            raise refuse(name, f"its text (shared strings) would unpack to {_size(i.file_size)}; the most this "
                               f"import reads is {_size(MAX_SHARED_TEXT_BYTES)}")
        if i.file_size >= RATIO_FLOOR_BYTES and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise refuse(name, f"its part {i.filename} would unpack {i.file_size // max(i.compress_size, 1):,} "
                               f"times larger than it is stored ({_size(i.file_size)}); this import refuses "
                               f"more than {MAX_RATIO} times (a real workbook is nearer 10)")


def check_rows(name: str, count: int, limit: int = MAX_ROWS) -> None:
    if count > limit:
        raise refuse(name, f"the file has more than {limit:,} data rows; the most this import reads is "
                           f"{limit:,}. Split it, or import only the rows needed")


def check_path_is_file(path: Path) -> None:
    if path.is_dir():
        raise refuse(path.name, "this is a folder, not a file")
