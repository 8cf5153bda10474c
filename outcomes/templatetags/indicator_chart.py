from django import template

from outcomes.charts import chart_series, indicator_figure

register = template.Library()


@register.inclusion_tag("outcomes/_indicator_chart.html")
def indicator_chart(indicator):
    series = chart_series(indicator=indicator)
    return {"indicator": indicator, "series": series,
            "figure": indicator_figure(indicator=indicator, series=series) if series else None}
