"""``maternity-desk picklist`` and ``maternity-desk projects``: the improvement programme's
pick-list and the unit's adopted projects with their team roles and latest signal."""

from __future__ import annotations

from maternity_desk.commands.common import add_db, as_month, emit_json, emit_table, read


def register(sub, groups) -> None:
    p = sub.add_parser("picklist", help="the improvement programme's pick-list of projects and measures")
    add_db(p)
    p.add_argument("--json", action="store_true", help="print the pick-list as JSON")
    p.set_defaults(func=_cmd_picklist)

    p = sub.add_parser("projects", help="adopted improvement projects: status, team, latest signal")
    add_db(p)
    p.add_argument("--to", type=as_month, metavar="YYYY-MM",
                   help="signals from measure values up to this month (as the monthly return for "
                        "that month gives them); status and team are as they stand now")
    p.add_argument("--json", action="store_true", help="print the projects as JSON")
    p.set_defaults(func=_cmd_projects)


def _measure_json(m) -> dict:
    return {"type": m.type, "name": m.name, "numerator": m.numerator, "denominator": m.denominator,
            "better": m.better, "chart": m.chart, "scale": m.scale, "unit": m.unit}


def picklist_json(store) -> list[dict]:
    from maternity_desk.store import improvement as qs

    return [
        {"code": p.code, "title": p.title, "area": p.area, "rationale": p.rationale,
         "suggested_aim": p.suggested_aim, "local": p.local,
         "measures": [_measure_json(m) for m in p.measures]}
        for p in qs.picklist(store)
    ]


def projects_json(store, last: str | None = None) -> list[dict]:
    from maternity_desk.store import improvement as qs

    out = []
    for row in qs.board(store, last=last):
        p = row.project
        out.append({
            "code": p.code, "title": p.title, "status": p.status, "area": p.area,
            "picklist_code": p.picklist_code, "wave": p.wave,
            "start_date": p.start_date.isoformat() if p.start_date else None,
            "end_date": p.end_date.isoformat() if p.end_date else None,
            "abandon_reason": p.abandon_reason or None,
            "team_roles_filled": list(row.roles),
            "missing_leads": list(row.missing_leads),
            "primary_measure": row.primary_measure,
            "latest_month": row.latest_month,
            "latest_signal": row.signal,
        })
    return out


def _cmd_picklist(args) -> int:

    data = read(args, picklist_json)
    if args.json:
        emit_json(data)
    else:
        emit_table(["code", "title", "area", "measures", "local"],
                   [[p["code"], p["title"], p["area"], len(p["measures"]), "yes" if p["local"] else ""]
                    for p in data])
    return 0


def _cmd_projects(args) -> int:

    data = read(args, projects_json, args.to)
    if args.json:
        emit_json(data)
    else:
        emit_table(["code", "title", "status", "missing leads", "primary measure", "signal"],
                   [[p["code"], p["title"], p["status"],
                     ", ".join(x.replace("_", " ") for x in p["missing_leads"]) or "none",
                     p["primary_measure"], p["latest_signal"] or "no data"] for p in data])
    return 0
