#!/usr/bin/env bash
# Set up and run the whole test suite on a fresh Debian/Ubuntu machine (as root) or a desktop
# that already has what the tests need: installs the system libraries Qt needs to run without a
# screen and the programs some tests use (LibreOffice calc and poppler-utils read every exported
# workbook a second way, Carlito measures Calibri text, unzip unpacks the portable zip as a user
# would), creates .venv with the test extra, then runs ruff, the import-layers contract and
# pytest on Qt's offscreen platform. No test skips: one that needs something missing fails,
# saying what to install. The real published national files are read from ../shared/national/
# beside this folder (MATERNITY_DESK_NATIONAL_DIR names another folder); they are never committed.
# Extra arguments go to pytest (e.g. bash tests/run.sh -k training).
set -euo pipefail
cd "$(dirname "$0")/.."

QT_LIBS="libgl1 libegl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3 libglib2.0-0 fonts-dejavu-core"
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  missing=""
  for pkg in $QT_LIBS; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
  done
  # The programs the tests use, looked for as programs (a desktop's full LibreOffice will do).
  command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 || missing="$missing libreoffice-calc-nogui"
  { command -v pdftotext && command -v pdfimages; } >/dev/null 2>&1 || missing="$missing poppler-utils"
  dpkg-query -W -f='${Status}' fonts-crosextra-carlito 2>/dev/null | grep -q "install ok installed" \
    || missing="$missing fonts-crosextra-carlito"
  command -v unzip >/dev/null 2>&1 || missing="$missing unzip"
  python3 -m venv --help >/dev/null 2>&1 && python3 -c "import ensurepip" 2>/dev/null || missing="$missing python3-venv"
  if [ -n "$missing" ]; then
    echo "Installing system packages:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"

export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check .
# The import contracts in pyproject.toml ([tool.importlinter]): layers, Qt only under ui/.
.venv/bin/lint-imports
# pytest exits non-zero on any failure, and with 5 when no test ran: both fail this script.
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
