"""Celery tasks for scrutiny: thin wrappers over services."""

from datetime import date
from smtplib import SMTPException

from celery import shared_task

from . import services


@shared_task(
    name="scrutiny.tasks.chase_digests_send",
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=5,
)
def chase_digests_send(on: str | None = None) -> dict:
    """Daily: email each contact officer or lead one digest of what is overdue or due within
    7 days. `on` (YYYY-MM-DD) runs it as of another day. Safe to run twice the same day."""
    today = date.fromisoformat(on) if on else None
    result = services.chase_digests_send(today=today)
    return {
        "digests": result.digests,
        "items": result.items,
        "already_sent": result.already_sent,
        "without_account": result.without_account,
    }
