"""Queue Celery jobs so that a broker outage delays them and never loses them (an outbox).

    enqueue(compute_rag, "2019-08")

inside the transaction that made the change. With eager Celery (no REDIS_URL) the job simply
runs in-process after the commit, as `.delay` did. Otherwise:

1. an OutboxJob row is written in the caller's transaction: the job exists if and only if the
   change does;
2. after the commit the job is sent on a fresh broker connection with short timeouts and no
   retries (JOB_SEND_TIMEOUT, about a second), and the row is marked sent;
3. if sending fails the row keeps waiting with its error; nothing is raised to the user;
4. `outbox_flush` sends waiting rows later, each exactly once: a row is locked
   (select_for_update skip_locked) while it is sent, and marked sent in the same transaction.
   The beat task `core.send_outbox` runs it every minute; a finished request runs it at most
   every OUTBOX_FLUSH_SECONDS per process when something is waiting (after the response).

The job keeps one task id from the start, so whoever sends it, the worker sees the same id.
Tasks must be safe to run twice (a crash between sending and marking sent resends).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, OperationalError, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core.models import OutboxJob

logger = logging.getLogger(__name__)

# Faults worth retrying a task for: the database or the broker briefly away.
TRANSIENT_ERRORS = (
    OperationalError,
    BrokerOperationalError,
    RedisConnectionError,
    RedisTimeoutError,
    ConnectionError,
    TimeoutError,
)

FLUSH_BATCH = 200
KEEP_SENT_DAYS = 7


def _app():
    from config.celery_app import app

    return app


def _is_eager() -> bool:
    return bool(_app().conf.task_always_eager)


def _task_name(task) -> str:
    return task if isinstance(task, str) else task.name


def enqueue(task, *args) -> str:
    """Queue `task` (a Celery task or its name) with JSON-able args after the current
    transaction commits; returns the task id the job will run under."""
    task_id = str(uuid.uuid4())
    name = _task_name(task)
    args = list(args)
    if _is_eager():
        transaction.on_commit(lambda: _run_eager(task, args, task_id))
        return task_id
    job = OutboxJob.objects.create(task=name, args=args, task_id=task_id)
    transaction.on_commit(lambda: _send_one(job.pk))
    return task_id


def _run_eager(task, args, task_id):
    """In-process, as `.delay` with CELERY_TASK_ALWAYS_EAGER: errors propagate (tests)."""
    if isinstance(task, str):
        task = _app().tasks[task]
    task.apply_async(args, task_id=task_id)


def publish(name: str, args: list, task_id: str) -> None:
    """Send one job to the broker on its own connection: no retries, ~1 s timeouts, so a
    request never waits for a broker that is down. Raises on failure."""
    app = _app()
    timeout = settings.JOB_SEND_TIMEOUT
    options = {
        **(app.conf.broker_transport_options or {}),
        "socket_connect_timeout": timeout,
        "socket_timeout": timeout,
        "max_retries": 0,
    }
    with app.connection_for_write(connect_timeout=timeout, transport_options=options) as conn:
        # ignore_result: sending must not wait on the result store (its reconnect loop takes
        # ~20 s with Redis down); the worker still stores the result.
        app.send_task(
            name, args=args, task_id=task_id, connection=conn, retry=False, ignore_result=True
        )


def _send_one(pk: int) -> bool | None:
    """Send the waiting job `pk` if nobody else is: True sent, False failed, None not waiting
    (already sent, or being sent by another process right now)."""
    try:
        with transaction.atomic():
            job = (
                OutboxJob.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, sent_at__isnull=True)
                .first()
            )
            if job is None:
                return None
            job.attempts += 1
            try:
                publish(job.task, job.args, job.task_id)
            except Exception as exc:
                job.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                job.save(update_fields=["attempts", "last_error"])
                logger.warning(
                    "outbox: could not send %s %s (attempt %s), it waits: %s",
                    job.task,
                    job.task_id,
                    job.attempts,
                    job.last_error,
                )
                return False
            job.sent_at = timezone.now()
            job.save(update_fields=["attempts", "sent_at"])
            return True
    except DatabaseError:
        # The row stays as it was (waiting); the next flush tries again.
        logger.exception("outbox: database error while sending job %s", pk)
        return False


def outbox_flush(limit: int = FLUSH_BATCH) -> int:
    """Send waiting jobs, oldest first; stops at the first failure (the broker is still down).
    Returns how many were sent. Also forgets jobs sent more than KEEP_SENT_DAYS ago."""
    sent = 0
    waiting = OutboxJob.objects.filter(sent_at__isnull=True).order_by("pk")
    for pk in list(waiting.values_list("pk", flat=True)[:limit]):
        outcome = _send_one(pk)
        if outcome is False:
            break
        sent += bool(outcome)
    OutboxJob.objects.filter(sent_at__lt=timezone.now() - timedelta(days=KEEP_SENT_DAYS)).delete()
    return sent


def outbox_waiting() -> int:
    return OutboxJob.objects.filter(sent_at__isnull=True).count()


_last_flush = float("-inf")  # monotonic time may be small just after boot
_flush_lock = threading.Lock()


def flush_after_request(**kwargs) -> None:
    """request_finished receiver: the response has gone; at most every OUTBOX_FLUSH_SECONDS
    per process, and only when a job is waiting, send waiting jobs. Never raises."""
    global _last_flush
    if _is_eager():
        return
    now = time.monotonic()
    if now - _last_flush < settings.OUTBOX_FLUSH_SECONDS:
        return
    if not _flush_lock.acquire(blocking=False):
        return
    try:
        _last_flush = now
        if OutboxJob.objects.filter(sent_at__isnull=True).exists():
            outbox_flush(limit=50)
    except Exception:
        logger.exception("outbox: flush after a request failed")
    finally:
        _flush_lock.release()
