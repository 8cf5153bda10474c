"""The RAG engine writes only the statuses that change (issue 13): a recompute over unchanged
figures writes nothing, a changed return rewrites only what it alters, an approval recomputes
its own indicator only, and the result is always what a full recompute gives."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators import status
from indicators.models import IndicatorStatus, Period
from indicators.returns import services
from indicators.tasks import compute_rag
from tests.factories import approved

FIELDS = ("value", "target", "band", "rag", "direction", "is_synthetic", "computed_at")


def snapshot() -> dict:
    return {
        (s.indicator.code, s.period.code): tuple(getattr(s, f) for f in FIELDS)
        for s in IndicatorStatus.objects.select_related("indicator", "period")
    }


def writes(ctx) -> list[str]:
    return [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
        and "indicators_" in q["sql"]
        and "status" in q["sql"]
    ]


@pytest.fixture
def figures(db):
    approved("LAC-WITHIN-20-MILES", "2019-04", "91")
    approved("LAC-WITHIN-20-MILES", "2019-05", "88")
    approved("ADOPTIONS", "FY2019-20-Q1", "15")
    approved("ADOPTIONS", "FY2019-20-Q2", "13")
    status.statuses_recompute()
    # the academic year 2018/19 holds May 2019 too: its months before FY2019-20 start now
    status.status_compute_period(period_code="2019-05")
    assert IndicatorStatus.objects.filter(value__isnull=False).count() > 4


@pytest.mark.django_db
def test_a_recompute_with_nothing_changed_writes_nothing(figures):
    before = snapshot()
    with CaptureQueriesContext(connection) as ctx:
        written = status.statuses_recompute()
        written += status.status_compute_period(period_code="2019-05")
    assert written == 0
    assert writes(ctx) == []
    assert snapshot() == before  # computed_at untouched too


@pytest.mark.django_db
def test_a_changed_return_rewrites_only_the_statuses_it_changes(figures):
    before = snapshot()
    ret = approved("LAC-WITHIN-20-MILES", "2019-06", "95")
    assert ret.pk
    written = status.status_compute_period(period_code="2019-06")
    after = snapshot()
    changed = {key for key in after if after[key] != before.get(key)}
    assert written == len(changed) > 0
    assert ("LAC-WITHIN-20-MILES", "2019-06") in changed
    assert ("LAC-WITHIN-20-MILES", "FY2019-20-Q1") in changed  # the quarter's latest month
    assert all(code == "LAC-WITHIN-20-MILES" for code, _ in changed)
    assert after[("LAC-WITHIN-20-MILES", "2019-05")] == before[("LAC-WITHIN-20-MILES", "2019-05")]
    assert after[("ADOPTIONS", "FY2019-20-Q2")] == before[("ADOPTIONS", "FY2019-20-Q2")]


@pytest.mark.django_db
def test_an_indicator_recompute_leaves_other_indicators_alone(figures):
    # ADOPTIONS changes without a recompute: a recompute of LAC-WITHIN-20-MILES must not
    # pick it up, and a recompute of every indicator must.
    IndicatorStatus.objects.filter(indicator__code="ADOPTIONS").update(rag="green")
    stale = snapshot()
    approved("LAC-WITHIN-20-MILES", "2019-06", "95")
    status.status_compute_period(period_code="2019-06", indicator_code="LAC-WITHIN-20-MILES")
    after = snapshot()
    assert {k: v for k, v in after.items() if k[0] != "LAC-WITHIN-20-MILES"} == {
        k: v for k, v in stale.items() if k[0] != "LAC-WITHIN-20-MILES"
    }
    june = ("LAC-WITHIN-20-MILES", "2019-06")
    assert after[june] != stale.get(june)
    compute_rag("2019-06")  # the old form of the job: every indicator
    assert stored_rag("ADOPTIONS", "FY2019-20-Q2") == "red"


def stored_rag(code, period):
    return IndicatorStatus.objects.get(indicator__code=code, period__code=period).rag


@pytest.mark.django_db
def test_approval_recomputes_only_its_indicator(
    owned, officer, performance_lead, django_capture_on_commit_callbacks
):
    approved("ADOPTIONS", "FY2019-20-Q1", "15")
    status.statuses_recompute()
    IndicatorStatus.objects.filter(indicator__code="ADOPTIONS").update(rag="green")
    others = {k: v for k, v in snapshot().items() if k[0] != owned.code}
    ret = services.return_create(
        user=officer,
        indicator=owned,
        period=Period.objects.get(code="2019-05"),
        value="95",
        commentary="",
    )
    ret = services.return_submit(user=officer, ret=ret)
    with django_capture_on_commit_callbacks(execute=True):
        services.return_approve(user=performance_lead, ret=ret, version=ret.version)
    after = snapshot()
    assert after[(owned.code, "2019-05")][:4] == (D("95"), D("90"), D("4.5"), "green")
    assert {k: v for k, v in after.items() if k[0] != owned.code} == others


@pytest.mark.django_db
def test_results_are_those_of_a_full_recompute_from_nothing(figures):
    approved("LAC-WITHIN-20-MILES", "2019-06", "70")
    status.status_compute_period(period_code="2019-06", indicator_code="LAC-WITHIN-20-MILES")
    incremental = {k: v[:-1] for k, v in snapshot().items()}  # without computed_at
    IndicatorStatus.objects.all().delete()
    status.statuses_recompute(start=date(2018, 4, 1))  # holds every period rated above
    full = {k: v[:-1] for k, v in snapshot().items()}
    assert {k: full.get(k) for k in incremental} == incremental
    assert incremental[("LAC-WITHIN-20-MILES", "2019-06")][3] == "red"


@pytest.mark.django_db
def test_changed_and_missing_statuses_are_written_in_one_upsert_in_place(figures):
    """A recompute writes new and changed rows together as one INSERT ... ON CONFLICT DO
    UPDATE per batch (issue 13: Django's bulk_update took 20 s for 14,000 changed rows at L):
    a changed row keeps its id, a removed one comes back, an unchanged one is left alone."""
    q1 = ("LAC-WITHIN-20-MILES", "FY2019-20-Q1")
    changed = IndicatorStatus.objects.get(indicator__code=q1[0], period__code=q1[1])
    removed = IndicatorStatus.objects.get(indicator__code="ADOPTIONS", period__code="FY2019-20-Q2")
    kept = IndicatorStatus.objects.get(indicator__code="ADOPTIONS", period__code="FY2019-20-Q1")
    IndicatorStatus.objects.filter(pk=changed.pk).update(rag="green", value=D("1"))
    removed.delete()
    with CaptureQueriesContext(connection) as ctx:
        written = status.statuses_recompute()
    assert written == 2
    [upsert] = writes(ctx)
    assert upsert.lstrip().upper().startswith("INSERT") and "ON CONFLICT" in upsert.upper()
    again = IndicatorStatus.objects.get(pk=changed.pk)  # updated in place
    assert (again.value, again.rag) == (changed.value, changed.rag)
    assert again.computed_at > changed.computed_at
    back = IndicatorStatus.objects.get(indicator__code="ADOPTIONS", period__code="FY2019-20-Q2")
    assert (back.value, back.rag, back.direction) == (removed.value, removed.rag, removed.direction)
    assert IndicatorStatus.objects.get(pk=kept.pk).computed_at == kept.computed_at


@pytest.mark.django_db
def test_the_cycle_collector_is_paused_while_rating_and_back_on_after(figures, monkeypatch):
    """Rating a bucket pauses Python's cycle collector (a third of a full recompute's time at
    L, docs/performance.md); it is back on afterwards, even when the job fails."""
    import gc

    seen = []
    real_rate = status._rate

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real_rate(*args, **kwargs)

    monkeypatch.setattr(status, "_rate", spy)
    assert gc.isenabled()
    status.statuses_recompute()
    assert seen and not any(seen)
    assert gc.isenabled()

    def fail(*args, **kwargs):
        raise RuntimeError("rating failed")

    monkeypatch.setattr(status, "_rate", fail)
    with pytest.raises(RuntimeError):
        status.statuses_recompute()
    assert gc.isenabled()


@pytest.mark.django_db
def test_the_status_tables_are_laid_out_for_rewrites():
    """Migration 0007 (docs/performance.md, eighth pass): no index of the indicator alone on
    either status table (each unique constraint's index leads with it and serves its lookups),
    and on PostgreSQL pages filled to 60%, so that a rewritten row's new version fits in its
    page: a heap-only (HOT) update, which writes no index entry."""
    from indicators.models import AreaStatus

    with connection.cursor() as cursor:
        for model in (IndicatorStatus, AreaStatus):
            table = model._meta.db_table
            found = connection.introspection.get_constraints(cursor, table)
            indexed = [c["columns"] for c in found.values() if c["index"] or c["unique"]]
            assert ["indicator_id"] not in indexed, table
            assert any(columns[0] == "indicator_id" for columns in indexed), table
            if connection.vendor == "postgresql":
                cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [table])
                assert cursor.fetchone()[0] == ["fillfactor=60"], table
