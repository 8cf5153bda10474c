"""Reads for the quarterly Board dashboard: a fixed number of queries whatever the data size."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.utils import timezone

from indicators import periods as cal
from indicators.areas import breakdown as area_breakdown
from indicators.benchmarks.selectors import benchmark_json, latest_for
from indicators.figures import compare, figure_text
from indicators.forecast import Projection
from indicators.models import Indicator, IndicatorStatus, Period, Return
from indicators.rag import RANK
from indicators.rag_style import RAG_ORDER
from indicators.selectors import forecasts_for
from indicators.status import approved_city_start
from outcomes.dashboard.sparkline import benchmark_strip_svg, sparkline_svg
from outcomes.dashboard.summary import progress_sentence, summarise
from outcomes.models import BoardPack, Plan, Priority, Theme
from strategies.models import PromiseTheme, Strategy

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
        return cls(
            **{name: query.get(name, "").strip() for name in FILTER_NAMES},
            key=query.get("key") in ("1", "true", "on"),
        )

    def query(self) -> dict:
        out = {k: v for k, v in asdict(self).items() if v and k != "key"}
        if self.key:
            out["key"] = "1"
        return out


FILTER_NAMES = ("theme", "plan", "priority", "strategy", "promise_theme")


def filter_options() -> dict:
    """Choices for each filter: code -> label (cached like the dashboard: CACHE_SECONDS)."""
    key = _cache_key("options")
    options = cache.get(key)
    if options is None:
        options = _filter_options()
        cache.set(key, options, timeout=CACHE_SECONDS)
    return options


def _filter_options() -> dict:
    return {
        "theme": {t.code: t.name for t in Theme.objects.order_by("order")},
        "plan": {p.code: p.title for p in Plan.objects.all()},
        "priority": {
            p.code: p.text
            for p in Priority.objects.filter(kind=Priority.Kind.PASSIONATE_ABOUT).order_by(
                "plan__start_year", "order"
            )
        },
        "strategy": {
            s.code: s.name
            for s in Strategy.objects.filter(promise_themes__outcomes__indicators__isnull=False)
            .distinct()
            .order_by("name")
        },
        "promise_theme": {
            p.code: p.name
            for p in PromiseTheme.objects.filter(indicators__isnull=False)
            .distinct()
            .order_by("order")
        },
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
    # Consecutive quarters up to this one rated Red or Amber (worse than target); `at_least`
    # when every quarter of the trend was, so the run may be longer.
    quarters_worse: int = 0
    at_least: bool = False
    benchmarks: list = field(default_factory=list)

    @property
    def value_text(self) -> str:
        s = self.status
        return figure_text(s and s.value, self.indicator.unit, against=s and s.target)

    @property
    def target_text(self) -> str:
        s = self.status
        return figure_text(s and s.target, self.indicator.unit, against=s and s.value)

    @property
    def benchmark_picture(self) -> str:
        """Manchester against each comparator as a small dot plot, with the same in words."""
        s, unit = self.status, self.indicator.unit
        if not (s and s.value is not None and self.benchmarks):
            return ""
        words = "; ".join(
            f"{b.get_comparator_display()} {figure_text(b.value, unit)} ({b.period.label})"
            for b in self.benchmarks
        )
        return benchmark_strip_svg(
            s.value, self.benchmarks, label=f"Manchester {self.value_text}; {words}"
        )

    @property
    def comparison(self):
        """Above/below target by the numbers, better/worse by polarity (or None)."""
        s = self.status
        return compare(s.value, s.target, self.indicator.polarity) if s else None


@dataclass
class ThemeBlock:
    theme: Theme
    tiles: list[Tile] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    summary: str = ""


def quarters_with_data() -> list[Period]:
    """Quarters holding an approved figure, newest first (not later quarters that only carry
    a year-to-date forward); cached per status version, as the dashboard is."""
    key = _cache_key("quarters")
    quarters = cache.get(key)
    if quarters is None:
        quarters = _quarters_with_data()
        cache.set(key, quarters, timeout=CACHE_SECONDS)
    return quarters


def _quarters_with_data() -> list[Period]:
    # Periods probed one by one (EXISTS, by the period's index): a few hundred periods, not
    # every return or status (docs/performance.md, plans).
    latest = approved_city_start(latest=True)
    if latest is None:
        return []
    rated = IndicatorStatus.objects.filter(period=OuterRef("pk"), value__isnull=False)
    return list(
        Period.objects.filter(kind=cal.FIN_QUARTER, start__lte=latest)
        .filter(Exists(rated))
        .order_by("-start")
    )


def in_progress(period, today=None) -> bool:
    """A quarter that has not ended (its end date is today or later) is in progress."""
    return period.end >= (today or timezone.localdate())


def default_quarter(quarters: list[Period], today=None) -> Period | None:
    """The latest ENDED quarter holding an approved figure; only when none has ended, the
    quarter in progress."""
    return next(
        (q for q in quarters if not in_progress(q, today)), quarters[0] if quarters else None
    )


def chosen_quarter(code: str = "", today=None) -> tuple[list[Period], Period | None, str]:
    """The quarters to choose from, the one asked for by code (or the default) and the code
    looked for: what the page and the API both show."""
    quarters = quarters_with_data()
    if not code:
        default = default_quarter(quarters, today)
        return quarters, default, default.code if default else ""
    return quarters, next((q for q in quarters if q.code == code), None), code


def _expects_return(indicator: Indicator, quarter: cal.Period) -> bool:
    """Whether one of the indicator's own periods ends within the quarter (every month and
    quarter does; a year only in the quarter it ends)."""
    own = cal.containing(quarter.start, indicator.period_kind)
    while own.start <= quarter.end:
        if quarter.start <= own.end <= quarter.end:
            return True
        own = cal.shift(own, 1)
    return False


def latest_commentary(*, indicator_ids, as_of) -> dict[int, str]:
    """Each indicator's commentary on its latest approved city figure ending by `as_of`, in one
    query that reads only those rows: DISTINCT ON on PostgreSQL, a correlated subquery picking
    the same row elsewhere (latest period end; of two ending together, the later entered)."""
    approved = Return.objects.city().filter(
        indicator_id__in=indicator_ids, status=Return.Status.APPROVED, period__end__lte=as_of
    )
    if connection.vendor == "postgresql":
        # the sort carries ids only; the commentary is read for the chosen rows
        newest = approved.order_by("indicator_id", "-period__end", "-id").distinct("indicator_id")
        latest = Return.objects.filter(id__in=Subquery(newest.values("id")))
    else:
        newest = approved.filter(indicator_id=OuterRef("indicator_id")).order_by(
            "-period__end", "-id"
        )
        latest = approved.filter(id=Subquery(newest.values("id")[:1]))
    return dict(latest.values_list("indicator_id", "commentary"))


# How long a computed dashboard is kept at most. A status change (compute_rag, recomputes)
# invalidates it at once (indicators.status.status_version); this bounds what does not go
# through the RAG engine: a benchmark import, an indicator's name or themes edited.
CACHE_SECONDS = 600


def _cache_key(kind: str, *parts) -> str:
    from indicators.status import status_version

    raw = ":".join(str(p) for p in parts)
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"dashboard:{kind}:{status_version()}:{digest}"


def dashboard(
    *, period: Period, filters: Filters = Filters(), today=None, cached: bool = True
) -> dict:
    """The dashboard's figures for the quarter and filters. Computed once per status version
    (every change to a stored status, city or area, makes a new one) and kept in the Django
    cache (Redis in production, in-process locally); `cached=False` reads afresh (packs).
    What changed since the latest published pack is worked out on every call."""
    today = today or timezone.localdate()
    key = _cache_key("data", period.code, sorted(asdict(filters).items()), today)
    data = cache.get(key) if cached else None
    if data is None:
        data = _dashboard(period=period, filters=filters, today=today)
        cache.set(key, data, timeout=CACHE_SECONDS)
    data = dict(data)
    data["changes"] = changes_since_pack(period=period, tiles=data["tiles"])
    return data


def page_cache_key(*, period: Period, filters: Filters, today, rows: str, page: int) -> str:
    """The key the dashboard page's rendered body is kept under: the figures' version, the
    framework's (core/versions.py: a Board pack published, an indicator renamed), the quarter,
    filters, day, and the table's rows and page."""
    from core import versions

    return _cache_key(
        "page",
        versions.current(versions.FRAMEWORK),
        period.code,
        sorted(asdict(filters).items()),
        today,
        rows,
        page,
    )


def api_cache_key(*, period: Period, filters: Filters, today=None) -> str:
    """/api/dashboard/'s answer's key: the figures' version, quarter, filters and day."""
    today = today or timezone.localdate()
    return _cache_key("json", period.code, sorted(asdict(filters).items()), today)


def dashboard_api(*, period: Period, filters: Filters, today=None) -> dict:
    """/api/dashboard/'s answer: dashboard_json of the same (cached) figures, itself cached
    under the same status version, so a repeat request only serialises it."""
    today = today or timezone.localdate()
    key = api_cache_key(period=period, filters=filters, today=today)
    out = cache.get(key)
    if out is None:
        data = dashboard(period=period, filters=filters, today=today)
        out = dashboard_json(period=period, filters=filters, data=data)
        cache.set(key, out, timeout=CACHE_SECONDS)
    return out


def _dashboard(*, period: Period, filters: Filters, today) -> dict:
    theme_code = filters.theme
    indicators = Indicator.objects.prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("order"))
    )
    lookups = {
        "theme": "themes__code",
        "plan": "plan__code",
        "priority": "priorities__code",
        "strategy": "strategy_outcomes__promise_theme__strategy__code",
        "promise_theme": "promise_theme__code",
    }
    for name, lookup in lookups.items():
        if getattr(filters, name):
            indicators = indicators.filter(**{lookup: getattr(filters, name)})
    if filters.key:
        indicators = indicators.filter(is_key=True)
    indicators = list(indicators.distinct())
    ids = [i.id for i in indicators]
    quarter = period.calendar
    trend_codes = [cal.shift(quarter, -n).code for n in range(TREND_LENGTH - 1, -1, -1)]
    # The quarter's statuses as rows (the tiles show them); the trend's as (value, rag) only:
    # eight quarters of every indicator, read without building a model object for each.
    current_status = {
        row.indicator_id: row
        for row in IndicatorStatus.objects.filter(indicator_id__in=ids, period=period)
        .select_related("period")
        .order_by()  # no sort by indicator code: a join and a sort, unused
    }
    trend: dict[int, dict[str, tuple]] = defaultdict(dict)
    for ind_id, code, value, rag in (
        IndicatorStatus.objects.filter(indicator_id__in=ids, period__code__in=trend_codes)
        .order_by()
        .values_list("indicator_id", "period__code", "value", "rag")
    ):
        trend[ind_id][code] = (value, rag)
    expected = {i.id for i in indicators if _expects_return(i, quarter)}
    arrived = set(
        Return.objects.city()
        .filter(
            indicator_id__in=expected,
            status=Return.Status.APPROVED,
            period__end__gte=period.start,
            period__end__lte=period.end,
        )
        .order_by()  # DISTINCT over the ids alone, not the default ordering's columns
        .values_list("indicator_id", flat=True)
        .distinct()
    )
    progress = {
        "in_progress": in_progress(period, today),
        "returns_in": len(arrived),
        "returns_expected": len(expected),
    }
    progress["text"] = (
        progress_sentence(
            period_label=quarter.short_label,
            returns_in=progress["returns_in"],
            returns_expected=progress["returns_expected"],
        )
        if progress["in_progress"]
        else ""
    )
    commentary = latest_commentary(indicator_ids=ids, as_of=period.end)
    forecasts = forecasts_for(indicators=indicators, as_of=period.end)
    benchmarks = latest_for(indicator_ids=ids, as_of=period.end)
    blocks: dict[str, ThemeBlock] = {}
    overall: Counter = Counter()
    for indicator in indicators:
        current = current_status.get(indicator.id)
        values = [trend[indicator.id].get(code, (None, None))[0] for code in trend_codes]
        worse = 0
        for code in reversed(trend_codes):
            if trend[indicator.id].get(code, (None, None))[1] not in ("red", "amber"):
                break
            worse += 1
        tile = Tile(
            indicator=indicator,
            status=current,
            sparkline=sparkline_svg(
                values,
                label=f"{indicator.name}, last {TREND_LENGTH} quarters: "
                + ", ".join(figure_text(v, indicator.unit) for v in values),
            ),
            commentary=(commentary.get(indicator.id) or "").split("\n")[0][:200],
            forecast=forecasts.get(indicator.id),
            quarters_worse=worse,
            at_least=worse == len(trend_codes),
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
        block.summary = summarise(
            scope=block.theme.name,
            period_label=label,
            counts=block.counts,
            reds=_reds(block.tiles),
            progress=progress["text"],
        )
    all_tiles = list({t.indicator.id: t for b in ordered for t in b.tiles}.values())
    by_area = area_breakdown(indicators=[t.indicator for t in all_tiles], period=period)
    return {
        "localities": [
            (t.indicator, by_area[t.indicator.id]) for t in all_tiles if t.indicator.id in by_area
        ],
        "overall": overall,
        "blocks": ordered,
        "tiles": all_tiles,
        "exceptions": exceptions(all_tiles),
        "rag_order": RAG_ORDER,
        "progress": progress,
        "summary": summarise(
            scope="",
            period_label=label,
            counts=overall,
            reds=_reds(all_tiles),
            progress=progress["text"],
        ),
        "is_synthetic": any(t.status and t.status.is_synthetic for b in ordered for t in b.tiles),
    }


def exceptions(tiles) -> list[Tile]:
    """What the Board looks at first: every Red, and everything worse than target (Red or
    Amber) for two quarters running, each once; Red first, then the longest run."""
    found = [
        t
        for t in tiles
        if t.status
        and t.status.value is not None
        and (t.status.rag == "red" or t.quarters_worse >= 2)
    ]
    found.sort(key=lambda t: (t.status.rag != "red", -t.quarters_worse, t.indicator.name))
    return found


def changes_since_pack(*, period: Period, tiles) -> dict | None:
    """Figures and ratings that moved since the latest published Board pack for this quarter
    or an earlier one: what the pack showed against what the dashboard shows now."""
    pack = (
        BoardPack.objects.filter(
            state=BoardPack.State.PUBLISHED, session__period__end__lte=period.end
        )
        .select_related("session", "session__period")
        .order_by("-session__period__end", "-as_at")
        .first()
    )
    if pack is None:
        return None
    before = {
        tile["code"]: tile
        for theme in pack.snapshot.get("dashboard", {}).get("themes", [])
        for tile in theme.get("indicators", [])
    }
    changes = []
    for tile in tiles:
        old = before.get(tile.indicator.code)
        if old is None:
            continue
        rag = tile.status.rag if tile.status else "no_data"
        value = _num(tile.status.value) if tile.status else None
        if old.get("rag") != rag or old.get("value") != value:
            changes.append(
                {
                    "tile": tile,
                    "rag_before": old.get("rag") or "no_data",
                    "rag_after": rag,
                    "value_before": figure_text(old.get("value"), tile.indicator.unit),
                    "value_after": tile.value_text,
                    "worse": RANK.get(rag, -1) < RANK.get(old.get("rag"), -1),
                }
            )
    changes.sort(key=lambda c: (not c["worse"], c["tile"].indicator.name))
    return {"pack": pack, "period_label": pack.session.period.label, "changes": changes}


def _reds(tiles) -> list[dict]:
    """Red indicators with a figure in the period, longest run worse than target first."""
    reds = [
        t
        for t in tiles
        if t.status
        and t.status.rag == "red"
        and t.status.value is not None
        and t.status.target is not None
    ]
    reds.sort(key=lambda t: (-t.quarters_worse, t.indicator.code))
    return [
        {
            "name": t.indicator.name,
            "value": t.status.value,
            "target": t.status.target,
            "unit": t.indicator.unit,
            "polarity": t.indicator.polarity,
            "cumulative": t.indicator.is_cumulative,
            "quarters_worse": t.quarters_worse,
            "at_least": t.at_least,
        }
        for t in reds
    ]


def _num(value) -> str | None:
    """Decimals travel as strings, so JSON never rounds a figure."""
    return None if value is None else f"{value.normalize():f}"


def forecast_json(projection: Projection | None) -> dict | None:
    """The projection with the year target it is rated against: `text` is what the tile
    shows ("Projected 59.7 against 60 for 2026/27")."""
    if projection is None:
        return None
    return {
        "value": _num(projection.value),
        "target": _num(projection.target),
        "year_label": projection.year_label,
        "text": projection.text,
        "flag": projection.flag,
        "flag_label": projection.flag_label,
        "year": projection.year_label,
        "complete": projection.complete,
        "based_on": list(projection.used),
        "explanation": projection.explanation,
    }


def tile_json(tile: Tile, *, with_sparkline: bool = False) -> dict:
    s, ind = tile.status, tile.indicator
    comparison = tile.comparison
    projection = forecast_json(tile.forecast)
    out = {
        "code": ind.code,
        "name": ind.name,
        "unit": ind.unit,
        "polarity": ind.polarity,
        "is_key": ind.is_key,
        "rag": s.rag if s else "no_data",
        "value": _num(s.value) if s else None,
        "target": _num(s.target) if s else None,
        # As shown: the precision rule of indicators.figures, and the words for the numbers.
        "value_text": tile.value_text,
        "target_text": tile.target_text,
        "comparison": None
        if comparison is None
        else {
            "position": comparison.position,
            "verdict": comparison.verdict,
            "text": comparison.text,
        },
        "direction": s.direction if s else None,
        "is_synthetic": bool(s and s.is_synthetic),
        "quarters_worse_than_target": tile.quarters_worse,
        # Deprecated name of the same count (Red and Amber quarters running).
        "quarters_below_target": tile.quarters_worse,
        "commentary": tile.commentary,
        "projection": projection,
        "forecast": projection,  # the name packs published before projection was added use
        "benchmarks": [benchmark_json(b) for b in tile.benchmarks],
    }
    if with_sparkline:
        out["sparkline_svg"] = tile.sparkline
    return out


def dashboard_json(
    *, period: Period, filters: Filters, data: dict, with_sparkline: bool = False
) -> dict:
    """The dashboard as JSON: the API's answer and the frozen pack's first part."""
    progress = data["progress"]
    return {
        "period": {"code": period.code, "label": period.label},
        "in_progress": progress["in_progress"],
        "returns_in": progress["returns_in"],
        "returns_expected": progress["returns_expected"],
        "progress": progress["text"],
        "filters": filters.query(),
        "summary": data["summary"],
        # every Red, and everything worse than target for two quarters running (codes)
        "exceptions": [t.indicator.code for t in data.get("exceptions", [])],
        "counts": {rag: data["overall"].get(rag, 0) for rag in RAG_ORDER},
        "is_synthetic": data["is_synthetic"],
        "themes": [
            {
                "code": b.theme.code,
                "name": b.theme.name,
                "summary": b.summary,
                "counts": {rag: b.counts.get(rag, 0) for rag in RAG_ORDER},
                "indicators": [tile_json(t, with_sparkline=with_sparkline) for t in b.tiles],
            }
            for b in data["blocks"]
        ],
        # indicators reported by area: each locality's figure and RAG, then the city's
        "localities": [
            {
                "code": indicator.code,
                "areas": [
                    {
                        "area": row.area.code,
                        "name": row.area.name,
                        "value": _num(row.status.value) if row.status else None,
                        "rag": row.status.rag if row.status else "no_data",
                    }
                    for row in rows
                ],
            }
            for indicator, rows in data.get("localities", [])
        ],
    }
