"""Reads for the Board."""

from outcomes.models import BoardAction


def actions_for_indicator(indicator):
    """The Board actions naming an indicator, with their sessions and dated updates."""
    return (
        BoardAction.objects.filter(indicators=indicator)
        .select_related("session")
        .prefetch_related("updates")
    )


def commitments():
    """Dated commitments taken from documents (Board actions with no session), soonest first."""
    return (
        BoardAction.objects.filter(session__isnull=True)
        .prefetch_related("indicators", "updates")
        .order_by("due_date", "id")
    )
