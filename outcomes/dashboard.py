"""Reads for the quarterly Board dashboard: a fixed number of queries whatever the data size."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from indicators import periods as cal
from indicators.models import Indicator, IndicatorStatus, Period, Return

from .models import Theme
from .sparkline import sparkline_svg
from .summary import summarise

RAG_ORDER = ["green", "amber", "red", "no_data", "not_rated"]
TREND_LENGTH = 8


@dataclass
class Tile:
    indicator: Indicator
    status: IndicatorStatus | None
    sparkline: str
    commentary: str


@dataclass
class ThemeBlock:
    theme: Theme
    tiles: list[Tile] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    summary: str = ""


def quarters_with_data() -> list[Period]:
    """Quarters holding an approved figure, newest first (not later quarters that only carry
    a year-to-date forward)."""
    latest = Return.objects.filter(status=Return.Status.APPROVED).order_by(
        "-period__start").values_list("period__start", flat=True).first()
    if latest is None:
        return []
    return list(Period.objects.filter(
        kind=cal.FIN_QUARTER, start__lte=latest, statuses__value__isnull=False
    ).distinct().order_by("-start"))


def dashboard(*, period: Period, theme_code: str | None = None, key_only: bool = False) -> dict:
    indicators = Indicator.objects.prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("order")))
    if theme_code:
        indicators = indicators.filter(themes__code=theme_code)
    if key_only:
        indicators = indicators.filter(is_key=True)
    indicators = list(indicators.distinct())
    ids = [i.id for i in indicators]
    quarter = period.calendar
    trend_codes = [cal.shift(quarter, -n).code for n in range(TREND_LENGTH - 1, -1, -1)]
    trend: dict[int, dict[str, IndicatorStatus]] = defaultdict(dict)
    for row in IndicatorStatus.objects.filter(indicator_id__in=ids, period__code__in=trend_codes) \
            .select_related("period"):
        trend[row.indicator_id][row.period.code] = row
    commentary: dict[int, str] = {}
    for ind_id, text in Return.objects.filter(
        indicator_id__in=ids, status=Return.Status.APPROVED, period__end__lte=period.end
    ).order_by("indicator_id", "-period__end").values_list("indicator_id", "commentary"):
        commentary.setdefault(ind_id, text)
    blocks: dict[str, ThemeBlock] = {}
    overall: Counter = Counter()
    for indicator in indicators:
        current = trend[indicator.id].get(period.code)
        values = [getattr(trend[indicator.id].get(code), "value", None) for code in trend_codes]
        below = 0
        for code in reversed(trend_codes):
            if getattr(trend[indicator.id].get(code), "rag", None) != "red":
                break
            below += 1
        tile = Tile(
            indicator=indicator, status=current,
            sparkline=sparkline_svg(values, label=f"Trend of {indicator.name} over the last "
                                    f"{TREND_LENGTH} quarters"),
            commentary=(commentary.get(indicator.id) or "").split("\n")[0][:200],
        )
        tile.quarters_below = below
        rag = current.rag if current else "no_data"
        overall[rag] += 1
        for theme in indicator.themes.all():
            if theme_code and theme.code != theme_code:
                continue
            block = blocks.setdefault(theme.code, ThemeBlock(theme=theme))
            block.tiles.append(tile)
            block.counts[rag] += 1
    ordered = sorted(blocks.values(), key=lambda b: b.theme.order)
    label = quarter.label
    for block in ordered:
        block.summary = summarise(scope=block.theme.name, period_label=label,
                                  counts=block.counts, reds=_reds(block.tiles))
    all_tiles = {t.indicator.id: t for b in ordered for t in b.tiles}.values()
    return {"overall": overall, "blocks": ordered, "rag_order": RAG_ORDER,
            "summary": summarise(scope="", period_label=label, counts=overall,
                                 reds=_reds(all_tiles)).replace("  ", " "),
            "is_synthetic": any(t.status and t.status.is_synthetic for b in ordered
                                for t in b.tiles)}


def _reds(tiles) -> list[dict]:
    reds = [t for t in tiles if t.status and t.status.rag == "red"]
    reds.sort(key=lambda t: (-t.quarters_below, t.indicator.code))
    return [{"name": t.indicator.name, "value": t.status.value, "target": t.status.target,
             "unit": t.indicator.unit, "quarters_below": t.quarters_below} for t in reds]
