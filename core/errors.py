"""Error pages: JSON ({"detail": ...}) for requests under /api/, the HTML pages elsewhere.

config/urls.py names these as handler400/403/404/500. DRF answers its own exceptions in
JSON already; these cover what reaches Django's handlers: an /api/ address no route matches,
and an exception a view did not handle (a 500).
"""

from django.http import JsonResponse
from django.views import defaults

API_PREFIX = "/api/"


def is_api_request(request) -> bool:
    return request is not None and request.path.startswith(API_PREFIX)


def bad_request(request, exception=None):
    if is_api_request(request):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if is_api_request(request):
        return JsonResponse(
            {"detail": "You do not have permission to perform this action."}, status=403
        )
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    if is_api_request(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api_request(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    return defaults.server_error(request)
