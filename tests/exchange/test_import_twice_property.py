"""Property: importing any valid file twice leaves the database exactly as importing it once
(staff, attendance and ledger files, generated at random)."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from datetime import date, timedelta
from pathlib import Path

# Hypothesis keeps its notes in ./.hypothesis unless told otherwise: not in the source tree.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "md-hypothesis"))

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maternity_desk.exchange import importing
from maternity_desk.store import open_store

GROUPS = ["midwife", "obstetric_consultant", "neonatal_nurse"]
COURSES = ["FM", "PROMPT", "NLS"]
FUNDS = ["MSTF", "TRUST", "INNOVATION"]
KINDS = ["allocation", "payment", "refund", "commitment"]
LETTERS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ'-", min_size=1, max_size=20).map(str.strip).filter(bool)
DAYS = st.integers(min_value=0, max_value=3000).map(lambda n: date(2018, 1, 1) + timedelta(days=n))

_TEMPLATE: list[Path] = []


def _empty_db(folder: Path) -> Path:
    """A fresh migrated database (copied from one built once: migrating is the slow part)."""
    if not _TEMPLATE:
        path = Path(tempfile.mkdtemp(prefix="md-prop-")) / "template.sqlite"
        open_store(path, backups=False).close()
        _TEMPLATE.append(path)
    dest = folder / f"unit{len(list(folder.iterdir()))}.sqlite"
    src = sqlite3.connect(_TEMPLATE[0])
    dst = sqlite3.connect(dest)
    src.backup(dst)
    src.close()
    dst.close()
    return dest


def _content(db: Path) -> dict[str, list]:
    conn = sqlite3.connect(db)
    out = {}
    for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                             "AND name NOT IN ('audit_log', 'settings')"):
        out[t] = sorted(map(tuple, conn.execute(f'SELECT * FROM "{t}"')), key=repr)
    conn.close()
    return out


staff_rows = st.dictionaries(
    st.integers(min_value=10_000_000, max_value=10_000_400).map(str),
    st.tuples(LETTERS, st.sampled_from(GROUPS), DAYS, st.one_of(st.none(), LETTERS)),
    min_size=1, max_size=25,
)


@st.composite
def files(draw):
    staff = draw(staff_rows)
    numbers = sorted(staff)
    attendance = draw(st.dictionaries(
        st.tuples(st.sampled_from(numbers), st.sampled_from(COURSES), DAYS),
        st.sampled_from(["attended", "DNA", "cancelled", ""]), max_size=40))
    ledger = draw(st.lists(st.tuples(DAYS, st.sampled_from(FUNDS), st.sampled_from(KINDS),
                                     st.integers(min_value=1, max_value=5_000_000),
                                     st.sampled_from(["PO-1", "PO-2", "INV-9"]), LETTERS),
                           max_size=40))
    return staff, attendance, ledger


def _write(folder: Path, staff, attendance, ledger) -> list[tuple[str, Path]]:
    s = folder / "staff.csv"
    s.write_text("Staff Number,Name,Staff Group,Start Date,Notes\n" + "".join(
        f"{n},{name},{group},{start:%d/%m/%Y},{notes or ''}\n" for n, (name, group, start, notes) in staff.items()),
        encoding="utf-8")
    a = folder / "attendance.csv"
    a.write_text("Staff Number,Course,Date,Status\n" + "".join(
        f"{n},{course},{when.isoformat()},{status}\n" for (n, course, when), status in attendance.items()),
        encoding="utf-8")
    ledger_file = folder / "ledger.csv"
    ledger_file.write_text("date,fund,kind,amount,reference,description\n" + "".join(
        f"{d:%d/%m/%Y},{fund},{kind},{pence // 100}.{pence % 100:02d},{ref},{text}\n"
        for d, fund, kind, pence, ref, text in ledger), encoding="utf-8")
    out = [("staff", s)]
    if attendance:
        out.append(("attendance", a))
    if ledger:
        out.append(("ledger", ledger_file))
    return out


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(files())
def test_importing_a_valid_file_twice_equals_importing_it_once(data):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        written = _write(folder, *data)
        dbs = []
        for times in (1, 2):
            db = _empty_db(folder)
            store = open_store(db, backups=False)
            for _ in range(times):
                for kind, path in written:
                    importing.commit(store, importing.plan_file(store, kind, path), backup=False)
            store.close()
            dbs.append(db)
        once, twice = (_content(db) for db in dbs)
        assert twice == once
