"""The app's urlconf plus /__floor__/: the saved bytes of a page (FLOOR_FILE, FLOOR_TYPE)
returned through the same middleware and the same signed-in session, so a load run can
compare a page with the cost of the stack alone (bench/load/dashboard_scale.sh)."""

import os

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns

with open(os.environ["FLOOR_FILE"], "rb") as saved:
    BODY = saved.read()


def floor(request):
    request.user.is_authenticated  # noqa: B018 - the session and user read, as a page does
    return HttpResponse(BODY, content_type=os.environ.get("FLOOR_TYPE", "text/html"))


urlpatterns = [path("__floor__/", floor), *app_urlpatterns]
