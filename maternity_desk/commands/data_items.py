"""``data-items``: the unit's monthly data items (each typed once), the indicators each feeds,
and the figures an earlier database held twice with different numbers (``--conflicts``).
No Qt here."""

from __future__ import annotations

from maternity_desk.commands.common import EXIT_OK, add_db, emit_json, emit_table, read
from maternity_desk.core.periods import month_label


def register(sub, groups) -> None:
    p = sub.add_parser("data-items", help="list the monthly data items each indicator is worked out from")
    add_db(p)
    p.add_argument("--json", action="store_true", help="print the data items as JSON")
    p.add_argument("--conflicts", action="store_true",
                   help="list the figures typed twice with different numbers, still to settle")
    p.set_defaults(func=_cmd_data_items)


def _items(store) -> list[dict]:
    from maternity_desk.core.data_items import feeds
    from maternity_desk.store import dashboard as dash
    from maternity_desk.store import data_items as di

    inds = dash.indicators(store)
    names = {g.code: g.name for g in di.groups()}
    months = di.item_spans(store)
    return [{"code": i.code, "name": i.name, "unit": i.unit, "group": names.get(i.group, i.group),
             "decimal_places": i.places, "indicators": [x.code for x in feeds(inds, i.code)],
             "first_month": months.get(i.code, (None,))[0], "last_month": months.get(i.code, (None, None))[1],
             "months": months.get(i.code, (None, None, 0))[2]}
            for i in di.data_items(store)]


def _conflicts(store) -> list[dict]:
    from maternity_desk.store import data_items as di

    return [{"id": c.id, "month": c.month, "code": c.item, "name": c.item_name, "kept": c.kept,
             "figures": [{"indicator": x.indicator, "side": x.side, "value": x.value} for x in c.candidates]}
            for c in di.conflicts(store)]


def _cmd_data_items(args) -> int:
    if args.conflicts:
        rows = read(args, _conflicts)
        if args.json:
            emit_json(rows)
        elif not rows:
            print("No figures to settle.")
        else:
            emit_table(["month", "data item", "kept", "typed"],
                       [[month_label(r["month"]), r["name"], r["kept"],
                         ", ".join(f"{f['value']} ({f['indicator']} {f['side']})" for f in r["figures"])]
                        for r in rows])
        return EXIT_OK
    rows = read(args, _items)
    if args.json:
        emit_json(rows)
    else:
        emit_table(["code", "name", "unit", "group", "indicators"],
                   [[r["code"], r["name"], r["unit"], r["group"], ", ".join(r["indicators"])] for r in rows])
    return EXIT_OK
