"""Settings come from the environment; production refuses to start half-configured."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'], "
    "'name': str(settings.DATABASES['default']['NAME']), "
    "'eager': settings.CELERY_TASK_ALWAYS_EAGER, 'broker': settings.CELERY_BROKER_URL, "
    "'cache': settings.CACHES['default']['BACKEND'], 'debug': settings.DEBUG, "
    "'hsts': getattr(settings, 'SECURE_HSTS_SECONDS', 0), "
    "'secure_cookie': settings.SESSION_COOKIE_SECURE}))"
)


def run_settings(module: str, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "DJANGO_SECRET_KEY",
            "DJANGO_ALLOWED_HOSTS",
            "DJANGO_DEBUG",
            "CELERY_TASK_ALWAYS_EAGER",
        }
    }
    clean.update(env, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_defaults_need_nothing_running():
    out = run_settings("config.settings.local")
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert got["engine"] == "django.db.backends.sqlite3"
    assert got["name"].endswith("db.sqlite3")
    assert got["eager"] is True
    assert got["cache"].endswith("LocMemCache")


def test_database_and_redis_urls_switch_backends():
    out = run_settings(
        "config.settings.local",
        DATABASE_URL="postgres://u:p@db.example:5432/cbo",
        REDIS_URL="redis://cache.example:6379/0",
    )
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert got["engine"] == "django.db.backends.postgresql"
    assert got["name"] == "cbo"
    assert got["eager"] is False
    assert got["broker"] == "redis://cache.example:6379/0"
    assert got["cache"].endswith("RedisCache")


PRODUCTION = {
    "DJANGO_SECRET_KEY": "s" * 50,
    "DJANGO_ALLOWED_HOSTS": "outcomes.example",
    "REDIS_URL": "redis://redis.example:6379/0",
}


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "REDIS_URL"])
def test_production_refuses_to_start_without(missing):
    env = dict(PRODUCTION)
    env.pop(missing)
    out = run_settings("config.settings.production", **env)
    assert out.returncode != 0
    assert f"{missing} must be set in production" in out.stderr


def test_production_refuses_eager_tasks():
    """Faults lose nothing: in production jobs go through the broker to workers, never
    in-process (where a broker outage or a crash would lose them)."""
    out = run_settings("config.settings.production", **PRODUCTION, CELERY_TASK_ALWAYS_EAGER="1")
    assert out.returncode != 0
    assert "ImproperlyConfigured" in out.stderr
    assert "CELERY_TASK_ALWAYS_EAGER must be off in production" in out.stderr


def test_production_sends_tasks_to_the_broker():
    out = run_settings("config.settings.production", **PRODUCTION)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert got["eager"] is False and got["broker"] == "redis://redis.example:6379/0"


def test_production_turns_on_secure_cookies_and_hsts():
    out = run_settings("config.settings.production", **PRODUCTION, DJANGO_DEBUG="1")
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert got["debug"] is False
    assert got["secure_cookie"] is True
    assert got["hsts"] >= 31536000


def test_env_example_documents_every_variable_read():
    import re

    documented = set(
        re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M)
    )
    read = set()
    for path in (ROOT / "config").rglob("*.py"):
        text = path.read_text()
        read |= set(re.findall(r"os\.environ(?:\.get)?\(\s*\"([A-Z0-9_]+)\"", text))
        read |= set(re.findall(r"os\.environ\[\"([A-Z0-9_]+)\"\]", text))
        read |= set(re.findall(r"env_(?:bool|list)\(\"([A-Z0-9_]+)\"", text))
    # set by Django, by pytest-xdist, and by the tests for the workers they start
    read -= {"DJANGO_SETTINGS_MODULE", "PYTEST_XDIST_WORKER", "CELERY_WORKER_FOR_TESTS"}
    assert read - documented == set()


def test_each_xdist_worker_caches_in_a_redis_database_of_its_own():
    from config.settings.test import worker_cache_url

    assert worker_cache_url("redis://127.0.0.1:6379/15", "gw0") == "redis://127.0.0.1:6379/15"
    assert worker_cache_url("redis://127.0.0.1:6379/15", "gw1") == "redis://127.0.0.1:6379/14"
    assert worker_cache_url("redis://h:6379", "gw1") == "redis://h:6379/15"
    assert worker_cache_url("redis://127.0.0.1:6379/15", "") is None  # not under xdist
    assert worker_cache_url("", "gw1") is None  # no Redis: each process's own memory
