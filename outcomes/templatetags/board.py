from django import template

register = template.Library()


@register.filter
def get_count(counter, key):
    """A count from a Counter or dict, 0 when absent."""
    return (counter or {}).get(key, 0)
