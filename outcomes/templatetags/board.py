from django import template

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


@register.filter
def figure(value, unit=""):
    """A stored figure (text or Decimal) with its unit: 86.2%, 17.7, 42 (indicators.figures)."""
    from indicators.figures import figure_text

    return figure_text(value, unit)


@register.simple_tag
def figure_vs(value, other, unit=""):
    """A figure shown apart from the one it is compared with (its target, or for a target its
    value): `{% figure_vs s.value s.target unit %}` gives "89.96%" against 90, never "90%"."""
    from indicators.figures import figure_text

    return figure_text(value, unit, against=other)


@register.simple_tag
def target_words(value, target, polarity):
    """ "above target (worse: lower is better)", "on target", or "" without both figures."""
    from indicators.figures import compare

    comparison = compare(value, target, polarity)
    return comparison.text if comparison else ""
