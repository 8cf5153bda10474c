"""Faults lose nothing (docs/security.md): with the broker down a job waits in the outbox and is
sent later, once; a Board pack whose job stopped is failed and can be published again; tasks
retry passing faults. Fast tests: no real processes (tests/security/test_faults_processes.py
has the ones with a real Redis and a real worker)."""

import time
from datetime import date, timedelta

import pytest
from django.db import OperationalError, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerOperationalError

from config.celery_app import app
from core import jobs
from core.models import OutboxJob
from indicators.models import Period
from outcomes.board import services as board
from outcomes.board import tasks as board_tasks
from outcomes.models import PACK_STALE_STEP, BoardPack, Theme

DEAD_REDIS = "redis://127.0.0.1:6390/0"  # nothing listens on 6390


@pytest.fixture
def through_broker():
    """Tasks go through the broker, as in production (not run in-process)."""
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = eager


@pytest.fixture
def broker_down(through_broker, monkeypatch):
    calls = []

    def refuse(name, args, task_id):
        calls.append((name, args, task_id))
        raise BrokerOperationalError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")

    monkeypatch.setattr(jobs, "publish", refuse)
    return calls


@pytest.fixture
def broker_up(through_broker, monkeypatch):
    sent = []
    monkeypatch.setattr(jobs, "publish", lambda name, args, task_id: sent.append((name, args)))
    return sent


# --- the outbox ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_eager_settings_run_the_job_in_process_and_write_no_outbox(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        task_id = jobs.enqueue("core.ping", "hello")
    assert task_id and len(callbacks) == 1
    assert not OutboxJob.objects.exists()


@pytest.mark.django_db
def test_enqueue_with_the_broker_down_keeps_the_job_and_raises_nothing(
    broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        task_id = jobs.enqueue("indicators.compute_rag", "2019-08")
    job = OutboxJob.objects.get()
    assert (job.task, job.args, job.task_id) == ("indicators.compute_rag", ["2019-08"], task_id)
    assert job.sent_at is None and job.attempts == 1
    assert "Connection refused" in job.last_error
    assert len(broker_down) == 1  # tried once, after the commit


@pytest.mark.django_db
def test_nothing_is_sent_or_kept_when_the_transaction_rolls_back(broker_up):
    with pytest.raises(RuntimeError), transaction.atomic():
        jobs.enqueue("indicators.compute_rag", "2019-08")
        raise RuntimeError("the change failed")
    assert not OutboxJob.objects.exists() and broker_up == []


@pytest.mark.django_db
def test_enqueue_sends_after_commit_and_marks_sent(broker_up, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue("indicators.compute_rag", "2019-08")
        assert broker_up == []  # not before the commit
    assert broker_up == [("indicators.compute_rag", ["2019-08"])]
    assert OutboxJob.objects.get().sent_at is not None


@pytest.mark.django_db
def test_an_approval_with_the_broker_down_succeeds_and_its_job_waits(
    broker_down, officer, performance_lead, django_capture_on_commit_callbacks
):
    from indicators.models import Indicator
    from indicators.returns import services

    indicator = Indicator.objects.get(code="LAC-WITHIN-20-MILES")
    indicator.owner = officer
    indicator.save()
    ret = services.return_create(
        user=officer, indicator=indicator, period=Period.objects.get(code="2019-05"), value="93"
    )
    ret = services.return_submit(user=officer, ret=ret)
    with django_capture_on_commit_callbacks(execute=True):
        ret = services.return_approve(user=performance_lead, ret=ret, version=ret.version)
    assert ret.status == "approved"
    job = OutboxJob.objects.get()
    expected = ("indicators.compute_rag", ["2019-05", "LAC-WITHIN-20-MILES"], None)
    assert (job.task, job.args, job.sent_at) == expected  # only the approved indicator


@pytest.mark.django_db
def test_flush_sends_each_waiting_job_once(
    broker_down, monkeypatch, django_capture_on_commit_callbacks
):
    for period in ("2019-05", "2019-06"):
        with django_capture_on_commit_callbacks(execute=True):
            jobs.enqueue("indicators.compute_rag", period)
    assert OutboxJob.objects.filter(sent_at=None).count() == 2
    assert jobs.outbox_flush() == 0  # still down: stops at the first failure
    assert OutboxJob.objects.order_by("pk").first().attempts == 2

    sent = []
    monkeypatch.setattr(jobs, "publish", lambda name, args, task_id: sent.append(task_id))
    assert jobs.outbox_flush() == 2
    assert jobs.outbox_flush() == 0  # nothing twice
    assert sent == list(OutboxJob.objects.order_by("pk").values_list("task_id", flat=True))
    assert not OutboxJob.objects.filter(sent_at=None).exists()


@pytest.mark.django_db
def test_flush_forgets_jobs_sent_long_ago(broker_up):
    jobs.enqueue("core.ping")
    OutboxJob.objects.update(sent_at=timezone.now() - timedelta(days=jobs.KEEP_SENT_DAYS + 1))
    jobs.outbox_flush()
    assert not OutboxJob.objects.exists()


@pytest.mark.django_db
def test_the_beat_task_flushes_the_outbox(broker_down, monkeypatch):
    from core.tasks import send_outbox

    jobs.enqueue("core.ping")
    monkeypatch.setattr(jobs, "publish", lambda name, args, task_id: None)
    assert send_outbox() == 1
    assert OutboxJob.objects.get().sent_at is not None


@pytest.mark.django_db
def test_a_finished_request_flushes_at_most_every_interval(
    broker_down, monkeypatch, client, settings
):
    jobs.enqueue("core.ping")
    sent = []
    monkeypatch.setattr(jobs, "publish", lambda name, args, task_id: sent.append(task_id))
    monkeypatch.setattr(jobs, "_last_flush", time.monotonic())
    settings.OUTBOX_FLUSH_SECONDS = 3600
    assert client.get("/healthz").status_code == 200
    assert sent == []  # flushed recently: the request does nothing
    monkeypatch.setattr(jobs, "_last_flush", float("-inf"))
    assert client.get("/healthz").status_code == 200
    assert len(sent) == 1 and OutboxJob.objects.get().sent_at is not None


@pytest.mark.django_db
def test_publish_to_a_dead_broker_fails_fast(through_broker, settings, monkeypatch):
    """The real send, on a broker that is not there: an error within about a second, not the
    ~20 s of Celery's default retries."""
    monkeypatch.setattr(app.conf, "broker_url", DEAD_REDIS)
    started = time.monotonic()
    with pytest.raises(BrokerOperationalError):
        jobs.publish("core.ping", ["x"], "00000000-0000-0000-0000-000000000001")
    assert time.monotonic() - started < settings.JOB_SEND_TIMEOUT + 1.5


# --- Board packs whose job stopped --------------------------------------------------------


@pytest.fixture
def board_session(db, performance_lead):
    return board.session_create(
        user=performance_lead,
        period=Period.objects.get(code="FY2019-20-Q2"),
        date=date(2019, 10, 24),
        title="Safe theme session",
        focus_theme=Theme.objects.get(code="SAFE"),
    )


def _pack(session, state, *, heartbeat_minutes_ago=None, created_minutes_ago=0):
    pack = BoardPack.objects.create(session=session, state=state)
    now = timezone.now()
    BoardPack.objects.filter(pk=pack.pk).update(
        created_at=now - timedelta(minutes=created_minutes_ago),
        heartbeat_at=(
            None
            if heartbeat_minutes_ago is None
            else now - timedelta(minutes=heartbeat_minutes_ago)
        ),
    )
    return BoardPack.objects.get(pk=pack.pk)


def test_stale_pack_detection(board_session, settings):
    settings.BOARD_PACK_STALE_SECONDS = 600
    S = BoardPack.State
    stale = {
        _pack(board_session, S.RUNNING, heartbeat_minutes_ago=11, created_minutes_ago=20).pk,
        _pack(board_session, S.QUEUED, created_minutes_ago=11).pk,
    }
    _pack(board_session, S.RUNNING, heartbeat_minutes_ago=2, created_minutes_ago=20)  # live
    _pack(board_session, S.QUEUED, created_minutes_ago=1)  # just queued
    _pack(board_session, S.FAILED, heartbeat_minutes_ago=30, created_minutes_ago=30)
    assert set(BoardPack.objects.stale().values_list("pk", flat=True)) == stale


def test_the_sweep_fails_stale_packs_and_says_why(board_session):
    pack = _pack(board_session, BoardPack.State.RUNNING, heartbeat_minutes_ago=11)
    assert board_tasks.fail_stale_packs() == 1
    pack.refresh_from_db()
    assert pack.state == BoardPack.State.FAILED and pack.step == PACK_STALE_STEP
    assert "stopped" in pack.error and "publish again" in pack.error


def test_pack_request_after_a_stale_pack_queues_a_new_one(
    board_session, performance_lead, broker_down, django_capture_on_commit_callbacks
):
    old = _pack(board_session, BoardPack.State.RUNNING, heartbeat_minutes_ago=11)
    with django_capture_on_commit_callbacks(execute=True):
        new = board.pack_request(user=performance_lead, session=board_session)
    old.refresh_from_db()
    assert old.state == BoardPack.State.FAILED and old.step == "The job stopped; publish again"
    new.refresh_from_db()
    assert new.state == BoardPack.State.QUEUED
    job = OutboxJob.objects.get()  # the broker is down: the build waits in the outbox
    assert (job.task, job.args, job.task_id) == ("outcomes.build_pack", [new.pk], new.task_id)


def test_a_live_pack_still_blocks_a_second_one(board_session, performance_lead):
    from django.core.exceptions import ValidationError

    _pack(board_session, BoardPack.State.RUNNING, heartbeat_minutes_ago=1, created_minutes_ago=30)
    with pytest.raises(ValidationError, match="already being built"):
        board.pack_request(user=performance_lead, session=board_session)


def test_session_page_offers_publish_again_after_a_failure(board_session, performance_lead, client):
    client.force_login(performance_lead)
    url = f"/board/sessions/{board_session.pk}/"
    assert "Publish the Board pack" in client.get(url).content.decode()
    _pack(board_session, BoardPack.State.RUNNING, heartbeat_minutes_ago=11)
    board_tasks.fail_stale_packs()
    page = client.get(url).content.decode()
    assert "Publish again" in page and "Failed" in page


# --- tasks: safe twice, retry passing faults ---------------------------------------------


@pytest.mark.parametrize("state", ["published", "failed"])
def test_build_pack_leaves_a_finished_pack_alone(board_session, monkeypatch, state):
    pack = _pack(board_session, state)
    monkeypatch.setattr(board_tasks, "pack_build", lambda pk: pytest.fail("built again"))
    assert board_tasks.build_pack.apply(args=(pack.pk,)).get() is None
    assert BoardPack.objects.get(pk=pack.pk).state == state


def test_build_pack_does_not_race_a_live_build(board_session, monkeypatch):
    pack = _pack(board_session, BoardPack.State.RUNNING, heartbeat_minutes_ago=1)
    monkeypatch.setattr(board_tasks, "pack_build", lambda pk: pytest.fail("built twice at once"))
    assert board_tasks.build_pack.apply(args=(pack.pk,)).get() is None


def test_build_pack_takes_over_from_a_dead_worker(board_session, monkeypatch):
    pack = _pack(board_session, BoardPack.State.RUNNING, heartbeat_minutes_ago=11)
    monkeypatch.setattr(board_tasks, "pack_build", lambda pk: BoardPack.objects.get(pk=pk))
    assert board_tasks.build_pack.apply(args=(pack.pk,)).get() == pack.pk


@pytest.mark.parametrize("fault", [OperationalError("db gone"), BrokerOperationalError("down")])
def test_build_pack_retries_a_passing_fault(board_session, monkeypatch, fault):
    pack = _pack(board_session, BoardPack.State.QUEUED)
    seen = []

    def flaky(pk):
        seen.append(BoardPack.objects.get(pk=pk).state)
        if len(seen) == 1:
            BoardPack.objects.filter(pk=pk).update(state=BoardPack.State.FAILED, error="x")
            raise fault  # as pack_build does: marks failed, re-raises
        return BoardPack.objects.get(pk=pk)

    monkeypatch.setattr(board_tasks, "pack_build", flaky)
    board_tasks.build_pack.apply(args=(pack.pk,), throw=False)  # eager: the retry runs at once
    assert len(seen) == 2
    assert BoardPack.objects.get(pk=pack.pk).error == ""  # back to queued, then built


def test_compute_rag_retries_broker_and_database_faults():
    from indicators.tasks import compute_rag

    assert OperationalError in compute_rag.autoretry_for
    assert BrokerOperationalError in compute_rag.autoretry_for
    assert compute_rag.retry_backoff


@pytest.mark.django_db(transaction=True)
def test_a_job_being_sent_by_another_process_is_skipped(broker_down, monkeypatch):
    """Two flushes at once (beat and a request) never send one job twice: the row is locked
    while it is sent and the other flush skips it (PostgreSQL; SQLite has no row locks)."""
    from contextlib import contextmanager

    from django.db import connection

    from tests.helpers import held_elsewhere

    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update skip_locked) need PostgreSQL")
    jobs.enqueue("core.ping")  # autocommit: tried at once, the broker is down, it waits
    job = OutboxJob.objects.get(sent_at=None)
    sent = []
    monkeypatch.setattr(jobs, "publish", lambda name, args, task_id: sent.append(task_id))

    @contextmanager
    def another_sender():
        with transaction.atomic():
            OutboxJob.objects.select_for_update().get(pk=job.pk)
            yield

    with held_elsewhere(another_sender):
        assert jobs.outbox_flush() == 0 and sent == []  # being sent elsewhere: skipped
    assert jobs.outbox_flush() == 1 and sent == [job.task_id]
