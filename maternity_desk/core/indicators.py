"""Dashboard indicators: what each one counts, its scale, rate, RAG status and the national
ambition trajectory.

Every indicator figure is computed here and nowhere else:

- :func:`rate` turns a numerator and denominator into the indicator's scale;
- :func:`rag` gives red / amber / green against the unit's own (editable) thresholds;
- :func:`ambition_value` is the straight-line trajectory from the 2010 national baseline to
  the ambition target;
- :func:`rolling_rates` is the rate over the 12 months ending at each month (rare events such
  as stillbirth are too noisy month by month).

Pure Python: no Qt, no SQL, no files.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from maternity_desk.core.errors import InvalidValue


@dataclass(frozen=True)
class Scale:
    """One rate scale: the one table every area (dashboard, national benchmark, charts,
    workbooks) reads its factor, label and number format from."""

    code: str
    factor: float  # multiplier from a proportion (numerator / denominator) to this scale
    label: str  # as an axis or a column heading shows it
    proportion: bool  # the numerator is a subset of the denominator (numerator <= denominator)
    text: str  # format_value's pattern for a value in this scale


#: every rate scale, by code (the codes are stored in the database: see migration v004)
SCALE_TABLE: dict[str, Scale] = {s.code: s for s in (
    Scale("percent", 100.0, "%", True, "{:.1f}%"),
    Scale("per_1000", 1000.0, "per 1,000", True, "{:.2f} per 1,000"),
    Scale("per_100000", 100000.0, "per 100,000", True, "{:.1f} per 100,000"),
    Scale("per_100", 100.0, "per 100", True, "{:.2f} per 100"),
    Scale("ratio", 1.0, "ratio", False, "{:.1f}"),
)}
#: multiplier from a proportion (numerator / denominator) to the indicator's scale
SCALES: dict[str, float] = {code: s.factor for code, s in SCALE_TABLE.items()}
SCALE_LABELS = {code: s.label for code, s in SCALE_TABLE.items()}
#: scales where the numerator is a subset of the denominator (so numerator <= denominator)
PROPORTION_SCALES = frozenset(code for code, s in SCALE_TABLE.items() if s.proportion)
BETTER = ("higher", "lower")
GROUPS = ("mortality", "Saving Babies' Lives", "intrapartum", "neonatal", "public health", "workforce")
CHART_TYPES = {"xmr": "XmR (individuals)", "p": "p-chart", "run": "Run chart"}
RAG = ("red", "amber", "green")
#: said wherever the national ambition is drawn (Parliament written answer HL428, Dec 2023)
AMBITION_ENDED = "the ambitions ran to 2025; no successor has been set"
#: where the national ambition line is pinned within a year: annual rates describe the whole
#: year, so the baseline and target values sit at the middle of their years
MID_YEAR = 0.5

_CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


@dataclass(frozen=True)
class Indicator:
    """One catalogue entry.

    RAG thresholds are the unit's own: ``rag_green`` is the value at or better than which the
    indicator is green; ``rag_red`` the value worse than which it is red; amber between.
    ``baseline`` / ``baseline_year`` is the national 2010 figure and ``target`` /
    ``target_year`` the national ambition, where one exists (in the indicator's scale).
    """

    code: str
    name: str
    scale: str
    better: str | None = None
    numerator: str = ""
    denominator: str = ""
    group: str = ""
    chart: str = "xmr"
    rag_green: float | None = None
    rag_red: float | None = None
    baseline: float | None = None
    baseline_year: int | None = None
    target: float | None = None
    target_year: int | None = None
    definition_version: str = "1"
    source: str = "national"  # "national" (shipped) or "local" (added by the unit)
    notes: str = ""
    sort_order: int = 0
    ambition: str = ""  # the national ambition in words: baseline, definition, where it ended
    ambition_source: str = ""
    rare_event: bool = False  # 0-3 events a month: charted by default as a g-chart
    #: the data items (core/data_items.py) whose sum is the numerator / denominator; empty for a
    #: unit's own indicator typed as its own two figures
    numerator_items: tuple[str, ...] = ()
    denominator_items: tuple[str, ...] = ()
    numerator_window: int = 1  # months the numerator is summed over (births in 12 months: 12)

    @property
    def from_items(self) -> bool:
        """Worked out from data items (else typed as its own numerator and denominator)."""
        return bool(self.numerator_items and self.denominator_items)

    @property
    def multiplier(self) -> float:
        return SCALES[self.scale]

    @property
    def scale_label(self) -> str:
        return SCALE_LABELS[self.scale]

    @property
    def is_proportion(self) -> bool:
        return self.scale in PROPORTION_SCALES

    @property
    def has_ambition(self) -> bool:
        return None not in (self.baseline, self.baseline_year, self.target, self.target_year)

    def validated(self) -> Indicator:
        """A clean copy, or :class:`InvalidValue` naming the first thing wrong."""
        code = (self.code or "").strip().lower()
        if not _CODE.match(code):
            raise InvalidValue(
                f"'{self.code}' is not a usable indicator code: use 2 to 40 lower-case letters, "
                "digits or underscores, starting with a letter"
            )
        name = (self.name or "").strip()
        if not name:
            raise InvalidValue("the indicator needs a name")
        if self.scale not in SCALES:
            raise InvalidValue(f"'{self.scale}' is not a scale ({', '.join(SCALES)})")
        better = self.better or None
        if better not in (None, *BETTER):
            raise InvalidValue(f"'{self.better}' is not a direction: use higher, lower or none")
        if self.chart not in CHART_TYPES:
            raise InvalidValue(f"'{self.chart}' is not a chart type ({', '.join(CHART_TYPES)})")
        if self.chart == "p" and self.scale not in PROPORTION_SCALES:
            raise InvalidValue("a p-chart needs a proportion (a %, per 100, per 1,000 or per 100,000 scale)")
        for label, v in (("green threshold", self.rag_green), ("red threshold", self.rag_red),
                         ("baseline", self.baseline), ("target", self.target)):
            if v is not None and v < 0:
                raise InvalidValue(f"the {label} cannot be negative")
        if (self.rag_green is None) != (self.rag_red is None):
            raise InvalidValue("give both RAG thresholds (green and red) or neither")
        if self.rag_green is not None:
            if better is None:
                raise InvalidValue("RAG thresholds need a better direction (higher or lower)")
            if better == "lower" and self.rag_green > self.rag_red:
                raise InvalidValue(
                    "lower is better, so the green threshold must not be above the red one"
                )
            if better == "higher" and self.rag_green < self.rag_red:
                raise InvalidValue(
                    "higher is better, so the green threshold must not be below the red one"
                )
        for label, year in (("baseline year", self.baseline_year), ("target year", self.target_year)):
            if year is not None and not 1990 <= year <= 2100:
                raise InvalidValue(f"the {label} {year} is not a plausible year")
        if (self.baseline is None) != (self.baseline_year is None):
            raise InvalidValue("give the national baseline together with its year")
        if (self.target is None) != (self.target_year is None):
            raise InvalidValue("give the ambition target together with its year")
        if (
            self.baseline_year is not None
            and self.target_year is not None
            and self.target_year <= self.baseline_year
        ):
            raise InvalidValue("the target year must come after the baseline year")
        num_items, den_items = tuple(self.numerator_items or ()), tuple(self.denominator_items or ())
        if bool(num_items) != bool(den_items):
            raise InvalidValue("give data items for both the numerator and the denominator, or for neither")
        window = int(self.numerator_window or 1)
        if not 1 <= window <= 24:
            raise InvalidValue("the numerator is summed over 1 to 24 months")
        return replace(self, code=code, name=name, better=better,
                       numerator_items=num_items, denominator_items=den_items, numerator_window=window,
                       numerator=(self.numerator or "").strip(),
                       denominator=(self.denominator or "").strip(),
                       group=(self.group or "").strip(),
                       definition_version=(self.definition_version or "1").strip() or "1",
                       ambition=(self.ambition or "").strip(), ambition_source=(self.ambition_source or "").strip(),
                       rare_event=bool(self.rare_event))


def rate(numerator: float | None, denominator: float | None, scale: str) -> float | None:
    """The rate in ``scale`` (``percent`` 3/40 -> 7.5); None when either count is missing or
    the denominator is 0. ``ratio`` is numerator / denominator."""
    if scale not in SCALES:
        raise InvalidValue(f"'{scale}' is not a scale ({', '.join(SCALES)})")
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator * SCALES[scale]


def rag(indicator: Indicator, value: float | None) -> str | None:
    """``"green"``, ``"amber"`` or ``"red"``; None without a value, a direction or thresholds.

    Lower better: green when value <= green threshold, red when value > red threshold.
    Higher better: green when value >= green threshold, red when value < red threshold.
    """
    g, r = indicator.rag_green, indicator.rag_red
    if value is None or g is None or r is None or indicator.better not in BETTER:
        return None
    if indicator.better == "lower":
        if value <= g:
            return "green"
        return "red" if value > r else "amber"
    if value >= g:
        return "green"
    return "red" if value < r else "amber"


def month_position(month: str) -> float:
    """``YYYY-MM`` as a fractional year at the middle of the month (2018-01 -> 2018 + 0.5/12)."""
    y, m = (int(p) for p in month.split("-"))
    return y + (m - 0.5) / 12


def ambition_value(indicator: Indicator, month: str) -> float | None:
    """The straight-line ambition trajectory at ``month``: the baseline at the middle of the
    baseline year falling (or rising) linearly to the target at the middle of the target year;
    held at the baseline before it and at the target after it. None without an ambition."""
    if not indicator.has_ambition:
        return None
    start = indicator.baseline_year + MID_YEAR
    end = indicator.target_year + MID_YEAR
    x = month_position(month)
    if x <= start:
        return indicator.baseline
    if x >= end:
        return indicator.target
    return indicator.baseline + (indicator.target - indicator.baseline) * (x - start) / (end - start)


def rolling_rates(
    numerators: Sequence[float | None],
    denominators: Sequence[float | None],
    scale: str,
    window: int = 12,
) -> list[float | None]:
    """For each position, the rate over the ``window`` consecutive months ending there (sum of
    numerators over sum of denominators). None until a full window of months with data is
    available, and wherever a month in the window is missing."""
    if len(numerators) != len(denominators):
        raise ValueError("numerators and denominators differ in length")
    out: list[float | None] = []
    for i in range(len(numerators)):
        if i + 1 < window:
            out.append(None)
            continue
        nums = numerators[i + 1 - window: i + 1]
        dens = denominators[i + 1 - window: i + 1]
        if any(v is None for v in nums) or any(v is None for v in dens):
            out.append(None)
            continue
        out.append(rate(sum(nums), sum(dens), scale))
    return out


def format_value(value: float | None, scale: str) -> str:
    """A rate as people read it: ``35.2%``, ``3.41 per 1,000``, ``28.1`` (ratio)."""
    if value is None:
        return ""
    return SCALE_TABLE.get(scale, SCALE_TABLE["per_100000"]).text.format(value)


def indicator_from_dict(data: dict) -> Indicator:
    """An :class:`Indicator` from a catalogue/JSON or database row dict (unknown keys ignored)."""
    fields = Indicator.__dataclass_fields__
    clean = {k: v for k, v in data.items() if k in fields}
    for key in ("numerator_items", "denominator_items"):
        if key in clean:
            clean[key] = tuple(clean[key] or ())
    missing = [k for k in ("code", "name", "scale") if not clean.get(k)]
    if missing:
        raise InvalidValue(f"an indicator needs {', '.join(missing)}")
    return Indicator(**clean).validated()
