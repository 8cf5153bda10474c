"""A bulk returns import at scale (issue 13): a 10,000-row CSV, previewed and saved.

Usage: .venv/bin/python bench/import_job.py K [ROWS]     (K: cbo_bench_K, built by bench/scale.py)
Env:   BENCH_PG=postgres://postgres@127.0.0.1:5432   the server
       BENCH_IMPORT_SUBMIT=1    also time "save and submit" (the RAG check of every row)

A benchmark, not a test: it prints one JSON line and fails nothing on timing. The CSV holds
indicator codes x the monthly and quarterly periods already started that have no return yet,
then the annual indicators' years likewise (up to ROWS, default 10,000: what the data allows;
cbo_bench_1 has fewer), with a sentence of commentary each, saved by a superuser made for
the run. Everything runs inside a transaction that is rolled back, so the database is left
as it was (but for its id sequences, which PostgreSQL never rolls back).

What is reported:
- preview_s: importers.read + importers.check of the file (the upload page's preview);
- save_s, save_queries: importers.save as drafts (re-check, then the bulk write), and its SQL
  statements (through Django's cursor: the history rows' one COPY is not among them);
- resave_s, resave_queries: the same file saved again, each row replacing the draft it made
  (the update path);
- save_submit_s, save_submit_queries (with BENCH_IMPORT_SUBMIT): saved and submitted;
- floor_s: one COPY of the same rows (indicator, period, value, commentary, users, times) into
  a temporary table: what writing them costs at the least;
- peak_mb: the process's peak RSS (ru_maxrss).
"""

from __future__ import annotations

import io
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
COMMENTARY = (
    "Helping: the new panel meets weekly. Hurting: two vacancies in the team. Next: recruit "
    "by the end of the quarter and review every plan over six months old."
)


class _Rollback(Exception):
    pass


def _setup(k: int) -> None:
    sys.path.insert(0, str(ROOT))
    from bench import benchdb

    benchdb.setup(k)


def _csv(limit: int) -> tuple[bytes, int]:
    """The file's bytes and its rows: each monthly or quarterly indicator x each period of its
    kind already started with no return for the city, the latest first (an indicator reported
    by locality: its three localities' figures); then, if the data allows fewer than `limit`
    of those, the annual indicators' years likewise."""
    import csv

    from django.utils import timezone

    from indicators.models import Indicator, Period, Return

    taken = set(Return.objects.city().values_list("indicator_id", "period_id"))
    started = Period.objects.filter(start__lte=timezone.localdate()).order_by("-start")
    periods: dict[str, list] = {}
    for period in started:
        periods.setdefault(period.kind, []).append(period)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["indicator", "period", "value", "commentary", "area", "numerator", "denominator"]
    )
    localities = ["NORTH", "CENTRAL", "SOUTH"]
    count = 0
    for group in (
        Indicator.objects.exclude(frequency="annual").order_by("code"),
        Indicator.objects.filter(frequency="annual").order_by("code"),
    ):
        group = list(group)
        for index in range(max(len(p) for p in periods.values())):
            for indicator in group:
                kind = periods.get(indicator.period_kind, [])
                if index >= len(kind) or count >= limit or (indicator.id, kind[index].id) in taken:
                    continue
                value = "50" if indicator.unit == "percent" else "7"
                if not indicator.by_area:
                    writer.writerow([indicator.code, kind[index].code, value, COMMENTARY])
                    count += 1
                    continue
                # reported by locality: the three localities' figures (the city's is added up)
                for area in localities[: max(0, limit - count)]:
                    figure = ["", "45", "50"] if indicator.is_fraction else [value, "", ""]
                    writer.writerow(
                        [indicator.code, kind[index].code, figure[0], COMMENTARY, area, *figure[1:]]
                    )
                    count += 1
    return out.getvalue().encode(), count


def _floor(rows) -> float:
    """One COPY of the rows into a temporary table shaped like the returns' (on SQLite, which
    has no COPY: one executemany INSERT of them, in the transaction)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        return _floor_sqlite(rows)
    from django.utils import timezone

    now = timezone.now().isoformat()
    buffer = io.StringIO()
    for row in rows:
        text = row.commentary.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")
        cells = [row.value, row.area, row.numerator, row.denominator]
        value, area, num, den = (c if c != "" else "\\N" for c in cells)  # COPY's NULL
        buffer.write(
            f"{row.indicator}\t{row.period}\t{area}\t{value}\t{num}\t{den}\t{text}"
            f"\t1\t1\t{now}\t{now}\n"
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_import_floor (indicator text, period text, area text, "
            "value numeric(14, 4), numerator numeric(14, 4), denominator numeric(14, 4), "
            "commentary text, created_by_id int, updated_by_id int, "
            "created_at timestamptz, updated_at timestamptz) ON COMMIT DROP"
        )
        buffer.seek(0)
        started = time.perf_counter()
        cursor.cursor.copy_expert("COPY bench_import_floor FROM STDIN", buffer)
        return time.perf_counter() - started


def _floor_sqlite(rows) -> float:
    from django.db import connection
    from django.utils import timezone

    now = timezone.now().isoformat()
    values = [
        (r.indicator, r.period, r.area or None, r.value or None, r.numerator or None)
        + (r.denominator or None, r.commentary, 1, 1, now, now)
        for r in rows
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_import_floor (indicator text, period text, area text, "
            "value numeric, numerator numeric, denominator numeric, commentary text, "
            "created_by_id int, updated_by_id int, created_at text, updated_at text)"
        )
        try:
            started = time.perf_counter()
            marks = ", ".join(["%s"] * 11)
            cursor.executemany(f"INSERT INTO bench_import_floor VALUES ({marks})", values)
            return time.perf_counter() - started
        finally:
            cursor.execute("DROP TABLE bench_import_floor")


def _counting(statements: list):
    def wrapper(execute, sql, params, many, context):
        statements.append(1)
        return execute(sql, params, many, context)

    return wrapper


def measure(k: int, rows: int = 10_000) -> dict:
    _setup(k)
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from indicators.models import Return
    from indicators.returns import importers

    out: dict = {"k": k}
    content, out["rows"] = _csv(rows)
    out["file_kb"] = len(content) // 1024
    submit_too = os.environ.get("BENCH_IMPORT_SUBMIT", "") not in ("", "0")
    before = Return.objects.count()
    for submit in [False, True] if submit_too else [False]:
        label = "save_submit" if submit else "save"
        try:
            with transaction.atomic():
                user = get_user_model().objects.create(
                    username="bench-import", is_superuser=True, is_staff=True
                )
                started = time.perf_counter()
                read, _ = importers.read(name="bench.csv", content=content)
                checked = importers.check(user=user, rows=read)
                out.setdefault("preview_s", time.perf_counter() - started)
                problems = [r for r in checked if r.errors]
                assert not problems, problems[0].errors
                statements = []
                with connection.execute_wrapper(_counting(statements)):
                    started = time.perf_counter()
                    saved = importers.save(user=user, rows=checked, submit=submit)
                    out[f"{label}_s"] = time.perf_counter() - started
                out[f"{label}_queries"] = len(statements)
                assert len(saved) == out["rows"]
                if not submit:
                    # the same file again: every row now replaces the draft it made
                    again = importers.check(
                        user=user, rows=importers.read(name="bench.csv", content=content)[0]
                    )
                    assert all(r.existing_id and not r.errors for r in again)
                    statements = []
                    with connection.execute_wrapper(_counting(statements)):
                        started = time.perf_counter()
                        importers.save(user=user, rows=again)
                        out["resave_s"] = time.perf_counter() - started
                    out["resave_queries"] = len(statements)
                    out["floor_s"] = _floor(read)
                    out["floor_what"] = (
                        "one COPY" if connection.vendor != "sqlite" else ("one executemany INSERT")
                    )
                raise _Rollback
        except _Rollback:
            pass
    assert Return.objects.count() == before  # left as it was
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    print(json.dumps(measure(size, limit)))
