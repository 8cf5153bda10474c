from django import template

from indicators.benchmarks import benchmarks_for_indicator
from outcomes.charts import chart_series, indicator_figure

register = template.Library()


@register.inclusion_tag("outcomes/_indicator_chart.html")
def indicator_chart(indicator):
    series = chart_series(indicator=indicator)
    benchmarks = benchmarks_for_indicator(indicator)
    figure = None
    if series or benchmarks:
        figure = indicator_figure(indicator=indicator, series=series, benchmarks=benchmarks)
    return {"indicator": indicator, "series": series, "benchmarks": benchmarks,
            "figure": figure}
