"""Demo board report records: 30 months of staffing figures (a winter dip in fill rate and
one-to-one care, red flags that follow it), incidents by category and harm, investigations,
MNSI referrals, feedback counts and Friends and Family Test scores, MNVP themes, items for the
board's decision, and external reports and concerns (one response overdue, one due soon)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from maternity_desk.core import board as b
from maternity_desk.core.periods import month_of, month_range, month_start, shift_month
from maternity_desk.store import board as sb

MONTHS = 30
THEMES = [
    "Partners asked to stay overnight on the postnatal ward",
    "Waits for discharge on the postnatal ward",
    "Information about induction of labour before admission",
    "Kind and respectful care in the birth centre",
    "Interpreters for appointments in triage",
    "Continuity of the midwife through pregnancy",
    "Infant feeding support after discharge",
    "Parking and access for the antenatal clinic",
]
DECISIONS = [
    "Approve the business case for 6.4 WTE additional midwives (establishment review)",
    "Agree the response to the CQC's concern about triage waiting times",
    "Note the neonatal nursing workforce plan and its risk",
]
EXTERNALS = [
    # kind, received (days before today), source, summary, due after (days), responded after (days), owner, decision
    ("mnsi_report", 320, "MNSI", "Report on a term intrapartum stillbirth: 3 safety recommendations", 60, 52,
     "Director of midwifery", False),
    ("regulation_28", 210, "HM Coroner for Ashmoor", "Prevention of future deaths: escalation of abnormal CTG", 56,
     50, "Medical director", True),
    ("cqc", 40, "Care Quality Commission", "Triage waiting times and the telephone advice line", 28, None,
     "Head of midwifery", True),
    ("nhs_resolution", 25, "NHS Resolution", "Evidence requested for safety action 5 (midwifery workforce)", 21,
     None, "Director of midwifery", False),
    ("region", 75, "Regional perinatal team", "Neonatal cot capacity and transfers out of area", 30, None,
     "Clinical director, neonatology", False),
    ("mnsi_report", 12, "MNSI", "Report on a baby with hypoxic ischaemic encephalopathy (cooled)", 60, None,
     "Clinical director, obstetrics", False),
]


def generate(store, rng: random.Random, today: date) -> None:
    last = shift_month(month_of(today), -1)
    months = month_range(shift_month(last, -(MONTHS - 1)), last)
    catalogue = sb.measures(store)
    cats = sb.categories(store)
    values, counts = [], []
    for i, month in enumerate(months):
        winter = month_start(month).month in (12, 1, 2)
        planned = 21000 + rng.randint(-300, 300)
        fill = rng.uniform(0.86, 0.93) if winter else rng.uniform(0.91, 0.98)
        one = 100.0 if rng.random() < 0.4 and not winter else round(rng.uniform(96.5, 99.8), 1)
        coord = round(rng.uniform(88, 97) if winter else rng.uniform(94, 100), 1)
        figures = {
            "midwife_hours_planned": planned, "midwife_hours_actual": round(planned * fill),
            "midwife_wte_planned": 212.4, "midwife_wte_actual": round(212.4 * fill, 1),
            "one_to_one": one, "coordinator_supernumerary": coord,
            "consultant_presence": round(rng.uniform(93, 100), 1),
            "neonatal_nursing": round(rng.uniform(78, 92) if winter else rng.uniform(85, 97), 1),
            "midwife_vacancy_wte": round(max(0.0, 14 - i * 0.25 + rng.uniform(-1.5, 1.5)), 1),
            "rota_gaps": rng.randint(2, 9) + (3 if winter else 0),
            "investigations_opened": rng.randint(0, 3), "investigations_closed": rng.randint(0, 3),
            "mnsi_referrals": rng.choice((0, 0, 0, 1, 1, 2)),
            "complaints": rng.randint(3, 11), "compliments": rng.randint(15, 45),
            "fft_score": round(rng.uniform(90, 98.5), 1),
        }
        for m in catalogue:
            if m.code.startswith("red_flag"):
                figures[m.code] = rng.randint(0, 4) + (rng.randint(2, 6) if winter else 0)
        values.extend((month, code, v) for code, v in figures.items())
        for cat in cats:
            base = 3 if cat in ("Delay in care", "Fetal monitoring", "Postpartum haemorrhage") else 1
            for harm, weight in (("no_harm", 2.5), ("low", 1.2), ("moderate", 0.25), ("severe", 0.03),
                                 ("death", 0.01)):
                n = sum(1 for _ in range(base * 6) if rng.random() < weight / 6)
                if n:
                    counts.append((month, cat, harm, n))
        if i % 2 == 0 or i == len(months) - 1:
            sb.add_note(store, month, "mnvp_theme", rng.choice(THEMES))
            sb.add_note(store, month, "mnvp_theme", rng.choice(THEMES))
    sb.set_values(store, values, action="demo")
    sb.set_incidents(store, counts, action="demo")
    sb.add_note(store, last, "decision", DECISIONS[0])
    sb.add_note(store, shift_month(last, -1), "decision", DECISIONS[2])
    for kind, ago, source, summary, due, responded, owner, decision in EXTERNALS:
        received = today - timedelta(days=ago)
        sb.save_external(store, b.make_external(
            kind, received, source, summary, received + timedelta(days=due),
            received + timedelta(days=responded) if responded is not None else None, owner, decision))
