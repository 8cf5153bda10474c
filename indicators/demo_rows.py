"""The rows the demo loads (indicators.demo for the city, indicators.area_demo for the
localities), built one way."""

from __future__ import annotations

from .models import Return


def approved_return(*, submitter, approver, at, **fields) -> Return:
    """An approved return as the demo loads it (unsaved, for bulk_create): entered by
    `submitter`, approved by `approver`, both at `at`."""
    return Return(
        status=Return.Status.APPROVED,
        submitted_by=submitter,
        submitted_at=at,
        approved_by=approver,
        approved_at=at,
        created_by=submitter,
        updated_by=approver,
        **fields,
    )
