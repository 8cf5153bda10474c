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


# The API's error answers (DRF's exceptions and core.api.service_call): {"detail": "..."} for a
# refusal, a missing record, a stale edit or a throttle; {"field": [...]} for bad input.
_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
_VALIDATION = {
    "type": "object",
    "description": 'Bad input: each field named with its messages (`{"field": ["..."]}`); '
    "`non_field_errors` or `detail` when the message names no field.",
    "additionalProperties": {},
}
_ERRORS = {
    "400": ("Bad input.", "ValidationError"),
    "401": ("No valid credentials (a missing, wrong or expired token).", "ErrorDetail"),
    "403": ("Signed in, but the role does not allow this.", "ErrorDetail"),
    "404": ("No such record.", "ErrorDetail"),
}
_WRITE_ERRORS = {
    "409": ("The record changed since it was read (a stale version).", "ErrorDetail"),
    "429": ("Too many writes: try again after Retry-After seconds.", "ErrorDetail"),
}
_WRITE_METHODS = {"post", "put", "patch", "delete"}


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: document the standard JSON error answers on every
    operation once, here, rather than on each view. A view's own entry for a code wins."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ErrorDetail", _DETAIL)
    schemas.setdefault("ValidationError", _VALIDATION)
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            errors = dict(_ERRORS)
            if method in _WRITE_METHODS:
                errors.update(_WRITE_ERRORS)
            own_400 = operation["responses"].get("400", {}).get("content", {})
            for media in own_400.values():
                # A view's own 400 body (an import's row report) or the usual field errors.
                if "schema" in media:
                    media["schema"] = {"anyOf": [media["schema"], _ref("ValidationError")]}
            for code, (description, component) in errors.items():
                operation["responses"].setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": _ref(component)}},
                    },
                )
    return result


def _ref(component: str) -> dict:
    return {"$ref": f"#/components/schemas/{component}"}
