"""National benchmarking: import an annual file (~16,000 rows) and a monthly Data file of
500,000 rows, both generated here in the published layouts, timing each and measuring peak
memory; then draw the benchmark page for one indicator with 130 trusts (offscreen).

Run: ``.venv/bin/python tests/benchmarks/bench_national.py``
"""

from __future__ import annotations

import csv
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

MISSING = "Missing value / Value outside reporting parameters"
DIMENSIONS = {
    "DeliveryMethodBabyGroup": ["Elective caesarean section", "Emergency caesarean section", "Instrumental",
                                "Spontaneous", "Other", MISSING],
    "SmokingStatusGroupBooking": ["Smoker", "Non-Smoker / Ex-Smoker", MISSING],
    "OnsetOfLabour": ["Spontaneous", "Caesarean Section", "Medical induction", "Surgical induction",
                      "Surgical and medical induction", "Not known", MISSING],
    "ApgarScore5TermGroup7": ["0 to 6", "7 to 10", MISSING],
    "BabyFirstFeedBreastMilkStatus": ["Maternal or Donor Breast Milk", "Not Breast Milk", MISSING],
    "GestationLengthBirthGroup37": ["<37 weeks", ">=37 weeks", MISSING],
    "GestAgeFormalAntenatalBookingGroup": ["0 to 70 days", "71 to 90 days", "91 to 140 days", "141+ days", MISSING],
    "BirthweightTermGroup2500": ["Under 2500g", "2500g and over", MISSING],
    "SkinToSkinContact1HourTerm": ["Yes", "No", MISSING],
    "AgeAtBookingMotherGroup": ["Under 20", "20 to 24", "25 to 29", "30 to 34", "35 to 39", "40 to 44",
                                "45 or Over", MISSING],
    "EthnicCategoryMotherGroup": ["Any other ethnic group", "Asian or Asian British", "Black or Black British",
                                  "Mixed", "Not known", "Not Stated", "White", MISSING],
    "DeprivationDecileAtBooking": [f"{i:02d}" for i in range(1, 11)] + [MISSING],
    "PreviousLiveBirthsGroup": ["1", "2", "3", "4", "5+", "No previous live births", MISSING],
}


def organisations(n_trusts: int, extra_levels: int = 0):
    orgs = [("National", "National", "ALL SUBMITTERS")]
    orgs += [("NHS England (Region)", f"Y{56 + i}", f"REGION {i}") for i in range(8)]
    orgs += [("Provider", f"R{i:02d}", f"SYNTHETIC TRUST {i}, NHS FOUNDATION TRUST") for i in range(n_trusts)]
    for k in range(extra_levels):
        orgs += [("Local Maternity System", f"LMS{k:03d}", f"SYNTHETIC LMS {k}")]
        orgs += [("Booking Site", f"R{k % n_trusts:02d}{k:02d}", f"SITE {k}")]
        orgs += [("Delivery Site", f"R{k % n_trusts:02d}D{k:02d}", f"DELIVERY SITE {k}")]
    return orgs


def write_annual(path: Path, rng: random.Random) -> int:
    n = 0
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Period", "Dimension", "Org_Level", "Org_Code", "Org_Name", "Measure", "Count_Of", "Value"])
        for level, code, name in organisations(130):
            for dim, cats in DIMENSIONS.items():
                for cat in cats:
                    w.writerow(["2022-23", dim, level, code, name, cat, "Deliveries", rng.randrange(0, 800) * 5])
                    n += 1
        # pad to the size of the real file with extra unmapped breakdowns
        for level, code, name in organisations(130):
            for i in range(45):
                w.writerow(["2022-23", "PlaceTypeActualDeliveryMidwifery", level, code, name, f"Place {i}",
                            "Babies", rng.randrange(0, 100) * 5])
                n += 1
    return n


def write_monthly(path: Path, rows: int, rng: random.Random) -> int:
    orgs = organisations(130, extra_levels=150)
    per_org = sum(len(c) for c in DIMENSIONS.values())
    months, n = [], 0
    y, m = 2023, 4
    while len(months) * len(orgs) * per_org < rows:
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["ReportingPeriodStartDate", "ReportingPeriodEndDate", "Dimension", "Org_Level", "Org_Code",
                    "Org_Name", "Measure", "Count_Of", "Final_value"])
        for y, m in months:
            start, end = f"{y}-{m:02d}-01", f"{y}-{m:02d}-28"
            for level, code, name in orgs:
                for dim, cats in DIMENSIONS.items():
                    for cat in cats:
                        if n >= rows:
                            return n
                        w.writerow([start, end, dim, level, code, name, cat, "Deliveries", rng.randrange(0, 80) * 5])
                        n += 1
    return n


def measure(label: str, fn, peak_fn=None):
    """Time ``fn`` (without tracing, which slows Python several-fold), then run ``peak_fn``
    (reading and checking the file: where the memory goes) under tracemalloc for the peak."""
    t0 = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux -> MiB
    peak_text = ""
    if peak_fn is not None:
        tracemalloc.start()
        peak_fn()
        _cur, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        peak_text = f", peak Python allocations while reading and checking {peak / 2**20:.1f} MiB"
    print(f"{label}: {elapsed:.2f} s{peak_text} (process max RSS so far {rss:.0f} MiB)")
    return result, elapsed


def main() -> None:
    from maternity_desk.core.unit import UnitSettings
    from maternity_desk.exchange import importing
    from maternity_desk.store import open_store

    rng = random.Random(2016)
    tmp = Path(tempfile.mkdtemp(prefix="bench-national-"))
    annual, monthly = tmp / "hosp-epis-stat-mat-msdscsv-2022-23.csv", tmp / "msds-mar2024-exp-data.csv"
    n_annual = write_annual(annual, rng)
    n_monthly = write_monthly(monthly, 500_000, rng)
    print(f"generated: annual {n_annual:,} rows ({annual.stat().st_size / 2**20:.1f} MiB), "
          f"monthly Data {n_monthly:,} rows ({monthly.stat().st_size / 2**20:.1f} MiB)")
    store = open_store(tmp / "unit.sqlite")
    store.save_unit_settings(UnitSettings(unit_name="Bench unit", ods_code="R07", region="Y59"))

    def imp(path):
        return lambda: importing.import_file(store, "national", path)

    def check(path):
        return lambda: importing.plan_file(store, "national", path)

    plan, _ = measure(f"import annual ({n_annual:,} rows)", imp(annual), check(annual))
    print("   ", "; ".join(plan.summary[:2]))
    plan, _ = measure(f"import monthly Data ({n_monthly:,} rows)", imp(monthly), check(monthly))
    print("   ", "; ".join(plan.summary[:2]))
    plan, _ = measure("re-import the same monthly file (nothing changes)", imp(monthly))
    print(f"    stored figures: {store.scalar('SELECT count(*) FROM national_value'):,}")

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    t0 = time.perf_counter()
    from maternity_desk.ui.national.page import NationalPage

    page = NationalPage(store)
    page.refresh()  # as the main window does after building a page (nothing to re-read)
    page.resize(1366, 768)
    page.show()
    page.repaint()
    t1 = time.perf_counter()
    while not page._charts:  # the visible chart is made once the page has been painted
        app.processEvents()
    t2 = time.perf_counter()
    page.set_selection("caesarean", "2022-23")
    app.processEvents()
    t3 = time.perf_counter()
    times = []
    for tab in range(4):
        t = time.perf_counter()
        page.tabs.setCurrentIndex(tab)
        app.processEvents()
        times.append(time.perf_counter() - t)
    trusts = len(page.ranked.bars)
    print(f"benchmark page: built and first painted in {(t1 - t0) * 1000:.0f} ms (pyqtgraph not yet imported); "
          f"ranked chart on screen {(t2 - t1) * 1000:.0f} ms later")
    print(f"    caesarean 2022-23 with {trusts} trusts: chosen and drawn in {(t3 - t2) * 1000:.0f} ms; tabs first "
          "shown (ranked, funnel, table, year on year): " + ", ".join(f"{x * 1000:.0f} ms" for x in times))
    out = tmp / "page.png"
    page.tabs.setCurrentIndex(1)
    app.processEvents()
    page.grab().save(str(out))
    print(f"    screenshot: {out}")
    page.close()
    store.close()


if __name__ == "__main__":
    main()
