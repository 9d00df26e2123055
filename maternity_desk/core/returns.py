"""What the monthly return contains, as data: sections (one per sheet), tables, rows.

The return gathers figures that every area computes for itself (training compliance, fund
figures, indicator rates and SPC, project signals, overdue governance items); nothing here
recomputes them. What this module adds is the shape of the return and one rule of its own,
small-number suppression (NHS Digital's disclosure rule for sub-national figures about people):

- 0 stays 0; 1 to 7 is shown as ``*``; 8 or more is rounded to the nearest 5;
- a rate is computed from the rounded numerator and denominator (``*`` if either is ``*``);
- a figure that is not a count of people (whole-time equivalents of staff) is shown as it is.

Suppression is applied only to the figures that leave the unit; the database keeps the real
ones. Cells are plain values, or the small wrappers :class:`Rate`, :class:`Money`,
:class:`Month` that tell a writer how to show them (a writer decides the number format).

Pure Python: no Qt, no SQL, no files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.indicators import AMBITION_ENDED, SCALE_LABELS, ambition_value, rag, rate
from maternity_desk.core.periods import month_label
from maternity_desk.core.training import percent_of, rag_for

SUPPRESSED = "*"
SMALL_MAX = 7  # counts 1..SMALL_MAX are shown as "*"
ROUND_TO = 5

SHEETS = ("Cover", "Dashboard", "Trends", "Training", "Fund", "Improvement", "Governance", "Data")
#: the Data sheet's columns, in order: the layout the ``return`` importer reads back
DATA_COLUMNS = ("unit", "ods_code", "month", "indicator", "indicator_name", "scale",
                "numerator", "denominator", "value", "suppressed")
DATA_MONTHS = 12  # the Data sheet holds the 12 months ending at the return's month
TREND_MONTHS = 24  # months drawn on each key indicator's chart
#: indicators drawn on the Trends sheet when the catalogue has them (else those with data)
KEY_INDICATORS = ("stillbirth", "neonatal_death", "term_admissions", "smoking_delivery",
                  "pph_1500", "tears_3_4")
MAX_CHARTS = 6

VARIATION_LABELS = {
    "common": "Common cause",
    "improvement": "Special cause: improvement",
    "concern": "Special cause: concern",
    "neutral": "Special cause: neither better nor worse",
}
ASSURANCE_LABELS = {
    "pass": "Consistently passing the target",
    "fail": "Consistently failing the target",
    "hit_and_miss": "Hit and miss",
}
CHART_LABELS = {"xmr": "XmR", "p": "p-chart", "run": "Run chart"}

SUPPRESSION_APPLIED = (
    "Small-number suppression applied: counts of 1 to 7 are shown as *, other counts are "
    "rounded to the nearest 5, figures that are not counts (whole-time equivalents) are shown "
    "as they are, and rates are computed from the published figures. SPC means "
    "and limits are computed from the unit's real figures. The unit's database keeps the "
    "real figures."
)
SUPPRESSION_NOT_APPLIED = (
    "Small-number suppression not applied: the figures are the unit's real counts. Apply "
    "suppression before publishing this return outside the organisation."
)


# --- suppression -------------------------------------------------------------------------------

def suppress_count(n: int | None) -> int | str | None:
    """One count as it may be published: None stays None, 0 stays 0, 1..7 -> ``"*"``,
    8 or more rounded to the nearest 5 (8 -> 10, 12 -> 10, 13 -> 15)."""
    if n is None:
        return None
    if isinstance(n, bool) or not isinstance(n, int):
        raise InvalidValue(f"'{n}' is not a count")
    if n < 0:
        raise InvalidValue(f"a count cannot be negative ({n})")
    if n == 0:
        return 0
    if n <= SMALL_MAX:
        return SUPPRESSED
    return ROUND_TO * ((n + ROUND_TO // 2) // ROUND_TO)  # no exact halves: 5 is odd


def _published_figure(value: int | float | None) -> int | float | str | None:
    """A count (of births, deaths, people) by :func:`suppress_count`; a figure that is not a
    count (whole-time equivalents of staff in post, a midwife to birth ratio's denominator) is
    not a number of people the rule protects, and is published as it is."""
    return value if isinstance(value, float) else suppress_count(value)


def published(numerator: int | None, denominator: int | None, scale: str, *,
              suppress: bool) -> tuple[int | str | None, int | str | None, float | str | None]:
    """(numerator, denominator, rate) as the return shows them. Without suppression the real
    counts and :func:`maternity_desk.core.indicators.rate`; with it the suppressed counts and
    the rate of the rounded ones (``"*"`` when either is suppressed)."""
    if not suppress:
        return numerator, denominator, rate(numerator, denominator, scale)
    n, d = _published_figure(numerator), _published_figure(denominator)
    if SUPPRESSED in (n, d):
        return n, d, SUPPRESSED
    return n, d, rate(n, d, scale)


def _number(v) -> float | None:
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


# --- cell wrappers -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Rate:
    """A rate in an indicator's scale (``percent`` 35.2 means 35.2%); ``"*"`` when suppressed."""

    value: float | str | None
    scale: str


@dataclass(frozen=True)
class Money:
    pence: int | None


@dataclass(frozen=True)
class Month:
    month: str  # YYYY-MM


@dataclass(frozen=True)
class Link:
    """A link to another sheet of the return."""

    text: str
    sheet: str


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # text, count, rate, money, date, month, rag, number, link


@dataclass
class Table:
    columns: tuple[Column, ...]
    rows: list[tuple]
    title: str = ""
    empty: str = "None."
    chart: str | None = None  # a line chart of the table's rate columns, with this title

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


@dataclass
class Section:
    """One sheet: a title, notes, and its tables."""

    sheet: str
    title: str
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    available: bool = True
    #: notes on the columns printed as a second part (the Dashboard's reference columns)
    side_notes: list[str] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return sum(len(t.rows) for t in self.tables)


@dataclass
class ReturnContent:
    unit_name: str
    trust: str
    ods_code: str
    lms: str
    region: str
    month: str
    produced: datetime
    version: str
    suppressed: bool
    sections: list[Section]

    def section(self, sheet: str) -> Section:
        for s in self.sections:
            if s.sheet == sheet:
                return s
        raise KeyError(sheet)

    @property
    def suppression_text(self) -> str:
        return SUPPRESSION_APPLIED if self.suppressed else SUPPRESSION_NOT_APPLIED

    def contents(self) -> list[tuple[str, str, int, bool]]:
        """(sheet, title, rows, available) of every section, for the cover and the preview."""
        return [(s.sheet, s.title, s.row_count, s.available) for s in self.sections]


def unavailable(sheet: str, title: str, reason: str) -> Section:
    """A section for an area whose figures cannot be given: it says so plainly."""
    return Section(sheet, title, [], [reason], available=False)


# --- dashboard ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class IndicatorMonth:
    """What the return needs of one indicator: its catalogue entry, the months of its series
    with counts, its SPC view rows (``core.dashboard.SpcRow``, same months) and assurance."""

    indicator: object  # core.indicators.Indicator
    months: Sequence[str]
    numerators: Sequence[int | None]
    denominators: Sequence[int | None]
    rolling: Sequence[float | None]  # core.indicators.rolling_rates over the series
    spc_rows: Sequence[object]  # core.dashboard.SpcRow
    chart: str
    assurance: str | None


def _window_totals(nums, dens, i: int, window: int) -> tuple[int | None, int | None]:
    if i + 1 < window:
        return None, None
    n, d = nums[i + 1 - window: i + 1], dens[i + 1 - window: i + 1]
    if any(v is None for v in n) or any(v is None for v in d):
        return None, None
    return sum(n), sum(d)


DASHBOARD_COLUMNS = (
    Column("Indicator"), Column("Numerator", "count"), Column("Denominator", "count"),
    Column("Rate", "rate"), Column("RAG", "rag"), Column("Rolling 12 months", "rate"),
    Column("Variation"), Column("Assurance"),
    Column("Indicator"), Column("Group"), Column("SPC chart"),
    Column("Mean or median", "rate"), Column("Lower limit", "rate"), Column("Upper limit", "rate"),
    Column("Ambition trajectory", "rate"), Column("National target", "rate"),
    Column("Target year", "number"),
)
#: the Dashboard's columns print in two parts, each starting with the indicator's name: the
#: month's figures and signals, then the reference columns (group, SPC limits, ambition); the
#: indicators' codes are in the Data sheet only (the part read back), never in the printed parts
DASHBOARD_PRINT_SPLIT = 8
DASHBOARD_REFERENCE_TITLE = "Maternity indicators: SPC chart and targets"


def dashboard_row(im: IndicatorMonth, month: str, *, suppress: bool) -> tuple:
    ind = im.indicator
    s = ind.scale
    i = list(im.months).index(month) if month in im.months else None
    num = den = None
    spc = None
    if i is not None:
        num, den, spc = im.numerators[i], im.denominators[i], im.spc_rows[i]
    n_out, d_out, r_out = published(num, den, s, suppress=suppress)
    roll = None
    if i is not None:
        if suppress:
            tn, td = _window_totals(im.numerators, im.denominators, i, 12)
            roll = published(tn, td, s, suppress=True)[2]
        else:
            roll = im.rolling[i]
    status = rag(ind, _number(r_out))
    mean = lower = upper = None
    variation = None
    if spc is not None and spc.value is not None:
        mean, lower, upper = spc.mean, spc.lower, spc.upper
        variation = VARIATION_LABELS.get(spc.variation, spc.variation)
    has_data = i is not None and num is not None
    return (
        ind.name, n_out, d_out, Rate(r_out, s), status, Rate(roll, s),
        variation if has_data else "No data for the month",
        ASSURANCE_LABELS.get(im.assurance, "") if has_data and im.assurance else "",
        ind.name, ind.group, CHART_LABELS.get(im.chart, im.chart),
        Rate(mean, s), Rate(lower, s), Rate(upper, s),
        Rate(ambition_value(ind, month), s), Rate(ind.target, s), ind.target_year,
    )


def dashboard_section(items: Iterable[IndicatorMonth], month: str, *, suppress: bool) -> Section:
    rows = [dashboard_row(im, month, suppress=suppress) for im in items]
    notes = [
        "One row per indicator for the month: counts, rate in the indicator's scale (its unit "
        "is shown with each rate), RAG against the unit's thresholds, the rate over the 12 "
        "months ending with the month, and the month's variation and assurance on the "
        "indicator's SPC chart (Making Data Count rules).",
    ]
    side = [
        "The month's point on each indicator's SPC chart: the chart used, its centre line "
        "(the mean; the median on a run chart) and process limits.",
        "Ambition trajectory: the straight line from the 2010 national baseline to the national "
        f"target, at this month ({AMBITION_ENDED}).",
    ]
    return Section("Dashboard", "Maternity indicators", [Table(DASHBOARD_COLUMNS, rows)], notes,
                   side_notes=side)


def key_indicators(items: Sequence[IndicatorMonth], month: str) -> list[IndicatorMonth]:
    """The indicators charted on the Trends sheet: :data:`KEY_INDICATORS` that have data up
    to the month, else the first indicators with data (at most :data:`MAX_CHARTS`)."""
    with_data = [im for im in items if any(m <= month for m in im.months)]
    by_code = {im.indicator.code: im for im in with_data}
    chosen = [by_code[c] for c in KEY_INDICATORS if c in by_code]
    if not chosen:
        chosen = with_data
    return chosen[:MAX_CHARTS]


def trends_section(items: Sequence[IndicatorMonth], months: Sequence[str], *,
                   suppress: bool) -> Section:
    """For each key indicator, a table of the months up to the return's month (rate, SPC
    mean and limits, ambition) with a line chart of it."""
    tables = []
    month = months[-1]
    for im in key_indicators(items, month):
        ind, s = im.indicator, im.indicator.scale
        index = {m: i for i, m in enumerate(im.months)}
        rows = []
        for m in months:
            i = index.get(m)
            value = mean = lower = upper = None
            if i is not None:
                value = published(im.numerators[i], im.denominators[i], s, suppress=suppress)[2]
                spc = im.spc_rows[i]
                if spc.value is not None:
                    mean, lower, upper = spc.mean, spc.lower, spc.upper
            if value == SUPPRESSED:
                value = None  # a chart would draw text as zero: left blank, see the note
            rows.append((Month(m), Rate(value, s), Rate(mean, s), Rate(lower, s), Rate(upper, s),
                         Rate(ambition_value(ind, m), s)))
        centre = "Median" if im.chart == "run" else "Mean"  # what the chart draws as its centre line
        cols = (Column("Month", "month"), Column("Rate", "rate"), Column(centre, "rate"),
                Column("Lower limit", "rate"), Column("Upper limit", "rate"),
                Column("Ambition", "rate"))
        title = f"{ind.name} ({SCALE_LABELS[s]}), {CHART_LABELS.get(im.chart, im.chart)}"
        tables.append(Table(cols, rows, title=title, chart=title))
    notes = [f"The {len(months)} months to the return's month for the key indicators: the "
             "monthly rate with the SPC mean (the median on a run chart) and process limits, and the national ambition "
             f"line where there is one ({AMBITION_ENDED}). A blank rate is a month without data"
             + (" or a rate suppressed because its counts are small." if suppress else ".")]
    if not tables:
        return unavailable("Trends", "Key indicators over time",
                           "No indicator has data up to this month, so there is nothing to chart.")
    return Section("Trends", "Key indicators over time", tables, notes)


def data_rows(unit: str, ods_code: str, items: Iterable[IndicatorMonth], months: Sequence[str],
              *, suppress: bool) -> list[tuple]:
    """The Data sheet: one row per unit, month and indicator with data, in the layout
    :data:`DATA_COLUMNS` (``value`` in the indicator's scale, as the CLI's JSON gives it)."""
    wanted = set(months)
    out = []
    for im in items:
        ind = im.indicator
        for m, n, d in zip(im.months, im.numerators, im.denominators):
            if m not in wanted or n is None or d is None:
                continue
            n_out, d_out, value = published(n, d, ind.scale, suppress=suppress)
            out.append((unit, ods_code, m, ind.code, ind.name, ind.scale, n_out, d_out, value,
                        "yes" if suppress else "no"))
    out.sort(key=lambda r: (r[3], r[2]))
    return out


def data_section(rows: list[tuple]) -> Section:
    cols = (Column("unit"), Column("ods_code"), Column("month"), Column("indicator"),
            Column("indicator_name"), Column("scale"), Column("numerator", "count"),
            Column("denominator", "count"), Column("value", "number"), Column("suppressed"))
    return Section("Data", "Indicator figures in long form", [Table(cols, rows)], [
        "One row per unit, month and indicator: the layout another Maternity Desk reads with "
        "'import return'. The value is in the indicator's scale (percent, per 1,000 ...)."])


# --- training ----------------------------------------------------------------------------------

TRAINING_COLUMNS = (
    Column("Course code"), Column("Course"), Column("Staff group"),
    Column("Eligible", "count"), Column("In date", "count"), Column("Compliance", "rate"),
    Column("RAG", "rag"),
)


def training_section(rows: Iterable[object], as_at: date, course_names: dict[str, str],
                     group_names: dict[str, str], thresholds, *, suppress: bool) -> Section:
    """Compliance rows (``core.training.ComplianceRow``) as at the month end. With suppression
    the counts are suppressed and the percent and RAG come from the rounded counts through the
    training area's own :func:`percent_of` and :func:`rag_for` (``thresholds``: its
    ``Thresholds``)."""

    out = []
    for r in rows:
        eligible, in_date, pct, status = r.eligible, r.in_date, r.percent, r.rag
        if suppress:
            eligible, in_date = suppress_count(r.eligible), suppress_count(r.in_date)
            if SUPPRESSED in (eligible, in_date):
                pct, status = SUPPRESSED, None
            else:
                pct = percent_of(in_date, eligible)
                status = rag_for(pct, thresholds)
        out.append((r.course, course_names.get(r.course, r.course),
                    group_names.get(r.staff_group, r.staff_group), eligible, in_date,
                    Rate(pct, "percent"), status))
    notes = [f"Compliance as at {as_at:%d/%m/%Y}: eligible staff in date on each course their "
             f"staff group must take. RAG: green at {thresholds.green:g}% or more, amber at "
             f"{thresholds.amber:g}% or more, red below."]
    return Section("Training", "Training compliance", [Table(TRAINING_COLUMNS, out)], notes)


# --- fund -------------------------------------------------------------------------------------

FUND_COLUMNS = (
    Column("Fund"), Column("Fund name"), Column("Financial year"), Column("Allocated", "money"),
    Column("Paid", "money"), Column("Outstanding commitments", "money"),
    Column("Available", "money"), Column("Places bought", "count"),
    Column("People trained", "count"), Column("Cost per person trained", "money"),
)


def fund_section(figures: Iterable[object], names: dict[str, str], fy: str, as_at: date, *,
                 suppress: bool) -> Section:
    """Each fund's figures (``core.fund.FundFigures``) for the financial year to date; a
    fund with nothing allocated, paid, committed, bought or trained in the year has no row."""
    out = []
    for f in figures:
        if not any((f.allocated_pence, f.paid_pence, f.outstanding_pence, f.available_pence,
                    f.places, f.people_trained)):
            continue
        places, people = f.places, f.people_trained
        if suppress:
            places, people = suppress_count(places), suppress_count(people)
        out.append((f.fund, names.get(f.fund, f.fund), f.fy, Money(f.allocated_pence),
                    Money(f.paid_pence), Money(f.outstanding_pence), Money(f.available_pence),
                    places, people, Money(f.cost_per_person_pence)))
    notes = [f"Financial year {fy} to {as_at:%d/%m/%Y}: allocations, payments less refunds, "
             "commitments not yet paid and the money still available. People trained are "
             "the distinct staff who attended sessions linked to the fund's spending in the "
             "year."]
    return Section("Fund", "Training fund",
                   [Table(FUND_COLUMNS, out, empty=f"No fund has any money or training recorded in {fy}.")], notes)


# --- improvement ---------------------------------------------------------------------------------

IMPROVEMENT_COLUMNS = (
    Column("Code"), Column("Project"), Column("Status"), Column("Area"), Column("Started", "date"),
    Column("Ended", "date"), Column("Primary measure"), Column("Latest month", "month"),
    Column("Latest signal"), Column("Missing leads"), Column("Latest note"),
)


def improvement_section(board: Iterable[object], latest_notes: dict[int, str]) -> Section:
    """One row per adopted project (``core.improvement.BoardRow``)."""
    out = []
    for r in board:
        p = r.project
        out.append((p.code, p.title, p.status.capitalize(), p.area, p.start_date, p.end_date,
                    r.primary_measure, Month(r.latest_month) if r.latest_month else None,
                    r.signal.capitalize() if r.signal else "No data",  # statuses capitalised
                    (", ".join(x.replace("_", " ") for x in r.missing_leads) or "All in place").capitalize(),
                    latest_notes.get(p.id, "")))
    notes = ["Adopted improvement projects with the signal of each project's primary measure "
             "on its SPC chart (improving, no change, concern) from its values up to the "
             "return's month, and notes up to that month. Status, dates and team are as they "
             "stand when the return is produced."]
    return Section("Improvement", "Improvement projects", [Table(IMPROVEMENT_COLUMNS, out)], notes)


# --- governance --------------------------------------------------------------------------------

_DIED = re.compile(r"\bdied (\d{1,2})/(\d{1,2})/(\d{4})\b")


def without_dates_of_death(text: str) -> str:
    """An item's text as the return shows it: an exact date of death (``died 23/10/2025``,
    as the governance registers word a review's milestones) becomes its month (``died Oct
    2025``), as on the open reviews table; a return leaves the unit, a date of death with the
    unit's name could identify a family."""
    def month(m) -> str:
        day, mon, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if not 1 <= mon <= 12 or not 1 <= day <= 31:
            return "died (date withheld)"
        return f"died {month_label(f'{year:04d}-{mon:02d}')}"

    return _DIED.sub(month, text)


@dataclass
class GovernanceFacts:
    """What the governance sheet shows, gathered from the registers (core objects)."""

    champions: list[tuple[str, str | None, date | None]]  # (role label, person or None, since)
    last_meeting: date | None
    meetings_12_months: int
    plan_progress: list[object]  # core.governance.AreaProgress
    submissions: list[tuple[str, str, date, date | None, str]]  # dataset, period, due, submitted, status
    open_reviews: list[tuple[str, str, str, str, int]]  # reference, category, month died, status, overdue
    overdue: list[object]  # core.governance.OverdueItem


def governance_section(f: GovernanceFacts, as_at: date) -> Section:
    champions = Table(
        (Column("Role"), Column("Champion"), Column("In role since", "date")),
        [(role, person or "Vacant", since) for role, person, since in f.champions],
        title=f"Safety champions on {as_at:%d/%m/%Y}")
    meetings = Table(
        (Column("Last champions' meeting", "date"), Column("Meetings in the 12 months", "count")),
        [(f.last_meeting, f.meetings_12_months)], title="Champions' meetings")
    plan = Table(
        (Column("Area"), Column("Not started", "count"), Column("In progress", "count"),
         Column("Complete", "count"), Column("Dropped", "count"), Column("Overdue", "count"),
         Column("Complete (of live actions)", "rate")),
        [(a.area, a.not_started, a.in_progress, a.complete, a.dropped, a.overdue,
          Rate(a.percent_complete, "percent")) for a in f.plan_progress],
        title="Safety improvement plan progress", empty="No plan actions recorded.")
    subs = Table(
        (Column("Dataset"), Column("Period"), Column("Due", "date"), Column("Submitted", "date"),
         Column("Status")),
        list(f.submissions), title="Dataset submissions due in the month or outstanding",
        empty="None due in the month and none outstanding.")
    reviews = Table(
        (Column("Reference"), Column("Category"), Column("Month of death", "month"),
         Column("Status"), Column("Milestones overdue", "count")),
        [(ref, cat, Month(m), status, n) for ref, cat, m, status, n in f.open_reviews],
        title="Open perinatal mortality reviews", empty="No open reviews.")
    overdue = Table(
        (Column("Register"), Column("Item"), Column("Due", "date"), Column("Days overdue", "count")),
        [(i.register, without_dates_of_death(i.item), i.due_date, i.days_overdue)
         for i in f.overdue],
        title=f"Overdue items on {as_at:%d/%m/%Y}", empty="Nothing overdue.")
    notes = [f"The governance registers as at {as_at:%d/%m/%Y}. Reviews carry the unit's local "
             "reference and the month of death only."]
    return Section("Governance", "Governance", [champions, meetings, plan, subs, reviews, overdue],
                   notes)
