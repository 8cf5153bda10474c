"""Template side of indicators.rag_style: every page, pack and print view shows a rating the
same way (`{% load rag %}`)."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from indicators.rag_style import STYLES, rag_label, rag_style

register = template.Library()


@register.simple_tag(name="rag_style")
def rag_style_tag(rag):
    """`{% rag_style status.rag as s %}`: s.label, s.symbol, s.colour, s.css."""
    return rag_style(rag)


@register.simple_tag
def rag_print_css():
    """The RAG tag colours for the print and PDF pack, from the same table as the charts."""
    rules = format_html_join(
        " ", ".app-rag--{} {{ color: {}; }}", ((s.css, s.colour) for s in STYLES.values())
    )
    # Built from constants by format_html_join: nothing a user typed reaches it.
    return mark_safe(rules)  # noqa: S308  # nosec B308 B703


@register.filter(name="rag_label")
def rag_label_filter(rag) -> str:
    """`{{ status.rag|rag_label }}`: "Green", "No data", ..."""
    return rag_label(rag)
