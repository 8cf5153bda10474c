"""Faults lose nothing, with real processes: a redis-server owned by the test (stopped and
started again), and a real `celery worker` killed with SIGKILL in the middle of a Board pack.

Marked celery_worker (run apart: `pytest -m celery_worker`, as .ci/run does). Skipped without
the redis-server binary (or, for the worker, without PostgreSQL) unless REQUIRE_CELERY_WORKER
is set, as the other real-worker tests are.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
import redis
from django.db import transaction

from config.celery_app import app
from core import jobs
from core.models import OutboxJob

pytestmark = pytest.mark.celery_worker
ROOT = Path(__file__).resolve().parents[2]


def _need(condition: bool, why: str) -> None:
    if not condition:
        if os.environ.get("REQUIRE_CELERY_WORKER"):
            pytest.fail(f"REQUIRE_CELERY_WORKER is set but {why}")
        pytest.skip(why)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OwnRedis:
    """A throwaway redis-server on a free port: no persistence, started and stopped at will."""

    def __init__(self, workdir: Path):
        self.exe = shutil.which("redis-server")
        self.port = _free_port()
        self.workdir = workdir
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            [self.exe, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = self.client()
        for _ in range(100):
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        pytest.fail("redis-server did not start")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None

    def client(self):
        return redis.Redis.from_url(self.url, socket_connect_timeout=1, socket_timeout=2)

    def queued(self, queue="celery") -> list[dict]:
        return [json.loads(raw) for raw in self.client().lrange(queue, 0, -1)]


@pytest.fixture
def own_redis(tmp_path):
    _need(shutil.which("redis-server") is not None, "the redis-server binary is not on PATH")
    server = OwnRedis(tmp_path)
    server.start()
    eager, broker = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False  # send through the broker, as production does
    app.conf.broker_url = server.url
    try:
        yield server
    finally:
        app.conf.task_always_eager, app.conf.broker_url = eager, broker
        server.stop()


@pytest.mark.django_db
def test_redis_down_the_approval_succeeds_fast_and_the_job_reaches_redis_later(
    own_redis, officer, performance_lead, django_capture_on_commit_callbacks
):
    from indicators.models import Indicator, Period
    from indicators.returns import services

    indicator = Indicator.objects.get(code="LAC-WITHIN-20-MILES")
    indicator.owner = officer
    indicator.save()
    ret = services.return_create(
        user=officer, indicator=indicator, period=Period.objects.get(code="2019-05"), value="93"
    )
    ret = services.return_submit(user=officer, ret=ret)

    own_redis.stop()  # the broker goes away
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        ret = services.return_approve(user=performance_lead, ret=ret, version=ret.version)
    took = time.monotonic() - started
    assert ret.status == "approved"
    assert took < 5, f"the approval waited {took:.1f} s for a broker that is down"
    job = OutboxJob.objects.get()
    # the approval recomputes only its indicator (issue 13)
    assert (job.task, job.args, job.sent_at) == (
        "indicators.compute_rag",
        ["2019-05", "LAC-WITHIN-20-MILES"],
        None,
    )
    assert job.last_error

    own_redis.start()  # back (empty: no persistence), the outbox sends what waited
    assert jobs.outbox_flush() == 1
    assert jobs.outbox_flush() == 0
    messages = own_redis.queued()
    assert [(m["headers"]["task"], m["headers"]["id"]) for m in messages] == [
        ("indicators.compute_rag", job.task_id)
    ]
    job.refresh_from_db()
    assert job.sent_at is not None


def _worker(redis_url: str, db: dict, media_root: str, node: str, log: Path) -> subprocess.Popen:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        REDIS_URL=redis_url,
        DATABASE_URL=(
            f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        MEDIA_ROOT=media_root,
        SLOW_PACK_STEP_SECONDS="30",
    )
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tests.security.slow_pack_worker", "worker",
         "-P", "solo", "-l", "info", "--without-heartbeat", "--without-gossip",
         "--without-mingle", "-Q", "celery,heavy", "-n", node],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )  # fmt: skip


def _wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def test_worker_killed_mid_pack_the_pack_goes_stale_then_failed_and_can_be_published_again(
    own_redis, framework_tx, performance_lead, settings, tmp_path
):
    from django.core.exceptions import ValidationError
    from django.db import connection

    from indicators.models import Period
    from outcomes.board import services as board
    from outcomes.models import BoardPack, Theme

    _need(connection.vendor == "postgresql", "a worker process needs the PostgreSQL test database")
    session = board.session_create(
        user=performance_lead,
        period=Period.objects.get(code="FY2019-20-Q2"),
        date=date(2019, 10, 24),
        title="Safe theme session",
        focus_theme=Theme.objects.get(code="SAFE"),
    )
    node = f"faults-{os.getpid()}-{time.monotonic_ns()}@localhost"
    log = tmp_path / "worker.log"
    worker = _worker(own_redis.url, connection.settings_dict, str(settings.MEDIA_ROOT), node, log)
    try:
        # Ready when it says so (a ping would go through the app's pooled connection, which
        # may point at another broker).
        _wait_for(lambda: worker.poll() is None and " ready." in log.read_text(), 90, "the worker")
        with transaction.atomic():  # the job is sent when this commits
            pack = board.pack_request(user=performance_lead, session=session)
        running = _wait_for(
            lambda: BoardPack.objects.filter(
                pk=pack.pk, state=BoardPack.State.RUNNING, progress__gt=0
            ).first(),
            60,
            "the worker to start building the pack",
        )
        assert running.heartbeat_at is not None and running.task_id == pack.task_id
        with pytest.raises(ValidationError, match="already being built"):
            board.pack_request(user=performance_lead, session=session)  # alive: one at a time

        worker.send_signal(signal.SIGKILL)  # the worker dies mid-build
        worker.wait(timeout=10)
        time.sleep(1)
        assert BoardPack.objects.get(pk=pack.pk).state == BoardPack.State.RUNNING  # forever...

        settings.BOARD_PACK_STALE_SECONDS = 2  # ...until its heartbeat is older than the limit
        time.sleep(2.5)
        assert list(BoardPack.objects.stale().values_list("pk", flat=True)) == [pack.pk]
        with transaction.atomic():
            again = board.pack_request(user=performance_lead, session=session)
        dead = BoardPack.objects.get(pk=pack.pk)
        assert dead.state == BoardPack.State.FAILED
        assert dead.step == "The job stopped; publish again" and "publish again" in dead.error
        assert BoardPack.objects.get(pk=again.pk).state == BoardPack.State.QUEUED
        queued_ids = {m["headers"]["id"] for m in own_redis.queued("heavy")}
        assert again.task_id in queued_ids  # the new build reached the broker
    except BaseException:
        print(log.read_text())  # the worker's log, shown with the failure
        raise
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=10)
