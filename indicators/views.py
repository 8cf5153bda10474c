"""The indicator page, built here from each capability's selectors: its figures, chart and
benchmarks, projection, the Board's actions and the scrutiny records naming it."""

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone

from core import pagecache, versions
from indicators.benchmarks.selectors import benchmarks_for_indicator
from outcomes.board.selectors import actions_for_indicator
from outcomes.board.services import actions_status_set, can_manage
from outcomes.dashboard.charts import (
    chart_legend,
    chart_series,
    chart_table,
    indicator_figure,
    range_limit,
)
from scrutiny.apps import VERSION_KEY as SCRUTINY
from scrutiny.selectors import links_for_indicator

from . import areas, provenance, selectors
from .forms import ChartRangeForm
from .models import Indicator, Period
from .returns.services import can_enter
from .status import STATUS_VERSION_KEY

# At most this long for what changes without a signal (a user's name as an indicator's
# owner); every write to the figures, framework or scrutiny records makes a new version.
PAGE_CACHE_SECONDS = 600


@login_required
def indicator_detail(request, code: str):
    """The indicator page. Below its header it is rendered once per version of the statuses,
    the framework (indicators, outcomes, strategies) and the scrutiny records, per chart range,
    day and kind of reader (a lead, the indicator's owner, anyone else: what links they see),
    and kept in the cache; the whole page, header included, is kept per reader as well
    (core.pagecache), so a repeat request renders nothing (issue 13)."""
    chart_range = ChartRangeForm(request.GET)
    today = timezone.localdate()
    parts = [code, chart_range.chosen(), today.isoformat()]
    parts += [versions.current(k) for k in (STATUS_VERSION_KEY, versions.FRAMEWORK, SCRUTINY)]

    def build():
        found = Indicator.objects.filter(code=code).values_list("owner_id", flat=True)[:1]
        if not found:
            raise Http404(f"No indicator with code {code}.")
        user = request.user
        reader = (
            "lead"
            if can_manage(user)
            else "owner"
            if can_enter(user, Indicator(owner_id=found[0]))
            else "reader"
        )
        key = versions.cache_key("indicator-page", [*parts, reader])
        page = cache.get(key)
        if page is None:
            page = _page(request, code=code, chart_range=chart_range, today=today)
            cache.set(key, page, timeout=PAGE_CACHE_SECONDS)
        # title is text, escaped when the page is rendered; breadcrumbs and content are
        # render_to_string's SafeStrings, which stay SafeStrings through the cache
        return "indicators/indicator_detail.html", {"page": page}

    return pagecache.serve(request, parts=parts, build=build, timeout=PAGE_CACHE_SECONDS)


def _page(request, *, code: str, chart_range: ChartRangeForm, today) -> dict:
    """The page's title, breadcrumbs and content, rendered."""
    try:
        indicator = selectors.indicator_detail(code=code)
    except Indicator.DoesNotExist as exc:
        raise Http404(f"No indicator with code {code}.") from exc
    recent = selectors.indicator_recent(indicator=indicator)
    series = chart_series(indicator=indicator, limit=range_limit(indicator, chart_range.chosen()))
    benchmarks = benchmarks_for_indicator(indicator)
    latest = selectors.latest_approved_end(indicator=indicator)
    # where each figure came from (real, demo, a return) and whether its target is inferred
    marks = provenance.marks_for(indicator=indicator, statuses=series)
    recent_marks = provenance.marks_for(
        indicator=indicator, statuses=[row["status"] for row in recent]
    )
    for row in recent:
        row["source"] = recent_marks.source(row["status"])
        row["target_record"] = recent_marks.target(row["status"])
    context = {
        "indicator": indicator,
        "recent": recent,
        "recent_is_synthetic": any(row["status"].is_synthetic for row in recent),
        "recent_all_synthetic": all(row["status"].is_synthetic for row in recent),
        # the chart, its figures as a table, and the benchmarks with Manchester's quartile
        "series": series,
        "benchmarks": benchmarks,
        "table": chart_table(series=series, benchmarks=benchmarks, marks=marks),
        "legend": chart_legend(series=series, benchmarks=benchmarks, marks=marks),
        "figure": indicator_figure(
            indicator=indicator, series=series, benchmarks=benchmarks, marks=marks
        )
        if series or benchmarks
        else None,
        "marks": marks,
        "recent_marks": recent_marks,
        "range_options": chart_range.options(),
        # "From the data so far": projected from the indicator's latest approved figure
        "forecast": selectors.forecasts_for(indicators=[indicator], as_of=latest or today).get(
            indicator.id
        ),
        "actions": actions_status_set(actions_for_indicator(indicator), today),
        "can_manage": can_manage(request.user),
        "links": links_for_indicator(indicator),
        "real_points": _real_points(indicator, chart_range.chosen()),
        **_areas_context(request, indicator, latest),
    }
    return {
        "title": indicator.name,
        "breadcrumbs": render_to_string("indicators/_indicator_crumbs.html", context, request),
        "content": render_to_string("indicators/_indicator_content.html", context, request),
    }


def _real_points(indicator, chosen_range: str) -> list[dict]:
    """Every real figure from a source document the indicator holds, whatever range the chart
    shows, so the Board always sees them (a handful of rows at most)."""
    from .models import IndicatorStatus

    held = list(
        IndicatorStatus.objects.filter(
            indicator=indicator,
            period__kind=indicator.period_kind,
            is_synthetic=False,
            value__isnull=False,
        )
        .select_related("period")
        .order_by("period__start")
    )
    marks = provenance.marks_for(indicator=indicator, statuses=held)
    return [
        {"status": s, "source": marks.source(s), "show_all": chosen_range != "all"}
        for s in held
        if marks.source(s) is not None and marks.source(s).is_real
    ]


def _areas_context(request, indicator, latest) -> dict:
    """The locality breakdown of an indicator reported by area, for its latest figure."""
    from indicators.returns.services import can_enter

    if not indicator.by_area or latest is None:
        return {}
    period = Period.objects.filter(kind=indicator.period_kind, end=latest).first()
    if period is None:
        return {}
    return {
        "area_period": period,
        "area_rows": areas.breakdown(indicators=[indicator], period=period)[indicator.id],
        "can_enter_areas": can_enter(request.user, indicator),
    }
