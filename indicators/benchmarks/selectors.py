"""Reads of benchmarks: per indicator, per dashboard quarter, and as JSON for charts and packs."""

from __future__ import annotations

from indicators.models import Benchmark, Indicator

QUARTILE_LABELS = dict(Benchmark._meta.get_field("quartile").choices)
COMPARATOR_ORDER = {c: n for n, c in enumerate(Benchmark.Comparator.values)}


def quartile_label(quartile: int | None) -> str:
    """ "Top quartile", "Second quartile", "Third quartile", "Bottom quartile", or ""."""
    return QUARTILE_LABELS.get(quartile, "")


def benchmarks_for_indicator(indicator: Indicator) -> list[Benchmark]:
    """The indicator's benchmarks, oldest period first, in comparator order within a period."""
    rows = indicator.benchmarks.select_related("period").order_by("period__start")
    return sorted(rows, key=lambda b: (b.period.start, COMPARATOR_ORDER[b.comparator]))


def benchmarks_for(*, indicator_ids, period_codes) -> dict[tuple[int, str], dict[str, Benchmark]]:
    """{(indicator id, period code): {comparator: Benchmark}} for every pair that has one,
    each inner dict in comparator order (England, North West, statistical neighbours, GM).

    Exactly one query (none when either list is empty), whatever the number of indicators.
    """
    indicator_ids, period_codes = list(indicator_ids), list(period_codes)
    if not indicator_ids or not period_codes:
        return {}
    rows = Benchmark.objects.filter(
        indicator_id__in=indicator_ids, period__code__in=period_codes
    ).select_related("indicator", "period")
    out: dict[tuple[int, str], dict[str, Benchmark]] = {}
    for row in sorted(rows, key=lambda b: COMPARATOR_ORDER[b.comparator]):
        out.setdefault((row.indicator_id, row.period.code), {})[row.comparator] = row
    return out


def latest_for(*, indicator_ids, as_of) -> dict[int, list[Benchmark]]:
    """For each indicator, each comparator's latest value for a period ended by `as_of`,
    in comparator order: one query."""
    order = COMPARATOR_ORDER
    latest: dict[tuple[int, str], Benchmark] = {}
    for row in (
        Benchmark.objects.filter(indicator_id__in=list(indicator_ids), period__end__lte=as_of)
        .select_related("period")
        .order_by("period__end")
    ):
        latest[(row.indicator_id, row.comparator)] = row
    out: dict[int, list[Benchmark]] = {}
    for (ind_id, _), row in sorted(latest.items(), key=lambda kv: order[kv[0][1]]):
        out.setdefault(ind_id, []).append(row)
    return out


def benchmark_json(row: Benchmark) -> dict:
    return {
        "comparator": row.comparator,
        "comparator_label": row.get_comparator_display(),
        "period": row.period.code,
        "period_label": row.period.label,
        "value": f"{row.value.normalize():f}",
        "quartile": row.quartile,
        "quartile_label": quartile_label(row.quartile),
        "source": row.source,
    }
