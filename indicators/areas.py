"""Reads for areas: the locality breakdown the indicator page and the dashboard show."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Area, AreaStatus, Indicator, IndicatorStatus, Period


@dataclass
class AreaFigure:
    area: Area
    status: AreaStatus | IndicatorStatus | None
    bar: int = 0  # the figure's length in the picture, 0-100 (of the largest shown)

    @property
    def is_city(self) -> bool:
        return self.area.kind == Area.Kind.CITY


def localities() -> list[Area]:
    return list(Area.objects.filter(kind=Area.Kind.LOCALITY).order_by("order", "name"))


def city() -> Area | None:
    return Area.objects.filter(kind=Area.Kind.CITY).first()


def breakdown(*, indicators, period: Period) -> dict[int, list[AreaFigure]]:
    """For each indicator reported by area: each locality's status for `period`, then the
    city's, with bar lengths for the picture; two queries whatever the number of indicators."""
    indicators = [i for i in indicators if i.by_area]
    if not indicators:
        return {}
    ids = [i.id for i in indicators]
    places = localities()
    the_city = city()
    local = {
        (s.indicator_id, s.area_id): s
        for s in AreaStatus.objects.filter(indicator_id__in=ids, period=period)
    }
    citywide = {
        s.indicator_id: s
        for s in IndicatorStatus.objects.filter(indicator_id__in=ids, period=period)
    }
    result: dict[int, list[AreaFigure]] = {}
    for indicator in indicators:
        rows = [AreaFigure(a, local.get((indicator.id, a.id))) for a in places]
        if the_city is not None:
            rows.append(AreaFigure(the_city, citywide.get(indicator.id)))
        _bars(indicator, rows)
        result[indicator.id] = rows
    return result


def _bars(indicator: Indicator, rows: list[AreaFigure]) -> None:
    """Bar lengths: a percentage against 100; a count against the largest locality's figure
    (the city's own bar is left out: it would dwarf the localities)."""
    values = [r.status.value for r in rows if r.status is not None and r.status.value is not None]
    if not values:
        return
    if indicator.unit == Indicator.Unit.PERCENT:
        scale = 100
    else:
        scale = max(
            (r.status.value for r in rows if not r.is_city and r.status and r.status.value),
            default=0,
        )
    if not scale:
        return
    for row in rows:
        if row.status is None or row.status.value is None or (row.is_city and scale != 100):
            continue
        row.bar = max(1, min(100, round(float(row.status.value) * 100 / float(scale))))
