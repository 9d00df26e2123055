"""The demo unit: a believable unit of about 4,500 births a year and 250 staff.

Seeded: the same seed and ``today`` give the same database. Each area adds its own data
through ``maternity_desk.demo.<area>.generate(store, rng, today)``, listed in :data:`AREAS`
in the order they run (later areas may use earlier areas' rows).
"""

from __future__ import annotations

import importlib
import random
from datetime import date
from pathlib import Path

from maternity_desk.core.unit import UnitSettings
from maternity_desk.store import DatabaseError, Store, open_store

AREAS: list[str] = [
    "training",
    "fund",
    "dashboard",
    "improvement",
    "governance",
]

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


def build_demo(path: Path | str, *, seed: int = 2016, today: date | None = None, force: bool = False) -> Store:
    path = Path(path)
    today = today or date.today()
    if path.exists() and path.stat().st_size > 0:
        if not force:
            raise DatabaseError(f"{path} already exists; use --force to replace it with the demo unit.")
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    store = open_store(path, backups=False)
    try:
        with store.transaction():
            store.save_unit_settings(DEMO_UNIT)
            store.set_setting("demo.seed", str(seed))
            store.set_setting("demo.today", today.isoformat())
            for area in AREAS:
                module = importlib.import_module(f"{__name__}.{area}")
                module.generate(store, random.Random(f"{seed}-{area}"), today)
    except BaseException:
        store.close()
        raise
    return store
