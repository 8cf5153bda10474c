"""The full and the nightly recompute run in parts, side by side (issue 13, docs/scaling.md).

Indicators fall into buckets of CHUNK consecutive ids; each bucket is written under a lock of
its own, so a part (a range of whole buckets) never waits for another part, while two jobs on
the same indicator still take turns. The parts together write what one recompute writes."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from indicators import status, tasks
from indicators.locks import LockTimeout, advisory_lock
from indicators.models import AreaStatus, Indicator, IndicatorStatus, Target
from tests.factories import approved
from tests.helpers import held_elsewhere

FIELDS = ("value", "target", "band", "rag", "direction", "is_synthetic")


def far_copy(code: str) -> Indicator:
    """A copy of a framework indicator, with its targets, two buckets beyond the last id."""
    copy = Indicator.objects.get(code=code)
    source_id = copy.id
    top = Indicator.objects.order_by("-id").values_list("id", flat=True).first()
    copy.pk = copy.id = (top // status.CHUNK + 2) * status.CHUNK + 7
    copy._state.adding = True
    copy.code = f"{code}~FAR"
    copy.save()
    names = [f.attname for f in Target._meta.concrete_fields if f.attname not in ("id",)]
    Target.objects.bulk_create(
        Target(**{**row, "indicator_id": copy.id})
        for row in Target.objects.filter(indicator_id=source_id).values(*names)
    )
    return copy


@pytest.fixture
def two_buckets(db):
    """Figures for a framework indicator and for its copy in a bucket further on."""
    far = far_copy("LAC-WITHIN-20-MILES")
    for code in ("LAC-WITHIN-20-MILES", far.code):
        approved(code, "2019-04", "91")
        approved(code, "2019-05", "84")
    return far


def snapshot() -> dict:
    rows = {}
    for model in (IndicatorStatus, AreaStatus):
        for row in model.objects.values_list("indicator__code", "period__code", *FIELDS):
            rows[(model.__name__, *row[:2])] = row[2:]
    return rows


def test_ranges_are_whole_buckets_and_hold_every_indicator_once(two_buckets):
    ids = list(Indicator.objects.values_list("id", flat=True))
    buckets = {i // status.CHUNK for i in ids}
    assert len(buckets) >= 2
    for parts in (1, 2, 4, 50):
        ranges = status.recompute_ranges(parts)
        assert len(ranges) == min(parts, len(buckets))
        for first, last in ranges:
            assert first % status.CHUNK == 0 and (last + 1) % status.CHUNK == 0
        assert ranges == sorted(ranges)
        assert all(a[1] < b[0] for a, b in zip(ranges, ranges[1:], strict=False))
        for i in ids:
            assert sum(first <= i <= last for first, last in ranges) == 1


def test_the_parts_write_what_one_recompute_writes(two_buckets):
    status.statuses_recompute()
    expected = snapshot()
    assert ("IndicatorStatus", two_buckets.code, "2019-05") in expected
    IndicatorStatus.objects.all().delete()
    AreaStatus.objects.all().delete()

    queued = tasks.recompute_in_parts(status.recompute_start(), timezone.localdate(), parts=4)

    assert queued == len(status.recompute_ranges(4)) >= 2
    assert snapshot() == expected


def test_a_part_writes_its_own_indicators_only(two_buckets):
    first, last = status.recompute_ranges(2)[-1]
    written = tasks.recompute_part(first, last, "2019-04-01", date.today().isoformat())
    assert written > 0
    ids = set(IndicatorStatus.objects.values_list("indicator_id", flat=True))
    assert ids == {two_buckets.id}


def test_the_nightly_job_recomputes_the_open_periods_in_parts(two_buckets, settings):
    settings.RAG_RECOMPUTE_PARTS = 3
    start = status.open_start(timezone.localdate())
    assert tasks.recompute_open_periods() == len(status.recompute_ranges(3)) >= 2
    far = IndicatorStatus.objects.filter(indicator=two_buckets)
    assert far.filter(period__start__gte=start).exists()
    assert not IndicatorStatus.objects.filter(period__start__lt=start).exists()


def test_compute_rag_all_queue_sends_the_parts(two_buckets, capsys):
    call_command("compute_rag", "--all", "--queue")
    assert "Queued the full recompute in" in capsys.readouterr().out
    row = IndicatorStatus.objects.get(indicator=two_buckets, period__code="2019-05")
    assert (row.rag, row.target) == ("red", 90)
    with pytest.raises(CommandError, match="--queue goes with --all"):
        call_command("compute_rag", "--period", "2019-05", "--queue")


@pytest.mark.django_db(transaction=True)
def test_a_held_bucket_holds_up_its_own_indicators_only(framework_tx, monkeypatch):
    """Another job writing the far bucket: the near indicator's recompute goes ahead, the far
    one's waits for the lock (here: gives up after a short wait)."""
    if connection.vendor != "postgresql":
        pytest.skip("advisory locks between connections: PostgreSQL")
    far = far_copy("LAC-WITHIN-20-MILES")
    approved(far.code, "2019-05", "84")
    approved("LAC-WITHIN-20-MILES", "2019-05", "84")
    monkeypatch.setattr(status, "LOCK_TIMEOUT", 0.5)
    with held_elsewhere(lambda: advisory_lock(f"{status.LOCK_KEY}:{far.id // status.CHUNK}")):
        near = status.status_compute_period(
            period_code="2019-05", indicator_code="LAC-WITHIN-20-MILES"
        )
        assert near > 0
        with pytest.raises(LockTimeout):
            status.status_compute_period(period_code="2019-05", indicator_code=far.code)
        assert not IndicatorStatus.objects.filter(indicator=far).exists()
    status.status_compute_period(period_code="2019-05", indicator_code=far.code)
    assert IndicatorStatus.objects.get(indicator=far, period__code="2019-05").rag == "red"


def test_two_heavy_workers_share_the_parts(framework_tx, celery_queue_workers):
    """The full recompute sent through the broker to two heavy worker processes: each runs
    parts, and together they write what one recompute writes."""
    import time

    from django.conf import settings

    from config.celery_app import app

    far = far_copy("LAC-WITHIN-20-MILES")
    for code in ("LAC-WITHIN-20-MILES", far.code):
        approved(code, "2019-04", "91")
        approved(code, "2019-05", "84")
    status.statuses_recompute()
    expected = snapshot()
    IndicatorStatus.objects.all().delete()
    AreaStatus.objects.all().delete()
    nodes = [celery_queue_workers("heavy"), celery_queue_workers("heavy")]

    parts = len(status.recompute_ranges(settings.RAG_RECOMPUTE_PARTS))
    assert parts >= 2
    assert tasks.recompute_all.delay().get(timeout=60) == parts

    deadline = time.monotonic() + 120
    while snapshot() != expected and time.monotonic() < deadline:
        time.sleep(0.5)
    assert snapshot() == expected
    ran = {
        node: stats["total"].get("indicators.recompute_part", 0)
        for node, stats in (app.control.inspect(destination=nodes, timeout=5).stats() or {}).items()
    }
    assert sum(ran.values()) == parts
    assert set(ran) == set(nodes)


@pytest.mark.django_db
def test_a_full_recompute_starts_at_the_year_of_the_first_approved_city_return():
    from indicators.models import Area, Return

    assert status.recompute_start() == date(2016, 4, 1)  # none yet
    approved("LAC-WITHIN-20-MILES", "2019-05", "84")
    # neither a draft nor a locality's figure moves it
    approved("LAC-WITHIN-20-MILES", "2018-05", "80", status=Return.Status.DRAFT)
    approved(
        "LAC-WITHIN-20-MILES",
        "2017-06",
        "80",
        area=Area.objects.filter(kind=Area.Kind.LOCALITY).first(),
    )
    assert status.recompute_start() == date(2019, 4, 1)
    approved("LAC-WITHIN-20-MILES", "2018-03", "80")  # FY2017-18
    assert status.recompute_start() == date(2017, 4, 1)
