"""Checking an SPC chart's inputs: values as numbers (or gaps), the better direction, the rule
length, the baseline, the target and the rebase points. Part of
:mod:`maternity_desk.core.spc_base` (which re-exports every name here). Pure Python."""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence

from maternity_desk.core.errors import InvalidValue

RULE_POINT_CHOICES = (6, 7)  # shift and trend length: the Making Data Count tool offers both
BETTER = ("higher", "lower")


def _to_float(v: object, label: str) -> float:
    """``float(v)``, refusing booleans and anything that is not a number."""
    if isinstance(v, bool):
        raise InvalidValue(f"{label} is not a number: {v!r}")
    try:
        return float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidValue(f"{label} is not a number: {v!r}") from None


def _as_value(v: object, index: int, what: str = "value") -> float | None:
    if v is None:
        return None
    f = _to_float(v, f"{what} {index + 1}")
    if math.isnan(f):
        return None
    if math.isinf(f):
        raise InvalidValue(f"{what} {index + 1} is not a finite number")
    return f


def _as_values(values: Sequence[object], what: str = "value") -> list[float | None]:
    """``_as_value`` of each value, with finite floats and ints (nearly all of them) taken at
    once."""
    if not isinstance(values, (list, tuple)):
        values = list(values)  # read twice below
    kinds = set(map(type, values))
    if kinds == {float} and math.isfinite(sum(values)):  # a finite sum: no NaN, no infinity
        return list(values)
    if kinds == {int}:
        return list(map(float, values))
    out: list[float | None] = []
    isfinite = math.isfinite
    for i, v in enumerate(values):
        t = type(v)
        if t is float and isfinite(v):
            out.append(v)
        elif t is int:
            out.append(float(v))
        else:
            out.append(_as_value(v, i, what))
    return out


def _check_better(better: str | None) -> str | None:
    if better is None:
        return None
    b = str(better).strip().lower()
    if b not in BETTER:
        raise InvalidValue(f"better must be 'higher', 'lower' or None, not {better!r}")
    return b


def _whole(v: object, message: str) -> int:
    """An int (or an integer-like such as a numpy integer), never a bool or a float."""
    if isinstance(v, bool):
        raise InvalidValue(f"{message}, not {v!r}")
    try:
        return operator.index(v)  # type: ignore[arg-type]
    except TypeError:
        raise InvalidValue(f"{message}, not {v!r}") from None


def _check_rule_points(n: object) -> int:
    if isinstance(n, bool) or n not in RULE_POINT_CHOICES:
        raise InvalidValue(f"a shift or trend is 6 or 7 points, not {n!r}")
    return int(n)


def _check_baseline(baseline: object) -> int | None:
    if baseline is None:
        return None
    baseline = _whole(baseline, "the baseline must be a whole number of points")
    if baseline < 1:
        raise InvalidValue("the baseline must be at least 1 point")
    return baseline


def _check_target(target: object) -> float | None:
    if target is None:
        return None
    t = _to_float(target, "the target")
    if not math.isfinite(t):
        raise InvalidValue("the target must be a finite number")
    return t


def _segment_bounds(n: int, rebase_at: Sequence[int]) -> list[tuple[int, int]]:
    starts = {0}
    for item in rebase_at or ():
        r = _whole(item, "a rebase point must be a point number")
        if r < 0 or (n and r >= n) or (not n and r != 0):
            raise InvalidValue(f"rebase point {r} is outside the series (0 to {max(n - 1, 0)})")
        starts.add(r)
    if n == 0:
        return []
    ordered = sorted(starts)
    return [(s, ordered[i + 1] if i + 1 < len(ordered) else n) for i, s in enumerate(ordered)]
