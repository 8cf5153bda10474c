"""Celery jobs for the RAG engine: thin wrappers over indicators.status."""

from celery import shared_task
from django.db import OperationalError

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
    """Nightly: recompute every unlocked period of the last two years."""
    return status.statuses_recompute_open()


@shared_task(name="indicators.send_return_reminders")
def send_return_reminders() -> int:
    """Daily: email owners about returns due soon or overdue (never the same one twice)."""
    from indicators.returns.reminders import reminders_send

    return reminders_send()
