"""The full recompute in one process with and without the reader (docs/adr/0011), alternating.

Usage: .venv/bin/python bench/recompute_reader.py K [RUNS]   (K: cbo_bench_K, built by
       bench/scale.py or bench/scale_bench.py; RUNS: runs of each way, default 8)

A benchmark, not a test: it prints one JSON line and fails nothing on timing. Each run is a
full recompute with nothing to write (the database's statuses are current; the first,
untimed run makes them so), with settings.RAG_READ_BESIDE on, then off; the recompute's
floor (bench/scale_bench.py: one SQL statement reading the same inputs) just before each.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(k: int, runs: int) -> None:
    sys.path.insert(0, str(ROOT))
    from bench import benchdb

    benchdb.setup(k)
    from django.conf import settings

    from bench.scale_bench import floor_sql
    from indicators import status

    status.statuses_recompute()
    seconds: dict[str, list[float]] = {"beside": [], "own_connection": []}
    floors: list[float] = []
    written = 0
    for _ in range(runs):
        for way in seconds:
            settings.RAG_READ_BESIDE = way == "beside"
            floors.append(floor_sql(date(2000, 1, 1), date(2100, 1, 1), runs=1))
            started = time.perf_counter()
            written += status.statuses_recompute()
            seconds[way].append(time.perf_counter() - started)
    floor = statistics.median(floors)
    result = {"runs": runs, "floor_s": round(floor, 4), "written": written}
    for way, times in seconds.items():
        result[f"{way}_s"] = round(statistics.median(times), 4)
        result[f"{way}_ratio"] = round(statistics.median(times) / floor, 2)
        result[f"{way}_range_s"] = [round(min(times), 4), round(max(times), 4)]
    print(json.dumps(result))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 8)
