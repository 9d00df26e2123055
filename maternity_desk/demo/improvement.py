"""Demo quality-improvement programme: three projects adopted from the pick-list at different
stages, dated relative to ``today`` (the last complete month is the latest data):

- **Term admissions (ATAIN)**, wave 1, now *sustaining*: a year of baseline at about 6.3 term
  admissions per 100 term births (the dashboard's figures), then a hypothermia bundle and transitional-care changes
  bring it to about 4.3 and it stays there (a shift on the p-chart);
- **Smoke-free pregnancy**, wave 2, *active*: smoking at delivery about 10.5% for the baseline
  year, falling to about 6% after CO testing at every booking and opt-out referral (the
  dashboard's figures: the measure is the dashboard indicator);
- **Very preterm optimisation**, wave 3, *planned*: starts next month; baseline audit data
  only, and no senior manager lead named yet (the board warns).

Each active project has its team, SMART aim, driver diagram, PDSA cycles (with the act
recorded once studied) and notes; the participation log has the programme's events with
actions, some done, some open, one overdue.
"""

from __future__ import annotations

import math
import random
from dataclasses import replace
from datetime import date, timedelta

from maternity_desk.core import improvement as qi
from maternity_desk.core.periods import add_months, month_of, month_start, shift_month
from maternity_desk.store import improvement as qs

# Measure name -> (denominator per month, rate before, rate after); rates as proportions.
ATAIN = {
    "Term admissions to the neonatal unit": (330, 0.063, 0.043),
    "Term admissions reviewed within 7 days": (None, 0.55, 0.93),  # denominator: the admissions
    "Transitional care used where eligible": (26, 0.45, 0.82),
    "Readmissions within 7 days": (330, 0.012, 0.012),
}
SFP = {
    "Smoking at time of delivery": (370, 0.125, 0.080),
    "CO test at booking": (395, 0.62, 0.95),
    "Opt-out referral of smokers": (52, 0.38, 0.88),
    "Booking appointments over 60 minutes": (40, 0.10, 0.12),
}
PTO = {
    "All applicable bundle elements received": (6, 0.45, 0.45),
    "Antenatal steroids under 34 weeks": (6, 0.82, 0.82),
    "Magnesium sulphate under 30 weeks": (2, 0.70, 0.70),
    "Optimal cord clamping (60 seconds or more)": (6, 0.40, 0.40),
    "Normothermia on admission (36.5-37.5 °C)": (6, 0.60, 0.60),
    "Early maternal breast milk": (6, 0.55, 0.55),
}


def _binomial(rng: random.Random, n: int, p: float) -> int:
    if n <= 30:
        return sum(rng.random() < p for _ in range(n))
    k = round(n * p + rng.gauss(0, math.sqrt(n * p * (1 - p))))
    return max(0, min(n, k))


def _series(rng, measure: qi.Measure, spec, months: list[str], change_at: int, *, before_centre: bool,
            counts: dict[str, int] | None = None) -> list[qi.MeasureValue]:
    """Monthly values: ``rate before`` up to ``change_at``, then ``rate after`` (reached over
    three months). For the primary measure after the change, months that would land on the
    wrong side of the baseline centre are redrawn, so the demo's shift is unmistakable."""
    den_size, before, after = spec
    out = []
    for i, month in enumerate(months):
        step = min(1.0, max(0.0, (i - change_at + 1) / 3)) if i >= change_at else 0.0
        p = before + (after - before) * step
        n = counts[month] if den_size is None else max(1, round(den_size * rng.uniform(0.9, 1.1)))
        k = _binomial(rng, n, p)
        if before_centre and step >= 1.0:
            edge = before + (after - before) * 0.3  # clear of wherever the baseline centre fell
            for _ in range(20):
                if (k / n < edge) == (after < before):
                    break
                k = _binomial(rng, n, p)
        out.append(qi.MeasureValue(month, k, n))
    return out


def _project(store, rng, code: str, *, start: date, status: str, wave: str, first_month: str,
             last_month: str, change_month: str | None, specs: dict, team, aim, drivers, cycles, notes):

    pid = qs.adopt_project(store, code, start_date=start, wave=wave, status=status,
                           team=[qi.TeamMember(n, r, t) for n, r, t in team])
    proj = qs.project(store, pid)
    aim_from, aim_to, aim_by = aim
    qs.save_project(store, replace(proj, aim_from=aim_from, aim_to=aim_to, aim_by=aim_by))
    months = []
    m = first_month
    while m <= last_month:
        months.append(m)
        m = shift_month(m, 1)
    change_at = months.index(change_month) if change_month in months else len(months)
    rows = []
    measures = {x.name: x for x in qs.measures(store, pid)}
    primary = next(x for x in measures.values() if x.is_primary)
    qs.save_measure(store, pid, replace(primary, baseline_points=12))
    counts: dict[str, int] = {}
    for name, spec in specs.items():
        if measures[name].indicator:  # the dashboard's figures (demo/dashboard.py): none of its own
            series = [v for v in qs.measure_values(store, measures[name].id) if v.month in months]
        else:
            series = _series(rng, measures[name], spec, months, change_at, before_centre=name == primary.name,
                             counts=counts)
            rows += [(measures[name].id, v) for v in series if v.denominator]
        if name == primary.name:
            counts = {v.month: v.numerator for v in series}
    qs.write_values(store, rows)
    store.audit("demo", "qi_measure_value", pid, None, {"values": len(rows)})
    for primary_text, secondaries in drivers:
        p_id = qs.add_driver(store, pid, None, primary_text)
        for secondary_text, ideas in secondaries:
            s_id = qs.add_driver(store, pid, p_id, secondary_text)
            for idea in ideas:
                qs.add_driver(store, pid, s_id, idea)
    for c in cycles:
        qs.save_pdsa(store, qi.PdsaCycle(project_id=pid, **c))
    for d, text in notes:
        qs.add_note(store, pid, qi.ProjectNote(d, text))
    return pid


def generate(store, rng: random.Random, today: date) -> None:
    last = shift_month(month_of(today), -1)  # the last complete month

    def mstart(back: int) -> date:
        return month_start(shift_month(last, -back))

    def day(back: int, d: int) -> date:
        return mstart(back) + timedelta(days=d - 1)

    # --- ATAIN: wave 1, sustaining ------------------------------------------------------------
    a_start = mstart(32)
    _project(
        store, rng, "ATAIN", start=a_start, status="sustaining", wave="Wave 1",
        first_month=shift_month(last, -44), last_month=last, change_month=shift_month(last, -29),
        specs=ATAIN,
        team=[("Dr Helen Achebe", "obstetrician_lead", "Consultant obstetrician"),
              ("Dr Tom Whitfield", "other", "Consultant neonatologist"),
              ("Grace Mensah", "midwife_lead", "Postnatal ward manager"),
              ("Paul Drummond", "senior_manager_lead", "Head of midwifery"),
              ("Jo Kirby", "improvement_coach", "Trust QI facilitator")],
        aim=(6.3, 5.0, add_months(a_start, 18)),
        drivers=[
            ("Babies kept warm from birth", [
                ("Temperature checked within an hour of birth", ["Hat and skin-to-skin for every baby",
                                                                 "Warm-room checklist on labour ward"]),
            ]),
            ("Hypoglycaemia prevented and treated on the ward", [
                ("Early feeding for babies at risk", ["First-feed-within-an-hour sticker on the cot card"]),
                ("Buccal dextrose gel before admission", ["Dextrose gel stocked on the postnatal ward"]),
            ]),
            ("Mother and baby cared for together", [
                ("Transitional care for eligible babies", ["Four transitional-care cots beside mothers"]),
            ]),
        ],
        cycles=[
            dict(title="Warm-room checklist", change_idea="Warm-room checklist on labour ward",
                 prediction="Half the babies with a first temperature below 36.5 °C will be warmed in time",
                 plan="Two weeks on labour ward, day shifts", do="Used for 61 of 74 births",
                 study="Low first temperatures fell from 9 to 3", act="adopt",
                 start_date=day(31, 6), end_date=day(31, 20)),
            dict(title="Dextrose gel on the postnatal ward", change_idea="Dextrose gel stocked on the postnatal ward",
                 prediction="Admissions for hypoglycaemia halve", plan="Gel stocked, staff briefed at huddles",
                 do="Gel given 23 times in the month", study="Admissions for hypoglycaemia 7 -> 3",
                 act="adapt", start_date=day(30, 2), end_date=day(29, 28)),
            dict(title="Dextrose gel with a feeding plan", change_idea="Early feeding for babies at risk",
                 prediction="Fewer repeat doses of gel", plan="Gel given with a written feeding plan",
                 do="All 19 babies given gel had a plan", study="Repeat doses 6 -> 2; no admissions",
                 act="adopt", start_date=day(28, 3), end_date=day(27, 28)),
            dict(title="Transitional-care cots", change_idea="Four transitional-care cots beside mothers",
                 prediction="Most babies needing antibiotics stay with their mothers",
                 plan="Open 4 cots on the postnatal ward for 6 weeks", do="38 babies cared for in TC",
                 study="Eligible babies in TC 45% -> 80%", act="adopt",
                 start_date=day(27, 10), end_date=day(26, 21)),
        ],
        notes=[(day(32, 2), "Adopted at the wave 1 launch; weekly ATAIN review meeting started."),
               (day(20, 14), "Term admissions below 5 per 100 for six months: aim met."),
               (day(8, 5), "Moved to sustaining: the review meeting is now monthly and run by the ward.")],
    )

    # --- Smoke-free pregnancy: wave 2, active --------------------------------------------------
    s_start = mstart(17)
    _project(
        store, rng, "SFP", start=s_start, status="active", wave="Wave 2",
        first_month=shift_month(last, -29), last_month=last, change_month=shift_month(last, -14),
        specs=SFP,
        team=[("Dr Ruth Osei", "obstetrician_lead", "Consultant obstetrician"),
              ("Megan Lloyd", "midwife_lead", "Public health midwife"),
              ("Paul Drummond", "senior_manager_lead", "Head of midwifery"),
              ("Jo Kirby", "improvement_coach", "Trust QI facilitator"),
              ("Sam Carter", "other", "Stop-smoking adviser")],
        aim=(10.5, 6.0, add_months(s_start, 30)),
        drivers=[
            ("Every smoker identified", [
                ("CO test at every booking", ["CO monitor in every booking clinic",
                                              "CO reading field made mandatory in the booking record"]),
            ]),
            ("Every smoker supported to stop", [
                ("Opt-out referral", ["Referral sent by the booking midwife the same day"]),
                ("Specialist support in pregnancy", ["In-house stop-smoking adviser at antenatal clinic"]),
            ]),
        ],
        cycles=[
            dict(title="CO monitor in every booking clinic", change_idea="CO monitor in every booking clinic",
                 prediction="CO recorded at 80% of bookings", plan="Buy 6 monitors; one clinic first",
                 do="Monitors in 3 of 6 clinics by week 4", study="CO recorded at 71% of bookings",
                 act="adapt", start_date=day(16, 4), end_date=day(15, 20)),
            dict(title="Mandatory CO field", change_idea="CO reading field made mandatory in the booking record",
                 prediction="CO recorded at 90% of bookings", plan="Change the booking template",
                 do="Template live in week 2", study="CO recorded at 94% of bookings", act="adopt",
                 start_date=day(14, 6), end_date=day(13, 25)),
            dict(title="Same-day opt-out referral", change_idea="Referral sent by the booking midwife the same day",
                 prediction="Referral of women with CO 4 ppm or more rises to 80%",
                 plan="Referral form in the booking pack", do="Used at 5 of 6 clinics",
                 study="Referral 38% -> 86%", act="adopt", start_date=day(13, 10), end_date=day(12, 28)),
            dict(title="Stop-smoking adviser at antenatal clinic",
                 change_idea="In-house stop-smoking adviser at antenatal clinic",
                 prediction="Quit rate at 4 weeks doubles", plan="Adviser in clinic two mornings a week",
                 do="Adviser saw 41 women", study="4-week quits 9 -> 19", act="adopt",
                 start_date=day(11, 2), end_date=day(9, 27)),
            dict(title="CO test again at 36 weeks", change_idea="CO test at every booking",
                 prediction="Relapse found and referred before birth",
                 plan="CO test added to the 36-week appointment", do="Started in two community teams",
                 start_date=day(1, 3)),
        ],
        notes=[(day(17, 3), "Adopted at the wave 2 learning session."),
               (day(6, 12), "Smoking at delivery below 9% for 7 months in a row: a shift on the chart.")],
    )

    # --- Very preterm optimisation: wave 3, planned --------------------------------------------
    next_month = month_start(shift_month(month_of(today), 1))
    _project(
        store, rng, "PTO", start=next_month, status="planned", wave="Wave 3",
        first_month=shift_month(last, -8), last_month=last, change_month=None,
        specs=PTO,
        team=[("Dr Anil Mehta", "obstetrician_lead", "Consultant obstetrician, fetal medicine"),
              ("Claire Dunn", "midwife_lead", "Labour ward matron"),
              ("Dr Sofia Rossi", "other", "Consultant neonatologist")],
        aim=(45.0, 90.0, add_months(next_month, 24)),
        drivers=[("Every eligible mother given steroids and magnesium in time", [
            ("Preterm labour recognised early", ["Preterm birth proforma in triage"])])],
        cycles=[], notes=[],
    )

    # --- programme participation log ----------------------------------------------------------

    events = [
        ("learning_event", day(34, 15), "National learning event", "Dr Helen Achebe, Grace Mensah",
         "Units that review every term admission weekly found a third were avoidable.",
         [("Start a weekly ATAIN review meeting", "Grace Mensah", day(33, 1), "done")]),
        ("wave_learning_session", day(32, 3), "Wave 1 learning session 1", "Dr Helen Achebe, Jo Kirby",
         "Driver diagrams and choosing one outcome measure.",
         [("Draft the ATAIN driver diagram", "Jo Kirby", day(31, 1), "done")]),
        ("coach_training", day(30, 20), "Improvement-coach training (3 days)", "Jo Kirby, Megan Lloyd",
         "Run charts, SPC and PDSA ramps.", []),
        ("safety_culture_survey", day(28, 1), "Safety-culture survey, round 1", "142 of 260 staff responded",
         "Teamwork climate positive for 61%; labour ward lowest.",
         [("Debrief the survey results with labour ward", "Paul Drummond", day(27, 1), "done")]),
        ("wave_learning_session", day(17, 8), "Wave 2 learning session", "Dr Ruth Osei, Megan Lloyd",
         "Opt-out referral and CO testing at every contact.",
         [("Buy CO monitors for every booking clinic", "Paul Drummond", day(16, 1), "done")]),
        ("trust_visit", day(12, 9), "Programme visit to the unit", "Paul Drummond, Jo Kirby, both project teams",
         "Visitors suggested taking the ATAIN review to the ward to sustain it.",
         [("Hand the ATAIN review to the postnatal ward", "Grace Mensah", day(9, 1), "done"),
          ("Share the SFP charts at the maternity safety champions' meeting", "Megan Lloyd", day(10, 1), "done")]),
        ("safety_culture_survey", day(16, 1), "Safety-culture survey, round 2", "171 of 265 staff responded",
         "Teamwork climate positive for 68%; debriefs after incidents valued.",
         [("Debrief after every serious incident within 72 hours", "Claire Dunn", day(14, 1), "in_progress")]),
        ("safety_culture_survey", day(4, 1), "Safety-culture survey, round 3", "180 of 270 staff responded",
         "Teamwork climate positive for 74%.",
         [("Publish the round 3 results on the staff intranet", "Paul Drummond", day(3, 1), "open")]),
        ("wave_learning_session", day(1, 10), "Wave 3 launch", "Dr Anil Mehta, Claire Dunn",
         "The preterm optimisation bundle and its measures.",
         [("Name a senior manager lead for PTO", "Paul Drummond", add_months(today, 1), "open"),
          ("Audit the last 9 months of births under 34 weeks", "Claire Dunn", add_months(today, 1), "in_progress")]),
    ]
    for back in range(11, -1, -1):
        events.append(("community_of_practice", day(back, 20),
                       "Community of practice (online)", rng.choice(["Jo Kirby", "Megan Lloyd", "Grace Mensah"]),
                       rng.choice(["Testing changes at small scale", "Sustaining gains after the project ends",
                                   "Involving women and families in QI", "Reading SPC charts with the board"]),
                       []))
    for kind, d, title, who, learned, actions in events:
        if d > today:
            continue
        eid = qs.save_event(store, qi.ProgrammeEvent(kind, d, title, who, learned))
        for text, owner, due, status in actions:
            qs.save_action(store, eid, qi.EventAction(text, owner, due, status))
