"""One Board pack at scale (issue 13): the snapshot, then the PDF, for a quarter's session.

Usage: .venv/bin/python bench/pack_job.py K [THEME]    (K: cbo_bench_K, built by bench/scale.py)
Env:   BENCH_PG=postgres://postgres@127.0.0.1:5432   the server

A benchmark, not a test: it prints one JSON line and fails nothing on timing. A session for
Q2 2019/20 with THEME as its focus (default Healthy: at L its 192 indicators) is made inside a
transaction that is rolled back, so the database is left as it was. The pack is built as the
Celery task builds it (outcomes.board.packs.snapshot_build, then pack_pdf), in this process.

What is reported:
- snapshot_s, snapshot_queries: reading the figures into the frozen snapshot (cold: the
  dashboard's cache is not used), and its SQL statements;
- pdf_s, pages, pdf_kb: rendering the print page and laying it out with WeasyPrint;
- focus_indicators, focus_charts: the focus theme's indicators and how many have a chart;
- floor_s: one SQL statement reading the quarter's statuses of every indicator (what the pack
  shows at the least);
- peak_mb: the process's peak RSS (ru_maxrss), Django and WeasyPrint loaded included;
  base_mb: the same before the pack was built; snapshot_peak_mb: once the snapshot is read.
"""

from __future__ import annotations

import io
import json
import resource
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUARTER = "FY2019-20-Q2"

FLOOR_SQL = """
SELECT s.indicator_id, s.value, s.target, s.rag, s.direction, p.code
FROM indicators_indicatorstatus s JOIN indicators_period p ON p.id = s.period_id
WHERE p."end" <= %s AND p."end" > %s
"""


class _Rollback(Exception):
    pass


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _counting(statements: list):
    def wrapper(execute, sql, params, many, context):
        statements.append(1)
        return execute(sql, params, many, context)

    return wrapper


def measure(k: int, theme: str = "Healthy") -> dict:
    sys.path.insert(0, str(ROOT))
    from bench import benchdb

    benchdb.setup(k)
    import pypdf
    import weasyprint  # noqa: F401 - loaded before the baseline, as a worker has it
    from django.db import connection, transaction

    from indicators.models import Period
    from outcomes.board import packs
    from outcomes.models import BoardSession, Theme

    out: dict = {"k": k, "theme": theme, "base_mb": _rss_mb()}
    period = Period.objects.get(code=QUARTER)
    try:
        with transaction.atomic():
            session = BoardSession.objects.create(
                period=period,
                date=date(2019, 10, 20),
                title="Bench session",
                focus_theme=Theme.objects.get(name=theme),
            )
            statements: list = []
            with connection.execute_wrapper(_counting(statements)):
                started = time.perf_counter()
                snapshot = packs.snapshot_build(session, as_at=session.created_at)
                out["snapshot_s"] = time.perf_counter() - started
            out["snapshot_queries"] = len(statements)
            out["snapshot_peak_mb"] = _rss_mb()
            started = time.perf_counter()
            pdf = packs.pack_pdf(snapshot)
            out["pdf_s"] = time.perf_counter() - started
            out["pdf_kb"] = len(pdf) // 1024
            out["pages"] = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
            out["focus_charts"] = len(snapshot["focus"])
            out["focus_indicators"] = snapshot.get("focus_count", len(snapshot["focus"]))
            samples = []
            for _ in range(3):
                started = time.perf_counter()
                with connection.cursor() as cursor:
                    cursor.execute(FLOOR_SQL, [period.end, period.start])
                    cursor.fetchall()
                samples.append(time.perf_counter() - started)
            out["floor_s"] = min(samples)
            raise _Rollback
    except _Rollback:
        pass
    out["peak_mb"] = _rss_mb()
    return out


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    print(json.dumps(measure(size, *sys.argv[2:3])))
