"""The Windows version resource (File > Properties > Details) from ``maternity_desk.__version__``.

Used by the spec on Windows; ``python installer/version_info.py OUT.txt`` writes the same
resource as PyInstaller's text format for inspection.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

COMPANY = "Maternity Desk project"
DESCRIPTION = "Maternity Desk: safety-programme records for an NHS maternity unit"
COPYRIGHT = "MIT licence"
LANG_CODEPAGE = "080904B0"  # English (United Kingdom), Unicode


def app_version(root: Path | None = None) -> str:
    """``__version__`` read from the source without importing the package."""
    root = root or Path(__file__).resolve().parent.parent
    text = (root / "maternity_desk" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.M)
    if not match:
        raise SystemExit("maternity_desk/__init__.py has no __version__")
    return match.group(1)


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """Four numbers for the fixed part of the resource: '1.2.3rc1' -> (1, 2, 3, 0)."""
    numbers = []
    for part in version.split(".")[:4]:
        match = re.match(r"\d+", part)
        if not match:
            break
        numbers.append(min(int(match.group()), 65535))
        if match.group() != part:  # '3rc1': the release ends here
            break
    return tuple((numbers + [0, 0, 0, 0])[:4])


def version_text(version: str, original_filename: str, internal_name: str) -> str:
    """The resource in PyInstaller's version-file format (a Python expression over the
    classes of ``PyInstaller.utils.win32.versioninfo``, which the spec passes as ``version=``)."""
    numbers = version_tuple(version)
    strings = [
        ("CompanyName", COMPANY),
        ("FileDescription", DESCRIPTION),
        ("FileVersion", version),
        ("InternalName", internal_name),
        ("LegalCopyright", COPYRIGHT),
        ("OriginalFilename", original_filename),
        ("ProductName", "Maternity Desk"),
        ("ProductVersion", version),
    ]
    table = ",\n          ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings)
    return f"""# UTF-8
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers!r},
    prodvers={numbers!r},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable(
        {LANG_CODEPAGE!r},
        [{table}])
    ]),
    VarFileInfo([VarStruct('Translation', [0x0809, 1200])])
  ]
)
"""


def write_version_file(path: Path, version: str, exe_name: str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(version_text(version, f"{exe_name}.exe", exe_name), encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python installer/version_info.py OUT.txt", file=sys.stderr)
        return 2
    write_version_file(Path(argv[0]), app_version(), "MaternityDesk")
    print(f"wrote {argv[0]} for version {app_version()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
