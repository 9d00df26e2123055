"""Saved import mappings (:mod:`maternity_desk.core.mappings`): read, save by name, delete.
Every change is audited like any other edit."""

from __future__ import annotations

import json
from datetime import datetime

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.mappings import ATTENDANCE, STAFF, ValueMapping, validate_mapping
from maternity_desk.store import training as st


def _mapping(r) -> ValueMapping:
    entries = {tuple(values): target for values, target in json.loads(r["entries"] or "[]")}
    return ValueMapping(r["name"], r["kind"], tuple(json.loads(r["columns"] or "[]")), entries)


def list_mappings(store, kind: str | None = None) -> list[tuple[ValueMapping, str]]:
    """Every saved mapping (of ``kind``, if given) with when it was last saved, by name."""
    sql = "SELECT * FROM import_mapping" + (" WHERE kind = ?" if kind else "") + " ORDER BY name COLLATE NOCASE"
    return [(_mapping(r), r["updated"]) for r in store.query(sql, (kind,) if kind else ())]


def get_mapping(store, name: str) -> ValueMapping | None:
    r = store.query_one("SELECT * FROM import_mapping WHERE name = ? COLLATE NOCASE", (name.strip(),))
    return _mapping(r) if r else None


def targets(store, kind: str) -> list[tuple[str, str]]:
    """What a mapping of ``kind`` maps to: (code, name) of the staff groups or the courses."""
    if kind == STAFF:
        return [(g.code, g.name) for g in st.staff_groups(store)]
    if kind == ATTENDANCE:
        return [(c.code, c.name) for c in st.courses(store)]
    raise InvalidValue(f"'{kind}' is not a kind of mapping (staff or attendance)")


def save_mapping(store, mapping: ValueMapping, *, now: datetime | None = None) -> ValueMapping:
    """Save ``mapping`` under its name, replacing a saved one of that name (and kind)."""
    clean = validate_mapping(mapping, [code for code, _ in targets(store, mapping.kind)])
    row = {"kind": clean.kind, "columns": json.dumps(list(clean.columns)),
           "entries": json.dumps([[list(k), v] for k, v in sorted(clean.entries.items())]),
           "updated": (now or datetime.now()).replace(microsecond=0).isoformat(sep=" ")}
    with store.transaction():
        old = get_mapping(store, clean.name)
        if old is None:
            store.insert("import_mapping", {"name": clean.name, **row}, key_col="name")
        elif old.kind != clean.kind:
            raise InvalidValue(f"there is already a {old.kind} mapping called '{old.name}': choose another name")
        else:
            clean.name = old.name
            store.update("import_mapping", "name", old.name, row)
    return clean


def delete_mapping(store, name: str) -> None:
    old = get_mapping(store, name)
    if old is None:
        raise InvalidValue(f"there is no saved mapping called '{name}'")
    store.delete("import_mapping", "name", old.name)
