"""EXPLAIN ANALYZE of the SQL the heaviest reads run at a size (issue 13). Prints each
statement's plan, and flags sequential scans of tables with more than 10,000 rows.

Usage: .venv/bin/python bench/explain.py [k]     (k = 16: L; the database cbo_bench_{k} must
be built by bench/scale_bench.py). Reads only. A benchmark, not a test.

What it captures (every SELECT, cold caches): a dashboard page, /api/dashboard/, an indicator
page, /api/returns/?period=, the Monitor, and one quarter's recompute for every indicator.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIG = 10_000


def main() -> None:
    k = int(sys.argv[1]) if len(sys.argv) > 1 else 16
    sys.path.insert(0, str(ROOT))
    from bench import benchdb

    benchdb.setup(k)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from indicators import status
    from outcomes.dashboard.selectors import chosen_quarter

    settings.ALLOWED_HOSTS = ["*"]
    captured: list[tuple[str, str, tuple]] = []
    label = ["setup"]

    def capture(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("SELECT"):
            captured.append((label[0], sql, params))
        return execute(sql, params, many, context)

    user = get_user_model().objects.filter(is_superuser=True).first()
    client = Client()
    client.force_login(user)
    quarter = chosen_quarter("")[1]
    steps = {
        "dashboard page": lambda: client.get("/dashboard/"),
        "/api/dashboard/": lambda: client.get("/api/dashboard/"),
        "indicator page": lambda: client.get("/indicators/CP-PLANS/"),
        "/api/returns/?period=": lambda: client.get(f"/api/returns/?period={quarter.code}"),
        "Monitor": lambda: client.get("/scrutiny/monitor/"),
        "one-quarter recompute": lambda: status.status_compute_period(period_code="FY2019-20-Q2"),
    }
    with connection.execute_wrapper(capture):
        for name, step in steps.items():
            cache.clear()
            label[0] = name
            step()
    sizes = {}
    with connection.cursor() as cur:
        cur.execute("SELECT relname, n_live_tup FROM pg_stat_user_tables")
        sizes = dict(cur.fetchall())
    seen = set()
    flagged = 0
    for name, sql, params in captured:
        shape = re.sub(r"\d+", "N", sql)
        if shape in seen:
            continue
        seen.add(shape)
        with connection.cursor() as cur:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql, params)
            plan = [row[0] for row in cur.fetchall()]
        seqs = [
            t for t in re.findall(r"Seq Scan on (\w+)", "\n".join(plan)) if sizes.get(t, 0) > BIG
        ]
        took = next((p for p in plan if p.startswith("Execution Time")), "")
        if seqs or "--all" in sys.argv:
            flagged += bool(seqs)
            scans = ", ".join(seqs) or "none"
            print(f"## {name}: {took}; sequential scans of large tables: {scans}")
            print(sql[:600] + (" …" if len(sql) > 600 else ""))
            print("\n".join("    " + p for p in plan[:40]))
            print()
    print(
        f"{len(seen)} distinct statements; {flagged} with a sequential scan of a table "
        f"over {BIG:,} rows"
    )
    largest = sorted(sizes.items(), key=lambda x: -x[1])[:8]
    print("table sizes: " + ", ".join(f"{t} {n:,}" for t, n in largest))


if __name__ == "__main__":
    main()
