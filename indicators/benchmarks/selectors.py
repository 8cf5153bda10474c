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
