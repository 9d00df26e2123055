"""The demo unit: a believable unit of about 4,500 births a year and 250 staff.

Seeded: the same seed and ``today`` give the same database. Each area adds its own data
through ``maternity_desk.demo.<area>.generate(store, rng, today)``, listed in :data:`AREAS`
in the order they run (later areas may use earlier areas' rows).
"""

from __future__ import annotations

import logging
import random
from datetime import date
from pathlib import Path

from maternity_desk.core.unit import UnitSettings
from maternity_desk.demo import (
    board,
    cases,
    dashboard,
    fund,
    governance,
    improvement,
    mappings,
    mis,
    training,
)
from maternity_desk.store import DatabaseError, Store, open_store

log = logging.getLogger(__name__)

AREAS = (training, fund, dashboard, improvement, governance, mis, cases, board, mappings)

# A real trust code and region, so the demo sits among real peers once national figures
# are imported (the unit's own figures are generated, not the trust's).
DEMO_UNIT = UnitSettings(
    # a made-up unit and trust: the demo's deaths and reviews are invented, so they must never
    # stand beside a real trust's name or code
    unit_name="Ashmoor Maternity Unit (demo)",
    trust="Ashmoor and Wealdmoor NHS Trust (fictional)",
    ods_code="DMO",
    lms="Ashmoor and Wealdmoor LMS (fictional)",
    region="Y59",
)


def _keep_backup(path: Path) -> Path:
    """A backup of the database ``--force`` is about to replace (beside its other backups);
    a file that cannot be backed up is not replaced."""
    from maternity_desk.store import backup

    try:
        old = open_store(path, create=False, migrate=False, backups=False)
    except DatabaseError as exc:
        raise DatabaseError(f"{path} was not replaced: no backup of it could be kept ({exc})") from exc
    try:
        return backup.auto_backup(old, "before-demo")
    finally:
        old.close()


def build_demo(path: Path | str, *, seed: int = 2016, today: date | None = None, force: bool = False) -> Store:
    path = Path(path)
    today = today or date.today()
    if path.exists() and path.stat().st_size > 0:
        if not force:
            raise DatabaseError(f"{path} already exists; use --force to replace it with the demo unit.")
        kept = _keep_backup(path)
        log.warning("demo --force: %s replaced; the old file was kept as %s", path, kept)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    store = open_store(path, backups=False)
    try:
        with store.transaction():
            store.save_unit_settings(DEMO_UNIT)
            store.set_setting("demo.seed", str(seed))
            store.set_setting("demo.today", today.isoformat())
            for module in AREAS:
                area = module.__name__.rsplit(".", 1)[-1]
                module.generate(store, random.Random(f"{seed}-{area}"), today)
    except BaseException:
        store.close()
        raise
    return store
