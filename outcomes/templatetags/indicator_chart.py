from django import template

from indicators.benchmarks.selectors import benchmarks_for_indicator
from outcomes.dashboard.charts import chart_series, chart_table, indicator_figure

register = template.Library()


@register.inclusion_tag("outcomes/_indicator_chart.html")
def indicator_chart(indicator):
    """The chart, its figures as a table (values and each comparator's benchmark by date) and
    the indicator's benchmarks with Manchester's quartile."""
    series = chart_series(indicator=indicator)
    benchmarks = benchmarks_for_indicator(indicator)
    figure = None
    if series or benchmarks:
        figure = indicator_figure(indicator=indicator, series=series, benchmarks=benchmarks)
    return {
        "indicator": indicator,
        "series": series,
        "benchmarks": benchmarks,
        "table": chart_table(series=series, benchmarks=benchmarks),
        "figure": figure,
    }
