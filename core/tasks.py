"""Celery jobs of the core: sending what waits in the outbox."""

from celery import shared_task

from core import jobs


@shared_task(name="core.send_outbox", ignore_result=True)
def send_outbox() -> int:
    """Every minute (beat): send jobs that could not be sent when they were queued."""
    return jobs.outbox_flush()
