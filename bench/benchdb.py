"""Django set up on a bench database (cbo_bench_{k}, built by bench/scale.py) as every bench
job runs it: local settings with DEBUG off, the in-process cache and eager jobs (one process
measured), on the PostgreSQL server BENCH_PG names; or, with BENCH_ENGINE=sqlite, on the
embedded default (a SQLite file, cbo_bench_{k}.sqlite3 in BENCH_SQLITE_DIR, default /tmp)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def sqlite() -> bool:
    """True when the bench runs on SQLite (BENCH_ENGINE=sqlite)."""
    return os.environ.get("BENCH_ENGINE", "postgresql") == "sqlite"


def sqlite_path(k: int) -> Path:
    return Path(os.environ.get("BENCH_SQLITE_DIR", "/tmp")) / f"cbo_bench_{k}.sqlite3"


def database_url(k: int) -> str:
    """The bench database of size k, on the engine BENCH_ENGINE names."""
    return f"sqlite:///{sqlite_path(k)}" if sqlite() else f"{PG}/cbo_bench_{k}"


def setup(k: int, *, redis_url: str | None = None) -> None:
    """redis_url: jobs go through this broker to real workers (and the cache lives there)
    instead of running eagerly in-process."""
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url(k)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DJANGO_DEBUG"] = "0"
    if redis_url:
        os.environ["REDIS_URL"] = redis_url
    else:
        os.environ.pop("REDIS_URL", None)  # in-process cache, eager jobs: one process measured
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]  # Django's test client asks for "testserver"
