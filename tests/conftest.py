"""Fixtures shared by every test: the framework, users per role, API clients, a Celery worker."""

import contextlib
import os
import subprocess
import sys
import time

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from core import roles
from core.services import user_create_with_role

TEST_PASSWORD = "correct-horse-battery-staple-1"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the framework (and scrutiny seed records) once into the test database."""
    from outcomes.services import framework_load

    with django_db_blocker.unblock():
        framework_load()


@pytest.fixture
def framework_tx(transactional_db):
    """For transactional tests (live server, real worker): the flush between them empties
    the database, so reload the framework when it is missing."""
    from indicators.models import Indicator
    from outcomes.services import framework_load

    if not Indicator.objects.exists():
        framework_load()
    roles.sync_role_permissions()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_outbox_check_after_requests(settings, monkeypatch):
    """The outbox check after a request (core.jobs.flush_after_request) runs at most every
    OUTBOX_FLUSH_SECONDS per process, so whether a request makes it depends on the clock: off
    in tests, which would otherwise count its query now and then. Tests of the check set both."""
    from core import jobs

    settings.OUTBOX_FLUSH_SECONDS = 10**9
    monkeypatch.setattr(jobs, "_last_flush", time.monotonic())


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Uploaded and generated files (Board pack PDFs) go to a temporary folder."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture
def make_user(db):
    def _make(username: str, role: str, **extra):
        return user_create_with_role(username=username, role=role, password=TEST_PASSWORD, **extra)

    return _make


@pytest.fixture
def board_member(make_user):
    return make_user("t.board", roles.BOARD_MEMBER, first_name="Bea", last_name="Board")


@pytest.fixture
def officer(make_user):
    return make_user("t.officer", roles.OFFICER, first_name="Otto", last_name="Officer")


@pytest.fixture
def other_officer(make_user):
    return make_user("t.officer2", roles.OFFICER, first_name="Ola", last_name="Other")


@pytest.fixture
def performance_lead(make_user):
    return make_user("t.lead", roles.PERFORMANCE_LEAD, first_name="Lee", last_name="Lead")


@pytest.fixture
def other_lead(make_user):
    return make_user("t.lead2", roles.PERFORMANCE_LEAD, first_name="Lou", last_name="Lead")


@pytest.fixture
def scrutiny_officer(make_user):
    return make_user("t.scrutiny", roles.SCRUTINY_OFFICER, first_name="Sue", last_name="Scrutiny")


@pytest.fixture
def users_by_role(board_member, officer, performance_lead, scrutiny_officer):
    return {
        roles.BOARD_MEMBER: board_member,
        roles.OFFICER: officer,
        roles.PERFORMANCE_LEAD: performance_lead,
        roles.SCRUTINY_OFFICER: scrutiny_officer,
    }


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def client_for():
    """An API client signed in (session auth) as the given user, or anonymous for None."""

    def _client(user):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user=user)
        return client

    return _client


def _need_worker_setup():
    from django.conf import settings
    from django.db import connection

    if not settings.REDIS_URL:
        if os.environ.get("REQUIRE_CELERY_WORKER"):
            pytest.fail("REQUIRE_CELERY_WORKER is set but REDIS_URL is not.")
        pytest.skip("needs REDIS_URL: a real Celery worker runs against Redis")
    if connection.vendor == "sqlite":
        pytest.skip("a worker process cannot share the in-memory SQLite test database")


@contextlib.contextmanager
def worker_process(queues: str = "celery,heavy"):
    """A real `celery worker` process consuming `queues` on REDIS_URL, reading the test
    database, until the block ends; yields (process, node name)."""
    from django.conf import settings
    from django.db import connection

    from config.celery_app import app

    db = connection.settings_dict
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    env["DATABASE_URL"] = (
        f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    env["CELERY_WORKER_FOR_TESTS"] = "1"
    env["MEDIA_ROOT"] = str(settings.MEDIA_ROOT)
    node = f"test-{os.getpid()}-{time.monotonic_ns()}@localhost"
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-P", "solo", "-l", "info",
         "--without-heartbeat", "--without-gossip", "--without-mingle", "-Q", queues, "-n", node],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"celery worker exited early:\n{proc.stdout.read()}")
            if app.control.ping(destination=[node], timeout=1.0):
                break
        else:
            pytest.fail("celery worker did not answer a ping within 60 s")
        yield proc, node
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def _through_the_broker():
    """Tasks sent in the block go through the broker (eager mode off)."""
    from config.celery_app import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield
    finally:
        app.conf.task_always_eager = eager


@pytest.fixture
def celery_worker_process(transactional_db):
    """A real `celery worker` process on REDIS_URL taking both queues, reading the test
    database. Tasks sent while it runs go through the broker (eager mode is switched off).
    Skipped without REDIS_URL unless REQUIRE_CELERY_WORKER is set (CI sets it: it must run).
    """
    _need_worker_setup()
    with worker_process() as (proc, _node), _through_the_broker():
        yield proc


@pytest.fixture
def celery_queue_workers(transactional_db):
    """Start workers for given queues: `start("heavy")` returns the worker's node name; all
    stop when the test ends. Tasks go through the broker meanwhile."""
    _need_worker_setup()
    with contextlib.ExitStack() as stack:
        stack.enter_context(_through_the_broker())

        def start(queues: str) -> str:
            return stack.enter_context(worker_process(queues))[1]

        yield start


def pytest_collection_modifyitems(config, items):
    """Tests that start a real worker carry the celery_worker marker, so CI can run them apart."""
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "celery_worker_process" in names or "celery_queue_workers" in names:
            item.add_marker(pytest.mark.celery_worker)
