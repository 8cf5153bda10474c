from django import template

from core.sources import source_text

register = template.Library()


@register.filter
def source_title(source):
    """`{{ x.source|source_title }}`: the seed document's title, not its file name."""
    return source_text(source)
