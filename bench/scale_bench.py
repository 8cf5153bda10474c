"""Performance at Greater Manchester scale (issue 13): S, M and L on PostgreSQL (S also on
SQLite, the embedded default), one table.

Usage: .venv/bin/python bench/scale_bench.py        (or `make bench`)
Env:   BENCH_SIZES=1,4,16   size factors (S = 1: today's demo; M = 4x; L = 16x)
       BENCH_RUNS=10        requests per page (median and p95 over them)
       BENCH_JOB_RUNS=3     one-quarter recomputes (median)
       BENCH_REUSE=1        reuse cbo_bench_{k} if it is already built (default: rebuild)
       BENCH_PG=postgres://postgres@127.0.0.1:5432   the server (databases cbo_bench_{k})
       BENCH_PAGES_ONLY=1   the pages only (no recompute, import or pack jobs)
       BENCH_SQLITE=0       skip S on SQLite (by default S, when in BENCH_SIZES, also runs on
                            the embedded default: a SQLite file in BENCH_SQLITE_DIR, /tmp)

The jobs: bench/import_job.py (a 10,000-row import), bench/pack_job.py (one Board pack) and,
on PostgreSQL, bench/recompute_workers.py (the full recompute in parts on BENCH_WORKERS heavy
worker processes, default 2, through Redis: BENCH_REDIS), each in a process of its own, each
runnable alone.

A benchmark, not a test: it prints figures and fails nothing on timing. Each size runs in its
own process (Django is configured once per database); the full recompute runs in a further
process of its own so its peak memory (ru_maxrss) is the job's alone.

What each floor is:
- pages: the same response bytes returned by a trivial view (a pre-rendered HttpResponse) in
  the bench's own urlconf, through the same middleware, same signed-in client, DEBUG off;
- full recompute: one SQL statement reading the same inputs the engine reads: every approved
  return (city and locality) joined to its period and to the target of the year holding it;
- one-quarter recompute: the same statement restricted to the periods the quarter's change
  can alter (the financial and academic years holding it).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
QUARTER = "FY2019-20-Q2"
SIZE_NAMES = {1: "S", 4: "M", 16: "L"}

FLOOR_SQL = """
SELECT r.indicator_id, r.area_id, p.code, r.value, r.is_synthetic, t.value, t.band
FROM indicators_return r
JOIN indicators_period p ON p.id = r.period_id
JOIN indicators_indicator i ON i.id = r.indicator_id
LEFT JOIN indicators_period y ON y.kind = (
    CASE WHEN i.year_basis = 'academic' THEN 'acad_year' ELSE 'fin_year' END)
    AND y.start <= p.start AND p."end" <= y."end"
LEFT JOIN indicators_target t ON t.indicator_id = r.indicator_id AND t.period_id = y.id
WHERE r.status = 'approved' AND p."end" BETWEEN %s AND %s
"""


def floor_sql(start, end, runs: int = 3) -> float:
    """The recompute's floor over periods ending from `start` to `end`: FLOOR_SQL run and
    fetched, the median of `runs` times, in seconds."""
    from django.db import connection

    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(FLOOR_SQL, [start, end])
            cur.fetchall()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def _setup(k: int) -> None:
    sys.path.insert(0, str(ROOT))
    from bench import benchdb

    benchdb.setup(k)
    from django.conf import settings

    settings.ROOT_URLCONF = "bench.urls_bench"


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _written_since(started) -> int:
    from indicators.models import AreaStatus, IndicatorStatus

    return sum(
        m.objects.filter(computed_at__gte=started).count() for m in (IndicatorStatus, AreaStatus)
    )


def _timed_recompute() -> tuple[float, int]:
    """One full recompute: its seconds and the rows it wrote."""
    from django.utils import timezone

    from indicators import status

    started_at = timezone.now()
    started = time.perf_counter()
    status.statuses_recompute()
    return time.perf_counter() - started, _written_since(started_at)


def _alter_every_eighth() -> None:
    """Every eighth stored status (city and locality) gets another RAG, as a rule or target
    change across the board would: what the next recompute must find and rewrite."""
    from django.db.models import Case, Value, When
    from django.db.models.functions import Mod

    from indicators.models import AreaStatus, IndicatorStatus

    for model in (IndicatorStatus, AreaStatus):
        model.objects.alias(eighth=Mod("id", 8)).filter(eighth=0).update(
            rag=Case(When(rag="red", then=Value("green")), default=Value("red"))
        )


def job_full(k: int) -> None:
    """One full recompute; prints JSON: seconds, rows written, RSS before, peak RSS; then the
    same again with nothing changed, and again after every eighth stored status was altered."""
    _setup(k)
    before = _rss_kb()
    seconds, written = _timed_recompute()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # again, with nothing changed since: what the nightly recompute does on most nights
    again, again_written = _timed_recompute()
    # again, after every eighth stored status was altered (as a rule or target change across
    # the board would): the rows the recompute must rewrite, in place; it repairs them all
    _alter_every_eighth()
    changed, changed_written = _timed_recompute()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "written": written,
                "again_s": again,
                "again_written": again_written,
                "changed_s": changed,
                "changed_written": changed_written,
                "rss_before_mb": before / 1024,
                "peak_mb": peak / 1024,
            }
        )
    )


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def job_size(k: int) -> None:
    """Build (or reuse) cbo_bench_{k}, measure everything but the full recompute; JSON out."""
    _setup(k)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench import scale, urls_bench
    from indicators import periods as cal
    from indicators import status
    from indicators.models import AreaStatus, Indicator, IndicatorStatus, Return

    out: dict = {"k": k}
    started = time.perf_counter()
    built = "indicators_indicator" in connection.introspection.table_names()
    if not (os.environ.get("BENCH_REUSE") and built and Indicator.objects.exists()):
        out["built"] = scale.build(k)
        out["build_s"] = time.perf_counter() - started
    out["indicators"] = Indicator.objects.count()
    out["approved"] = Return.objects.filter(status="approved").count()
    out["statuses"] = IndicatorStatus.objects.count() + AreaStatus.objects.count()

    from datetime import date

    out["full_floor_s"] = floor_sql(date(2000, 1, 1), date(2100, 1, 1))
    scope = status._scope_for(cal.parse(QUARTER))
    out["quarter_floor_s"] = floor_sql(min(p.start for p in scope), max(p.end for p in scope))

    runs = int(os.environ.get("BENCH_JOB_RUNS", "3"))
    if os.environ.get("BENCH_PAGES_ONLY"):
        runs = 0
    samples, written = [], [0]
    for _ in range(runs):
        started_at = timezone.now()
        t0 = time.perf_counter()
        status.status_compute_period(period_code=QUARTER)
        samples.append(time.perf_counter() - t0)
        written.append(_written_since(started_at))
    out["quarter_s"] = statistics.median(samples) if samples else float("nan")
    out["quarter_written"] = max(written)
    # What an approval runs: the quarter's recompute for the approved return's indicator only.
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        try:
            status.status_compute_period(period_code=QUARTER, indicator_code="CP-PLANS")
        except TypeError:  # before issue 13: the job rated every indicator
            status.status_compute_period(period_code=QUARTER)
        samples.append(time.perf_counter() - t0)
    out["approval_s"] = statistics.median(samples) if samples else float("nan")

    user = get_user_model().objects.filter(is_superuser=True).first()
    if user is None:
        user = get_user_model().objects.create_superuser("bench", "bench@example.org", "x")
    client = Client()
    client.force_login(user)
    from outcomes.dashboard.selectors import chosen_quarter

    quarter = chosen_quarter("")[1]
    pages = {
        "/dashboard/": "/dashboard/",
        "/dashboard/, one theme": "/dashboard/?theme=SAFE",
        "/api/dashboard/": "/api/dashboard/",
        "/api/returns/?period=": f"/api/returns/?period={quarter.code}",
        "indicator page": "/indicators/CP-PLANS/",
        "status endpoint": f"/api/indicators/CP-PLANS/status/?period={quarter.code}",
        "Monitor": "/scrutiny/monitor/",
    }
    n = int(os.environ.get("BENCH_RUNS", "10"))
    out["pages"] = {}
    for label, url in pages.items():
        times, queries = [], []
        body = b""
        for _ in range(n + 1):  # the first is cold (caches empty), reported apart
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - t0)
            assert response.status_code == 200, (url, response.status_code)
            queries.append(len(ctx))
            body = response.content
        urls_bench.FLOOR[label] = (body, response["Content-Type"])
        floor = []
        for _ in range(n):
            t0 = time.perf_counter()
            response = client.get(f"/__floor__/{list(pages).index(label)}/")
            floor.append(time.perf_counter() - t0)
            assert response.content == body
        out["pages"][label] = {
            "first_s": times[0],
            "median_s": statistics.median(times[1:]),
            "p95_s": _pct(times[1:], 0.95),
            "queries_first": queries[0],
            "queries": queries[-1],
            "bytes": len(body),
            "floor_s": statistics.median(floor),
        }
    print(json.dumps(out))


def _run(args: list[str], script: str = __file__, engine: str = "postgresql") -> dict:
    """A bench step in a process of its own (its peak memory is its own) on `engine`; its last
    line of output, JSON."""
    done = subprocess.run(
        [sys.executable, script, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=3600,
        env={**os.environ, "BENCH_ENGINE": engine},
    )
    if done.returncode:
        sys.stderr.write(done.stdout[-3000:] + done.stderr[-5000:])
        raise SystemExit(f"bench step {args} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _ensure_db(k: int, engine: str = "postgresql") -> None:
    if engine == "sqlite":
        sys.path.insert(0, str(ROOT))
        from bench import benchdb

        path = benchdb.sqlite_path(k)
        if not (path.exists() and os.environ.get("BENCH_REUSE")):
            path.unlink(missing_ok=True)
        return
    import psycopg2

    conn = psycopg2.connect(f"{PG}/postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [f"cbo_bench_{k}"])
            if cur.fetchone() and os.environ.get("BENCH_REUSE"):
                return
            cur.execute(f'DROP DATABASE IF EXISTS "cbo_bench_{k}"')
            cur.execute(f'CREATE DATABASE "cbo_bench_{k}"')
    finally:
        conn.close()


def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "1,4,16").split(",") if s.strip()]
    runs = [(k, "postgresql") for k in sizes]
    if 1 in sizes and os.environ.get("BENCH_SQLITE", "1") != "0":
        runs.append((1, "sqlite"))
    results = []
    for k, engine in runs:
        _ensure_db(k, engine)
        t0 = time.perf_counter()
        result = _run(["--size", str(k)], engine=engine)
        result["engine"] = engine
        if not os.environ.get("BENCH_PAGES_ONLY"):
            result["full"] = _run(["--full", str(k)], engine=engine)
            result["import"] = _run([str(k)], str(ROOT / "bench" / "import_job.py"), engine)
            result["pack"] = _run([str(k)], str(ROOT / "bench" / "pack_job.py"), engine)
            if engine == "postgresql":  # real workers share the database: not SQLite's file
                result["workers"] = _run(
                    [str(k), os.environ.get("BENCH_WORKERS", "2")],
                    str(ROOT / "bench" / "recompute_workers.py"),
                )
        result["wall_s"] = time.perf_counter() - t0
        results.append(result)
        print(
            f"# size {k} ({engine}) done in {result['wall_s']:.0f} s", file=sys.stderr, flush=True
        )
    print_table(results)
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "scale.json").write_text(json.dumps(results, indent=1))


def _name(result: dict) -> str:
    name = SIZE_NAMES.get(result["k"], f"{result['k']}x")
    return f"{name} (SQLite)" if result.get("engine") == "sqlite" else name


def _recompute_row(
    name: str, label: str, seconds: float, floor: float, written: int, *, runs="1 run", memory=""
) -> None:
    print(
        f"| {name} | {label} | {seconds:.2f} s | ({runs}) | | {floor * 1000:.0f} ms "
        f"| {seconds / floor:.1f}x | | {written:,} rows | {memory} |"
    )


def print_table(results: list[dict]) -> None:
    print(f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; cores: {os.cpu_count()}")
    print("| size | indicators | approved returns | statuses |")
    print("|---|---|---|---|")
    for r in results:
        name = _name(r)
        print(f"| {name} | {r['indicators']} | {r['approved']} | {r['statuses']} |")
    print()
    print(
        "| size | measure | median | p95 | cold (first request) | floor | ratio to floor "
        "| SQL queries (cold / warm) | bytes / rows written | peak memory |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        name = _name(r)
        for label, p in r["pages"].items():
            print(
                f"| {name} | {label} | {p['median_s'] * 1000:.1f} ms | {p['p95_s'] * 1000:.1f} ms "
                f"| {p['first_s'] * 1000:.0f} ms | {p['floor_s'] * 1000:.1f} ms "
                f"| {p['median_s'] / p['floor_s']:.1f}x "
                f"| {p['queries_first']} / {p['queries']} | {p['bytes']:,} B | |"
            )
        if "full" not in r:
            continue  # BENCH_PAGES_ONLY
        f = r["full"]
        floor = r["full_floor_s"]
        memory = f"{f['peak_mb']:.0f} MB (before: {f['rss_before_mb']:.0f})"
        _recompute_row(name, "full recompute", f["seconds"], floor, f["written"], memory=memory)
        _recompute_row(
            name, "full recompute again (nothing changed)", f["again_s"], floor, f["again_written"]
        )
        _recompute_row(
            name,
            "full recompute, every 8th status altered",
            f["changed_s"],
            floor,
            f["changed_written"],
        )
        if "workers" in r:
            w = r["workers"]
            floor = w.get("floor_s", floor)  # measured beside the workers' runs
            how = f"{w['workers']} heavy workers, {w['parts']} parts"
            _recompute_row(
                name, f"full recompute on {how}", w["first_s"], floor, w["first_written"]
            )
            _recompute_row(
                name,
                f"full recompute on {how}, nothing changed",
                w["again_s"],
                floor,
                w["again_written"],
                runs="median of 3",
            )
            _recompute_row(
                name,
                f"full recompute on {how}, every 8th status altered",
                w["changed_s"],
                floor,
                w["changed_written"],
            )
        print(
            f"| {name} | one-quarter recompute ({QUARTER}) | {r['quarter_s']:.2f} s | | | "
            f"{r['quarter_floor_s'] * 1000:.0f} ms | {r['quarter_s'] / r['quarter_floor_s']:.0f}x "
            f"| | {r['quarter_written']:,} rows | |"
        )
        if "import" in r:
            i = r["import"]
            print(
                f"| {name} | import {i['rows']:,} rows ({i['file_kb']:,} KB CSV): preview + save "
                f"| {i['preview_s'] + i['save_s']:.2f} s | (1 run; save {i['save_s']:.2f} s) | "
                f"| {i['floor_s'] * 1000:.0f} ms ({i.get('floor_what', 'one COPY')}) "
                f"| {(i['preview_s'] + i['save_s']) / i['floor_s']:.0f}x | {i['save_queries']} "
                f"| {i['rows']:,} rows | {i['peak_mb']:.0f} MB |"
            )
        if "pack" in r:
            p = r["pack"]
            total = p["snapshot_s"] + p["pdf_s"]
            print(
                f"| {name} | Board pack, focus {p['theme']} ({p['focus_charts']} of "
                f"{p['focus_indicators']} indicators charted): snapshot + PDF "
                f"| {total:.2f} s | (1 run; PDF {p['pdf_s']:.2f} s, {p['pages']} pages) | "
                f"| {p['floor_s'] * 1000:.0f} ms (the quarter's statuses) "
                f"| {total / p['floor_s']:.0f}x | {p['snapshot_queries']} "
                f"| {p['pdf_kb']:,} KB PDF | {p['peak_mb']:.0f} MB (before: {p['base_mb']:.0f}) |"
            )
        if "approval_s" in r:
            print(
                f"| {name} | approval's recompute ({QUARTER}, one indicator) "
                f"| {r['approval_s']:.2f} s | | | {r['quarter_floor_s'] * 1000:.0f} ms "
                f"| {r['approval_s'] / r['quarter_floor_s']:.0f}x | | | |"
            )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--size":
        job_size(int(sys.argv[2]))
    elif len(sys.argv) == 3 and sys.argv[1] == "--full":
        job_full(int(sys.argv[2]))
    else:
        main()
