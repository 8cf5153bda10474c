"""Reads for the quarterly Board dashboard: a fixed number of queries whatever the data size."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field

from django.db.models import Prefetch

from indicators import periods as cal
from indicators.benchmarks import benchmark_json, latest_for
from indicators.forecast import Projection
from indicators.models import Indicator, IndicatorStatus, Period, Return
from indicators.selectors import forecasts_for
from strategies.models import PromiseTheme, Strategy

from .models import Plan, Priority, Theme
from .sparkline import sparkline_svg
from .summary import summarise

RAG_ORDER = ["green", "amber", "red", "no_data", "not_rated"]
TREND_LENGTH = 8


@dataclass(frozen=True)
class Filters:
    """The dashboard's filters, all in the URL so a view can be shared."""

    theme: str = ""
    plan: str = ""
    priority: str = ""
    strategy: str = ""
    promise_theme: str = ""
    key: bool = False

    @classmethod
    def from_query(cls, query) -> Filters:
        """Unknown codes are dropped (the page says which), never an error."""
        return cls(**{name: query.get(name, "").strip() for name in FILTER_NAMES},
                   key=query.get("key") in ("1", "true", "on"))

    def query(self) -> dict:
        out = {k: v for k, v in asdict(self).items() if v and k != "key"}
        if self.key:
            out["key"] = "1"
        return out


FILTER_NAMES = ("theme", "plan", "priority", "strategy", "promise_theme")


def filter_options() -> dict:
    """Choices for each filter: code -> label."""
    return {
        "theme": {t.code: t.name for t in Theme.objects.order_by("order")},
        "plan": {p.code: p.title for p in Plan.objects.all()},
        "priority": {p.code: p.text for p in Priority.objects.filter(
            kind=Priority.Kind.PASSIONATE_ABOUT).order_by("plan__start_year", "order")},
        "strategy": {s.code: s.name for s in Strategy.objects.filter(
            promise_themes__outcomes__indicators__isnull=False).distinct().order_by("name")},
        "promise_theme": {p.code: p.name for p in PromiseTheme.objects.filter(
            indicators__isnull=False).distinct().order_by("order")},
    }


def filters_clean(filters: Filters, options: dict) -> tuple[Filters, list[str]]:
    """Drop codes that are not options; say which were dropped."""
    dropped, kept = [], {}
    for name in FILTER_NAMES:
        value = getattr(filters, name)
        if value and value not in options[name]:
            dropped.append(f"No {name.replace('_', ' ')} with code {value}: filter ignored.")
            value = ""
        kept[name] = value
    return Filters(**kept, key=filters.key), dropped


@dataclass
class Tile:
    indicator: Indicator
    status: IndicatorStatus | None
    sparkline: str
    commentary: str
    forecast: Projection | None = None
    quarters_below: int = 0
    benchmarks: list = field(default_factory=list)


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


def dashboard(*, period: Period, filters: Filters = Filters()) -> dict:
    theme_code = filters.theme
    indicators = Indicator.objects.prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("order")))
    lookups = {"theme": "themes__code", "plan": "plan__code", "priority": "priorities__code",
               "strategy": "strategy_outcomes__promise_theme__strategy__code",
               "promise_theme": "promise_theme__code"}
    for name, lookup in lookups.items():
        if getattr(filters, name):
            indicators = indicators.filter(**{lookup: getattr(filters, name)})
    if filters.key:
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
    forecasts = forecasts_for(indicators=indicators, as_of=period.end)
    benchmarks = latest_for(indicator_ids=ids, as_of=period.end)
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
            forecast=forecasts.get(indicator.id), quarters_below=below,
            benchmarks=benchmarks.get(indicator.id, []),
        )
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


def _num(value) -> str | None:
    """Decimals travel as strings, so JSON never rounds a figure."""
    return None if value is None else f"{value.normalize():f}"


def forecast_json(projection: Projection | None) -> dict | None:
    if projection is None:
        return None
    return {"value": _num(projection.value), "target": _num(projection.target),
            "flag": projection.flag, "flag_label": projection.flag_label,
            "year": projection.year_label, "complete": projection.complete,
            "based_on": list(projection.used), "explanation": projection.explanation}


def tile_json(tile: Tile, *, with_sparkline: bool = False) -> dict:
    s, ind = tile.status, tile.indicator
    out = {
        "code": ind.code, "name": ind.name, "unit": ind.unit, "polarity": ind.polarity,
        "is_key": ind.is_key,
        "rag": s.rag if s else "no_data",
        "value": _num(s.value) if s else None, "target": _num(s.target) if s else None,
        "direction": s.direction if s else None,
        "is_synthetic": bool(s and s.is_synthetic),
        "quarters_below_target": tile.quarters_below,
        "commentary": tile.commentary,
        "forecast": forecast_json(tile.forecast),
        "benchmarks": [benchmark_json(b) for b in tile.benchmarks],
    }
    if with_sparkline:
        out["sparkline_svg"] = tile.sparkline
    return out


def dashboard_json(*, period: Period, filters: Filters, data: dict,
                   with_sparkline: bool = False) -> dict:
    """The dashboard as JSON: the API's answer and the frozen pack's first part."""
    return {
        "period": {"code": period.code, "label": period.label},
        "filters": filters.query(),
        "summary": data["summary"],
        "counts": {rag: data["overall"].get(rag, 0) for rag in RAG_ORDER},
        "is_synthetic": data["is_synthetic"],
        "themes": [{
            "code": b.theme.code, "name": b.theme.name, "summary": b.summary,
            "counts": {rag: b.counts.get(rag, 0) for rag in RAG_ORDER},
            "indicators": [tile_json(t, with_sparkline=with_sparkline) for t in b.tiles],
        } for b in data["blocks"]],
    }
