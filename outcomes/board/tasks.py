"""Celery jobs for the Board: building a frozen pack, and failing packs whose job stopped."""

from celery import shared_task
from django.db import DatabaseError
from django.db.models import Q
from django.utils import timezone

from core.jobs import TRANSIENT_ERRORS
from outcomes.models import BoardPack, pack_stale_q

from .packs import pack_build

RETRY_BACKOFF = 5  # seconds, doubled each time: 5, 10, 20, 40, 80
RETRY_BACKOFF_MAX = 300
MAX_RETRIES = 5


def _claim(pack_id: int) -> bool:
    """Take the pack for this run: queued, or running with a stale heartbeat (its worker
    died). False when it is published, failed, or being built right now by another run."""
    free = Q(state=BoardPack.State.QUEUED) | (Q(state=BoardPack.State.RUNNING) & pack_stale_q())
    return bool(
        BoardPack.objects.filter(free, pk=pack_id).update(
            state=BoardPack.State.RUNNING, heartbeat_at=timezone.now(), step="Starting"
        )
    )


@shared_task(bind=True, name="outcomes.build_pack", acks_late=True, max_retries=MAX_RETRIES)
def build_pack(self, pack_id: int) -> int | None:
    """Snapshot, PDF, publish; progress (and a heartbeat) is written to the pack as it goes.

    Safe to run twice: a run builds only a pack it could claim (queued, or running with a
    stale heartbeat), so a published, failed or live pack is left alone. On a passing fault
    (database or broker away) the pack goes back to queued and the task retries with backoff;
    after MAX_RETRIES the pack stays failed with the reason.
    """
    if not _claim(pack_id):
        return None
    try:
        return pack_build(pack_id).pk
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            raise
        try:
            BoardPack.objects.filter(pk=pack_id).exclude(state=BoardPack.State.PUBLISHED).update(
                state=BoardPack.State.QUEUED,
                error="",
                step="Waiting to try again after a passing fault",
                heartbeat_at=timezone.now(),
            )
        except DatabaseError:
            pass  # still away: the pack keeps its state; a stale one is failed by the sweep
        countdown = min(RETRY_BACKOFF * 2**self.request.retries, RETRY_BACKOFF_MAX)
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task(name="outcomes.fail_stale_packs", ignore_result=True)
def fail_stale_packs() -> int:
    """Every few minutes (beat): packs whose job stopped are marked failed (publish again)."""
    return BoardPack.objects.fail_stale()
