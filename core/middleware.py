"""Middleware shared by every page."""

from django.conf import settings
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from .roles import ROLES, has_role

NO_ACCESS_TEMPLATE = "core/no_access.html"


class RoleRequiredMiddleware:
    """A signed-in user holding no role sees only the "No access yet" page (403).

    Every address answers it except signing out, static files and the health checks, and
    /api/token/ (a token of a user with no role is refused by every endpoint). Under /api/
    the answer is JSON. Staff (not superusers) may use the admin, which checks its own
    model permissions; that is where roles are given. Anonymous users pass through to the
    views, which send them to sign in. Superusers hold every role (core.roles.has_role).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not has_role(user, *ROLES)
            and not self._exempt(request, user)
        ):
            return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _exempt(request, user) -> bool:
        path = request.path
        open_paths = [reverse("logout"), reverse("api-token"), *settings.PATHS_OPEN_WITHOUT_ROLE]
        if path in open_paths or path.startswith(settings.STATIC_URL):
            return True
        return user.is_staff and path.startswith(reverse("admin:index"))

    @staticmethod
    def _refuse(request):
        if request.path.startswith("/api/") and not request.path.startswith(reverse("swagger-ui")):
            return JsonResponse(
                {"detail": "You need a Children's Board Outcomes role to use this."}, status=403
            )
        response = TemplateResponse(request, NO_ACCESS_TEMPLATE, status=403)
        return response.render()
