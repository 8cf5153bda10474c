"""Celery jobs for the RAG engine: thin wrappers over indicators.status."""

from datetime import date

from celery import group, shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from core.jobs import TRANSIENT_ERRORS

from . import status


@shared_task(
    name="indicators.compute_rag",
    # The database or the broker briefly away: try again after 5, 10, 20... s (with jitter).
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=5,
)
def compute_rag(period_code: str, indicator_code: str | None = None) -> int:
    """Rate every indicator (or only `indicator_code`) for the period and what depends on it;
    safe to run twice. Jobs queued as compute_rag(period_code) still run: all indicators."""
    return status.status_compute_period(period_code=period_code, indicator_code=indicator_code)


@shared_task(
    name="indicators.recompute_open_periods",
    autoretry_for=(OperationalError,),
    retry_backoff=30,
    max_retries=3,
)
def recompute_open_periods() -> int:
    """Nightly: recompute every unlocked period of the last two years, in parts that the
    heavy queue's workers run side by side; returns how many parts were queued."""
    today = timezone.localdate()
    return recompute_in_parts(status.open_start(today), today)


@shared_task(
    name="indicators.recompute_all",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=5,
    max_retries=5,
)
def recompute_all() -> int:
    """The full recompute (every period since the first approved return), in parts; returns
    how many parts were queued. `manage.py compute_rag --all --queue` sends it."""
    return recompute_in_parts(status.recompute_start(), timezone.localdate())


@shared_task(
    name="indicators.recompute_part",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=5,
)
def recompute_part(first_id: int, last_id: int, start: str, end: str) -> int:
    """One part of a recompute: the statuses of indicators first_id..last_id for the periods
    starting from `start` to `end` (ISO dates); returns the rows written. Safe to run twice."""
    return status.statuses_recompute(
        start=date.fromisoformat(start), end=date.fromisoformat(end), part=(first_id, last_id)
    )


@shared_task(name="indicators.send_return_reminders")
def send_return_reminders() -> int:
    """Daily: email owners about returns due soon or overdue (never the same one twice)."""
    from indicators.returns.reminders import reminders_send

    return reminders_send()


def recompute_in_parts(start: date, end: date, parts: int | None = None) -> int:
    """Queue a recompute from `start` to `end` as `parts` (default RAG_RECOMPUTE_PARTS) tasks
    on the heavy queue, one per range of indicators (status.recompute_ranges): with two
    heavy workers the parts run two at a time (docs/scaling.md). Returns how many were
    queued; eager Celery (make run) runs them one after another, in-process."""
    return len(send_recompute_parts(start, end, parts).results)


def send_recompute_parts(start: date, end: date, parts: int | None = None):
    """recompute_in_parts, returning the parts' GroupResult (which `make bench` waits on)."""
    ranges = status.recompute_ranges(parts or settings.RAG_RECOMPUTE_PARTS)
    return group(
        recompute_part.s(first, last, start.isoformat(), end.isoformat()) for first, last in ranges
    ).apply_async()
