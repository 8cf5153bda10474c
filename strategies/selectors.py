from django.db.models import Prefetch, QuerySet

from indicators.models import Indicator

from .models import PromiseTheme, Strategy, StrategyOutcome


def strategy_list() -> QuerySet[Strategy]:
    return Strategy.objects.select_related("plan").prefetch_related("promise_themes")


def strategy_detail(*, code: str) -> Strategy:
    indicators = Indicator.objects.only("id", "code", "name", "promise_theme_id")
    outcomes = StrategyOutcome.objects.prefetch_related(Prefetch("indicators", queryset=indicators))
    return (
        Strategy.objects.select_related("plan")
        .prefetch_related(
            Prefetch(
                "promise_themes",
                queryset=PromiseTheme.objects.prefetch_related(
                    Prefetch("outcomes", queryset=outcomes),
                    Prefetch("indicators", queryset=indicators),
                ),
            )
        )
        .get(code=code)
    )
