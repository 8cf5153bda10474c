"""Celery jobs for the Board: building a frozen pack."""

from celery import shared_task

from .packs import pack_build


@shared_task(name="outcomes.build_pack")
def build_pack(pack_id: int) -> int:
    """Snapshot, PDF, publish; progress is written to the pack as it goes."""
    return pack_build(pack_id).pk
