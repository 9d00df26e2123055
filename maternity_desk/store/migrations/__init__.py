"""Versioned schema migrations keyed on ``PRAGMA user_version``.

Each migration is a module with ``VERSION`` and ``migrate(store)``; it runs inside one
transaction together with the ``user_version`` bump, so a failure leaves the previous
version intact. Versions are assigned per area so that areas can grow independently:

    1 foundation   2 training   3 fund   4 dashboard   5 improvement   6 governance
    7 national benchmarking     (8 and later: in the order they land)

A migration never edits an earlier one; it adds a new module.
"""

from __future__ import annotations

import logging

from maternity_desk.store.db import APPLICATION_ID, Store

log = logging.getLogger(__name__)

#: The schema version this program writes: the number of migrations below (a new migration
#: adds its module to :func:`modules` and raises this by one; :func:`modules` refuses a mismatch).
#: A number of its own so that opening an up-to-date file loads none of the migrations.
LATEST = 16


def modules() -> tuple:
    """The migrations in order: the one at position i (from 1) brings the schema to version i.
    Imported when a file is upgraded, checked or restored, not on every start."""
    from maternity_desk.store.migrations import (
        v001_foundation,
        v002_training,
        v003_fund,
        v004_dashboard,
        v005_improvement,
        v006_governance,
        v007_national,
        v008_improvement_rebase,
        v009_framework_2026,
        v010_search,
        v011_mis,
        v012_cases,
        v013_board,
        v014_data_items,
        v015_mappings,
        v016_attendance_by_date,
    )

    found = (
        v001_foundation,
        v002_training,
        v003_fund,
        v004_dashboard,
        v005_improvement,
        v006_governance,
        v007_national,
        v008_improvement_rebase,
        v009_framework_2026,
        v010_search,
        v011_mis,
        v012_cases,
        v013_board,
        v014_data_items,
        v015_mappings,
        v016_attendance_by_date,
    )
    if len(found) != LATEST:
        raise RuntimeError(f"store.migrations.LATEST is {LATEST} but there are {len(found)} migrations")
    return found


def migrate(store: Store, *, target: int | None = None) -> list[int]:
    """Bring ``store`` up to ``target`` (default: the latest). Returns the versions applied."""
    target = LATEST if target is None else target
    applied = []
    for index, module in enumerate(modules(), start=1):
        if index > target:
            break
        if store.schema_version >= index:
            continue
        name = module.__name__.rsplit(".", 1)[-1]
        assert index == module.VERSION, f"{name} declares version {module.VERSION}, expected {index}"
        with store.transaction():
            module.migrate(store)
            store.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            store.conn.execute(f"PRAGMA user_version = {index}")
        log.info("migrated %s to schema %s (%s)", store.path, index, name)
        applied.append(index)
    return applied
