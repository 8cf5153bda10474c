"""The altered-case full recompute (every eighth stored status rewritten) in one process, with
the status tables packed full (fillfactor 100, PostgreSQL's default) and with room left in
each page for the rows' next versions (fillfactor 80 and 70), alternating.

Usage: .venv/bin/python bench/recompute_fillfactor.py K [RUNS] [FILLFACTORS]
       (K: cbo_bench_K, built by bench/scale.py or bench/scale_bench.py; RUNS: rounds, default
       4; FILLFACTORS: comma-separated, default 100,80,70)

A benchmark, not a test: it prints one JSON line and fails nothing on timing. Before each run
both status tables are set to the round's fillfactor and rewritten by VACUUM FULL (as a new
table is filled), then analysed; every eighth stored status is altered (as
bench/scale_bench.py does) and the recompute timed, with the floor (one SQL statement reading
the same inputs) just before it; then a recompute with nothing changed (reads only: what the
emptier pages cost). Also printed: the share of the rewrites that were HOT updates
(pg_stat_user_tables). The tables are left at the fillfactor they had (the migration's).

Why (docs/performance.md, "Eighth pass"): an UPDATE whose new row version fits in the same
page and changes no indexed column is a heap-only tuple (HOT) update, which writes no index
entry. The statuses' indexed columns (id, indicator, area, period) never change on a
recompute; in full pages every rewritten row moves to another page and every index of the
table gets a new entry.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLES = ("indicators_indicatorstatus", "indicators_areastatus")


def _repack(fillfactor: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"ALTER TABLE {table} SET (fillfactor = {int(fillfactor)})")
            cursor.execute(f"VACUUM FULL {table}")
            cursor.execute(f"ANALYZE {table}")


def _hot_updates() -> tuple[int, int]:
    """(HOT updates, all updates) of the status tables so far (the statistics collector's
    counts)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
        cursor.execute(
            "SELECT coalesce(sum(n_tup_hot_upd), 0), coalesce(sum(n_tup_upd), 0) "
            "FROM pg_stat_user_tables WHERE relname = ANY(%s)",
            [list(TABLES)],
        )
        hot, updated = cursor.fetchone()
    return int(hot), int(updated)


def main(k: int, runs: int, fillfactors: list[int]) -> None:
    sys.path.insert(0, str(ROOT))
    from bench import benchdb

    benchdb.setup(k)
    from django.db import connection

    from bench.scale_bench import _alter_every_eighth, floor_sql
    from indicators import status

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(substring(array_to_string(reloptions, ',') from "
            "'fillfactor=([0-9]+)'), '100') FROM pg_class WHERE relname = %s",
            [TABLES[0]],
        )
        (kept,) = cursor.fetchone()
    status.statuses_recompute()
    seconds: dict[int, list[float]] = {ff: [] for ff in fillfactors}
    hot: dict[int, list[float]] = {ff: [] for ff in fillfactors}
    again: dict[int, list[float]] = {ff: [] for ff in fillfactors}
    floors: list[float] = []
    written: dict[int, int] = {ff: 0 for ff in fillfactors}
    for _ in range(runs):
        for ff in fillfactors:
            _repack(ff)
            _alter_every_eighth()
            floors.append(floor_sql(date(2000, 1, 1), date(2100, 1, 1), runs=1))
            hot_before, updated_before = _hot_updates()
            started = time.perf_counter()
            written[ff] += status.statuses_recompute()
            seconds[ff].append(time.perf_counter() - started)
            hot_after, updated_after = _hot_updates()
            updated = updated_after - updated_before
            hot[ff].append((hot_after - hot_before) / updated if updated else 0.0)
            started = time.perf_counter()
            written_again = status.statuses_recompute()  # nothing changed: reads only
            again[ff].append(time.perf_counter() - started)
            assert written_again == 0, written_again
    _repack(int(kept))
    floor = statistics.median(floors)
    result = {"runs": runs, "floor_s": round(floor, 4), "kept_fillfactor": int(kept)}
    for ff, times in seconds.items():
        result[f"ff{ff}_s"] = round(statistics.median(times), 4)
        result[f"ff{ff}_ratio"] = round(statistics.median(times) / floor, 2)
        result[f"ff{ff}_range_s"] = [round(min(times), 4), round(max(times), 4)]
        result[f"ff{ff}_written_per_run"] = written[ff] // runs
        result[f"ff{ff}_hot_share"] = round(statistics.median(hot[ff]), 3)
        result[f"ff{ff}_again_s"] = round(statistics.median(again[ff]), 4)
        result[f"ff{ff}_again_ratio"] = round(statistics.median(again[ff]) / floor, 2)
    print(json.dumps(result))


if __name__ == "__main__":
    main(
        int(sys.argv[1]),
        int(sys.argv[2]) if len(sys.argv) > 2 else 4,
        [int(f) for f in sys.argv[3].split(",")] if len(sys.argv) > 3 else [100, 80, 70],
    )
