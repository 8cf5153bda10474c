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
