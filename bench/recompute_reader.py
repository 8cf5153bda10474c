"""The full recompute in one process with and without its second connection (docs/adr/0011,
0012), alternating: nothing to write, and every eighth stored status to rewrite.

Usage: .venv/bin/python bench/recompute_reader.py K [RUNS]   (K: cbo_bench_K, built by
       bench/scale.py or bench/scale_bench.py; RUNS: runs of each way, default 8)

A benchmark, not a test: it prints one JSON line and fails nothing on timing. Three ways, in
turn, each run twice per round: first with nothing to write (the database's statuses are
current; the first, untimed run makes them so), then after every eighth stored status was
altered (bench/scale_bench.py's case, which rewrites 15,645 rows at L):
- `beside`: settings.RAG_READ_BESIDE on, as shipped: the second connection reads each
  bucket's stored rows while it is rated and writes its changed rows while the next is rated,
  with CPython's thread switch interval at status.SWITCH_INTERVAL;
- `beside_default_switch`: the same at CPython's default switch interval (0.005 s);
- `own_connection`: RAG_READ_BESIDE off: everything on the engine's one connection.
The recompute's floor (bench/scale_bench.py: one SQL statement reading the same inputs) is
measured just before each run.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WAYS = {
    "beside": (True, None),
    "beside_default_switch": (True, 0.005),
    "own_connection": (False, None),
}


def main(k: int, runs: int) -> None:
    sys.path.insert(0, str(ROOT))
    from bench import benchdb

    benchdb.setup(k)
    from django.conf import settings

    from bench.scale_bench import _alter_every_eighth, floor_sql
    from indicators import status

    shipped = status.SWITCH_INTERVAL
    status.statuses_recompute()
    seconds: dict[str, list[float]] = {}
    ratios: dict[str, list[float]] = {}
    written: dict[str, int] = {}
    for _ in range(runs):
        for way, (beside, switch) in WAYS.items():
            settings.RAG_READ_BESIDE = beside
            status.SWITCH_INTERVAL = switch or shipped
            for case in ("nothing_changed", "altered"):
                if case == "altered":
                    _alter_every_eighth()
                floor = floor_sql(date(2000, 1, 1), date(2100, 1, 1), runs=1)
                started = time.perf_counter()
                rows = status.statuses_recompute()
                took = time.perf_counter() - started
                seconds.setdefault(f"{way}_{case}", []).append(took)
                ratios.setdefault(f"{way}_{case}", []).append(took / floor)
                written[f"{way}_{case}"] = rows
    status.SWITCH_INTERVAL = shipped
    result: dict = {"runs": runs}
    for key, times in seconds.items():
        result[f"{key}_s"] = round(statistics.median(times), 4)
        result[f"{key}_range_s"] = [round(min(times), 4), round(max(times), 4)]
        result[f"{key}_ratio"] = round(statistics.median(ratios[key]), 2)
        result[f"{key}_ratio_range"] = [round(min(ratios[key]), 2), round(max(ratios[key]), 2)]
        result[f"{key}_written"] = written[key]
    print(json.dumps(result))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 8)
