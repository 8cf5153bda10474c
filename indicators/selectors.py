"""Reads for indicator pages and the API."""

from collections import defaultdict
from decimal import Decimal

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

    own = IndicatorStatus.objects.filter(
        indicator=indicator, period__kind=indicator.period_kind, period__end__gte=_start()
    )
    latest = (
        own.exclude(value=None)
        .order_by("-period__start")
        .values_list("period__start", flat=True)
        .first()
    )
    if latest is None:
        return []
    rows = list(
        own.filter(period__start__lte=latest)
        .select_related("period")
        .order_by("-period__start")[:limit]
    )
    comments = dict(
        Return.objects.city()
        .filter(
            indicator=indicator,
            status=Return.Status.APPROVED,
            period_id__in=[r.period_id for r in rows],
        )
        .values_list("period_id", "commentary")
    )
    return [{"status": r, "commentary": comments.get(r.period_id, "")} for r in rows]


def _start():
    """Recent figures start at the first year of demo or real data, not the calendar's."""
    from datetime import date

    return date(2016, 4, 1)


def latest_approved_end(*, indicator):
    """The end date of the indicator's latest approved figure, or None."""
    from .models import Return

    return (
        Return.objects.city()
        .filter(indicator=indicator, status=Return.Status.APPROVED)
        .order_by("-period__end")
        .values_list("period__end", flat=True)
        .first()
    )


def forecasts_for(*, indicators, as_of) -> dict:
    """Each indicator's year-end projection (indicators.forecast) from its approved figures up
    to `as_of`, by indicator id: two queries whatever the number of indicators."""
    from . import forecast
    from . import periods as cal
    from .status import load_data

    # A projection reads the latest forecast.RECENT periods of the indicator's own kind and
    # the year to date: indicators are read by kind from the earliest of those, so a monthly
    # indicator's returns go back a year or so, not RECENT years (one read per kind).
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for indicator in indicators:
        groups[(indicator.period_kind, indicator.year_basis)].append(indicator)
    out = {}
    for (kind, basis), group in sorted(groups.items()):
        current = cal.containing(as_of, kind)
        since = min(cal.shift(current, -forecast.RECENT).start, cal.year_of(current, basis).start)
        for data in load_data(group, ended_between=(since, as_of)):
            if (projection := forecast_from(data, as_of)) is not None:
                out[data.indicator.id] = projection
    return out


def year_label(year) -> str:
    """How a projection names its year: "2026/27" for a financial year, "academic year
    2025/26" for an academic one."""
    from . import periods as cal

    return f"academic year {year.short_label}" if year.kind == cal.ACAD_YEAR else year.short_label


def forecast_from(data, as_of):
    """The projection for one indicator's loaded data (status.IndicatorData)."""
    from . import forecast
    from . import periods as cal

    current = cal.containing(as_of, data.native)
    if current.end > as_of and data.native not in (cal.FIN_YEAR, cal.ACAD_YEAR):
        current = cal.previous(current)
    year = cal.year_of(current, data.basis)
    target, band = data.targets.get(year.code, (None, None))
    if target is None:
        return None
    later = [p for p in (cal.shift(current, n) for n in range(1, 13)) if p.end <= year.end]
    points = []
    for step in range(forecast.RECENT):
        period = cal.shift(current, -step)
        if period.end <= as_of and period.code in data.returns:
            points.append(forecast.Point(-step, data.returns[period.code][0], period.label))
    ytd = None
    if data.cumulative:
        ytd = sum(
            (
                data.returns[p.code][0]
                for p in cal.periods_in(year, data.native)
                if p.end <= as_of and p.code in data.returns
            ),
            Decimal(0),
        )
    return forecast.project(
        points=points[::-1],
        year_end_index=len(later),
        year_label=year_label(year),
        target=target,
        band=band,
        polarity=data.polarity,
        unit=data.indicator.unit,
        cumulative=data.cumulative,
        ytd=ytd,
    )
