"""``maternity-desk mappings --db DB [--kind staff|attendance] [--json]``: the saved import
mappings (a workforce system's staff groups and job roles to the app's staff groups, a
learning system's course names to the app's courses), as ``import staff FILE --mapping NAME``
uses them. The JSON is a list of ``{"name", "kind", "columns", "entries", "left_out",
"updated", "values"}``: ``columns`` the importer's columns whose values are mapped,
``entries`` and ``left_out`` counts, ``values`` a list of ``{"values", "target"}`` (target
``null`` = left out)."""

from __future__ import annotations

from maternity_desk.commands.common import EXIT_OK, add_db, emit_json, emit_table, read


def _cmd_mappings(args) -> int:
    from maternity_desk.core.mappings import LEAVE_OUT
    from maternity_desk.store import mappings as sm

    saved = read(args, sm.list_mappings, args.kind)
    if args.json:
        emit_json([{"name": m.name, "kind": m.kind, "columns": list(m.columns), "entries": len(m.entries),
                    "left_out": sum(1 for t in m.entries.values() if t == LEAVE_OUT), "updated": updated,
                    "values": [{"values": list(k), "target": t or None} for k, t in sorted(m.entries.items())]}
                   for m, updated in saved])
        return EXIT_OK
    if not saved:
        print("No saved mappings: the import wizard's mapping step saves one.")
        return EXIT_OK
    emit_table(["Name", "Kind", "Columns", "Entries", "Left out", "Saved"],
               [(m.name, m.kind, ", ".join(c.replace("_", " ") for c in m.columns), len(m.entries),
                 sum(1 for t in m.entries.values() if t == LEAVE_OUT), updated) for m, updated in saved])
    return EXIT_OK


def register(sub, groups) -> None:
    p = sub.add_parser("mappings", help="list the saved import mappings (staff groups, course names)")
    p.add_argument("--kind", choices=("staff", "attendance"), help="only mappings of this kind")
    add_db(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_cmd_mappings)
