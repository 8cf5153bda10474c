"""The full recompute as production runs it (issue 13): in parts, on heavy-queue workers.

Usage: .venv/bin/python bench/recompute_workers.py K [WORKERS]   (K: cbo_bench_K, built by
       bench/scale.py; WORKERS: worker processes, default 2, one per core here)
Env:   BENCH_PG=postgres://postgres@127.0.0.1:5432     the server
       BENCH_REDIS=redis://127.0.0.1:6379/14            the broker (this database is emptied)
       RAG_RECOMPUTE_PARTS                              the parts (default: settings, 4)
       BENCH_WORKER_LOG=info                            show the worker's log (each part's time)

A benchmark, not a test: it prints one JSON line and fails nothing on timing. It starts one
`celery worker -Q heavy -c WORKERS` (prefork) on the bench database, sends the full recompute's
parts through Redis (indicators.tasks.send_recompute_parts, what `recompute_all` and
`compute_rag --all --queue` send) and times from sending to the last part's result:
- first_s: the first run (each worker process opens its database connection);
- again_s: the median of three more, with nothing changed (the nightly's usual night);
- changed_s: after every eighth stored status was altered (the rows it must rewrite);
- *_written: rows written, counted by computed_at;
- floor_s: the median of the full recompute's floor (bench/scale_bench.py: one SQL statement
  reading the same inputs), measured just before each of the five runs.
The sequential recompute (bench/scale_bench.py --full) is the same code in one process.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/14")


def main(k: int, workers: int) -> None:
    sys.path.insert(0, str(ROOT))
    from bench import benchdb

    benchdb.setup(k, redis_url=REDIS)
    import redis

    redis.Redis.from_url(REDIS).flushdb()  # the bench's own database: no stale tasks
    from django.conf import settings
    from django.utils import timezone

    from bench.scale_bench import _alter_every_eighth, _written_since, floor_sql
    from config.celery_app import app
    from indicators import status, tasks

    assert not app.conf.task_always_eager
    node = f"bench-heavy-{os.getpid()}@localhost"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", "heavy", "-P",
         "prefork", "-c", str(workers), "-l", os.environ.get("BENCH_WORKER_LOG", "warning"),
         "--without-heartbeat", "--without-gossip", "--without-mingle", "-n", node],
        cwd=ROOT,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,  # this job's own output is one JSON line
        stderr=None if os.environ.get("BENCH_WORKER_LOG") else subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[node], timeout=1.0):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the bench's celery worker did not start")

        floors: list[float] = []

        def timed() -> tuple[float, int]:
            # the floor just before each run: this machine's speed drifts between minutes
            floors.append(floor_sql(date(2000, 1, 1), date(2100, 1, 1), runs=1))
            started_at = timezone.now()
            t0 = time.perf_counter()
            result = tasks.send_recompute_parts(status.recompute_start(), timezone.localdate())
            # a short interval: by default the wait itself added up to 0.5 s (0.07 s of work
            # at S measured 0.5 s)
            result.get(timeout=600, interval=0.005)
            return time.perf_counter() - t0, _written_since(started_at)

        first, first_written = timed()
        again = [timed() for _ in range(3)]
        _alter_every_eighth()
        changed, changed_written = timed()
        print(
            json.dumps(
                {
                    "workers": workers,
                    "parts": len(status.recompute_ranges(settings.RAG_RECOMPUTE_PARTS)),
                    "first_s": first,
                    "first_written": first_written,
                    "again_s": statistics.median(s for s, _ in again),
                    "again_written": max(n for _, n in again),
                    "changed_s": changed,
                    "changed_written": changed_written,
                    "floor_s": statistics.median(floors),
                }
            )
        )
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 2)
