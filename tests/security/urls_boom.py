"""The project's URLs plus two views that fail, to see what the error handlers answer."""

from django.urls import path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny

from config.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


@api_view(["GET"])
@permission_classes([AllowAny])
def api_boom(request):
    raise RuntimeError("boom")


def page_boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("api/boom/", api_boom), path("boom/", page_boom), *urlpatterns]
