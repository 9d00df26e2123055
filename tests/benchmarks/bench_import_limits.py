"""Peak memory and time of imports at the limits of exchange/limits.py (run on demand:
``python tests/benchmarks/bench_import_limits.py``). Each file is checked (a dry run, as the
preview does) in a fresh process, and the largest text file is then imported for real; its peak resident memory is printed, with
the promise that it stays under 500 MB, and how long a file over a limit takes to be refused.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from maternity_desk.exchange import limits

CHILD = """
import resource, sys, time
from maternity_desk.cli import main
t = time.perf_counter()
code = main(["import", sys.argv[1], sys.argv[2], "--db", sys.argv[3]] + sys.argv[4:])
print(f"exit={code} seconds={time.perf_counter() - t:.1f} peak_mb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
"""

CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                 b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
                 b'"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
                 b'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
                 b'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings'
                 b'.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                 b'</Types>')
RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            b'2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            b'<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
WB_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
           b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
           b'relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
           b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
           b'</Relationships>')


def _xlsx(path: Path, rows: int, strings: int, string_len: int) -> None:
    """A staff workbook of ``rows`` rows whose names come from ``strings`` shared strings."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WB_RELS)
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            f.write(b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                    b'spreadsheetml/2006/main">')
            for i in range(strings):
                f.write(f"<si><t>{f'Name {i} '.ljust(string_len, 'x')}</t></si>".encode())
            f.write(b"</sst>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                    b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Staff Number'
                    b'</t></is></c><c r="B1" t="inlineStr"><is><t>Name</t></is></c><c r="C1" t="inlineStr"><is><t>'
                    b'Staff Group</t></is></c><c r="D1" t="inlineStr"><is><t>Start Date</t></is></c></row>')
            for r in range(2, rows + 2):
                f.write(f'<row r="{r}"><c r="A{r}"><v>{10_000_000 + r}</v></c><c r="B{r}" t="s"><v>{r % strings}'
                        f'</v></c><c r="C{r}" t="inlineStr"><is><t>midwife</t></is></c><c r="D{r}" t="inlineStr">'
                        f"<is><t>2020-04-01</t></is></c></row>".encode())
            f.write(b"</sheetData></worksheet>")


def _csv(path: Path, rows: int, width: int = 180) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write("Staff Number,Name,Staff Group,Start Date\n")
        for r in range(rows):
            f.write(f"{10_000_000 + r},Person number {r} {'x' * width},midwife,01/04/2020\n")


def run(kind: str, path: Path, db: Path, *more: str) -> str:
    out = subprocess.run([sys.executable, "-c", CHILD, kind, str(path), str(db), *more], capture_output=True, text=True)
    last = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""
    refusal = out.stderr.strip().splitlines()[-1] if out.stderr.strip() else ""
    return f"{last} {refusal}".strip()


def main() -> None:
    from maternity_desk.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "unit.sqlite"
        open_store(db).close()
        cases = []
        p = folder / "staff_200k.csv"
        _csv(p, limits.MAX_ROWS - 1, 360)
        cases.append(("CSV at the row limit and near the size limit (100,000 rows, ~40 MB)", p))
        p = folder / "staff_200k.xlsx"
        _xlsx(p, limits.MAX_ROWS - 1, 50_000, 40)
        cases.append(("XLSX at the row limit (100,000 rows)", p))
        p = folder / "shared_strings_48mb.xlsx"
        _xlsx(p, 1000, 48 * 1024 * 1024 // 60, 40)
        cases.append(("XLSX with ~48 MB of shared strings (just under that limit)", p))
        p = folder / "shared_strings_190mb.xlsx"
        _xlsx(p, 1000, 190 * 1024 * 1024 // 60, 40)
        cases.append(("XLSX with ~190 MB of shared strings (over that limit)", p))
        p = folder / "staff_2m.csv"
        _csv(p, 2_000_000)
        cases.append(("CSV of 2,000,000 rows (over the size limit)", p))
        p = folder / "staff_2m.xlsx"
        _xlsx(p, 2_000_000, 1000, 20)
        cases.append(("XLSX of 2,000,000 rows (over the row limit)", p))
        for label, path in cases:
            size = path.stat().st_size / 1024 / 1024
            t = time.perf_counter()
            result = run("staff", path, db, "--dry-run")
            print(f"{label}: file {size:.0f} MB; checked: {result}; wall {time.perf_counter() - t:.1f} s", flush=True)
        t = time.perf_counter()
        result = run("staff", cases[0][1], db)
        print(f"{cases[0][0]}, imported (checked again and written at commit): {result}; "
              f"wall {time.perf_counter() - t:.1f} s", flush=True)
    print(f"(this process peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; promise: each "
          "import under 500 MB)")


if __name__ == "__main__":
    main()
