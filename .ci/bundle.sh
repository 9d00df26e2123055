#!/usr/bin/env bash
# CI: build the one-folder bundle (installer/build.py) and start the built program: --version,
# --self-test, the demo, check, the window, portable mode. Run after the tests by .ci/run.
# Skips (exit 0, with a message saying so) only when the build tools cannot be installed:
# PyInstaller (the "build" extra) or the shared Python library PyInstaller needs.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

skip() {
  echo "::warning::bundle SKIPPED: $1. No bundle was built or tested."
  echo "bundle SKIPPED: $1. No bundle was built or tested."
  exit 0
}

[ -x .venv/bin/python ] || python3 -m venv .venv
pip_install() { .venv/bin/python -m pip install -q --disable-pip-version-check "$@"; }
if ! pip_install -e ".[build]"; then
  # Tell a project that does not install (a real failure) from tools that cannot be fetched.
  if ! pip_install -e .; then
    echo "bundle FAILED: the project itself does not install (see pip's message above)." >&2
    exit 1
  fi
  skip "PyInstaller (the \"build\" extra: pip install -e \".[build]\") could not be installed"
fi
.venv/bin/python -c "import PyInstaller" 2>/dev/null || skip "PyInstaller does not import after installation"

# PyInstaller bundles the shared libpython; Debian's python3 package does not install it.
pyver=$(.venv/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
libdir=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_config_var("LIBDIR") or "")')
if [ ! -e "$libdir/libpython$pyver.so.1.0" ] && ! ldconfig -p 2>/dev/null | grep -q "libpython$pyver.so.1.0"; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "Installing system package: libpython$pyver (the shared Python library PyInstaller bundles)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "libpython$pyver" >/dev/null; } \
      || skip "the shared library libpython$pyver.so could not be installed"
  else
    skip "the shared library libpython$pyver.so is missing and cannot be installed here"
  fi
fi

export QT_QPA_PLATFORM=offscreen
MATERNITY_DESK_DATA=$(mktemp -d)
export MATERNITY_DESK_DATA
trap 'rm -rf "$MATERNITY_DESK_DATA"' EXIT

.venv/bin/python installer/build.py --smoke --zip

# The portable zip, unpacked as a user would, with portable.txt beside the program.
zipfile=$(ls -t dist/MaternityDesk-*.zip | head -n 1)
unpacked=$(mktemp -d)
trap 'rm -rf "$MATERNITY_DESK_DATA" "$unpacked"' EXIT
if command -v unzip >/dev/null 2>&1; then
  unzip -q "$zipfile" -d "$unpacked"
  touch "$unpacked/MaternityDesk/portable.txt"
  echo "--- portable copy from $zipfile ($(du -m "$zipfile" | cut -f1) MB): --self-test"
  env -u MATERNITY_DESK_DATA "$unpacked/MaternityDesk/MaternityDesk" demo >/dev/null
  env -u MATERNITY_DESK_DATA "$unpacked/MaternityDesk/MaternityDesk" --self-test
  [ -f "$unpacked/MaternityDesk/data/unit.sqlite" ] || { echo "bundle FAILED: the portable copy kept no data/unit.sqlite" >&2; exit 1; }
else
  echo "unzip is not installed: the portable zip was written but not unpacked and started"
fi

# The Windows folder cannot be built here; check its rules against the Windows wheels' DLLs.
echo "--- installer/check_windows_deps.py"
set +e
.venv/bin/python installer/check_windows_deps.py
deps=$?
set -e
case $deps in
  0) ;;
  2) echo "::warning::Windows dependency check SKIPPED: the win_amd64 wheels could not be downloaded." ;;
  *) echo "bundle FAILED: the Windows folder's rules leave out a DLL the program needs (see above)." >&2; exit 1 ;;
esac

exe=dist/MaternityDesk/MaternityDesk
echo "--- $exe --version"
"$exe" --version
echo "--- $exe --self-test"
"$exe" --self-test
echo "bundle job: ok in $((SECONDS - started)) s"
