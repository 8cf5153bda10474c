"""Heavy jobs have their own queue: a Board pack waits for a worker of the `heavy` queue while
the default queue's worker goes on with RAG jobs (docs/scaling.md). Two real worker processes."""

import time
from datetime import date

import pytest
from django.db import transaction

from config.celery_app import app, ping


def wait_for(predicate, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    pytest.fail(f"timed out waiting for {what}")


def test_settings_route_heavy_jobs_to_their_own_queue(settings):
    route = app.amqp.router.route
    assert route({}, "outcomes.build_pack")["queue"].name == settings.HEAVY_QUEUE
    assert route({}, "indicators.recompute_open_periods")["queue"].name == "heavy"
    assert route({}, "indicators.compute_rag")["queue"].name == "celery"


def test_a_pack_waits_for_the_heavy_worker_while_rag_jobs_go_on(
    celery_queue_workers, framework_tx, performance_lead
):
    from indicators.models import Period
    from outcomes.board import services as board
    from outcomes.models import BoardPack, Theme

    session = board.session_create(
        user=performance_lead,
        period=Period.objects.get(code="FY2019-20-Q2"),
        date=date(2019, 10, 24),
        title="Safe theme session",
        focus_theme=Theme.objects.get(code="SAFE"),
    )
    default_node = celery_queue_workers("celery")
    with transaction.atomic():  # the job is sent when this commits
        pack = board.pack_request(user=performance_lead, session=session)
    # the default queue's worker answers at once, and leaves the pack alone
    assert ping.delay("rag jobs go on").get(timeout=30) == "rag jobs go on"
    time.sleep(3)
    assert BoardPack.objects.get(pk=pack.pk).state == BoardPack.State.QUEUED
    heavy_node = celery_queue_workers("heavy")
    assert heavy_node != default_node
    wait_for(
        lambda: BoardPack.objects.get(pk=pack.pk).state == BoardPack.State.PUBLISHED,
        180,
        "the heavy worker to build the pack",
    )
