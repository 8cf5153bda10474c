from django import template

from scrutiny import selectors

register = template.Library()


@register.inclusion_tag("scrutiny/_links.html")
def scrutiny_links_for(indicator):
    """Scrutiny recommendations and actions linked to an indicator (or one of its themes)."""
    if indicator is None or not getattr(indicator, "pk", None):
        return {"links": selectors.IndicatorLinks(recommendations=[], actions=[])}
    return {"links": selectors.links_for_indicator(indicator)}
