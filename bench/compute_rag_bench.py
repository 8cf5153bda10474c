"""Times compute_rag for one quarter and a full recompute over the demo data. Prints figures.

Usage: .venv/bin/python bench/compute_rag_bench.py [--runs 5]
Uses a fresh SQLite file in /tmp, or the database DATABASE_URL names (its data is replaced:
point it at a scratch database).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/compute_rag_bench.sqlite3")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if os.environ["DATABASE_URL"].startswith("sqlite:////tmp/"):
        Path(os.environ["DATABASE_URL"].removeprefix("sqlite:///")).unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    from indicators import status
    from indicators.models import Indicator, IndicatorStatus, Return

    call_command("migrate", verbosity=0)
    call_command("load_framework", verbosity=0)
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", stdout=devnull)

    def timed(fn) -> list[float]:
        samples = []
        for _ in range(args.runs):
            started = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - started)
        return samples

    quarter = timed(lambda: status.status_compute_period(period_code="FY2019-20-Q2"))
    full = timed(status.statuses_recompute)
    from django.db import connection

    print(
        f"database: {connection.vendor}; indicators: {Indicator.objects.count()}; "
        f"approved returns: {Return.objects.filter(status='approved').count()}; "
        f"statuses: {IndicatorStatus.objects.count()}"
    )
    for label, samples in (
        ("compute_rag one quarter (FY2019-20-Q2)", quarter),
        ("full recompute of the demo data", full),
    ):
        print(
            f"{label}: median {statistics.median(samples):.3f} s, "
            f"min {min(samples):.3f} s, max {max(samples):.3f} s over {len(samples)} runs"
        )


if __name__ == "__main__":
    main()
