"""Run in a separate process by test_bundle_rules.py: drive the program the way its users do
(every page of the window, the monthly return as a workbook and as a PDF, a workbook read
back, the command line), then print as JSON which modules were imported and whether any
OpenGL surface was made. The frozen build leaves modules out; this shows which ones the
program really needs."""

import json
import sys

from maternity_desk.cli import main

db, work = sys.argv[1], sys.argv[2]
steps = [
    ["--self-test", "--db", db],
    ["check", "--db", db],
    ["compliance", "--as-at", "2026-09-30", "--db", db, "--json"],
    ["spc", "--indicator", "pph_1500", "--db", db, "--json"],
    ["export", "return", "--month", "2026-09", "--db", db, "-o", f"{work}/return.xlsx"],
    ["export", "pack", "--month", "2026-09", "--db", db, "-o", f"{work}/pack.pdf"],
    ["export", "statement", "--fund", "MSTF", "--fy", "2016/17", "--db", db, "-o", f"{work}/statement.xlsx"],
    ["import", "return", f"{work}/return.xlsx", "--db", db, "--dry-run"],
    ["backup", "--db", db, "-o", f"{work}/backup.sqlite"],
]
codes = []
for argv in steps:
    codes.append([argv[0] if argv[0] != "export" else f"export {argv[1]}", main(argv)])

import pyqtgraph  # noqa: E402 (already imported by the window; read its settings)
from PySide6.QtOpenGLWidgets import QOpenGLWidget  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

gl_widgets = [type(w).__name__ for w in QApplication.allWidgets() if isinstance(w, QOpenGLWidget)]
print("RESULT " + json.dumps({
    "codes": codes,
    "modules": sorted(sys.modules),
    "use_opengl": bool(pyqtgraph.getConfigOption("useOpenGL")),
    "gl_widgets": gl_widgets,
}))
