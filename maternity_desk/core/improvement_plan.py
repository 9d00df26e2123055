"""The safety improvement plan: versions, actions and progress by area. Pure Python
(re-exported by :mod:`maternity_desk.core.governance`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.governance_common import clean_text, days_overdue
from maternity_desk.core.periods import parse_date

PLAN_STATUSES = ("not_started", "in_progress", "complete", "dropped")
PLAN_STATUS_LABELS = {
    "not_started": "Not started", "in_progress": "In progress",
    "complete": "Complete", "dropped": "Dropped",
}


def parse_plan_status(value: object) -> str:
    text = re.sub(r"[\s\-]+", "_", str(value or "").strip().lower())
    if text in PLAN_STATUSES:
        return text
    raise InvalidValue(f"'{value}' is not a plan action status (not started, in progress, complete, dropped)")


@dataclass(frozen=True)
class PlanVersion:
    id: int | None
    version: str
    date_agreed: date
    date_published: date | None = None
    where_published: str = ""

    @property
    def published(self) -> bool:
        return self.date_published is not None


def make_plan_version(version: object, agreed: object, published: object = None, where: object = "",
                      id: int | None = None) -> PlanVersion:
    agreed_d = parse_date(agreed)
    pub = None if published in (None, "") else parse_date(published)
    if pub is not None and pub < agreed_d:
        raise InvalidValue("the plan cannot be published before it was agreed")
    where_text = clean_text(where, "Where published", max_len=500)
    if pub is not None and not where_text:
        raise InvalidValue("say where the plan was published (e.g. the trust website address)")
    return PlanVersion(id, clean_text(version, "Version", required=True, max_len=100), agreed_d, pub, where_text)


@dataclass(frozen=True)
class PlanAction:
    id: int | None
    area: str
    action: str
    owner: str
    due_date: date | None
    status: str = "not_started"
    evidence: str = ""

    def days_overdue(self, as_at: date) -> int | None:
        if self.status in ("complete", "dropped"):
            return None
        return days_overdue(self.due_date, None, as_at)


def make_plan_action(area: object, action: object, owner: object, due: object, status: object = "not_started",
                     evidence: object = "", id: int | None = None) -> PlanAction:
    return PlanAction(
        id,
        clean_text(area, "Area", required=True, max_len=200),
        clean_text(action, "Action", required=True),
        clean_text(owner, "Owner", max_len=200),
        None if due in (None, "") else parse_date(due),
        parse_plan_status(status),
        clean_text(evidence, "Evidence note"),
    )


@dataclass(frozen=True)
class AreaProgress:
    area: str
    not_started: int = 0
    in_progress: int = 0
    complete: int = 0
    dropped: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.not_started + self.in_progress + self.complete + self.dropped

    @property
    def percent_complete(self) -> float | None:
        """Complete as a share of the actions still in the plan (dropped ones left out)."""
        live = self.total - self.dropped
        return None if live == 0 else 100.0 * self.complete / live


def plan_progress(actions: Iterable[PlanAction], as_at: date) -> list[AreaProgress]:
    """Counts by area and status, overdue counted separately; areas alphabetical, then a
    final row ``All areas``."""
    counts: dict[str, Counter] = {}
    for a in actions:
        c = counts.setdefault(a.area, Counter())
        c[a.status] += 1
        if a.days_overdue(as_at):
            c["overdue"] += 1
    rows = [AreaProgress(area, **{k: c.get(k, 0) for k in (*PLAN_STATUSES, "overdue")})
            for area, c in sorted(counts.items(), key=lambda kv: kv[0].lower())]
    if rows:
        total = Counter()
        for c in counts.values():
            total.update(c)
        rows.append(AreaProgress("All areas", **{k: total.get(k, 0) for k in (*PLAN_STATUSES, "overdue")}))
    return rows

