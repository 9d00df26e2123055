"""Demo dashboard: four years of monthly figures for a unit of about 4,500 births a year,
four peer units in the same local maternity system, a few annotations.

Built to show something on the SPC views: smoking at the time of delivery falls from about
10.5% to about 6% once a tobacco-dependence project starts (an improvement), and postpartum
haemorrhage of 1,500 ml or more rises after quantitative blood-loss measurement comes in (a
concern). Everything else wanders with common-cause variation around believable rates.
"""

from __future__ import annotations

import math
import random
from datetime import date

from maternity_desk.core.dashboard import last_complete_month
from maternity_desk.core.periods import month_range, shift_month

MONTHS = 48
PROJECT_START = 26  # smoking at delivery: tobacco-dependence advisers start (month index)
PPH_RISE = 36  # quantitative blood loss measurement comes in

PEERS = [
    # name, ODS-like code, births a year, how its rates differ from ours (multiplier)
    ("Northgate Maternity Unit (demo peer)", "", 6200, 0.95),
    ("Hillside Maternity (demo peer)", "", 2900, 1.10),
    ("Kennet Valley Maternity (demo peer)", "", 3600, 1.00),
    ("St Aldate's Women's Centre (demo peer)", "", 5400, 1.22),
]


def _binom(rng: random.Random, n: int, p: float) -> int:
    """A binomial draw: normal approximation for large counts, Bernoulli sums otherwise."""
    p = min(max(p, 0.0), 1.0)
    if n <= 0:
        return 0
    var = n * p * (1 - p)
    if var >= 12:
        return max(0, min(n, round(rng.gauss(n * p, math.sqrt(var)))))
    return sum(1 for _ in range(n) if rng.random() < p)


def _unit_months(rng: random.Random, births_a_year: int, months: list[str], mult: float,
                 *, own: bool) -> list[tuple[str, str, int, int]]:
    """(month, code, numerator, denominator) for every indicator and month."""
    out: list[tuple[str, str, int, int]] = []
    per_month = births_a_year / 12
    history = [max(1, round(rng.gauss(per_month, per_month * 0.05))) for _ in range(11)]
    wte = births_a_year / 28.5
    for i, month in enumerate(months):
        season = 1 + 0.04 * math.sin((int(month[5:]) - 3) / 12 * 2 * math.pi)
        total = max(50, round(rng.gauss(per_month * season, per_month * 0.04)))
        history.append(total)
        still = _binom(rng, total, 0.0035 * mult)
        live = total - still
        neo = _binom(rng, live, 0.0015 * mult)
        maternities = total - _binom(rng, total, 0.015)
        preterm = _binom(rng, total, 0.075 * mult)
        term = total - preterm
        cs = _binom(rng, total, 0.35 * mult)
        instrumental = _binom(rng, total - cs, 0.11 / 0.65)
        spontaneous = total - cs - instrumental
        term_vaginal = max(0, round((instrumental + spontaneous) * term / total))
        bookings = max(50, round(rng.gauss(per_month * 1.08, per_month * 0.05)))
        known_booking = bookings - _binom(rng, bookings, 0.01)
        known_delivery = maternities - _binom(rng, maternities, 0.01)
        if own:
            smoke_rate = 0.105 if i < PROJECT_START else (0.06 + 0.045 * math.exp(-(i - PROJECT_START) / 1.5))
            pph_rate = 0.028 if i < PPH_RISE else 0.043
        else:
            smoke_rate, pph_rate = 0.095 * mult, 0.030 * mult
        robson1 = max(10, round(rng.gauss(total * 0.21, 4)))
        robson2 = max(10, round(rng.gauss(total * 0.19, 4)))
        robson5 = max(10, round(rng.gauss(total * 0.15, 3)))
        vbac_den = max(5, round(rng.gauss(total * 0.065, 2)))
        first_feed = live - _binom(rng, live, 0.008)
        term_live = term - _binom(rng, term, 0.002)
        births_12 = sum(history[-12:])
        wte = max(20.0, wte + rng.gauss(0, births_a_year / 28.5 * 0.006))
        values = {
            "stillbirth": (still, total),
            "neonatal_death": (neo, live),
            "extended_perinatal": (still + neo, total),
            "maternal_death": (_binom(rng, maternities, 0.0001), maternities),
            "brain_injury": (_binom(rng, live, 0.0019 * mult), live),
            "term_admissions": (_binom(rng, term, 0.054 * mult), term),
            "preterm": (preterm, total),
            "smoking_booking": (_binom(rng, known_booking, 0.125 * mult), known_booking),
            "smoking_delivery": (_binom(rng, known_delivery, smoke_rate), known_delivery),
            "pph_1500": (_binom(rng, maternities, pph_rate), maternities),
            "tears_3_4": (_binom(rng, term_vaginal, 0.031 * mult), term_vaginal),
            "apgar_0_6": (_binom(rng, term_live, 0.0095 * mult), term_live),
            "robson_1_caesarean": (_binom(rng, robson1, 0.16 * mult), robson1),
            "robson_2_caesarean": (_binom(rng, robson2, 0.40 * mult), robson2),
            "robson_5_caesarean": (_binom(rng, robson5, min(0.95, 0.74 * mult)), robson5),
            "vbac": (_binom(rng, vbac_den, 0.61 / mult), vbac_den),
            "breast_milk_first_feed": (_binom(rng, first_feed, min(0.95, 0.76 / mult)), first_feed),
            "induction": (_binom(rng, total, 0.35 * mult), total),
            "instrumental": (instrumental, total),
            "spontaneous_vaginal": (spontaneous, total),
            "caesarean": (cs, total),
            "booking_by_12_6": (_binom(rng, bookings, min(0.98, 0.905 / mult ** 0.3)), bookings),
            "low_birthweight_term": (_binom(rng, term_live, 0.027 * mult), term_live),
            "skin_to_skin_1h": (_binom(rng, term_live, min(0.95, 0.82 / mult ** 0.5)), term_live),
            "midwife_birth_ratio": (births_12, round(wte, 2)),  # whole-time equivalents, 2 places
        }
        # indicators added later draw from their own generator, so the figures above stay
        # exactly as they were
        extra = random.Random(f"{month}-{own}-{mult}")
        total_term = term + _binom(extra, term, 0.002)
        values["term_perinatal_deaths"] = (_binom(extra, total_term, 0.0016 * mult), total_term)
        values["brain_injury_nnrd"] = (_binom(extra, live, 0.0042 * mult), live)
        out.extend((month, code, n, d) for code, (n, d) in values.items())
    return out


def generate(store, rng: random.Random, today: date) -> None:
    last = last_complete_month(today)
    months = month_range(shift_month(last, -(MONTHS - 1)), last)
    own = _unit_months(rng, 4500, months, 1.0, own=True)
    with store.transaction():
        store.executemany(
            "INSERT INTO indicator_value (month, indicator_code, numerator, denominator) VALUES (?, ?, ?, ?)",
            own)
        store.audit("demo", "indicator_value", None, None,
                    {"values": len(own), "months": [months[0], months[-1]]})
        peer_rows = []
        for name, ods, births, mult in PEERS:
            store.execute("INSERT INTO peer_unit (name, ods_code, peer_group) VALUES (?, ?, ?)",
                          (name, ods, "LMS"))
            peer_rows.extend((name, *v) for v in _unit_months(rng, births, months, mult, own=False))
        store.executemany(
            "INSERT INTO peer_value (unit, month, indicator_code, numerator, denominator) "
            "VALUES (?, ?, ?, ?, ?)", peer_rows)
        store.audit("demo", "peer_value", None, None, {"units": len(PEERS), "values": len(peer_rows)})
        notes = [
            (months[PROJECT_START], "smoking_delivery",
             "Tobacco-dependence advisers in antenatal clinic; opt-out CO screening at every visit"),
            (months[PPH_RISE], "pph_1500", "Quantitative blood loss measurement introduced on labour ward"),
            (months[14], None, "Electronic maternity record went live"),
            (months[20], "stillbirth", "Fetal monitoring lead appointed; new CTG training started"),
            (months[31], "induction", "Induction of labour guideline revised (NICE NG207)"),
        ]
        store.executemany(
            "INSERT INTO indicator_annotation (month, indicator_code, text) VALUES (?, ?, ?)", notes)
        store.audit("demo", "indicator_annotation", None, None, {"annotations": len(notes)})
        # the smoking project is judged against the two years before it started
        store.execute("INSERT INTO spc_setting (indicator_code, baseline, chart) VALUES (?, ?, NULL)",
                      ("smoking_delivery", 24))
        store.audit("demo", "spc_setting", "smoking_delivery", None, {"baseline": 24})
