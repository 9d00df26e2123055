"""An export over an existing file on a full disk: one sentence, the old file untouched, no
temporary file left behind. Run on a real small tmpfs (in a private mount namespace, so no
root is needed where user namespaces are allowed and nothing outlives the test)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="tmpfs and mount namespaces are Linux's")

EXPORTS = {
    "return": (["export", "return", "--month", "2026-09"], ".xlsx"),
    "pack": (["export", "pack", "--month", "2026-09"], ".pdf"),
    "statement": (["export", "statement", "--fy", "2016/17", "--fund", "MSTF", "--prepared", "2026-10-15"], ".xlsx"),
    "dashboard-summary": (["export", "dashboard-summary", "--as-at", "2026-10-15"], ".xlsx"),
    "backup": (["backup"], ".sqlite"),
}


def _on_a_full_disk(tmp_path: Path, db: Path, args: list[str], old: Path, suffix: str) -> dict[str, str]:
    """Mount a small tmpfs, put ``old`` on it as the target, fill the disk to within 4 KiB,
    run the command over the target, and report what it printed and left."""
    if shutil.which("unshare") is None:
        pytest.fail("these tests need 'unshare' (Debian: apt-get install util-linux)")
    disk, out = tmp_path / "disk", tmp_path / "out"
    disk.mkdir()
    out.mkdir()
    target = disk / f"target{suffix}"
    command = " ".join(f"'{a}'" for a in [sys.executable, "-m", "maternity_desk", *args,
                                          "--db", str(db), "-o", str(target)])
    script = textwrap.dedent(f"""
        set -u
        mount -t tmpfs -o size=1m tmpfs '{disk}' || exit 90
        cp '{old}' '{target}'
        cat /dev/zero > '{disk}/filler' 2>/dev/null
        truncate -s -4K '{disk}/filler'
        {command} > '{out}/stdout' 2> '{out}/stderr'
        echo $? > '{out}/rc'
        sha256sum '{target}' | cut -d' ' -f1 > '{out}/sha'
        ls -A '{disk}' > '{out}/ls'
    """)
    done = subprocess.run(["unshare", "-rm", "bash", "-c", script], capture_output=True, text=True, timeout=300)
    if done.returncode == 90 or not (out / "rc").exists():
        pytest.fail(f"could not mount a small tmpfs in a private namespace: {done.stderr.strip()}")
    return {name: (out / name).read_text().strip() for name in ("stdout", "stderr", "rc", "sha", "ls")}


@pytest.mark.parametrize("kind", sorted(EXPORTS))
def test_export_over_an_existing_file_on_a_full_disk_keeps_it(demo_path, tmp_path, kind):
    args, suffix = EXPORTS[kind]
    old = tmp_path / f"old{suffix}"
    old.write_bytes(b"the previous export, which must survive " * 2000)  # 80 KB
    seen = _on_a_full_disk(tmp_path, demo_path, args, old, suffix)
    assert seen["rc"] == "1", seen
    assert "Traceback" not in seen["stderr"] and "unexpected error" not in seen["stderr"], seen["stderr"]
    assert "is full" in seen["stderr"] and ("nothing was saved" in seen["stderr"] or "not saved" in seen["stderr"])
    assert len(seen["stderr"].splitlines()) == 1, seen["stderr"]
    assert seen["sha"] == hashlib.sha256(old.read_bytes()).hexdigest()  # untouched
    assert sorted(seen["ls"].split()) == sorted(["filler", f"target{suffix}"])  # no temporary file left


def test_the_same_exports_succeed_with_room(demo_path, tmp_path, cli):
    """The control: each command writes its file when the disk has room."""
    for kind, (args, suffix) in EXPORTS.items():
        target = tmp_path / f"{kind}{suffix}"
        target.write_bytes(b"old")
        code, _out, err = cli(*args, "--db", demo_path, "-o", target)
        assert code == 0, (kind, err)
        assert target.stat().st_size > 1000
        assert sorted(p.name for p in tmp_path.iterdir() if ".partial" in p.name) == []
