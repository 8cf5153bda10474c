"""Reads for the framework pages: each shapes its queries so counts do not grow with data."""

from django.db.models import Prefetch, QuerySet

from indicators.models import Indicator, Target

from .models import Plan, Priority, Theme


def plan_list() -> QuerySet[Plan]:
    indicators = Indicator.objects.only("id", "code", "name", "unit", "polarity", "plan_id")
    return Plan.objects.prefetch_related(
        Prefetch(
            "themes",
            queryset=Theme.objects.prefetch_related(
                Prefetch("priorities", queryset=Priority.objects.order_by("order")),
                Prefetch("indicators", queryset=indicators),
            ),
        ),
        Prefetch("priorities", queryset=Priority.objects.filter(theme__isnull=True)),
        Prefetch("indicators", queryset=indicators),
    )


def theme_detail(*, code: str) -> Theme:
    targets = Target.objects.select_related("period").order_by("period__start")
    return (
        Theme.objects.select_related("plan")
        .prefetch_related(
            Prefetch("priorities", queryset=Priority.objects.order_by("order")),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.select_related("promise_theme").prefetch_related(
                    Prefetch("targets", queryset=targets)
                ),
            ),
        )
        .get(code=code)
    )
