"""What django-axes answers a locked-out sign-in (AXES_LOCKOUT_CALLABLE): 429, JSON on /api/."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render

from .errors import is_api_request


def lockout_response(request, original_response=None, credentials=None):
    minutes = settings.LOGIN_LOCKOUT_MINUTES
    if is_api_request(request):
        response = JsonResponse(
            {"detail": f"Too many failed sign-in attempts. Try again in {minutes} minutes."},
            status=429,
        )
    else:
        response = render(
            request,
            "core/locked_out.html",
            {"lockout_minutes": minutes, "failure_limit": settings.LOGIN_FAILURE_LIMIT},
            status=429,
        )
    response["Retry-After"] = str(minutes * 60)
    return response
