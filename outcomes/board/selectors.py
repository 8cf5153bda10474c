"""Reads for the Board."""

from outcomes.models import BoardAction


def actions_for_indicator(indicator):
    """The Board actions naming an indicator, with their sessions and dated updates."""
    return (
        BoardAction.objects.filter(indicators=indicator)
        .select_related("session")
        .prefetch_related("updates")
    )
