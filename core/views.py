from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse

from .roles import BOARD_MEMBER, OFFICER, PERFORMANCE_LEAD, SCRUTINY_OFFICER, has_role

# Where each role lands after signing in, first match wins; url names not routed are skipped.
_LANDING = [
    (SCRUTINY_OFFICER, "scrutiny:home"),
    (PERFORMANCE_LEAD, "indicators:approval_queue"),
    (OFFICER, "indicators:my_returns"),
    (BOARD_MEMBER, "dashboard"),
]


@login_required
def home(request):
    for role, name in _LANDING:
        if has_role(request.user, role) and not request.user.is_superuser:
            try:
                return redirect(reverse(name))
            except NoReverseMatch:
                continue
    return redirect("outcomes:framework")


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
