"""How published rows become indicator figures: the mapping from breakdowns to indicators
(``resources/national_mapping.json``), the published figures, and the totals of the
breakdown and Measures rows. Part of :mod:`maternity_desk.core.national`, which re-exports
every name defined here. Pure Python: no Qt, no SQL, no files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.national_files import (
    _CURRENCIES,
    _RATE_PER,
    _STATUS_WEIGHT,
    ANNUAL,
    CQIM_WINDOWS,
    CURRENCY_DENOMINATOR,
    CURRENCY_NUMERATOR,
    CURRENCY_RATE,
    CURRENCY_RESULT,
    MEASURES,
    OK,
    norm,
    norm_category,
    parse_published,
)

# --- the mapping from breakdowns to indicators ---------------------------------------------


@dataclass(frozen=True)
class DimensionMap:
    dimension: str
    aliases: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()  # counted in the denominator
    excluded: tuple[str, ...] = ()  # known, left out of the denominator


@dataclass(frozen=True)
class IndicatorMap:
    code: str
    dimension: str
    numerator: tuple[str, ...]


@dataclass(frozen=True)
class ExtraIndicator:
    """An indicator the mapping adds to the dashboard catalogue (e.g. ``bwoi``)."""

    code: str
    name: str
    scale: str
    better: str | None = None
    numerator: str = ""
    denominator: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Mapping:
    dimensions: tuple[DimensionMap, ...]
    indicators: tuple[IndicatorMap, ...]
    cqims: dict[str, str]  # CQIM code as published -> indicator code
    extra_indicators: tuple[ExtraIndicator, ...] = ()
    _dims: dict[str, DimensionMap] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        dims = {}
        for d in self.dimensions:
            for name in (d.dimension, *d.aliases):
                dims[norm(name)] = d
        by_dim: dict[str, list[IndicatorMap]] = {}
        for i in self.indicators:
            by_dim.setdefault(norm(i.dimension), []).append(i)
        object.__setattr__(self, "_dims", dims)
        object.__setattr__(self, "_by_dim", by_dim)
        object.__setattr__(self, "_seen", {})

    def dimension(self, name: object) -> DimensionMap | None:
        seen = self._seen  # the same few names arrive on every row of a file
        if name not in seen:
            seen[name] = self._dims.get(norm(name))
        return seen[name]

    def cqim(self, code: object) -> str | None:
        wanted = norm(code)
        return next((v for k, v in self.cqims.items() if norm(k) == wanted), None)

    def codes(self) -> list[str]:
        out = [i.code for i in self.indicators]
        out += [c for c in self.cqims.values() if c not in out]
        return out

    def indicators_for(self, dim: DimensionMap) -> list[IndicatorMap]:
        return self._by_dim.get(norm(dim.dimension), [])

    def is_window(self, code: str) -> bool:
        """True when the indicator's CQIM covers more than its reporting month."""
        return any(c == code and norm(k) in CQIM_WINDOWS for k, c in self.cqims.items())


def mapping_from_dict(data: dict) -> Mapping:
    """Build and check a :class:`Mapping` from the JSON shape of ``national_mapping.json``."""
    if not isinstance(data, dict):
        raise InvalidValue("the national mapping must be a JSON object")
    excluded_default = tuple(data.get("excluded_categories") or ())
    dims = []
    for name, spec in (data.get("dimensions") or {}).items():
        cats = tuple(spec.get("categories") or ())
        if not cats:
            raise InvalidValue(f"dimension {name} in the national mapping lists no categories")
        dims.append(DimensionMap(name, tuple(spec.get("aliases") or ()), cats,
                                 tuple(spec.get("excluded") or excluded_default)))
    by_dim = {norm(d.dimension): d for d in dims}
    inds = []
    for code, spec in (data.get("indicators") or {}).items():
        dim = by_dim.get(norm(spec.get("dimension")))
        if dim is None:
            raise InvalidValue(f"indicator {code} in the national mapping names an unknown dimension")
        num = tuple(spec.get("numerator") or ())
        known = {norm_category(c) for c in dim.categories}
        missing = [c for c in num if norm_category(c) not in known]
        if not num or missing:
            raise InvalidValue(
                f"indicator {code} in the national mapping: numerator categories "
                f"{', '.join(missing) or '(none)'} are not categories of {dim.dimension}"
            )
        inds.append(IndicatorMap(code, dim.dimension, num))
    extras = tuple(
        ExtraIndicator(code, spec.get("name") or code, spec.get("scale") or "percent", spec.get("better"),
                       spec.get("numerator") or "", spec.get("denominator") or "", spec.get("notes") or "")
        for code, spec in (data.get("extra_indicators") or {}).items()
    )
    return Mapping(tuple(dims), tuple(inds), dict(data.get("cqims") or {}), extras)


# --- published figures ---------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedValue:
    """One published figure for one organisation, period and indicator."""

    source: str
    period: str  # "2022-23" (annual) or "2024-03" (monthly)
    org_level: str
    org_code: str
    org_name: str
    indicator: str
    numerator: int | None
    denominator: int | None
    rate: float | None = None  # as published (CQIMs), in rate_scale
    rate_scale: str | None = None
    status: str = OK
    result: str | None = None  # CQIM Pass / Fail (providers)
    window_start: str | None = None
    window_end: str | None = None
    provisional: bool = False

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.source, self.period, self.org_level, self.org_code, self.indicator)


def _worst(a: str, b: str) -> str:
    return a if _STATUS_WEIGHT[a] >= _STATUS_WEIGHT[b] else b


class BreakdownTotals:
    """Accumulates breakdown rows (streamed, one at a time) into indicator figures.

    ``add`` returns None, or a warning reason when the category is not in the mapping (the
    row is then left out); a category given twice for the same organisation is an error.
    """

    def __init__(self, mapping: Mapping):
        self.mapping = mapping
        # (source, period, level, code, dimension) -> [name, {category: (status, count)}]
        self._cells: dict[tuple, list] = {}
        self._roles: dict[tuple[str, object], str | None] = {}
        self._cats: dict[object, str] = {}
        self.unmapped_dimensions: set[str] = set()

    def role(self, dim: DimensionMap, measure: object) -> str | None:
        key = (dim.dimension, measure)
        if key not in self._roles:
            cat = norm_category(measure)
            if any(norm_category(c) == cat for c in dim.categories):
                self._roles[key] = "counted"
            elif any(norm_category(c) == cat for c in dim.excluded):
                self._roles[key] = "excluded"
            else:
                self._roles[key] = None
        return self._roles[key]

    def add(self, source: str, period: str, level: str, code: str, name: str,
            dimension: str, measure: object, status: str, count: int | None) -> str | None:
        dim = self.mapping.dimension(dimension)
        if dim is None:
            self.unmapped_dimensions.add(dimension)
            return None
        role = self.role(dim, measure)
        if role is None:
            return f"category '{measure}' of {dimension} is not in the national mapping; left out"
        if role == "excluded":
            return None
        key = (source, period, level, code, dim.dimension)
        cell = self._cells.get(key)
        if cell is None:
            cell = self._cells[key] = [name, {}]
        cat = self._cats.get(measure)
        if cat is None:
            cat = self._cats[measure] = norm_category(measure)
        if cat in cell[1]:
            raise InvalidValue(
                f"{dimension} '{measure}' is given twice for {code} in {period}"
            )
        cell[1][cat] = (status, count)
        return None

    def values(self, *, provisional: bool = False) -> list[PublishedValue]:
        out: list[PublishedValue] = []
        for (source, period, level, code, dim_name), (name, cats) in self._cells.items():
            dim = self.mapping.dimension(dim_name)
            for ind in self.mapping.indicators_for(dim):
                num_cats = {norm_category(c) for c in ind.numerator}
                status, numerator, denominator = OK, 0, 0
                for cat, (st, n) in cats.items():
                    status = _worst(status, st)
                    if st == OK:
                        denominator += n
                        if cat in num_cats:
                            numerator += n
                if status != OK:
                    numerator = denominator = None
                out.append(PublishedValue(source, period, level, code, name, ind.code,
                                          numerator, denominator, status=status,
                                          window_start=period if source != ANNUAL else None,
                                          window_end=period if source != ANNUAL else None,
                                          provisional=provisional))
        return out


class MeasureTotals:
    """Accumulates the Measures file's CQIM rows: one figure per organisation, month and
    indicator from its Numerator / Denominator / Rate / Result rows."""

    def __init__(self, mapping: Mapping):
        self.mapping = mapping
        self._cells: dict[tuple, dict] = {}

    def add(self, period: str, window: tuple[str, str], level: str, code: str, name: str,
            indicator: str, currency: object, status: str, value: float | str | None) -> None:
        key = (period, level, code, indicator)
        cell = self._cells.get(key)
        if cell is None:
            cell = self._cells[key] = {"name": name, "window": window, "status": OK}
        kind, scale = currency_kind(currency)
        if kind in cell:
            raise InvalidValue(f"{indicator} {currency} is given twice for {code} in {period}")
        cell[kind] = value
        if kind == CURRENCY_RATE:
            cell["scale"] = scale
        if kind != CURRENCY_RESULT:
            cell["status"] = _worst(cell["status"], status)

    def values(self, *, provisional: bool = False) -> list[PublishedValue]:
        out = []
        for (period, level, code, indicator), cell in self._cells.items():
            status = cell["status"]
            ok = status == OK
            num = cell.get(CURRENCY_NUMERATOR)
            den = cell.get(CURRENCY_DENOMINATOR)
            rate = cell.get(CURRENCY_RATE)
            out.append(PublishedValue(
                MEASURES, period, level, code, cell["name"], indicator,
                int(num) if ok and num is not None else None,
                int(den) if ok and den is not None else None,
                float(rate) if ok and rate is not None else None,
                cell.get("scale") if ok and rate is not None else None,
                status, cell.get(CURRENCY_RESULT), cell["window"][0], cell["window"][1],
                provisional,
            ))
        return out


def currency_kind(currency: object) -> tuple[str, str | None]:
    """``(kind, rate scale)`` of a Measures ``Currency``; :class:`InvalidValue` if unknown."""
    key = re.sub(r"[^a-z0-9]", "", str(currency or "").lower())
    if key in _CURRENCIES:
        return _CURRENCIES[key]
    if key.startswith("rate"):
        # "Rate per 100,000" holds "1000" too: read the whole number, never a part of it
        per = re.search(r"per(\d+|hundredthousand|tenthousand|thousand|hundred)", key)
        if per is None:
            return CURRENCY_RATE, "per_1000" if "thousand" in key else "percent"
        words = {"hundred": 100, "thousand": 1000, "tenthousand": 10000, "hundredthousand": 100000}
        n = words.get(per.group(1)) or int(per.group(1))
        if n not in _RATE_PER:
            raise InvalidValue(f"currency '{currency}' is a rate per {n:,}, which Maternity Desk does not "
                               "convert (it reads %, per 100, per 1,000 and per 100,000)")
        return CURRENCY_RATE, _RATE_PER[n]
    raise InvalidValue(f"currency '{currency}' is not one of Numerator, Denominator, Rate, Result")


def parse_result(value: object) -> tuple[str, str | None]:
    """A CQIM ``Result`` cell: ``Pass`` / ``Fail``, or a published code."""
    text = str(value or "").strip()
    if text.lower() in ("pass", "fail"):
        return OK, text.capitalize()
    status, _n = parse_published(value, whole=False)
    return status, None
