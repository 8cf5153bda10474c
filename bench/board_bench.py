"""Times the Board's reads and pack build over the demo data. Prints figures; never fails.

Usage: .venv/bin/python bench/board_bench.py [--runs 5]
- dashboard: outcomes.dashboard.dashboard() for the latest quarter, all 55 indicators, and its
  SQL query count;
- API: GET /api/dashboard/ end to end through Django's test client;
- pack: snapshot build (figures read once) and the WeasyPrint PDF, with its size and pages.
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
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/board_bench.sqlite3")
os.environ.setdefault("MEDIA_ROOT", "/tmp/board_bench_media")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if os.environ["DATABASE_URL"].startswith("sqlite:////tmp/"):
        Path(os.environ["DATABASE_URL"].removeprefix("sqlite:///")).unlink(missing_ok=True)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from core import roles
    from outcomes.board import packs
    from outcomes.dashboard import selectors as board
    from outcomes.models import BoardSession

    settings.ALLOWED_HOSTS = ["*"]
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

    quarter = board.quarters_with_data()[0]
    reset_queries()  # the log is capped: seeding under DEBUG would hide these
    with CaptureQueriesContext(connection) as ctx:
        board.dashboard(period=quarter)
    dash = timed(lambda: board.dashboard(period=quarter))

    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.filter(groups__name=roles.BOARD_MEMBER).first())
    api = timed(lambda: client.get(f"/api/dashboard/?period={quarter.code}"))

    session = BoardSession.objects.order_by("-date").first()
    snaps = []
    for _ in range(args.runs):
        started = time.perf_counter()
        snap = packs.snapshot_build(session, as_at=timezone.now())
        snaps.append(time.perf_counter() - started)
    pdfs, pdf = [], b""
    for _ in range(args.runs):
        started = time.perf_counter()
        pdf = packs.pack_pdf(snap)
        pdfs.append(time.perf_counter() - started)
    from io import BytesIO

    from pypdf import PdfReader

    pages = len(PdfReader(BytesIO(pdf)).pages)

    def line(name, samples):
        print(
            f"{name:<44} median {statistics.median(samples):7.3f} s  "
            f"min {min(samples):7.3f} s  ({len(samples)} runs)"
        )

    print(
        f"database: {connection.vendor}; quarter {quarter.code}; "
        f"{sum(len(t['indicators']) for t in snap['dashboard']['themes'])} tiles"
    )
    print(f"dashboard() SQL queries: {len(ctx)}")
    line("dashboard() for one quarter, all indicators", dash)
    line("GET /api/dashboard/", api)
    line("pack snapshot (figures read once)", snaps)
    line("pack PDF (WeasyPrint)", pdfs)
    print(
        f"pack PDF: {len(pdf) / 1024:.0f} KiB, {pages} pages; snapshot "
        f"{len(str(snap)) / 1024:.0f} KiB"
    )


if __name__ == "__main__":
    main()
