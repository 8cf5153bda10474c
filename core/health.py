"""/health/: each dependency's state as a field; HTTP 200 while the database answers, else 503.

    {"status": "ok" | "degraded" | "down",
     "database": "ok" | "down",
     "cache": "ok" | "down",
     "broker": "ok" | "down" | "in-process",
     "worker": "ok" | "down" | "unknown" | "in-process"}

Pages need only the database: with the cache down they still serve (misses), and with the
broker down tasks wait. So "degraded" is still 200; a load balancer should take the app out of
service only on 503. The worker check is `celery inspect ping` with a 1 s timeout, returning at
the first reply; without a broker it is "unknown".
"""

import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)
TIMEOUT = 1.0


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return "ok"
    except Exception:
        logger.warning("health: database check failed", exc_info=True)
        return "down"


def cache_state() -> str:
    """Write and read back a random value (an ignored error reads back nothing)."""
    key, value = "core:health", secrets.token_hex(8)
    try:
        cache.set(key, value, 10)
        return "ok" if cache.get(key) == value else "down"
    except Exception:
        logger.warning("health: cache check failed", exc_info=True)
        return "down"


def broker_and_worker_state() -> tuple[str, str]:
    url = settings.CELERY_BROKER_URL
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False) or url.startswith("memory://"):
        return "in-process", "in-process"
    from kombu import Connection

    from config.celery_app import app

    try:
        options = {"socket_timeout": TIMEOUT, "socket_connect_timeout": TIMEOUT}
        with Connection(url, connect_timeout=TIMEOUT, transport_options=options) as conn:
            conn.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=TIMEOUT
            )
            try:
                replies = app.control.ping(timeout=TIMEOUT, limit=1, connection=conn)
            except Exception:
                logger.warning("health: worker ping failed", exc_info=True)
                return "ok", "unknown"
            return "ok", ("ok" if replies else "down")
    except Exception:
        logger.warning("health: broker check failed", exc_info=True)
        return "down", "unknown"


@never_cache
def health(request):
    fields = {"database": database_state(), "cache": cache_state()}
    fields["broker"], fields["worker"] = broker_and_worker_state()
    if fields["database"] != "ok":
        status = "down"
    elif all(v in ("ok", "in-process") for v in fields.values()):
        status = "ok"
    else:
        status = "degraded"
    return JsonResponse({"status": status, **fields}, status=200 if status != "down" else 503)
