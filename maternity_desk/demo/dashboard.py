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
from maternity_desk.core.data_items import compute
from maternity_desk.core.periods import month_range, shift_month
from maternity_desk.store import dashboard as dash
from maternity_desk.store import data_items

MONTHS = 48
PROJECT_START = 33  # smoking at delivery: tobacco-dependence advisers start (month index), the
#                    smoke-free pregnancy project's change month (demo/improvement.py)
ATAIN_CHANGE = 18  # term admissions: the ATAIN project's changes land (demo/improvement.py)
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


def _unit_items(rng: random.Random, births_a_year: int, months: list[str], mult: float,
                *, own: bool) -> tuple[dict[tuple[str, str], int | float], dict[str, int]]:
    """Every data item figure of every month, keyed (month, item), and the births of the 11
    months before the first (so births in 12 months can be worked out from the start)."""
    out: dict[tuple[str, str], int | float] = {}
    per_month = births_a_year / 12
    history = [max(1, round(rng.gauss(per_month, per_month * 0.05))) for _ in range(11)]
    before = {shift_month(months[0], k - 11): b for k, b in enumerate(history)}
    wte = births_a_year / 28.5
    for i, month in enumerate(months):
        season = 1 + 0.04 * math.sin((int(month[5:]) - 3) / 12 * 2 * math.pi)
        total = max(50, round(rng.gauss(per_month * season, per_month * 0.04)))
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
            pph_rate = 0.026 if i < PPH_RISE else 0.048
            # term admissions fall once the ATAIN project's changes land (see demo/improvement.py)
            step = min(1.0, max(0.0, (i - ATAIN_CHANGE + 1) / 3)) if i >= ATAIN_CHANGE else 0.0
            admit_rate = 0.063 - 0.020 * step
        else:
            smoke_rate, pph_rate, admit_rate = 0.095 * mult, 0.030 * mult, 0.054 * mult
        robson1 = max(10, round(rng.gauss(total * 0.21, 4)))
        robson2 = max(10, round(rng.gauss(total * 0.19, 4)))
        robson5 = max(10, round(rng.gauss(total * 0.15, 3)))
        vbac_den = max(5, round(rng.gauss(total * 0.065, 2)))
        first_feed = live - _binom(rng, live, 0.008)
        still_term = _binom(rng, still, 0.35)
        neo_term = _binom(rng, neo, 0.3)
        term_live = term - still_term
        singleton = term_live - _binom(rng, term_live, 0.015)
        weighed = term_live - _binom(rng, term_live, 0.002)
        wte = max(20.0, wte + rng.gauss(0, births_a_year / 28.5 * 0.006))
        items = {
            "births": total, "live_births": live, "maternities": maternities, "preterm_births": preterm,
            "term_births": term, "term_live_births": term_live, "term_singleton_live_births": singleton,
            "term_live_births_weighed": weighed,
            "stillbirths": still, "stillbirths_term": still_term, "neonatal_deaths": neo,
            "neonatal_deaths_term": neo_term, "maternal_deaths": _binom(rng, maternities, 0.0001),
            "inductions": _binom(rng, total, 0.35 * mult), "spontaneous_vaginal_births": spontaneous,
            "instrumental_births": instrumental, "caesarean_births": cs, "term_vaginal_births": term_vaginal,
            "tears_3_4": _binom(rng, term_vaginal, 0.031 * mult), "pph_1500": _binom(rng, maternities, pph_rate),
            "robson_1_women": robson1, "robson_1_caesareans": _binom(rng, robson1, 0.16 * mult),
            "robson_2_women": robson2, "robson_2_caesareans": _binom(rng, robson2, 0.40 * mult),
            "robson_5_women": robson5, "robson_5_caesareans": _binom(rng, robson5, min(0.95, 0.74 * mult)),
            "vbac_laboured": vbac_den, "vbac_births": _binom(rng, vbac_den, 0.61 / mult),
            "brain_injuries": _binom(rng, live, 0.0019 * mult), "brain_injuries_nnrd": _binom(rng, live, 0.0042 * mult),
            "term_admissions": _binom(rng, term_live, admit_rate),
            "apgar_0_6": _binom(rng, singleton, 0.0095 * mult),
            "low_birthweight_term": _binom(rng, weighed, 0.027 * mult),
            "skin_to_skin_1h": _binom(rng, term_live, min(0.95, 0.82 / mult ** 0.5)),
            "first_feed_known": first_feed,
            "first_feed_breast_milk": _binom(rng, first_feed, min(0.95, 0.76 / mult)),
            "bookings": bookings,
            "bookings_by_12_6": _binom(rng, bookings, min(0.98, 0.905 / mult ** 0.3)),
            "smoking_known_booking": known_booking,
            "smokers_booking": _binom(rng, known_booking, 0.125 * mult),
            "smoking_known_delivery": known_delivery,
            "smokers_delivery": _binom(rng, known_delivery, smoke_rate),
            "clinical_midwives_wte": round(wte, 2),  # whole-time equivalents, 2 places
        }
        out.update({(month, code): v for code, v in items.items()})
    return out, before


def _indicator_rows(inds, months: list[str], items, before: dict[str, int]) -> list[tuple[str, str, int, int]]:
    """(month, code, numerator, denominator) of every catalogue indicator worked out from
    ``items`` (births in the months before the first count towards births in 12 months)."""
    values = dict(items)
    values.update({(m, "births"): b for m, b in before.items()})
    out = []
    for month in months:
        for ind in inds:
            pair = compute(ind, month, values)
            if pair is not None:
                out.append((month, ind.code, *pair))
    return out


def generate(store, rng: random.Random, today: date) -> None:
    last = last_complete_month(today)
    months = month_range(shift_month(last, -(MONTHS - 1)), last)
    inds = [i for i in dash.indicators(store) if i.from_items]
    own_items, own_before = _unit_items(rng, 4500, months, 1.0, own=True)
    with store.transaction():
        data_items.set_items(store, [(m, c, v) for (m, c), v in own_items.items()], action="demo")
        # births in 12 months for the first 11 months count births from before the demo's data
        # (figures typed before data items): the months after are worked out from the items
        first = [r for r in _indicator_rows(inds, months[:11], own_items, own_before)
                 if r[1] == "midwife_birth_ratio"]
        store.executemany(
            "INSERT INTO indicator_value (month, indicator_code, numerator, denominator) VALUES (?, ?, ?, ?)",
            first)
        store.audit("demo", "indicator_value", None, None, {"values": len(first)})
        peer_rows = []
        for name, ods, births, mult in PEERS:
            store.execute("INSERT INTO peer_unit (name, ods_code, peer_group) VALUES (?, ?, ?)",
                          (name, ods, "LMS"))
            peer_items, peer_before = _unit_items(rng, births, months, mult, own=False)
            peer_rows.extend((name, *v) for v in _indicator_rows(inds, months, peer_items, peer_before))
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
