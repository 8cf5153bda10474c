"""OpenAPI types drf-spectacular cannot infer, so the schema builds without warnings
(`manage.py check --deploy` runs it and must report nothing)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field


def annotate_filters() -> None:
    """scrutiny's strict yes/no filter (?overdue=, ?open=) is a boolean, not a string.

    Equivalent to decorating the class with @extend_schema_field(OpenApiTypes.BOOL); kept here
    while the apps' files are being moved (it belongs in scrutiny/filters.py). If the class
    moves, the import fails quietly and tests/security/test_deploy_check.py reports the warning.
    """
    try:
        from scrutiny.filters import StrictBooleanFilter
    except ImportError:
        return
    extend_schema_field(OpenApiTypes.BOOL)(StrictBooleanFilter)
