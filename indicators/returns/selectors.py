"""Reads for the returns workflow."""

from django.conf import settings

from indicators import periods as cal


def due_date(period_end, working_days: int | None = None):
    """When a return falls due: RETURN_DUE_WORKING_DAYS working days after its period ends."""
    days = settings.RETURN_DUE_WORKING_DAYS if working_days is None else working_days
    return cal.add_working_days(period_end, days)
