"""Test settings: fast hashing, in-memory email; DATABASE_URL/REDIS_URL still switch backends."""

import os

from .base import *  # noqa: F401,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A second alias on the same test database, as a replica would be (tests/core/test_replica.py
# routes the dashboard's reads to it); off unless a test sets DASHBOARD_READ_DATABASE.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
DASHBOARD_READ_DATABASE = None
# Tasks run in-process in tests; the real-worker fixture (tests/conftest.py) switches this off
# in the test process, and a worker it starts sends the tasks it queues through the broker, as
# a production worker does (the parts of a recompute go to the other heavy workers).
CELERY_TASK_ALWAYS_EAGER = not os.environ.get("CELERY_WORKER_FOR_TESTS")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True


def worker_cache_url(redis_url: str, worker: str) -> str | None:
    """Under pytest-xdist with Redis, each worker's cache is a Redis database of its own: the
    tests empty the cache around each test (FLUSHDB empties the whole database, whatever the
    key prefix), which would otherwise drop another worker's entries and version counters
    mid-test. Worker gwN takes the database N below the URL's (wrapping within 0-15); None
    when not under xdist or without Redis."""
    from urllib.parse import urlsplit, urlunsplit

    if not (redis_url and worker.startswith("gw") and worker[2:].isdigit()):
        return None
    parts = urlsplit(redis_url)
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(base - int(worker[2:])) % 16}"))


_worker_url = worker_cache_url(REDIS_URL, os.environ.get("PYTEST_XDIST_WORKER", ""))  # noqa: F405
if _worker_url:
    CACHES["default"] = redis_cache(_worker_url)  # noqa: F405
