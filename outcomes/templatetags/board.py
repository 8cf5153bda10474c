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
    """A stored figure (text or Decimal) with its unit: 86.2%, 17.7, 42."""
    from decimal import Decimal, InvalidOperation

    if value is None or value == "":
        return "–"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return value
    text = f"{number:.1f}".removesuffix(".0") if number != number.to_integral() else \
        f"{number.to_integral():f}"
    return text + ("%" if unit == "percent" else "")
