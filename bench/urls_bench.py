"""The bench's own urlconf: the app's, plus floor views that return saved bytes (never the
app's: bench/scale_bench.py sets ROOT_URLCONF to this module in its own process only)."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns

FLOOR: dict[str, tuple[bytes, str]] = {}


def floor(request, index: int):
    body, content_type = list(FLOOR.values())[index]
    return HttpResponse(body, content_type=content_type)


urlpatterns = [path("__floor__/<int:index>/", floor), *app_urlpatterns]
