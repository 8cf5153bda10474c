from django import template

from indicators.templatetags import figures

register = template.Library()


@register.filter
def get_count(counter, key):
    """A count from a Counter or dict, 0 when absent."""
    return (counter or {}).get(key, 0)


@register.filter
def isodate(value):
    """A datetime or date from the ISO text a frozen pack stores."""
    from datetime import date, datetime

    if not value:
        return None
    try:
        return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


DIRECTIONS = {"improving": "Improving", "worsening": "Worsening", "no_change": "No change"}


@register.filter
def direction_label(value):
    return DIRECTIONS.get(value or "", "–")


# The number format lives in indicators' `figures` library; packs load it through `board`.
register.filter("figure", figures.figure)
register.simple_tag(figures.figure_vs, name="figure_vs")


@register.simple_tag
def target_words(value, target, polarity):
    """ "above target (worse: lower is better)", "on target", or "" without both figures."""
    from indicators.figures import compare

    comparison = compare(value, target, polarity)
    return comparison.text if comparison else ""
