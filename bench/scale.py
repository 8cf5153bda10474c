"""Builds the benchmark database for size k (S = 1, M = 4, L = 16): the demo data, k times.

Usage (inside a configured Django process, DATABASE_URL pointing at cbo_bench_{k}):
    build(k)

1. migrate, load_framework, seed_demo: size S, today's demo (55 indicators);
2. every demo indicator is cloned k - 1 times: codes `CODE~2` ... `CODE~k`, the same names (with
   the copy number), themes, priorities, strategy outcomes, targets, returns (city and
   locality), benchmarks and stored statuses, all with bulk_create;
3. ANALYZE, so the planner knows the tables' sizes (autovacuum's job in production).

Deterministic: the demo is deterministic and a clone copies its source row for row. The copied
statuses are what a full recompute would give (same inputs), so the database is in the steady
state the app is in between two approvals; the bench then times a full recompute on top.
"""

from __future__ import annotations

import os

CLONE_SEP = "~"
BATCH = 2000


def _copy_rows(model, id_map: dict[int, int], *, exclude=("id",)) -> int:
    """Copy every row of `model` whose indicator is a source, once per clone in `id_map`
    (source indicator id -> list of clone ids); returns rows written."""
    written = 0
    names = [f.attname for f in model._meta.concrete_fields if f.attname not in exclude]
    rows = list(model.objects.filter(indicator_id__in=id_map).values(*names))
    for copy_index in range(len(next(iter(id_map.values()), []))):
        batch = []
        for row in rows:
            clone = dict(row)
            clone["indicator_id"] = id_map[row["indicator_id"]][copy_index]
            batch.append(model(**clone))
        model.objects.bulk_create(batch, batch_size=BATCH)
        written += len(batch)
    return written


def build(k: int) -> dict:
    from django.core.management import call_command
    from django.db import transaction

    from indicators.models import (
        AreaStatus,
        Benchmark,
        Indicator,
        IndicatorStatus,
        Return,
        Target,
    )

    call_command("migrate", verbosity=0)
    call_command("load_framework", verbosity=0)
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", stdout=devnull)
    counts = {"indicators": Indicator.objects.count()}
    if k <= 1:
        analyze()
        return counts
    sources = list(Indicator.objects.order_by("id"))
    names = [f.attname for f in Indicator._meta.concrete_fields if f.attname not in ("id", "code")]
    with transaction.atomic():
        clones = []
        for n in range(2, k + 1):
            for src in sources:
                values = {name: getattr(src, name) for name in names}
                values["name"] = f"{src.name} (copy {n})"
                clones.append(Indicator(code=f"{src.code}{CLONE_SEP}{n}", **values))
        Indicator.objects.bulk_create(clones, batch_size=BATCH)
        by_code = dict(Indicator.objects.values_list("code", "id"))
        id_map = {
            src.id: [by_code[f"{src.code}{CLONE_SEP}{n}"] for n in range(2, k + 1)]
            for src in sources
        }
        for m2m in ("themes", "priorities", "strategy_outcomes"):
            through = getattr(Indicator, m2m).through
            other = next(
                f.attname
                for f in through._meta.concrete_fields
                if f.attname not in ("id", "indicator_id")
            )
            links = list(through.objects.values_list("indicator_id", other))
            through.objects.bulk_create(
                [
                    through(indicator_id=clone_id, **{other: value})
                    for ind_id, value in links
                    for clone_id in id_map.get(ind_id, [])
                ],
                batch_size=BATCH,
            )
        for model in (Target, Return, Benchmark, IndicatorStatus, AreaStatus):
            counts[model._meta.model_name] = _copy_rows(model, id_map)
    counts["indicators"] = Indicator.objects.count()
    analyze()
    # The clones were written in bulk, past the signals that make new versions: without new
    # ones, pages cached while the demo was seeded (at 1x) would be served at 16x.
    from core import versions
    from indicators.status import statuses_changed

    versions.changed(versions.FRAMEWORK)
    statuses_changed()
    return counts


def analyze() -> None:
    """Planner statistics for the rows just written, as autovacuum would gather in production
    (without them PostgreSQL plans the clones' tables as nearly empty)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
