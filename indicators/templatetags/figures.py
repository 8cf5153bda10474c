"""The one number format for pages, packs and exports: `{% load figures %}` then
`{{ value|figure:indicator.unit }}` gives 91.5%, 1,131, 17.7 per worker or 426 days
(indicators.figures); `{% figure_vs value target unit %}` shows a figure apart from the one it
is compared with (89.96% against 90%, never 90% against 90%)."""

from django import template

from indicators.figures import figure_text

register = template.Library()


@register.filter
def figure(value, unit=""):
    """A stored figure (text or Decimal) with its unit; "–" when there is none."""
    return figure_text(value, unit)


@register.simple_tag
def figure_vs(value, other, unit=""):
    """`{% figure_vs s.value s.target unit %}`: 89.96% against 90, never 90%."""
    return figure_text(value, unit, against=other)
