"""Reads for indicator pages and the API."""

from django.db.models import Prefetch, QuerySet

from .models import Indicator, Target


def indicator_list() -> QuerySet[Indicator]:
    return Indicator.objects.select_related("plan", "promise_theme", "owner").prefetch_related(
        "themes",
        "priorities",
        "strategy_outcomes",
        Prefetch("targets", queryset=Target.objects.select_related("period")),
    )


def indicator_detail(*, code: str) -> Indicator:
    return indicator_list().get(code=code)


def indicator_recent(*, indicator, limit: int = 8) -> list[dict]:
    """Up to `limit` statuses of the indicator's own periods, ending with its latest figure,
    with the approved commentary."""
    from .models import IndicatorStatus, Return

    own = IndicatorStatus.objects.filter(indicator=indicator, period__kind=indicator.period_kind,
                                         period__end__gte=_start())
    latest = own.exclude(value=None).order_by("-period__start").values_list(
        "period__start", flat=True).first()
    if latest is None:
        return []
    rows = list(own.filter(period__start__lte=latest).select_related("period")
                .order_by("-period__start")[:limit])
    comments = dict(
        Return.objects.filter(indicator=indicator, status=Return.Status.APPROVED,
                              period_id__in=[r.period_id for r in rows])
        .values_list("period_id", "commentary")
    )
    return [{"status": r, "commentary": comments.get(r.period_id, "")} for r in rows]


def _start():
    """Recent figures start at the first year of demo or real data, not the calendar's."""
    from datetime import date

    return date(2016, 4, 1)


def due_date(period_end, working_days: int | None = None):
    """When a return falls due: RETURN_DUE_WORKING_DAYS working days after its period ends."""
    from django.conf import settings

    from . import periods as cal

    days = settings.RETURN_DUE_WORKING_DAYS if working_days is None else working_days
    return cal.add_working_days(period_end, days)
